// The scenario `evictkit demo` runs: embedded in the package (not read from a file), in the
// scenario format of docs/scenario.md. examples/scenarios/demo.yaml is the same text, and a test
// keeps the two identical.

/** The demo scenario, as YAML. */
export const DEMO_SCENARIO = `# evictkit demo: one node, seven minutes, three evictions.
name: memory leak, memory spike, disk fill-up
description: >-
  An 8 GiB node with hard and soft thresholds. A web pod leaks memory until the soft
  threshold's grace period runs out; a batch pod arrives while the node reports
  MemoryPressure; a cache pod's sudden spike crosses the hard threshold (the memory
  notifier wakes the kubelet at once); a log shipper fills the disk.

node:
  name: demo-node
  capacity:
    memory: 8Gi
    disk: 100Gi
    inodes: 6553600
    pids: 32768
  allocatable:
    memory: 7680Mi
  # The OS, the kubelet, the container runtime and its images:
  system:
    memory: 1536Mi
    disk: 38Gi
    inodes: 400000
    processes: 420

kubelet:
  evictionHard:
    memory.available: 500Mi
    nodefs.available: 10%
    pid.available: 5%
  evictionSoft:
    memory.available: 1Gi
    nodefs.available: 15%
  evictionSoftGracePeriod:
    memory.available: 30s
    nodefs.available: 40s
  evictionMinimumReclaim:
    memory.available: 256Mi
  evictionPressureTransitionPeriod: 1m
  evictionMaxPodGracePeriod: 20
  kernelMemcgNotification: true

interval: 10s
duration: 7m

pods:
  - name: kube-proxy-7xk2p
    namespace: kube-system
    priorityClassName: system-node-critical
    usage: { memory: 60Mi, processes: 12 }

  - name: etcd-demo-node
    namespace: kube-system
    static: true
    requests: { cpu: 100m, memory: 100Mi }
    usage: { memory: 320Mi, disk: 1Gi, processes: 20 }

  - name: payments-api-5d8f9
    namespace: shop
    requests: { cpu: 500m, memory: 1Gi }
    limits: { cpu: 500m, memory: 1Gi }
    usage: { memory: 820Mi, disk: 300Mi, processes: 40 }

  - name: web-frontend-6c9d4
    namespace: shop
    terminationGracePeriodSeconds: 30
    requests: { cpu: 250m, memory: 512Mi }
    limits: { memory: 4Gi }
    usage: { memory: 600Mi, disk: 500Mi, processes: 60 }

  - name: report-builder-x8q2l
    namespace: batch
    usage: { memory: 420Mi, disk: 1Gi, processes: 8 }

  - name: cache-warmer-0
    namespace: shop
    requests: { cpu: 100m, memory: 256Mi }
    usage: { memory: 700Mi, disk: 200Mi, processes: 6 }

  - name: log-shipper-4fj7k
    namespace: logging
    requests: { cpu: 50m, memory: 128Mi, ephemeral-storage: 1Gi }
    usage: { memory: 150Mi, disk: 2Gi, processes: 10 }

  - name: nightly-export-29110
    namespace: batch
    arrives: 2m
    usage: { memory: 300Mi, processes: 4 }

timeline:
  - at: 25s
    over: 60s
    note: web-frontend starts leaking memory
    pods:
      web-frontend-6c9d4: { memory: 3200Mi }

  - at: 3m
    note: cache-warmer loads a large dataset at once
    pods:
      cache-warmer-0: { memory: 4608Mi }

  - at: 3m30s
    over: 90s
    note: log-shipper loses its backend and buffers logs on disk
    pods:
      log-shipper-4fj7k: { disk: 47Gi }
`;
