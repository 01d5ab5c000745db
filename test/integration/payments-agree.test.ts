import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import { readCsv } from '../../shared/csv.ts';
import { parseYuan } from '../../shared/money.ts';
import { staffOf, type Staff } from './workflow-support.ts';
import { account, activeThroughApi, idem, linshiThroughApi } from './payments-support.ts';

/**
 * The payment run's page, its 对账 and its 一卡通 file count the same lines (issue 24): the run's counters
 * are what the run itself computed (this month, 补发, retries); 应发 adds the 先行救助 paid from the
 * township's reserve at approval and any reversal, each shown as its own part; the file holds the run's
 * bank lines but those without an account. The file and the bank's result file have Chinese headers and
 * amounts in yuan with two decimals (shared/payments/README.md).
 */
let p: TestPlatform;
let s3: LocalS3;
let staff: Staff;
let county: string;
let advanceFen: number;
let oneOffFen: number;
let oneOffReference: string;
let withAccount: string;
let withoutAccount: string;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const WEST = { county: '341602', township: '341602001' };

async function setClock(iso: string) {
  clock.set(iso);
  staff = await staffOf(p, WEST);
  county = await p.tokenFor('county', { county: WEST.county });
}
const run = async (runId: string) => (await p.call('GET', `/api/v1/payment-runs/${runId}`, { token: county })).body;
const reconciliation = async (runId: string) => (await p.call('GET', `/api/v1/payment-runs/${runId}/reconciliation`, { token: county })).body;
async function runToEnd(month: string) {
  const res = await p.call('POST', '/api/v1/payment-runs', { body: { county: WEST.county, month }, token: county, headers: idem() });
  expect(res.status, res.text).toBe(202);
  await p.queues.drain();
  const r = await run(res.body.runId);
  expect(r.status).toBe('finished');
  return r;
}
async function fileRows(runId: string) {
  const file = await p.call('GET', `/api/v1/payment-runs/${runId}/file`, { token: county });
  expect(file.status, file.text).toBe(200);
  const bytes = Buffer.from(await (await fetch(file.body.url)).arrayBuffer());
  const text = bytes.toString('utf8');
  const { rows, error } = readCsv(text);
  expect(error).toBeUndefined();
  return { text, header: rows[0]!.fields, rows: rows.slice(1).map((r) => r.fields), meta: file.body };
}

/** Every check passes, and the run page's count plus the parts outside the run is 应发, to the fen. */
function agree(r: any, summary: any) {
  expect(r.checks).toEqual({ categoriesEqualLedger: true, statusesEqualLedger: true, differenceExplained: true, runCounterMatches: true, partsEqualLedger: true, fileMatchesLedger: true });
  expect({ count: r.composition.run.count, amountFen: r.composition.run.amountFen }).toEqual({ count: summary.entries, amountFen: summary.amountFen });
  const parts = Object.values(r.composition.parts) as { count: number; amountFen: number; explanation: string }[];
  expect(parts.reduce((a, x) => a + x.count, 0)).toBe(r.composition.total.count);
  expect(parts.reduce((a, x) => a + x.amountFen, 0)).toBe(r.expectedFen);
  for (const x of parts) expect(x.explanation.length).toBeGreaterThan(5);
  expect(r.differenceFen).toBe(r.explanation.explainedFen);
}

beforeAll(async () => {
  s3 = await startS3();
  p = await startTestPlatform({ clock });
  forgetParameters();
  await setClock('2026-03-02T09:00:00+08:00');
  withAccount = await activeThroughApi(p, staff, WEST, 'dibao', '401', '2026-03-20');
  withoutAccount = await activeThroughApi(p, staff, WEST, 'dibao', '402', '2026-03-20');
  const payee = await p.call('POST', `/api/v1/cases/${withAccount}/payee`, { token: county, body: { role: 'person', ...account(401) } });
  expect(payee.status, payee.text).toBeLessThan(300);
  // 急难型临时救助: the advance is paid at approval from the township's reserve (十三).
  const advance = await linshiThroughApi(p, staff, WEST, '403', 'emergency', { kind: 'advance' });
  advanceFen = advance.answer.plan.advanceFen;
  expect(advanceFen).toBeGreaterThan(0);
  // A one-off the township approves within its authority is paid from the same reserve at approval (十三).
  const oneOff = await linshiThroughApi(p, staff, WEST, '404', 'emergency', { kind: 'oneOff' });
  expect(oneOff.answer.plan.paidFrom).toBe('reserve');
  oneOffFen = oneOff.answer.plan.totalFen;
  oneOffReference = oneOff.reference;
}, 180_000);
afterAll(async () => {
  await p?.stop();
  await s3?.stop();
});

describe('the run page, its 对账 and its file agree line by line', () => {
  it('counts what the reserve paid at approval in 应发 as its own part, beside the run’s own count', async () => {
    const march = await runToEnd('2026-03');
    const r = await reconciliation(march.runId);
    // The cause of “3 笔，2,520.00 元” beside “应发 3,520.00 元”: the advance is in the month's ledger, not in the run's counters.
    // So is the township's one-off from its reserve — in 应发 once, never in the run's counters or its bank file.
    const reserveFen = advanceFen + oneOffFen;
    expect(r.expectedFen).toBe(march.amountFen + reserveFen);
    expect(r.composition.parts.advance).toMatchObject({ count: 2, amountFen: reserveFen });
    expect(r.composition.total).toEqual({ count: march.entries + 2, amountFen: march.amountFen + reserveFen });
    agree(r, march);
    expect((await fileRows(march.runId)).rows.some((x) => x[4] === oneOffReference)).toBe(false);
    // The file: the run's bank lines but the one without an account, which is explained instead.
    const file = await fileRows(march.runId);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    expect(file.header).toEqual([
      '付款编号',
      '发放批次',
      '县区代码',
      '乡镇（街道）代码',
      '申请编号',
      '救助类别',
      '发放项目',
      '所属期间',
      '收款人类型',
      '收款人姓名',
      '开户银行',
      '银行账号',
      '金额（元）',
    ]);
    for (const row of file.rows) expect(row[12]).toMatch(/^\d+\.\d{2}$/);
    expect(file.rows.map((x) => x[4])).toEqual(file.rows.map(() => withAccount));
    expect(file.rows.reduce((a, x) => a + parseYuan(x[12]!), 0)).toBe(file.meta.totalFen);
    expect(r.file.listed).toEqual({ count: file.rows.length, amountFen: file.meta.totalFen });
    expect(r.file.noAccount.count).toBe(1);
    expect(r.file.bank.count).toBe(file.rows.length + 1);
    expect(r.explanation.lines.find((l: { paymentId: string }) => l.paymentId.startsWith(withoutAccount)).explanation).toContain('账户');

    // The bank's answer, in the documented format: yuan with two decimals, 成功 / 失败.
    const fen = (x: string[]) => x[12]!;
    const wrong = ['付款编号,金额（元）,状态,原因代码,原因', `${file.rows[0]![0]},${Number(fen(file.rows[0]!)) * 100},成功,,`].join('\r\n');
    const refused = await p.call('POST', `/api/v1/payment-runs/${march.runId}/results`, { body: { csv: wrong }, token: county, headers: idem() });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].message).toContain('金额（元）');
    const english = await p.call('POST', `/api/v1/payment-runs/${march.runId}/results`, {
      body: { csv: 'paymentId,amountFen,status,reasonCode,reason\r\nx,1,paid,,' },
      token: county,
      headers: idem(),
    });
    expect(english.body.code).toBe('bank-file-unknown');
    const csv = ['付款编号,金额（元）,状态,原因代码,原因', ...file.rows.map((x) => `${x[0]},${fen(x)},成功,,`)].join('\r\n');
    const ok = await p.call('POST', `/api/v1/payment-runs/${march.runId}/results`, { body: { csv }, token: county, headers: idem() });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.paid).toBe(file.rows.length);
    agree(await reconciliation(march.runId), march);
  });

  it('a reversal after the run is its own part: the run’s count does not move, 应发 does, and both are explained', async () => {
    const march = await run('341602-2026-03');
    const before = await reconciliation(march.runId);
    const paymentId = (await fileRows(march.runId)).rows[0]![0]!;
    const rev = await p.call('POST', `/api/v1/payment-runs/${march.runId}/reversals`, { body: { paymentId, reason: '重复发放，经县民政局核实冲正' }, token: county, headers: idem() });
    expect(rev.status, rev.text).toBe(201);
    const after = await reconciliation(march.runId);
    expect(after.composition.parts.correction).toMatchObject({ count: 1, amountFen: rev.body.amountFen });
    expect(after.expectedFen).toBe(before.expectedFen + rev.body.amountFen);
    agree(after, await run(march.runId));
  });

  it('补发 and a retry are counted by the next run, and its file lists them', async () => {
    await setClock('2026-04-02T09:00:00+08:00');
    for (const body of [
      { id: 'tekun.standard.rural', value: 100000, effectiveFrom: '2026-03-01', source: '亳政〔2026〕示例号' },
      { id: 'dibao.standard.rural', value: 75000, effectiveFrom: '2026-03-01', source: '亳政〔2026〕示例号' },
    ]) {
      const std = await p.call('POST', '/api/v1/standards', { body, token: staff.admin });
      expect(std.status, std.text).toBe(201);
    }
    // The household without an account gets one: its failed March payment is issued again in April. (Queue
    // handlers stamp the failure with the real time, not the test clock: the account is changed a minute
    // after it, so a loaded machine's late stamp cannot fall after the change.)
    await setClock(new Date(Date.now() + 60_000).toISOString());
    const payee = await p.call('POST', `/api/v1/cases/${withoutAccount}/payee`, { token: county, body: { role: 'person', ...account(402) } });
    expect(payee.status, payee.text).toBeLessThan(300);
    await setClock('2026-04-02T09:00:00+08:00');
    const april = await runToEnd('2026-04');
    const r = await reconciliation(april.runId);
    // March's difference: owed to the household whose payment is being retried; the one whose March payment
    // the county reversed is not paid it again by 补发 (before the fix it was: 1,200.00 元, the whole month).
    const backPay = r.explanation.lines.filter((l: { kind: string }) => l.kind.includes('.backpay.'));
    expect(backPay.map((l: { paymentId: string }) => l.paymentId.split('/')[0])).toEqual([withoutAccount]);
    expect(r.composition.parts.backPay.count).toBe(1);
    expect(r.composition.parts.retry.count).toBe(1);
    expect(r.composition.parts.advance).toBeUndefined();
    agree(r, april);
    const file = await fileRows(april.runId);
    expect(file.rows.length).toBe(april.entries);
    expect(file.rows.some((x) => x[6]!.includes('.backpay.')) && file.rows.some((x) => x[6]!.endsWith('.retry1'))).toBe(true);
    expect(file.rows.reduce((a, x) => a + parseYuan(x[12]!), 0)).toBe(april.amountFen);
  });
});
