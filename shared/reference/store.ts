import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { commitAudited } from '../store/commit.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { isoShanghai } from '../clock.ts';
import { notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { findCounty, findTownship, type County, type Township } from './areas.ts';

/**
 * The reference data in the table (one `AREA` item per county) is authoritative: the code's COUNTIES
 * only seed it (infra/local/seed.ts creates missing items and never overwrites). The admin enters the
 * real township populations here, which the (二十二) staffing check reads.
 */
export interface StoredTownship extends Township {
  updatedAt?: string;
  updatedBy?: string;
}

export interface StoredCounty extends Omit<County, 'townships'> {
  townships: StoredTownship[];
  /** Moves forward on every admin change; absent on the seeded item. */
  version?: number;
}

const fromItem = ({ pk: _pk, sk: _sk, schemaVersion: _v, ...county }: Record<string, unknown>) => county as unknown as StoredCounty;

/** A county as stored, or undefined if the table has no item for it. */
export async function storedCounty(code: string): Promise<StoredCounty | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.area(code), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

/** Every county as stored (one `AREA` item each). */
export async function storedCounties(): Promise<StoredCounty[]> {
  const out = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.area('').pk } }));
  return (out.Items ?? []).map(fromItem);
}

/** The table's county, falling back to the code's seed data only if the item is missing. */
export async function countyReference(code: string): Promise<StoredCounty | undefined> {
  return (await storedCounty(code)) ?? findCounty(code);
}

export interface PopulationInput {
  population: number;
  populationSource: string;
  name?: string | undefined;
}

/** Enters a township's population and its source (二十二); the figure is no longer sample data. */
export async function updateTownshipPopulation(county: string, township: string, input: PopulationInput, actor: Actor, now: Date): Promise<StoredTownship> {
  return updateTownship(county, township, actor, now, 'township-population', (old, at) => ({
    ...old,
    ...(input.name ? { name: input.name } : {}),
    population: input.population,
    populationSource: input.populationSource,
    sample: false,
    updatedAt: at,
    updatedBy: actor.sub,
  }));
}

export interface WindowInput {
  address: string;
  phone: string;
  hours: string;
}

/**
 * Enters a township's 为民服务中心 social-assistance window (十九 一门受理): address, phone and hours, which
 * /areas/ shows to people. The window is no longer sample data; the township's population is left alone.
 */
export async function updateTownshipWindow(county: string, township: string, input: WindowInput, actor: Actor, now: Date): Promise<StoredTownship> {
  return updateTownship(county, township, actor, now, 'township-window', (old, at) => ({
    ...old,
    window: { address: input.address, phone: input.phone, hours: input.hours, sample: false, updatedAt: at, updatedBy: actor.sub },
  }));
}

/** One township of one county item changed, conditionally on the county item's version, audited. */
async function updateTownship(county: string, township: string, actor: Actor, now: Date, action: string, change: (old: StoredTownship, at: string) => StoredTownship): Promise<StoredTownship> {
  const stored = await storedCounty(county);
  const before = stored ?? findCounty(county);
  if (!before) throw notFound('no-such-county', `没有县区代码 ${county}。亳州市的县区代码为 341602、341621、341622、341623。`);
  const index = before.townships.findIndex((t) => t.code === township);
  if (index < 0) throw notFound('no-such-township', `${before.name}没有代码为 ${township} 的乡镇（街道）。`);

  const at = isoShanghai(now);
  const old = withWindow(before.townships[index]!);
  const updated = change(old, at);
  const version = (stored?.version ?? 0) + 1;
  const { version: _old, ...rest } = before as StoredCounty;
  const after: StoredCounty = { ...rest, townships: before.townships.map((t, i) => (i === index ? updated : t)), version };
  const condition = !stored
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : stored.version === undefined
      ? { ConditionExpression: 'attribute_not_exists(version)' }
      : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': stored.version } };

  await commitAudited({
    answer: { status: 200, body: updated },
    now,
    items: [{ Put: { TableName: tableName(), Item: { ...keys.area(county), ...after, schemaVersion: SCHEMA_VERSION }, ...condition } }],
    audit: { aggregate: `area#${county}`, actor: { sub: actor.sub, role: actor.role }, action, at, before: old, after: updated, note: township },
    retryOnAuditHead: false,
  });
  return updated;
}

/** A county item written before windows existed has none: the code's sample window stands in (marked 示例). */
function withWindow(t: StoredTownship): StoredTownship {
  if (t.window) return t;
  const seed = findTownship(t.code)?.window;
  return seed ? { ...t, window: seed } : t;
}

/** The public view of a county: who entered a figure stays in the audit chain, not on the public page. */
export function publicCounty(c: StoredCounty): Omit<StoredCounty, 'version'> {
  const { version: _v, ...rest } = c;
  return {
    ...rest,
    townships: c.townships.map((stored) => {
      const { updatedBy: _by, ...t } = withWindow(stored);
      if (!t.window) return t;
      const { updatedBy: _wby, ...window } = t.window;
      return { ...t, window };
    }),
  };
}
