import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { dateShanghai } from '../../shared/clock.ts';
import type { Platform } from '../../infra/local/platform.ts';
import { activeThroughApi, loadCaseItem } from '../integration/payments-support.ts';
import { caller, publicityCloseDate, workflowStaff } from './payments.ts';
import type { Row } from './table.ts';

/**
 * Recording a household event end to end (issue 18): `POST /api/v1/households/{id}/events`, an `income`
 * event on a household with one active 低保 case, through the local gateway — the household read, its
 * cases, the recalculation with the rules of 试算 and the one transaction that writes the household, the
 * dated snapshot, the case with its roster entry and 长期公示 entry, both audit chains and the idempotency
 * record. The baseline, measured in the same run against the same DynamoDB Local, is a bare
 * TransactWriteItems of as many conditional puts as the event's transaction has items, each the size of
 * the item it stands for (the event's transaction is captured, not counted by hand).
 *
 * The households are made through the workflow over HTTP (受理 … 审核确认), a few events each, so no case
 * carries an unusual history; the member's income goes up and down, so half the events lower the amount
 * (with a notice) and half raise it.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Captured = Record<string, Record<string, unknown>>;

/** The TransactWriteItems the event handlers send, while `on`: their items as the document client got them. */
function captureTransactions(): { transactions: Captured[][]; on: (value: boolean) => void; remove: () => void } {
  const transactions: Captured[][] = [];
  let on = false;
  const name = 'benchCaptureTransactions';
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (on && /TransactWrite/.test((context as { commandName?: string }).commandName ?? '')) {
        transactions.push(((args.input as { TransactItems?: Captured[] }).TransactItems ?? []).map((t) => ({ ...t })));
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { transactions, on: (value) => void (on = value), remove: () => void db().middlewareStack.remove(name) };
}

/** The size of a transaction item as stored or sent: a put's item, an update's key and values, a delete's key. */
function itemBytes(t: Captured): number {
  const [op, body] = Object.entries(t)[0]!;
  const part = op === 'Put' ? body.Item : { key: body.Key, values: body.ExpressionAttributeValues, update: body.UpdateExpression };
  return Buffer.byteLength(JSON.stringify(part ?? {}));
}

export async function benchEvents(platform: Platform, n = Number(process.env.BENCH_EVENTS ?? 200), households = Math.max(1, Math.ceil(n / 20))): Promise<Row[]> {
  const api = caller(platform);
  const home = { county: COUNTIES[1]!.code, township: COUNTIES[1]!.townships[0]!.code };
  const s = await workflowStaff(api, home);
  const closeOn = publicityCloseDate();
  const ids: string[] = [];
  for (let k = 0; k < households; k++) {
    const c = await loadCaseItem(await activeThroughApi(api, s, home, 'dibao', String(850 + k), closeOn));
    if (!c.householdId) throw new Error(`case ${c.reference} was not linked to a household`);
    ids.push(c.householdId);
  }
  const today = dateShanghai(new Date());
  const changes = { fell: 0, rose: 0, same: 0 };
  const record = async (i: number) => {
    // Income of the first member between 300 and 400 yuan, up and down: the amount changes every time.
    const body = { kind: 'income', date: today, member: 0, monthlyIncomeFen: 30_000 + ((i + Math.floor(i / households)) % 2) * 10_000 };
    const res = await api.call('POST', `/api/v1/households/${ids[i % households]}/events`, { body, token: s.caseworker, headers: { 'idempotency-key': randomUUID() } });
    if (res.status !== 201) throw new Error(`household event ${res.status}: ${res.text.slice(0, 500)}`);
    if (res.body.effects?.length !== 1) throw new Error(`the event recomputed ${res.body.effects?.length} enrolments, not 1`);
    const { before, after } = res.body.effects[0] as { before: { monthlyAmountFen: number }; after: { monthlyAmountFen: number } };
    changes[after.monthlyAmountFen < before.monthlyAmountFen ? 'fell' : after.monthlyAmountFen > before.monthlyAmountFen ? 'rose' : 'same']++;
  };

  // One untimed event per household (the first request of each warms its path), captured: the transaction to match.
  const capture = captureTransactions();
  let shape: Captured[];
  try {
    capture.on(true);
    for (let k = 0; k < households; k++) await record(k);
    capture.on(false);
    const sizes = new Set(capture.transactions.map((t) => t.length));
    if (capture.transactions.length !== households || sizes.size !== 1) throw new Error(`expected one transaction of one size per event, got ${capture.transactions.map((t) => t.length).join(', ')}`);
    shape = capture.transactions[0]!;
  } finally {
    capture.remove();
  }
  const bytes = shape.map(itemBytes);
  const ops = shape.map((t) => Object.keys(t)[0]!);
  console.error(`events: the transaction has ${shape.length} items (${ops.join(', ')}), ${bytes.reduce((a, b) => a + b, 0)} bytes`);

  // Interleaved, one bare transaction then one event, so both meet the same load on this shared machine.
  const bareTransaction = (i: number) =>
    db().send(
      new TransactWriteCommand({
        TransactItems: bytes.map((b, j) => ({
          Put: { TableName: tableName(), Item: { pk: `BENCH#EVT#${i}#${j}`, sk: 'X', payload: 'x'.repeat(Math.max(1, b - 40)) }, ConditionExpression: 'attribute_not_exists(pk)' },
        })),
      }),
    );
  const bare: number[] = [];
  const event: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await bareTransaction(i);
    bare.push(performance.now() - t);
    t = performance.now();
    await record(households + i);
    event.push(performance.now() - t);
  }
  console.error(
    `events: ${n} events on ${households} households in ${(event.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s; the amount fell ${changes.fell}, rose ${changes.rose}, stayed ${changes.same} times (with the untimed first ones)`,
  );
  return [
    {
      name: `household event, income on a 低保 household (median of ${n}) vs TransactWriteItems of its ${shape.length} items (budget proposed)`,
      value: median(event),
      unit: 'ms',
      baseline: median(bare),
      ratio: median(event) / median(bare),
      budget: 1.5,
    },
  ];
}

// `node test/bench/events.ts [n]`: this bench alone.
if (import.meta.main) {
  const { startPlatform } = await import('../../infra/local/platform.ts');
  const { printTable } = await import('./table.ts');
  const platform = await startPlatform({ s3: false });
  try {
    printTable(await benchEvents(platform, Number(process.argv[2] ?? 200)));
  } finally {
    await platform.stop();
  }
}
