// evictkit/thresholds
export {};
