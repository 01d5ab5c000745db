import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';

/**
 * 找到您的窗口 (十九): each township's social-assistance window is admin-edited reference data. Seeded
 * values show as 示例; the admin's entry replaces them on the public page at once; bad input names its
 * field and writes nothing; only the admin may edit.
 */
let p: TestPlatform;
let admin: string;
beforeAll(async () => {
  p = await startTestPlatform({ clock: new TestClock('2026-12-02T09:00:00+08:00') });
  admin = await p.tokenFor('admin', { sub: 'admin-windows' });
});
afterAll(async () => {
  await p.stop();
});

const GUJING = '/api/v1/areas/341602/townships/341602101/window';
const REAL = { address: '谯城区古井镇古井大道88号 镇为民服务中心一楼3号窗口', phone: '0558 5612345', hours: '法定工作日 上午 8:00–12:00，下午 15:00–18:00' };

const page = async (query = '') => {
  const res = await p.call('GET', `/api/v1/windows${query}`);
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  return res.text as string;
};
/** The card of one township on the page. */
const card = (html: string, code: string) => {
  const start = html.indexOf(`id="w-${code}"`);
  expect(start, code).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</li>', start));
};

describe('GET /api/v1/windows (找到您的窗口)', () => {
  it('lists every township of every county with address, phone (tel:) and hours, sample values marked 示例, the JSON link last', async () => {
    const html = await page();
    for (const county of ['谯城区', '涡阳县', '蒙城县', '利辛县']) expect(html).toContain(`>${county}</h2>`);
    const areas = (await p.call('GET', '/api/v1/areas')).body.counties as { townships: { code: string; window: { phone: string; sample: boolean } }[] }[];
    const all = areas.flatMap((c) => c.townships);
    expect(all.length).toBe(21);
    for (const t of all) {
      const c = card(html, t.code);
      expect(c).toContain('示例');
      expect(c).toContain(`href="tel:${t.window.phone.replace(/-/g, '')}"`);
      expect(c).toContain('<dt>办公时间</dt>');
      expect(t.window.sample).toBe(true);
    }
    expect(html.lastIndexOf('/api/v1/areas')).toBeGreaterThan(html.lastIndexOf('w-341623105'));
    const one = await page('?county=341621');
    expect(one).toContain('<h1>涡阳县的社会救助窗口</h1>');
    expect(one).not.toContain('w-341602101');
  });

  it('refuses bad input naming the field, in Chinese, and writes nothing', async () => {
    const before = card(await page(), '341602101');
    const bad = await p.call('POST', GUJING, { token: admin, body: { address: '镇上', phone: '12', hours: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address', 'hours', 'phone']);
    for (const e of bad.body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/u);
    const missing = await p.call('POST', GUJING, { token: admin, body: { address: REAL.address, hours: REAL.hours } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['phone']);
    const hidden = await p.call('POST', GUJING, { token: admin, body: { ...REAL, address: `古井镇\u202e为民服务中心一楼` } });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors[0].field).toBe('address');
    const unknown = await p.call('POST', '/api/v1/areas/341602/townships/341621101/window', { token: admin, body: REAL });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('no-such-township');
    const badQuery = await p.call('GET', '/api/v1/windows?county=999999');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors[0].field).toBe('county');
    expect(card(await page(), '341602101')).toBe(before);
  });

  it('only the admin edits a window; a caseworker of that township is refused', async () => {
    const caseworker = await p.tokenFor('caseworker', { county: '341602', township: '341602101' });
    expect((await p.call('POST', GUJING, { token: caseworker, body: REAL })).status).toBe(403);
    expect((await p.call('POST', GUJING, { body: REAL })).status).toBe(401);
  });

  it("the admin's entry replaces the sample on the public page at once, audited, the population left alone", async () => {
    const res = await p.call('POST', GUJING, { token: admin, body: REAL });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ code: '341602101', population: 45000, window: { address: REAL.address, phone: '05585612345', hours: REAL.hours, sample: false, updatedBy: 'admin-windows' } });
    const c = card(await page('?county=341602'), '341602101');
    expect(c).toContain(REAL.address);
    expect(c).toContain('href="tel:05585612345"');
    expect(c).toContain('下午 15:00–18:00');
    expect(c).not.toContain('示例');
    expect(card(await page(), '341602102')).toContain('示例');
    const json = (await p.call('GET', '/api/v1/areas')).body.counties[0].townships.find((t: { code: string }) => t.code === '341602101');
    expect(json.window).toMatchObject({ sample: false, address: REAL.address });
    expect(json.window.updatedBy).toBeUndefined();
    const chain = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent('area#341602')}`, { token: await p.tokenFor('auditor') });
    expect(chain.status, chain.text).toBe(200);
    expect(chain.body.length).toBe(1);
  });
});
