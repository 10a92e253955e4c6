#!/bin/sh
# AddressSanitizer run of the native addon's tests.
#  1. Build the addon with -fsanitize=address (binding.gyp variable evictkit_asan=1) in a scratch copy,
#     so build/Release stays the normal build.
#  2. Run the addon and notifier kernel tests with libasan preloaded into Node and
#     EVICTKIT_NATIVE_ADDON pointing at the ASan build (leak detection on).
# Usage: scripts/asan.sh [vitest files...]   (default: the native, notifier kernel and batched-read tests)
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/evictkit-asan-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT INT TERM
NODEDIR="${npm_config_nodedir:-$(node -p "require('path').resolve(process.execPath, '..', '..')")}"
LIBASAN="$(${CXX:-c++} -print-file-name=libasan.so)"
if [ ! -e "$LIBASAN" ]; then
  echo "asan: libasan.so not found (install libasan for your compiler)" >&2
  exit 2
fi
mkdir -p "$WORK/native"
cp "$ROOT/binding.gyp" "$WORK/"
cp "$ROOT"/native/*.cc "$ROOT"/native/*.h "$WORK/native/"
ln -s "$ROOT/node_modules" "$WORK/node_modules"
(cd "$WORK" && GYP_DEFINES="evictkit_asan=1" node "$ROOT/node_modules/node-gyp/bin/node-gyp.js" rebuild --nodedir="$NODEDIR" >"$WORK/build.log" 2>&1) || {
  cat "$WORK/build.log" >&2
  exit 1
}
ADDON="$WORK/build/Release/evictkit_notifier.node"
nm -D "$ADDON" | grep -q __asan_init || { echo "asan: the build is not instrumented" >&2; exit 1; }
if [ "$#" -eq 0 ]; then
  set -- test/platform/notifier/native-addon.kernel.test.ts \
    test/platform/notifier/notifier.kernel.test.ts \
    test/platform/notifier/many-watches.kernel.test.ts \
    test/platform/notifier/psi.kernel.test.ts \
    test/platform/notifier/exit.kernel.test.ts \
    test/platform/linux/read-batch.test.ts \
    test/platform/linux/read-batch.kernel.test.ts
fi
cd "$ROOT"
# Prove that the instrumented addon is the one the tests load.
EVICTKIT_NATIVE_ADDON="$ADDON" LD_PRELOAD="$LIBASAN" ASAN_OPTIONS=detect_leaks=0 \
  node --import tsx -e "
    const { loadNotifierAddon } = await import('./src/platform/linux/native/loader.ts');
    if (loadNotifierAddon().isErr()) { console.error('asan: the ASan addon did not load'); process.exit(1); }
    const maps = (await import('node:fs')).readFileSync('/proc/self/maps', 'utf8');
    if (!maps.includes(process.env.EVICTKIT_NATIVE_ADDON)) { console.error('asan: wrong addon loaded'); process.exit(1); }
    console.log('asan: tests load', process.env.EVICTKIT_NATIVE_ADDON);
  "
# Worker threads, not forked workers: forked workers are killed at the end, so LeakSanitizer
# would never run in them. With threads, every test file's env is torn down inside this one
# process (exercising the addon's async cleanup hook), and LeakSanitizer checks it all at exit.
EVICTKIT_NATIVE_ADDON="$ADDON" \
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1:exitcode=86}" \
LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/scripts/asan.supp:print_suppressions=0}" \
LD_PRELOAD="$LIBASAN" \
  node "$ROOT/node_modules/vitest/vitest.mjs" run --pool=threads --no-file-parallelism "$@"
echo "asan: clean (no AddressSanitizer or LeakSanitizer report above means no error in the addon)"
