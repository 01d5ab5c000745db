import { beforeAll, describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { paidSoFar, planActive, planApproved, planDue, planRetry, type ActiveFacts, type PlanRun } from '../../../shared/payments/plan.ts';
import type { RosterEntry } from '../../../shared/cases/roster.ts';
import type { CaseItem } from '../../../shared/cases/case.ts';
import type { LedgerEntry } from '../../../shared/payments/ledger.ts';
import type { RetryMarker } from '../../../shared/payments/results.ts';
import type { PayeeItem } from '../../../shared/payments/payees.ts';

/**
 * The payment run's plan, without a database (shared/payments/plan.ts): what a batch pays, by tables.
 * Rural 低保 standard 700.00 元 (example values), one person with 300.00 元 income: 400.00 元 a month.
 */
beforeAll(() => {
  process.env.TABLE_NAME ??= 'unit';
});

const at = '2026-07-10T02:00:00+08:00';
const run: PlanRun = { runId: 'RUN-341602-2026-07', county: '341602', month: '2026-07', paramsVersion: 7, backPayMonths: [], priceMonths: [] };

const entry = (over: { reference?: string; income?: number; startMonth?: string; householdId?: string } = {}): RosterEntry =>
  ({
    reference: over.reference ?? 'BZ-260302-0001-X',
    type: 'dibao',
    status: 'active',
    area: { county: '341602', township: '341602001', residence: 'rural', hukou: 'local' },
    household: { members: [{ name: '张三', relation: 'self', monthlyIncomeFen: over.income ?? 30000, birthDate: '1970-01-01' }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    enrolment: { class: 'C', startMonth: over.startMonth ?? '2026-03', monthlyAmountFen: 40000 },
    ...(over.householdId ? { householdId: over.householdId } : {}),
  }) as unknown as RosterEntry;

const paid = (period: string, baseKind: string, amountFen: number, extra: Partial<LedgerEntry> = {}) => ({ period, kind: baseKind, baseKind, amountFen, origin: 'run', ...extra }) as LedgerEntry;

const facts = (over: Partial<ActiveFacts> = {}): ActiveFacts => ({
  params: (m) => parameterSet(`${m}-01`),
  emergency: () => undefined,
  paid: () => paidSoFar([]),
  householdOn: () => undefined,
  ...over,
});

const lines = (p: ReturnType<typeof planActive>) => p.entries.map((e) => [e.reference, e.period, e.kind, e.amountFen]);

describe('planActive: the month, 补发 and exceptions of 低保 and 特困 cases', () => {
  it.each([
    ['an enrolled case is paid its month', [entry()], [['BZ-260302-0001-X', '2026-07', 'basic', 40000]], []],
    ['a case enrolled from next month is not paid yet', [entry({ startMonth: '2026-08' })], [], []],
    ['income at or over the standard: no payment, an exception for the caseworker', [entry({ income: 90000 })], [], ['ineligible']],
    ['one ineligible case does not stop the others', [entry({ income: 90000 }), entry({ reference: 'BZ-260302-0002-Y' })], [['BZ-260302-0002-Y', '2026-07', 'basic', 40000]], ['ineligible']],
  ] as const)('%s', (_, cases, expected, exceptions) => {
    const plan = planActive(run, cases as unknown as RosterEntry[], facts(), at);
    expect(lines(plan)).toEqual(expected);
    expect(plan.exceptions.map((x) => x.code)).toEqual(exceptions);
    expect(plan.tasks).toHaveLength(exceptions.length);
  });

  it('an exception becomes the township task, due 10 working days later on the official calendar', () => {
    const [task] = planActive(run, [entry({ income: 90000 })], facts(), at).tasks;
    expect(task).toMatchObject({ kind: 'payment-exception', period: '2026-07', township: '341602001', applicant: '张*', createdOn: '2026-07-10', dueDate: '2026-07-24' });
  });

  const backRun: PlanRun = { ...run, backPayMonths: ['2026-03', '2026-04'] };
  it.each([
    ['pays the difference for a month paid short', [paid('2026-03', 'basic', 35000), paid('2026-04', 'basic', 40000)], [['2026-03', 'basic.backpay.v7', 5000]]],
    ['pays nothing for a month nothing was paid (not yet enrolled, suspended)', [paid('2026-04', 'basic', 35000)], [['2026-04', 'basic.backpay.v7', 5000]]],
    ['never pays again a month the county reversed', [paid('2026-03', 'basic', 35000), paid('2026-03', 'basic', -35000, { origin: 'correction' }), paid('2026-04', 'basic', 40000)], []],
    [
      'counts a re-issued payment once (the retry is not a second payment)',
      [paid('2026-03', 'basic', 40000), paid('2026-03', 'basic', 40000, { kind: 'basic.retry1' }), paid('2026-04', 'basic', 40000)],
      [],
    ],
  ] as const)('补发 %s', (_, ledger, expected) => {
    const plan = planActive(backRun, [entry()], facts({ paid: () => paidSoFar(ledger as unknown as LedgerEntry[]) }), at);
    expect(plan.entries.filter((e) => e.kind.includes('backpay')).map((e) => [e.period, e.kind, e.amountFen])).toEqual(expected);
  });

  it('补发 reckons a month on the household as it was then (registry facts on its first day), not today', () => {
    const ledger = [paid('2026-03', 'basic', 35000)];
    // 340.00 元 due that month on the income of then: less than was paid, nothing owed (today's 300.00 元 income would owe 50.00 元).
    const then = { members: [{ name: '张三', relation: 'self', monthlyIncomeFen: 36000, birthDate: '1970-01-01', person: 'P1' }], assets: { financialFen: 0, vehicles: 0, properties: 1 } } as never;
    const plan = planActive(
      { ...run, backPayMonths: ['2026-03'] },
      [entry({ householdId: 'HH1' })],
      facts({ paid: () => paidSoFar(ledger), householdOn: (_r, m) => (m === '2026-03' ? then : undefined) }),
      at,
    );
    expect(plan.entries.map((e) => e.kind)).toEqual(['basic']);
  });

  it('a case whose facts cannot be read is an exception of its own; the run month without parameters fails the batch', () => {
    const broken = facts({
      paid: (r) => {
        if (r === 'BZ-260302-0001-X') throw new Error('台账读取失败');
        return paidSoFar([]);
      },
    });
    const plan = planActive({ ...run, backPayMonths: ['2026-03'] }, [entry(), entry({ reference: 'BZ-260302-0002-Y' })], broken, at);
    expect(plan.exceptions).toEqual([{ reference: 'BZ-260302-0001-X', code: 'cannot-calculate', reason: '无法按规则计算：台账读取失败' }]);
    expect(lines(plan)).toEqual([['BZ-260302-0002-Y', '2026-07', 'basic', 40000]]);
    const noParams = facts({
      params: () => {
        throw new Error('no parameters');
      },
    });
    expect(() => planActive(run, [entry()], noParams, at)).toThrow('no parameters');
  });
});

const linshi = (plan: unknown, decidedAt = '2026-05-20T10:00:00+08:00') =>
  ({
    reference: 'LS-260501-0001-Z',
    type: 'linshi',
    status: 'approved',
    area: { county: '341602', township: '341602001', residence: 'urban', hukou: 'local' },
    plan,
    decision: { at: decidedAt },
    proposal: { parameterVersions: [], trace: [] },
  }) as unknown as CaseItem;

describe('planApproved: 临时救助 stages as they fall due (十三)', () => {
  it.each([
    ['a one-off in the month decided', { kind: 'oneOff', totalFen: 120000 }, [['2026-05', 'linshi.oneOff', 120000]]],
    [
      'staged: only the stages due by the run month',
      {
        kind: 'staged',
        payments: [
          { n: 1, amountFen: 50000 },
          { n: 2, amountFen: 50000 },
          { n: 3, amountFen: 50000 },
        ],
      },
      [
        ['2026-05', 'linshi.stage1', 50000],
        ['2026-06', 'linshi.stage2', 50000],
      ],
    ],
    ['先行救助 with its balance waiting for the papers', { kind: 'advance', advanceFen: 30000, balanceFen: 20000 }, [['2026-05', 'linshi.advance', 30000]]],
  ] as const)('%s', (_, p, expected) => {
    const plan = planApproved({ ...run, month: '2026-06' }, [linshi(p)], new Map(), at);
    expect(plan.entries.map((e) => [e.period, e.kind, e.amountFen])).toEqual(expected);
  });

  it('先行救助: the balance is paid in the month the papers were completed', () => {
    const docs = new Map([['LS-260501-0001-Z', { reference: 'LS-260501-0001-Z', county: '341602', due: '2026-06-30', status: 'done' as const, doneOn: '2026-06-12' }]]);
    const plan = planApproved({ ...run, month: '2026-06' }, [linshi({ kind: 'advance', advanceFen: 30000, balanceFen: 20000 })], docs, at);
    expect(plan.entries.map((e) => [e.period, e.kind])).toEqual([
      ['2026-05', 'linshi.advance'],
      ['2026-06', 'linshi.balance'],
    ]);
  });
});

describe('planDue and planRetry', () => {
  it('a 丧葬补助 claim of a later month waits; nothing is marked paid without its entry', () => {
    const claim = { reference: 'BZ-260302-0001-X', county: '341602', township: '341602001', diedOn: '2026-08-02', crematedOn: '2026-08-04', month: '2026-08' } as never;
    const plan = planDue(run, [claim], new Map(), (m) => parameterSet(`${m}-01`), at);
    expect(plan.entries).toEqual([]);
    expect(plan.funeralsPaid).toEqual([]);
  });

  const marker = (over: Partial<RetryMarker> = {}): RetryMarker =>
    ({
      paymentId: 'P1',
      reference: 'BZ-260302-0001-X',
      county: '341602',
      township: '341602001',
      period: '2026-06',
      baseKind: 'basic',
      category: 'dibao',
      payee: 'person',
      amountFen: 40000,
      parameterVersions: [],
      traceHash: 'h',
      reasonCode: 'ACCOUNT_CLOSED',
      reason: '账户已销户',
      failedAt: '2026-06-15T10:00:00+08:00',
      attempt: 2,
      ...over,
    }) as RetryMarker;
  const payee = (updatedAt: string) => new Map([['BZ-260302-0001-X', { reference: 'BZ-260302-0001-X', accounts: { person: { updatedAt } } } as unknown as PayeeItem]]);

  it.each([
    ['a closed account nobody has changed goes to the caseworker', marker(), payee('2026-06-01T00:00:00+08:00'), [], ['routed-to-caseworker']],
    ['a closed account changed since the failure is paid again, following the failed payment', marker(), payee('2026-06-20T00:00:00+08:00'), [['basic.retry2', 40000, 'P1']], []],
    ['a bank-side failure is simply paid again', marker({ reasonCode: 'BANK_TIMEOUT' }), new Map(), [['basic.retry2', 40000, 'P1']], []],
  ] as const)('%s', (_, m, payees, expected, exceptions) => {
    const plan = planRetry(run, [m], payees as ReadonlyMap<string, PayeeItem>, at);
    expect(plan.retries.map((r) => [r.entry.kind, r.entry.amountFen, r.marker])).toEqual(expected);
    expect(plan.retries.every((r) => r.entry.follows === r.marker)).toBe(true);
    expect(plan.exceptions.map((x) => x.code)).toEqual(exceptions);
  });
});
