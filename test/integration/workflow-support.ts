import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestPlatform } from '../support/platform.ts';
import { CONSENT_TEXT_VERSION } from '../../shared/cases/application.ts';

/**
 * Helpers for the case-workflow tests: the staff of one township and its county, and the calls a
 * caseworker, the check office and the approver make — all over HTTP through the local gateway.
 */
export const HOME = { county: '341602', township: '341602001' };
export const OTHER_TOWNSHIP = { county: '341602', township: '341602002' };
export const OTHER_COUNTY = { county: '341621', township: '341621001' };

export interface Staff {
  caseworker: string;
  colleague: string;
  approver: string;
  check: string;
  county: string;
  assistant: string;
  education: string;
  medicalInsurance: string;
  admin: string;
  auditor: string;
}

export async function staffOf(p: TestPlatform, area = HOME): Promise<Staff> {
  const sub = (role: string) => `${role}-${area.township}-${randomUUID().slice(0, 6)}`;
  const [caseworker, colleague, approver, check, county, assistant, education, medicalInsurance, admin, auditor] = await Promise.all([
    p.tokenFor('caseworker', { township: area.township, sub: sub('cw') }),
    p.tokenFor('caseworker', { township: area.township, sub: sub('cw2') }),
    p.tokenFor('approver', { township: area.township, sub: sub('ap') }),
    p.tokenFor('check', { county: area.county }),
    p.tokenFor('county', { county: area.county }),
    p.tokenFor('assistant', { township: area.township }),
    p.tokenFor('department', { department: '市教育局' }),
    p.tokenFor('department', { department: '市医保局' }),
    p.tokenFor('admin'),
    p.tokenFor('auditor'),
  ]);
  return { caseworker, colleague, approver, check, county, assistant, education, medicalInsurance, admin, auditor };
}

export async function apply(p: TestPlatform, body: unknown): Promise<string> {
  const res = await p.call('POST', '/api/v1/applications', { body, headers: { 'idempotency-key': randomUUID() } });
  expect(res.status, res.text).toBe(201);
  return res.body.reference as string;
}

export const act = (p: TestPlatform, token: string | undefined, reference: string, action: string, body: unknown = {}) =>
  p.call('POST', `/api/v1/applications/${reference}/actions/${action}`, { body, ...(token ? { token } : {}) });

/** Calls an action and insists it worked; returns the answer. */
export async function must(p: TestPlatform, token: string | undefined, reference: string, action: string, body: unknown = {}) {
  const res = await act(p, token, reference, action, body);
  expect(res.status, `${action}: ${res.text}`).toBe(200);
  return res.body;
}

const source = (doubt = false) => ({ doubt, note: doubt ? '存在疑点' : '无异常' });
export const checkReport = (doubt = false, checkedOn = '2026-03-05') => ({
  reportNumber: `HD-${randomUUID().slice(0, 8)}`,
  checkedOn,
  sources: { income: source(doubt), deposits: source(), vehicles: source(), housing: source(), businessRegistration: source(), tax: source(), socialInsurance: source() },
});
export const visit = (doubt = false, visitedOn = '2026-03-06') => ({
  visitedOn,
  staff: [
    { name: '王敏', post: '民政专干' },
    { name: '赵强', post: '村协理员' },
  ],
  findings: doubt ? '家中有新购家电，收入情况需进一步核实' : '住房简陋，家庭成员患病，情况属实',
  doubt,
});
/** 临时救助 (十三): the need as assessed — the stated amount as one documented expense, or as the immediate need. */
export const needFor = (hardship: { kind: string; amountFen: number }, assessedOn = '2026-03-02') => ({
  assessedOn,
  need: hardship.kind === 'emergency' ? { immediate: [{ category: 'food', amountFen: hardship.amountFen }] } : { expenses: [{ category: 'medical', amountFen: hardship.amountFen }] },
});
/** The county funds a township's 备用金 (十三), so 急难型 advances can be paid. */
export async function fundReserve(p: TestPlatform, countyToken: string, township: string, amountFen: number) {
  const res = await p.call('POST', `/api/v1/township-reserves/${township}/funding`, { token: countyToken, body: { amountFen }, headers: { 'idempotency-key': randomUUID() } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}
export const appraisal = () => ({ heldOn: '2026-03-09', participants: 7, outcome: 'supports', record: '评议小组7人参加，一致认为情况属实' });
export const consentAll = (indexes: number[]) => ({ members: indexes.map((index) => ({ index })), textVersion: CONSENT_TEXT_VERSION });
