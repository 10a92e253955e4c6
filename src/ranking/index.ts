// evictkit/ranking
export {};
