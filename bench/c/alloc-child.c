/*
 * The allocating child of the notifier-latency benchmark (method of LINUX-PROBE §2a). It pins
 * itself to one CPU, moves itself into a v1 memory cgroup, then obeys one command per line on
 * stdin:
 *   g <threshold>  touch 4 KiB pages one at a time (MADV_NOHUGEPAGE), reading the cgroup's
 *                  memory.usage_in_bytes every 16 pages; note CLOCK_MONOTONIC when it first
 *                  reads >= threshold, go on for `extra` bytes so that the kernel's event check
 *                  runs, then print "t <ns> <usage seen>"
 *   f              give every page back (MADV_DONTNEED), charge and free 1 MiB more so that
 *                  the kernel reports the way down at once, and print "f"
 *   q              exit
 * usage: alloc-child <cgroup dir> <cpu> <region bytes> <extra bytes>
 * Prints "ready <usage>" once it is in the cgroup.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static unsigned long long usage(int fd) {
  char buf[64];
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  buf[n] = '\0';
  return strtoull(buf, NULL, 10);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s <cgroup dir> <cpu> <region bytes> <extra bytes>\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1];
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(atoi(argv[2]), &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) perror("sched_setaffinity");
  size_t region = strtoull(argv[3], NULL, 10);
  size_t extra = strtoull(argv[4], NULL, 10);

  char path[4096];
  snprintf(path, sizeof path, "%s/cgroup.procs", dir);
  FILE *procs = fopen(path, "w");
  if (!procs || fprintf(procs, "%d\n", getpid()) < 0 || fclose(procs) != 0) {
    perror(path);
    return 1;
  }
  snprintf(path, sizeof path, "%s/memory.usage_in_bytes", dir);
  int ufd = open(path, O_RDONLY | O_CLOEXEC);
  if (ufd < 0) {
    perror(path);
    return 1;
  }
  char *mem = mmap(NULL, region, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    perror("mmap");
    return 1;
  }
  madvise(mem, region, MADV_NOHUGEPAGE);
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("ready %llu\n", usage(ufd));

  char line[128];
  while (fgets(line, sizeof line, stdin)) {
    if (line[0] == 'g') {
      unsigned long long threshold = strtoull(line + 2, NULL, 10);
      long long crossed = 0;
      unsigned long long seen = 0;
      size_t after = 0;
      for (size_t off = 0; off < region; off += PAGE) {
        mem[off] = 1;
        if (crossed == 0 && (off / PAGE) % 16 == 15) {
          unsigned long long u = usage(ufd);
          if (u >= threshold) {
            crossed = now_ns();
            seen = u;
          }
        } else if (crossed != 0 && (after += PAGE) >= extra) {
          break;
        }
      }
      printf("t %lld %llu\n", crossed, seen);
    } else if (line[0] == 'f') {
      madvise(mem, region, MADV_DONTNEED);
      /* The kernel checks thresholds every 128 page events, so the way down may be reported
         only at the next charge, which would pass for the next crossing's event. Charge and
         give back 1 MiB (far below the threshold) so that it is reported now. */
      size_t flush = region < (1u << 20) ? region : (1u << 20);
      for (size_t off = 0; off < flush; off += PAGE) mem[off] = 1;
      madvise(mem, flush, MADV_DONTNEED);
      printf("f\n");
    } else if (line[0] == 'q') {
      break;
    }
  }
  return 0;
}
