// evictkit native notifier: mechanism only. File descriptors, epoll, eventfd + cgroup v1
// event_control, PSI triggers and kernfs change notification, plugged into Node's libuv loop.
// Every decision (what a threshold means, when to warn, what to do on an event) lives in
// TypeScript; this addon opens, registers, waits, re-validates and closes.
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
//
// This file is the N-API surface: argument checks, watch ids and Init. notifier.h lists the
// other files, one mechanism each. The addon also carries one function that is not the
// notifier's: readBatch (batch.cc), the batched reads of the Linux platform's summary().

#include <napi.h>

#include <string.h>

#include <string>

#include "batch.h"
#include "fd.h"
#include "js.h"
#include "notifier.h"
#include "pool.h"
#include "teardown.h"
#include "watch.h"

namespace evictkit {

namespace {

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

}  // namespace

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
  // Not part of the notifier: the Linux platform's batched reads (batch.cc), carried by the
  // same addon so that one build and one set of prebuilds serve both.
  exports.Set("readBatch", Napi::Function::New(env, ReadBatch, "readBatch"));
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace evictkit

using evictkit::Init;

NODE_API_MODULE(evictkit_notifier, Init)
