// Test tiers: unit (node), dom (renderer components), integration (real sandbox), e2e (real Chromium).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const slow = ['**/*.int.test.ts', 'e2e/**', 'node_modules/**', 'out/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          // On a fresh machine this tier runs beside the Go build of the sandbox (2 cores): no flaky timeouts.
          testTimeout: 30_000,
          include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-node/**/*.test.ts', 'src-service/**/*.test.ts', 'sandbox/**/*.test.ts', 'scripts/**/*.test.ts', 'build/**/*.test.ts'],
          exclude: slow,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'dom',
          environment: 'happy-dom',
          testTimeout: 30_000,
          include: ['src-renderer/**/*.test.{ts,tsx}'],
          exclude: slow,
          setupFiles: ['src-renderer/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', 'out/**', 'e2e/**'],
          globalSetup: ['sandbox/vitest-global-setup.ts'],
          // A bound for a hang, not a speed claim: real Tekton runs on a loaded 2-core CI machine take minutes.
          testTimeout: 240_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
