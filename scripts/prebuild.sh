#!/bin/sh
# Build the N-API prebuilds shipped inside the npm tarball (run by `prepack`; prebuilds/ is build
# output, gitignored, never committed). One binary per platform serves every Node >= 20 (N-API 8),
# loaded by node-gyp-build:
#   prebuilds/linux-x64/evictkit.glibc.node     built with the host's g++
#   prebuilds/linux-arm64/evictkit.glibc.node   cross-built with aarch64-linux-gnu-g++
#                                               (Debian: apt-get install g++-aarch64-linux-gnu)
# Not built: linux-*-musl. Debian ships no C++ toolchain for musl (musl-tools is a C-only gcc
# wrapper, with no libstdc++ built against musl), so on Alpine the install script builds from
# source (apk add g++ make python3).
#
# Each target builds in a scratch copy of the sources, so build/Release (the development build)
# is never replaced by a cross-built binary. A target whose compiler is missing is skipped with a
# note; EVICTKIT_PREBUILD_REQUIRE="x64 arm64" turns that into an error (for releases).
# node-gyp gets the local headers (npm_config_nodedir), so the builds work offline.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${npm_config_nodedir:-}" ]; then
  npm_config_nodedir="$(node -p "require('path').resolve(process.execPath, '..', '..')")"
fi
export npm_config_nodedir
REQUIRE="${EVICTKIT_PREBUILD_REQUIRE:-}"
HOST_ARCH="$(node -p process.arch)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/evictkit-prebuild-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT INT TERM
rm -rf "$ROOT/prebuilds"

required() {
  for r in $REQUIRE; do [ "$r" = "$1" ] && return 0; done
  return 1
}

# build <arch> <compiler prefix, empty for the host's>
build() {
  arch="$1"
  prefix="$2"
  if ! command -v "${prefix}g++" >/dev/null 2>&1; then
    if required "$arch"; then
      echo "prebuild: linux-$arch: ${prefix}g++ not found" >&2
      exit 1
    fi
    echo "prebuild: linux-$arch skipped (${prefix}g++ not found)"
    return 0
  fi
  src="$WORK/$arch"
  mkdir -p "$src/native"
  cp "$ROOT/package.json" "$ROOT/binding.gyp" "$src/"
  cp "$ROOT"/native/*.cc "$ROOT"/native/*.h "$src/native/"
  ln -s "$ROOT/node_modules" "$src/node_modules"
  log="$WORK/$arch.log"
  if ! (cd "$src" && CC="${prefix}gcc" CXX="${prefix}g++" \
    "$ROOT/node_modules/.bin/prebuildify" --napi --tag-libc --strip \
    --strip-bin="${prefix}strip" --arch="$arch" --out="$ROOT" >"$log" 2>&1); then
    cat "$log" >&2
    echo "prebuild: linux-$arch failed" >&2
    exit 1
  fi
  echo "prebuild: linux-$arch: $(cd "$ROOT" && ls prebuilds/linux-"$arch"/*.node)"
}

if [ "$(uname -s)" != Linux ]; then
  echo "prebuild: not on Linux; no prebuilds (the addon is Linux-only)"
  exit 0
fi
case "$HOST_ARCH" in
  x64)
    build x64 ""
    build arm64 aarch64-linux-gnu-
    ;;
  arm64)
    build arm64 ""
    build x64 x86_64-linux-gnu-
    ;;
  *)
    build "$HOST_ARCH" ""
    ;;
esac
