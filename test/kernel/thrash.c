/* Test helper: page-cache thrash. Usage: thrash <file> <seconds> <threads>.
 * Drops the file from the page cache (POSIX_FADV_DONTNEED), prints "ready", waits for one byte on
 * stdin (so the test can move it into a small memcg first), drops the cache again, then does
 * random 4 KiB preads over the whole file from <threads> threads for <seconds>, and prints "done".
 * In a memcg much smaller than the file every read refaults: memory reclaim stalls, i.e. memory
 * pressure (PSI). Compiled into the test's temporary directory; never committed as a binary. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *path;
static double seconds;
static off_t pages;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void drop_cache(void) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
  }
}

static void *run(void *arg) {
  uint32_t s = (uint32_t)(uintptr_t)arg * 2654435761u + 12345u;
  char buf[4096];
  int fd = open(path, O_RDONLY);
  if (fd < 0) return NULL;
  double end = now() + seconds;
  while (now() < end) {
    for (int i = 0; i < 64; i++) {
      s = s * 1103515245u + 12345u;
      off_t page = (off_t)((s >> 4) % (uint32_t)pages);
      if (pread(fd, buf, sizeof buf, page * 4096) < 0) break;
    }
  }
  close(fd);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: thrash <file> <seconds> <threads>\n");
    return 2;
  }
  path = argv[1];
  seconds = atof(argv[2]);
  int threads = atoi(argv[3]);
  struct stat st;
  if (stat(path, &st) != 0 || st.st_size < 4096) return 3;
  pages = st.st_size / 4096;
  drop_cache();
  printf("ready\n");
  fflush(stdout);
  char c;
  if (read(0, &c, 1) != 1) return 0;
  drop_cache();
  pthread_t t[16];
  if (threads < 1) threads = 1;
  if (threads > 16) threads = 16;
  for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, run, (void *)(uintptr_t)(i + 1));
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  printf("done\n");
  fflush(stdout);
  return 0;
}
