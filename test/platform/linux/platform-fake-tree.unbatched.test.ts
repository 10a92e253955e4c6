// The suite of platform-fake-tree.test.ts again with batched reads off: summary() reading every file on
// its own through fs, the path taken wherever the native addon is not loaded.
import { afterAll, beforeAll } from 'vitest';
import { setBatchedReads } from '../../../src/platform/linux/read-batch';
import './platform-fake-tree.test';

beforeAll(() => setBatchedReads(false));
afterAll(() => setBatchedReads(true));
