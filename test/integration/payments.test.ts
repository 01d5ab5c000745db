import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems } from '../support/people.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { injectCrashAfter } from '../../shared/payments/faults.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import { parsePaymentId, payKeys } from '../../shared/payments/keys.ts';
import type { CaseItem } from '../../shared/cases/case.ts';
import { staffOf, type Staff } from './workflow-support.ts';
import { account, activeThroughApi, cloneCase, EAST, idem, linshiThroughApi, loadCaseItem, payeeItem, writeItems } from './payments-support.ts';

/**
 * Disbursement (五)(六)(十三)(十五)(十七): monthly runs over a few hundred cases with exact totals, the bank
 * round trip, retries, 补发, 渐退, the funeral subsidy, staged and advance 临时救助, a crash and a resume,
 * and reconciliation to the fen. Each county holds one scenario so the runs do not meet.
 */
let p: TestPlatform;
let s3: LocalS3;
let east: Staff;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
let dibaoTemplate: CaseItem;
let tekunTemplate: CaseItem;
const token: Record<string, string> = {};
let staged: { reference: string; answer: any };
let advance: { reference: string; answer: any };

const WEST = { county: '341602', township: '341602001' };
const NORTH = { county: '341621', township: '341621001' };
const SOUTH = { county: '341622', township: '341622001' };

/** Tokens are short-lived against the gateway's clock: mint them again whenever time moves. */
async function setClock(iso: string) {
  clock.set(iso);
  for (const a of [WEST, NORTH, SOUTH, EAST]) token[a.county] = await p.tokenFor('county', { county: a.county });
  token.admin = await p.tokenFor('admin');
  token.auditor = await p.tokenFor('auditor');
}

beforeAll(async () => {
  s3 = await startS3();
  p = await startTestPlatform({ clock });
  forgetParameters();
  east = await staffOf(p, EAST);
  await setClock('2026-03-02T09:00:00+08:00');
  const d = await activeThroughApi(p, east, EAST, 'dibao', '301', '2026-03-20');
  const t = await activeThroughApi(p, east, EAST, 'tekun', '302', '2026-03-20', { careLevel: 'half', supportMode: 'dispersed' });
  dibaoTemplate = await loadCaseItem(d);
  tekunTemplate = await loadCaseItem(t);
  staged = await linshiThroughApi(p, east, EAST, '303', 'expenditure', { kind: 'staged', stages: 3 });
  advance = await linshiThroughApi(p, east, EAST, '304', 'emergency', { kind: 'advance' });
}, 180_000);
afterAll(async () => {
  injectCrashAfter(undefined);
  await p?.stop();
  await s3?.stop();
});

const startRun = (county: string, month: string) => p.call('POST', '/api/v1/payment-runs', { body: { county, month }, token: token[county]!, headers: idem() });
const getRun = async (runId: string) => (await p.call('GET', `/api/v1/payment-runs/${runId}`, { token: token[runId.slice(0, 6)]! })).body;
const reconciliation = async (runId: string) => (await p.call('GET', `/api/v1/payment-runs/${runId}/reconciliation`, { token: token.auditor! })).body;
async function runToEnd(county: string, month: string) {
  const res = await startRun(county, month);
  expect(res.status, res.text).toBe(202);
  await p.queues.drain();
  const run = await getRun(res.body.runId);
  expect(run.status).toBe('finished');
  expect(run.progress.done).toBe(run.progress.total);
  return run;
}

// 低保 rural, 2 members, first member's income x: (70000 − x/2) × 2 = 140000 − x (C类, no uplift).
const dibaoAmount = (x: number, standard = 70000) => (standard - x / 2) * 2;

describe('a month over 300 mixed cases in 谯城区', () => {
  const incomes = [0, 10000, 20000, 30000, 40000];
  const cases: CaseItem[] = [];
  let runId: string;

  it('seeds 200 低保 and 100 特困 (dispersed half care, centralized full care)', async () => {
    for (let i = 0; i < 200; i++) cases.push(cloneCase(dibaoTemplate, { seq: 1000 + i, ...WEST, incomeFen: incomes[i % 5]! }));
    for (let i = 0; i < 100; i++)
      cases.push(cloneCase(tekunTemplate, { seq: 2000 + i, ...WEST, tekun: i % 2 ? { careLevel: 'full', supportMode: 'centralized' } : { careLevel: 'half', supportMode: 'dispersed' } }));
    await writeItems(cases);
    // Accounts for every payee but five 低保 households: those are routed to the caseworker.
    const payees = [];
    for (const [i, c] of cases.entries()) {
      if (c.type === 'dibao' && i < 5) continue;
      payees.push(await payeeItem(c, c.type === 'dibao' ? ['person'] : ['person', 'carer', 'institution'], i));
    }
    await writeItems(payees);
  });

  it('starts once: the same run started twice at once gets one 202 and one 409 naming it', async () => {
    const [a, b] = await Promise.all([startRun(WEST.county, '2026-03'), startRun(WEST.county, '2026-03')]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body.code).toBe('payment-run-exists');
    expect(refused.body.runId).toBe('341602-2026-03');
    expect(refused.body.detail).toContain('341602-2026-03');
    runId = '341602-2026-03';
    await p.queues.drain();
    const again = await startRun(WEST.county, '2026-03');
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('已于');
  });

  it('pays exact totals per category, and reconciles to the fen', async () => {
    const run = await getRun(runId);
    expect(run).toMatchObject({ status: 'finished', progress: { done: 300, total: 300 } });
    const dibaoTotal = incomes.reduce((a, x) => a + dibaoAmount(x) * 40, 0);
    const tekunTotal = 50 * (91000 + 25000) + 50 * (91000 + 50000 + 5000);
    const r = await reconciliation(runId);
    expect(r.totals.byCategory.dibao.total.amountFen).toBe(dibaoTotal);
    expect(r.totals.byCategory.tekun.total.amountFen).toBe(tekunTotal);
    expect(r.expectedFen).toBe(dibaoTotal + tekunTotal);
    expect(run.amountFen).toBe(dibaoTotal + tekunTotal);
    expect(r.checks).toEqual({ categoriesEqualLedger: true, statusesEqualLedger: true, differenceExplained: true, runCounterMatches: true, partsEqualLedger: true, fileMatchesLedger: true });
    // No bank results yet: everything is pending, except the five without an account (failed, routed).
    const noAccount = incomes.reduce((a, x) => a + dibaoAmount(x), 0);
    expect(r.totals.byStatus.failed.amountFen).toBe(noAccount);
    expect(r.totals.byStatus.pending.amountFen).toBe(dibaoTotal + tekunTotal - noAccount);
    expect(r.paidFen).toBe(0);
    // The care subsidy goes to the carer or the institution, never the person (六).
    expect(r.totals.byKind.care.amountFen).toBe(50 * 25000 + 50 * 50000);
  });

  it('writes the 一卡通 file with real accounts to the bucket, behind an audited presigned URL', async () => {
    const res = await p.call('GET', `/api/v1/payment-runs/${runId}/file`, { token: token[WEST.county]! });
    expect(res.status, res.text).toBe(200);
    expect(res.body.expiresIn).toBe(300);
    const csv = await (await fetch(res.body.url)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('付款编号,发放批次,县区代码,乡镇（街道）代码,申请编号,救助类别,发放项目,所属期间,收款人类型,收款人姓名,开户银行,银行账号,金额（元）');
    expect(lines.length - 1).toBe(res.body.lines);
    expect(res.body.lines).toBe(195 + 50 * 2 + 50 * 3);
    expect(csv).toContain('621700000000000006'); // the account in clear: this file goes to the bank only
    const care = lines.find((l) => l.includes('/care,'))!;
    expect(care).toMatch(/,(carer|institution),/);
    const audit = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent(`payment-run#${runId}`)}`, { token: token.auditor! });
    expect(audit.status).toBeLessThan(500);
    const other = await p.call('GET', `/api/v1/payment-runs/${runId}/file`, { token: token[NORTH.county]! });
    expect(other.status).toBe(403);
  });

  let failedId: string;
  it('refuses a malformed bank file whole, naming the lines, with nothing changed', async () => {
    const file = await p.call('GET', `/api/v1/payment-runs/${runId}/file`, { token: token[WEST.county]! });
    const rows = (await (await fetch(file.body.url)).text())
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    const before = await countItems(['PAY#']);
    const bad = [
      '付款编号,金额（元）,状态,原因代码,原因',
      `${rows[0]![0]},${rows[0]![12]},成功,,`,
      `${rows[1]![0]},9.99,成功,,`,
      `${rows[2]![0]},${rows[2]![12]},丢失,,`,
      'QC-000000-0000-X/2026-03/basic,0.01,成功,,',
    ].join('\r\n');
    const refused = await p.call('POST', `/api/v1/payment-runs/${runId}/results`, { body: { csv: bad }, token: token[WEST.county]!, headers: idem() });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('bank-file-refused');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['line 3', 'line 4', 'line 5']);
    const unknown = await p.call('POST', `/api/v1/payment-runs/${runId}/results`, { body: { csv: 'id;status\nx;y' }, token: token[WEST.county]!, headers: idem() });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('bank-file-unknown');
    expect(await countItems(['PAY#'])).toBe(before);

    // The real result: one failure (bank rejected), the rest paid.
    failedId = rows[0]![0]!;
    const good = ['付款编号,金额（元）,状态,原因代码,原因', ...rows.map((r, i) => (i === 0 ? `${r[0]},${r[12]},失败,BANK_REJECTED,系统繁忙` : `${r[0]},${r[12]},成功,,`))].join('\r\n');
    const ok = await p.call('POST', `/api/v1/payment-runs/${runId}/results`, { body: { csv: good }, token: token[WEST.county]!, headers: idem() });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ paid: rows.length - 1, failed: 1 });
    const r = await reconciliation(runId);
    expect(r.checks.differenceExplained).toBe(true);
    expect(r.differenceFen).toBe(r.explanation.lines.reduce((a: number, l: { amountFen: number }) => a + l.amountFen, 0));
    expect(r.explanation.lines.find((l: { paymentId: string }) => l.paymentId === failedId).explanation).toContain('BANK_REJECTED');
  });

  it('补发: a standard published with a past effective date is paid in the next run, with the failed payment retried', async () => {
    await setClock('2026-04-02T09:00:00+08:00');
    for (const body of [
      { id: 'tekun.standard.rural', value: 100000, effectiveFrom: '2026-03-01', source: '亳政〔2026〕示例号' },
      { id: 'dibao.standard.rural', value: 75000, effectiveFrom: '2026-03-01', source: '亳政〔2026〕示例号' },
    ]) {
      const res = await p.call('POST', '/api/v1/standards', { body, token: token.admin! });
      expect(res.status, res.text).toBe(201);
    }
    const run = await runToEnd(WEST.county, '2026-04');
    expect(run.parameters.backPayMonths).toEqual(['2026-03']);
    const r = await reconciliation(run.runId);
    const backPay = r.explanation.lines.filter((l: { kind: string }) => l.kind.includes('backpay'));
    // 低保: +5000 per person × 2 for March; 特困: +9000 basic for March — for every case paid in March.
    const dibaoBack = 200 * 10000;
    const tekunBack = 100 * 9000;
    expect(backPay.reduce((a: number, l: { amountFen: number }) => a + l.amountFen, 0)).toBe(dibaoBack + tekunBack);
    const april = incomes.reduce((a, x) => a + dibaoAmount(x, 75000) * 40, 0) + 50 * (100000 + 25000) + 50 * (100000 + 50000 + 5000);
    const retried = r.explanation.lines.find((l: { kind: string }) => l.kind.endsWith('.retry1'));
    expect(retried.paymentId).toBe(failedId.replace(/\/([a-zA-Z]+)$/, '/$1.retry1'));
    expect(r.expectedFen).toBe(april + dibaoBack + tekunBack + retried.amountFen + /* the five without account, retried and again without */ 0);
    expect(r.checks.categoriesEqualLedger && r.checks.differenceExplained).toBe(true);
    // A second run for April is refused; the same months are never paid twice.
    expect((await startRun(WEST.county, '2026-04')).status).toBe(409);
  });

  it('corrects a payment with a new reversing entry, once; a reversal or a failed payment cannot be reversed', async () => {
    const runId = `${WEST.county}-2026-04`;
    const reverse = (paymentId: string) =>
      p.call('POST', `/api/v1/payment-runs/${runId}/reversals`, { body: { paymentId, reason: '重复发放，经县民政局核实冲正' }, token: token[WEST.county]!, headers: idem() });
    const before = await reconciliation(runId);
    const file = await p.call('GET', `/api/v1/payment-runs/${runId}/file`, { token: token[WEST.county]! });
    const rows = (await (await fetch(file.body.url)).text())
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    const paymentId = rows.find((r) => r[5] === 'dibao' && r[6] === 'basic')![0]!;
    const id = parsePaymentId(paymentId)!;
    const ledgerEntry = async () => (await db().send(new GetCommand({ TableName: tableName(), Key: payKeys.entry(id.reference, id.period, id.kind), ConsistentRead: true }))).Item!;
    const entry = await ledgerEntry();

    const res = await reverse(paymentId);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ paymentId: `${paymentId}.reversal`, follows: paymentId, amountFen: -entry.amountFen });
    // The original is untouched; the reversal is an entry of its own, and the books still balance.
    expect(await ledgerEntry()).toEqual(entry);
    const after = await reconciliation(runId);
    expect(after.totals.byCategory.dibao.total.amountFen).toBe(before.totals.byCategory.dibao.total.amountFen - entry.amountFen);
    expect(after.checks.categoriesEqualLedger && after.checks.statusesEqualLedger).toBe(true);

    expect((await reverse(paymentId)).body.code).toBe('already-reversed');
    expect((await reverse(`${paymentId}.reversal`)).body.code).toBe('not-reversible');
    const failedNow = await p.call('POST', `/api/v1/payment-runs/${WEST.county}-2026-03/reversals`, { body: { paymentId: failedId, reason: '测试' }, token: token[WEST.county]!, headers: idem() });
    expect(failedNow.body.code).toBe('not-paid');
    const unknown = await reverse(`${id.reference}/2026-04/pocketMoney`);
    expect(unknown.status).toBe(404);
  });
});

describe('a crash in the middle of a run, then a resume (涡阳县)', () => {
  it('writes exactly one ledger entry per payment', async () => {
    const cases = Array.from({ length: 220 }, (_, i) => cloneCase(dibaoTemplate, { seq: 3000 + i, ...NORTH, incomeFen: 20000 }));
    await writeItems(cases);
    injectCrashAfter(90);
    const res = await startRun(NORTH.county, '2026-03');
    expect(res.status).toBe(202);
    await p.queues.drain();
    const stuck = await getRun('341621-2026-03');
    expect(stuck.status).toBe('running');
    expect(stuck.progress.done).toBeLessThan(220);
    expect(p.queues.dlq.get('payment-batches')?.length).toBeGreaterThan(0);

    injectCrashAfter(undefined);
    // The schedule (here for March, by hand) resumes a run it finds still running.
    const resumed = (await p.runJob('monthly-payments', '2026-03-10')) as { runs: { runId: string; action: string }[] };
    expect(resumed.runs.find((r) => r.runId === '341621-2026-03')?.action).toBe('resumed');
    const run = await getRun('341621-2026-03');
    expect(run).toMatchObject({ status: 'finished', progress: { done: 220, total: 220 }, entries: 220 });
    const r = await reconciliation('341621-2026-03');
    expect(r.totals.county['341621']).toEqual({ count: 220, amountFen: 220 * dibaoAmount(20000, 75000) });

    // Every batch delivered once more (SQS is at least once): nothing is written or counted again.
    const batches = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
        ExpressionAttributeValues: { ':pk': payKeys.run('341621-2026-03').pk, ':b': 'BATCH#' },
        ConsistentRead: true,
      }),
    );
    expect(batches.Items!.length).toBeGreaterThanOrEqual(3); // 220 cases in batches of ≤ 100
    await p.queues.send(
      'payment-batches',
      (batches.Items ?? []).map(({ type, runId, n, phase, ids }) => ({ body: { type, runId, n, phase, ids }, attributes: { job: 'payment-batch', date: '2026-03-10', correlationId: 'redelivery' } })),
    );
    await p.queues.drain();
    expect(await getRun('341621-2026-03')).toMatchObject({ status: 'finished', progress: { done: 220, total: 220 }, entries: 220 });
  });
});

describe('渐退, emergencies and the funeral subsidy (蒙城县)', () => {
  it('pays the previous amount in the 渐退 months, raises standards in an emergency month, and pays 丧葬补助 once', async () => {
    const taper = cloneCase(dibaoTemplate, { seq: 4000, ...SOUTH, incomeFen: 0, enrolment: { taper: { previousMonthlyAmountFen: 50000, startedOn: '2026-01-01' } } });
    // Income above the standard but under the 渐退 ceiling (1.5 ×): per capita 80,000.
    taper.household.members[0]!.monthlyIncomeFen = 160000;
    taper.household.members[0]!.employed = true;
    const plain = cloneCase(dibaoTemplate, { seq: 4001, ...SOUTH, incomeFen: 20000 });
    const tekun = cloneCase(tekunTemplate, { seq: 4002, ...SOUTH, tekun: { careLevel: 'self', supportMode: 'dispersed' } });
    await writeItems([taper, plain, tekun, ...(await Promise.all([payeeItem(taper, ['person'], 1), payeeItem(plain, ['person'], 2), payeeItem(tekun, ['person'], 3)]))]);
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk: 'EMERGENCY#341622',
          sk: 'DECL#2026-04-15',
          area: '341622',
          startDate: '2026-04-15',
          endDate: '2026-04-30',
          title: '蒙城县洪涝灾害',
          raise: { standards: ['dibao'], multiplierBp: 15000 },
          declaredBy: 'admin',
          declaredAt: '2026-04-15T08:00:00+08:00',
          source: '示例',
          schemaVersion: 1,
        },
      }),
    );
    const april = await runToEnd(SOUTH.county, '2026-04');
    const r = await reconciliation(april.runId);
    const byRef = (ref: string) => r.explanation.lines.filter((l: { paymentId: string }) => l.paymentId.startsWith(ref)).reduce((a: number, l: { amountFen: number }) => a + l.amountFen, 0);
    // The emergency covers 16 of April's 30 days (十五): ordinary + (raised − ordinary) × 16/30, half up to the fen.
    // The raised standard (112,500) is above the household's 80,000: a full top-up again on those days.
    expect(byRef(taper.reference)).toBe(50000 + (((112500 - 80000) * 2 - 50000) * 16) / 30);
    expect(byRef(plain.reference)).toBe(dibaoAmount(20000, 75000) + ((dibaoAmount(20000, 112500) - dibaoAmount(20000, 75000)) * 16) / 30); // 75,000 × 1.5 on the declared days
    // This stored declaration raises only 低保; 特困 is still paid at 1.3 × the raised 低保 on those days (六):
    // 146,250 instead of 100,000, for 16/30 of the month (24,666.67 → 24,667).
    expect(byRef(tekun.reference)).toBe(100000 + 24667);

    // The 特困 person died; cremated in May. The May run pays 3000 yuan once, June never again.
    await setClock('2026-05-20T09:00:00+08:00');
    const cw = await p.tokenFor('caseworker', { township: SOUTH.township });
    const funeral = await p.call('POST', `/api/v1/cases/${tekun.reference}/funeral`, { body: { diedOn: '2026-05-10', crematedOn: '2026-05-12', arranger: account(99) }, token: cw, headers: idem() });
    expect(funeral.status, funeral.text).toBe(201);
    const twice = await p.call('POST', `/api/v1/cases/${tekun.reference}/funeral`, { body: { diedOn: '2026-05-10', crematedOn: '2026-05-12', arranger: account(99) }, token: cw, headers: idem() });
    expect(twice.status).toBe(409);
    const may = await reconciliation((await runToEnd(SOUTH.county, '2026-05')).runId);
    expect(may.explanation.lines.filter((l: { kind: string }) => l.kind === 'funeral').map((l: { amountFen: number }) => l.amountFen)).toEqual([300000]);
    expect(may.explanation.lines.find((l: { paymentId: string }) => l.paymentId.startsWith(plain.reference)).amountFen).toBe(dibaoAmount(20000, 75000));
    // Back to 75,000: income is over the standard but under the 渐退 ceiling, so the previous amount goes on (十).
    expect(may.explanation.lines.find((l: { paymentId: string }) => l.paymentId.startsWith(taper.reference)).amountFen).toBe(50000);
    await setClock('2026-07-02T09:00:00+08:00');
    // June: the 发改委 confirmed the price-linked subsidy (issue 6 writes this item): 低保 per person, 特困 the person.
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: 'PRICE', sk: 'LINK#2026-06', kind: 'price-linkage', month: '2026-06', status: 'confirmed', cpiYoYBp: 400, foodCpiYoYBp: 200, schemaVersion: 1 },
      }),
    );
    const june = await reconciliation((await runToEnd(SOUTH.county, '2026-06')).runId);
    const subsidy = (ref: string) => june.explanation.lines.find((l: { paymentId: string; kind: string }) => l.paymentId.startsWith(ref) && l.kind === 'priceSubsidy')?.amountFen;
    expect(subsidy(plain.reference)).toBeGreaterThan(0);
    // Nothing after the month of death: the 特困 person who died in May gets no June line at all (六).
    expect(subsidy(tekun.reference)).toBeUndefined();
    expect(june.explanation.lines.some((l: { paymentId: string }) => l.paymentId.startsWith(tekun.reference))).toBe(false);
    expect(june.explanation.lines.some((l: { kind: string }) => l.kind === 'funeral')).toBe(false);
    expect(june.explanation.lines.find((l: { paymentId: string }) => l.paymentId.startsWith(taper.reference)).amountFen).toBe(50000);

    // July: the sixth month since 渐退 began has passed — no payment, and the caseworker is told why.
    const july = await reconciliation((await runToEnd(SOUTH.county, '2026-07')).runId);
    expect(july.explanation.lines.some((l: { paymentId: string }) => l.paymentId.startsWith(taper.reference))).toBe(false);
    expect(july.exceptions.find((e: { reference: string }) => e.reference === taper.reference)).toMatchObject({ code: 'ineligible' });
  });
});

describe('临时救助 (十三) in 利辛县', () => {
  it('pays the advance at approval, the stages month by month summing to the approved amount, and the balance after documentation', async () => {
    const plan = staged.answer.plan;
    expect(plan.payments.reduce((a: number, x: { amountFen: number }) => a + x.amountFen, 0)).toBe(plan.totalFen);
    // March ran from the schedule (the crash test); April and May follow.
    const march = await reconciliation('341623-2026-03');
    const april = await reconciliation((await runToEnd(EAST.county, '2026-04')).runId);
    const stage = (r: any) => [...r.explanation.lines].filter((l: { paymentId: string }) => l.paymentId.startsWith(staged.reference));
    expect(stage(march).map((l: { kind: string }) => l.kind)).toEqual(['linshi.stage1']);
    expect(stage(april).map((l: { kind: string }) => l.kind)).toEqual(['linshi.stage2']);
    // The advance was written by the approve transaction itself: paid from the township's reserve, never in a bank file.
    const advanced = march.totals.byKind.linshi;
    expect(advanced.amountFen).toBeGreaterThanOrEqual(advance.answer.plan.advanceFen);
    expect(march.totals.byStatus.paid.amountFen).toBe(advance.answer.plan.advanceFen);

    const cw = await p.tokenFor('caseworker', { township: EAST.township });
    const doc = await p.call('POST', `/api/v1/cases/${advance.reference}/advance-documentation`, { token: cw, body: { note: '已补齐病历和费用票据' } });
    expect(doc.status, doc.text).toBe(200);
    const may = await reconciliation((await runToEnd(EAST.county, '2026-05')).runId);
    expect(stage(may).map((l: { kind: string }) => l.kind)).toEqual(['linshi.stage3']);
    const total = [march, april, may].flatMap(stage).reduce((a: number, l: { amountFen: number }) => a + l.amountFen, 0);
    expect(total).toBe(plan.totalFen);
    // The balance is due in the month the documentation was recorded (July, by the test clock): the July run pays it.
    const july = await reconciliation((await runToEnd(EAST.county, '2026-07')).runId);
    const balance = july.explanation.lines.find((l: { kind: string }) => l.kind === 'linshi.balance');
    expect(balance.amountFen).toBe(advance.answer.plan.balanceFen);
  });
});
