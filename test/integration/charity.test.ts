import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { charityKeys } from '../../shared/charity/keys.ts';
import {
  ACCOUNT,
  badCheck,
  creditCode,
  declareEmergency,
  donate,
  fileCampaign,
  flagsOf,
  idem,
  moneyDonation,
  nextSeed,
  projectUse,
  registered,
  registration,
  use,
  verifiedCharity,
  type CharityFixture,
} from './charity.helpers.ts';

/** 慈善 (十六): registration, campaigns, donations and uses, disclosure and the authorization matrix. */
let p: TestPlatform;
let admin: string;
const clock = new TestClock('2026-03-02T10:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  admin = await p.tokenFor('admin');
});
afterAll(async () => {
  await p.stop();
});

describe('registration', () => {
  it('registers a charity with a valid credit code, seals the account and shows it masked', async () => {
    const c = await registered(p);
    expect(c.res.status).toBe(201);
    expect(c.res.body).toMatchObject({ charityId: c.id, status: 'pending', manualReview: false });
    const item = await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.profile(c.id) }));
    const raw = JSON.stringify(item.Item);
    expect(raw).not.toContain(ACCOUNT);
    expect(raw).not.toContain('13912345678');
    const view = await p.call('GET', `/api/v1/charities/${c.id}`, { token: c.token });
    expect(view.status).toBe(200);
    expect(view.body.accounts[0].accountNumber).toBe('6222***********0123');
    expect(view.body.contact.phone).toBe('139****5678');
  });

  it('registers a well-formed code with a wrong check character for manual review, and the admin must say what was checked', async () => {
    const seed = nextSeed();
    const token = await p.tokenFor('charity', { organisation: `org-mr-${seed}` });
    const res = await p.call('POST', '/api/v1/charities', { token, body: registration(seed, { creditCode: badCheck(creditCode(seed)) }), headers: idem() });
    expect(res.status).toBe(201);
    expect(res.body.manualReview).toBe(true);
    const list = await p.call('GET', '/api/v1/charities?status=pending', { token: admin });
    expect(list.body.items.find((i: { charityId: string }) => i.charityId === `org-mr-${seed}`)).toMatchObject({ manualReview: true });
    const bare = await p.call('POST', `/api/v1/charities/org-mr-${seed}/verification`, { token: admin, body: { decision: 'verify', reasons: [] } });
    expect(bare.status).toBe(400);
    expect(bare.body.errors[0].field).toBe('reasons');
    const ok = await p.call('POST', `/api/v1/charities/org-mr-${seed}/verification`, { token: admin, body: { decision: 'verify', reasons: ['已与登记证书核对，代码为早期赋码'] } });
    expect(ok.status).toBe(200);
  });

  it('refuses a malformed credit code and names the field, writing nothing', async () => {
    const c = await registered(p, { creditCode: '53341600ABC' });
    expect(c.res.status).toBe(400);
    expect(c.res.body.errors[0].field).toBe('creditCode');
    const again = await registered(p, { creditCode: '5334160OMJ0000001X' }); // O is not in the GB 32100 alphabet
    expect(again.res.status).toBe(400);
    const item = await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.profile(c.id) }));
    expect(item.Item).toBeUndefined();
  });

  it('allows one charity per credit code and one registration per organisation', async () => {
    const seed = nextSeed();
    const a = await p.tokenFor('charity', { organisation: `org-a-${seed}` });
    const b = await p.tokenFor('charity', { organisation: `org-b-${seed}` });
    expect((await p.call('POST', '/api/v1/charities', { token: a, body: registration(seed), headers: idem() })).status).toBe(201);
    const twice = await p.call('POST', '/api/v1/charities', { token: a, body: registration(nextSeed()), headers: idem() });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('charity-exists');
    const sameCode = await p.call('POST', '/api/v1/charities', { token: b, body: registration(seed), headers: idem() });
    expect(sameCode.status).toBe(409);
    expect(sameCode.body.code).toBe('credit-code-registered');
  });

  it('replays a registration with the same Idempotency-Key', async () => {
    const seed = nextSeed();
    const token = await p.tokenFor('charity', { organisation: `org-i-${seed}` });
    const headers = idem();
    const first = await p.call('POST', '/api/v1/charities', { token, body: registration(seed), headers });
    const again = await p.call('POST', '/api/v1/charities', { token, body: registration(seed), headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keeps an unverified or rejected charity from recording donations, and says why', async () => {
    const pending = await registered(p);
    const refused = await donate(p, pending, moneyDonation());
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'charity-not-verified', charityStatus: 'pending' });
    const noReason = await p.call('POST', `/api/v1/charities/${pending.id}/verification`, { token: admin, body: { decision: 'reject', reasons: [] } });
    expect(noReason.status).toBe(400);
    const rejected = await p.call('POST', `/api/v1/charities/${pending.id}/verification`, { token: admin, body: { decision: 'reject', reasons: ['登记证书已过期'] } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect((await donate(p, pending, moneyDonation())).body.charityStatus).toBe('rejected');
    const again = await p.call('POST', `/api/v1/charities/${pending.id}/verification`, { token: admin, body: { decision: 'verify', reasons: [] } });
    expect(again.status).toBe(409);
  });
});

describe('campaign filing', () => {
  let c: CharityFixture;
  beforeAll(async () => {
    c = await verifiedCharity(p, admin);
  });

  it('files a plan 10 days or more before the start and computes the report due dates', async () => {
    const res = await fileCampaign(p, c, { startDate: '2026-03-12' });
    expect(res.status).toBe(201);
    expect(res.body.emergencyAppeal).toBe(false);
    // 2026-03-12 to 2026-12-31 is longer than six months: every three months, and three months after the end.
    expect(res.body.reportsDue).toEqual([
      { dueDate: '2026-06-12', kind: 'periodic' },
      { dueDate: '2026-09-12', kind: 'periodic' },
      { dueDate: '2026-12-12', kind: 'periodic' },
      { dueDate: '2027-03-31', kind: 'final' },
    ]);
  });

  it('refuses a plan filed fewer than 10 days before the start', async () => {
    const res = await fileCampaign(p, c, { startDate: '2026-03-11' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('filing-too-late');
    expect(res.body.errors[0].field).toBe('startDate');
  });

  it('takes an emergency appeal filed within 10 days after it started, in an area with a declared emergency (慈善法 Art. 73)', async () => {
    await declareEmergency('341621', '2026-02-20');
    const started4DaysAgo = await fileCampaign(p, c, { startDate: '2026-02-26', endDate: '2026-05-31', emergencyAppeal: true, area: '341621101' });
    expect(started4DaysAgo.status).toBe(201);
    expect(started4DaysAgo.body.emergencyAppeal).toBe(true);
    const exactly10 = await fileCampaign(p, c, { startDate: '2026-02-20', endDate: '2026-05-31', emergencyAppeal: true, area: '341621' });
    expect(exactly10.status).toBe(201);
    const eleven = await fileCampaign(p, c, { startDate: '2026-02-19', endDate: '2026-05-31', emergencyAppeal: true, area: '341621' });
    expect(eleven.status).toBe(422);
  });

  it('refuses an emergency appeal where no emergency is declared, or after it ended', async () => {
    const none = await fileCampaign(p, c, { startDate: '2026-02-28', emergencyAppeal: true, area: '341622101' });
    expect(none.status).toBe(422);
    expect(none.body.detail).toContain('没有已宣布的突发事件');
    await declareEmergency('341623101', '2026-01-01', '2026-01-31');
    const ended = await fileCampaign(p, c, { startDate: '2026-02-28', emergencyAppeal: true, area: '341623101' });
    expect(ended.status).toBe(422);
    const noArea = await fileCampaign(p, c, { startDate: '2026-02-28', emergencyAppeal: true });
    expect(noArea.status).toBe(400);
    expect(noArea.body.errors[0].field).toBe('area');
  });

  it('requires a declared account, a 慈善中国 link and a fresh filing number', async () => {
    const acct = await fileCampaign(p, c, { accountNumber: '6228480000000000001' });
    expect(acct.status).toBe(400);
    expect(acct.body.errors[0].field).toBe('accountNumber');
    const link = await fileCampaign(p, c, { cszgUrl: 'https://cszg.mca.gov.cn.example.com/x' });
    expect(link.status).toBe(400);
    expect(link.body.errors[0].field).toBe('cszgUrl');
    const first = await fileCampaign(p, c, { filingNumber: 'F-DUP-0001' });
    expect(first.status).toBe(201);
    const dup = await fileCampaign(p, c, { filingNumber: 'F-DUP-0001' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('filing-number-used');
  });

  it('refuses a campaign by a charity without public-fundraising status, and flags the attempt', async () => {
    const small = await verifiedCharity(p, admin, { publicFundraising: false });
    const res = await fileCampaign(p, small);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('no-fundraising-status');
    expect(await flagsOf(p, small.id)).toContain('campaign-without-fundraising-status');
  });
});

describe('donations and their use', () => {
  let c: CharityFixture;
  let campaignId: string;
  beforeAll(async () => {
    c = await verifiedCharity(p, admin);
    campaignId = (await fileCampaign(p, c)).body.campaignId;
  });

  it('refuses the same receipt number twice at one charity, and replays the same key', async () => {
    const body = moneyDonation({ receiptNumber: 'R-DUP-001' });
    const headers = idem();
    const first = await p.call('POST', '/api/v1/donations', { token: c.token, body, headers });
    expect(first.status).toBe(201);
    const replay = await p.call('POST', '/api/v1/donations', { token: c.token, body, headers });
    expect(replay.body).toEqual(first.body);
    const dup = await donate(p, c, moneyDonation({ receiptNumber: 'r-dup-001' }));
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('duplicate-receipt');
  });

  it('puts campaign donations in the campaign purpose and restricted donations in theirs', async () => {
    const inCampaign = await donate(p, c, moneyDonation({ campaignId }));
    expect(inCampaign.body).toMatchObject({ purpose: '助学', restricted: true });
    const directed = await donate(p, c, moneyDonation({ restrictedPurpose: '助医' }));
    expect(directed.body.purpose).toBe('助医');
    const general = await donate(p, c, moneyDonation());
    expect(general.body).toMatchObject({ purpose: '非定向', restricted: false });
    const goods = await donate(p, c, { ...moneyDonation(), gift: { form: 'goods', description: '棉被', quantity: 200, unit: '床', valuationFen: 3_000_000 } });
    expect(goods.status).toBe(201);
  });

  it('discloses one campaign on its own: its donations, target and received total', async () => {
    const res = await p.call('GET', `/api/v1/donations/disclosures?charity=${c.id}&campaign=${campaignId}`);
    expect(res.status).toBe(200);
    expect(res.body.campaigns).toHaveLength(1);
    expect(res.body.campaigns[0]).toMatchObject({ campaignId, purpose: '助学', receivedFen: 100_000, donationCount: 1, targetFen: 50_000_000 });
    expect(res.body.donations.items.every((d: { campaignId?: string }) => d.campaignId === campaignId)).toBe(true);
    expect(res.body.donations.items).toHaveLength(1);
    expect((await p.call('GET', `/api/v1/donations/disclosures?charity=${c.id}&campaign=CNOPE`)).status).toBe(404);
  });

  it('refuses a use that would overdraw a restricted purpose, and flags the attempt', async () => {
    const d = await verifiedCharity(p, admin);
    await donate(p, d, moneyDonation({ restrictedPurpose: '助残' }, 100_000));
    const over = await use(p, d, projectUse(150_000, '助残'));
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'balance-insufficient', availableFen: 100_000 });
    expect(await flagsOf(p, d.id)).toContain('restricted-overdraw-attempt');
    // The restricted money is not reachable from another purpose either.
    const elsewhere = await use(p, d, projectUse(50_000));
    expect(elsewhere.status).toBe(409);
    const within = await use(p, d, projectUse(100_000, '助残'));
    expect(within.status).toBe(201);
  });

  it('lets exactly one of two concurrent uses win when together they would overdraw', async () => {
    const d = await verifiedCharity(p, admin);
    await donate(p, d, moneyDonation({ restrictedPurpose: '助老' }, 100_000));
    for (let round = 0; round < 3; round++) {
      // Top the pool back up to 100,000 fen: two uses of 70,000 never both fit.
      if (round > 0) await donate(p, d, moneyDonation({ restrictedPurpose: '助老' }, 70_000));
      const results = await Promise.all([use(p, d, projectUse(70_000, '助老')), use(p, d, projectUse(70_000, '助老'))]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    }
    const view = await p.call('GET', `/api/v1/charities/${d.id}`, { token: d.token });
    const pool = view.body.balances.find((b: { purpose: string }) => b.purpose === '助老');
    expect(pool).toMatchObject({ receivedFen: 240_000, usedFen: 210_000, balanceFen: 30_000 });
  });

  it('records a use to a case as pending until the township caseworker confirms it', async () => {
    await donate(p, c, moneyDonation({}, 500_000));
    const app = await p.call('POST', '/api/v1/applications', { body: dibaoApplication(idNumber('19620315', '611')), headers: idem() });
    const reference = app.body.reference;
    const res = await use(p, c, { kind: 'case', date: '2026-04-02', amountFen: 80_000, description: `张三家 ${reference} 医疗费`, caseReference: reference });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('pending');
    const other = await p.tokenFor('caseworker', { township: '341602002' });
    expect((await p.call('POST', `/api/v1/donations/uses/${res.body.useId}/confirmation`, { token: other, body: { confirmed: true } })).status).toBe(403);
    const worker = await p.tokenFor('caseworker', { township: '341602001' });
    const inbox = await p.call('GET', '/api/v1/donations/uses', { token: worker });
    expect(inbox.body.items.map((i: { useId: string }) => i.useId)).toContain(res.body.useId);
    const ok = await p.call('POST', `/api/v1/donations/uses/${res.body.useId}/confirmation`, { token: worker, body: { confirmed: true } });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('confirmed');
    const twice = await p.call('POST', `/api/v1/donations/uses/${res.body.useId}/confirmation`, { token: worker, body: { confirmed: true } });
    expect(twice.status).toBe(409);
    const after = await p.call('GET', '/api/v1/donations/uses', { token: worker });
    expect(after.body.items.map((i: { useId: string }) => i.useId)).not.toContain(res.body.useId);

    // Disclosure: the beneficiary is hidden, only the township shows, and the charity's note is not published.
    const pub = await p.call('GET', `/api/v1/donations/disclosures?charity=${c.id}`);
    const shown = pub.body.uses.items.find((u: { useId: string }) => u.useId === res.body.useId);
    expect(shown).toMatchObject({ recipient: '救助对象（已隐去）', township: '花戏楼街道', status: 'confirmed' });
    expect(pub.text).not.toContain(reference);
    expect(pub.text).not.toContain('张三');
  });

  it('returns a declined use to its pool', async () => {
    const d = await verifiedCharity(p, admin);
    await donate(p, d, moneyDonation({}, 100_000));
    const app = await p.call('POST', '/api/v1/applications', { body: dibaoApplication(idNumber('19630415', '613')), headers: idem() });
    const res = await use(p, d, { kind: 'case', date: '2026-04-02', amountFen: 100_000, description: '临时困难', caseReference: app.body.reference });
    expect((await use(p, d, projectUse(1))).status).toBe(409);
    const worker = await p.tokenFor('caseworker', { township: '341602001' });
    const no = await p.call('POST', `/api/v1/donations/uses/${res.body.useId}/confirmation`, { token: worker, body: { confirmed: false, note: '该户已由其他渠道救助' } });
    expect(no.body.status).toBe('rejected');
    expect((await use(p, d, projectUse(100_000))).status).toBe(201);
  });

  it('records relief goods into a reserve (十一) from the goods pool', async () => {
    const d = await verifiedCharity(p, admin);
    await donate(p, d, { ...moneyDonation(), gift: { form: 'goods', description: '帐篷', quantity: 50, unit: '顶', valuationFen: 2_000_000 } });
    const money = await use(p, d, { kind: 'reserve', date: '2026-04-03', amountFen: 2_000_000, description: '帐篷入库', reserve: { name: '谯城区救灾物资储备库', county: '341602' } });
    expect(money.status).toBe(409); // money pool is empty; goods are not money
    const goods = await use(p, d, { kind: 'reserve', form: 'goods', date: '2026-04-03', amountFen: 2_000_000, description: '帐篷入库', reserve: { name: '谯城区救灾物资储备库', county: '341602' } });
    expect(goods.status).toBe(201);
  });
});

describe('disclosure and donor look-up', () => {
  let c: CharityFixture;
  const consenting = idNumber('19800101', '711');
  const private_ = idNumber('19810202', '713');
  beforeAll(async () => {
    c = await verifiedCharity(p, admin);
    await donate(p, c, moneyDonation({ receiptNumber: 'R-PUB-1', donor: { type: 'person', name: '赵公开', idNumber: consenting, publishName: true } }, 20_000));
    await donate(p, c, moneyDonation({ receiptNumber: 'R-PRIV-1', donor: { type: 'person', name: '钱不愿', idNumber: private_, publishName: false } }, 30_000));
    await donate(
      p,
      c,
      moneyDonation({ receiptNumber: 'R-ORG-1', donor: { type: 'organisation', name: '亳州某药业有限公司', creditCode: creditCode(nextSeed(), '341602'), publishName: true } }, 50_000),
    );
    await use(p, c, projectUse(40_000));
    await p.call('POST', '/api/v1/volunteer-activities', { token: c.token, body: { type: '扶老救孤', date: '2026-03-01', volunteers: 12, hours: 48, description: '敬老院探访' }, headers: idem() });
  });

  it('shows totals and each donation, with a donor name only by consent and never an ID number', async () => {
    const res = await p.call('GET', `/api/v1/donations/disclosures?charity=${c.id}`);
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ receivedFen: 100_000, usedFen: 40_000 });
    const donors = res.body.donations.items.map((d: { donor: string }) => d.donor);
    expect(donors).toEqual(expect.arrayContaining(['赵公开', '爱心人士', '亳州某药业有限公司']));
    expect(res.text).not.toContain('钱不愿');
    expect(res.text).not.toContain(consenting);
    expect(res.text).not.toContain(private_);
    expect(res.text).not.toContain('13912345678');
    expect(res.body.volunteering).toEqual([{ type: '扶老救孤', activities: 1, volunteers: 12, hours: 48 }]);
    const index = await p.call('GET', '/api/v1/donations/disclosures');
    expect(index.body.charities.map((x: { charityId: string }) => x.charityId)).toContain(c.id);
  });

  it('lets a donor see their donation and its uses with the receipt and ID number, and no one else', async () => {
    const mine = await p.call('POST', '/api/v1/donations/lookup', { body: { receiptNumber: 'R-PRIV-1', idNumber: private_ } });
    expect(mine.status).toBe(200);
    expect(mine.body.donations[0]).toMatchObject({ amountFen: 30_000, donor: '钱不愿', purpose: '非定向' });
    expect(mine.body.donations[0].usesOfPurpose[0]).toMatchObject({ amountFen: 40_000 });
    const wrong = await p.call('POST', '/api/v1/donations/lookup', { body: { receiptNumber: 'R-PRIV-1', idNumber: consenting } });
    const unknown = await p.call('POST', '/api/v1/donations/lookup', { body: { receiptNumber: 'R-NONE-1', idNumber: private_ } });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('locks a receipt after repeated failed look-ups', async () => {
    for (let i = 0; i < 5; i++) await p.call('POST', '/api/v1/donations/lookup', { body: { receiptNumber: 'R-PUB-1', idNumber: private_ } });
    const locked = await p.call('POST', '/api/v1/donations/lookup', { body: { receiptNumber: 'R-PUB-1', idNumber: consenting } });
    expect(locked.status).toBe(429);
  });

  it('does not disclose an unverified charity', async () => {
    const pending = await registered(p);
    expect((await p.call('GET', `/api/v1/donations/disclosures?charity=${pending.id}`)).status).toBe(404);
  });
});

describe('authorization matrix', () => {
  let a: CharityFixture;
  let b: CharityFixture;
  let campaignA: string;
  beforeAll(async () => {
    a = await verifiedCharity(p, admin);
    b = await verifiedCharity(p, admin);
    campaignA = (await fileCampaign(p, a)).body.campaignId;
  });

  it('lets a charity see and write only its own records', async () => {
    expect((await p.call('GET', `/api/v1/charities/${a.id}`, { token: a.token })).status).toBe(200);
    for (const path of [`/api/v1/charities/${a.id}`, `/api/v1/charities/${a.id}/donations`]) {
      const res = await p.call('GET', path, { token: b.token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('not-your-charity');
    }
    const camp = await p.call('POST', `/api/v1/charities/${a.id}/campaigns`, { token: b.token, body: { ...(await import('./charity.helpers.ts')).campaign() }, headers: idem() });
    expect(camp.status).toBe(403);
    const report = await p.call('POST', `/api/v1/charities/${a.id}/reports`, { token: b.token, body: { campaignId: campaignA, dueDate: '2026-06-20', summary: 'x' }, headers: idem() });
    expect(report.status).toBe(403);
    // B cannot book a donation into A's campaign: campaigns are looked up in the caller's own records only.
    const into = await donate(p, b, moneyDonation({ campaignId: campaignA }));
    expect(into.status).toBe(400);
    expect(into.body.errors[0].field).toBe('campaignId');
  });

  it('gives the admin and the auditor every record, and other roles none', async () => {
    const auditor = await p.tokenFor('auditor');
    expect((await p.call('GET', `/api/v1/charities/${a.id}`, { token: admin })).status).toBe(200);
    expect((await p.call('GET', `/api/v1/charities/${a.id}/donations`, { token: auditor })).status).toBe(200);
    const caseworker = await p.tokenFor('caseworker', { township: '341602001' });
    expect((await p.call('GET', `/api/v1/charities/${a.id}`, { token: caseworker })).status).toBe(403);
    expect((await p.call('POST', `/api/v1/charities/${a.id}/verification`, { token: a.token, body: { decision: 'verify', reasons: [] } })).status).toBe(403);
    expect((await p.call('POST', '/api/v1/donations', { token: admin, body: moneyDonation(), headers: idem() })).status).toBe(403);
    expect((await p.call('GET', '/api/v1/charities', { token: a.token })).status).toBe(403);
    expect((await p.call('POST', '/api/v1/donations', { body: moneyDonation(), headers: idem() })).status).toBe(401);
  });

  it('shows a charity its own donations with the donor ID masked', async () => {
    const id = idNumber('19750505', '811');
    await donate(p, a, moneyDonation({ donor: { type: 'person', name: '孙捐赠', idNumber: id, publishName: false } }));
    const res = await p.call('GET', `/api/v1/charities/${a.id}/donations`, { token: a.token });
    const d = res.body.items.find((x: { donor: { name?: string } }) => x.donor.name === '孙捐赠');
    expect(d.donor.idNumber).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    expect(res.text).not.toContain(id);
  });

  it('requires the organisation in the caller scope to register', async () => {
    const token = await p.tokenFor('charity', { organisation: `bad#${randomUUID().slice(0, 4)}` });
    const res = await p.call('POST', '/api/v1/charities', { token, body: registration(nextSeed()), headers: idem() });
    expect(res.status).toBe(403);
  });
});
