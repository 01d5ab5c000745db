import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { decodeCursor, encodeCursor } from '../store/page.ts';
import { appendAudit, readChain } from '../audit/chain.ts';
import { open } from '../crypto/pii.ts';
import { maskIdNumber, maskName, maskPhone } from '../identifiers/mask.ts';
import { atRiskCutoff, dueFlags } from '../calendar/due.ts';
import { parametersOn } from '../policy/store.ts';
import { findTownship } from '../reference/areas.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import { loadCase, type CaseItem } from './case.ts';
import { requireScope } from './scope.ts';
import { chainForCase } from '../registry/chain.ts';
import { evidenceForStaff } from './evidence.ts';
import { OPEN_STATES, STATUS_LABELS, allowedActions, type CaseStatus } from './states.ts';
import { currentDue } from './acceptance.ts';
import { nextStep } from './next-step.ts';
import { remindersOfCase } from './reminders.ts';

/**
 * What staff see: the inbox (masked names only, docs/architecture.md § Personal data) and one case in full for
 * those whose scope covers it. Opening a case reads personal data, so every opening is audited on
 * the case's read chain (`pii-reads#<reference>`), apart from the change chain so reads never race writes.
 * ID numbers are decrypted only to be masked.
 */
/** A case as work with a due date (shared/calendar/due.ts): open while its status is. */
/** The deadline flagged: 受理 while submitted (shared/cases/acceptance.ts), the decision after; a case returned for completion waits for the applicant. */
export const caseDue = (c: { status: CaseStatus; dueDate?: string; acceptBy?: string }) => ({ dueDate: currentDue(c), open: OPEN_STATES.includes(c.status) && c.status !== 'returned' });

/**
 * The inbox shows live work by default (`status` absent or `open`: the open states); `status=all` lists every
 * case, `status=<state>` one state. Live pages are filled across index pages, so a page of finished cases
 * never comes back empty with a cursor.
 */
/** A case as a line of a staff list (inbox, 今日工作): masked name, labels, township name. */
export const caseLine = (c: CaseItem) => ({
  reference: c.reference,
  type: c.type,
  typeLabel: TYPE_PROFILES[c.type].label,
  status: c.status,
  statusLabel: STATUS_LABELS[c.status],
  applicant: maskName(c.applicant.name),
  township: findTownship(c.area.township)?.name ?? c.area.township,
});

export async function inbox(actor: Actor, query: { status?: CaseStatus | 'open' | 'all'; cursor?: string; limit?: string }, now: Date) {
  const township = actor.role === 'caseworker' || actor.role === 'approver';
  const live = !query.status || query.status === 'open';
  const state = live || query.status === 'all' ? undefined : query.status;
  const prefix = township ? (state ? `${state}#` : '') : `APP#${state ? `${state}#` : ''}`;
  const today = dateShanghai(now);
  const limit = Math.min(Number(query.limit ?? 50) || 50, 100);
  const read = async () => {
    const found: Record<string, unknown>[] = [];
    let start = decodeCursor(query.cursor);
    for (let pages = 0; pages < 20; pages++) {
      const out = await db().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: township ? 'gsi1' : 'gsi3',
          KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
          ExpressionAttributeNames: { '#pk': township ? 'gsi1pk' : 'gsi3pk', ...(prefix ? { '#sk': township ? 'gsi1sk' : 'gsi3sk' } : {}) },
          ExpressionAttributeValues: { ':pk': township ? `TWP#${actor.township}` : `CTY#${actor.county}`, ...(prefix ? { ':prefix': prefix } : {}) },
          // Live pages skip finished cases: read in larger pages and cut at the limit (the cursor is the last item given).
          Limit: live ? 100 : limit,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        if (live && !OPEN_STATES.includes(item.status as CaseStatus)) continue;
        found.push(item);
        if (found.length === limit) {
          const last = item;
          const lastKey = township ? { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk } : { pk: last.pk, sk: last.sk, gsi3pk: last.gsi3pk, gsi3sk: last.gsi3sk };
          const more = item !== out.Items![out.Items!.length - 1] || Boolean(out.LastEvaluatedKey);
          return { Items: found, LastEvaluatedKey: more ? lastKey : undefined };
        }
      }
      start = out.LastEvaluatedKey;
      if (!start) break;
    }
    return { Items: found, LastEvaluatedKey: start };
  };
  const [out, params] = await Promise.all([read(), parametersOn(today)]);
  const cutoff = atRiskCutoff(params, today);
  const items = (out.Items ?? []).map((raw) => {
    const c = raw as CaseItem;
    return {
      ...caseLine(c),
      submittedAt: c.submittedAt,
      ...(c.dueDate ? { dueDate: c.dueDate, dueDateProvisional: c.dueProvisional ?? false } : {}),
      ...(!c.dueDate && c.acceptBy ? { acceptBy: c.acceptBy, acceptByProvisional: c.acceptByProvisional ?? false } : {}),
      flags: { ...dueFlags(caseDue(c), today, cutoff), relative: Boolean(c.relativeFlag), channel: c.channel },
    };
  });
  return { items, cursor: encodeCursor(out.LastEvaluatedKey) };
}

async function maskedId(sealed: { sealed: Parameters<typeof open>[0] } | undefined): Promise<string | undefined> {
  return sealed ? maskIdNumber(await open(sealed.sealed)) : undefined;
}

/**
 * A department sees a case only because something was referred to it, and only what answering that
 * needs: the case's status, its deadline and its own referral — never the household, incomes, assets,
 * the check and visit records, other departments' referrals or the audit. (`POST /api/v1/status-queries`
 * is how a department learns whether a person receives assistance.)
 */
export async function departmentCaseView(actor: Actor, c: CaseItem, now: Date) {
  const today = dateShanghai(now);
  const params = await parametersOn(today);
  return {
    view: 'department' as const,
    reference: c.reference,
    type: c.type,
    typeLabel: TYPE_PROFILES[c.type].label,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status],
    applicant: { name: maskName(c.applicant.name) },
    area: { county: c.area.county, township: c.area.township },
    township: findTownship(c.area.township)?.name ?? c.area.township,
    submittedAt: c.submittedAt,
    ...(c.acceptedAt ? { acceptedAt: c.acceptedAt } : {}),
    ...(c.dueDate ? { dueDate: c.dueDate, dueProvisional: c.dueProvisional ?? false } : {}),
    referrals: (c.referrals ?? []).filter((r) => r.department === actor.department),
    flags: dueFlags(caseDue(c), today, atRiskCutoff(params, today)),
    allowedActions: allowedActions(actor.role, c.status),
  };
}

export async function caseView(actor: Actor, reference: string, now: Date) {
  const c = await loadCase(reference);
  requireScope(actor, c, 'read');
  if (actor.role === 'department') return departmentCaseView(actor, c, now);
  await appendAudit({ aggregate: `pii-reads#${c.reference}`, actor: { sub: actor.sub, role: actor.role }, action: 'read-case', at: isoShanghai(now) });
  const members = await Promise.all(c.household.members.map(async ({ id, ...m }) => ({ ...m, ...(id ? { idNumber: await maskedId(id) } : {}) })));
  const today = dateShanghai(now);
  const [events, params, registry, reminders, evidence] = await Promise.all([
    readChain(`case#${c.reference}`),
    parametersOn(today),
    chainForCase(c, actor),
    remindersOfCase(c.reference),
    evidenceForStaff(c.reference),
  ]);
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi3pk: _c, gsi3sk: _d, applicant, household, objections, agent, schemaVersion: _v, ...records } = c;
  return {
    ...records,
    statusLabel: STATUS_LABELS[c.status],
    typeLabel: TYPE_PROFILES[c.type].label,
    applicant: {
      name: applicant.name,
      phone: maskPhone(await open(applicant.phone)),
      ...(applicant.id ? { idNumber: await maskedId(applicant.id) } : {}),
    },
    household: { ...household, members },
    // 代办 (shared/cases/agent.ts): who applied for the applicant, with the phone masked like the applicant's.
    ...(agent ? { agent: { name: agent.name, relation: agent.relation, phone: maskPhone(await open(agent.phone)), consent: agent.consent } } : {}),
    // The objector's contact stays sealed (保密): staff see only that one was given.
    objections: (objections ?? []).map(({ contactPhone, contactName: _n, ...o }) => ({ ...o, contactGiven: contactPhone !== undefined })),
    flags: dueFlags(caseDue(c), today, atRiskCutoff(params, today)),
    // 一户一条救助链: what each member receives in other cases, and what would conflict with this one.
    registry,
    allowedActions: allowedActions(actor.role, c.status),
    // What the case waits for and who must act; the caller's actions, those that cannot succeed yet disabled with the reason.
    next: nextStep(c, actor),
    // The applicant's uploads (shared/cases/evidence.ts), with short-lived download links: staff only, never public.
    evidence,
    // 催办 from the county's 督办 (shared/cases/reminders.ts), newest last.
    reminders: reminders.map(({ n, at, by, note, subject, kind, dueDate }) => ({ n, at, by, note, subject, kind, ...(dueDate ? { dueDate } : {}) })),
    audit: events.map((e) => ({ seq: e.seq, action: e.action, at: e.at, actor: e.actor, hash: e.hash })),
  };
}
