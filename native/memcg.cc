// cgroup v1 memory thresholds and OOM notification: an eventfd registered through
// cgroup.event_control on memory.usage_in_bytes (or another attribute) or memory.oom_control.
// The eventfd then sits on the core epoll (core.cc).

#include "memcg.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdio>

#include "fd.h"
#include "pool.h"

namespace evictkit {

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

}  // namespace evictkit
