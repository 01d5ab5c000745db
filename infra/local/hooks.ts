import type { LocalIssuer } from './jwt.ts';
import type { LocalSms } from './sms.ts';

/**
 * What the local-only `dev` function needs from the runtime that hosts it: the token issuer, the
 * job runner and the SMS box. Set by infra/local/platform.ts; the function is never deployed.
 */
export interface LocalHooks {
  issuer?: LocalIssuer;
  runJob?: (name: string, date: string) => Promise<unknown>;
  /** The local SMS provider behind `GET /api/v1/dev/outbox`. */
  sms?: LocalSms;
}

const KEY = Symbol.for('bozhou.local.hooks');
export function localHooks(): LocalHooks {
  const g = globalThis as unknown as Record<symbol, LocalHooks>;
  return (g[KEY] ??= {});
}
