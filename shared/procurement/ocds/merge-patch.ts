/**
 * JSON Merge Patch (RFC 7396, which obsoletes RFC 7386). An OCDS extension's release-schema.json is a
 * merge patch on the core release schema, not a schema of its own: objects merge key by key, `null`
 * removes a key, and anything else (arrays included) replaces the target wholesale.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}
