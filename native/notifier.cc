// evictkit native notifier: mechanism only. File descriptors, epoll, eventfd + cgroup v1
// event_control, PSI triggers and kernfs change notification, plugged into Node's libuv loop.
// Every decision (what a threshold means, when to warn, what to do on an event) lives in
// TypeScript; this file opens, registers, waits, re-validates and closes.
//
// Event-loop integration:
//  - eventfds (memcg thresholds, memory.oom_control) and kernfs notify files (cgroup v2
//    `*.events`) sit on ONE epoll fd ("core") that libuv watches with one uv_poll_t (nested
//    epoll is fine for those: their poll callbacks are not destructive).
//  - each PSI trigger fd has its OWN uv_poll_t with UV_PRIORITIZED: psi_trigger_poll() clears
//    the trigger's event when polled, so a nested epoll would swallow it.
//  - rmdir of a cgroup produces no kernfs notification and no IN_DELETE_SELF on its directory,
//    but IN_DELETE on the parent: a shared inotify fd (on the core epoll) watches the parents of
//    the cgroups of kernfs watches, and each such event re-validates those watches.
//  - all handles are uv_unref'd: a watch never keeps the process alive.
// Registration is slow in the kernel (synchronize_rcu, ~12 ms each, mostly waiting), so it runs
// on a small dedicated pool of registration threads (started on demand, up to
// kMaxRegistrationThreads, gone after 2 s idle) and completes on the JS thread through one
// uv_async_t. Grace periods of concurrent registrations merge, so N threads register about N
// times faster, and the libuv threadpool (fs, dns, crypto) is never blocked by registrations.
// Closing a PSI trigger fd is slow too (psi_trigger_destroy calls synchronize_rcu, ~11 ms), so
// those fds are closed on the same threads; eventfd and kernfs fds close in microseconds.

#include <napi.h>
#include <uv.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

enum class Kind : uint8_t { kThreshold, kOom, kPsi, kKernfs };
enum class State : uint8_t { kRegistering, kActive };

constexpr uint64_t kInotifyToken = 0;  // epoll data of the inotify fd; watch ids start at 1
constexpr size_t kMaxRead = 64 * 1024;
constexpr size_t kMaxRegistrationThreads = 32;
constexpr size_t kRegistrationThreadStack = 256 * 1024;
constexpr auto kRegistrationThreadIdle = std::chrono::seconds(2);

// openat2(2) (Linux 5.6) and its RESOLVE_NO_SYMLINKS, spelt out so that older headers build.
constexpr long kSysOpenat2 = 437;  // the same number on every architecture
constexpr uint64_t kResolveNoSymlinks = 0x04;
// statfs f_type of the filesystems the watches write to.
constexpr long kCgroupSuperMagic = 0x27e0eb;
constexpr long kCgroup2SuperMagic = 0x63677270;
constexpr long kProcSuperMagic = 0x9fa0;

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

// ---------------------------------------------------------------------------------------------
// Small helpers

int CloseFd(int* fd) {
  int rc = 0;
  if (*fd >= 0) {
    rc = close(*fd);
    *fd = -1;
  }
  return rc;
}

// Fresh content of a cgroupfs / procfs file: seq_file restarts at position 0. Returns 0 or errno.
int ReadAt0(int fd, std::string* out) {
  char buf[4096];
  out->clear();
  off_t off = 0;
  for (;;) {
    ssize_t n = pread(fd, buf, sizeof buf, off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
    off += n;
    if (out->size() >= kMaxRead) break;
  }
  return 0;
}

void Fail(Watch* w, const char* syscall, std::string path) {
  w->error = errno;
  w->syscall = syscall;
  w->errorPath = std::move(path);
}

std::string DirName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool HasNul(const std::string& s) { return s.find('\0') != std::string::npos; }

// Open `path` without following any symlink on the way (openat2 RESOLVE_NO_SYMLINKS). The
// TypeScript layer checked that the path lies under its roots and passes the real path, so a
// symlink that appears there afterwards makes the open fail (ELOOP) instead of leaving the
// roots. Kernels without openat2 (ENOSYS), or seccomp filters refusing it (EPERM), get open().
int OpenNoSymlinks(const std::string& path, int flags) {
  struct {
    uint64_t flags;
    uint64_t mode;
    uint64_t resolve;
  } how = {static_cast<uint64_t>(flags), 0, kResolveNoSymlinks};
  for (;;) {
    long fd = syscall(kSysOpenat2, AT_FDCWD, path.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno == EINTR) continue;
    if (errno != ENOSYS && errno != EPERM) return -1;
    break;
  }
  int fd;
  do {
    fd = open(path.c_str(), flags);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// True when `fd` is on a filesystem of type `a` or `b`; false with errno set otherwise (EINVAL
// for another filesystem). The watches write registration lines: never into an ordinary file.
bool OnFilesystem(int fd, long a, long b) {
  struct statfs st;
  if (fstatfs(fd, &st) != 0) return false;
  if (static_cast<long>(st.f_type) == a || static_cast<long>(st.f_type) == b) return true;
  errno = EINVAL;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Registration, on the libuv threadpool. Touches only the Watch's request/result fields.

void RegisterMemcgEvent(Watch* w) {
  const bool oom = w->kind == Kind::kOom;
  const std::string target = oom ? std::string("memory.oom_control") : w->file;
  int dfd = OpenNoSymlinks(w->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return Fail(w, "open", w->dir);
  if (!OnFilesystem(dfd, kCgroupSuperMagic, kCgroupSuperMagic)) {
    Fail(w, "fstatfs", w->dir);  // EINVAL: not a cgroup v1 hierarchy
    CloseFd(&dfd);
    return;
  }
  int tfd = openat(dfd, target.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (tfd < 0) {
    Fail(w, "open", w->dir + "/" + target);
    CloseFd(&dfd);
    return;
  }
  int cfd = openat(dfd, "cgroup.event_control", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (cfd < 0) {
    Fail(w, "open", w->dir + "/cgroup.event_control");
    CloseFd(&tfd);
    CloseFd(&dfd);
    return;
  }
  CloseFd(&dfd);
  int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (efd < 0) {
    Fail(w, "eventfd", "");
    CloseFd(&cfd);
    CloseFd(&tfd);
    return;
  }
  char line[96];
  int len = oom ? snprintf(line, sizeof line, "%d %d", efd, tfd)
                : snprintf(line, sizeof line, "%d %d %llu", efd, tfd,
                           static_cast<unsigned long long>(w->threshold));
  ssize_t n;
  do {
    n = write(cfd, line, static_cast<size_t>(len));
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    Fail(w, "write", w->dir + "/cgroup.event_control");
    CloseFd(&efd);
    CloseFd(&cfd);
    CloseFd(&tfd);
    return;
  }
  CloseFd(&cfd);
  int e = ReadAt0(tfd, &w->initial);
  if (e != 0) {
    errno = e;
    Fail(w, "read", w->dir + "/" + target);
    CloseFd(&efd);  // closing the eventfd unregisters the event in the kernel
    CloseFd(&tfd);
    return;
  }
  w->eventFd = efd;
  w->fileFd = tfd;
}

void RegisterPsi(Watch* w) {
  int fd = OpenNoSymlinks(w->file, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return Fail(w, "open", w->file);
  if (!OnFilesystem(fd, kProcSuperMagic, kCgroup2SuperMagic)) {
    Fail(w, "fstatfs", w->file);  // EINVAL: neither /proc/pressure nor a cgroup2 file
    CloseFd(&fd);
    return;
  }
  ssize_t n;
  do {
    n = write(fd, w->trigger.c_str(), w->trigger.size() + 1);  // the trailing NUL is part of it
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    Fail(w, "write", w->file);
    CloseFd(&fd);
    return;
  }
  int e = ReadAt0(fd, &w->initial);
  if (e != 0) {
    errno = e;
    Fail(w, "read", w->file);
    CloseFd(&fd);
    return;
  }
  w->fileFd = fd;
}

void RegisterKernfs(Watch* w) {
  int fd = OpenNoSymlinks(w->file, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return Fail(w, "open", w->file);
  int e = ReadAt0(fd, &w->initial);  // reading arms kernfs change notification
  if (e != 0) {
    errno = e;
    Fail(w, "read", w->file);
    CloseFd(&fd);
    return;
  }
  w->fileFd = fd;
}

void ExecuteRegister(Watch* w) {
  switch (w->kind) {
    case Kind::kThreshold:
    case Kind::kOom:
      RegisterMemcgEvent(w);
      break;
    case Kind::kPsi:
      RegisterPsi(w);
      break;
    case Kind::kKernfs:
      RegisterKernfs(w);
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Teardown bookkeeping

void MaybeFinishTeardown(Addon* a) {
  if (!a->tearingDown || !a->cleanupDone || a->inflight != 0 || a->pendingCloses != 0) return;
  if (a->asyncContext != nullptr) napi_async_destroy(a->env, a->asyncContext);
  napi_async_cleanup_hook_handle h = a->cleanupHandle;
  delete a;
  napi_remove_async_cleanup_hook(h);
}

void OnCoreClosed(uv_handle_t* handle) {
  Core* c = static_cast<Core*>(handle->data);
  Addon* a = c->addon;
  CloseFd(&c->inotifyFd);
  CloseFd(&c->epfd);
  delete c;
  a->coresOpen--;
  a->pendingCloses--;
  MaybeFinishTeardown(a);
}

void DestroyCore(Addon* a, Core* c) {
  if (c->closing) return;
  c->closing = true;
  if (a->core == c) a->core = nullptr;
  a->pendingCloses++;
  uv_close(reinterpret_cast<uv_handle_t*>(&c->poll), OnCoreClosed);
}

void OnPsiClosed(uv_handle_t* handle) {
  PsiPoll* p = static_cast<PsiPoll*>(handle->data);
  Addon* a = p->addon;
  delete p;
  a->psiOpen--;
  a->pendingCloses--;
  MaybeFinishTeardown(a);
}

void ClosePsiHandle(Addon* a, PsiPoll* p) {
  uv_poll_stop(&p->poll);  // removes the fd from libuv's epoll before we close it
  a->pendingCloses++;
  uv_close(reinterpret_cast<uv_handle_t*>(&p->poll), OnPsiClosed);
}

void ReleaseFds(Watch* w) {
  CloseFd(&w->eventFd);
  CloseFd(&w->fileFd);
}

// ---------------------------------------------------------------------------------------------
// Registration threads

void* RegistrationThread(void* arg) {
  auto* holder = static_cast<std::shared_ptr<PoolState>*>(arg);
  std::shared_ptr<PoolState> st = std::move(*holder);
  delete holder;
  std::unique_lock<std::mutex> lk(st->mu);
  for (;;) {
    if (st->queue.empty() && st->closeQueue.empty() && !st->stop) {
      st->idle++;
      st->cv.wait_for(lk, kRegistrationThreadIdle, [&st] {
        return !st->queue.empty() || !st->closeQueue.empty() || st->stop;
      });
      st->idle--;
    }
    if (!st->closeQueue.empty()) {  // drained even after stop: these fds are ours alone
      int fd = st->closeQueue.back();
      st->closeQueue.pop_back();
      lk.unlock();
      close(fd);
      lk.lock();
      st->closing--;
      continue;
    }
    if (st->stop || st->queue.empty()) break;  // stopped, or idle for too long
    Watch* w = st->queue.front();
    st->queue.pop_front();
    lk.unlock();
    ExecuteRegister(w);
    lk.lock();
    if (st->stop) {
      // The env went away while the kernel was registering: nobody else owns the watch now
      // (its callback reference was already deleted on the JS thread).
      ReleaseFds(w);
      delete w;
    } else {
      st->done.push_back(w);
      uv_async_send(st->async);
    }
  }
  st->threads--;
  const pthread_t self = pthread_self();
  for (size_t i = 0; i < st->running.size(); i++) {
    if (pthread_equal(st->running[i], self)) {
      st->running.erase(st->running.begin() + static_cast<std::ptrdiff_t>(i));
      st->finished.push_back(self);
      break;
    }
  }
  return nullptr;
}

// Join the threads that exited after idling. JS thread, without holding st->mu.
void ReapThreads(PoolState* st) {
  std::vector<pthread_t> done;
  {
    std::lock_guard<std::mutex> lk(st->mu);
    done.swap(st->finished);
  }
  for (pthread_t t : done) pthread_join(t, nullptr);
}

// Start one more thread if the queued work exceeds the idle threads. Called under st->mu.
// Returns 0 or the pthread_create error.
int MaybeStartThread(const std::shared_ptr<PoolState>& pool) {
  PoolState* st = pool.get();
  if (st->queue.size() + st->closeQueue.size() <= st->idle) return 0;
  if (st->threads >= kMaxRegistrationThreads) return 0;
  auto* holder = new std::shared_ptr<PoolState>(pool);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
  pthread_attr_setstacksize(&attr, kRegistrationThreadStack);
  // Signals stay with Node's threads.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t tid;
  st->threads++;
  int r = pthread_create(&tid, &attr, RegistrationThread, holder);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  pthread_attr_destroy(&attr);
  if (r != 0) {
    st->threads--;
    delete holder;
  } else {
    st->running.push_back(tid);  // under st->mu: the thread cannot exit before this
  }
  return r;
}

// Close a PSI trigger fd on a pool thread (synchronously if no thread can be started).
void CloseSlowFd(Addon* a, int* fd) {
  if (*fd < 0) return;
  PoolState* st = a->pool.get();
  ReapThreads(st);
  {
    std::lock_guard<std::mutex> lk(st->mu);
    st->closeQueue.push_back(*fd);
    st->closing++;
    MaybeStartThread(a->pool);
    if (st->threads > 0) {
      st->cv.notify_one();
      *fd = -1;
      return;
    }
    st->closeQueue.pop_back();
    st->closing--;
  }
  CloseFd(fd);
}

// Release a watch's fds from the JS thread; a PSI trigger fd goes to the pool.
void ReleaseWatchFds(Addon* a, Watch* w) {
  if (w->kind == Kind::kPsi) CloseSlowFd(a, &w->fileFd);
  ReleaseFds(w);
}

// Queue a registration; start a thread when none is idle. Returns 0 or an errno.
int Submit(Addon* a, Watch* w) {
  PoolState* st = a->pool.get();
  ReapThreads(st);
  std::lock_guard<std::mutex> lk(st->mu);
  st->queue.push_back(w);
  int r = MaybeStartThread(a->pool);
  if (r != 0 && st->threads == 0) {
    st->queue.pop_back();
    return r;
  }
  st->cv.notify_one();
  return 0;
}

// Forget a watch that is not active (registration failed, cancelled, or torn down).
void Forget(Addon* a, Watch* w) {
  auto it = a->watches.find(w->id);
  if (it != a->watches.end() && it->second == w) a->watches.erase(it);
  if (w->callback != nullptr) napi_delete_reference(a->env, w->callback);
  delete w;
}

// Stop an active watch and release everything it holds. Does not call JS.
// Drop a watch's share of the core: its inotify registration (shared per parent directory)
// and its reference; the last user destroys the core.
void DetachFromCore(Addon* a, Watch* w) {
  Core* c = w->core;
  if (w->wd >= 0) {
    auto it = c->byWd.find(w->wd);
    if (it != c->byWd.end()) {
      auto& ids = it->second;
      for (size_t i = 0; i < ids.size(); i++) {
        if (ids[i] == w->id) {
          ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(i));
          break;
        }
      }
      if (ids.empty()) {
        inotify_rm_watch(c->inotifyFd, w->wd);
        c->byWd.erase(it);
      }
    }
    w->wd = -1;
  }
  w->core = nullptr;
  if (--c->users == 0) DestroyCore(a, c);
}

void Deactivate(Addon* a, Watch* w) {
  if (w->kind == Kind::kPsi) {
    if (w->psi != nullptr) {
      ClosePsiHandle(a, w->psi);  // stops polling the fd before it is handed over
      w->psi = nullptr;
    }
    CloseSlowFd(a, &w->fileFd);
  } else if (w->core != nullptr) {
    Core* c = w->core;
    int fd = w->kind == Kind::kKernfs ? w->fileFd : w->eventFd;
    if (fd >= 0) epoll_ctl(c->epfd, EPOLL_CTL_DEL, fd, nullptr);
    DetachFromCore(a, w);
  }
  ReleaseFds(w);
  Forget(a, w);
}

// ---------------------------------------------------------------------------------------------
// Calling into JS

napi_value Str(napi_env env, const char* s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

napi_value Str(napi_env env, const std::string& s) {
  napi_value v;
  napi_create_string_utf8(env, s.data(), s.size(), &v);
  return v;
}

napi_value Num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

void SetProp(napi_env env, napi_value obj, const char* key, napi_value value) {
  napi_set_named_property(env, obj, key, value);
}

napi_value ErrorDetail(napi_env env, int error, const char* syscall, const std::string& path) {
  napi_value o;
  napi_create_object(env, &o);
  SetProp(env, o, "errno", Num(env, error));
  SetProp(env, o, "syscall", Str(env, syscall != nullptr ? syscall : ""));
  SetProp(env, o, "path", Str(env, path));
  SetProp(env, o, "message", Str(env, strerror(error)));
  return o;
}

// From a libuv callback: a top-level call that runs microtasks and reports uncaught errors.
void CallTopLevel(Addon* a, napi_value fn, const char* type, napi_value detail) {
  napi_env env = a->env;
  napi_value global;
  napi_get_global(env, &global);
  napi_value argv[2] = {Str(env, type), detail};
  napi_value result;
  napi_status s = napi_make_callback(env, a->asyncContext, global, fn, 2, argv, &result);
  if (s == napi_pending_exception) {
    napi_value exception;
    if (napi_get_and_clear_last_exception(env, &exception) == napi_ok) {
      napi_fatal_exception(env, exception);
    }
  }
}

napi_value CallbackOf(Addon* a, Watch* w) {
  napi_value fn = nullptr;
  if (w->callback != nullptr) napi_get_reference_value(a->env, w->callback, &fn);
  return fn;
}

// A watch ends by itself (cgroup removed, read error): release it, then report once.
void Finish(Addon* a, Watch* w, int error, const char* syscall, std::string path) {
  napi_env env = a->env;
  napi_value fn = CallbackOf(a, w);
  Deactivate(a, w);
  if (fn == nullptr) return;
  napi_value detail;
  napi_create_object(env, &detail);
  const bool removed = error == ENODEV || error == ENOENT;
  SetProp(env, detail, "reason", Str(env, removed ? "cgroup-removed" : "error"));
  SetProp(env, detail, "errno", Num(env, error));
  SetProp(env, detail, "syscall", Str(env, syscall));
  SetProp(env, detail, "path", Str(env, path));
  SetProp(env, detail, "message", Str(env, strerror(error)));
  CallTopLevel(a, fn, "closed", detail);
}

void Emit(Addon* a, Watch* w, uint64_t count, const std::string& content, uint64_t wakeNs) {
  napi_env env = a->env;
  napi_value fn = CallbackOf(a, w);
  if (fn == nullptr) return;
  napi_value detail;
  napi_create_object(env, &detail);
  SetProp(env, detail, "count", Num(env, static_cast<double>(count)));
  SetProp(env, detail, "content", Str(env, content));
  napi_value wake;
  napi_create_bigint_uint64(env, wakeNs, &wake);
  SetProp(env, detail, "wakeNs", wake);
  CallTopLevel(a, fn, "event", detail);
}

std::string WatchedPath(const Watch* w) {
  switch (w->kind) {
    case Kind::kThreshold:
      return w->dir + "/" + w->file;
    case Kind::kOom:
      return w->dir + "/memory.oom_control";
    default:
      return w->file;
  }
}

// ---------------------------------------------------------------------------------------------
// Event dispatch

Watch* Lookup(Addon* a, uint64_t id) {
  auto it = a->watches.find(static_cast<uint32_t>(id));
  if (it == a->watches.end() || it->second->state != State::kActive) return nullptr;
  return it->second;
}

// Re-validate and deliver one readiness report for a watch on the core epoll.
void DispatchCoreEvent(Addon* a, uint32_t id, uint64_t wakeNs) {
  Watch* w = Lookup(a, id);
  if (w == nullptr) return;
  uint64_t count = 1;
  if (w->kind != Kind::kKernfs) {
    ssize_t n;
    do {
      n = read(w->eventFd, &count, sizeof count);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      if (errno == EAGAIN) return;  // spurious wake-up
      Finish(a, w, errno, "read", "eventfd");
      return;
    }
  }
  // An eventfd fires once (counter 1) when its memcg is removed, exactly like a crossing; a
  // kernfs file reports ERR|PRI. The watched file tells them apart: ENODEV once removed.
  std::string content;
  int e = ReadAt0(w->fileFd, &content);  // for kernfs this also re-arms the notification
  if (e != 0) {
    Finish(a, w, e, "read", WatchedPath(w));
    return;
  }
  Emit(a, w, count, content, wakeNs);
}

void DrainInotify(Addon* a, Core* c, std::vector<uint32_t>* suspects) {
  alignas(struct inotify_event) char buf[4096];
  for (;;) {
    ssize_t n = read(c->inotifyFd, buf, sizeof buf);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      break;
    }
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<struct inotify_event*>(p);
      p += sizeof(struct inotify_event) + ev->len;
      if ((ev->mask & IN_Q_OVERFLOW) != 0) {
        // Events were dropped (many removals at once): any kernfs watch may have lost its
        // cgroup, so re-validate them all.
        for (auto& kv : a->watches) {
          Watch* w = kv.second;
          if (w->state == State::kActive && w->kind == Kind::kKernfs && w->core == c) {
            suspects->push_back(kv.first);
          }
        }
        continue;
      }
      if ((ev->mask & (IN_DELETE | IN_DELETE_SELF | IN_IGNORED | IN_UNMOUNT)) == 0) continue;
      auto it = c->byWd.find(ev->wd);
      if (it == c->byWd.end()) continue;
      for (uint32_t id : it->second) suspects->push_back(id);
      if ((ev->mask & IN_IGNORED) != 0) {
        // The kernel dropped the watch: nothing to inotify_rm_watch later.
        for (uint32_t id : it->second) {
          Watch* w = Lookup(a, id);
          if (w != nullptr) w->wd = -1;
        }
        c->byWd.erase(it);
      }
    }
  }
}

void OnCore(uv_poll_t* handle, int status, int /*events*/) {
  Core* c = static_cast<Core*>(handle->data);
  Addon* a = c->addon;
  if (c->closing || a->tearingDown) return;
  const uint64_t wakeNs = uv_hrtime();
  napi_handle_scope scope;
  napi_open_handle_scope(a->env, &scope);
  if (status < 0) {
    // The epoll fd itself failed: end every watch on it, once.
    std::vector<uint32_t> ids;
    for (auto& kv : a->watches) {
      if (kv.second->state == State::kActive && kv.second->core == c) ids.push_back(kv.first);
    }
    for (uint32_t id : ids) {
      Watch* w = Lookup(a, id);
      if (w != nullptr) Finish(a, w, -status, "epoll_wait", "");
    }
    napi_close_handle_scope(a->env, scope);
    return;
  }
  epoll_event evs[64];
  for (;;) {
    int n = epoll_wait(c->epfd, evs, 64, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    // Collect first: JS callbacks may close any watch, or the whole core.
    std::vector<uint32_t> ids;
    std::vector<uint32_t> suspects;
    ids.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) {
      if (evs[i].data.u64 == kInotifyToken) {
        DrainInotify(a, c, &suspects);
      } else {
        ids.push_back(static_cast<uint32_t>(evs[i].data.u64));
      }
    }
    for (uint32_t id : ids) DispatchCoreEvent(a, id, wakeNs);
    for (uint32_t id : suspects) {
      Watch* w = Lookup(a, id);
      if (w == nullptr) continue;
      // Ask without reading: a read would re-arm the notification and swallow a change that
      // is pending. poll() on kernfs is not destructive and says ERR|PRI both for a change
      // and for a removed cgroup; the dispatch then tells them apart.
      pollfd pfd{w->fileFd, POLLPRI, 0};
      int r;
      do {
        r = poll(&pfd, 1, 0);
      } while (r < 0 && errno == EINTR);
      if (r != 0) DispatchCoreEvent(a, id, wakeNs);
    }
    if (n < 64 || c->closing || a->tearingDown) break;
  }
  napi_close_handle_scope(a->env, scope);
}

void OnPsi(uv_poll_t* handle, int status, int /*events*/) {
  PsiPoll* p = static_cast<PsiPoll*>(handle->data);
  Addon* a = p->addon;
  if (a->tearingDown) return;
  Watch* w = Lookup(a, p->id);
  if (w == nullptr || w->psi != p) {
    uv_poll_stop(handle);
    return;
  }
  const uint64_t wakeNs = uv_hrtime();
  napi_handle_scope scope;
  napi_open_handle_scope(a->env, &scope);
  if (status < 0) {
    Finish(a, w, -status, "poll", w->file);
  } else {
    // A removed v2 cgroup makes the trigger fd report ERR|PRI forever (level-triggered);
    // the read tells: ENODEV. Stop the handle then, never spin.
    std::string content;
    int e = ReadAt0(w->fileFd, &content);
    if (e != 0) {
      Finish(a, w, e, "read", w->file);
    } else {
      Emit(a, w, 1, content, wakeNs);
    }
  }
  napi_close_handle_scope(a->env, scope);
}

// ---------------------------------------------------------------------------------------------
// Activation, on the JS thread after the kernel accepted the registration

Core* EnsureCore(Addon* a, int* error, const char** syscall) {
  if (a->core != nullptr) return a->core;
  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) {
    *error = errno;
    *syscall = "epoll_create1";
    return nullptr;
  }
  Core* c = new Core();
  c->addon = a;
  c->epfd = epfd;
  int r = uv_poll_init(a->loop, &c->poll, epfd);
  if (r != 0) {
    CloseFd(&c->epfd);
    delete c;
    *error = -r;
    *syscall = "uv_poll_init";
    return nullptr;
  }
  c->poll.data = c;
  a->coresOpen++;
  r = uv_poll_start(&c->poll, UV_READABLE, OnCore);
  if (r != 0) {
    DestroyCore(a, c);  // closes epfd in the close callback
    *error = -r;
    *syscall = "uv_poll_start";
    return nullptr;
  }
  uv_unref(reinterpret_cast<uv_handle_t*>(&c->poll));
  a->core = c;
  return c;
}

int EnsureInotify(Core* c, const char** syscall) {
  if (c->inotifyFd >= 0) return 0;
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    *syscall = "inotify_init1";
    return errno;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kInotifyToken;
  if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
    int e = errno;
    close(fd);
    *syscall = "epoll_ctl";
    return e;
  }
  c->inotifyFd = fd;
  return 0;
}

// Returns 0 or an errno (with *syscall set); on failure the watch holds no handle.
int Activate(Addon* a, Watch* w, const char** syscall) {
  if (w->kind == Kind::kPsi) {
    PsiPoll* p = new PsiPoll{uv_poll_t{}, a, w->id};
    int r = uv_poll_init(a->loop, &p->poll, w->fileFd);
    if (r != 0) {
      delete p;
      *syscall = "uv_poll_init";
      return -r;
    }
    p->poll.data = p;
    a->psiOpen++;
    r = uv_poll_start(&p->poll, UV_PRIORITIZED, OnPsi);
    if (r != 0) {
      ClosePsiHandle(a, p);
      *syscall = "uv_poll_start";
      return -r;
    }
    uv_unref(reinterpret_cast<uv_handle_t*>(&p->poll));
    w->psi = p;
    return 0;
  }
  int error = 0;
  Core* c = EnsureCore(a, &error, syscall);
  if (c == nullptr) return error;
  if (w->kind == Kind::kKernfs) {
    error = EnsureInotify(c, syscall);
    if (error == 0) {
      int wd = inotify_add_watch(c->inotifyFd, DirName(DirName(w->file)).c_str(),
                                 IN_DELETE | IN_DELETE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW);
      if (wd < 0) {
        error = errno;
        *syscall = "inotify_add_watch";
      } else {
        w->wd = wd;
        c->byWd[wd].push_back(w->id);
      }
    }
  }
  if (error == 0) {
    epoll_event ev{};
    ev.events = w->kind == Kind::kKernfs ? EPOLLPRI : EPOLLIN;
    ev.data.u64 = w->id;
    int fd = w->kind == Kind::kKernfs ? w->fileFd : w->eventFd;
    if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
      error = errno;
      *syscall = "epoll_ctl";
    }
  }
  c->users++;
  w->core = c;
  if (error != 0) {
    // Undo through the normal path but keep the Watch: the caller reports and forgets it.
    DetachFromCore(a, w);
  }
  return error;
}

// On the JS thread, from the uv_async_t: the kernel answered (or the watch was cancelled).
void CompleteRegister(Addon* a, Watch* w) {
  napi_env env = a->env;
  if (--a->inflight == 0) uv_unref(reinterpret_cast<uv_handle_t*>(a->async));
  if (a->tearingDown || w->cancelled) {
    // close() was called while the kernel was still registering: release what the
    // registration thread opened, report nothing.
    ReleaseWatchFds(a, w);
    Forget(a, w);
    return;
  }
  napi_value fn = CallbackOf(a, w);
  if (w->error != 0) {
    napi_value detail = ErrorDetail(env, w->error, w->syscall, w->errorPath);
    ReleaseWatchFds(a, w);
    Forget(a, w);
    if (fn != nullptr) CallTopLevel(a, fn, "error", detail);
    return;
  }
  const char* syscall = "";
  int error = Activate(a, w, &syscall);
  if (error != 0) {
    napi_value detail = ErrorDetail(env, error, syscall, WatchedPath(w));
    ReleaseWatchFds(a, w);
    Forget(a, w);
    if (fn != nullptr) CallTopLevel(a, fn, "error", detail);
    return;
  }
  w->state = State::kActive;
  napi_value detail;
  napi_create_object(env, &detail);
  SetProp(env, detail, "content", Str(env, w->initial));
  w->initial.clear();
  w->initial.shrink_to_fit();
  if (fn != nullptr) CallTopLevel(a, fn, "ready", detail);
}

void OnRegistered(uv_async_t* handle) {
  Addon* a = static_cast<Addon*>(handle->data);
  if (a->tearingDown) return;
  std::vector<Watch*> done;
  {
    std::lock_guard<std::mutex> lk(a->pool->mu);
    done.swap(a->pool->done);
  }
  napi_handle_scope scope;
  napi_open_handle_scope(a->env, &scope);
  for (Watch* w : done) CompleteRegister(a, w);
  napi_close_handle_scope(a->env, scope);
}

void OnAsyncClosed(uv_handle_t* handle) {
  Addon* a = static_cast<Addon*>(handle->data);
  delete reinterpret_cast<uv_async_t*>(handle);
  a->async = nullptr;
  a->pendingCloses--;
  MaybeFinishTeardown(a);
}

// ---------------------------------------------------------------------------------------------
// Env teardown: close everything, wait for in-flight registrations and handle closes.

void OnAsyncCleanup(napi_async_cleanup_hook_handle handle, void* arg) {
  Addon* a = static_cast<Addon*>(arg);
  a->cleanupHandle = handle;
  a->tearingDown = true;
  std::vector<Watch*> all;
  all.reserve(a->watches.size());
  for (auto& kv : a->watches) all.push_back(kv.second);
  for (Watch* w : all) {
    if (w->state == State::kRegistering) {
      w->cancelled = true;
      a->watches.erase(w->id);
      if (w->callback != nullptr) {
        napi_delete_reference(a->env, w->callback);
        w->callback = nullptr;
      }
    } else {
      Deactivate(a, w);
    }
  }
  if (a->core != nullptr) DestroyCore(a, a->core);
  // Stop the registration threads. Queued and delivered-but-unprocessed registrations are
  // released here; the ones a thread is executing right now are released by that thread.
  std::vector<Watch*> orphans;
  {
    std::lock_guard<std::mutex> lk(a->pool->mu);
    a->pool->stop = true;
    a->pool->async = nullptr;
    orphans.assign(a->pool->queue.begin(), a->pool->queue.end());
    a->pool->queue.clear();
    orphans.insert(orphans.end(), a->pool->done.begin(), a->pool->done.end());
    a->pool->done.clear();
  }
  a->pool->cv.notify_all();
  for (Watch* w : orphans) {
    ReleaseWatchFds(a, w);  // PSI fds may start a thread again: it drains the closes and exits
    delete w;
  }
  // Wait for every registration thread to finish (at most one registration or a few PSI
  // closes each, ~12 ms apiece): the addon's code may be unmapped once the env is gone.
  for (;;) {
    std::vector<pthread_t> all;
    {
      std::lock_guard<std::mutex> lk(a->pool->mu);
      all.swap(a->pool->finished);
      all.insert(all.end(), a->pool->running.begin(), a->pool->running.end());
      a->pool->running.clear();
    }
    if (all.empty()) break;
    for (pthread_t t : all) pthread_join(t, nullptr);
  }
  a->inflight = 0;
  a->pendingCloses++;
  uv_close(reinterpret_cast<uv_handle_t*>(a->async), OnAsyncClosed);
  a->cleanupDone = true;
  MaybeFinishTeardown(a);
}

// ---------------------------------------------------------------------------------------------
// JS entry points

Addon* AddonOf(const Napi::CallbackInfo& info) { return static_cast<Addon*>(info.Data()); }

bool ArgString(const Napi::CallbackInfo& info, size_t i, const char* what, std::string* out) {
  if (info.Length() <= i || !info[i].IsString()) {
    Napi::TypeError::New(info.Env(), std::string(what) + " must be a string")
        .ThrowAsJavaScriptException();
    return false;
  }
  *out = info[i].As<Napi::String>().Utf8Value();
  if (out->empty() || HasNul(*out)) {
    Napi::TypeError::New(info.Env(), std::string(what) + " must be non-empty without NUL")
        .ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

bool ArgAbsolutePath(const Napi::CallbackInfo& info, size_t i, const char* what,
                     std::string* out) {
  if (!ArgString(info, i, what, out)) return false;
  if ((*out)[0] != '/') {
    Napi::TypeError::New(info.Env(), std::string(what) + " must be an absolute path")
        .ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

bool ArgFunction(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsFunction()) {
    Napi::TypeError::New(info.Env(), "callback must be a function").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

Napi::Value Start(const Napi::CallbackInfo& info, Watch* w, size_t callbackIndex) {
  Napi::Env env = info.Env();
  Addon* a = w->addon;
  if (a->tearingDown) {
    delete w;
    Napi::Error::New(env, "the environment is shutting down").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  napi_create_reference(env, info[callbackIndex], 1, &w->callback);
  // Ids wrap after 2^32 watches: skip 0 and any id still in use.
  while (a->nextId == 0 || a->watches.count(a->nextId) != 0) a->nextId++;
  w->id = a->nextId++;
  int r = Submit(a, w);
  if (r != 0) {
    napi_delete_reference(env, w->callback);
    delete w;
    Napi::Error::New(env, std::string("could not start a registration thread: ") + strerror(r))
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (a->inflight++ == 0) uv_ref(reinterpret_cast<uv_handle_t*>(a->async));
  a->watches[w->id] = w;
  return Napi::Number::New(env, w->id);
}

Watch* NewWatch(Addon* a, Kind kind) {
  Watch* w = new Watch();
  w->kind = kind;
  w->addon = a;
  return w;
}

// watchThreshold(dir, attribute, threshold: bigint, cb) -> id
Napi::Value WatchThreshold(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string dir, attribute;
  if (!ArgAbsolutePath(info, 0, "cgroup directory", &dir)) return env.Undefined();
  if (!ArgString(info, 1, "attribute", &attribute)) return env.Undefined();
  if (attribute.find('/') != std::string::npos || attribute == "." || attribute == "..") {
    Napi::TypeError::New(env, "attribute must be a file name").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (info.Length() <= 2 || !info[2].IsBigInt()) {
    Napi::TypeError::New(env, "threshold must be a bigint").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  bool lossless = false;
  uint64_t threshold = info[2].As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) {
    Napi::RangeError::New(env, "threshold must fit in 64 bits unsigned")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (!ArgFunction(info, 3)) return env.Undefined();
  Watch* w = NewWatch(AddonOf(info), Kind::kThreshold);
  w->dir = dir;
  w->file = attribute;
  w->threshold = threshold;
  return Start(info, w, 3);
}

// watchOom(dir, cb) -> id
Napi::Value WatchOom(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string dir;
  if (!ArgAbsolutePath(info, 0, "cgroup directory", &dir)) return env.Undefined();
  if (!ArgFunction(info, 1)) return env.Undefined();
  Watch* w = NewWatch(AddonOf(info), Kind::kOom);
  w->dir = dir;
  return Start(info, w, 1);
}

// watchPsi(path, trigger, cb) -> id; trigger is "some|full <stall_us> <window_us>"
Napi::Value WatchPsi(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path, trigger;
  if (!ArgAbsolutePath(info, 0, "pressure file", &path)) return env.Undefined();
  if (!ArgString(info, 1, "trigger", &trigger)) return env.Undefined();
  if (trigger.size() > 128) {
    Napi::TypeError::New(env, "trigger is too long").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (!ArgFunction(info, 2)) return env.Undefined();
  Watch* w = NewWatch(AddonOf(info), Kind::kPsi);
  w->file = path;
  w->trigger = trigger;
  return Start(info, w, 2);
}

// watchEventsFile(path, cb) -> id
Napi::Value WatchEventsFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path;
  if (!ArgAbsolutePath(info, 0, "events file", &path)) return env.Undefined();
  if (!ArgFunction(info, 1)) return env.Undefined();
  Watch* w = NewWatch(AddonOf(info), Kind::kKernfs);
  w->file = path;
  return Start(info, w, 1);
}

// close(id) -> boolean: true when the id named an open or registering watch. Never calls back.
Napi::Value CloseWatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Addon* a = AddonOf(info);
  if (info.Length() < 1 || !info[0].IsNumber()) return Napi::Boolean::New(env, false);
  double d = info[0].As<Napi::Number>().DoubleValue();
  if (!(d >= 1 && d <= 4294967295.0)) return Napi::Boolean::New(env, false);
  auto it = a->watches.find(static_cast<uint32_t>(d));
  if (it == a->watches.end()) return Napi::Boolean::New(env, false);
  Watch* w = it->second;
  if (w->state == State::kRegistering) {
    // The threadpool still owns the request: mark it; the completion releases the fds.
    w->cancelled = true;
    a->watches.erase(it);
    if (w->callback != nullptr) {
      napi_delete_reference(env, w->callback);
      w->callback = nullptr;
    }
  } else {
    Deactivate(a, w);
  }
  return Napi::Boolean::New(env, true);
}

// stats() -> counters, for tests and leak checks
Napi::Value Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Addon* a = AddonOf(info);
  size_t registering = 0;
  for (auto& kv : a->watches) {
    if (kv.second->state == State::kRegistering) registering++;
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("watches", Napi::Number::New(env, static_cast<double>(a->watches.size())));
  o.Set("registering", Napi::Number::New(env, static_cast<double>(registering)));
  o.Set("inflight", Napi::Number::New(env, static_cast<double>(a->inflight)));
  o.Set("cores", Napi::Number::New(env, static_cast<double>(a->coresOpen)));
  o.Set("psiHandles", Napi::Number::New(env, static_cast<double>(a->psiOpen)));
  o.Set("pendingCloses", Napi::Number::New(env, static_cast<double>(a->pendingCloses)));
  size_t threads = 0;
  size_t closing = 0;
  {
    std::lock_guard<std::mutex> lk(a->pool->mu);
    threads = a->pool->threads;
    closing = a->pool->closing;
  }
  o.Set("threads", Napi::Number::New(env, static_cast<double>(threads)));
  o.Set("closing", Napi::Number::New(env, static_cast<double>(closing)));
  return o;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  Addon* a = new Addon();
  a->env = env;
  if (napi_get_uv_event_loop(env, &a->loop) != napi_ok) {
    delete a;
    Napi::Error::New(env, "napi_get_uv_event_loop failed").ThrowAsJavaScriptException();
    return exports;
  }
  a->pool = std::make_shared<PoolState>();
  a->async = new uv_async_t();
  if (uv_async_init(a->loop, a->async, OnRegistered) != 0) {
    delete a->async;
    delete a;
    Napi::Error::New(env, "uv_async_init failed").ThrowAsJavaScriptException();
    return exports;
  }
  a->async->data = a;
  a->pool->async = a->async;
  // Referenced only while registrations are in flight (like async work): a pending `ready`
  // keeps the process alive, an established watch does not.
  uv_unref(reinterpret_cast<uv_handle_t*>(a->async));
  napi_value resourceName = Str(env, "evictkit:notifier");
  napi_async_init(env, nullptr, resourceName, &a->asyncContext);
  if (napi_add_async_cleanup_hook(env, OnAsyncCleanup, a, &a->cleanupHandle) != napi_ok) {
    napi_async_destroy(env, a->asyncContext);
    uv_close(reinterpret_cast<uv_handle_t*>(a->async),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
    a->pool->async = nullptr;
    delete a;
    Napi::Error::New(env, "napi_add_async_cleanup_hook failed").ThrowAsJavaScriptException();
    return exports;
  }
  exports.Set("watchThreshold", Napi::Function::New(env, WatchThreshold, "watchThreshold", a));
  exports.Set("watchOom", Napi::Function::New(env, WatchOom, "watchOom", a));
  exports.Set("watchPsi", Napi::Function::New(env, WatchPsi, "watchPsi", a));
  exports.Set("watchEventsFile", Napi::Function::New(env, WatchEventsFile, "watchEventsFile", a));
  exports.Set("close", Napi::Function::New(env, CloseWatch, "close", a));
  exports.Set("stats", Napi::Function::New(env, Stats, "stats", a));
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace

NODE_API_MODULE(evictkit_notifier, Init)
