#!/bin/sh
# Build the N-API prebuild shipped inside the npm tarball:
#   prebuilds/linux-<arch>/evictkit.glibc.node   (one binary for every Node >= 20; N-API 8)
# prebuilds/ is gitignored: binaries are built by CI/release, never committed.
# node-gyp gets the local headers (npm_config_nodedir) so the build works offline.
set -eu
cd "$(dirname "$0")/.."
if [ -z "${npm_config_nodedir:-}" ]; then
  npm_config_nodedir="$(node -p "require('path').resolve(process.execPath, '..', '..')")"
fi
export npm_config_nodedir
exec npx --no-install prebuildify --napi --strip --tag-libc "$@"
