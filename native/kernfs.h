// cgroup v2 *.events files: kernfs change notification and removal detection (kernfs.cc).
#ifndef EVICTKIT_NATIVE_KERNFS_H_
#define EVICTKIT_NATIVE_KERNFS_H_

#include "notifier.h"

namespace evictkit {

// Registration thread: open the file and read it, which arms kernfs notification.
void RegisterKernfs(Watch* w);
// JS thread: inotify on the parent of w's cgroup. Returns 0 or an errno (with *syscall set).
int WatchParentDir(Core* c, Watch* w, const char** syscall);
// JS thread: drop w's inotify registration, if any.
void UnwatchParentDir(Core* c, Watch* w);
// JS thread: read the core's inotify fd; the ids of kernfs watches to re-validate go to suspects.
void DrainInotify(Addon* a, Core* c, std::vector<uint32_t>* suspects);
// JS thread: re-validate those watches without consuming a pending change.
void RevalidateSuspects(Addon* a, const std::vector<uint32_t>& suspects, uint64_t wakeNs);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_KERNFS_H_
