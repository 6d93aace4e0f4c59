import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start brokers and child processes; two cores run two files at a time well.
    maxWorkers: 2,
    // A poll waits for a positive marker; Vitest's 1 s default is a timing assumption that a busy machine breaks.
    expect: { poll: { timeout: 10_000 } },
  },
});
