/**
 * The feeds and 12345 screens of 政策找人 (staff-monitoring.js) in Chromium against the REAL local gateway:
 * the county office reads a department's published format, sends a file with two bad lines (refused whole,
 * each line and column named in a table), then the corrected file, and sees it in the list with its source,
 * legal basis, uploader, line count and, after the queue, its match. 12345: the county registers a ticket
 * routed to a township and a department, the county's list flags it overdue, the department answers it late
 * by keyboard, and the answered list says so; the county dashboard counts it per township and month. axe on
 * every screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { headerOf } from '../../shared/monitoring/formats.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM, tabTo } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const COUNTY = '341602';
const TOWNSHIP = '341602001';
const ID = idNumber('19580606', '881');

describe.skipIf(!HAVE_CHROMIUM)('feeds and 12345 screens in Chromium, through the local gateway', () => {
  beforeAll(async () => {
    ({ p } = await start());
  }, 180_000);
  afterAll(stop);

  it('the county sends a feed: refused line by line, then accepted and listed with its match', async () => {
    const page = await desk();
    await signIn(page, 'county', { county: COUNTY, sub: 'feed-ui-county' });
    await nav(page, '部门数据推送');
    await page.locator('#feed-form').waitFor();
    await page.getByLabel('数据类型').selectOption('disability');
    expect(await page.locator('#feed-format').innerText()).toContain(headerOf('disability'));
    expect(await page.locator('#feed-format').innerText()).toContain('1 一级');
    await page.getByLabel('数据类型').selectOption('medical');
    expect(await page.locator('#feed-format').innerText()).toContain('国办发〔2021〕42号');
    await checkAxe(page, '/staff/?v=feeds');

    const form = page.locator('#feed-form');
    await form.getByLabel('数据截至日期').fill('2026-02-28');
    await form.getByLabel(/提供依据/u).fill('谯城区医保局与民政局数据共享协议');
    await form.getByLabel('数据内容').fill(`${headerOf('medical')}\n${ID},2026-02,26000\n3416021958,2026-02,100\n${ID},2026-13,abc`);
    await form.getByRole('button', { name: '推送数据' }).click();
    await page.locator('#feed-errors table').waitFor();
    const errors = await page.locator('#feed-errors table').innerText();
    expect(errors).toContain('第3行');
    expect(errors).toContain('idNumber');
    expect(errors).toContain('第4行');
    expect(errors).toContain('periodEnd');
    expect(await page.locator('#feed-csv-error').innerText()).toContain('整份数据未接收');
    expect(await page.locator('#feed-list').innerText()).toContain('还没有推送的数据');
    await checkAxe(page, '/staff/?v=feeds (refused)');

    await form.getByLabel('数据内容').fill(`${headerOf('medical')}\n${ID},2026-02,26000`);
    await form.getByRole('button', { name: '推送数据' }).click();
    await page.locator('#feed-list table').waitFor();
    const listed = await page.locator('#feed-list table').innerText();
    expect(listed).toContain('医保：个人自付医疗费用');
    expect(listed).toContain('谯城区医保局与民政局数据共享协议');
    expect(listed).toContain('feed-ui-county');
    expect(listed).toContain('（二十）');
    expect(listed).toMatch(/已接收，等待比对|在册人员命中/u); // the in-process queue may have matched it already
    expect(await page.locator('#feed-errors').innerText()).toBe('');

    await p.queues.drain();
    await nav(page, '部门数据推送');
    await expect.poll(() => page.locator('#feed-list').innerText()).toContain('在册人员命中 0 人，新预警 0 条');
    await checkAxe(page, '/staff/?v=feeds (listed)');
    expect((page as any).problems).toEqual([]);
  }, 120_000);

  it('a 12345 ticket: registered by the county, overdue in its list, answered late by the department', async () => {
    clock.set('2026-03-02T09:00:00+08:00');
    const county = await desk();
    await signIn(county, 'county', { county: COUNTY, sub: 'ticket-ui-county' });
    await nav(county, '12345热线工单');
    const form = county.locator('#ticket-form');
    await form.waitFor();
    await expect.poll(() => form.getByLabel('承办乡镇（街道）').locator('option').count()).toBeGreaterThan(1);
    await checkAxe(county, '/staff/?v=tickets');
    await form.getByLabel('12345工单编号').fill('12345-UI-001');
    await form.getByLabel('工单类型').selectOption('report');
    await form.getByLabel('诉求内容').fill('邻居反映：村东头独居老人生病无人照料，请核实');
    await form.getByLabel('12345受理日期').fill('2026-03-02');
    await form.getByLabel('承办乡镇（街道）').selectOption(TOWNSHIP);
    await form.getByLabel(/同时转部门/u).selectOption('市医保局');
    await form.getByRole('button', { name: '登记并转办' }).click();
    await expect.poll(() => county.locator('.flash-msg').first().innerText()).toContain('已登记工单 12345-UI-001');
    await county.locator('#ticket-list table').waitFor();
    expect(await county.locator('#ticket-list table').innerText()).toContain('12345-UI-001');

    // A second registration of the same number is refused, naming why.
    await form.getByLabel('12345工单编号').fill('12345-UI-001');
    await form.getByLabel('诉求内容').fill('重复登记');
    await form.getByLabel('12345受理日期').fill('2026-03-02');
    await form.getByRole('button', { name: '登记并转办' }).click();
    await expect.poll(() => form.locator('.error-summary').innerText()).toContain('已经登记');
    await checkAxe(county, '/staff/?v=tickets (refused)');

    // Three weeks on (a new sign-in: tokens live 15 minutes), the county's list flags it overdue.
    clock.set('2026-03-23T09:00:00+08:00');
    await signIn(county, 'county', { county: COUNTY, sub: 'ticket-ui-county' });
    await nav(county, '12345热线工单');
    await expect.poll(() => county.locator('#ticket-counts').innerText()).toContain('已超期 1 件');
    expect(await county.locator('#ticket-list table').innerText()).toContain('已超期');

    const dept = await desk();
    await signIn(dept, 'department', { department: '市医保局', sub: 'ticket-ui-yb' });
    await nav(dept, '12345热线工单');
    await dept.locator('#ticket-answer').waitFor();
    await checkAxe(dept, '/staff/?v=tickets (department)');
    await tabTo(dept, (f) => f.id === 'answer-text');
    await dept.keyboard.type('已联系家属并协助办理医疗救助');
    await dept.getByLabel('答复日期').fill('2026-03-23');
    await dept.getByLabel('答复日期').press('Enter');
    await expect.poll(() => dept.locator('#ticket-list').innerText()).toContain('目前没有承办中的工单');

    await county.locator('#ticket-status').selectOption('answered');
    await county.locator('#ticket-filter').getByRole('button', { name: '查看' }).click();
    await expect.poll(() => county.locator('#ticket-list').innerText()).toContain('2026-03-23（超期）：已联系家属并协助办理医疗救助');
    await checkAxe(county, '/staff/?v=tickets (answered)');
    expect((county as any).problems).toEqual([]);
    expect((dept as any).problems).toEqual([]);
  }, 120_000);

  it('the county dashboard shows the 12345 and alert figures per township, each chart with its table', async () => {
    const page = await desk();
    await signIn(page, 'county', { county: COUNTY, sub: 'dash-ui-county' });
    await nav(page, '统计图表');
    await page.locator('#dashboard-monitoring figure').nth(1).waitFor();
    const part = page.locator('#dashboard-monitoring');
    expect(await part.locator('svg[role="img"] title').count()).toBe(2);
    expect(await part.locator('figure').nth(1).innerText()).toContain('共受理工单 1 件，按期答复 0 件');
    expect(await part.locator('figure').nth(1).locator('tbody').innerText()).toContain('花戏楼街道');
    const monthly = await part.locator('.chart-table').last().innerText();
    expect(monthly).toMatch(/2026-03\s+0\s+0\s+0\s+0\s+1\s+0/u);
    await checkAxe(page, '/staff/?v=dashboard (政策找人)');
    expect((page as any).problems).toEqual([]);
    expect(axeFailures).toEqual([]);
  }, 120_000);
});
