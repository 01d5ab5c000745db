import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { countItems, dibaoApplication, idNumber } from '../support/people.ts';
import { staffOf, type Staff } from './workflow-support.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { AGENT_CONSENT_TEXT_VERSION } from '../../shared/cases/agent.ts';

/** 代办 (shared/cases/agent.ts): an application made for someone else records both people and the consent. */
let p: TestPlatform;
let s: Staff;
beforeAll(async () => {
  p = await startTestPlatform();
  s = await staffOf(p);
});
afterAll(async () => {
  await p.stop();
});

const agent = (overrides: Record<string, unknown> = {}) => ({
  name: '王小明',
  phone: '13700007301',
  relation: 'child',
  consent: { by: 'applicant', signedOn: '2026-01-05', confirmed: true },
  ...overrides,
});
const post = (body: unknown) => p.call('POST', '/api/v1/applications', { body, headers: { 'idempotency-key': randomUUID() } });

describe('applying for someone else (代办)', () => {
  it('records the applicant, the 代办人 and the applicant’s consent, and shows staff the 代办人 with the phone masked', async () => {
    const id = idNumber('19480303', '731');
    const res = await post({ ...dibaoApplication(id), agent: agent() });
    expect(res.status, res.text).toBe(201);
    const ref = res.body.reference as string;

    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.status).toBe(200);
    expect(view.body.applicant).toMatchObject({ name: '张三', phone: '138****1234' });
    expect(view.body.agent).toEqual({
      name: '王小明',
      relation: 'child',
      phone: '137****7301',
      consent: { by: 'applicant', textVersion: AGENT_CONSENT_TEXT_VERSION, signedOn: '2026-01-05', at: expect.any(String) },
    });
    // The economic check was ticked by the 代办人: recorded as such, each adult still signs (二十).
    expect(view.body.consent).toMatchObject({ economicCheck: true, via: 'agent', adultMembers: 2 });
    expect(view.text).not.toContain('13700007301');

    const item = (await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(ref) }))).Item!;
    expect(JSON.stringify(item)).not.toContain('13700007301');
    expect(item.agent.phoneHash).toMatch(/\S{20,}/);
  });

  it('records a guardian’s consent for a minor, and refuses the minor’s own', async () => {
    const child = idNumber('20150606', '732');
    const base = dibaoApplication(child);
    const own = await post({ ...base, agent: agent({ relation: 'otherRelative' }) });
    expect(own.status).toBe(400);
    expect(own.body.errors[0]).toMatchObject({ field: 'agent.consent.by', code: 'guardian-required' });

    const noName = await post({ ...base, agent: agent({ relation: 'otherRelative', consent: { by: 'guardian', confirmed: true } }) });
    expect(noName.status).toBe(400);
    expect(noName.body.errors[0].field).toBe('agent.consent.guardianName');

    const ok = await post({ ...base, agent: agent({ relation: 'otherRelative', consent: { by: 'guardian', guardianName: '张大山', confirmed: true } }) });
    expect(ok.status, ok.text).toBe(201);
    const view = await p.call('GET', `/api/v1/cases/${ok.body.reference}`, { token: s.caseworker });
    expect(view.body.agent.consent).toMatchObject({ by: 'guardian', guardianName: '张大山' });
  });

  it('refuses a 代办 without the consent, or by the applicant themself, writing nothing', async () => {
    const id = idNumber('19490404', '733');
    const before = await countItems();
    const none = await post({ ...dibaoApplication(id), agent: agent({ consent: { by: 'applicant' } }) });
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toContain('agent.consent.confirmed');
    const self = await post({ ...dibaoApplication(id), agent: agent({ name: '张三' }) });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].field).toBe('agent.name');
    const relation = await post({ ...dibaoApplication(id), agent: agent({ relation: 'neighbour' }) });
    expect(relation.status).toBe(400);
    expect(relation.body.errors[0].field).toBe('agent.relation');
    expect(await countItems()).toBe(before);
  });
});

describe('the 代办 fieldset of the plain form', () => {
  it('maps to the application’s agent, and to nothing for someone applying for themselves', async () => {
    const { agentFromForm } = await import('../../shared/contract/agent-form.ts');
    expect(agentFromForm({ agentFor: 'self', agent: { name: '王小明' } })).toBeUndefined();
    expect(agentFromForm({ agentFor: 'other', agent: { name: ' 王小明 ', phone: '13700007301', relation: 'child', consent: { by: 'guardian', guardianName: '张大山', confirmed: 'on' } } })).toEqual({
      name: '王小明',
      phone: '13700007301',
      relation: 'child',
      consent: { by: 'guardian', guardianName: '张大山', confirmed: true },
    });
    expect(agentFromForm({ agentFor: 'other', agent: { consent: {} } })).toMatchObject({ consent: { by: undefined } });
  });
});

describe('代办 through the plain form (no JavaScript)', () => {
  const referenceIn = (receipt: string) => /id="reference">([^<]+)</u.exec(receipt)![1];
  const formPost = (fields: Record<string, string>) =>
    fetch(`${p.url}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: p.url, accept: 'text/html' }, body: new URLSearchParams(fields) });
  const plain = (id: string, agentFields: Record<string, string>) => ({
    type: 'dibao',
    'area.county': '341602',
    'area.township': '341602001',
    'area.residence': 'urban',
    'area.hukou': 'local',
    'applicant.name': '赵老汉',
    'applicant.idNumber': id,
    'applicant.phone': '13800007390',
    'household.members.0.monthlyIncome': '200',
    'household.assets.financial': '0',
    'household.assets.vehicles': '0',
    'household.assets.properties': '1',
    'consent.economicCheck': 'on',
    idempotencyToken: '',
    ...agentFields,
  });

  it('keeps the 代办 answers on a refusal, names the missing consent, and once corrected records both people', async () => {
    const id = idNumber('19400404', '739');
    const agentFields = { agentFor: 'other', 'agent.name': '赵小东', 'agent.phone': '13700007391', 'agent.relation': 'child', 'agent.consent.by': 'applicant' };
    const refused = await formPost(plain(id, agentFields));
    const page = await refused.text();
    expect(refused.status).toBe(400);
    expect(page).toContain('href="#agent.consent.confirmed"');
    expect(page).toContain('申请人（或监护人）同意代为申请');
    expect(page).toMatch(/id="agent\.name"[^>]*value="赵小东"|value="赵小东"[^>]*id="agent\.name"/u);

    const filed = await formPost(plain(id, { ...agentFields, 'agent.consent.confirmed': 'on' }));
    const receipt = await filed.text();
    expect(filed.status, receipt.slice(0, 400)).toBe(201);
    const ref = referenceIn(receipt);
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.applicant).toMatchObject({ name: '赵老汉' });
    expect(view.body.agent).toMatchObject({ name: '赵小东', relation: 'child', phone: '137****7391', consent: { by: 'applicant', textVersion: AGENT_CONSENT_TEXT_VERSION } });
    expect(view.body.consent).toMatchObject({ economicCheck: true, via: 'agent' });
  });

  it('a person applying for themselves sends no agent, even with stray 代办 fields', async () => {
    const id = idNumber('19410505', '741');
    const filed = await formPost(plain(id, { agentFor: 'self', 'agent.name': '不相干' }));
    expect(filed.status).toBe(201);
    const ref = referenceIn(await filed.text());
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.agent).toBeUndefined();
  });
});
