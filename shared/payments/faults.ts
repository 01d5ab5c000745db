/**
 * Fault injection for the crash-and-resume test: after `failAfterWrites` ledger writes every further
 * write throws, as if the process died mid-run. Held on globalThis (like shared/queue.ts) so the test and
 * the in-process function share it. Never set outside tests.
 */
interface Faults {
  failAfterWrites?: number;
  writes: number;
}
const KEY = Symbol.for('bozhou.payments.faults');
const state = (): Faults => ((globalThis as unknown as Record<symbol, Faults>)[KEY] ??= { writes: 0 });

export function injectCrashAfter(writes: number | undefined): void {
  const s = state();
  s.writes = 0;
  if (writes === undefined) delete s.failAfterWrites;
  else s.failAfterWrites = writes;
}

export function beforeLedgerWrite(): void {
  const s = state();
  if (s.failAfterWrites === undefined) return;
  if (s.writes >= s.failAfterWrites) throw new Error('injected crash (test)');
  s.writes++;
}
