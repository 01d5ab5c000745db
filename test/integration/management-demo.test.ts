import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { seedDemo } from '../../infra/local/demo.ts';
import { seedManagementDemo } from '../../infra/local/demo-management.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';

/** `npm start -- --demo`: Q4 review tasks in the townships and a published inspection draw per county. */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  await p.stop();
});

describe('the demo city, dynamic management', () => {
  it('has Q4 review tasks and a published inspection draw in every county, created through the API', { timeout: 180_000 }, async () => {
    await seedDemo(p);
    for (const county of COUNTIES) {
      const token = await p.tokenFor('county', { county: county.code });
      const tasks = await p.call('GET', '/api/v1/tasks', { token });
      expect(
        tasks.body.items.some((t: { kind: string }) => t.kind === 'dibao-q4-review'),
        county.name,
      ).toBe(true);
    }
    const first = await p.tokenFor('caseworker', { township: COUNTIES[0]!.townships[0]!.code });
    const mine = await p.call('GET', '/api/v1/tasks', { token: first });
    expect(mine.body.items.map((t: { kind: string }) => t.kind)).toEqual(expect.arrayContaining(['dibao-q4-review', 'tekun-q4-review']));
    const published = await p.call('GET', '/api/v1/inspections');
    expect(published.body.draws.length).toBe(COUNTIES.length);
    for (const d of published.body.draws) expect(d.townships.reduce((n: number, t: { inspected: number }) => n + t.inspected, 0)).toBe(1);
    // A second start with the same data adds nothing (this part's own check; the other parts have theirs).
    await seedManagementDemo(p);
    expect((await p.call('GET', '/api/v1/inspections')).body.draws.length).toBe(COUNTIES.length);
  });
});
