import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { auditItems, type TransactItem } from '../audit/chain.ts';
import { conflict, forbidden } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import { ROLE_LABELS } from '../definitions/roles.ts';
import { loadCase, type CaseItem } from './case.ts';
import { requireScope } from './scope.ts';
import { reserveShortfall } from '../payments/township-reserve.ts';
import { reserveKeys } from '../payments/keys.ts';
import { CLOSED_STATES, STATUS_LABELS, inboxKeys, targetsOf, transition, type CaseStatus, type Transition } from './states.ts';
import { currentDue } from './acceptance.ts';
import { rosterWrites } from './roster.ts';
import { holdingWrites } from '../registry/store.ts';
import { registerWrites, type RegisterPending } from '../registry/register.ts';
import { explainRegistryConflict } from '../registry/chain.ts';
import { noticeForChange } from '../notices/messages.ts';
import { dispatchNotices, noticeWrite } from '../notices/outbox.ts';

/**
 * The one way a case changes state (docs/architecture.md § Case workflow, § Consistency, § Audit):
 * load the case with a consistent read; check the role (403), the scope (403) and the state (409),
 * each with a reason; run the action's domain logic; then write everything in ONE transaction —
 * the case with `version` + 1 (conditional on the version read), its inbox keys, a history entry,
 * the audit event, and whatever else the action touches (referrals, rosters, the uniqueness item).
 * Of two concurrent requests on one case exactly one wins; the other gets a 409.
 */
export interface ActionContext<B> {
  case: CaseItem;
  actor: Actor | null;
  body: B;
  now: Date;
  /** ISO timestamp (Asia/Shanghai) of the request. */
  at: string;
  /** The calendar date (Asia/Shanghai) of the request. */
  today: string;
  transition: Transition;
}

export interface ActionOutcome {
  /** The state after, when the transition leaves it to the domain; otherwise the table's target. */
  to?: CaseStatus;
  /** Fields the action records on the case. */
  set?: Partial<CaseItem>;
  /** History note shown in the applicant's timeline: plain Chinese, never personal data. */
  note?: string;
  /** Further writes in the same transaction (referral items, rosters, person index …). */
  items?: TransactItem[];
  /** Added to the answer. */
  answer?: Record<string, unknown>;
  /** Dates that drive the inboxes (township and county) when they change. */
  dueDate?: string;
}

export type ActionLogic<B> = (ctx: ActionContext<B>) => Promise<ActionOutcome> | ActionOutcome;

export interface RunOptions<B> {
  actor: Actor | null;
  body: B;
  now: Date;
  /** Set by a scheduled job: the transition's own job, instead of a caller's role. */
  job?: string;
}

export interface ActionAnswer {
  reference: string;
  status: CaseStatus;
  statusLabel: string;
  version: number;
  [extra: string]: unknown;
}

const rolesText = (t: Transition) => t.roles.map((r) => (r === 'anyone' ? '任何人' : ROLE_LABELS[r])).join('、');

function checkRole(t: Transition, actor: Actor | null, job?: string): void {
  if (t.job) {
    if (job !== t.job) throw forbidden('role-not-allowed', `“${t.label}”只由定时任务 ${t.job} 执行。`);
    return;
  }
  if (t.roles.includes('anyone')) return;
  if (!actor || !(t.roles as readonly string[]).includes(actor.role)) {
    throw forbidden('role-not-allowed', `“${t.label}”只能由${rolesText(t)}办理。`);
  }
}

function checkState(t: Transition, c: CaseItem): void {
  if (t.from.includes(c.status)) return;
  const allowed = t.from.map((s) => `“${STATUS_LABELS[s]}”`).join('、');
  throw conflict('invalid-state', `此案件当前状态为“${STATUS_LABELS[c.status]}”（${c.status}），不能${t.label}；${t.label}只能在以下状态进行：${allowed}。`, {
    currentStatus: c.status,
    allowedStates: t.from,
  });
}

const auditActor = (actor: Actor | null, job?: string) => (job ? { sub: `job:${job}`, role: 'system' } : actor ? { sub: actor.sub, role: actor.role } : { sub: 'public', role: 'public' });

/** Deletes the open-application uniqueness item of a closing case — only if it still names this case. */
function releaseUniqueness(c: CaseItem): TransactItem[] {
  if (!c.applicant.id) return [];
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: keys.openApplication(c.applicant.id.hash, c.type),
        ConditionExpression: 'attribute_not_exists(pk) OR #ref = :ref',
        ExpressionAttributeNames: { '#ref': 'reference' },
        ExpressionAttributeValues: { ':ref': c.reference },
      },
    },
  ];
}

export type Who = { sub: string; role: string };

/**
 * Everything one change of a case writes, for the executor and for the registry's household events
 * (which change several cases in one transaction): the case at `version` + 1 on the condition of the
 * version read, its history and inbox keys, the uniqueness item when it closes, its roster entry and
 * registry holdings, its low-income register entry (低保, 特困), its audit event, and the SMS notice the change gives, if any (shared/notices: written
 * here, in the change's own transaction, under the new version — so it exists once exactly when the change does).
 */
export async function caseChange(
  c: CaseItem,
  change: {
    to: CaseStatus;
    set?: Partial<CaseItem> | undefined;
    action: string;
    who: Who;
    at: string;
    note?: string | undefined;
    dueDate?: string | undefined;
    /** A case from before the registry holds nothing yet: its holdings are all taken now (the backfill). */
    heldNothingBefore?: boolean;
    /** Cases changed in one transaction (a household event) share their register entries' writes. */
    registerPending?: RegisterPending | undefined;
  },
): Promise<{ after: CaseItem; items: TransactItem[] }> {
  const { to, action, who, at, note } = change;
  const after: CaseItem = {
    ...c,
    ...change.set,
    status: to,
    version: c.version + 1,
    updatedAt: at,
    history: [...c.history, { status: to, at, action, by: who.role, ...(note ? { note } : {}) }],
  };
  // Sorted and watched by the deadline it is held to now: 受理 while submitted, the decision after (acceptance.ts).
  const keyDue = currentDue(after);
  Object.assign(after, inboxKeys({ reference: c.reference, status: to, township: c.area.township, county: c.area.county, ...(keyDue ? { dueDate: keyDue } : {}) }));
  const closes = to !== c.status && CLOSED_STATES.includes(to);
  const notice = noticeForChange(c, after, action);
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: after,
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': c.version },
      },
    },
    ...(closes ? releaseUniqueness(c) : []),
    ...rosterWrites(c, after),
    ...holdingWrites(change.heldNothingBefore ? { ...c, status: 'withdrawn' } : c, after, at.slice(0, 10)),
    ...(await registerWrites(c, after, { by: who.sub, at, note, pending: change.registerPending })),
    ...(await auditItems({ aggregate: `case#${c.reference}`, actor: who, action, at, before: c, after, ...(note ? { note } : {}) })),
    ...(notice ? [noticeWrite(c.reference, `v${String(after.version).padStart(6, '0')}#${notice.kind}`, notice.kind, notice.text, at)] : []),
  ];
  return { after, items };
}

/** A cancelled transaction: the registry's refusal if one of its items failed, else who changed the case meanwhile. */
export async function explainCancelled(error: TransactionCanceledException, items: readonly TransactItem[], c: CaseItem, label: string, actor: Actor | null): Promise<Error> {
  for (const [i, reason] of (error.CancellationReasons ?? []).entries()) {
    if (reason.Code !== 'ConditionalCheckFailed') continue;
    // The township's 备用金 could not cover an advance (十三).
    const update = items[i]?.Update;
    if (update && reserveKeys.isAccount(String(update.Key?.pk ?? '')))
      return reserveShortfall(String(update.Key!.pk).slice('PAY#RESERVE#'.length), Number(update.ExpressionAttributeValues?.[':a'] ?? 0));
    const explained = await explainRegistryConflict(items[i], actor, c.type);
    if (explained) return explained;
  }
  return explainLostRace(c, label);
}

export async function runAction<B>(action: string, reference: string, options: RunOptions<B>, logic: ActionLogic<B>): Promise<ActionAnswer> {
  const t = transition(action);
  if (!t) throw new Error(`no transition ${action}`);
  const { actor, now } = options;
  checkRole(t, actor, options.job);
  const c = await loadCase(reference);
  if (actor && !t.roles.includes('anyone') && !t.job) requireScope(actor, c, 'write');
  checkState(t, c);

  const at = isoShanghai(now);
  const ctx: ActionContext<B> = { case: c, actor, body: options.body, now, at, today: dateShanghai(now), transition: t };
  const outcome = await logic(ctx);
  const targets = targetsOf(t, c.status);
  const to = outcome.to ?? targets[0]!;
  if (!targets.includes(to)) throw new Error(`${action} may not move ${c.status} to ${to}`);

  const { after, items: caseItems } = await caseChange(c, { to, set: outcome.set, action, who: auditActor(actor, options.job), at, note: outcome.note, dueDate: outcome.dueDate });
  const items = [...caseItems, ...(outcome.items ?? [])];
  // A transaction conflict (another transaction on a shared item, e.g. a township's 备用金) is the server's to retry:
  // the items are the same and their conditions decide; only a failed condition is answered.
  const giveUpAt = Date.now() + 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      break;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const onlyConflicts = reasons.some((r) => r.Code === 'TransactionConflict') && !reasons.some((r) => r.Code === 'ConditionalCheckFailed');
      if (onlyConflicts && Date.now() < giveUpAt) {
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** attempt)));
        continue;
      }
      throw await explainCancelled(error, items, c, t.label, actor);
    }
  }
  // A staff action's notice goes now; a night job's (渐退期满) waits for the morning's notice-sweep.
  if (!options.job) await dispatchNotices(items);
  return { reference: c.reference, status: to, statusLabel: STATUS_LABELS[to], version: after.version, ...outcome.answer };
}

/** The transaction was cancelled: someone changed the case (or its chain) meanwhile. Say what it is now. */
async function explainLostRace(c: CaseItem, label: string) {
  const now = (await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(c.reference), ConsistentRead: true }))).Item as CaseItem | undefined;
  const status = now?.status ?? c.status;
  return conflict('case-changed', `此案件刚刚被他人更新（现为“${STATUS_LABELS[status]}”），“${label}”未执行。请刷新后再操作。`, {
    currentStatus: status,
    currentVersion: now?.version ?? c.version,
  });
}

/**
 * Serves a function's action routes: each literal route hands its validated body to the executor with
 * the action's domain logic. Handlers stay thin; the rules live in the logic modules.
 */
export function serveActions(
  on: (key: string, handle: (req: { params: Record<string, string>; actor: Actor | null; body: unknown; now: Date }) => Promise<{ status: number; body: unknown }>) => void,
  actions: Record<string, ActionLogic<never>>,
): void {
  for (const [action, logic] of Object.entries(actions)) {
    on(`POST /api/v1/applications/{reference}/actions/${action}`, async (req) => ({
      status: 200,
      body: await runAction(action, req.params.reference ?? '', { actor: req.actor, body: req.body as never, now: req.now }, logic),
    }));
  }
}
