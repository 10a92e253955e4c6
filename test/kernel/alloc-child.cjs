// Test helper: a child that allocates and touches memory on command, so the test can move it
// into a cgroup first. stdin lines: "alloc <MiB>", "free", "exit". Replies one line each.
// Exits by itself when stdin closes.
'use strict';
const chunks = [];
let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (data) => {
  buffered += data;
  for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
    const line = buffered.slice(0, i).trim();
    buffered = buffered.slice(i + 1);
    const [cmd, arg] = line.split(' ');
    if (cmd === 'alloc') {
      const mib = Number(arg);
      for (let m = 0; m < mib; m++) {
        const b = Buffer.allocUnsafeSlow(1 << 20);
        b.fill(m & 0xff); // touch every page
        chunks.push(b);
      }
      process.stdout.write(`allocated ${mib}\n`);
    } else if (cmd === 'free') {
      chunks.length = 0;
      if (typeof global.gc === 'function') global.gc();
      process.stdout.write('freed\n');
    } else if (cmd === 'exit') {
      process.exit(0);
    }
  }
});
process.stdin.on('end', () => process.exit(0));
process.stdout.write('ready\n');
