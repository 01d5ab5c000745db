import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { httpFunction } from '../../shared/http/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { forbidden } from '../../shared/http/problem.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { encodeCursor, decodeCursor } from '../../shared/store/page.ts';
import { maskIdNumber } from '../../shared/identifiers/mask.ts';
import { open } from '../../shared/crypto/pii.ts';
import { charityKeys } from '../../shared/charity/keys.ts';
import { charityFor, charityView, decideCharity, listCharities, loadCharity, ownCharityId, registerCharity, revokeCharity, STATUS_LABELS } from '../../shared/charity/registry.ts';
import { campaignView, fileCampaign, listCampaigns } from '../../shared/charity/campaigns.ts';
import { recordReport } from '../../shared/charity/reports.ts';
import { disclosureDeadlines, recordDisclosure } from '../../shared/charity/deadlines.ts';
import { dateShanghai } from '../../shared/clock.ts';
import { recordDonation, type DonationItem } from '../../shared/charity/donations.ts';
import { confirmUse, pendingUses, recordUse } from '../../shared/charity/uses.ts';
import { charityDisclosure, creditRecord, disclosureIndex, publicDonation } from '../../shared/charity/disclosure.ts';
import { lookupDonation } from '../../shared/charity/lookup.ts';
import { recordVolunteerActivity } from '../../shared/charity/volunteers.ts';
import { flagQueue, listFlags, publicFlag, resolveFlag } from '../../shared/charity/flags.ts';
import type { Actor } from '../../shared/http/auth.ts';

/** 慈善 (十六): registry, campaigns, donations and their use, disclosure, credit record, volunteering. */
const answer = (a: { status: number; body: unknown }) => ({ status: a.status, body: a.body });

/** The caller's own charity: routes without `{id}` act on the organisation in the caller's scope. */
const own = (actor: Actor) => charityFor(actor, ownCharityId(actor));

async function balances(charityId: string) {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
      ExpressionAttributeValues: { ':pk': charityKeys.profile(charityId).pk, ':b': 'BAL#' },
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((i) => ({ form: i.form, purpose: i.purpose, receivedFen: i.receivedFen, usedFen: i.usedFen, balanceFen: i.balanceFen }));
}

export const handler = httpFunction('donation', (on) => {
  on('POST /api/v1/charities', async (req) => answer(await registerCharity({ actor: requireActor(req.actor), input: req.body, now: req.now, idempotency: req.idempotency })));

  on('GET /api/v1/charities', async (req) => {
    const page = await listCharities({ status: req.query.status, cursor: req.query.cursor });
    const items = [];
    for (const c of page.items) {
      const flags = await listFlags(c.charityId);
      items.push({ ...charityView(c), openFlags: flags.filter((f) => f.status === 'open').length });
    }
    return { status: 200, body: { items, cursor: page.cursor } };
  });

  on('GET /api/v1/charities/{id}', async (req) => {
    const c = await charityFor(requireActor(req.actor), req.params.id ?? '');
    const flags = await listFlags(c.charityId);
    return {
      status: 200,
      body: {
        ...charityView(c),
        campaigns: (await listCampaigns(c.charityId)).map(campaignView),
        balances: await balances(c.charityId),
        flags: flags.map((f) => ({ ...publicFlag(f), ...(f.subject ? { subject: f.subject } : {}) })),
        deadlines: await disclosureDeadlines(c, dateShanghai(req.now)),
      },
    };
  });

  on('POST /api/v1/charities/{id}/verification', async (req) => answer(await decideCharity({ actor: requireActor(req.actor), charityId: req.params.id ?? '', input: req.body, now: req.now })));

  on('POST /api/v1/charities/{id}/revocation', async (req) => answer(await revokeCharity({ actor: requireActor(req.actor), charityId: req.params.id ?? '', reason: req.body.reason, now: req.now })));

  on('GET /api/v1/charity-flags', async (req) => ({
    status: 200,
    body: await flagQueue({
      status: req.query.status ?? 'open',
      cursor: req.query.cursor,
      limit: Math.min(Number(req.query.limit ?? 50) || 50, 100),
      names: async (id) => (await loadCharity(id))?.name,
    }),
  }));

  on('POST /api/v1/charities/{id}/flags/{flagId}/resolution', async (req) =>
    answer(await resolveFlag({ actor: requireActor(req.actor), charityId: req.params.id ?? '', flagId: req.params.flagId ?? '', outcome: req.body.outcome, note: req.body.note, now: req.now })),
  );

  on('POST /api/v1/charities/{id}/campaigns', async (req) => {
    const actor = requireActor(req.actor);
    const charity = await charityFor(actor, req.params.id ?? '');
    return answer(await fileCampaign({ actor, charity, input: req.body, now: req.now, idempotency: req.idempotency }));
  });

  on('POST /api/v1/charities/{id}/reports', async (req) => {
    const actor = requireActor(req.actor);
    const charity = await charityFor(actor, req.params.id ?? '');
    return answer(await recordReport({ actor, charityId: charity.charityId, input: req.body, now: req.now, idempotency: req.idempotency }));
  });

  on('POST /api/v1/charities/{id}/disclosures', async (req) => {
    const actor = requireActor(req.actor);
    const charity = await charityFor(actor, req.params.id ?? '');
    return recordDisclosure({ actor, charity, input: req.body, now: req.now });
  });

  on('GET /api/v1/charities/{id}/credit', async (req) => ({ status: 200, body: await creditRecord(req.params.id ?? '') }));

  on('GET /api/v1/charities/{id}/donations', async (req) => {
    const c = await charityFor(requireActor(req.actor), req.params.id ?? '');
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':pk': charityKeys.profile(c.charityId).pk, ':d': 'DON#' },
        ConsistentRead: true,
        ScanIndexForward: false,
        Limit: 100,
        ExclusiveStartKey: decodeCursor(req.query.cursor),
      }),
    );
    const items = [];
    for (const d of (page.Items ?? []) as DonationItem[]) {
      // The charity's own register: the donor's name in full, the ID number masked (docs/architecture.md § Personal data).
      const donor = d.donor.type === 'person' ? { type: 'person', name: d.donor.name, idNumber: maskIdNumber(await open(d.donor.id.sealed)), publishName: d.donor.publishName } : d.donor;
      items.push({ donationId: d.donationId, receiptNumber: d.receiptNumber, ...publicDonation(d), donor, ...(d.account ? { account: d.account } : {}), flags: d.flags });
    }
    return { status: 200, body: { charity: { charityId: c.charityId, name: c.name, status: c.status, statusLabel: STATUS_LABELS[c.status] }, items, cursor: encodeCursor(page.LastEvaluatedKey) } };
  });

  on('POST /api/v1/donations', async (req) => {
    const actor = requireActor(req.actor);
    return answer(await recordDonation({ actor, charity: await own(actor), input: req.body, now: req.now, idempotency: req.idempotency }));
  });

  on('POST /api/v1/donations/uses', async (req) => {
    const actor = requireActor(req.actor);
    return answer(await recordUse({ actor, charity: await own(actor), input: req.body, now: req.now, idempotency: req.idempotency }));
  });

  on('GET /api/v1/donations/uses', async (req) => {
    const actor = requireActor(req.actor);
    if (!actor.township) throw forbidden('township-missing', '您的账号没有登记所属乡镇（街道）。');
    return { status: 200, body: await pendingUses(actor.township, req.query.cursor) };
  });

  on('POST /api/v1/donations/uses/{id}/confirmation', async (req) =>
    answer(await confirmUse({ actor: requireActor(req.actor), useId: req.params.id ?? '', confirmed: req.body.confirmed, note: req.body.note, now: req.now })),
  );

  on('GET /api/v1/donations/disclosures', async (req) => {
    const q = req.query;
    if (!q.charity) return { status: 200, body: await disclosureIndex(q.cursor) };
    return { status: 200, body: await charityDisclosure({ charityId: q.charity, campaignId: q.campaign, donationsCursor: q.donationsCursor, usesCursor: q.usesCursor }) };
  });

  on('POST /api/v1/donations/lookup', async (req) => ({ status: 200, body: await lookupDonation(req.body.receiptNumber, req.body.idNumber, req.sourceIp, req.now) }));

  on('POST /api/v1/volunteer-activities', async (req) => {
    const actor = requireActor(req.actor);
    return answer(await recordVolunteerActivity({ actor, charity: await own(actor), input: req.body, now: req.now, idempotency: req.idempotency }));
  });
});
