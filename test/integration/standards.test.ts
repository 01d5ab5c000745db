import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';

let p: TestPlatform;
let admin: string;
beforeAll(async () => {
  p = await startTestPlatform({ clock: new TestClock('2026-11-28T09:00:00+08:00') });
  admin = await p.tokenFor('admin');
});
afterAll(async () => {
  await p.stop();
});

const publish = (body: Record<string, unknown>) => p.call('POST', '/api/v1/standards', { body, token: admin });
const valueOn = async (id: string, date: string) => {
  const res = await p.call('GET', `/api/v1/standards?date=${date}`);
  return res.body.parameters.find((x: { id: string }) => x.id === id);
};

describe('standards (the parameters in force)', () => {
  it('lists every parameter with its source, marking examples', async () => {
    const res = await p.call('GET', '/api/v1/standards?date=2026-11-28');
    expect(res.status).toBe(200);
    const ids = res.body.parameters.map((x: { id: string }) => x.id);
    for (const id of [
      'dibao.standard.urban',
      'dibao.standard.rural',
      'dibao.marginRatio',
      'tekun.standard.urban',
      'tekun.minRatio',
      'tekun.minorAgeLimit',
      'tekun.funeralSubsidy',
      'linshi.multiplier.min',
      'linshi.multiplier.max',
      'linshi.townshipLimit',
      'socialWorker.allowance.assistant',
      'socialWorker.allowance.intermediate',
      'purchase.budgetShare',
      'disasterReserve.minimum',
      'approval.workingDays',
      'publicity.days',
      'priceLinkage.cpiTrigger',
      'priceLinkage.foodCpiTrigger',
    ]) {
      expect(ids).toContain(id);
    }
    const funeral = res.body.parameters.find((x: { id: string }) => x.id === 'tekun.funeralSubsidy');
    expect(funeral).toMatchObject({ value: 300000, unit: 'fen', example: false });
    const dibao = res.body.parameters.find((x: { id: string }) => x.id === 'dibao.standard.urban');
    expect(dibao.example).toBe(true);
    expect(dibao.source).toContain('示例');
  });

  it('refuses a 低保 rise that would leave 特困 under 1.3 ×, naming measure (六)', async () => {
    const res = await publish({ id: 'dibao.standard.urban', value: 90000, effectiveFrom: '2027-01-01', source: '亳政〔2026〕示例号' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('measure-violated');
    expect(res.body.detail).toContain('(六)');
  });

  it('refuses a funeral subsidy other than 3000 yuan and a 临时救助 maximum above 16 ×', async () => {
    expect((await publish({ id: 'tekun.funeralSubsidy', value: 250000, effectiveFrom: '2027-01-01', source: '示例' })).status).toBe(422);
    expect((await publish({ id: 'linshi.multiplier.max', value: 20, effectiveFrom: '2027-01-01', source: '示例' })).status).toBe(422);
  });

  it('publishes 特困 first, then the 低保 rise, and keeps the history by date', async () => {
    expect((await publish({ id: 'tekun.standard.urban', value: 117000, effectiveFrom: '2027-01-01', source: '亳政〔2026〕示例号' })).status).toBe(201);
    const rise = await publish({ id: 'dibao.standard.urban', value: 90000, effectiveFrom: '2027-01-01', source: '亳政〔2026〕示例号' });
    expect(rise.status).toBe(201);
    expect((await valueOn('dibao.standard.urban', '2026-12-31')).value).toBe(80000);
    expect(await valueOn('dibao.standard.urban', '2027-01-01')).toMatchObject({ value: 90000, example: false, source: '亳政〔2026〕示例号' });
    // A 特困 cut below 1.3 × the new 低保 is refused too: the check runs both ways.
    expect((await publish({ id: 'tekun.standard.urban', value: 110000, effectiveFrom: '2027-06-01', source: '示例' })).status).toBe(422);
    // Past values stay: the same id and date cannot be published again.
    const again = await publish({ id: 'dibao.standard.urban', value: 85000, effectiveFrom: '2027-01-01', source: '示例' });
    expect(again.status).toBe(409);
  });

  it('names the field of a malformed publication', async () => {
    const res = await publish({ id: 'dibao', value: 'lots', effectiveFrom: '2027-13-01' });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['id', 'value', 'effectiveFrom', 'source']));
  });
});

describe('试算 (public calculation)', () => {
  const area = { county: '341602', township: '341602101', residence: 'rural', hukou: 'local' };
  const noAssets = { financialFen: 0, vehicles: 0, properties: 0 };

  it('finds a 17-year-old without support eligible for 特困, from a birth date alone', async () => {
    const res = await p.call('POST', '/api/v1/calculations', {
      body: { type: 'tekun', date: '2026-11-28', area, household: { members: [{ name: '小明', birthDate: '2009-06-01', relation: 'self', monthlyIncomeFen: 0 }], assets: noAssets } },
    });
    expect(res.status).toBe(200);
    expect(res.body.eligible).toBe(true);
    expect(res.body.monthlyAmountFen).toBeGreaterThan(0);
    expect(res.body.trace.every((s: { measure: string }) => /^\(/.test(s.measure))).toBe(true);
    expect(res.body.notice).toContain('不是审核决定');
  });

  it('says why a 17-year-old on 孤儿保障 is not 特困', async () => {
    const res = await p.call('POST', '/api/v1/calculations', {
      body: {
        type: 'tekun',
        date: '2026-11-28',
        area,
        household: { members: [{ name: '小红', birthDate: '2009-06-01', relation: 'self', monthlyIncomeFen: 0, orphanBenefit: true }], assets: noAssets },
      },
    });
    expect(res.body.eligible).toBe(false);
    expect(JSON.stringify(res.body.trace)).toContain('孤儿');
  });

  it('computes the 低保 top-up in whole fen', async () => {
    const res = await p.call('POST', '/api/v1/calculations', {
      body: {
        type: 'dibao',
        date: '2026-11-28',
        area: { ...area, residence: 'urban' },
        household: {
          members: [
            { name: '王五', idNumber: idNumber('19700101'), relation: 'self', monthlyIncomeFen: 30000 },
            { name: '赵六', birthDate: '1972-01-01', relation: 'spouse', monthlyIncomeFen: 10000 },
          ],
          assets: noAssets,
        },
      },
    });
    expect(res.status).toBe(200);
    expect(Number.isInteger(res.body.monthlyAmountFen)).toBe(true);
    // (80000 − (30000 + 10000) / 2) × 2 with the example urban standard.
    expect(res.body.monthlyAmountFen).toBe(120000);
  });

  it('refuses an impossible household, naming the field', async () => {
    const res = await p.call('POST', '/api/v1/calculations', {
      body: {
        type: 'dibao',
        date: '2026-11-28',
        area,
        household: { members: [{ name: '甲', birthDate: '1970-01-01', relation: 'self', monthlyIncomeFen: 0, disability: { category: 'physical', grade: 5 } }], assets: noAssets },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('household.members.0.disability.grade');
  });
});
