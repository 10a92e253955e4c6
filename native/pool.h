// The registration threads (pool.cc).
#ifndef EVICTKIT_NATIVE_POOL_H_
#define EVICTKIT_NATIVE_POOL_H_

#include "notifier.h"

#include <memory>
#include <string>

namespace evictkit {

// Registration thread: record a failed syscall (errno) in w's result.
void Fail(Watch* w, const char* syscall, std::string path);
// JS thread: join the threads that exited after idling.
void ReapThreads(PoolState* st);
// JS thread: close a PSI trigger fd on a pool thread (synchronously if none can start).
void CloseSlowFd(Addon* a, int* fd);
// JS thread: queue a registration; start a thread when none is idle. Returns 0 or an errno.
int Submit(Addon* a, Watch* w);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_POOL_H_
