import type { Command } from './command';

export const watchCommand: Command = {
  name: 'watch',
  usage: 'Usage: evictkit watch\n',
  run(_args, io) {
    io.stderr('error: not yet implemented\n');
    return 1;
  },
};
