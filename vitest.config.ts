import { defineConfig } from 'vitest/config';

// Two cores here: keep workers few, and give database and audio tests room to breathe.
// globalSetup starts one embedded PostgreSQL for the run when DATABASE_URL is unset.
//
// Calls in real time (synthesised audio at the pace of a phone line, voice detection, no-input
// timers, a spoken goodbye at shutdown) run in a second group, after every other test: they judge
// the product's timing, which a neighbouring Chromium or database test's CPU would otherwise decide
// (the spoken e2e call was abandoned only when the whole suite shared the two cores). They mostly
// wait on the clock (about 6 ms of CPU per second of call), so two of them share the two cores.
const REAL_TIME = [
  'telephony/e2e.test.ts',
  'telephony/session.test.ts',
  'telephony/forgiving.test.ts',
  'telephony/safety.test.ts',
  'telephony/database-fault-call.test.ts',
  'app/shutdown.test.ts',
];
const common = {
  exclude: ['node_modules/**', '.data/**'],
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 120_000,
  globalSetup: ['testing/global-setup.ts'],
};

export default defineConfig({
  test: {
    // A red run names what failed in a file CI keeps: artifacts/vitest-failures.json (our reporter
    // prints its path) and the JUnit report artifacts/vitest-junit.xml.
    reporters: ['default', ['junit', { suiteName: 'ivr' }], './scripts/vitest-failures.ts'],
    outputFile: { junit: 'artifacts/vitest-junit.xml' },
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        test: {
          ...common, name: 'main', include: ['**/*.test.ts'], exclude: [...common.exclude, ...REAL_TIME],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...common, name: 'real-time', include: REAL_TIME,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
