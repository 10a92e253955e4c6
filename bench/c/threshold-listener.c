/*
 * The C baseline of the notifier-latency benchmark: the kubelet's mechanism (an eventfd
 * registered through cgroup.event_control on memory.usage_in_bytes) in a minimal epoll loop.
 * Pins itself to one CPU, registers, prints "ready", then prints "e <CLOCK_MONOTONIC ns>" for
 * every event, the moment epoll_wait returns. Exits when stdin closes.
 * usage: threshold-listener <cgroup dir> <threshold bytes> <cpu>
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s <cgroup dir> <threshold bytes> <cpu>\n", argv[0]);
    return 2;
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(atoi(argv[3]), &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) perror("sched_setaffinity");

  char path[4096];
  snprintf(path, sizeof path, "%s/memory.usage_in_bytes", argv[1]);
  int ufd = open(path, O_RDONLY | O_CLOEXEC);
  snprintf(path, sizeof path, "%s/cgroup.event_control", argv[1]);
  int cfd = open(path, O_WRONLY | O_CLOEXEC);
  int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (ufd < 0 || cfd < 0 || efd < 0) {
    perror("open");
    return 1;
  }
  char reg[128];
  int len = snprintf(reg, sizeof reg, "%d %d %s", efd, ufd, argv[2]);
  if (write(cfd, reg, len) != len) {
    perror("cgroup.event_control");
    return 1;
  }
  close(cfd);
  close(ufd);

  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = efd};
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  ev.data.fd = 0;
  epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("ready\n");
  for (;;) {
    struct epoll_event out[2];
    int n = epoll_wait(ep, out, 2, -1);
    long long t = now_ns();
    for (int i = 0; i < n; i++) {
      if (out[i].data.fd == efd) {
        uint64_t count;
        if (read(efd, &count, sizeof count) == sizeof count) printf("e %lld\n", t);
      } else {
        char buf[64];
        if (read(0, buf, sizeof buf) <= 0) return 0;
      }
    }
  }
}
