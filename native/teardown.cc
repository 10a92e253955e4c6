// Env teardown: the async cleanup hook closes every handle and fd, cancels queued registrations
// and joins the registration threads (an addon loaded in a worker can be unmapped right after
// the worker's env goes away), then frees the addon once the last handle close completed.

#include "teardown.h"

#include <pthread.h>

#include "core.h"
#include "watch.h"

namespace evictkit {

void MaybeFinishTeardown(Addon* a) {
  if (!a->tearingDown || !a->cleanupDone || a->inflight != 0 || a->pendingCloses != 0) return;
  if (a->asyncContext != nullptr) napi_async_destroy(a->env, a->asyncContext);
  napi_async_cleanup_hook_handle h = a->cleanupHandle;
  delete a;
  napi_remove_async_cleanup_hook(h);
}

namespace {

void OnAsyncClosed(uv_handle_t* handle) {
  Addon* a = static_cast<Addon*>(handle->data);
  delete reinterpret_cast<uv_async_t*>(handle);
  a->async = nullptr;
  a->pendingCloses--;
  MaybeFinishTeardown(a);
}

}  // namespace

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

}  // namespace evictkit
