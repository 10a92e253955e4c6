// Env teardown (teardown.cc).
#ifndef EVICTKIT_NATIVE_TEARDOWN_H_
#define EVICTKIT_NATIVE_TEARDOWN_H_

#include "notifier.h"

namespace evictkit {

// Frees the addon once teardown started, the cleanup ran and nothing is pending any more.
void MaybeFinishTeardown(Addon* a);
// The async cleanup hook: close everything, wait for in-flight registrations and handle closes.
void OnAsyncCleanup(napi_async_cleanup_hook_handle handle, void* arg);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_TEARDOWN_H_
