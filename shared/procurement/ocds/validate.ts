import { validatePackage, validateRelease, type GeneratedError, type GeneratedValidator } from './validators.generated.js';

/**
 * OCDS 1.1.5 validation (measure 十八, open data) with validators precompiled at build time
 * (infra/local/ocds-validators.ts), so no schema compiler is loaded at run time.
 */
export interface OcdsVerdict {
  ok: boolean;
  errors: { path: string; keyword: string; schemaPath: string; params: Record<string, unknown> }[];
}

function run(validator: GeneratedValidator, value: unknown): OcdsVerdict {
  if (validator(value)) return { ok: true, errors: [] };
  const errors = (validator.errors ?? []).map((e: GeneratedError) => ({ path: e.instancePath || '/', keyword: e.keyword, schemaPath: e.schemaPath, params: e.params }));
  return { ok: false, errors };
}

export const checkRelease = (release: unknown): OcdsVerdict => run(validateRelease, release);
export const checkPackage = (pkg: unknown): OcdsVerdict => run(validatePackage, pkg);

/** Emitting an invalid release is a bug in our mapping, never the caller's fault: refuse to write it. */
export function assertValidRelease(release: unknown): void {
  const verdict = checkRelease(release);
  if (!verdict.ok) throw new Error(`OCDS release does not validate: ${JSON.stringify(verdict.errors.slice(0, 3))}`);
}
