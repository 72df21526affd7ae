import { defineConfig } from 'vitest/config';

// A stray `.only` would silently skip the rest of a file: it fails the run instead. Set in each
// project, since a project does not take this option from the root.
const allowOnly = false;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          allowOnly,
          include: ['server/src/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['server/src/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: { name: 'web', allowOnly, include: ['web/src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'e2e',
          allowOnly,
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          setupFiles: ['e2e/failure-screenshots.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One browser and one server at a time: the machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
