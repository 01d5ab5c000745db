import { db } from '../../shared/store/client.ts';

/** BENCH_TRACE=1 (with BENCH_JOB_SOURCE=1): every 10 s, the DynamoDB calls of the job process by command, their mean latency and the mean number in flight. */
export function traceDb(): () => void {
  const stats = new Map<string, { n: number; ms: number }>();
  let inFlight = 0;
  let area = 0;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    area += inFlight * (now - last);
    last = now;
  };
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context as { commandName?: string }).commandName ?? '?';
      tick();
      inFlight++;
      const t = performance.now();
      try {
        return await next(args);
      } finally {
        tick();
        inFlight--;
        const s = stats.get(name) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t;
        stats.set(name, s);
      }
    },
    { step: 'initialize', name: 'benchTrace' },
  );
  let windowStart = performance.now();
  const timer = setInterval(() => {
    tick();
    const span = performance.now() - windowStart;
    const parts = [...stats].map(([k, s]) => `${k.replace('Command', '')} ${s.n} @${(s.ms / s.n).toFixed(1)}ms`).join(', ');
    console.error(`[trace] inflight ${(area / span).toFixed(1)} | ${parts} | cpu ${(process.cpuUsage().user / 1e6).toFixed(0)}s heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)}MB`);
    stats.clear();
    area = 0;
    windowStart = performance.now();
  }, 10_000);
  timer.unref();
  return () => clearInterval(timer);
}
