/**
 * Files from the browser straight to S3 (shared/definitions/uploads.ts: the documents bucket's CORS, the CSP's
 * connect-src), in Chromium against the REAL local gateway and the local S3 gate with its CORS answers:
 * - the county picks a tender document in the workbench's file input; the page asks for the presigned upload,
 *   PUTs the file and publishes; the tender shows the SHA-256 the platform computed, and the download is
 *   that file;
 * - a resident adds evidence from the tracking result's link: a wrong type is refused with a plain message
 *   beside the file field, a photo is uploaded and is listed on the case for staff.
 * axe finds nothing on any of these screens.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

let p: TestPlatform;
let browser: Browser;
let base = '';
const clock = new TestClock('2026-05-11T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const QC = '341602';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'.repeat(40), 'latin1');

describe.skipIf(!HAVE_CHROMIUM)('browser uploads to presigned S3 URLs', () => {
  beforeAll(async () => {
    ({ p, browser, base } = await start({ s3: true }));
  }, 180_000);
  afterAll(stop);

  it('serves the CSP with the S3 origin, and the S3 gate answers the preflight for the portal only', async () => {
    const page = await fetch(`${base}/evidence/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    const s3 = process.env.S3_ENDPOINT!;
    expect(csp).toContain(`connect-src 'self' ${s3}`);
    const preflight = (origin: string) =>
      fetch(`${s3}/documents/x`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } });
    const ours = await preflight(base);
    expect(ours.status).toBe(200);
    expect(ours.headers.get('access-control-allow-origin')).toBe(base);
    expect(ours.headers.get('access-control-allow-methods')).toContain('PUT');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });

  it('the county uploads a tender document through the file input; the tender shows its SHA-256 and the download is that file', async () => {
    const page = await desk({ acceptDownloads: true });
    await signIn(page, 'county', { county: QC, sub: 'cty-up' });
    await nav(page, '购买服务');
    await page.locator('#proc-funds').waitFor();
    await page.getByLabel('中央资金（元）').fill('30000000');
    await page.getByLabel('省级资金（元）').fill('10000000');
    await page.getByLabel('市级资金（元）').fill('5000000');
    await page.getByLabel('县级资金（元）').fill('5000000');
    await page.getByRole('button', { name: '保存并计算额度' }).click();
    await expect.poll(() => page.locator('#proc-budget').textContent()).toContain('500,000');
    await page.getByLabel('服务编号').fill('visit');
    await page.getByLabel('服务名称').fill('特困人员探访照料');
    await page.getByLabel('服务内容').fill('分散供养特困人员每月入户探访和生活照料');
    await page.getByLabel('计量单位').fill('人·月');
    await page.getByLabel('服务对象或区域').fill('分散供养特困人员');
    await page.getByRole('button', { name: '保存清单' }).click();
    await page.locator('#proc-tender').waitFor();

    // A wrong type is refused before anything is uploaded, in plain words.
    await page.locator('#proc-t-doc-file').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('不是采购文件') });
    await expect.poll(() => page.locator('#proc-t-doc-status').textContent()).toContain('采购文件只能是');
    await page.locator('#proc-t-doc-file').setInputFiles({ name: '采购需求书.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => page.locator('#proc-t-doc-status').textContent(), { timeout: 15_000 }).toContain('已上传');
    expect(await page.locator('#proc-t-doc-key').inputValue()).toMatch(/^tender-documents\/341602\/[0-9a-f]{32}\.pdf$/);
    expect(await page.getByLabel('采购文件名称（可不填）').inputValue()).toBe('采购需求书');
    await checkAxe(page, 'procurement (document uploaded)');

    await page.getByLabel('项目名称').fill('2026年特困人员探访照料服务项目');
    await page.getByLabel('项目说明').fill('为分散供养特困人员提供每月入户探访、生活照料和精神慰藉服务。');
    await page.getByLabel('采购方式').selectOption('open');
    await page.getByLabel('最高限价（元）').fill('250000');
    await page.getByLabel('投标截止时间（北京时间）').fill('2026-06-10T09:30');
    await page.getByRole('button', { name: '发布采购公告' }).click();
    await page.locator('#tender-docs').waitFor();
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(await page.locator('#tender-docs code').textContent()).toBe(sha);
    await checkAxe(page, 'tender (with its document)');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#tender-doc-0').click()]);
    const saved = await download.path();
    expect(createHash('sha256').update(readFileSync(saved)).digest('hex')).toBe(sha);
    expect(download.suggestedFilename()).toBe('采购需求书.pdf');
    expect((page as any).problems).toEqual([]);
  });

  it('a resident adds evidence from tracking: a wrong type is refused plainly, a photo is uploaded and listed for staff', async () => {
    const id = idNumber('19570505', '761');
    const ref = await apply(p, dibaoApplication(id));
    const page = await desk();
    await page.goto(`${base}/track/`);
    await page.getByLabel('申请编号').fill(ref);
    await page.getByLabel('申请人身份证号码').fill(id);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('link', { name: '上传证明材料（照片或 PDF）' }).click();
    await page.locator('#evidence-form').waitFor();
    expect(await page.getByLabel('申请编号').inputValue()).toBe(ref);
    expect(await page.locator('#evidence-limits').textContent()).toContain('每个不超过 10 MB');
    await checkAxe(page, '/evidence/');

    await page.getByLabel('申请人身份证号码').fill(id);
    await page
      .getByLabel('选择文件')
      .setInputFiles({ name: '账单.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK\u0003\u0004 word') });
    await page.getByRole('button', { name: '上传' }).click();
    await page.locator('#evidence-errors:not([hidden])').waitFor();
    expect(await page.locator('#evidence-errors').textContent()).toContain('只能上传照片（JPG、PNG、HEIC）或 PDF 文件');
    expect(await page.locator('#file-error').textContent()).toContain('只能上传照片');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe('evidence-errors');
    await checkAxe(page, '/evidence/ (wrong type)');

    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7)]);
    await page.getByLabel('这是什么材料（可不填）').fill('房屋烧毁的照片');
    await page.getByLabel('选择文件').setInputFiles({ name: '火灾现场.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: '上传' }).click();
    await expect.poll(() => page.locator('#evidence-status').textContent(), { timeout: 15_000 }).toContain('已上传“火灾现场.jpg”');
    expect(await page.locator('#evidence-errors').isHidden()).toBe(true);
    expect(await page.locator('#evidence-list').textContent()).toContain('火灾现场.jpg');
    await checkAxe(page, '/evidence/ (uploaded)');
    expect((page as any).problems).toEqual([]);

    const staff = await desk();
    await signIn(staff, 'caseworker', { township: '341602001', sub: 'cw-up' }, `/staff/?v=case&ref=${ref}`);
    await staff.locator('#case-evidence').waitFor();
    const row = await staff.locator('#case-evidence').textContent();
    expect(row).toContain('火灾现场.jpg');
    expect(row).toContain('房屋烧毁的照片');
    expect(await staff.locator('#case-evidence a').count()).toBe(1);
    await checkAxe(staff, '/staff/?v=case (evidence)');
  });

  it('without JavaScript the evidence page says to bring the papers to the window', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${base}/evidence/?ref=QC-261128-0007-K`);
    expect(await page.locator('#evidence-form').isHidden()).toBe(true);
    expect(await page.locator('#evidence-nojs').textContent()).toContain('带到乡镇（街道）为民服务中心的社会救助窗口');
    await ctx.close();
  });

  it('is axe clean', () => {
    expect(axeFailures).toEqual([]);
  });
});
