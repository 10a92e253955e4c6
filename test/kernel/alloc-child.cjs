// Test helper: a child that allocates and touches memory on command, so the test can move it
// into a cgroup first. stdin lines: "alloc <MiB>", "alloc-until <MiB> <usage file> <bytes>",
// "free", "exit". Replies one line each. alloc-until reads the usage file after every MiB and
// replies "crossed <hrtime ns>" with the first time usage >= bytes (same clock as
// process.hrtime.bigint() in the test), or "never".
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
    } else if (cmd === 'alloc-until') {
      const [, mibText, file, bytesText] = line.split(' ');
      const limit = BigInt(bytesText);
      const fs = require('node:fs');
      const fd = fs.openSync(file, 'r');
      const buf = Buffer.alloc(64);
      let crossed;
      for (let m = 0; m < Number(mibText); m++) {
        const b = Buffer.allocUnsafeSlow(1 << 20);
        b.fill(m & 0xff);
        chunks.push(b);
        if (crossed === undefined) {
          const n = fs.readSync(fd, buf, 0, 64, 0);
          if (BigInt(buf.toString('utf8', 0, n).trim()) >= limit) crossed = process.hrtime.bigint();
        }
      }
      fs.closeSync(fd);
      process.stdout.write(crossed === undefined ? 'never\n' : `crossed ${crossed}\n`);
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
