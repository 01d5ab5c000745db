import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { creditCodeCheckChar, CREDIT_CODE_CHARSET } from '../../shared/identifiers/credit-code.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { charityKeys } from '../../shared/charity/keys.ts';
import type { TestPlatform } from '../support/platform.ts';
import { countItems } from '../support/people.ts';

/** Helpers for the charity tests (test/integration/charity*.test.ts). */

/** A valid 统一社会信用代码 for a 民政-registered 基金会 (53…), distinct per seed. */
export function creditCode(seed: number, region = '341600'): string {
  let org = '';
  let n = seed;
  for (let i = 0; i < 9; i++) {
    org = CREDIT_CODE_CHARSET[n % 31] + org;
    n = Math.floor(n / 31);
  }
  const first17 = `53${region}${org}`;
  return first17 + creditCodeCheckChar(first17);
}

/** The same code with a wrong check character (well formed: goes to manual review). */
export function badCheck(code: string): string {
  const right = code[17]!;
  const wrong = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(right) + 1) % 31]!;
  return code.slice(0, 17) + wrong;
}

export const ACCOUNT = '6222021234567890123';
export const OTHER_ACCOUNT = '6228480012345678999';

let seq = 1000;
export const nextSeed = () => ++seq;

export function registration(seed: number, overrides: Record<string, unknown> = {}) {
  return {
    name: `亳州市测试慈善基金会${seed}`,
    creditCode: creditCode(seed),
    certificateNumber: `皖民基证字第${seed}号`,
    publicFundraising: true,
    accounts: [{ bank: '中国工商银行亳州分行', accountName: `亳州市测试慈善基金会${seed}`, accountNumber: ACCOUNT }],
    contact: { name: '王联络', phone: '13912345678' },
    ...overrides,
  };
}

export const idem = () => ({ 'idempotency-key': randomUUID() });

export interface CharityFixture {
  id: string;
  token: string;
  seed: number;
}

export async function registered(p: TestPlatform, overrides: Record<string, unknown> = {}): Promise<CharityFixture & { res: Awaited<ReturnType<TestPlatform['call']>> }> {
  const seed = nextSeed();
  const id = `org-${seed}-${randomUUID().slice(0, 6)}`;
  const token = await p.tokenFor('charity', { organisation: id });
  const res = await p.call('POST', '/api/v1/charities', { token, body: registration(seed, overrides), headers: idem() });
  return { id, token, seed, res };
}

export async function verifiedCharity(p: TestPlatform, admin: string, overrides: Record<string, unknown> = {}): Promise<CharityFixture> {
  const c = await registered(p, overrides);
  if (c.res.status !== 201) throw new Error(`register: ${c.res.status} ${c.res.text}`);
  const v = await p.call('POST', `/api/v1/charities/${c.id}/verification`, { token: admin, body: { decision: 'verify', reasons: [] } });
  if (v.status !== 200) throw new Error(`verify: ${v.status} ${v.text}`);
  return c;
}

export function campaign(overrides: Record<string, unknown> = {}) {
  return {
    filingNumber: `53341600${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
    title: '春蕾助学',
    purpose: '助学',
    startDate: '2026-03-20',
    endDate: '2026-12-31',
    targetFen: 50_000_000,
    accountNumber: ACCOUNT,
    cszgUrl: 'https://cszg.mca.gov.cn/biz/ma/csmh/a/csmhaDoSort.html?aaee0102_03=53341600',
    ...overrides,
  };
}

export async function fileCampaign(p: TestPlatform, c: CharityFixture, overrides: Record<string, unknown> = {}) {
  return p.call('POST', `/api/v1/charities/${c.id}/campaigns`, { token: c.token, body: campaign(overrides), headers: idem() });
}

export function moneyDonation(overrides: Record<string, unknown> = {}, amountFen = 100_000) {
  return {
    receiptNumber: `R-${randomUUID().slice(0, 12).toUpperCase()}`,
    date: '2026-03-25',
    donor: { type: 'anonymous' },
    gift: { form: 'money', amountFen, accountNumber: ACCOUNT },
    ...overrides,
  };
}

export async function donate(p: TestPlatform, c: CharityFixture, body: Record<string, unknown>) {
  return p.call('POST', '/api/v1/donations', { token: c.token, body, headers: idem() });
}

export async function use(p: TestPlatform, c: CharityFixture, body: Record<string, unknown>) {
  return p.call('POST', '/api/v1/donations/uses', { token: c.token, body, headers: idem() });
}

export const projectUse = (amountFen: number, purpose?: string, extra: Record<string, unknown> = {}) => ({
  kind: 'project',
  date: '2026-04-01',
  amountFen,
  ...(purpose ? { purpose } : {}),
  description: '发放助学金',
  project: { name: '春蕾助学金' },
  ...extra,
});

/** An emergency declaration put directly (the declaration route does not exist yet; shape in shared/charity/emergency.ts). */
export async function declareEmergency(area: string, startDate: string, endDate?: string) {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...charityKeys.emergency(area, startDate),
        area,
        startDate,
        ...(endDate ? { endDate } : {}),
        title: '暴雨洪涝灾害',
        declaredBy: 'test',
        declaredAt: `${startDate}T08:00:00+08:00`,
        source: '测试',
      },
    }),
  );
}

export const CHARITY_PREFIXES = ['CHARITY#', 'UNIQ#', 'RECEIPT#', 'DUSE#', 'AUDIT#', 'IDEM#', 'GUARD#'];
export const countCharityItems = () => countItems(CHARITY_PREFIXES);

export async function flagsOf(p: TestPlatform, id: string): Promise<string[]> {
  const res = await p.call('GET', `/api/v1/charities/${id}/credit`);
  return (res.body.flags as { flag: string }[]).map((f) => f.flag);
}
