import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { act, apply, checkReport, consentAll, fundReserve, HOME, must, staffOf, visit, type Staff } from './workflow-support.ts';

/**
 * 临时救助 by assessed need (十三) and a real 一事一议 — the "Why" scenarios of the issue, each through the gateway.
 * Example figures: rural 低保 700 元, urban 800 元; 支出型 2/6/12 ×, 急难型 3/8/16 ×; township limit 5,000 元.
 */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-10T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
  await fundReserve(p, s.county, HOME.township, 1_000_000);
});
afterAll(async () => {
  await p.stop();
});

const area = { ...HOME, residence: 'rural', hukou: 'local' };
type Household = { members: Record<string, unknown>[]; assets: { financialFen: number; vehicles: number; properties: number } };
const linshi = (id: string, name: string, hardship: Record<string, unknown>, household?: Household) => ({
  type: 'linshi',
  applicant: { name, idNumber: id, phone: '13900003333' },
  area,
  household: household ?? { members: [{ name, idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
  hardship,
  consent: { economicCheck: true },
});
const medical = (amountFen: number) => ({ assessedOn: '2026-03-09', need: { expenses: [{ category: 'medical', amountFen }] } });

async function checked(body: unknown, doubt = false): Promise<string> {
  const ref = await apply(p, body);
  await must(p, s.caseworker, ref, 'accept');
  await must(p, s.check, ref, 'recordCheck', checkReport(doubt));
  return ref;
}

describe('the amount follows the assessed need', () => {
  it('a 100-yuan 药费 marked "serious" gives 100 yuan, not 4,200', async () => {
    const ref = await checked(linshi(idNumber('19700101', '611'), '钱一', { kind: 'expenditure', description: '门诊药费', amountFen: 10000 }));
    const early = await act(p, s.caseworker, ref, 'propose');
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('尚未评估临时救助需要');
    const assessed = await must(p, s.caseworker, ref, 'assessNeed', medical(10000));
    expect(assessed.needAssessment.needFen).toBe(10000);
    // Another degree needs a written reason.
    const noReason = await act(p, s.caseworker, ref, 'propose', { degree: 'serious' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body.errors)).toContain('degreeReason');
    const proposed = await must(p, s.caseworker, ref, 'propose', { degree: 'serious', degreeReason: '患者长期服药，家庭负担较重' });
    expect(proposed.proposal.oneOffAmountFen).toBe(10000);
    const override = proposed.proposal.trace.find((t: { rule: string }) => t.rule === 'linshi.degreeOverride');
    expect(override).toMatchObject({ measure: '(十三)' });
    expect(override.detail).toContain('患者长期服药');
    const approved = await must(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } });
    expect(approved.plan.totalFen).toBe(10000);
  });

  it('deducts insurance, 医保, other payers and what the household bears over the look-back', async () => {
    const id = idNumber('19720202', '612');
    const household = { members: [{ name: '孙二', idNumber: id, relation: 'self', monthlyIncomeFen: 90000 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } };
    const ref = await checked(linshi(id, '孙二', { kind: 'expenditure', description: '住院治疗', amountFen: 1000000 }, household));
    const need = {
      expenses: [
        { category: 'medical', amountFen: 800000 },
        { category: 'education', amountFen: 200000 },
      ],
      covered: { insuranceFen: 100000, medicalInsuranceFen: 300000, otherAssistanceFen: 50000, otherPayersFen: 50000 },
    };
    const assessed = await must(p, s.caseworker, ref, 'assessNeed', { assessedOn: '2026-03-09', need });
    // 10,000 − 5,000 covered − (900 − 700) × 3 months = 4,400 元.
    expect(assessed.needAssessment.needFen).toBe(440000);
    const proposed = await must(p, s.caseworker, ref, 'propose');
    // 4,400 元 ≥ 6 × 700 → 较重, band 1,400–4,200 元: the amount is the band's top, below the need.
    expect(proposed.proposal.oneOffAmountFen).toBe(420000);
    expect(proposed.proposal.trace.map((t: { rule: string }) => t.rule)).toEqual(
      expect.arrayContaining(['linshi.need.expenses', 'linshi.need.covered', 'linshi.need.bearable', 'linshi.need', 'linshi.band', 'linshi.amount']),
    );
  });

  it('the public 试算 asks for the need: 300 yuan of need gives 300 yuan, explained step by step with (十三)', async () => {
    const household = { members: [{ name: '李四', birthDate: '1980-01-01', relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } };
    const body = {
      type: 'linshi',
      date: '2026-03-10',
      area: { ...area, residence: 'urban' },
      household,
      hardship: { kind: 'expenditure', description: '医疗费用', amountFen: 30000, need: { expenses: [{ category: 'medical', amountFen: 30000 }] } },
    };
    const res = await p.call('POST', '/api/v1/calculations', { body });
    expect(res.status, res.text).toBe(200);
    expect(res.body.oneOffAmountFen).toBe(30000);
    expect(res.body.details).toMatchObject({ needFen: 30000, band: { lowerFen: 160000, upperFen: 160000 } });
    const linshiSteps = res.body.trace.filter((t: { rule: string }) => ['linshi.band', 'linshi.need', 'linshi.amount'].includes(t.rule));
    expect(linshiSteps).toHaveLength(3);
    expect(linshiSteps.every((t: { measure: string }) => t.measure === '(十三)')).toBe(true);
    const zero = await p.call('POST', '/api/v1/calculations', { body: { ...body, hardship: { kind: 'emergency', description: '突发困难', amountFen: 0 } } });
    expect(zero.body).toMatchObject({ eligible: false, oneOffAmountFen: 0 });
  });
});

describe('支出型 needs the means check, and doubt stops approval until the county reviews', () => {
  it('a household with 50,000 yuan a month, 5 million in deposits, 3 cars and 4 houses is not eligible, and nothing is paid', async () => {
    const id = idNumber('19650505', '613');
    const rich = { members: [{ name: '富三', idNumber: id, relation: 'self', monthlyIncomeFen: 5_000_000 }], assets: { financialFen: 500_000_000, vehicles: 3, properties: 4 } };
    const ref = await checked(linshi(id, '富三', { kind: 'expenditure', description: '大病医疗', amountFen: 2_000_000 }, rich), true);
    await must(p, s.caseworker, ref, 'recordVisit', visit(true));
    await must(p, s.caseworker, ref, 'recordAppraisal', { heldOn: '2026-03-09', participants: 7, outcome: 'doesNotSupport', record: '评议认为家庭经济条件较好' });
    await must(p, s.caseworker, ref, 'assessNeed', medical(2_000_000));
    const proposed = await must(p, s.caseworker, ref, 'propose');
    expect(proposed.proposal).toMatchObject({ eligible: false, oneOffAmountFen: 0 });
    expect(proposed.proposal.trace.find((t: { rule: string }) => t.rule === 'linshi.means').detail).toContain('不符合条件');
    const approve = await act(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } });
    expect(approve.status).toBe(409);
    expect(approve.body.code).toBe('not-eligible');
  });

  it('a check that raised doubt holds approval until the county has reviewed it', async () => {
    const ref = await checked(linshi(idNumber('19660606', '614'), '周四', { kind: 'expenditure', description: '门诊费用', amountFen: 100000 }), true);
    await must(p, s.caseworker, ref, 'recordVisit', visit(false));
    await must(p, s.caseworker, ref, 'recordAppraisal', { heldOn: '2026-03-09', participants: 7, outcome: 'supports', record: '评议认为情况属实' });
    await must(p, s.caseworker, ref, 'assessNeed', medical(100000));
    await must(p, s.caseworker, ref, 'propose');
    const held = await act(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } });
    expect(held.status).toBe(409);
    expect(held.body.code).toBe('county-review-required');
    expect(held.body.detail).toContain('核对有疑义');
    await must(p, s.county, ref, 'countyReview', { cleared: true, opinion: '经复核，收入疑点已排除' });
    expect((await must(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } })).plan.totalFen).toBe(100000);
  });
});

describe('支出型: an appraisal that did not support the claim', () => {
  it('holds approval until the county has reviewed it, even where the means limits pass', async () => {
    // The check found nothing; the visit raised doubt, so the appraisal was held — and did not support it.
    const ref = await checked(linshi(idNumber('19670707', '619'), '蒋九', { kind: 'expenditure', description: '子女学费', amountFen: 100000 }), false);
    await must(p, s.caseworker, ref, 'recordVisit', visit(true));
    await must(p, s.caseworker, ref, 'recordAppraisal', { heldOn: '2026-03-09', participants: 7, outcome: 'doesNotSupport', record: '评议认为尚能自行负担' });
    await must(p, s.caseworker, ref, 'assessNeed', { assessedOn: '2026-03-09', need: { expenses: [{ category: 'education', amountFen: 100000 }] } });
    expect((await must(p, s.caseworker, ref, 'propose')).proposal.eligible).toBe(true);
    const held = await act(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } });
    expect(held.body.code).toBe('county-review-required');
    expect(held.body.detail).toContain('民主评议不支持');
    await must(p, s.county, ref, 'countyReview', { cleared: false, opinion: '评议意见成立，不予支持' });
    expect((await act(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } })).body.code).toBe('county-review-not-cleared');
  });
});

describe('急难型: paid first, checked after', () => {
  it('records an ineligible household found by the later check, and the county decides on recovery', async () => {
    const id = idNumber('19780808', '615');
    const { consent: _consent, ...urgent } = linshi(id, '吴五', { kind: 'emergency', description: '途中遭窃，无钱返乡', amountFen: 50000 });
    const ref = await apply(p, urgent);
    await must(p, s.caseworker, ref, 'accept');
    const assessed = await must(p, s.caseworker, ref, 'assessNeed', {
      assessedOn: '2026-03-10',
      need: {
        immediate: [
          { category: 'food', amountFen: 20000 },
          { category: 'travel', amountFen: 30000 },
        ],
      },
    });
    expect(assessed.needAssessment.needFen).toBe(50000);
    const proposed = await must(p, s.caseworker, ref, 'propose');
    expect(proposed.proposal.oneOffAmountFen).toBe(50000);
    await must(p, s.approver, ref, 'approve', { plan: { kind: 'advance' } });
    await must(p, s.caseworker, ref, 'consent', consentAll([0]));
    const checkedAfter = await must(p, s.check, ref, 'recordCheck', checkReport(true));
    expect(checkedAfter.status).toBe('approved');
    expect(checkedAfter.postCheck.eligible).toBe(false);
    expect((await act(p, s.caseworker, ref, 'decideRecovery', { decision: 'recover', reason: '核对发现有收入' })).status).toBe(403);
    const decided = await must(p, s.county, ref, 'decideRecovery', { decision: 'waive', reason: '金额较小，当事人确属急难' });
    expect(decided.recovery).toMatchObject({ status: 'waive' });
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.recovery.status).toBe('waive');
  });
});

describe('一事一议 (十三)', () => {
  it('township records the collective decision, the county signs, and only then is more than 16 × approved — never above the need', async () => {
    const ref = await checked(linshi(idNumber('19690909', '616'), '郑六', { kind: 'expenditure', description: '重大疾病住院', amountFen: 2_000_000 }));
    await must(p, s.caseworker, ref, 'assessNeed', medical(2_000_000));
    const proposed = await must(p, s.caseworker, ref, 'propose');
    // 20,000 元 of need; 严重 band tops at 12 × 700 = 8,400 元; 16 × = 11,200 元.
    expect(proposed.proposal.oneOffAmountFen).toBe(840000);
    const decision = {
      meetingOn: '2026-03-09',
      members: [{ name: '张主任' }, { name: '李委员' }, { name: '王委员' }, { name: '赵委员' }, { name: '刘委员' }],
      vote: { for: 4, against: 1, abstain: 0 },
      minutesRef: '谯城民议〔2026〕3号',
      reasons: '患者需持续治疗，家庭无力承担',
      amountFen: 1_500_000,
    };
    const future = await act(p, s.caseworker, ref, 'recordOneMatter', { ...decision, meetingOn: '2099-01-01' });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('meeting-in-future');
    expect((await act(p, s.caseworker, ref, 'recordOneMatter', { ...decision, vote: { for: 2, against: 3, abstain: 0 } })).body.code).toBe('not-carried');
    expect((await act(p, s.caseworker, ref, 'recordOneMatter', { ...decision, amountFen: 2_100_000 })).body.code).toBe('above-need');
    expect((await act(p, s.county, ref, 'recordOneMatter', decision)).status).toBe(403);
    const recorded = await must(p, s.caseworker, ref, 'recordOneMatter', decision);
    expect(recorded.oneMatter.status).toBe('awaitingCounty');
    expect((await act(p, s.caseworker, ref, 'signOneMatter', { approved: true, opinion: '同意' })).status).toBe(403);
    const signed = await must(p, s.county, ref, 'signOneMatter', { approved: true, opinion: '经县级复核，同意按集体决定救助' });
    expect(signed.proposal.oneOffAmountFen).toBe(1_500_000);
    expect(signed.proposal.trace.find((t: { rule: string }) => t.rule === 'linshi.oneMatter').detail).toContain('谯城民议〔2026〕3号');
    const approved = await must(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } });
    expect(approved.plan.totalFen).toBe(1_500_000);
    const audit = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(audit.body.audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['recordOneMatter', 'signOneMatter', 'approve']));
  });

  it('is needed when the household’s approvals in the window add up past 16 ×, even if each is within it', async () => {
    const id = idNumber('19680808', '618');
    const decision = {
      meetingOn: '2026-03-09',
      members: [{ name: '张主任' }, { name: '李委员' }, { name: '王委员' }],
      vote: { for: 3, against: 0, abstain: 0 },
      minutesRef: '谯城民议〔2026〕5号',
      reasons: '家庭连续遭遇大病，确需继续救助',
      amountFen: 420000,
    };
    const bills = ['住院费用第一次', '住院费用第二次', '住院费用第三次'];
    for (const [i, description] of bills.entries()) {
      const ref = await checked(linshi(id, '韩八', { kind: 'expenditure', description, amountFen: 500000 }));
      await must(p, s.caseworker, ref, 'assessNeed', medical(500000));
      expect((await must(p, s.caseworker, ref, 'propose')).proposal.oneOffAmountFen).toBe(420000);
      if (i === 0) {
        await must(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } });
        continue;
      }
      // Past the township limit: the county reviews. Past 16 × (11,200 元) in the window: also a signed 一事一议.
      expect((await act(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } })).body.code).toBe('county-review-required');
      await must(p, s.county, ref, 'countyReview', { cleared: true, opinion: '家庭确有新的困难' });
      if (i === 1) {
        await must(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } });
        continue;
      }
      const held = await act(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } });
      expect(held.status).toBe(409);
      expect(held.body.code).toBe('one-matter-required');
      await must(p, s.caseworker, ref, 'recordOneMatter', decision);
      expect((await act(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } })).body.code).toBe('one-matter-required');
      await must(p, s.county, ref, 'signOneMatter', { approved: true, opinion: '同意' });
      expect((await must(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } })).plan.totalFen).toBe(420000);
    }
  });

  it('is refused where the need is within 16 ×', async () => {
    const ref = await checked(linshi(idNumber('19710101', '617'), '冯七', { kind: 'expenditure', description: '门诊费用', amountFen: 300000 }));
    await must(p, s.caseworker, ref, 'assessNeed', medical(300000));
    await must(p, s.caseworker, ref, 'propose');
    const res = await act(p, s.caseworker, ref, 'recordOneMatter', {
      meetingOn: '2026-03-09',
      members: [{ name: '甲' }, { name: '乙' }, { name: '丙' }],
      vote: { for: 3, against: 0, abstain: 0 },
      minutesRef: '议〔2026〕1号',
      reasons: '集体研究同意',
      amountFen: 300000,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('one-matter-not-needed');
  });
});
