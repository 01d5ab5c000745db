import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { seedCharityDemo } from '../../infra/local/demo-charity.ts';

/** The demo city's charity part (十六) runs through the API, twice without doubling, and leaves a disclosure behind. */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ clock: new TestClock(new Date().toISOString()) });
});
afterAll(async () => {
  await p?.stop();
});

it('seeds a verified charity with a campaign, donations, uses, volunteering and one flag to review, and a second run adds nothing', async () => {
  await seedCharityDemo(p);
  await seedCharityDemo(p);
  const index = await p.call('GET', '/api/v1/donations/disclosures');
  expect(index.body.charities).toHaveLength(1);
  const id = index.body.charities[0].charityId;
  const one = await p.call('GET', `/api/v1/donations/disclosures?charity=${id}`);
  expect(one.body.campaigns).toHaveLength(1);
  expect(one.body.campaigns[0].cszgUrl).toMatch(/^https:\/\/cszg\.mca\.gov\.cn\//u);
  expect(one.body.donations.items).toHaveLength(5);
  expect(one.body.donations.items.map((d: { donor: string }) => d.donor).sort()).toEqual(['亳州某药业有限公司（示例）', '匿名捐赠', '匿名捐赠', '爱心人士', '王乐善'].sort());
  expect(one.text).not.toContain('陈不留名');
  expect(one.body.uses.items).toHaveLength(2);
  expect(one.body.volunteering).toEqual([{ type: '扶老救孤', activities: 1, volunteers: 15, hours: 60 }]);
  // One open flag for the admin to review: the donation into an undeclared account.
  const credit = await p.call('GET', `/api/v1/charities/${id}/credit`);
  expect(credit.body).toMatchObject({ standing: 'flagged', counts: { 'undeclared-account': 1 } });
  const queue = await p.call('GET', '/api/v1/charity-flags', { token: await p.tokenFor('admin') });
  expect(queue.body.items).toEqual([expect.objectContaining({ charityId: id, flag: 'undeclared-account', status: 'open' })]);
}, 60_000);
