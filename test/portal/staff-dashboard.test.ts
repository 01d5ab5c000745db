/**
 * The county dashboard (二十)(二十三) and the staffing check (二十二) in Chromium against the real local
 * gateway: after the daily `statistics` job ran, a county supervisor reaches 统计图表 by keyboard and sees
 * the four charts — caseload, timeliness, payments, re-checks — each an SVG image with its text summary
 * and its table; the auditor picks another county; the staffing screen shows the real counts. axe finds
 * nothing on any of these screens, in normal and in 特大 + 高对比度.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import { apply, type Staff } from '../integration/workflow-support.ts';
import { activeThroughApi, idem } from '../integration/payments-support.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM, shot, tabTo } from './browser-support.ts';

declare const window: any;

let p: TestPlatform;
let s3: LocalS3;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const HOME = { county: '341602', township: '341602001' };

async function staffAt(iso: string): Promise<Staff> {
  clock.set(iso);
  const [caseworker, approver, check, county] = await Promise.all([
    p.tokenFor('caseworker', { ...HOME, sub: 'dash-cw', establishment: 'established' }),
    p.tokenFor('approver', { ...HOME, sub: 'dash-ap', establishment: 'other' }),
    p.tokenFor('check', { county: HOME.county, sub: 'dash-check' }),
    p.tokenFor('county', { county: HOME.county, sub: 'dash-county' }),
  ]);
  return { caseworker, approver, check, county } as Staff;
}

describe.skipIf(!HAVE_CHROMIUM)('the county dashboard in Chromium', () => {
  beforeAll(async () => {
    s3 = await startS3();
    ({ p } = await start());
    forgetParameters();
    let s = await staffAt('2026-03-02T09:00:00+08:00');
    await activeThroughApi(p, s, HOME, 'dibao', '501', '2026-03-20');
    await apply(p, dibaoApplication(idNumber('19650505', '502')));
    s = await staffAt('2026-03-10T09:00:00+08:00');
    const run = await p.call('POST', '/api/v1/payment-runs', { body: { county: HOME.county, month: '2026-03' }, token: s.county, headers: idem() });
    expect(run.status, run.text).toBe(202);
    await p.queues.drain();
    clock.set('2026-04-01T09:00:00+08:00');
    await p.runJob('dibao-q2-review', '2026-04-01');
    await p.runJob('statistics', '2026-04-01');
  }, 240_000);

  afterAll(async () => {
    await stop();
    await s3?.stop();
  });

  it('a county supervisor reaches 统计图表 by keyboard and reads four charts, each with its summary and table', async () => {
    const county = await desk();
    await signIn(county, 'county', { county: HOME.county, sub: 'dash-county' });
    const marker = await county.evaluate(() => (window.__doc = Math.random()));
    await tabTo(county, (f) => f.tag === 'a' && f.text === '统计图表');
    await county.keyboard.press('Enter');
    await county.locator('#dashboard-charts figure').nth(3).waitFor();
    expect(await county.evaluate(() => window.__doc)).toBe(marker); // no new document: the token is still in memory
    expect(await county.locator('#view-title').innerText()).toBe('谯城区统计图表');

    const figures = county.locator('#dashboard-charts figure');
    expect(await figures.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const f = figures.nth(i);
      expect(await f.locator('svg[role="img"] title').count(), `figure ${i}`).toBe(1);
      expect(await f.locator('svg[role="img"] desc').count()).toBe(1);
      expect(await f.locator('table caption').count()).toBe(1);
      expect(await f.locator('.chart-summary').count()).toBe(1);
    }
    expect(await county.locator('#dashboard-source').innerText()).toContain('数据截至 2026-04-01');
    const [caseload, timeliness, payments, rechecks] = await Promise.all([0, 1, 2, 3].map((i) => figures.nth(i).innerText()));
    expect(caseload).toContain('共 2 件');
    expect(caseload).toContain('最低生活保障（低保）');
    expect(timeliness).toContain('共作出决定 1 件，其中 1 件在受理后20个工作日内作出（100%）');
    expect(await figures.nth(1).locator('tbody tr').count()).toBe(12);
    expect(await figures.nth(1).locator('tbody tr').last().innerText()).toMatch(/2026-04\s+0\s+0\s+—/u);
    // (700 − 150) × 2 = 1,100 yuan for the one rural household.
    expect(payments).toContain('共发放 1,100.00 元');
    expect(await figures.nth(2).locator('tbody tr', { hasText: '2026-03' }).innerText()).toMatch(/2026-03\s+1,100.00\s+0.00\s+0.00\s+1,100.00/u);
    expect(rechecks).toContain('生成任务 1 件，已完成 0 件（0%）');
    await shot(county, 'dashboard-01-county');
    await checkAxe(county, '/staff/?v=dashboard (county)');

    await county.getByRole('button', { name: '特大' }).click();
    await county.getByRole('button', { name: '高对比度' }).click();
    await shot(county, 'dashboard-02-contrast');
    await checkAxe(county, '/staff/?v=dashboard (特大+高对比度)');
    expect((county as any).problems).toEqual([]);
  }, 90_000);

  it('the staffing screen shows the registered staff against the thresholds (二十二)', async () => {
    const county = await desk();
    await signIn(county, 'county', { county: HOME.county, sub: 'dash-county' });
    await county.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '人员配备', exact: true }).click();
    const table = county.locator('.staffing-county table');
    await table.waitFor();
    const row = await table.locator('tr', { hasText: '花戏楼街道' }).innerText();
    expect(row).toMatch(/至少 2／现有 1[\s\S]*至少 3／现有 1[\s\S]*不足/u);
    expect(await table.locator('tr', { hasText: '十八里镇' }).innerText()).toContain('恰为分界');
    expect(await county.locator('.staffing-county').innerText()).toContain('3万人以上');
    await checkAxe(county, '/staff/?v=staffing');
    expect((county as any).problems).toEqual([]);
  }, 60_000);

  it('the auditor picks a county by keyboard', async () => {
    const auditor = await desk();
    await signIn(auditor, 'auditor');
    await auditor.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '统计图表', exact: true }).click();
    await auditor.locator('#dashboard-charts figure').nth(3).waitFor();
    await tabTo(auditor, (f) => f.id === 'dashboard-county');
    await auditor.keyboard.press('ArrowDown'); // 涡阳县
    await tabTo(auditor, (f) => f.tag === 'button' && f.text === '查看');
    await auditor.keyboard.press('Enter');
    await expect.poll(() => auditor.locator('#view-title').innerText()).toBe('涡阳县统计图表');
    await auditor.locator('#dashboard-charts figure').nth(3).waitFor();
    expect(await auditor.locator('#dashboard-charts figure').first().innerText()).toContain('共 0 件');
    await checkAxe(auditor, '/staff/?v=dashboard&county=341621 (auditor)');
    expect((auditor as any).problems).toEqual([]);
  }, 60_000);

  it('督办 shows the overdue re-check tasks by township beside applications and referrals', async () => {
    clock.set('2026-07-01T09:00:00+08:00');
    await p.runJob('deadline-watch', '2026-07-01');
    const county = await desk();
    await signIn(county, 'county', { county: HOME.county, sub: 'dash-county' });
    await county.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '督办', exact: true }).click();
    await county.getByLabel('检查日期').fill('2026-07-01');
    await county.getByRole('button', { name: '查看' }).click();
    await county.locator('#supervision-result .stat-list').waitFor();
    expect(await county.locator('#supervision-result .stat', { hasText: '复核、探访任务超期' }).locator('.stat-n').innerText()).toBe('1');
    const chartTable = await county.locator('#supervision-result figure table').innerText();
    // The application submitted in March and never accepted is overdue for 受理 (acceptance.workingDays, issue 24).
    expect(chartTable).toMatch(/花戏楼街道\s+1\s+0\s+0\s+1\s+2/u);
    const tasks = county.locator('#supervision-result table', { hasText: '需要督办的复核' });
    expect(await tasks.innerText()).toContain('C类低保家庭第二季度复核');
    expect(await tasks.innerText()).toContain('2026-06-30');
    expect(await tasks.innerText()).toContain('已超期');
    await checkAxe(county, '/staff/?v=supervision (tasks)');
    expect((county as any).problems).toEqual([]);
  }, 60_000);

  it('axe finds nothing on any of these screens', () => {
    expect(axeFailures).toEqual([]);
  });
});
