#!/usr/bin/env node
// npm "install" step for evictkit's native notifier (also `npm run build:native -- --force`).
//
// 1. If a prebuilt (prebuilds/) or an earlier build (build/Release) loads, done.
// 2. Otherwise build from source with node-gyp, against the local Node headers when they match
//    this Node (so no header download is needed; npm's `nodedir` setting wins when set).
// 3. If that fails (no compiler, no python, not Linux), say so once and exit 0: the install
//    succeeds and evictkit uses its polling notifier.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const force = process.argv.includes('--force');

function notice(message) {
  console.warn(
    `evictkit: ${message}; the polling notifier will be used instead of the native one.`,
  );
}

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

if (process.platform !== 'linux') {
  // Nothing to build: the addon is Linux-only and binding.gyp builds nothing elsewhere.
  process.exit(0);
}
if (!force && loads()) process.exit(0);

const bin = nodeGypBin();
if (bin === undefined) {
  notice('node-gyp was not found, so the native notifier was not built');
  process.exit(0);
}
const args = [bin, 'rebuild'];
const nodedir = process.env.npm_config_nodedir || localHeaders();
if (nodedir) args.push(`--nodedir=${nodedir}`);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (r.status === 0 && loads()) process.exit(0);
notice(
  `the native notifier could not be built (node-gyp ${r.error ? r.error.message : `exit ${r.status}`}; ` +
    'it needs python3, make and a C++17 compiler); retry with `npm rebuild evictkit`',
);
process.exit(0);
