import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { queryPages } from '../store/query.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addMonths } from '../calendar/dates.ts';
import { isoShanghai } from '../clock.ts';
import { auditItems, canonicalJson, readChain, sha256, type TransactItem } from '../audit/chain.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { loadScope } from '../staff/registry.ts';
import { COUNTIES, findCounty, findTownship } from '../reference/areas.ts';
import { maskName } from '../identifiers/mask.ts';
import { drawPanel, sfc32 } from '../procurement/draw.ts';
import { joinId, managementKeys, splitId } from './keys.ts';
import { commitAudited } from '../store/commit.ts';
import { createTask } from './tasks.ts';

/**
 * 双随机一公开 (二十三): each month, per county, a random sample of active cases and, for each, a random
 * inspector from the county's inspector list — never anyone who handled the case (whoever appears on the
 * case's audit chain as caseworker or approver: accepted, visited, proposed, decided). Inspectors record
 * findings; results are published per township with no personal data.
 *
 * Reproducible: the draw is a pure function of what is recorded — the population (active references,
 * sorted), the inspectors (sorted), each sampled case's exclusions, the sample size and a 32-byte random
 * seed. It reuses the expert draw's generator (shared/procurement/draw.ts: sfc32 seeded from
 * SHA-256(seed), Fisher–Yates): the cases are `drawPanel(population, seed, size)`; the inspector of case
 * r is drawn from the eligible inspectors with `sfc32(seed + '#' + r)`. An auditor re-runs
 * `drawInspection(recorded)` (or reads `GET /api/v1/inspection-draws/{id}`, which does it) and gets the
 * same draw.
 *
 * Sample size (platform example; the measures set none): 5 % of the county's active cases, at least 3
 * and at most 50, never more than there are.
 */
export const SAMPLE_BP = 500;
export const SAMPLE_MIN = 3;
export const SAMPLE_MAX = 50;
const POOL_CHUNK = 8_000;
const HANDLING_ROLES = new Set(['caseworker', 'approver']);

export const sampleSize = (population: number) => Math.min(population, Math.max(SAMPLE_MIN, Math.min(SAMPLE_MAX, Math.ceil((population * SAMPLE_BP) / 10_000))));

export interface DrawInput {
  population: readonly string[];
  inspectors: readonly string[];
  /** Per sampled reference: the subs who handled it. */
  exclusions: Readonly<Record<string, readonly string[]>>;
  seed: string;
  size: number;
}

export interface Drawn {
  reference: string;
  inspector: string | null;
}

/** Which inspector for one case: uniform over the eligible ones, from the case's own stream. */
export function drawInspector(reference: string, inspectors: readonly string[], excluded: readonly string[], seed: string): string | null {
  const eligible = [...new Set(inspectors)].filter((s) => !excluded.includes(s)).sort();
  if (!eligible.length) return null;
  const next = sfc32(`${seed}#${reference}`);
  return eligible[Math.floor((next() / 2 ** 32) * eligible.length)]!;
}

/** The whole draw, from recorded inputs only. */
export function drawInspection(input: DrawInput): Drawn[] {
  if (input.size === 0) return [];
  return drawPanel(input.population, input.seed, input.size).map((reference) => ({ reference, inspector: drawInspector(reference, input.inspectors, input.exclusions[reference] ?? [], input.seed) }));
}

// ───────────────────────── inspector list ─────────────────────────

export async function registerInspector(body: { sub: string; active?: boolean | undefined }, actor: Actor, now: Date) {
  const scope = await loadScope(body.sub);
  if (!scope?.roles.includes('inspector') || scope.county !== actor.county) {
    throw new AppError(422, 'not-an-inspector', '不能登记', '该账号不是本县区的抽查人员（角色 inspector，所属县区与您相同）。', [
      { field: 'sub', code: 'not-an-inspector', message: '不是本县区的抽查人员账号' },
    ]);
  }
  const active = body.active ?? true;
  const item = {
    ...managementKeys.inspector(actor.county!, body.sub),
    sub: body.sub,
    county: actor.county,
    active,
    ...(scope.name ? { name: scope.name } : {}),
    registeredBy: actor.sub,
    registeredAt: isoShanghai(now),
    schemaVersion: SCHEMA_VERSION,
  };
  await commitAudited({
    retryOnAuditHead: false,
    answer: { status: 201, body: { sub: body.sub, county: actor.county, active } },
    now,
    items: [{ Put: { TableName: tableName(), Item: item } }],
    audit: { aggregate: `inspectors#${actor.county}`, actor: { sub: actor.sub, role: actor.role }, action: active ? 'register' : 'deactivate', at: isoShanghai(now), after: item },
  });
  return { sub: body.sub, county: actor.county, active };
}

async function activeInspectors(county: string): Promise<string[]> {
  const out = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `INSPECTORS#${county}` }, ConsistentRead: true }));
  const subs: string[] = [];
  for (const i of out.Items ?? []) {
    // The staff table is authoritative: an inspector whose role was revoked is not drawn.
    const scope = i.active ? await loadScope(i.sub as string) : undefined;
    if (scope?.roles.includes('inspector') && scope.county === county) subs.push(i.sub as string);
  }
  return subs.sort();
}

/** Everyone who handled the case as caseworker or approver, from its audit chain. */
async function handlers(reference: string): Promise<string[]> {
  const events = await readChain(`case#${reference}`);
  return [...new Set(events.filter((e) => HANDLING_ROLES.has(e.actor.role)).map((e) => e.actor.sub))].sort();
}

async function activePopulation(county: string): Promise<{ references: string[]; township: Map<string, { township: string; name: string }> }> {
  const references: string[] = [];
  const township = new Map<string, { township: string; name: string }>();
  // Enrolled cases, paid or paused: a suspended case is inspected like an active one.
  for (const status of ['active', 'suspended']) {
    for await (const page of queryPages({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
      ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':p': `APP#${status}#` },
      ProjectionExpression: '#r, #a.township, applicant.#n',
      ExpressionAttributeNames: { '#r': 'reference', '#a': 'area', '#n': 'name' },
    })) {
      for (const i of page.Items ?? []) {
        references.push(i.reference as string);
        township.set(i.reference as string, { township: (i.area as { township: string }).township, name: maskName((i.applicant as { name: string }).name) });
      }
    }
  }
  return { references: references.sort(), township };
}

// ───────────────────────── the monthly draw ─────────────────────────

export async function randomInspection(date: string): Promise<{ month: string; drawn: number; existing: number; unassigned: number; counties: Record<string, unknown>[] }> {
  const month = date.slice(0, 7);
  const now = new Date(`${date}T03:40:00+08:00`);
  const report = { month, drawn: 0, existing: 0, unassigned: 0, counties: [] as Record<string, unknown>[] };
  for (const { code: county } of COUNTIES) {
    const existing = await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.inspectionDraw(county, month), ConsistentRead: true }));
    if (existing.Item) {
      report.existing++;
      continue;
    }
    const { references, township } = await activePopulation(county);
    const inspectors = await activeInspectors(county);
    const size = sampleSize(references.length);
    if (!size || !inspectors.length) {
      report.counties.push({ county, population: references.length, inspectors: inspectors.length, drawn: 0, reason: !size ? '无在保案件' : '未登记抽查人员' });
      if (size && !inspectors.length) {
        await db().send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...managementKeys.alert(county, `inspection#${month}`),
              kind: 'inspection',
              area: county,
              date,
              detail: `${findCounty(county)?.name ?? county}未登记抽查人员，${month}双随机抽查未能进行（二十三）。`,
              schemaVersion: SCHEMA_VERSION,
            },
          }),
        );
      }
      continue;
    }
    const seed = randomBytes(32).toString('hex');
    const cases = drawPanel(references, seed, size);
    const exclusions: Record<string, string[]> = {};
    for (const r of cases) exclusions[r] = await handlers(r);
    const input: DrawInput = { population: references, inspectors, exclusions, seed, size };
    const drawn = drawInspection(input);
    await recordDraw(county, month, date, input, drawn, township, now);
    report.drawn += drawn.length;
    report.unassigned += drawn.filter((d) => !d.inspector).length;
    report.counties.push({ county, population: references.length, inspectors: inspectors.length, drawn: drawn.length });
  }
  return report;
}

async function recordDraw(county: string, month: string, date: string, input: DrawInput, drawn: Drawn[], township: Map<string, { township: string; name: string }>, now: Date): Promise<void> {
  const id = joinId(county, month);
  const at = isoShanghai(now);
  const poolItems: TransactItem[] = [];
  for (let i = 0; i * POOL_CHUNK < input.population.length; i++) {
    poolItems.push({
      Put: {
        TableName: tableName(),
        Item: { ...managementKeys.inspectionPool(county, month, i), references: input.population.slice(i * POOL_CHUNK, (i + 1) * POOL_CHUNK), schemaVersion: SCHEMA_VERSION },
      },
    });
  }
  const draw = {
    ...managementKeys.inspectionDraw(county, month),
    id,
    county,
    month,
    date,
    seed: input.seed,
    seedHash: sha256(input.seed),
    size: input.size,
    populationCount: input.population.length,
    populationHash: sha256(canonicalJson(input.population)),
    poolChunks: poolItems.length,
    inspectors: input.inspectors,
    exclusions: input.exclusions,
    sample: drawn,
    method: 'sfc32(SHA-256(seed)) + Fisher–Yates over the sorted active references (shared/procurement/draw.ts drawPanel); inspector per case: sfc32(seed#reference) over the eligible inspectors',
    drawnAt: at,
    gsi4pk: 'INSPECTION-DRAWS',
    gsi4sk: `${month}#${county}`,
    schemaVersion: SCHEMA_VERSION,
  };
  const inspections = drawn.map((d) => {
    const place = township.get(d.reference)!;
    const iid = joinId(county, month, d.reference);
    return {
      Put: {
        TableName: tableName(),
        Item: {
          ...managementKeys.inspection(county, month, d.reference),
          id: iid,
          county,
          month,
          reference: d.reference,
          township: place.township,
          applicant: place.name,
          inspector: d.inspector,
          status: d.inspector ? 'open' : 'unassigned',
          ...(d.inspector ? { gsi2pk: `INSPECTOR#${d.inspector}`, gsi2sk: `open#${month}#${d.reference}` } : {}),
          gsi4pk: 'INSPECTIONS',
          gsi4sk: `${month}#${county}#${place.township}#${d.reference}`,
          schemaVersion: SCHEMA_VERSION,
        },
      },
    };
  });
  const items: TransactItem[] = [
    { Put: { TableName: tableName(), Item: draw, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...poolItems,
    ...inspections,
    ...(await auditItems({ aggregate: `inspection#${id}`, actor: { sub: 'job:random-inspection', role: 'system' }, action: 'draw', at, after: { ...draw, sample: drawn } })),
  ];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    // Another run drew this county and month first: its draw stands.
    if (!(error instanceof TransactionCanceledException)) throw error;
  }
}

// ───────────────────────── findings, lists ─────────────────────────

export async function recordFindings(id: string, body: { result: 'compliant' | 'irregular'; findings: string; issues?: string[] | undefined }, actor: Actor, now: Date) {
  const parts = splitId(id, 3);
  const missing = () => notFound('no-such-inspection', `没有编号为 ${id.slice(0, 60)} 的抽查事项。`);
  if (!parts) throw missing();
  const [county, month, reference] = parts as [string, string, string];
  const found = (await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.inspection(county, month, reference), ConsistentRead: true }))).Item;
  if (!found) throw missing();
  if (found.inspector !== actor.sub) throw forbidden('not-your-inspection', '此案件不是抽给您的，只能由抽中的抽查人员登记结果。');
  if (found.status !== 'open') throw conflict('findings-recorded', '此抽查事项已登记结果。');
  if (body.result === 'irregular' && !body.issues?.length) throw invalidField('issues', 'required', '发现问题的，请选择问题类别。');
  const at = isoShanghai(now);
  const after = { ...found, status: 'done', result: body.result, findings: body.findings, issues: body.issues ?? [], recordedAt: at, gsi2sk: `done#${month}#${reference}` };
  await commitAudited({
    retryOnAuditHead: false,
    answer: { status: 200, body: {} },
    now,
    items: [{ Put: { TableName: tableName(), Item: after, ConditionExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': 'open' } } }],
    audit: { aggregate: `inspection#${joinId(county, month)}`, actor: { sub: actor.sub, role: actor.role }, action: 'findings', at, before: found, after },
    explain: () => conflict('findings-recorded', '此抽查事项刚刚已登记结果。'),
  });
  // A problem found goes back to the township as a re-check task (deterministic id: created once).
  let task: string | undefined;
  if (body.result === 'irregular') {
    const c = (await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `APP#${reference}`, sk: 'APP' }, ProjectionExpression: '#t', ExpressionAttributeNames: { '#t': 'type' } }))).Item;
    const d = {
      kind: 'inspection' as const,
      period: month,
      reference,
      type: c?.type,
      county,
      township: found.township as string,
      dueDate: addMonths(at.slice(0, 10), 1),
      applicant: found.applicant as string,
      createdOn: at.slice(0, 10),
      createdBy: `inspector:${actor.sub}`,
      evidence: { inspection: id, issues: body.issues, findings: body.findings },
    };
    await createTask(d);
    task = joinId('inspection', month, reference);
  }
  return { id, result: body.result, ...(task ? { task } : {}) };
}

export async function assignedInspections(actor: Actor, status: 'open' | 'done' = 'open') {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :s)',
      ExpressionAttributeValues: { ':pk': `INSPECTOR#${actor.sub}`, ':s': `${status}#` },
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => ({
      id: i.id,
      reference: i.reference,
      applicant: i.applicant,
      township: i.township,
      townshipName: findTownship(i.township as string)?.name ?? i.township,
      month: i.month,
      status: i.status,
      ...(i.result ? { result: i.result } : {}),
    })),
  };
}

/** Published results (公开): per county and month, per township — counts and issue categories only. */
export async function publishedInspections(query: { county?: string | undefined; month?: string | undefined }) {
  const draws = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: query.month ? 'gsi4pk = :pk AND begins_with(gsi4sk, :m)' : 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': 'INSPECTION-DRAWS', ...(query.month ? { ':m': query.month } : {}) },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  const out = [];
  for (const d of draws.Items ?? []) {
    if (query.county && d.county !== query.county) continue;
    const rows = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk AND begins_with(gsi4sk, :p)',
        ExpressionAttributeValues: { ':pk': 'INSPECTIONS', ':p': `${d.month}#${d.county}#` },
      }),
    );
    const townships = new Map<string, { township: string; name: string; drawn: number; inspected: number; compliant: number; irregular: number; issues: Record<string, number> }>();
    for (const i of rows.Items ?? []) {
      const code = i.township as string;
      const t = townships.get(code) ?? { township: code, name: findTownship(code)?.name ?? code, drawn: 0, inspected: 0, compliant: 0, irregular: 0, issues: {} };
      t.drawn++;
      if (i.status === 'done') {
        t.inspected++;
        if (i.result === 'compliant') t.compliant++;
        else t.irregular++;
        for (const k of (i.issues as string[]) ?? []) t.issues[k] = (t.issues[k] ?? 0) + 1;
      }
      townships.set(code, t);
    }
    out.push({
      id: d.id,
      county: d.county,
      countyName: findCounty(d.county as string)?.name ?? d.county,
      month: d.month,
      drawnAt: d.drawnAt,
      populationCount: d.populationCount,
      size: d.size,
      seed: d.seed,
      method: d.method,
      townships: [...townships.values()],
    });
  }
  return { notice: '双随机一公开：随机抽取在保案件和抽查人员，按乡镇（街道）公开抽查结果，不含个人信息。', draws: out };
}

/**
 * For the auditor and the county: everything recorded, the draw re-run from it, and each drawn case's
 * inspection (inspector, status, result, issues, findings). The findings are about named households, so
 * reading them is audited on the draw's read chain (`inspection-reads#<id>`), apart from its change chain.
 */
export async function drawRecord(id: string, reader?: { actor: Actor; now: Date }) {
  const parts = splitId(id, 2);
  const missing = () => notFound('no-such-draw', `没有编号为 ${id.slice(0, 40)} 的抽查。`);
  if (!parts) throw missing();
  const [county, month] = parts as [string, string];
  const out = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `INSPDRAW#${county}#${month}` }, ConsistentRead: true }),
  );
  const draw = (out.Items ?? []).find((i) => i.sk === 'DRAW');
  if (!draw) throw missing();
  const population = (out.Items ?? []).filter((i) => String(i.sk).startsWith('POOL#')).flatMap((i) => i.references as string[]);
  const replay = drawInspection({ population, inspectors: draw.inspectors, exclusions: draw.exclusions, seed: draw.seed, size: draw.size });
  const { pk: _pk, sk: _sk, gsi4pk: _g, gsi4sk: _s, schemaVersion: _v, ...rest } = draw;
  const rows = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk AND begins_with(gsi4sk, :p)',
      ExpressionAttributeValues: { ':pk': 'INSPECTIONS', ':p': `${month}#${county}#` },
    }),
  );
  const inspections = (rows.Items ?? []).map((i) => ({
    id: i.id,
    reference: i.reference,
    applicant: i.applicant,
    township: i.township,
    townshipName: findTownship(i.township as string)?.name ?? i.township,
    inspector: i.inspector,
    status: i.status,
    ...(i.result ? { result: i.result, issues: i.issues ?? [], findings: i.findings, recordedAt: i.recordedAt } : {}),
  }));
  if (reader) {
    const at = isoShanghai(reader.now);
    await commitAudited({
      retryOnAuditHead: true,
      answer: { status: 200, body: {} },
      now: reader.now,
      items: [],
      audit: { aggregate: `inspection-reads#${id}`, actor: { sub: reader.actor.sub, role: reader.actor.role }, action: 'read-inspections', at },
    });
  }
  return { ...rest, population, inspections, replayed: canonicalJson(replay) === canonicalJson(draw.sample) && sha256(canonicalJson(population)) === draw.populationHash };
}
