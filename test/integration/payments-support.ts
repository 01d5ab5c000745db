import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { db, tableName } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { inboxKeys } from '../../shared/cases/states.ts';
import { onRoster, rosterItem } from '../../shared/cases/roster.ts';
import { makeReference } from '../../shared/cases/reference-number.ts';
import type { CaseItem } from '../../shared/cases/case.ts';
import type { Enrolment } from '../../shared/cases/decision.ts';
import type { StoredMember } from '../../shared/cases/application.ts';
import { idNumber } from '../support/people.ts';
import { apply, checkReport, fundReserve, must, needFor, visit, type Staff } from './workflow-support.ts';
import type { Platform } from '../../infra/local/platform.ts';

/**
 * Active cases for payment tests and the bench. A few go through the whole workflow over HTTP; the many
 * are clones of those real items (new reference, area, household, enrolment), so their shape is exactly
 * what the workflow writes and cannot drift from it.
 */
export const EAST = { county: '341623', township: '341623101' };

interface CallPlatform {
  call(method: string, path: string, o?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; text: string }>;
  runJob: Platform['runJob'];
}

export async function loadCaseItem(reference: string): Promise<CaseItem> {
  return (await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(reference), ConsistentRead: true }))).Item as CaseItem;
}

/** 低保 or 特困 through accept, check, visit, propose, 公示, publicity-close and approve. */
export async function activeThroughApi(
  p: CallPlatform,
  s: Staff,
  area: { county: string; township: string },
  type: 'dibao' | 'tekun',
  seq: string,
  closeOn: string,
  propose: Record<string, unknown> = {},
): Promise<string> {
  const id = idNumber(type === 'tekun' ? '19500101' : '19700101', seq, area.county);
  const members =
    type === 'tekun'
      ? [{ name: '王五', idNumber: id, relation: 'self', monthlyIncomeFen: 0 }]
      : [
          { name: '张三', idNumber: id, relation: 'self', monthlyIncomeFen: 30000 },
          { name: '李四', idNumber: idNumber('19720202', seq, area.county), relation: 'spouse', monthlyIncomeFen: 0 },
        ];
  const ref = await apply(p as never, {
    type,
    applicant: { name: members[0]!.name, idNumber: id, phone: '13800001234' },
    area: { ...area, residence: 'rural', hukou: 'local' },
    household: { members, assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    consent: { economicCheck: true },
  });
  await must(p as never, s.caseworker, ref, 'accept');
  await must(p as never, s.check, ref, 'recordCheck', checkReport(false));
  await must(p as never, s.caseworker, ref, 'recordVisit', visit(false));
  await must(p as never, s.caseworker, ref, 'propose', propose);
  await must(p as never, s.caseworker, ref, 'publicize');
  await p.runJob('publicity-close', closeOn);
  const approved = await must(p as never, s.approver, ref, 'approve');
  expect(approved.status).toBe('active');
  return ref;
}

/** 临时救助 through accept, check, visit, propose and approve with a plan. */
export async function linshiThroughApi(
  p: CallPlatform,
  s: Staff,
  area: { county: string; township: string },
  seq: string,
  kind: 'emergency' | 'expenditure',
  plan: Record<string, unknown>,
): Promise<{ reference: string; answer: any }> {
  const id = idNumber('19750101', seq, area.county);
  const ref = await apply(p as never, {
    type: 'linshi',
    applicant: { name: '赵六', idNumber: id, phone: '13800001234' },
    area: { ...area, residence: 'rural', hukou: 'local' },
    household: { members: [{ name: '赵六', idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    hardship: { kind, description: kind === 'emergency' ? '房屋失火' : '大病医疗支出', amountFen: 300000 },
    consent: { economicCheck: true },
  });
  await must(p as never, s.caseworker, ref, 'accept');
  if (kind === 'expenditure') {
    await must(p as never, s.check, ref, 'recordCheck', checkReport(false));
    await must(p as never, s.caseworker, ref, 'recordVisit', visit(false));
  }
  await must(p as never, s.caseworker, ref, 'assessNeed', needFor({ kind, amountFen: 300000 }, '2026-01-01'));
  await must(p as never, s.caseworker, ref, 'propose');
  // The advance is drawn from the township's 备用金 (十三): the county funds it first.
  if (plan.kind === 'advance') await fundReserve(p as never, s.county, area.township, 1_000_000);
  const answer = await must(p as never, s.approver, ref, 'approve', { plan });
  return { reference: ref, answer };
}

export interface CloneSpec {
  seq: number;
  county: string;
  township: string;
  residence?: 'urban' | 'rural';
  /** 低保: the first member's income (the second has none). 特困: ignored. */
  incomeFen?: number;
  tekun?: { careLevel: 'full' | 'half' | 'self'; supportMode: 'dispersed' | 'centralized' };
  startMonth?: string;
  enrolment?: Partial<Enrolment> & Record<string, unknown>;
}

/** A new active case from a real one: only identity, area, household and enrolment change. */
export function cloneCase(template: CaseItem, o: CloneSpec): CaseItem {
  const reference = makeReference(o.county, '2026-01-05', o.seq);
  const member = (name: string, birthDate: string, relation: StoredMember['relation'], monthlyIncomeFen: number): StoredMember => ({ name, birthDate, relation, monthlyIncomeFen });
  const members = template.type === 'tekun' ? [member('王五', '1950-01-01', 'self', 0)] : [member('张三', '1970-01-01', 'self', o.incomeFen ?? 0), member('李四', '1972-02-02', 'spouse', 0)];
  const area = { county: o.county, township: o.township, residence: o.residence ?? 'rural', hukou: 'local' as const };
  const { applicant, householdId: _household, ...rest } = template;
  const { persons: _persons, ...enrolment } = template.enrolment!;
  // Shaped like a case from before the registry: no household, and members who are nobody else's.
  return {
    ...rest,
    ...keys.application(reference),
    reference,
    area,
    applicant: { name: members[0]!.name, phone: applicant.phone, phoneHash: applicant.phoneHash },
    household: { members, assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    enrolment: { ...enrolment, startMonth: o.startMonth ?? '2026-01', ...(o.tekun ?? {}), ...o.enrolment },
    ...inboxKeys({ reference, status: 'active', township: o.township, county: o.county, ...(template.dueDate ? { dueDate: template.dueDate } : {}) }),
  };
}

/**
 * BatchWrite, 25 at a time, `concurrency` requests in flight. A case on the roster gets its roster item
 * too, as the workflow's transaction writes it (shared/cases/roster.ts).
 */
export async function writeItems(items: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>, concurrency = 8): Promise<number> {
  let n = 0;
  const inFlight = new Set<Promise<void>>();
  let chunk: Record<string, unknown>[] = [];
  const flush = async (batch: Record<string, unknown>[]) => {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = { [tableName()]: batch.map((Item) => ({ PutRequest: { Item } })) };
    while (request && Object.keys(request).length) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  };
  const start = (batch: Record<string, unknown>[]) => {
    const pr = flush(batch).finally(() => inFlight.delete(pr));
    inFlight.add(pr);
    return pr;
  };
  for await (const item of items as AsyncIterable<Record<string, unknown>>) {
    const c = item as unknown as CaseItem;
    for (const one of item.kind === 'application' && onRoster(c) ? [item, rosterItem(c)] : [item]) {
      chunk.push(one);
      if (chunk.length < 25) continue;
      start(chunk);
      chunk = [];
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    n++;
  }
  if (chunk.length) start(chunk);
  await Promise.all(inFlight);
  return n;
}

export const account = (n: number) => ({ name: '张三', bank: '亳州农村商业银行', accountNumber: `62170000${String(n).padStart(10, '0')}` });
export const idem = () => ({ 'idempotency-key': randomUUID() });

/** A payee item as shared/payments/payees.ts writes it (sealed account), for seeding many at once. */
export async function payeeItem(c: Pick<CaseItem, 'reference' | 'area'>, roles: string[], n: number) {
  const { seal, keyedHash } = await import('../../shared/crypto/pii.ts');
  const { payKeys } = await import('../../shared/payments/keys.ts');
  const a = account(n);
  const { hash, keyVersion } = await keyedHash('account', a.accountNumber);
  const sealed = await seal(a.accountNumber);
  const entry = { name: a.name, bank: a.bank, account: sealed, accountHash: hash, keyVersion, last4: a.accountNumber.slice(-4), updatedAt: '2026-01-05T09:00:00+08:00', updatedBy: 'seed' };
  return {
    ...payKeys.payee(c.reference),
    reference: c.reference,
    county: c.area.county,
    township: c.area.township,
    accounts: Object.fromEntries(roles.map((r) => [r, entry])),
    version: 1,
    schemaVersion: 1,
  };
}
