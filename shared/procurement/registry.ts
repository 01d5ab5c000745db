import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { isoShanghai } from '../clock.ts';
import { validateCreditCode } from '../identifiers/credit-code.ts';
import { COLLECTIONS, procKeys } from './keys.ts';
import { busy, commit, get, T, type Actor } from './store.ts';
import { strip } from './planning.ts';

/**
 * 服务承接机构 and 专家库 (measure 十八). Contractors register with a validated 统一社会信用代码 and are
 * verified by the municipal bureau (admin), as charities are; only a verified contractor may bid.
 * Experts are registered by the admin and linked to an `evaluator` account by its `sub`; conflicts
 * (利害关系) are declared by organisation and exclude the expert from any draw where that
 * organisation bid.
 */
export interface Contractor {
  organisation: string;
  name: string;
  creditCode: string;
  /** The check character did not match: staff look at it before verifying (shared/identifiers/credit-code.ts). */
  manualReview: boolean;
  contact: string;
  status: 'pending' | 'verified' | 'rejected';
  registeredAt: string;
  decidedAt?: string;
  decisionNote?: string;
  version: number;
}

export interface Expert {
  sub: string;
  name: string;
  speciality: string;
  active: boolean;
  conflicts: string[];
  version: number;
}

export function requireOrganisation(actor: Actor): string {
  if (!actor.organisation) throw forbidden('organisation-missing', '机构账号尚未登记所属机构。');
  return actor.organisation;
}

export async function registerContractor(actor: Actor, input: { name: string; creditCode: string; contact: string }, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const organisation = requireOrganisation(actor);
  const checked = validateCreditCode(input.creditCode);
  if (!checked.ok && !checked.manualReview) throw invalidField('creditCode', checked.code, checked.message);
  const creditCode = checked.ok ? checked.creditCode : input.creditCode.replace(/\s/g, '').toUpperCase();
  const c: Contractor = { organisation, name: input.name, creditCode, manualReview: !checked.ok, contact: input.contact, status: 'pending', registeredAt: isoShanghai(now), version: 1 };
  return commit({
    items: [
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.contractor(organisation), kind: 'contractor', ...c, gsi4pk: COLLECTIONS.contractors, gsi4sk: `${c.status}#${organisation}`, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: T(), Item: { ...procKeys.creditCode(creditCode), organisation, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
    audit: { aggregate: `contractor#${organisation}`, actor, action: 'register', at: c.registeredAt, after: c },
    idempotency,
    answer: { status: 201, body: { organisation, status: c.status, manualReview: c.manualReview } },
    now,
    onConflict: (i) => (i === 0 ? conflict('contractor-exists', '本机构已经登记，请等待市民政局审核。') : conflict('credit-code-registered', '这个统一社会信用代码已由其他机构账号登记。')),
  });
}

/** A contractor's own registration (the workbench shows the status, or the form when there is none). */
export async function myContractor(actor: Actor): Promise<Contractor> {
  const organisation = requireOrganisation(actor);
  const c = await get<Contractor>(procKeys.contractor(organisation));
  if (!c) throw notFound('not-registered', '本机构尚未登记为服务承接机构。');
  return strip(c);
}

export async function decideContractor(actor: Actor, organisation: string, input: { decision: 'verified' | 'rejected'; note: string }, now: Date): Promise<Contractor> {
  const current = await get<Contractor>(procKeys.contractor(organisation));
  if (!current) throw notFound('no-such-contractor', `没有登记编号为 ${organisation} 的服务承接机构。`);
  const next: Contractor = { ...strip(current), status: input.decision, decidedAt: isoShanghai(now), decisionNote: input.note, version: current.version + 1 };
  await commit({
    items: [
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.contractor(organisation), kind: 'contractor', ...next, gsi4pk: COLLECTIONS.contractors, gsi4sk: `${next.status}#${organisation}`, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': current.version },
        },
      },
    ],
    audit: { aggregate: `contractor#${organisation}`, actor, action: `verify-${input.decision}`, at: next.decidedAt!, before: current, after: next, note: input.note },
    answer: { status: 200, body: next },
    now,
    onConflict: busy,
  });
  return next;
}

export async function verifiedContractor(organisation: string): Promise<Contractor> {
  const c = await get<Contractor>(procKeys.contractor(organisation));
  if (!c) throw forbidden('contractor-not-registered', '本机构尚未登记为服务承接机构，请先登记并等待市民政局审核。');
  if (c.status !== 'verified') throw forbidden('contractor-not-verified', '本机构尚未通过市民政局审核，审核通过后才能投标。');
  return c;
}

export async function listCollection<X>(collection: string, prefix = ''): Promise<X[]> {
  const out: X[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: T(),
        IndexName: 'gsi4',
        KeyConditionExpression: prefix ? 'gsi4pk = :pk AND begins_with(gsi4sk, :p)' : 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': collection, ...(prefix ? { ':p': prefix } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...((page.Items ?? []).map((i) => strip(i)) as X[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function saveExpert(actor: Actor, input: { sub: string; name: string; speciality: string; active?: boolean; conflicts: string[] }, now: Date): Promise<Expert> {
  const current = await get<Expert>(procKeys.expert(input.sub));
  const expert: Expert = {
    sub: input.sub,
    name: input.name,
    speciality: input.speciality,
    active: input.active ?? true,
    conflicts: [...new Set(input.conflicts)].sort(),
    version: (current?.version ?? 0) + 1,
  };
  await commit({
    items: [
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.expert(input.sub), kind: 'expert', ...expert, gsi4pk: COLLECTIONS.experts, gsi4sk: input.sub, schemaVersion: SCHEMA_VERSION },
          ...(current ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': current.version } } : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
    ],
    audit: { aggregate: `expert#${input.sub}`, actor, action: 'save-expert', at: isoShanghai(now), before: current, after: expert },
    answer: { status: 200, body: expert },
    now,
    onConflict: busy,
  });
  return expert;
}

/** An expert declares a conflict (回避) themself; it can only be added, never withdrawn by the expert. */
export async function declareConflict(actor: Actor, organisation: string, reason: string, now: Date): Promise<Expert> {
  const current = await get<Expert>(procKeys.expert(actor.sub));
  if (!current) throw new AppError(403, 'not-an-expert', '没有权限', '您的账号不在专家库中。');
  const expert: Expert = { ...strip(current), conflicts: [...new Set([...current.conflicts, organisation])].sort(), version: current.version + 1 };
  await commit({
    items: [
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.expert(actor.sub), kind: 'expert', ...expert, gsi4pk: COLLECTIONS.experts, gsi4sk: actor.sub, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': current.version },
        },
      },
    ],
    audit: { aggregate: `expert#${actor.sub}`, actor, action: 'declare-conflict', at: isoShanghai(now), before: current, after: expert, note: reason },
    answer: { status: 200, body: expert },
    now,
    onConflict: busy,
  });
  return expert;
}
