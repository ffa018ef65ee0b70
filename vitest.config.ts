import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real servers, Redis queues and Chromium; on 2 cores
    // too many files at once starve each other's timers.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
