// File helpers: open without following symlinks, read from offset 0, filesystem checks.

#include "fd.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace evictkit {

namespace {

// openat2(2) (Linux 5.6) and its RESOLVE_NO_SYMLINKS, spelt out so that older headers build.
constexpr long kSysOpenat2 = 437;  // the same number on every architecture
constexpr uint64_t kResolveNoSymlinks = 0x04;
constexpr size_t kMaxRead = 64 * 1024;

}  // namespace

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

}  // namespace evictkit
