import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { charityKeys } from '../../shared/charity/keys.ts';
import { countCharityItems, donate, fileCampaign, idem, moneyDonation, OTHER_ACCOUNT, projectUse, registered, use, verifiedCharity, type CharityFixture } from './charity.helpers.ts';

/**
 * The admin's side of the charity registry (十六: 加强监管): the queue of misuse flags across charities,
 * their resolution (confirmed or dismissed, once, audited, published in the credit record), and revoking
 * a verification, after which the charity records nothing more.
 */
let p: TestPlatform;
let admin: string;
let auditor: string;
const clock = new TestClock('2026-03-02T10:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  admin = await p.tokenFor('admin', { sub: 'admin-flags' });
  auditor = await p.tokenFor('auditor');
});
afterAll(async () => {
  await p.stop();
});

/** A donation into an undeclared account: one `undeclared-account` flag; returns its flag id. */
async function flagged(c: CharityFixture): Promise<string> {
  const res = await donate(p, c, { ...moneyDonation(), gift: { form: 'money', amountFen: 5_000, accountNumber: OTHER_ACCOUNT } });
  expect(res.body.flags).toEqual(['undeclared-account']);
  const own = await p.call('GET', `/api/v1/charities/${c.id}`, { token: c.token });
  const open = (own.body.flags as { flagId: string; subject?: string; status: string }[]).filter((f) => f.subject === res.body.donationId);
  expect(open).toHaveLength(1);
  return open[0]!.flagId;
}

const resolve = (c: CharityFixture, flagId: string, body: unknown, token = admin) => p.call('POST', `/api/v1/charities/${c.id}/flags/${flagId}/resolution`, { token, body });

const flagItem = async (c: CharityFixture, flagId: string) => (await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.flag(c.id, flagId), ConsistentRead: true }))).Item;

describe('the flag queue across charities', () => {
  let a: CharityFixture;
  let b: CharityFixture;
  const raised: string[] = [];
  beforeAll(async () => {
    a = await verifiedCharity(p, admin);
    b = await verifiedCharity(p, admin);
    for (const [c, at] of [
      [a, '2026-03-02T10:01:00+08:00'],
      [b, '2026-03-02T10:02:00+08:00'],
      [a, '2026-03-02T10:03:00+08:00'],
    ] as const) {
      clock.set(at);
      raised.push(await flagged(c));
    }
    clock.set('2026-03-02T10:10:00+08:00');
  });

  it('lists open flags of every charity oldest first, with what raised them, paged with the opaque cursor', async () => {
    const first = await p.call('GET', '/api/v1/charity-flags?status=open&limit=2', { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.cursor).toEqual(expect.any(String));
    const second = await p.call('GET', `/api/v1/charity-flags?status=open&limit=2&cursor=${encodeURIComponent(first.body.cursor)}`, { token: admin });
    expect(second.status).toBe(200);
    const all = [...first.body.items, ...second.body.items];
    expect(all.map((f: { flagId: string }) => f.flagId)).toEqual(raised);
    expect(all[0]).toMatchObject({
      charityId: a.id,
      charityName: expect.stringContaining('亳州市测试慈善基金会'),
      flag: 'undeclared-account',
      label: '捐赠记入未登记的银行账户',
      status: 'open',
      statusLabel: '待核查',
    });
    expect(all[0].detail).toContain('票据号');
    expect(all[0].subject).toMatch(/^D2026/u);
    expect(all[1].charityId).toBe(b.id);
    // The default is the open queue; nothing in it carries an account number.
    const dflt = await p.call('GET', '/api/v1/charity-flags', { token: admin });
    expect(dflt.body.items).toHaveLength(3);
    expect(dflt.text).not.toContain(OTHER_ACCOUNT);
  });

  it('is for the admin and the auditor only', async () => {
    expect((await p.call('GET', '/api/v1/charity-flags', { token: auditor })).status).toBe(200);
    const charity = await p.call('GET', '/api/v1/charity-flags', { token: a.token });
    expect(charity.status).toBe(403);
    expect((await p.call('GET', '/api/v1/charity-flags', { token: await p.tokenFor('caseworker', { township: '341602001' }) })).status).toBe(403);
    expect((await p.call('GET', '/api/v1/charity-flags')).status).toBe(401);
  });

  it('refuses a bad status or cursor with a 4xx that names the query field', async () => {
    const status = await p.call('GET', '/api/v1/charity-flags?status=resolved', { token: admin });
    expect(status.status).toBe(400);
    expect(status.body.errors[0].field).toBe('status');
    const cursor = await p.call('GET', '/api/v1/charity-flags?cursor=not-a-cursor', { token: admin });
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].field).toBe('cursor');
  });
});

describe('resolving a flag', () => {
  let c: CharityFixture;
  beforeAll(async () => {
    c = await verifiedCharity(p, admin);
  });

  it('confirmed: stays on the published credit record and counts; dismissed: shown with its note and no longer counts', async () => {
    const real = await flagged(c);
    const mistake = await flagged(c);
    const credit0 = await p.call('GET', `/api/v1/charities/${c.id}/credit`);
    expect(credit0.body).toMatchObject({ standing: 'flagged', counts: { 'undeclared-account': 2 } });

    const yes = await resolve(c, real, { outcome: 'confirmed', note: '经查，该笔捐款确记入未申报账户，已责令整改' });
    expect(yes.status).toBe(200);
    expect(yes.body).toMatchObject({ flagId: real, status: 'confirmed', resolution: { outcome: 'confirmed', note: '经查，该笔捐款确记入未申报账户，已责令整改' } });
    const no = await resolve(c, mistake, { outcome: 'dismissed', note: '账号录入错误，款项实际进入已申报账户，有银行回单为证' });
    expect(no.status).toBe(200);

    const credit = await p.call('GET', `/api/v1/charities/${c.id}/credit`);
    expect(credit.body).toMatchObject({ standing: 'confirmed', standingLabel: '有经核查属实的违规记录', counts: { 'undeclared-account': 1 } });
    const byId = Object.fromEntries((credit.body.flags as { flagId: string }[]).map((f) => [f.flagId, f]));
    expect(byId[real]).toMatchObject({ status: 'confirmed', statusLabel: '经核查属实', resolution: { outcome: 'confirmed', note: expect.stringContaining('责令整改') } });
    expect(byId[mistake]).toMatchObject({ status: 'dismissed', statusLabel: '已核查，不成立', resolution: { note: expect.stringContaining('银行回单') } });
    expect(credit.text).not.toContain('admin-flags'); // the reviewer's account is on the audit chain, not in public

    // The queues move with it.
    const open = await p.call('GET', '/api/v1/charity-flags?status=open&limit=100', { token: admin });
    expect(open.body.items.map((f: { flagId: string }) => f.flagId)).not.toContain(real);
    const confirmed = await p.call('GET', '/api/v1/charity-flags?status=confirmed', { token: auditor });
    expect(confirmed.body.items.map((f: { flagId: string }) => f.flagId)).toContain(real);
    const dismissed = await p.call('GET', '/api/v1/charity-flags?status=dismissed', { token: admin });
    expect(dismissed.body.items.map((f: { flagId: string }) => f.flagId)).toEqual([mistake]);

    // The charity sees the outcome on its own record.
    const own = await p.call('GET', `/api/v1/charities/${c.id}`, { token: c.token });
    expect(own.body.flags.find((f: { flagId: string }) => f.flagId === mistake)).toMatchObject({ status: 'dismissed' });
  });

  it('resolves once: a second resolution is a 409 and changes nothing, and of two at once exactly one wins', async () => {
    const flagId = await flagged(c);
    expect((await resolve(c, flagId, { outcome: 'dismissed', note: '已核实无误' })).status).toBe(200);
    const again = await resolve(c, flagId, { outcome: 'confirmed', note: '改为属实' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('flag-already-resolved');
    expect(await flagItem(c, flagId)).toMatchObject({ status: 'dismissed', resolution: { note: '已核实无误' } });

    const race = await flagged(c);
    const both = await Promise.all([resolve(c, race, { outcome: 'confirmed', note: '甲' }), resolve(c, race, { outcome: 'dismissed', note: '乙' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('appends each resolution to the charity’s audit chain', async () => {
    const before = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent(`charity#${c.id}`)}`, { token: auditor });
    const flagId = await flagged(c);
    await resolve(c, flagId, { outcome: 'confirmed', note: '属实' });
    const after = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent(`charity#${c.id}`)}`, { token: auditor });
    expect(after.body.ok).toBe(true);
    expect(after.body.length).toBe(before.body.length + 2); // the donation, then the resolution
  });

  it('refuses bad bodies with a 4xx that names the field, and writes nothing', async () => {
    const flagId = await flagged(c);
    const other = await verifiedCharity(p, admin);
    const before = await countCharityItems();
    const cases: [unknown, string][] = [
      [{}, 'outcome'],
      [{ outcome: 'maybe', note: '说明' }, 'outcome'],
      [{ outcome: 'confirmed' }, 'note'],
      [{ outcome: 'confirmed', note: '   ' }, 'note'],
      [{ outcome: 'confirmed', note: 'x'.repeat(501) }, 'note'],
      [{ outcome: 'confirmed', note: `捐赠人身份证 ${idNumber('19700101', '123')}` }, 'note'],
      [{ outcome: 'confirmed', note: '联系人电话 13912345678' }, 'note'],
      [{ outcome: 'confirmed', note: '说明', extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await resolve(c, flagId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      if (field)
        expect(
          res.body.errors.map((e: { field: string }) => e.field),
          JSON.stringify(body),
        ).toContain(field);
    }
    expect((await p.call('POST', `/api/v1/charities/${c.id}/flags/${flagId}/resolution`, { token: admin, rawBody: '{"outcome":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    // Unknown flag, a flag of another charity, and callers who may not resolve.
    expect((await resolve(c, 'no-such-flag', { outcome: 'confirmed', note: '说明' })).status).toBe(404);
    expect((await p.call('POST', `/api/v1/charities/${other.id}/flags/${flagId}/resolution`, { token: admin, body: { outcome: 'confirmed', note: '说明' } })).status).toBe(404);
    expect((await resolve(c, flagId, { outcome: 'dismissed', note: '自己说不成立' }, c.token)).status).toBe(403);
    expect((await resolve(c, flagId, { outcome: 'dismissed', note: '说明' }, auditor)).status).toBe(403);
    expect(await countCharityItems()).toBe(before);
    expect(await flagItem(c, flagId)).toMatchObject({ status: 'open' });
    expect((await flagItem(c, flagId))?.resolution).toBeUndefined();
  });
});

describe('revoking a verification', () => {
  it('stops campaigns, donations, uses and volunteering, says why, keeps reports open and the past disclosed', async () => {
    const c = await verifiedCharity(p, admin);
    const campaignId = (await fileCampaign(p, c, { startDate: '2026-03-20', endDate: '2026-04-30' })).body.campaignId;
    await donate(p, c, moneyDonation({ campaignId, receiptNumber: 'R-REV-1', donor: { type: 'person', name: '冯不公开', idNumber: idNumber('19790909', '331'), publishName: false } }, 80_000));

    const res = await p.call('POST', `/api/v1/charities/${c.id}/revocation`, { token: admin, body: { reason: '登记证书已被登记管理机关撤销' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ charityId: c.id, status: 'revoked', reason: '登记证书已被登记管理机关撤销' });

    const refusals = [
      await donate(p, c, moneyDonation()),
      await use(p, c, projectUse(1_000, '助学')),
      await fileCampaign(p, c),
      await p.call('POST', '/api/v1/volunteer-activities', { token: c.token, body: { type: '扶老救孤', date: '2026-03-01', volunteers: 2, hours: 4, description: '探访' }, headers: idem() }),
    ];
    for (const r of refusals) {
      expect(r.status, r.text).toBe(409);
      expect(r.body).toMatchObject({ code: 'charity-not-verified', charityStatus: 'revoked' });
      expect(r.body.detail).toContain('登记证书已被登记管理机关撤销');
    }
    // The duty to account for what was raised goes on.
    const report = await p.call('POST', `/api/v1/charities/${c.id}/reports`, { token: c.token, body: { campaignId, dueDate: '2026-07-30', summary: '共收到捐赠 1 笔' }, headers: idem() });
    expect(report.status).toBe(201);

    const own = await p.call('GET', `/api/v1/charities/${c.id}`, { token: c.token });
    expect(own.body).toMatchObject({ status: 'revoked', statusLabel: '已撤销核实', revocation: { reason: '登记证书已被登记管理机关撤销' } });
    const listed = await p.call('GET', '/api/v1/charities?status=revoked', { token: admin });
    expect(listed.body.items.map((i: { charityId: string }) => i.charityId)).toContain(c.id);

    // The public still sees it, marked revoked with the reason, and its past donations (the donor unnamed).
    const pub = await p.call('GET', `/api/v1/donations/disclosures?charity=${c.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.charity).toMatchObject({ status: 'revoked', statusLabel: '已撤销核实', revocation: { reason: '登记证书已被登记管理机关撤销', date: '2026-03-02' } });
    expect(pub.body.donations.items).toHaveLength(1);
    expect(pub.text).not.toContain('冯不公开');
    const index = await p.call('GET', '/api/v1/donations/disclosures');
    expect(index.body.charities.find((x: { charityId: string }) => x.charityId === c.id)).toMatchObject({ status: 'revoked' });
  });

  it('revokes only a verified charity, once, with a publishable reason, by the admin alone; refusals write nothing', async () => {
    const c = await verifiedCharity(p, admin);
    const pending = await registered(p);
    const before = await countCharityItems();
    const bad: [unknown, string][] = [
      [{}, 'reason'],
      [{ reason: '' }, 'reason'],
      [{ reason: 7 }, 'reason'],
      [{ reason: '联系电话 13912345678' }, 'reason'],
      [{ reason: '理由', note: 'x' }, ''],
    ];
    for (const [body, field] of bad) {
      const r = await p.call('POST', `/api/v1/charities/${c.id}/revocation`, { token: admin, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      if (field) expect(r.body.errors[0].field).toBe(field);
    }
    expect((await p.call('POST', `/api/v1/charities/${c.id}/revocation`, { token: c.token, body: { reason: '自行撤销' } })).status).toBe(403);
    expect((await p.call('POST', `/api/v1/charities/${c.id}/revocation`, { token: auditor, body: { reason: '理由' } })).status).toBe(403);
    const notYet = await p.call('POST', `/api/v1/charities/${pending.id}/revocation`, { token: admin, body: { reason: '理由' } });
    expect(notYet.status).toBe(409);
    expect(notYet.body.charityStatus).toBe('pending');
    expect((await p.call('POST', '/api/v1/charities/no-such-org/revocation', { token: admin, body: { reason: '理由' } })).status).toBe(404);
    expect(await countCharityItems()).toBe(before);
    expect((await donate(p, c, moneyDonation())).status).toBe(201);

    expect((await p.call('POST', `/api/v1/charities/${c.id}/revocation`, { token: admin, body: { reason: '严重违规' } })).status).toBe(200);
    const twice = await p.call('POST', `/api/v1/charities/${c.id}/revocation`, { token: admin, body: { reason: '严重违规' } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('charity-already-revoked');
    // Verification cannot bring it back through the side door.
    expect((await p.call('POST', `/api/v1/charities/${c.id}/verification`, { token: admin, body: { decision: 'verify', reasons: [] } })).status).toBe(409);
  });

  it('keeps a pending charity from recording volunteer activity too', async () => {
    const pending = await registered(p);
    const res = await p.call('POST', '/api/v1/volunteer-activities', {
      token: pending.token,
      body: { type: '助医助学', date: '2026-03-01', volunteers: 3, hours: 9, description: '义诊' },
      headers: idem(),
    });
    expect(res.status).toBe(409);
    expect(res.body.charityStatus).toBe('pending');
  });
});
