import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { COUNTIES, findCounty } from '../reference/areas.ts';
import { parametersOn } from '../policy/store.ts';
import { checkDisasterReserve } from '../rules/disaster-reserve.ts';
import { formatYuan } from '../money.ts';
import { CITY_AREA } from '../charity/emergency.ts';
import { managementKeys } from './keys.ts';
import { commitAudited } from '../store/commit.ts';
import { listPriceLinkage } from './price-linkage.ts';

/**
 * 救灾物资储备 (十一): the city and each county keep daily-life relief goods worth at least
 * `disasterReserve.minimum` (200,000 yuan). Counties record their stock value (the admin records the
 * city's); the quarterly `reserve-check` compares the latest record of each against the floor and
 * alerts the county (the city's alerts go to the admin). A reserve never recorded is alerted too.
 *
 * Alerts are items `ALERT#<county | 341600>` / `<kind>#<date>`, deterministic per check date, listed by
 * `GET /api/v1/alerts`.
 */
const areaName = (area: string) => (area === CITY_AREA ? '亳州市' : (findCounty(area)?.name ?? area));

export async function recordReserve(body: { area: string; valueFen: number; asOf: string; note?: string | undefined }, actor: Actor, now: Date) {
  const check = checkDisasterReserve({ level: body.area === CITY_AREA ? 'city' : 'county', valueFen: body.valueFen }, await parametersOn(body.asOf));
  const item = { ...managementKeys.reserve(body.area, body.asOf), kind: 'reserve', ...body, recordedBy: actor.sub, recordedAt: isoShanghai(now), schemaVersion: SCHEMA_VERSION };
  const answer = await commitAudited({
    retryOnAuditHead: false,
    answer: { status: 201, body: { area: body.area, areaName: areaName(body.area), valueFen: body.valueFen, asOf: body.asOf, ok: check.ok, shortfallFen: check.shortfallFen, trace: check.trace } },
    now,
    // A later record for the same day replaces it (a correction); the audit chain keeps both.
    items: [{ Put: { TableName: tableName(), Item: item } }],
    audit: { aggregate: `reserve#${body.area}`, actor: { sub: actor.sub, role: actor.role }, action: 'record', at: isoShanghai(now), after: item },
  });
  return answer.body;
}

async function latestReserve(area: string, date: string): Promise<{ valueFen: number; asOf: string } | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk <= :sk',
      ExpressionAttributeValues: { ':pk': `RESERVE#${area}`, ':sk': `AT#${date}` },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return out.Items?.[0] as { valueFen: number; asOf: string } | undefined;
}

/** reserve-check (quarterly): one alert per short or unrecorded reserve, keyed by the check date. */
export async function checkReserves(date: string): Promise<{ checked: number; short: number; missing: number }> {
  const params = await parametersOn(date);
  let short = 0;
  let missing = 0;
  const areas = [CITY_AREA, ...COUNTIES.map((c) => c.code)];
  for (const area of areas) {
    const latest = await latestReserve(area, date);
    const check = latest ? checkDisasterReserve({ level: area === CITY_AREA ? 'city' : 'county', valueFen: latest.valueFen }, params) : undefined;
    if (check?.ok) continue;
    if (check) short++;
    else missing++;
    const minimum = params.value('disasterReserve.minimum');
    const detail = latest
      ? `${areaName(area)}生活类救灾物资储备${formatYuan(latest.valueFen)}（${latest.asOf}登记），低于${formatYuan(minimum)}，差${formatYuan(check!.shortfallFen)}（十一）。`
      : `${areaName(area)}截至${date}未登记生活类救灾物资储备金额，无法核对是否达到${formatYuan(minimum)}（十一）。`;
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...managementKeys.alert(area, `reserve#${date}`),
          kind: 'reserve',
          area,
          areaName: areaName(area),
          date,
          detail,
          ...(latest ? { valueFen: latest.valueFen, asOf: latest.asOf, shortfallFen: check!.shortfallFen } : {}),
          trace: check?.trace ?? [],
          schemaVersion: SCHEMA_VERSION,
        },
      }),
    );
  }
  return { checked: areas.length, short, missing };
}

/** A county's alerts; the admin sees the city's and every county's, and price-linkage proposals awaiting confirmation. */
export async function listAlerts(actor: Actor, county?: string) {
  const areas = actor.role === 'county' ? [actor.county!] : county ? [county] : [CITY_AREA, ...COUNTIES.map((c) => c.code)];
  const items: Record<string, unknown>[] = [];
  for (const area of areas) {
    const out = await db().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ALERT#${area}` }, ScanIndexForward: false, Limit: 50 }),
    );
    for (const { pk: _pk, sk: _sk, schemaVersion: _v, ...rest } of out.Items ?? []) items.push(rest);
  }
  if (actor.role === 'admin') {
    for (const p of (await listPriceLinkage()).proposals.filter((x) => x.status === 'proposed')) {
      items.push({ kind: 'price-linkage', area: CITY_AREA, date: p.proposedOn, month: p.month, detail: `${p.month} 价格指数达到价格临时补贴启动条件，待确认（五）（十五）。` });
    }
  }
  return { items };
}
