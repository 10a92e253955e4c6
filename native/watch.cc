// A watch's life on the JS thread: a finished registration is activated (psi.cc, core.cc) and
// reported ready or failed; events and self-ending (cgroup removed) are delivered through the
// watch's callback; close and teardown release it.

#include "watch.h"

#include <errno.h>
#include <string.h>

#include "core.h"
#include "fd.h"
#include "js.h"
#include "pool.h"
#include "psi.h"

namespace evictkit {

void ReleaseFds(Watch* w) {
  CloseFd(&w->eventFd);
  CloseFd(&w->fileFd);
}

// Release a watch's fds from the JS thread; a PSI trigger fd goes to the pool.
void ReleaseWatchFds(Addon* a, Watch* w) {
  if (w->kind == Kind::kPsi) CloseSlowFd(a, &w->fileFd);
  ReleaseFds(w);
}

// Forget a watch that is not active (registration failed, cancelled, or torn down).
void Forget(Addon* a, Watch* w) {
  auto it = a->watches.find(w->id);
  if (it != a->watches.end() && it->second == w) a->watches.erase(it);
  if (w->callback != nullptr) napi_delete_reference(a->env, w->callback);
  delete w;
}

// Stop an active watch and release everything it holds. Does not call JS.
void Deactivate(Addon* a, Watch* w) {
  if (w->kind == Kind::kPsi) {
    DeactivatePsi(a, w);
  } else {
    LeaveCore(a, w);
  }
  ReleaseFds(w);
  Forget(a, w);
}

Watch* Lookup(Addon* a, uint64_t id) {
  auto it = a->watches.find(static_cast<uint32_t>(id));
  if (it == a->watches.end() || it->second->state != State::kActive) return nullptr;
  return it->second;
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

namespace {

// Returns 0 or an errno (with *syscall set); on failure the watch holds no handle.
int Activate(Addon* a, Watch* w, const char** syscall) {
  return w->kind == Kind::kPsi ? ActivatePsi(a, w, syscall) : AttachToCore(a, w, syscall);
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

}  // namespace

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

}  // namespace evictkit
