import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { conflict, notFound } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { procKeys } from './keys.ts';
import type { PublishedClarification, TenderState } from './model.ts';
import { tenderRelease } from './ocds/releases.ts';
import { AMENDMENT_PERIODS, earliestDeadline } from './periods.ts';
import { ownCounty } from './planning.ts';
import { requireOrganisation, verifiedContractor } from './registry.ts';
import { busy, commit, get, loadTender, putRelease, putTender, queryAll, T, type Actor } from './store.ts';

/**
 * 澄清 (measure 十八 buys services under the procurement rules). A verified contractor asks a question before
 * the deadline; the county answers; the answer is published to everyone on the tender (the public tender
 * page, every bidder's view, and OCDS as a tenderAmendment with a `clarifications` document), without naming
 * who asked. An answer that changes the documents (可能影响投标文件编制) less than the amendment period before
 * the deadline moves the deadline to the end of that period, keeping the time of day — the parameter is
 * AMENDMENT_PERIODS in periods.ts (公开招标 15日, 财政部令第87号第二十七条; the other methods with their sources).
 */
export interface Clarification {
  id: string;
  tenderId: string;
  /** The asker: shown to the county and to the asker only, never published. */
  organisation: string;
  question: string;
  askedAt: string;
  status: 'open' | 'answered';
  answer?: PublishedClarification['answer'];
}

const newId = () => `C${randomUUID().replace(/-/g, '').slice(0, 10)}`;

function takingQuestions(t: TenderState, now: Date, what: string): void {
  if (t.status !== 'active') throw conflict('tender-not-active', `该项目已不在投标阶段，不能再${what}。`);
  if (now.getTime() >= Date.parse(t.deadline)) throw conflict('tender-closed', `投标已于 ${t.deadline} 截止，不能再${what}。`);
}

export async function askClarification(actor: Actor, tenderId: string, question: string, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const organisation = requireOrganisation(actor);
  await verifiedContractor(organisation);
  const t = await loadTender(tenderId);
  takingQuestions(t, now, '提出澄清问题');
  const c: Clarification = { id: newId(), tenderId, organisation, question, askedAt: isoShanghai(now), status: 'open' };
  return commit({
    items: [
      { Put: { TableName: T(), Item: { ...procKeys.clarification(tenderId, c.id), kind: 'clarification', ...c, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
    audit: { aggregate: `tender#${tenderId}#clarification#${c.id}`, actor, action: 'ask-clarification', at: c.askedAt, after: c },
    idempotency,
    answer: { status: 201, body: { id: c.id, status: c.status, askedAt: c.askedAt, note: '采购人答复后，答复内容会向所有潜在投标人公开（不公开提问机构）。' } },
    now,
    onConflict: busy,
  });
}

/** The deadline after an answer that changes the documents: unchanged, or moved to the end of the amendment period. */
export function deadlineAfterChange(t: Pick<TenderState, 'method' | 'deadline'>, now: Date): { from: string; to: string; source: string } | null {
  const period = AMENDMENT_PERIODS[t.method];
  const earliest = earliestDeadline(dateShanghai(now), period).date;
  const current = dateShanghai(new Date(t.deadline));
  if (current >= earliest) return null;
  const to = isoShanghai(new Date(`${earliest}${isoShanghai(new Date(t.deadline)).slice(10)}`));
  return { from: t.deadline, to, source: period.source };
}

export async function answerClarification(
  actor: Actor,
  tenderId: string,
  clarificationId: string,
  input: { answer: string; changesDocuments: boolean; question?: string },
  now: Date,
): Promise<{ clarification: PublishedClarification; deadline: string }> {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  takingQuestions(t, now, '答复澄清问题');
  const c = await get<Clarification>(procKeys.clarification(tenderId, clarificationId));
  if (!c) throw notFound('no-such-clarification', `采购项目 ${tenderId} 没有编号为 ${clarificationId} 的澄清问题。`);
  if (c.status !== 'open') throw conflict('clarification-answered', '这个问题已经答复过了。');
  const at = isoShanghai(now);
  const moved = input.changesDocuments ? deadlineAfterChange(t, now) : null;
  const published: PublishedClarification = {
    id: c.id,
    question: input.question ?? c.question,
    answer: { text: input.answer, at, changesDocuments: input.changesDocuments, deadlineMoved: moved },
  };
  const next: TenderState = {
    ...t,
    ...(moved ? { deadline: moved.to } : {}),
    clarifications: [...(t.clarifications ?? []), published],
    version: t.version + 1,
    releaseSeq: t.releaseSeq + 1,
  };
  await commit({
    items: [
      putTender(next, t.version),
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.clarification(tenderId, c.id), kind: 'clarification', ...c, status: 'answered', answer: published.answer, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: '#s = :open',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      },
      putRelease(tenderRelease(next, next.releaseSeq, at, 'tenderAmendment'), next.releaseSeq),
    ],
    audit: { aggregate: `tender#${tenderId}`, actor, action: 'answer-clarification', at, before: t, after: next, note: c.id },
    answer: { status: 200, body: null },
    now,
    onConflict: (i) => (i === 1 ? conflict('clarification-answered', '这个问题已经答复过了。') : busy()),
  });
  return { clarification: published, deadline: next.deadline };
}

/**
 * The clarifications of a tender as the caller may see them: the county of the tender and the auditor see every
 * question with its asker; a contractor sees every published answer and its own questions still open.
 */
export async function clarificationsFor(actor: Actor, tenderId: string) {
  const t = await loadTender(tenderId);
  if (actor.role === 'county') ownCounty(actor, t.county);
  const all = await queryAll<Clarification>(procKeys.tender(tenderId).pk, 'CLAR#');
  const published = t.clarifications ?? [];
  if (actor.role === 'contractor') {
    const organisation = requireOrganisation(actor);
    return {
      deadline: t.deadline,
      published,
      mine: all.filter((c) => c.organisation === organisation && c.status === 'open').map((c) => ({ id: c.id, question: c.question, askedAt: c.askedAt, status: c.status })),
    };
  }
  return {
    deadline: t.deadline,
    published,
    questions: all.map((c) => ({ id: c.id, organisation: c.organisation, question: c.question, askedAt: c.askedAt, status: c.status, answer: c.answer ?? null })),
  };
}
