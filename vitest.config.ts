import { defineConfig } from 'vitest/config';

// Two projects: services tested alone (each file seeds its own small database), and the whole
// federation through the gateway (databases seeded once per run, cloned per file).
export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores: each file boots real databases and HTTP servers.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'services',
          include: [
            'platform/test/**/*.test.ts',
            'subgraphs/*/test/**/*.test.ts',
            'gateway/test/**/*.test.ts',
            'bench/test/**/*.test.ts',
            'schema/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'federation', include: ['tests/**/*.test.ts'], globalSetup: ['tests/global-setup.ts'] },
      },
    ],
  },
});
