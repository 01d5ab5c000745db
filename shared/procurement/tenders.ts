import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../store/client.ts';
import { AppError, conflict, invalidField } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { isoShanghai } from '../clock.ts';
import { procKeys } from './keys.ts';
import type { TenderContact, TenderState } from './model.ts';
import type { ProcurementMethod } from './methods.ts';
import { checkCriteria, type Criterion } from './scoring.ts';
import { ocidFor, planningRelease, tenderRelease } from './ocds/releases.ts';
import { checkAmendmentPeriod, checkIssuePeriod } from './periods.ts';
import { ownCounty, readBudget, readServiceList } from './planning.ts';
import { documentDownload, verifyDocuments } from './documents.ts';
import { requireOrganisation } from './registry.ts';
import { busy, commit, loadTender, putRelease, putTender, T, type Actor } from './store.ts';

/**
 * 采购公告 (measure 十八): a tender for a service on the county's list, within its allocation, with
 * the method, the value cap (最高限价), the deadline, the 综合评分法 criteria, the 采购人's contact and the
 * documents (uploaded to S3 first; read back and hashed here, documents.ts).
 * The deadline honours the method's legal minimum period from the issue of the documents, and late
 * substantive amendments must move it (periods.ts, citing 政府采购法, 87号令, 74号令, 财库〔2014〕214号).
 * Before the deadline it may be amended (each amendment recorded and announced as an OCDS
 * tenderAmendment) or terminated with a reason (tenderCancellation).
 */
export interface TenderInput {
  year: number;
  serviceId: string;
  title: string;
  description: string;
  method: ProcurementMethod;
  valueCapFen: number;
  deadline: string;
  criteria: Criterion[];
  documents: { key: string; title: string }[];
  contact?: TenderContact;
}

async function nextTenderNumber(county: string, year: number): Promise<number> {
  const out = await db().send(
    new UpdateCommand({ TableName: T(), Key: procKeys.tenderCounter(county, year), UpdateExpression: 'ADD seq :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }),
  );
  return out.Attributes!.seq as number;
}

function checkDeadline(deadline: string, now: Date, field = 'deadline'): void {
  if (Date.parse(deadline) <= now.getTime()) throw invalidField(field, 'past', '投标截止时间应晚于现在');
}

export async function createTender(actor: Actor, input: TenderInput, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const county = actor.county ?? '';
  ownCounty(actor, county);
  const criteriaProblem = checkCriteria(input.criteria);
  if (criteriaProblem) throw invalidField('criteria', 'weights', criteriaProblem);
  checkDeadline(input.deadline, now);
  checkIssuePeriod(input.method, input.deadline, now);
  const list = await readServiceList(county, input.year);
  const service = list.services.find((s) => s.id === input.serviceId);
  if (!service) throw invalidField('serviceId', 'not-on-list', `本县区${input.year}年购买服务清单中没有编号为 ${input.serviceId} 的服务（十八）`);
  const budget = await readBudget(county, input.year);
  if (input.valueCapFen > budget.remainingFen) {
    throw new AppError(422, 'over-allocation', '超出购买服务额度', `最高限价超过本县区${input.year}年购买服务额度的剩余部分（剩余${budget.remainingFen}分）（十八）。`);
  }
  const documents = await verifyDocuments(actor, county, input.documents, []);
  const id = `${county}-${input.year}-${String(await nextTenderNumber(county, input.year)).padStart(3, '0')}`;
  const at = isoShanghai(now);
  const tender: TenderState = {
    id,
    ocid: ocidFor(id),
    county,
    year: input.year,
    service: { id: service.id, name: service.name, description: service.description, unit: service.unit },
    title: input.title,
    description: input.description,
    method: input.method,
    valueCapFen: input.valueCapFen,
    deadline: isoShanghai(new Date(input.deadline)),
    criteria: input.criteria,
    documents,
    ...(input.contact ? { contact: input.contact } : {}),
    status: 'active',
    version: 1,
    releaseSeq: 2,
    publishedAt: at,
    createdBy: actor.sub,
    amendments: [],
  };
  return commit({
    items: [putTender(tender, null), putRelease(planningRelease(tender, 1, budget), 1), putRelease(tenderRelease(tender, 2, at, 'tender'), 2)],
    audit: { aggregate: `tender#${id}`, actor, action: 'publish', at, after: tender },
    idempotency,
    answer: { status: 201, body: { id, ocid: tender.ocid, status: tender.status, deadline: tender.deadline } },
    now,
    onConflict: busy,
  });
}

function mustBeBeforeDeadline(t: TenderState, now: Date, what: string): void {
  if (t.status !== 'active') throw conflict('tender-not-active', `该项目当前状态为 ${t.status}，不能${what}。`);
  if (now.getTime() >= Date.parse(t.deadline)) throw conflict('tender-closed', `投标已于 ${t.deadline} 截止，不能再${what}。`);
}

export async function amendTender(
  actor: Actor,
  id: string,
  input: { rationale: string; description?: string; deadline?: string; documents?: { key: string; title: string }[] },
  now: Date,
): Promise<TenderState> {
  const t = await loadTender(id);
  ownCounty(actor, t.county);
  mustBeBeforeDeadline(t, now, '更正公告');
  if (input.deadline) checkDeadline(input.deadline, now);
  const at = isoShanghai(now);
  const changes = [input.description !== undefined ? '项目说明' : '', input.deadline ? `投标截止时间改为 ${isoShanghai(new Date(input.deadline))}` : '', input.documents ? '采购文件' : ''].filter(
    Boolean,
  );
  if (!changes.length) throw invalidField('(body)', 'empty', '请至少更正一项内容：项目说明、截止时间或采购文件');
  // Legal minimum periods (periods.ts): a substantive change late in the period must move the deadline.
  const substantive = input.description !== undefined || input.documents !== undefined;
  checkAmendmentPeriod(t.method, { publishedAt: t.publishedAt, deadline: t.deadline, ...(input.deadline ? { newDeadline: input.deadline } : {}), substantive }, now);
  const documents = input.documents ? await verifyDocuments(actor, t.county, input.documents, t.documents) : undefined;
  const next: TenderState = {
    ...t,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.deadline ? { deadline: isoShanghai(new Date(input.deadline)) } : {}),
    ...(documents ? { documents } : {}),
    amendments: [...t.amendments, { id: `${t.id}-AMD${t.amendments.length + 1}`, at, rationale: input.rationale, description: `更正：${changes.join('；')}` }],
    version: t.version + 1,
    releaseSeq: t.releaseSeq + 1,
  };
  await commit({
    items: [putTender(next, t.version), putRelease(tenderRelease(next, next.releaseSeq, at, 'tenderAmendment'), next.releaseSeq)],
    audit: { aggregate: `tender#${id}`, actor, action: 'amend', at, before: t, after: next, note: input.rationale },
    answer: { status: 200, body: next },
    now,
    onConflict: busy,
  });
  return next;
}

export async function terminateTender(actor: Actor, id: string, reason: string, now: Date): Promise<TenderState> {
  const t = await loadTender(id);
  ownCounty(actor, t.county);
  if (!['active', 'opened'].includes(t.status)) throw conflict('tender-not-terminable', `该项目当前状态为 ${t.status}，不能终止。`);
  const at = isoShanghai(now);
  const next: TenderState = { ...t, status: 'terminated', termination: { reason, at, by: actor.sub }, version: t.version + 1, releaseSeq: t.releaseSeq + 1 };
  await commit({
    items: [putTender(next, t.version), putRelease(tenderRelease(next, next.releaseSeq, at, 'tenderCancellation'), next.releaseSeq)],
    audit: { aggregate: `tender#${id}`, actor, action: 'terminate', at, before: t, after: next, note: reason },
    answer: { status: 200, body: next },
    now,
    onConflict: busy,
  });
  return next;
}

/** A document download: the county of the tender, an auditor, or a registered contractor (any tender is open to bid on). */
export async function tenderDocument(actor: Actor, id: string, documentId: string) {
  const t = await loadTender(id);
  if (actor.role === 'county') ownCounty(actor, t.county);
  if (actor.role === 'contractor') requireOrganisation(actor);
  return documentDownload(t, documentId);
}

export const newChallengeId = (): string => `Q${randomUUID().replace(/-/g, '').slice(0, 10)}`;
