/*
 * Baseline for the linux-summary benchmarks: what a minimal C reader pays to collect the same
 * files as one summary() — each one opened, read to the end and closed every time, as a reader
 * without kept-open descriptors must. The list (one "<op> <path>" per line) comes from the
 * benchmark: r = open/read/close, s = stat, f = statfs, d = opendir/readdir/closedir.
 *
 * usage: read-files <list> <iterations>
 * prints one line per iteration (nanoseconds), then "ok <entries> <bytes read per iteration>".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

struct entry {
  char op;
  char *path;
};

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <list> <iterations>\n", argv[0]);
    return 2;
  }
  FILE *list = fopen(argv[1], "r");
  if (!list) {
    perror(argv[1]);
    return 1;
  }
  int iterations = atoi(argv[2]);
  size_t cap = 1024, n = 0;
  struct entry *entries = malloc(cap * sizeof *entries);
  char *line = NULL;
  size_t len = 0;
  ssize_t got;
  while ((got = getline(&line, &len, list)) > 2) {
    if (line[got - 1] == '\n') line[got - 1] = '\0';
    if (n == cap) entries = realloc(entries, (cap *= 2) * sizeof *entries);
    entries[n].op = line[0];
    entries[n].path = strdup(line + 2);
    n++;
  }
  fclose(list);

  static char buf[65536];
  long long bytes = 0;
  for (int it = 0; it < iterations; it++) {
    bytes = 0;
    long long start = now_ns();
    for (size_t i = 0; i < n; i++) {
      const struct entry *e = &entries[i];
      if (e->op == 'r') {
        int fd = open(e->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
          perror(e->path);
          return 1;
        }
        ssize_t r;
        while ((r = read(fd, buf, sizeof buf)) > 0) bytes += r;
        close(fd);
      } else if (e->op == 's') {
        struct stat st;
        if (stat(e->path, &st) != 0) {
          perror(e->path);
          return 1;
        }
      } else if (e->op == 'f') {
        struct statfs sf;
        if (statfs(e->path, &sf) != 0) {
          perror(e->path);
          return 1;
        }
      } else if (e->op == 'd') {
        DIR *d = opendir(e->path);
        if (!d) {
          perror(e->path);
          return 1;
        }
        while (readdir(d) != NULL) {
        }
        closedir(d);
      }
    }
    printf("%lld\n", now_ns() - start);
  }
  printf("ok %zu %lld\n", n, bytes);
  return 0;
}
