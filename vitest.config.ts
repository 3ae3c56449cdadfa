import { defineConfig } from 'vitest/config';

// Two cores here: keep workers few, and give database and audio tests room to breathe.
// globalSetup starts one embedded PostgreSQL for the run when DATABASE_URL is unset.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['booking/testing/global-setup.ts'],
  },
});
