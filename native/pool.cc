// Registration is slow in the kernel (synchronize_rcu, ~12 ms each, mostly waiting), so it runs
// on a small dedicated pool of registration threads (started on demand, up to
// kMaxRegistrationThreads, gone after 2 s idle) and completes on the JS thread through one
// uv_async_t (watch.cc). Grace periods of concurrent registrations merge, so N threads register
// about N times faster, and the libuv threadpool (fs, dns, crypto) is never blocked by
// registrations. Closing a PSI trigger fd is slow too (psi_trigger_destroy calls
// synchronize_rcu, ~11 ms), so those fds are closed on the same threads.

#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "fd.h"
#include "kernfs.h"
#include "memcg.h"
#include "psi.h"
#include "watch.h"

namespace evictkit {

void Fail(Watch* w, const char* syscall, std::string path) {
  w->error = errno;
  w->syscall = syscall;
  w->errorPath = std::move(path);
}

namespace {

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

}  // namespace

// Join the threads that exited after idling. JS thread, without holding st->mu.
void ReapThreads(PoolState* st) {
  std::vector<pthread_t> done;
  {
    std::lock_guard<std::mutex> lk(st->mu);
    done.swap(st->finished);
  }
  for (pthread_t t : done) pthread_join(t, nullptr);
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

}  // namespace evictkit
