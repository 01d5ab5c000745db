import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs every project. Integration and browser tests share one DynamoDB Local,
 * started once per run on a free port, in memory (test/setup/dynamodb.ts).
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/portal/**/*.test.ts'],
          globalSetup: ['test/setup/dynamodb.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
