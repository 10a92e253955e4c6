// The suite of kernel.test.ts again with batched reads off: summary() reading every file on
// its own through fs, the path taken wherever the native addon is not loaded.
import { afterAll, beforeAll } from 'vitest';
import { setBatchedReads } from '../../../src/platform/linux/read-batch';
import './kernel.test';

beforeAll(() => setBatchedReads(false));
afterAll(() => setBatchedReads(true));
