// cgroup v1 memory thresholds and OOM notification (memcg.cc).
#ifndef EVICTKIT_NATIVE_MEMCG_H_
#define EVICTKIT_NATIVE_MEMCG_H_

#include "notifier.h"

namespace evictkit {

// Registration thread: open the memcg files, create the eventfd and write the registration
// line to cgroup.event_control (threshold or memory.oom_control). Fills w's result fields.
void RegisterMemcgEvent(Watch* w);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_MEMCG_H_
