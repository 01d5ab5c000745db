/**
 * The admin's 区划与人口 screen (staff-screens.js) in Chromium against the REAL local gateway: the admin
 * opens it from the navigation, sees the sample figures marked 示例数据, gets a bad population refused next
 * to the field, enters a real population with its source, and sees it stored. axe finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2026-11-28T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);

describe.skipIf(!HAVE_CHROMIUM)('admin 区划与人口 in Chromium', () => {
  beforeAll(async () => {
    ({ p } = await start());
  }, 180_000);

  afterAll(stop);

  it('the admin enters a township population with its source and sees it; errors by the field; axe clean', async () => {
    const page = await desk();
    await signIn(page, 'admin');
    await nav(page, '区划与人口');
    await expect.poll(() => page.locator('#view-title').textContent()).toBe('区划与人口');

    const card = page.locator('li.card[data-township="341602103"]');
    await card.waitFor();
    expect(await card.locator('.card-title').textContent()).toContain('示例数据');
    expect(await card.textContent()).toContain('29999 人');
    await card.getByText('录入魏岗镇的人口').click();
    await checkAxe(page, '区划与人口');

    // A population that is not a whole number: refused, the message next to the field and in the summary.
    await card.getByLabel('常住人口（人）').fill('三万');
    await card.getByLabel('人口来源').fill('2020年第七次全国人口普查');
    await card.getByRole('button', { name: '保存魏岗镇的人口' }).click();
    await card.locator('.error-message').first().waitFor();
    expect(await card.locator('.field-error input[name="population"]').count()).toBe(1);
    expect(await card.locator('.error-summary').textContent()).toContain('人口应为整数');
    await checkAxe(page, '区划与人口（错误）');

    // By keyboard: correct the figure and press Enter in the field.
    await card.getByLabel('常住人口（人）').fill('31000');
    await card.getByLabel('常住人口（人）').press('Enter');
    await expect.poll(() => page.locator('#flash').textContent()).toContain('已保存：魏岗镇，常住人口 31000 人');
    expect(await card.locator('.card-title').textContent()).toContain('已录入');
    expect(await card.textContent()).toContain('31000 人');
    expect(await card.textContent()).toContain('2020年第七次全国人口普查');

    const areas = await p.call('GET', '/api/v1/areas');
    const weigang = areas.body.counties[0].townships.find((t: { code: string }) => t.code === '341602103');
    expect(weigang).toMatchObject({ population: 31000, sample: false });

    // Opening the screen again reads the stored value, not a cached list.
    await page.reload();
    await signIn(page, 'admin');
    await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '区划与人口', exact: true }).click();
    await page.locator('li.card[data-township="341602103"]').waitFor();
    expect(await page.locator('li.card[data-township="341602103"]').textContent()).toContain('31000 人');
    await checkAxe(page, '区划与人口（已录入）');

    expect((page as any).problems).toEqual([]);
    expect(axeFailures).toEqual([]);
  }, 60_000);
});
