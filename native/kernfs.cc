// cgroup v2 *.events files: a read arms kernfs change notification (EPOLLPRI on the core epoll,
// core.cc). rmdir of a cgroup sends no kernfs notification and no IN_DELETE_SELF on its
// directory, but IN_DELETE on the parent: one inotify fd, on the core epoll, watches the
// parents of the cgroups of kernfs watches, and each such event re-validates those watches.

#include "kernfs.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "core.h"
#include "fd.h"
#include "pool.h"
#include "watch.h"

namespace evictkit {

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

namespace {

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

}  // namespace

// Watch the parent of the cgroup of w's file for IN_DELETE (rmdir sends no kernfs notification
// and no IN_DELETE_SELF), sharing one inotify watch per directory. Returns 0 or an errno.
int WatchParentDir(Core* c, Watch* w, const char** syscall) {
  int error = EnsureInotify(c, syscall);
  if (error != 0) return error;
  int wd = inotify_add_watch(c->inotifyFd, DirName(DirName(w->file)).c_str(),
                             IN_DELETE | IN_DELETE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW);
  if (wd < 0) {
    error = errno;
    *syscall = "inotify_add_watch";
    return error;
  }
  w->wd = wd;
  c->byWd[wd].push_back(w->id);
  return 0;
}

// Drop w's share of its parent directory's inotify watch; the last user removes it.
void UnwatchParentDir(Core* c, Watch* w) {
  if (w->wd < 0) return;
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

// Re-validate the kernfs watches an inotify event named (their cgroup may be gone).
void RevalidateSuspects(Addon* a, const std::vector<uint32_t>& suspects, uint64_t wakeNs) {
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
}

}  // namespace evictkit
