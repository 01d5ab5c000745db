import { SCHEMA_VERSION } from '../definitions/table.ts';
import { conflict, forbidden, invalidField } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { keys } from '../store/keys.ts';
import { procKeys } from './keys.ts';
import type { ContractState, Milestone, TenderState } from './model.ts';
import { contractRelease } from './ocds/releases.ts';
import { ownCounty, paymentItem } from './planning.ts';
import { challengeAwardId, listChallenges } from './award.ts';
import { awardIdOf } from './ocds/releases.ts';
import { requireOrganisation } from './registry.ts';
import { busy, commit, get, loadContract, loadTender, putContract, putRelease, putTender, T, type Actor } from './store.ts';

/**
 * 合同、付款、监督评估 (measure 十八) and services linked to the cases they served (measure 三).
 * A contract is signed only after the 质疑 period of the current result has closed with every 质疑 answered
 * and none upheld as affecting the result (award.ts: such a 质疑 cancels the result it was against).
 * Its value is the awarded price (already committed against the allocation); milestones split it, and
 * each payment is against one milestone after its evaluation (验收), never beyond its amount.
 * A poor evaluation flags the contract publicly. Case references are stored; only counts are published.
 */
export async function signContract(
  actor: Actor,
  tenderId: string,
  input: { startDate: string; endDate: string; milestones: { id: string; title: string; dueDate: string; amountFen: number }[] },
  now: Date,
  idempotency?: Idempotency,
): Promise<StoredAnswer> {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  if (t.status !== 'awarded' || !t.award) throw conflict('not-awarded', `该项目当前状态为 ${t.status}，不能签订合同。`);
  if (dateShanghai(now) <= t.award.challengeUntil) throw conflict('challenge-period-open', `质疑期至 ${t.award.challengeUntil} 结束，期满后才能签订合同。`);
  // Only the 质疑 against the current result count: earlier results were cancelled with their answers.
  const current = awardIdOf(t);
  const challenges = (await listChallenges(tenderId)).filter((c) => challengeAwardId(c) === current);
  if (challenges.some((c) => c.status === 'upheld' && c.affectsResult !== false)) throw conflict('challenge-upheld', '有质疑成立，不能按原结果签订合同；须依法另行确定中标（成交）供应商或重新采购。');
  if (challenges.some((c) => c.status === 'open')) throw conflict('challenge-unanswered', '还有质疑尚未答复，答复后才能签订合同。');
  if (input.endDate < input.startDate) throw invalidField('endDate', 'order', '合同结束日期应不早于开始日期');
  if (new Set(input.milestones.map((m) => m.id)).size !== input.milestones.length) throw invalidField('milestones', 'duplicate', '履约节点编号不能重复');
  const sum = input.milestones.reduce((s, m) => s + m.amountFen, 0);
  if (sum !== t.award.priceFen) throw invalidField('milestones', 'sum', `各履约节点金额之和（${sum}分）应等于中标金额（${t.award.priceFen}分）`);
  const at = isoShanghai(now);
  const contract: ContractState = {
    id: `${t.id}-C1`,
    tenderId,
    ocid: t.ocid,
    county: t.county,
    year: t.year,
    supplier: { organisation: t.award.organisation, name: t.award.name, creditCode: t.award.creditCode },
    valueFen: t.award.priceFen,
    paidFen: 0,
    period: { startDate: input.startDate, endDate: input.endDate },
    signedAt: at,
    milestones: input.milestones.map((m): Milestone => ({ ...m, paidFen: 0, casesServed: 0 })),
    payments: [],
    flagged: false,
    casesServed: 0,
    version: 1,
    releaseSeq: t.releaseSeq + 1,
  };
  const next: TenderState = { ...t, status: 'contracted', contractId: contract.id, version: t.version + 1, releaseSeq: t.releaseSeq + 1 };
  return commit({
    items: [putTender(next, t.version), putContract(contract, null), putRelease(contractRelease(next, contract, contract.releaseSeq, at, 'contract'), contract.releaseSeq)],
    audit: { aggregate: `tender#${tenderId}`, actor, action: 'sign-contract', at, before: t, after: contract },
    idempotency,
    answer: { status: 201, body: { id: contract.id, valueFen: contract.valueFen } },
    now,
    onConflict: () => conflict('already-contracted', '该项目已签订合同。'),
  });
}

async function change(
  actor: Actor,
  c: ContractState,
  next: ContractState,
  action: string,
  now: Date,
  extra: { items?: ReturnType<typeof paymentItem>[]; idempotency?: Idempotency; answer?: StoredAnswer; note?: string } = {},
) {
  const t = await loadTender(c.tenderId);
  const at = isoShanghai(now);
  // The tender's release counter is shared by every release of this ocid, so the tender moves too.
  const seq = t.releaseSeq + 1;
  const tender: TenderState = { ...t, version: t.version + 1, releaseSeq: seq };
  const stored: ContractState = { ...next, version: c.version + 1, releaseSeq: seq };
  return commit({
    items: [putContract(stored, c.version), putTender(tender, t.version), ...(extra.items ?? []), putRelease(contractRelease(tender, stored, seq, at, 'implementation'), seq)],
    audit: { aggregate: `contract#${c.id}`, actor, action, at, before: c, after: stored, ...(extra.note ? { note: extra.note } : {}) },
    idempotency: extra.idempotency,
    answer: extra.answer ?? { status: 200, body: null },
    now,
    onConflict: busy,
  });
}

function milestoneOf(c: ContractState, id: string): Milestone {
  const m = c.milestones.find((x) => x.id === id);
  if (!m) throw invalidField('milestoneId', 'unknown', '合同中没有这个履约节点');
  return m;
}

export async function pay(actor: Actor, contractId: string, input: { milestoneId: string; amountFen: number }, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const c = await loadContract(contractId);
  ownCounty(actor, c.county);
  const m = milestoneOf(c, input.milestoneId);
  if (!m.evaluation || m.evaluation.rating === 'poor') throw conflict('milestone-not-accepted', '该履约节点尚未通过监督评估（验收），不能付款。');
  if (m.paidFen + input.amountFen > m.amountFen) throw conflict('over-milestone', `付款超过该节点金额：节点${m.amountFen}分，已付${m.paidFen}分。`);
  const id = `${contractId}-P${c.payments.length + 1}`;
  const next: ContractState = {
    ...c,
    paidFen: c.paidFen + input.amountFen,
    milestones: c.milestones.map((x) => (x.id === m.id ? { ...x, paidFen: x.paidFen + input.amountFen } : x)),
    payments: [...c.payments, { id, milestoneId: m.id, amountFen: input.amountFen, at: isoShanghai(now) }],
  };
  return change(actor, c, next, 'pay', now, {
    items: [paymentItem(c.county, c.year, input.amountFen)],
    idempotency,
    answer: { status: 201, body: { id, paidFen: next.paidFen, valueFen: c.valueFen } },
  });
}

export async function evaluateMilestone(actor: Actor, contractId: string, input: { milestoneId: string; rating: 'excellent' | 'good' | 'fair' | 'poor'; findings: string }, now: Date) {
  const c = await loadContract(contractId);
  ownCounty(actor, c.county);
  milestoneOf(c, input.milestoneId);
  const evaluation = { rating: input.rating, findings: input.findings, at: isoShanghai(now), by: actor.sub };
  const next: ContractState = {
    ...c,
    flagged: c.flagged || input.rating === 'poor',
    milestones: c.milestones.map((x) => (x.id === input.milestoneId ? { ...x, evaluation } : x)),
  };
  await change(actor, c, next, `evaluate-${input.rating}`, now, { note: input.findings });
  return { milestoneId: input.milestoneId, rating: input.rating, flagged: next.flagged };
}

/** The supplier reports delivery for a milestone and the cases (申请编号) it served in this county (三). */
export async function reportDelivery(actor: Actor, contractId: string, input: { milestoneId: string; summary: string; caseReferences: string[] }, now: Date) {
  const organisation = requireOrganisation(actor);
  const c = await loadContract(contractId);
  if (c.supplier.organisation !== organisation) throw forbidden('not-the-supplier', '只有合同的服务承接机构可以报告履约情况。');
  const m = milestoneOf(c, input.milestoneId);
  const refs = [...new Set(input.caseReferences)];
  for (const [i, ref] of refs.entries()) {
    const app = await get<{ area?: { county?: string } }>(keys.application(ref));
    if (!app || app.area?.county !== c.county) throw invalidField(`caseReferences.${i}`, 'unknown-case', '本县区没有这个申请编号的救助对象');
  }
  const n = (await get<{ n: number }>({ pk: procKeys.contract(contractId).pk, sk: `REPORTS#${m.id}` }))?.n ?? 0;
  const next: ContractState = {
    ...c,
    casesServed: c.casesServed + refs.length,
    milestones: c.milestones.map((x) => (x.id === m.id ? { ...x, casesServed: x.casesServed + refs.length } : x)),
  };
  await change(actor, c, next, 'report-delivery', now, {
    items: [
      {
        Put: {
          TableName: T(),
          Item: {
            ...procKeys.delivery(contractId, m.id, n + 1),
            kind: 'deliveryReport',
            milestoneId: m.id,
            summary: input.summary,
            caseReferences: refs,
            at: isoShanghai(now),
            by: actor.sub,
            schemaVersion: SCHEMA_VERSION,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: T(), Item: { pk: procKeys.contract(contractId).pk, sk: `REPORTS#${m.id}`, n: n + 1, schemaVersion: SCHEMA_VERSION } } },
    ] as never[],
  });
  return { milestoneId: m.id, casesServed: next.casesServed };
}
