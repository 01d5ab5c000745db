import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  await p.stop();
});

describe('the first journey through the local gateway', () => {
  it('answers health with the table reachable', async () => {
    const res = await p.call('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', table: 'ACTIVE' });
    expect(res.headers.get('x-correlation-id')).toBeTruthy();
  });

  it('lists the four county-level areas with their townships and sources', async () => {
    const res = await p.call('GET', '/api/v1/areas');
    expect(res.status).toBe(200);
    const codes = res.body.counties.map((c: { code: string }) => c.code);
    expect(codes).toEqual(['341602', '341621', '341622', '341623']);
    for (const c of res.body.counties) {
      expect(c.source).toBeTruthy();
      expect(c.townships.length).toBeGreaterThan(0);
      for (const t of c.townships) expect(t.sample).toBe(true);
    }
  });

  it('serves the 23 measures and each one by id', async () => {
    const list = await p.call('GET', '/api/v1/policies');
    expect(list.status).toBe(200);
    expect(list.body.measures).toHaveLength(23);
    const one = await p.call('GET', '/api/v1/policies/13');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 13, numeral: '十三', title: '完善临时救助政策措施', chapter: 4 });
    expect(one.body.text).toContain('2-16倍');
    expect(one.body.departments.map((d: { name: string }) => d.name)).toContain('市民政局');
  });

  it('refuses an unknown measure with a Chinese problem', async () => {
    const res = await p.call('GET', '/api/v1/policies/24');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, code: 'no-such-measure' });
  });

  it('counts official working days, not counting the start', async () => {
    const res = await p.call('GET', '/api/v1/calendar/working-days?from=2026-09-28&add=5');
    expect(res.status).toBe(200);
    // 2026-09-29, 09-30, then the 国庆/中秋 holiday 10-01…10-07, then 10-08, 10-09 and the 调休 Saturday 10-10.
    expect(res.body.date).toBe('2026-10-10');
  });

  it('names the field when the calendar query is wrong', async () => {
    const res = await p.call('GET', '/api/v1/calendar/working-days?from=2026-02-30&add=x');
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['add', 'from']);
  });

  it('says when the calendar does not cover a year', async () => {
    const res = await p.call('GET', '/api/v1/calendar/working-days?from=2031-01-05&add=1');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('calendar-not-covered');
  });

  it('describes the API from the route table and the schemas', async () => {
    const res = await p.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/calendar/working-days');
    expect(Object.keys(res.body.paths).some((k) => k.includes('/dev/'))).toBe(false);
  });

  it('answers an unknown route like API Gateway does', async () => {
    const res = await p.call('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
  });
});

describe('who am I', () => {
  it('answers the role and the scope from the staff table', async () => {
    const token = await p.tokenFor('caseworker', { township: '341602101', name: '王经办' });
    const res = await p.call('GET', '/api/v1/me', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'caseworker', county: '341602', township: '341602101', name: '王经办' });
    expect((await p.call('GET', '/api/v1/me')).status).toBe(401);
  });
});

describe('open data before anything is published', () => {
  it('answers a clear 404 rather than an OCDS package with no releases (the schema needs at least one)', async () => {
    const res = await p.call('GET', '/api/v1/ocds/releases');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('no-releases-yet');
  });
});
