import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addMonths } from '../calendar/dates.ts';
import { isoShanghai } from '../clock.ts';
import { conflict, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { parametersOn } from '../policy/store.ts';
import { priceLinkageTriggered, type PriceIndices } from '../rules/price-linkage.ts';
import type { TraceStep } from '../rules/trace.ts';
import { managementKeys } from './keys.ts';
import { commitAudited } from '../store/commit.ts';

/**
 * 价格临时补贴 (五)(十五), under 发改价格〔2021〕1553号: the admin enters each month's CPI and food-CPI
 * year-on-year figures; the monthly `price-linkage-check` reads the previous month's and, when the
 * national trigger is met (CPI ≥ 3.5 % or food ≥ 6 %, parameters), PROPOSES the subsidy for that month.
 * The platform never starts it alone: the 发改委 declares it, so the admin confirms (or declines) with
 * the document. The payment run pays confirmed months through `priceLinkageFor(month)`.
 *
 * Items (partition `PRICE`, read by shared/payments too): `CPI#<month>` the figures; `LINK#<month>` the
 * proposal, `status` proposed → confirmed | declined, repeating the figures and the trigger's trace.
 */
const AGGREGATE = 'price-linkage';

export interface PriceLinkage extends PriceIndices {
  month: string;
  status: 'proposed' | 'confirmed' | 'declined';
  byCpi: boolean;
  byFood: boolean;
  trace: TraceStep[];
  proposedOn: string;
  decision?: 'confirm' | 'decline';
  decidedAt?: string;
  decidedBy?: string;
  source?: string;
  note?: string;
}

const strip = (i: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, schemaVersion: _v, ...rest } = i;
  return rest;
};

export async function recordPriceIndex(body: PriceIndices & { month: string; source: string }, actor: Actor, now: Date) {
  const item = { ...managementKeys.priceIndex(body.month), kind: 'cpi', ...body, recordedBy: actor.sub, recordedAt: isoShanghai(now), schemaVersion: SCHEMA_VERSION };
  const answer = await commitAudited({
    retryOnAuditHead: false,
    answer: { status: 201, body: strip(item) },
    now,
    // Figures once entered are cited by proposals and payments: a correction is a new publication, not an overwrite.
    items: [{ Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: AGGREGATE, actor: { sub: actor.sub, role: actor.role }, action: 'cpi', at: isoShanghai(now), after: item, note: `${body.month}（${body.source}）` },
    explain: () => conflict('price-index-exists', `${body.month} 的价格指数已经录入。`),
  });
  return answer.body;
}

/**
 * price-linkage-check (monthly): the previous month's figures against the trigger. Creates the proposal
 * once (conditional put): a second run for the date, or a later one, leaves it as it is.
 */
export async function checkPriceLinkage(date: string): Promise<{ month: string; entered: boolean; triggered: boolean; proposed: boolean }> {
  const month = addMonths(`${date.slice(0, 7)}-01`, -1).slice(0, 7);
  const cpi = (await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.priceIndex(month), ConsistentRead: true }))).Item;
  if (!cpi) return { month, entered: false, triggered: false, proposed: false };
  const indices = { cpiYoYBp: cpi.cpiYoYBp as number, foodCpiYoYBp: cpi.foodCpiYoYBp as number };
  const verdict = priceLinkageTriggered(indices, await parametersOn(date));
  if (!verdict.triggered) return { month, entered: true, triggered: false, proposed: false };
  const proposal: PriceLinkage = { month, ...indices, status: 'proposed', byCpi: verdict.byCpi, byFood: verdict.byFood, trace: verdict.trace, proposedOn: date };
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...managementKeys.priceLinkage(month), kind: 'price-linkage', ...proposal, schemaVersion: SCHEMA_VERSION },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { month, entered: true, triggered: true, proposed: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { month, entered: true, triggered: true, proposed: false };
    throw error;
  }
}

export async function decidePriceLinkage(month: string, body: { decision: 'confirm' | 'decline'; source: string; note?: string | undefined }, actor: Actor, now: Date) {
  const found = (await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.priceLinkage(month), ConsistentRead: true }))).Item as
    | (PriceLinkage & Record<string, unknown>)
    | undefined;
  if (!found) throw notFound('no-price-linkage-proposal', `${month} 没有待确认的价格临时补贴启动建议（由每月的 price-linkage-check 按录入的价格指数提出）。`);
  if (found.status !== 'proposed') throw conflict('already-decided', `${month} 的价格临时补贴已于 ${found.decidedAt} ${found.status === 'confirmed' ? '确认启动' : '决定不启动'}。`);
  const at = isoShanghai(now);
  const after = {
    ...found,
    status: body.decision === 'confirm' ? 'confirmed' : 'declined',
    decision: body.decision,
    decidedAt: at,
    decidedBy: actor.sub,
    source: body.source,
    ...(body.note ? { note: body.note } : {}),
  };
  const answer = await commitAudited({
    retryOnAuditHead: false,
    answer: { status: 200, body: strip(after) },
    now,
    items: [{ Put: { TableName: tableName(), Item: after, ConditionExpression: '#s = :p', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':p': 'proposed' } } }],
    audit: { aggregate: AGGREGATE, actor: { sub: actor.sub, role: actor.role }, action: body.decision, at, before: found, after, note: `${month}（${body.source}）` },
    explain: () => conflict('already-decided', `${month} 的价格临时补贴刚刚已被决定。`),
  });
  return answer.body;
}

export async function listPriceLinkage() {
  const out = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'PRICE' }, ConsistentRead: true, ScanIndexForward: false }),
  );
  const items = (out.Items ?? []).map(strip);
  return { indices: items.filter((i) => i.kind === 'cpi'), proposals: items.filter((i) => i.kind === 'price-linkage') };
}

/**
 * For the payment run: the CONFIRMED price-linked subsidy for `month` (YYYY-MM), with the month's
 * indices for `priceLinkedSubsidy` (shared/rules/price-linkage.ts); undefined when not confirmed.
 */
export async function priceLinkageFor(month: string): Promise<(PriceLinkage & { indices: PriceIndices }) | undefined> {
  const found = (await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.priceLinkage(month), ConsistentRead: true }))).Item as PriceLinkage | undefined;
  if (found?.status !== 'confirmed') return undefined;
  const { pk: _pk, sk: _sk, ...rest } = found as PriceLinkage & Record<string, unknown>;
  return { ...(rest as unknown as PriceLinkage), indices: { cpiYoYBp: found.cpiYoYBp, foodCpiYoYBp: found.foodCpiYoYBp } };
}
