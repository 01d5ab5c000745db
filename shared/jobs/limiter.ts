/**
 * At most `n` operations in flight, shared by every message one invocation handles side by side: one
 * message's reads overlap another's writes and no batch waits at a barrier, while the write concurrency
 * stays a known figure (the bench's baselines use the same one).
 */
export interface Limiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function limiter(n: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(fn) {
      if (active >= n) await new Promise<void>((go) => waiting.push(go));
      active++;
      try {
        return await fn();
      } finally {
        active--;
        waiting.shift()?.();
      }
    },
  };
}
