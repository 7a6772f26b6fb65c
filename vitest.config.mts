import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(import.meta.dirname),
  // Server modules import 'server-only', which only resolves inside Next's server bundle.
  'server-only': path.resolve(import.meta.dirname, 'scripts/lib/server-only-stub.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['{lib,components,app,scripts}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          // Property tests run hundreds of cases: seconds each on a busy 2-core machine, past vitest's 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['{lib,app,scripts}/**/*.int.test.ts'],
          setupFiles: ['scripts/lib/integration-setup.ts'],
          // One database per run, shared by the files: run them one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
