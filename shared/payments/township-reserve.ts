import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import type { TransactItem } from '../audit/chain.ts';
import { commitAudited } from '../store/commit.ts';
import { AppError, conflict, forbidden } from '../http/problem.ts';
import type { Idempotency } from '../http/idempotency.ts';
import type { Actor } from '../http/auth.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import { formatYuan } from '../money.ts';
import { parametersOn } from '../policy/store.ts';
import { findTownship } from '../reference/areas.ts';
import { payKeys } from './keys.ts';

/**
 * 乡镇（街道）临时救助备用金 (十三): each township's reserve is an account with a balance. The county funds it
 * (never above `linshi.reserve.limit`, a dated example parameter); every 急难型 advance (小金额先行救助) draws
 * from it inside the approval's own transaction, on the condition that the balance covers it — so no burst of
 * approvals can take it below zero, and an advance the reserve cannot cover is refused whole. A month is
 * reconciled against the ledger: every draw must match its `linshi.advance` entry (channel `reserve`).
 *
 * This is not the 救灾物资储备 of (十一), which is shared/management/reserves.ts.
 *
 *   account   PAY#RESERVE#<township> / ACCOUNT            balanceFen, fundedFen, drawnFen
 *   movement  PAY#RESERVE#<township> / MOVE#<at>#<id>     kind fund | draw, amountFen, reference, month
 */
export const reserveKeys = {
  account: (township: string) => ({ pk: `PAY#RESERVE#${township}`, sk: 'ACCOUNT' }),
  movement: (township: string, at: string, id: string) => ({ pk: `PAY#RESERVE#${township}`, sk: `MOVE#${at}#${id}` }),
  isAccount: (pk: string) => pk.startsWith('PAY#RESERVE#'),
} as const;

export interface ReserveMovement {
  kind: 'fund' | 'draw';
  amountFen: number;
  at: string;
  month: string;
  by: string;
  reference?: string;
  note?: string;
}

const townshipName = (t: string) => findTownship(t)?.name ?? t;

/** The draw of an advance, for the approval's transaction: the balance must cover it (conditional update). */
export function reserveDrawItems(township: string, reference: string, amountFen: number, at: string, by: string): TransactItem[] {
  const move: ReserveMovement = { kind: 'draw', amountFen, at, month: at.slice(0, 7), by, reference };
  return [
    {
      Update: {
        TableName: tableName(),
        Key: reserveKeys.account(township),
        UpdateExpression: 'SET balanceFen = balanceFen - :a, drawnFen = if_not_exists(drawnFen, :zero) + :a, updatedAt = :at',
        ConditionExpression: 'balanceFen >= :a',
        ExpressionAttributeValues: { ':a': amountFen, ':zero': 0, ':at': at },
      },
    },
    { Put: { TableName: tableName(), Item: { ...reserveKeys.movement(township, at, reference), ...move, township, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/** Why a draw was refused: the balance as it is now. */
export async function reserveShortfall(township: string, amountFen: number): Promise<AppError> {
  const account = (await db().send(new GetCommand({ TableName: tableName(), Key: reserveKeys.account(township), ConsistentRead: true }))).Item;
  const balance = (account?.balanceFen as number | undefined) ?? 0;
  return conflict(
    'reserve-insufficient',
    `${townshipName(township)}临时救助备用金余额${formatYuan(balance)}，不足以先行救助${formatYuan(amountFen)}（十三）。请县级民政部门先拨付备用金，或改为一次性发放。`,
    { balanceFen: balance, amountFen },
  );
}

function requireReserveScope(actor: Actor, township: string, write: boolean): void {
  if (!/^\d{9}$/.test(township))
    throw new AppError(400, 'validation-failed', '填写的内容有误', 'township：乡镇（街道）代码应为9位数字', [{ field: 'township', code: 'format', message: '乡镇（街道）代码应为9位数字' }]);
  const county = township.slice(0, 6);
  if (actor.role === 'county' && actor.county === county) return;
  if (!write && actor.role === 'auditor') return;
  if (!write && (actor.role === 'caseworker' || actor.role === 'approver') && actor.township === township) return;
  throw forbidden('out-of-scope', write ? '只有本县区民政部门可以拨付乡镇（街道）备用金。' : '只能查看本乡镇（街道）的备用金。');
}

/** The county funds a township's reserve, never above the limit in force. */
export async function fundReserve(township: string, body: { amountFen: number; note?: string | undefined }, actor: Actor, now: Date, idempotency: Idempotency | undefined) {
  requireReserveScope(actor, township, true);
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
    items: [
      {
        Update: {
          TableName: tableName(),
          Key: reserveKeys.account(township),
          UpdateExpression: 'SET balanceFen = if_not_exists(balanceFen, :zero) + :a, fundedFen = if_not_exists(fundedFen, :zero) + :a, county = :c, township = :t, updatedAt = :at, schemaVersion = :v',
          // The balance after funding stays within the limit: balance ≤ limit − amount.
          ConditionExpression: 'attribute_not_exists(balanceFen) OR balanceFen <= :room',
          ExpressionAttributeValues: { ':a': body.amountFen, ':zero': 0, ':c': township.slice(0, 6), ':t': township, ':at': at, ':v': SCHEMA_VERSION, ':room': limit - body.amountFen },
        },
      },
      { Put: { TableName: tableName(), Item: { ...reserveKeys.movement(township, at, id), ...move, township, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
    audit: { aggregate: `reserve#${township}`, actor: { sub: actor.sub, role: actor.role }, action: 'fund-reserve', at, after: move },
    explain: () =>
      new AppError(422, 'reserve-above-limit', '超过备用金限额', `拨付后余额将超过乡镇（街道）备用金限额${formatYuan(limit)}。`, [
        { field: 'amountFen', code: 'above-limit', message: `拨付后余额不能超过限额${formatYuan(limit)}` },
      ]),
  });
  return answer.body;
}

/** The balance, what drew on it, and the month's reconciliation against the ledger. */
export async function reserveView(township: string, month: string | undefined, actor: Actor, now: Date) {
  requireReserveScope(actor, township, false);
  const account = (await db().send(new GetCommand({ TableName: tableName(), Key: reserveKeys.account(township), ConsistentRead: true }))).Item;
  const movements: ReserveMovement[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
        ExpressionAttributeValues: { ':pk': reserveKeys.account(township).pk, ':m': 'MOVE#' },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const i of page.Items ?? [])
      movements.push({ kind: i.kind, amountFen: i.amountFen, at: i.at, month: i.month, by: i.by, ...(i.reference ? { reference: i.reference } : {}), ...(i.note ? { note: i.note } : {}) });
    start = page.LastEvaluatedKey;
  } while (start);
  const m = month ?? dateShanghai(now).slice(0, 7);
  const inMonth = movements.filter((x) => x.month === m);
  const draws = inMonth.filter((x) => x.kind === 'draw');
  const entries = await Promise.all(
    draws.map((d) =>
      db()
        .send(new GetCommand({ TableName: tableName(), Key: payKeys.entry(d.reference!, m, 'linshi.advance'), ConsistentRead: true }))
        .then((r) => r.Item),
    ),
  );
  const differences = draws.flatMap((d, i) => {
    const e = entries[i];
    if (!e) return [{ reference: d.reference, reserveFen: d.amountFen, ledgerFen: 0, problem: '备用金已支出，台账中没有对应的先行救助记录' }];
    if (e.amountFen !== d.amountFen || e.channel !== 'reserve')
      return [{ reference: d.reference, reserveFen: d.amountFen, ledgerFen: e.amountFen as number, problem: '备用金支出与台账金额或渠道不一致' }];
    return [];
  });
  const sum = (xs: ReserveMovement[]) => xs.reduce((a, x) => a + x.amountFen, 0);
  const limit = (await parametersOn(dateShanghai(now))).value('linshi.reserve.limit');
  return {
    township,
    townshipName: townshipName(township),
    balanceFen: (account?.balanceFen as number | undefined) ?? 0,
    fundedFen: (account?.fundedFen as number | undefined) ?? 0,
    drawnFen: (account?.drawnFen as number | undefined) ?? 0,
    limitFen: limit,
    movements: movements.slice(-200),
    reconciliation: {
      month: m,
      fundedFen: sum(inMonth.filter((x) => x.kind === 'fund')),
      drawnFen: sum(draws),
      draws: draws.length,
      matched: draws.length - differences.length,
      differences,
      reconciled: differences.length === 0,
    },
  };
}
