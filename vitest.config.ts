import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs every project. Integration and browser tests share one DynamoDB Local,
 * started once per run on a free port, in memory (test/setup/dynamodb.ts).
 */
const RACES = ['test/integration/attack-races.test.ts', 'test/integration/township-reserve.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/portal/**/*.test.ts'],
          exclude: [...RACES],
          globalSetup: ['test/setup/dynamodb.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 0 },
        },
      },
      // 20-way races measure the server's own retries: they run after everything else, on a quiet machine,
      // so the load of the other files (two cores) does not decide the answer.
      {
        extends: true,
        test: { name: 'races', include: [...RACES], globalSetup: ['test/setup/dynamodb.ts'], testTimeout: 120_000, hookTimeout: 180_000, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
