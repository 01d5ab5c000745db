import type { LocalIssuer } from './jwt.ts';

/**
 * What the local-only `dev` function needs from the runtime that hosts it: the token issuer and the
 * job runner. Set by infra/local/platform.ts; the function is never deployed.
 */
export interface LocalHooks {
  issuer?: LocalIssuer;
  runJob?: (name: string, date: string) => Promise<unknown>;
}

const KEY = Symbol.for('bozhou.local.hooks');
export function localHooks(): LocalHooks {
  const g = globalThis as unknown as Record<symbol, LocalHooks>;
  return (g[KEY] ??= {});
}
