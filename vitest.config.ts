import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['platform/test/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'schema/**/*.test.ts', 'tests/**/*.test.ts'],
    pool: 'forks',
    // Two cores: each file boots real databases and HTTP servers.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
