// The core: ONE epoll fd holding the eventfds (memcg thresholds, memory.oom_control), the kernfs
// notify files (cgroup v2 *.events) and the inotify fd, watched by libuv through one uv_poll_t.
// Nested epoll is fine for those: their poll callbacks are not destructive (PSI fds are, see
// psi.cc). The uv_poll_t is uv_unref'd: a watch never keeps the process alive.

#include "core.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "fd.h"
#include "kernfs.h"
#include "teardown.h"
#include "watch.h"

namespace evictkit {

namespace {

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
    RevalidateSuspects(a, suspects, wakeNs);
    if (n < 64 || c->closing || a->tearingDown) break;
  }
  napi_close_handle_scope(a->env, scope);
}

}  // namespace

void DestroyCore(Addon* a, Core* c) {
  if (c->closing) return;
  c->closing = true;
  if (a->core == c) a->core = nullptr;
  a->pendingCloses++;
  uv_close(reinterpret_cast<uv_handle_t*>(&c->poll), OnCoreClosed);
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

// Put w's fd (eventfd, or kernfs file for EPOLLPRI) on the core epoll, creating the core.
// Returns 0 or an errno (with *syscall set); on failure the watch holds no share of the core.
int AttachToCore(Addon* a, Watch* w, const char** syscall) {
  int error = 0;
  Core* c = EnsureCore(a, &error, syscall);
  if (c == nullptr) return error;
  if (w->kind == Kind::kKernfs) error = WatchParentDir(c, w, syscall);
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

// Drop a watch's share of the core: its inotify registration (shared per parent directory)
// and its reference; the last user destroys the core.
void DetachFromCore(Addon* a, Watch* w) {
  Core* c = w->core;
  UnwatchParentDir(c, w);
  w->core = nullptr;
  if (--c->users == 0) DestroyCore(a, c);
}

// Take an active watch's fd off the core epoll and drop its share of the core.
void LeaveCore(Addon* a, Watch* w) {
  if (w->core == nullptr) return;
  Core* c = w->core;
  int fd = w->kind == Kind::kKernfs ? w->fileFd : w->eventFd;
  if (fd >= 0) epoll_ctl(c->epfd, EPOLL_CTL_DEL, fd, nullptr);
  DetachFromCore(a, w);
}

}  // namespace evictkit
