import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends `npm test` with one plain line, `Tests: N passed, N failed, N skipped`, which CI reads
 * (docs/architecture.md § Testing: the last line counts the tests that passed and failed).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && ![...m.children.allTests()].some((t) => t.result().state === 'failed')) failed++;
    }
    failed += unhandledErrors.length;
    // After the default reporter's summary, so it is the last line.
    setImmediate(() => process.stdout.write(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`));
  }
}
