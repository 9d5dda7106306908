import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(__dirname);

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // `server-only` throws outside React Server Components; server modules are plain Node code in tests.
      'server-only': path.join(root, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    // The API's request log would drown the test output; LOG_LEVEL=info npx vitest ... shows it.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'workflow',
          include: ['tests/workflow/**/*.test.ts'],
          environment: 'node',
          // Each file starts a local Temporal server and bundles the workflow code once.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: one Temporal server at a time is plenty.
          fileParallelism: false,
        },
      },
    ],
  },
});
