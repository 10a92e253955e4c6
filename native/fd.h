// File helpers for cgroupfs, procfs and kernfs files (fd.cc).
#ifndef EVICTKIT_NATIVE_FD_H_
#define EVICTKIT_NATIVE_FD_H_

#include <cstdint>
#include <string>

namespace evictkit {

// statfs f_type of the filesystems the watches write to.
constexpr long kCgroupSuperMagic = 0x27e0eb;
constexpr long kCgroup2SuperMagic = 0x63677270;
constexpr long kProcSuperMagic = 0x9fa0;

// Closes *fd if open and marks it closed; returns close()'s result (0 when nothing to close).
int CloseFd(int* fd);
// Fresh content of a cgroupfs / procfs file: seq_file restarts at position 0. Returns 0 or errno.
int ReadAt0(int fd, std::string* out);
std::string DirName(const std::string& path);
bool HasNul(const std::string& s);
// Opens `path` without following any symlink on the way (openat2 RESOLVE_NO_SYMLINKS).
int OpenNoSymlinks(const std::string& path, int flags);
// True when `fd` is on a filesystem of type `a` or `b`; false with errno set otherwise.
bool OnFilesystem(int fd, long a, long b);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_FD_H_
