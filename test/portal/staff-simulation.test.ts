/**
 * The admin's standards screen simulates before it publishes (shared/simulation), in Chromium against the
 * real local gateway: a 特困 rise is simulated over the enrolled caseload; the screen shows the cost by
 * county, the distribution of changes and the cliff chart, each an SVG image with its table, offers the
 * CSV, and publishing then records the simulation it followed. axe finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import type { Staff } from '../integration/workflow-support.ts';
import { activeThroughApi } from '../integration/payments-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM, shot } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, start, stop } = staffWorkbench(clock);
const HOME = { county: '341602', township: '341602001' };

describe.skipIf(!HAVE_CHROMIUM)('policy simulation on the standards screen', () => {
  beforeAll(async () => {
    ({ p } = await start());
    forgetParameters();
    const s = {
      caseworker: await p.tokenFor('caseworker', { ...HOME, sub: 'sim-cw' }),
      approver: await p.tokenFor('approver', { ...HOME, sub: 'sim-ap' }),
      check: await p.tokenFor('check', { county: HOME.county, sub: 'sim-check' }),
    } as Staff;
    await activeThroughApi(p, s, HOME, 'tekun', '601', '2026-03-20', { careLevel: 'half', supportMode: 'dispersed' });
    await activeThroughApi(p, s, HOME, 'dibao', '602', '2026-03-20');
  }, 240_000);
  afterAll(async () => {
    await stop();
  });

  it('simulates a 特困 rise, shows charts with their tables and the CSV, and publishing records the simulation', async () => {
    const admin = await desk();
    await signIn(admin, 'admin');
    await nav(admin, '发布标准');
    await admin.getByLabel('参数').selectOption('tekun.standard.rural');
    await admin.getByLabel('新值（元）').fill('950');
    await admin.getByLabel('生效日期').fill('2026-04-01');
    await admin.getByRole('button', { name: '先模拟测算' }).click();
    const result = admin.locator('#simulation-result');
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain('模拟测算结果');
    const text = await result.innerText();
    expect(text).toContain('谯城区 调整后');
    expect(text).toContain('增加1户');
    const figures = result.locator('figure');
    expect(await figures.count()).toBeGreaterThanOrEqual(3);
    expect(await result.locator('svg[role="img"] title').count()).toBeGreaterThanOrEqual(3);
    expect(await result.locator('table caption', { hasText: '陡坡' }).count()).toBe(1);
    expect(await result.locator('tbody tr', { hasText: '农村2人户（含未成年成员）' }).count()).toBeGreaterThan(0);
    const download = admin.waitForEvent('download');
    await admin.getByRole('button', { name: '下载结果表（CSV）' }).click();
    expect((await download).suggestedFilename()).toMatch(/^simulation-.+\.csv$/);
    await shot(admin, 'standards-simulation');
    await checkAxe(admin, '/staff/?v=standards (simulation)');

    await admin.getByLabel('依据（文件名称和文号）').fill('亳政〔2026〕示例号');
    await admin.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => admin.locator('#standards-result').innerText()).toContain('已发布');
    expect(await admin.locator('#standards-result').innerText()).not.toContain('未测算');
    expect((admin as any).problems).toEqual([]);

    // The latest simulations side by side: what each changed, the cost and the households.
    await admin.getByRole('button', { name: '对比最近的模拟测算' }).click();
    const compare = admin.locator('#simulation-compare table');
    await expect.poll(() => compare.count(), { timeout: 15_000 }).toBe(1);
    const table = await compare.innerText();
    expect(table).toContain('tekun.standard.rural = 95000');
    expect(table).toContain('全年相差');
    await checkAxe(admin, '/staff/?v=standards (compared)');

    // Once the value is in force, the public 救助标准 page shows the simulation's city-level effect.
    clock.set('2026-04-01T09:00:00+08:00');
    await admin.goto(new URL('/standards/', admin.url()).href);
    const effects = admin.locator('#standards-effects');
    await expect.poll(() => effects.isVisible(), { timeout: 15_000 }).toBe(true);
    const said = await effects.innerText();
    expect(said).toContain('全市每月救助支出由');
    expect(said).toContain('1 户增加');
    expect(said).not.toMatch(/\d{17}[\dX]|[A-Z]{2}-\d{6}-\d{4}/);
    await checkAxe(admin, '/standards/ (effect of a simulation)');
  }, 120_000);
});
