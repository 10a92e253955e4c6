// evictkit native notifier: the state shared by its parts. See binding.cc for the overview and
// docs/native.md for the design; each .cc file is one mechanism:
//   binding.cc   the N-API surface (argument checks, watch ids, Init)
//   watch.cc     a watch's life on the JS thread: activation, events, errors, release
//   js.cc        calling into JS from libuv callbacks
//   pool.cc      the registration threads (slow kernel registrations and PSI fd closes)
//   core.cc      the shared epoll fd and its libuv uv_poll_t (eventfds, kernfs files)
//   memcg.cc     cgroup v1 memory thresholds and OOM: eventfd + cgroup.event_control
//   psi.cc       PSI triggers, each on its own prioritized uv_poll_t
//   kernfs.cc    cgroup v2 *.events files: kernfs notification, inotify on the parents
//   teardown.cc  env teardown (async cleanup hook)
//   fd.cc        file helpers: open without symlinks, read at 0, filesystem checks
//   batch.cc     not the notifier's: summary()'s batched reads of kept-open descriptors
#ifndef EVICTKIT_NATIVE_NOTIFIER_H_
#define EVICTKIT_NATIVE_NOTIFIER_H_

#include <node_api.h>
#include <uv.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <string>
#include <unordered_map>
#include <vector>

namespace evictkit {

enum class Kind : uint8_t { kThreshold, kOom, kPsi, kKernfs };
enum class State : uint8_t { kRegistering, kActive };

constexpr uint64_t kInotifyToken = 0;  // epoll data of the inotify fd; watch ids start at 1
constexpr size_t kMaxRegistrationThreads = 32;
constexpr size_t kRegistrationThreadStack = 256 * 1024;
constexpr auto kRegistrationThreadIdle = std::chrono::seconds(2);

struct Addon;

struct Core {
  uv_poll_t poll;
  Addon* addon = nullptr;
  int epfd = -1;
  int inotifyFd = -1;
  size_t users = 0;
  bool closing = false;
  std::unordered_map<int, std::vector<uint32_t>> byWd;
};

struct PsiPoll {
  uv_poll_t poll;
  Addon* addon;
  uint32_t id;
};

struct Watch {
  uint32_t id = 0;
  Kind kind = Kind::kThreshold;
  State state = State::kRegistering;
  bool cancelled = false;
  Addon* addon = nullptr;
  // Request: read-only while the registration runs on the threadpool.
  std::string dir;   // memcg directory (threshold, oom)
  std::string file;  // attribute name (threshold) or absolute path (psi, kernfs)
  uint64_t threshold = 0;
  std::string trigger;
  // Registration result, written by the threadpool, read after completion.
  int eventFd = -1;
  int fileFd = -1;
  int error = 0;
  const char* syscall = nullptr;
  std::string errorPath;
  std::string initial;
  // Active state, JS thread only.
  Core* core = nullptr;
  int wd = -1;
  PsiPoll* psi = nullptr;
  napi_ref callback = nullptr;
};

// Shared between the JS thread and the registration threads, under `mu`. The threads are
// joinable and always joined by the JS thread (lazily after an idle exit, all of them at env
// teardown): the addon may be unloaded right after its env goes away (worker threads), so no
// thread may still run its code then.
struct PoolState {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Watch*> queue;  // submitted, not started
  std::vector<Watch*> done;  // registered (or failed), not yet delivered to JS
  std::vector<int> closeQueue;  // PSI trigger fds to close off the JS thread
  size_t closing = 0;           // closeQueue plus closes running now
  size_t threads = 0;
  size_t idle = 0;
  bool stop = false;
  std::vector<pthread_t> running;
  std::vector<pthread_t> finished;  // exited (or exiting), to be joined
  uv_async_t* async = nullptr;  // only signalled while !stop
};

struct Addon {
  napi_env env = nullptr;
  uv_loop_t* loop = nullptr;
  std::unordered_map<uint32_t, Watch*> watches;  // registering and active, by id
  uint32_t nextId = 1;
  Core* core = nullptr;
  napi_async_context asyncContext = nullptr;
  napi_async_cleanup_hook_handle cleanupHandle = nullptr;
  bool tearingDown = false;
  bool cleanupDone = false;
  std::shared_ptr<PoolState> pool;
  uv_async_t* async = nullptr;
  size_t inflight = 0;       // registrations submitted and not delivered yet
  size_t pendingCloses = 0;  // uv handles whose close callback has not run
  size_t coresOpen = 0;
  size_t psiOpen = 0;
};

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_NOTIFIER_H_
