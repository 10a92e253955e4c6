#!/usr/bin/env node
// npm "install" step for evictkit's native notifier (also `npm run build:native`, which passes
// --force).
//
// 1. If a prebuilt binary (prebuilds/<platform>-<arch>/, matched by node-gyp-build on libc and
//    N-API version) or an earlier build (build/Release) loads, done, silently.
// 2. Otherwise build from source with node-gyp, against the local Node headers when they match
//    this Node (so no header download is needed; npm's `nodedir` setting wins when set). Its
//    output goes to build/native-build.log; the terminal gets one line.
// 3. If that fails (no compiler, no python, not Linux), say so in one line, with what to run
//    and where the log is, and exit 0: the install succeeds and evictkit uses its polling
//    notifier.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const force = process.argv.includes('--force');
const logFile = path.join(root, 'build', 'native-build.log');

function loads() {
  try {
    const addon = require('node-gyp-build')(root);
    return addon !== null && typeof addon === 'object' && typeof addon.watchPsi === 'function';
  } catch {
    return false;
  }
}

/** <prefix>/include/node of this Node, when its version matches. */
function localHeaders() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  try {
    const h = fs.readFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
    const v = ['MAJOR', 'MINOR', 'PATCH'].map(
      (k) => new RegExp(`#define NODE_${k}_VERSION (\\d+)`).exec(h)?.[1],
    );
    return `v${v.join('.')}` === process.version ? prefix : undefined;
  } catch {
    return undefined;
  }
}

function nodeGypBin() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] });
  } catch {
    return process.env.npm_config_node_gyp; // npm's bundled node-gyp
  }
}

/** The command that installs the build tools on this system. */
function toolsHint() {
  if (fs.existsSync('/etc/alpine-release')) return 'apk add g++ make python3';
  if (fs.existsSync('/etc/debian_version')) return 'apt-get install g++ make python3';
  if (fs.existsSync('/etc/redhat-release')) return 'dnf install gcc-c++ make python3';
  return 'install g++ (C++17), make and python3';
}

/** What went wrong, in a few words, from node-gyp's output. */
function cause(log, status, error) {
  if (error) return error.message;
  if (/Could not find any Python|find Python/i.test(log)) return 'python3 is missing';
  if (/\bmake: (not found|No such file)|not found: make|spawn make ENOENT/i.test(log)) {
    return 'make is missing';
  }
  if (/\b(g\+\+|c\+\+|cc|gcc)\b[^\n]*(not found|No such file)/i.test(log)) {
    return 'no C++ compiler';
  }
  return `node-gyp exited with ${status}`;
}

/**
 * The npm command that runs evictkit's install script again. npm versions with an install-script
 * policy (`allowScripts` in package.json; they export `npm_config_allow_scripts` to scripts)
 * need evictkit approved first, or a future `npm rebuild` may skip it.
 */
function rebuildHint() {
  return 'npm_config_allow_scripts' in process.env
    ? 'npm install-scripts approve evictkit && npm rebuild evictkit'
    : 'npm rebuild evictkit';
}

/** Keep the log for the user: build/ if it can be written, the temp directory otherwise. */
function saveLog(text) {
  for (const file of [
    logFile,
    path.join(os.tmpdir(), `evictkit-native-build-${process.pid}.log`),
  ]) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    } catch {
      // try the next place
    }
  }
  return undefined;
}

function notBuilt(reason, log) {
  const saved = log === undefined ? undefined : saveLog(log);
  console.warn(
    `evictkit: native notifier not built (${reason}); the polling notifier will be used. ` +
      `To build it: ${toolsHint()} && ${rebuildHint()}` +
      (saved === undefined ? '' : ` (full log: ${saved})`),
  );
  process.exit(0);
}

if (process.platform !== 'linux') {
  // Nothing to build: the addon is Linux-only and binding.gyp builds nothing elsewhere.
  process.exit(0);
}
if (!force && loads()) process.exit(0);

const bin = nodeGypBin();
if (bin === undefined) notBuilt('node-gyp was not found', undefined);

const args = [bin, 'rebuild'];
const nodedir = process.env.npm_config_nodedir || localHeaders();
if (nodedir) args.push(`--nodedir=${nodedir}`);
// stdout and stderr into one file, in the order node-gyp wrote them (build/ is wiped by the
// rebuild, so the file lives in the temp directory until it is saved).
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evictkit-native-'));
const out = fs.openSync(path.join(scratch, 'build.log'), 'w');
const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', out, out] });
fs.closeSync(out);
const log = `$ ${[process.execPath, ...args].join(' ')}\n${fs.readFileSync(path.join(scratch, 'build.log'), 'utf8')}`;
fs.rmSync(scratch, { recursive: true, force: true });
if (r.status === 0 && loads()) {
  saveLog(log);
  console.log('evictkit: native notifier built from source (build/Release/evictkit_notifier.node)');
  process.exit(0);
}
notBuilt(r.status === 0 ? 'it was built but does not load' : cause(log, r.status, r.error), log);
