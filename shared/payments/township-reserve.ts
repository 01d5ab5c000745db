import { randomUUID } from 'node:crypto';
import type { TransactItem } from '../audit/chain.ts';
import { commitAudited } from '../store/commit.ts';
import { AppError, conflict } from '../errors.ts';
import type { Idempotency } from '../store/idempotency.ts';
import type { Actor } from '../access/actor.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import { formatYuan } from '../money.ts';
import { parametersOn } from '../policy/store.ts';
import { COUNTIES, findTownship } from '../reference/areas.ts';
import { maskName } from '../identifiers/mask.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { addMonth } from './months.ts';
import { createTask } from '../management/tasks.ts';
import { casesOf, ledger, reserves } from './store.ts';

/**
 * 乡镇（街道）临时救助备用金 (十三): each township's reserve is an account with a balance. The county funds it
 * (never above `linshi.reserve.limit`, a dated example parameter). Two payments draw from it inside the
 * approval's own transaction, on the condition that the balance covers it — so no burst of approvals can take it
 * below zero:
 *   - every 急难型 advance (小金额先行救助), refused whole if the reserve cannot cover it;
 *   - a one-off 临时救助 the township approves within its own authority (no county review), when the balance
 *     covers it; otherwise it is paid by the county's monthly run, and the plan says why (shared/cases/decision.ts).
 * Each month is reconciled against the ledger by the `reserve-reconciliation` job: every draw must match its
 * ledger entry (channel `reserve`), and a difference becomes a task for the county.
 *
 * This is not the 救灾物资储备 of (十一), which is shared/management/reserves.ts.
 *
 * Its keys are keys.ts `reserveKeys`; its reads and writes store.ts `reserves`.
 */
export interface ReserveMovement {
  kind: 'fund' | 'draw';
  amountFen: number;
  at: string;
  month: string;
  by: string;
  reference?: string;
  /** The ledger kind the draw paid: `linshi.advance` or `linshi.oneOff` (older draws: advances). */
  entryKind?: ReserveEntryKind;
  note?: string;
}
export type ReserveEntryKind = 'linshi.advance' | 'linshi.oneOff';

const townshipName = (t: string) => findTownship(t)?.name ?? t;

/** A draw, for the approval's transaction: the balance must cover it (conditional update). */
export function reserveDrawItems(township: string, reference: string, amountFen: number, at: string, by: string, entryKind: ReserveEntryKind): TransactItem[] {
  return reserves.drawItems(township, { kind: 'draw', amountFen, at, month: at.slice(0, 7), by, reference, entryKind });
}

const readAccount = (township: string) => reserves.account(township);

/** The balance now; 0 for a township the county has never funded. */
export async function reserveBalance(township: string): Promise<number> {
  return ((await readAccount(township))?.balanceFen as number | undefined) ?? 0;
}

/** Why a draw was refused: the balance as it is now. */
export async function reserveShortfall(township: string, amountFen: number): Promise<AppError> {
  const balance = await reserveBalance(township);
  return conflict(
    'reserve-insufficient',
    `${townshipName(township)}临时救助备用金余额${formatYuan(balance)}，不足以支付${formatYuan(amountFen)}（十三）。请县级民政部门先拨付备用金，或改为一次性发放。`,
    { balanceFen: balance, amountFen },
  );
}

/** The township in the path; whether the caller reaches it was checked by the pipeline (the route's scope). */
function requireTownshipCode(township: string): void {
  if (!/^\d{9}$/.test(township))
    throw new AppError(400, 'validation-failed', '填写的内容有误', 'township：乡镇（街道）代码应为9位数字', [{ field: 'township', code: 'format', message: '乡镇（街道）代码应为9位数字' }]);
}

/** The county funds a township's reserve, never above the limit in force. */
export async function fundReserve(township: string, body: { amountFen: number; note?: string | undefined }, actor: Actor, now: Date, idempotency: Idempotency | undefined) {
  requireTownshipCode(township);
  const at = isoShanghai(now);
  const limit = (await parametersOn(dateShanghai(now))).value('linshi.reserve.limit');
  if (body.amountFen > limit) {
    throw new AppError(422, 'reserve-above-limit', '超过备用金限额', `拨付${formatYuan(body.amountFen)}超过乡镇（街道）备用金限额${formatYuan(limit)}。`, [
      { field: 'amountFen', code: 'above-limit', message: `不能超过限额${formatYuan(limit)}` },
    ]);
  }
  const id = randomUUID();
  const move: ReserveMovement = { kind: 'fund', amountFen: body.amountFen, at, month: at.slice(0, 7), by: actor.sub, ...(body.note ? { note: body.note } : {}) };
  const answer = { status: 201, body: { township, funded: move } };
  await commitAudited({
    idempotency,
    answer,
    now,
    retryOnAuditHead: true,
    items: reserves.fundItems(township, id, move, limit),
    audit: { aggregate: `reserve#${township}`, actor: { sub: actor.sub, role: actor.role }, action: 'fund-reserve', at, after: move },
    explain: () =>
      new AppError(422, 'reserve-above-limit', '超过备用金限额', `拨付后余额将超过乡镇（街道）备用金限额${formatYuan(limit)}。`, [
        { field: 'amountFen', code: 'above-limit', message: `拨付后余额不能超过限额${formatYuan(limit)}` },
      ]),
  });
  return answer.body;
}

async function movementsOf(township: string): Promise<ReserveMovement[]> {
  const items = await reserves.movements(township);
  return items.map((i) => ({
    kind: i.kind,
    amountFen: i.amountFen,
    at: i.at,
    month: i.month,
    by: i.by,
    ...(i.reference ? { reference: i.reference } : {}),
    ...(i.entryKind ? { entryKind: i.entryKind } : {}),
    ...(i.note ? { note: i.note } : {}),
  }));
}

export interface ReserveDifference {
  reference: string;
  entryKind: ReserveEntryKind;
  reserveFen: number;
  ledgerFen: number;
  problem: string;
}

/** A month's draws against the ledger: each must have its entry, of the same amount, paid from the reserve. */
async function reconcile(movements: ReserveMovement[], month: string) {
  const inMonth = movements.filter((x) => x.month === month);
  const draws = inMonth.filter((x) => x.kind === 'draw');
  const entries = await Promise.all(draws.map((d) => ledger.get({ reference: d.reference!, period: month, kind: d.entryKind ?? 'linshi.advance' })));
  const differences: ReserveDifference[] = draws.flatMap((d, i) => {
    const e = entries[i];
    const base = { reference: d.reference!, entryKind: d.entryKind ?? 'linshi.advance', reserveFen: d.amountFen };
    if (!e) return [{ ...base, ledgerFen: 0, problem: '备用金已支出，台账中没有对应的支付记录' }];
    if (e.amountFen !== d.amountFen || e.channel !== 'reserve') return [{ ...base, ledgerFen: e.amountFen, problem: '备用金支出与台账金额或渠道不一致' }];
    return [];
  });
  const sum = (xs: ReserveMovement[]) => xs.reduce((a, x) => a + x.amountFen, 0);
  return {
    month,
    fundedFen: sum(inMonth.filter((x) => x.kind === 'fund')),
    drawnFen: sum(draws),
    draws: draws.length,
    matched: draws.length - differences.length,
    differences,
    reconciled: differences.length === 0,
  };
}

/** The balance, what drew on it, the month's reconciliation against the ledger, and the job's past results. */
export async function reserveView(township: string, month: string | undefined, now: Date) {
  requireTownshipCode(township);
  const [account, movements, past] = await Promise.all([
    readAccount(township),
    movementsOf(township),
    // The last twelve months the job reconciled: the first page is enough.
    reserves.reconciliations(township, 12),
  ]);
  const limit = (await parametersOn(dateShanghai(now))).value('linshi.reserve.limit');
  return {
    township,
    townshipName: townshipName(township),
    balanceFen: (account?.balanceFen as number | undefined) ?? 0,
    fundedFen: (account?.fundedFen as number | undefined) ?? 0,
    drawnFen: (account?.drawnFen as number | undefined) ?? 0,
    limitFen: limit,
    movements: movements.slice(-200),
    reconciliation: await reconcile(movements, month ?? dateShanghai(now).slice(0, 7)),
    monthly: past.map((r) => ({ month: r.month, reconciled: r.reconciled, draws: r.draws, drawnFen: r.drawnFen, differences: (r.differences as unknown[]).length, at: r.at })),
  };
}

/** Working days the county has to look into a reserve difference (platform example; the measures set none). */
export const RESERVE_DIFFERENCE_WORKING_DAYS = 10;

/**
 * The monthly reconciliation (十三)(二十三): on the 1st, every funded township's previous month, kept as one
 * record per month (`RECON#<month>`, the latest run's result); each difference becomes a `reserve-difference`
 * task for the township and county, whose id is deterministic — so a job run twice creates nothing twice.
 */
export async function reconcileReserves(date: string) {
  const month = addMonth(date.slice(0, 7), -1);
  const at = `${date}T00:00:00+08:00`;
  let townships = 0;
  let differences = 0;
  let tasks = 0;
  for (const county of COUNTIES) {
    for (const t of county.townships) {
      if (!(await readAccount(t.code))) continue;
      townships++;
      const result = await reconcile(await movementsOf(t.code), month);
      // One record per township and month, holding the latest result (a rerun after a fix overwrites it).
      await reserves.putReconciliation(t.code, month, { ...result, at });
      differences += result.differences.length;
      const cases = new Map((await casesOf(result.differences.map((d) => d.reference))).map((c) => [c.reference, c]));
      for (const d of result.differences) {
        const created = await createTask({
          kind: 'reserve-difference',
          period: month,
          reference: d.reference,
          type: 'linshi',
          county: county.code,
          township: t.code,
          dueDate: addWorkingDaysProvisional(date, RESERVE_DIFFERENCE_WORKING_DAYS).date,
          applicant: maskName(cases.get(d.reference)?.applicant.name ?? ''),
          createdOn: date,
          createdBy: 'job:reserve-reconciliation',
          evidence: { problem: d.problem, reserveFen: d.reserveFen, ledgerFen: d.ledgerFen, entryKind: d.entryKind },
        });
        if (created === 'created') tasks++;
      }
    }
  }
  return { month, townships, differences, tasks };
}
