import type { Command } from './command';

export const explainCommand: Command = {
  name: 'explain',
  usage: 'Usage: evictkit explain\n',
  run(_args, io) {
    io.stderr('error: not yet implemented\n');
    return 1;
  },
};
