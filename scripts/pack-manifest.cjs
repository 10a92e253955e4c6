#!/usr/bin/env node
// The package.json that goes into the tarball is the repository's, minus what only the
// repository needs. `prepack` runs `strip`, `postpack` runs `restore`:
//  - scripts: only "install" ships (it builds the native addon when no prebuild fits). "prepare"
//    in particular must not ship: it is what makes `npm ci` and git installs of this repository
//    build dist/, and a consumer's package manager would run it again (and without this
//    package's devDependencies it would fail).
//  - allowScripts: the repository's own install-script approvals, meaningless to a consumer.
// The untouched file is kept next to it while packing; a leftover copy from an interrupted pack
// is put back first, so the repository's package.json is never lost.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const manifest = path.join(root, 'package.json');
const backup = path.join(root, '.package.json.prepack');

/** The published form of a package.json object (pure; tested). */
function publishedManifest(pkg) {
  const out = { ...pkg };
  const install = pkg.scripts?.install;
  if (install === undefined) delete out.scripts;
  else out.scripts = { install };
  delete out.allowScripts;
  return out;
}

function restore() {
  if (!fs.existsSync(backup)) return false;
  fs.renameSync(backup, manifest);
  return true;
}

function strip() {
  restore();
  const text = fs.readFileSync(manifest, 'utf8');
  fs.writeFileSync(backup, text);
  const published = publishedManifest(JSON.parse(text));
  fs.writeFileSync(manifest, `${JSON.stringify(published, null, 2)}\n`);
}

module.exports = { publishedManifest };

if (require.main === module) {
  const mode = process.argv[2];
  if (mode === 'strip') strip();
  else if (mode === 'restore') restore();
  else {
    console.error('usage: pack-manifest.cjs strip|restore');
    process.exit(2);
  }
}
