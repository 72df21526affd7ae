import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A stray `.only` would silently skip the rest of a file; on CI that must fail the run.
    allowOnly: false,
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['server/src/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: { name: 'web', include: ['web/src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One browser and one server at a time: the machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
