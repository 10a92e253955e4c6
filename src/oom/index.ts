// evictkit/oom
export {};
