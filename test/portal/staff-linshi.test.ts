/**
 * 临时救助 on the workbench (十三), in Chromium against the real local gateway: the caseworker records the
 * assessed need with the case's own form (amounts typed in 元), the county funds the township's 备用金 and reads
 * its balance, movements and the month's reconciliation; the 一事一议 forms are on the case. axe finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, checkReport, must, staffOf, type Staff } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM, shot } from './browser-support.ts';

let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-10T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const HOME = { county: '341602', township: '341602001' };

async function flash(page: Page, text: string) {
  await expect.poll(() => page.locator('#flash').textContent(), { timeout: 10_000 }).toContain(text);
}

describe.skipIf(!HAVE_CHROMIUM)('临时救助 screens in Chromium', () => {
  let reference = '';
  beforeAll(async () => {
    ({ p } = await start());
    s = await staffOf(p);
    const id = idNumber('19720303', '651');
    reference = await apply(p, {
      type: 'linshi',
      applicant: { name: '陶九', idNumber: id, phone: '13900006666' },
      area: { ...HOME, residence: 'rural', hukou: 'local' },
      household: { members: [{ name: '陶九', idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
      hardship: { kind: 'expenditure', description: '住院治疗费用', amountFen: 2_000_000 },
      consent: { economicCheck: true },
    });
    await must(p, s.caseworker, reference, 'accept');
    await must(p, s.check, reference, 'recordCheck', checkReport(false));
  }, 240_000);

  afterAll(async () => {
    await stop();
  });

  it('the caseworker records the assessed need in 元 and proposes; the 一事一议 form is then on the case', async () => {
    const cw = await desk();
    await signIn(cw, 'caseworker', { ...HOME, sub: 'cw-linshi' }, `/staff/?v=case&ref=${reference}`);
    await cw.locator('#case-body .case-summary').waitFor();
    const form = cw.locator('form[data-action="assessNeed"]');
    await form.getByLabel('评估日期').fill('2026-03-10');
    await form.getByLabel('支出类别').selectOption('medical');
    await form.getByLabel('支出金额（元）').fill('20000');
    await form.getByLabel('医保报销（元）').fill('3000');
    await checkAxe(cw, '/staff/?v=case (assessNeed form)');
    await shot(cw, 'linshi-01-assess');
    await form.getByRole('button', { name: '录入需要评估' }).click();
    await flash(cw, '已办理“评估临时救助需要”');
    const view = await p.call('GET', `/api/v1/cases/${reference}`, { token: s.caseworker });
    expect(view.body.needAssessment).toMatchObject({ needFen: 1_700_000, expenses: [{ category: 'medical', amountFen: 2_000_000 }], covered: { medicalInsuranceFen: 300_000 } });

    // Folded away (the visit is offered first): open it from its summary.
    await cw
      .locator('details.action', { has: cw.locator('form[data-action="propose"]') })
      .locator('summary')
      .click();
    await cw.locator('form[data-action="propose"]').getByRole('button', { name: '提出审核意见' }).click();
    await flash(cw, '已办理“提出审核意见”');
    const oneMatter = cw.locator('form[data-action="recordOneMatter"]');
    await cw.locator('details.action', { has: oneMatter }).locator('summary').click();
    await oneMatter.waitFor();
    await checkAxe(cw, '/staff/?v=case (proposed, 一事一议 form)');
    await oneMatter.getByLabel('会议日期').fill('2099-01-01');
    await oneMatter.getByLabel('会议纪要编号').fill('谯城民议〔2026〕9号');
    for (const [i, name] of ['张主任', '李委员', '王委员'].entries()) await oneMatter.getByLabel(`参会人员${i + 1}`, { exact: true }).fill(name);
    await oneMatter.getByLabel('赞成').fill('3');
    await oneMatter.getByLabel('反对').fill('0');
    await oneMatter.getByLabel('弃权').fill('0');
    await oneMatter.getByLabel('议定救助金额（元）').fill('15000');
    await oneMatter.getByLabel('研究理由').fill('患者需持续治疗，家庭无力承担');
    await oneMatter.getByRole('button', { name: '录入“一事一议”决定' }).click();
    // A meeting in the future is refused, named by its field.
    await expect.poll(() => oneMatter.locator('.form-errors').innerText(), { timeout: 10_000 }).toContain('晚于今天');
    await oneMatter.getByLabel('会议日期').fill('2026-03-09');
    await oneMatter.getByRole('button', { name: '录入“一事一议”决定' }).click();
    await flash(cw, '已办理“录入“一事一议”集体决定”');
    expect((await p.call('GET', `/api/v1/cases/${reference}`, { token: s.caseworker })).body.oneMatter.status).toBe('awaitingCounty');
    expect((cw as any).problems).toEqual([]);
  }, 90_000);

  it('the county funds the township’s 备用金 and reads its balance and reconciliation', async () => {
    const county = await desk();
    await signIn(county, 'county', { county: HOME.county, sub: 'county-linshi' });
    await nav(county, '乡镇备用金');
    await county.locator('#reserve-pick').waitFor();
    await county.getByLabel('乡镇（街道）代码').fill(HOME.township);
    await county.getByRole('button', { name: '查看' }).click();
    await county.locator('#reserve-view h2').first().waitFor();
    await county.getByLabel('拨付金额（元）').fill('2000');
    await checkAxe(county, '/staff/?v=reserve (county)');
    await county.getByRole('button', { name: '拨付', exact: true }).click();
    await expect.poll(() => county.locator('main').innerText(), { timeout: 10_000 }).toContain('县级拨付');
    expect(await county.locator('#reserve-view dl').innerText()).toContain('2,000.00');
    expect(await county.locator('#reserve-reconciliation').innerText()).toContain('本月拨付');
    await shot(county, 'linshi-02-reserve');
    await checkAxe(county, '/staff/?v=reserve (after funding)');
    expect((county as any).problems).toEqual([]);
  }, 60_000);

  it('axe found nothing', () => {
    expect(axeFailures).toEqual([]);
  });
});
