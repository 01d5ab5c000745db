/**
 * The 流浪乞讨 screens (staff-stranded.js) in Chromium against the REAL local gateway: the 救助管理机构 signs in,
 * takes in a person without an ID number (a field error first, named by the API), records care and a 寻亲
 * step, the identity found, and 返乡 — after which the home township has its follow-up task. axe on every
 * screen; the intake form is reachable by keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM, tabTo } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2027-01-04T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const STATION = '救助管理机构（民政部门）';
const HOME = { county: '341622', township: '341622001' };

describe.skipIf(!HAVE_CHROMIUM)('流浪乞讨 screens in Chromium, through the local gateway', () => {
  beforeAll(async () => {
    ({ p } = await start());
  }, 180_000);
  afterAll(stop);

  it('the station takes a person in without an ID number, records care and 寻亲, the identity and 返乡', async () => {
    const station = await desk();
    await signIn(station, 'department', { department: STATION, sub: 'st-station' });
    await nav(station, '流浪乞讨人员救助');
    await station.locator('#sd-intake').waitFor();
    await station.locator('#sd-list p.empty').waitFor();
    await checkAxe(station, '/staff/?v=stranded');
    await tabTo(station, (f) => f.id === 'sd-county');

    const form = station.locator('#sd-intake');
    await form.getByLabel('发现地县区').selectOption('341602');
    await form.getByLabel('发现地乡镇（街道）代码').fill('341602001');
    await form.getByLabel('发现地点').fill('火车站广场');
    await station.getByRole('button', { name: '登记并开始救助' }).click();
    await station.locator('#sd-desc-error').waitFor(); // the API names the missing description
    await checkAxe(station, '/staff/?v=stranded (errors)');
    await form.getByLabel('体貌特征和受助情况').fill('男性，约60岁，衣着单薄，不能说清来处');
    await station.getByRole('button', { name: '登记并开始救助' }).click();
    await station.locator('#sd-case h2').first().waitFor();
    expect(await station.locator('#sd-case').innerText()).toContain('未查明（平台登记为临时人员）');
    await checkAxe(station, '/staff/?v=stranded-case');

    const care = station.locator('#sd-care');
    await care.getByLabel('饮食').check();
    await care.getByLabel('住宿').check();
    await care.getByLabel('照料情况').fill('安排食宿');
    await care.getByRole('button', { name: '登记食宿与照料' }).click();
    await expect.poll(() => station.locator('#sd-case').innerText()).toContain('饮食、住宿');

    const trace = station.locator('#sd-trace');
    await trace.getByLabel('寻亲方式').selectOption('police');
    await trace.getByLabel('结果').selectOption('found');
    await trace.getByLabel('寻亲情况').fill('公安机关人像比对查明身份');
    await trace.getByRole('button', { name: '登记寻亲' }).click();
    await expect.poll(() => station.locator('#sd-case table').last().innerText()).toContain('第1步');

    // The station's list shows the person with the deadlines; the case opens from it.
    await nav(station, '流浪乞讨人员救助');
    await station.locator('#sd-list table').waitFor();
    expect(await station.locator('#sd-list table').innerText()).toMatch(/无\*氏\s+在站救助中\s+2027-01-13/u);
    await checkAxe(station, '/staff/?v=stranded (list)');
    await station.locator('#sd-list table a').first().click();
    await station.locator('#sd-identify').waitFor();

    const id = station.locator('#sd-identify');
    await id.getByLabel('身份证号码').fill(idNumber('19660606', '801', HOME.county));
    await id.getByLabel('户籍地县区').selectOption(HOME.county);
    await id.getByLabel('户籍地乡镇（街道）代码').fill(HOME.township);
    await id.getByRole('button', { name: '登记查明的身份' }).click();
    await expect.poll(() => station.locator('#sd-case').innerText()).toContain('已查明身份');
    await checkAxe(station, '/staff/?v=stranded-case (identified)');

    const back = station.locator('#sd-returnHome');
    await back.getByLabel('接送和护送安排').fill('工作人员护送乘车返乡');
    await back.getByRole('button', { name: '办理返乡' }).click();
    await expect.poll(() => station.locator('#sd-case').innerText()).toContain('此案件已办结');
    expect(await station.locator('#sd-case').innerText()).toContain('户籍地乡镇应于');
    await checkAxe(station, '/staff/?v=stranded-case (returned)');
    // Back on the list: the returned person has left the station's queue.
    await nav(station, '流浪乞讨人员救助');
    await expect.poll(() => station.locator('#sd-list').innerText(), { timeout: 10_000 }).toContain('没有在站救助的人员');

    const home = await p.tokenFor('caseworker', { township: HOME.township, sub: 'st-home' });
    const tasks = await p.call('GET', '/api/v1/tasks?status=open', { token: home });
    expect(tasks.body.items.some((t: { kind: string }) => t.kind === 'stranded-followup')).toBe(true);
    expect((station as any).problems).toEqual([]);
    expect(axeFailures).toEqual([]);
  }, 120_000);
});
