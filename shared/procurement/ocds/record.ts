import type { Release } from './releases.ts';

/**
 * A compiled record (OCDS 1.1.5 merging, simply): releases are applied in date order; objects merge
 * key by key; arrays of objects that all carry `id` merge entry by entry on `id` (identifier merge);
 * any other array or value replaces the earlier one; `null` removes. The release-level `id`, `date`
 * and `tag` are not merged (omitWhenMerged); the compiled release gets tag `compiled`.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIdList = (v: unknown): v is Obj[] => Array.isArray(v) && v.length > 0 && v.every((x) => isObj(x) && 'id' in x);

function merge(target: unknown, update: unknown): unknown {
  if (isObj(update)) {
    const out: Obj = isObj(target) ? { ...target } : {};
    for (const [k, v] of Object.entries(update)) {
      if (v === null) delete out[k];
      else out[k] = merge(out[k], v);
    }
    return out;
  }
  if (isIdList(update) && isIdList(target)) {
    const out = [...target];
    for (const item of update) {
      const i = out.findIndex((x) => x.id === item.id);
      if (i >= 0) out[i] = merge(out[i], item) as Obj;
      else out.push(item);
    }
    return out;
  }
  return update;
}

export function compileRecord(releases: readonly Release[]) {
  const ordered = [...releases].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const last = ordered[ordered.length - 1];
  if (!last) throw new RangeError('a record needs at least one release');
  let compiled: Obj = {};
  for (const { id: _id, date: _date, tag: _tag, ...rest } of ordered) compiled = merge(compiled, rest) as Obj;
  return {
    ocid: last.ocid,
    releases: ordered,
    compiledRelease: { ...compiled, ocid: last.ocid, id: `${last.ocid}-compiled`, date: last.date, tag: ['compiled'] } as Release,
  };
}
