// The shared epoll fd ("core") and its libuv integration (core.cc).
#ifndef EVICTKIT_NATIVE_CORE_H_
#define EVICTKIT_NATIVE_CORE_H_

#include "notifier.h"

namespace evictkit {

// JS thread: the addon's core, created on first use. nullptr with *error and *syscall set.
Core* EnsureCore(Addon* a, int* error, const char** syscall);
// JS thread: close the core's uv_poll_t; its fds close in the close callback.
void DestroyCore(Addon* a, Core* c);
// JS thread: put an active memcg or kernfs watch on the core. Returns 0 or an errno.
int AttachToCore(Addon* a, Watch* w, const char** syscall);
// JS thread: drop a watch's share of the core (after a failed AttachToCore too).
void DetachFromCore(Addon* a, Watch* w);
// JS thread: take an active watch off the core epoll, then DetachFromCore.
void LeaveCore(Addon* a, Watch* w);
// JS thread: re-validate and deliver one readiness report of a watch on the core.
void DispatchCoreEvent(Addon* a, uint32_t id, uint64_t wakeNs);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_CORE_H_
