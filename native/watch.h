// A watch's life on the JS thread (watch.cc).
#ifndef EVICTKIT_NATIVE_WATCH_H_
#define EVICTKIT_NATIVE_WATCH_H_

#include "notifier.h"

#include <string>

namespace evictkit {

void ReleaseFds(Watch* w);
// Release a watch's fds from the JS thread; a PSI trigger fd goes to the pool.
void ReleaseWatchFds(Addon* a, Watch* w);
// Forget a watch that is not active (registration failed, cancelled, or torn down).
void Forget(Addon* a, Watch* w);
// Stop an active watch and release everything it holds. Does not call JS.
void Deactivate(Addon* a, Watch* w);
// The active watch with this id, or nullptr.
Watch* Lookup(Addon* a, uint64_t id);
// The file a watch reads, for error details.
std::string WatchedPath(const Watch* w);
// A watch ends by itself (cgroup removed, read error): release it, then report once.
void Finish(Addon* a, Watch* w, int error, const char* syscall, std::string path);
// Deliver an event with the watched file's fresh content.
void Emit(Addon* a, Watch* w, uint64_t count, const std::string& content, uint64_t wakeNs);
// uv_async_t callback: deliver finished registrations (ready or error) to JS.
void OnRegistered(uv_async_t* handle);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_WATCH_H_
