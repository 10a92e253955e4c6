// PSI triggers: "some|full <stall µs> <window µs>" written to /proc/pressure/<res> or a cgroup v2
// <res>.pressure file. Each trigger fd has its own uv_poll_t with UV_PRIORITIZED:
// psi_trigger_poll() clears the trigger's event when polled, so a nested epoll (core.cc) would
// swallow it.

#include "psi.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fd.h"
#include "pool.h"
#include "teardown.h"
#include "watch.h"

namespace evictkit {

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

namespace {

void OnPsiClosed(uv_handle_t* handle) {
  PsiPoll* p = static_cast<PsiPoll*>(handle->data);
  Addon* a = p->addon;
  delete p;
  a->psiOpen--;
  a->pendingCloses--;
  MaybeFinishTeardown(a);
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

}  // namespace

void ClosePsiHandle(Addon* a, PsiPoll* p) {
  uv_poll_stop(&p->poll);  // removes the fd from libuv's epoll before we close it
  a->pendingCloses++;
  uv_close(reinterpret_cast<uv_handle_t*>(&p->poll), OnPsiClosed);
}

// Activation on the JS thread: the trigger fd gets its own prioritized uv_poll_t.
// Returns 0 or an errno (with *syscall set); on failure the watch holds no handle.
int ActivatePsi(Addon* a, Watch* w, const char** syscall) {
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

// Stop polling the trigger fd, then close it on a registration thread (slow, see pool.cc).
void DeactivatePsi(Addon* a, Watch* w) {
  if (w->psi != nullptr) {
    ClosePsiHandle(a, w->psi);  // stops polling the fd before it is handed over
    w->psi = nullptr;
  }
  CloseSlowFd(a, &w->fileFd);
}

}  // namespace evictkit
