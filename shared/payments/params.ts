import { loadPublished } from '../policy/store.ts';
import { parameterSet, type ParameterSet, type PublishedValue } from '../policy/parameters.ts';

/**
 * Parameters as a run saw them. A run records the publication head version when it starts, and every
 * batch computes with exactly the values published up to it — so a standard published halfway through
 * a run changes nothing in it, and the next run pays the difference (补发).
 */
export const versionNumber = (version: string | undefined): number => Number(/(\d+)$/.exec(version ?? '')?.[1] ?? 0);

const byVersion = new Map<number, Promise<PublishedValue[]>>();
const sets = new Map<string, ParameterSet>();

export function publishedUpTo(version: number): Promise<PublishedValue[]> {
  let hit = byVersion.get(version);
  if (!hit) {
    hit = loadPublished().then(({ values }) => values.filter((v) => versionNumber(v.version) <= version));
    hit.catch(() => byVersion.delete(version));
    byVersion.set(version, hit);
  }
  return hit;
}

export async function paramsAt(date: string, version: number): Promise<ParameterSet> {
  const key = `${date}|${version}|${process.env.TABLE_NAME}`;
  let hit = sets.get(key);
  if (!hit) {
    hit = parameterSet(date, await publishedUpTo(version));
    if (sets.size > 500) sets.clear();
    sets.set(key, hit);
  }
  return hit;
}

/** Tests and the bench use fresh tables in one process: forget what was cached. */
export function forgetParameters(): void {
  byVersion.clear();
  sets.clear();
}
