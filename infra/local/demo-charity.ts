import type { Platform } from './platform.ts';
import { creditCodeCheckChar } from '../../shared/identifiers/credit-code.ts';
import { residentIdCheckChar } from '../../shared/identifiers/resident-id.ts';
import { addDays, addMonths, todayInShanghai } from '../../shared/calendar/dates.ts';

/**
 * The charity part of the `--demo` city (十六), created through the same HTTP API users take: a
 * verified charity with public-fundraising status, a filed campaign, donations (a named donor who
 * consented, one who did not, an organisation, goods, and one into an undeclared account, which leaves
 * an open misuse flag for the admin) and their uses (a project and relief goods into
 * a reserve), and a volunteer activity. Stable Idempotency-Keys and an existence check make a second
 * start with the same DATA_DIR a no-op.
 *
 * Everything here is SAMPLE data: the names, the credit code and the ID numbers are made up (the ID
 * numbers pass the GB 11643 check so the API accepts them).
 */
const ORG = 'demo-charity-bozhou';
const withCheck = (first17: string): string => first17 + creditCodeCheckChar(first17);
const CREDIT_CODE = withCheck('53341600MJ0000001');
const DONOR_COMPANY_CODE = withCheck('91341600MA2N00000');
const ACCOUNT = '6222021234567890123';

const sampleId = (birth: string, seq: string): string => `341602${birth}${seq}${residentIdCheckChar(`341602${birth}${seq}`)}`;

export async function seedCharityDemo(platform: Platform): Promise<void> {
  const call = async (method: string, path: string, token: string | undefined, body?: unknown, key?: string) => {
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'idempotency-key': `demo-charity-${key}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, any>;
    return { status: res.status, body: json };
  };
  const token = async (role: string, scope: Record<string, string> = {}) => {
    const res = await call('POST', '/api/v1/dev/token', undefined, { role, ...scope });
    if (res.status !== 200) throw new Error(`demo-charity: token for ${role}: ${res.status}`);
    return res.body.token as string;
  };
  const must = (what: string, res: { status: number; body: unknown }) => {
    if (res.status >= 300) throw new Error(`demo-charity: ${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  };

  const charity = await token('charity', { sub: 'demo-charity', name: '示例慈善总会经办人', organisation: ORG });
  if ((await call('GET', `/api/v1/charities/${ORG}`, charity)).status === 200) return;
  const admin = await token('admin', { sub: 'demo-admin-charity', name: '市民政局示例审核人' });

  must(
    'register',
    await call(
      'POST',
      '/api/v1/charities',
      charity,
      {
        name: '亳州市慈善总会（示例）',
        creditCode: CREDIT_CODE,
        certificateNumber: '皖亳民社证字第0001号（示例）',
        publicFundraising: true,
        accounts: [{ bank: '中国工商银行亳州分行', accountName: '亳州市慈善总会（示例）', accountNumber: ACCOUNT }],
        contact: { name: '李示例', phone: '13905580000' },
      },
      'register',
    ),
  );
  must('verify', await call('POST', `/api/v1/charities/${ORG}/verification`, admin, { decision: 'verify', reasons: ['示例数据：登记证书与统一社会信用代码已核对'] }));

  const today = todayInShanghai(new Date());
  must(
    'campaign',
    await call(
      'POST',
      `/api/v1/charities/${ORG}/campaigns`,
      charity,
      {
        filingNumber: '53341600MJ-DEMO-0001',
        title: '春蕾助学计划（示例）',
        purpose: '助学',
        startDate: addDays(today, 10),
        endDate: addMonths(addDays(today, 10), 9),
        targetFen: 100_000_000,
        accountNumber: ACCOUNT,
        cszgUrl: 'https://cszg.mca.gov.cn/',
      },
      'campaign',
    ),
  );

  const donations = [
    {
      receiptNumber: 'DEMO-0001',
      restrictedPurpose: '助学',
      donor: { type: 'person', name: '王乐善', idNumber: sampleId('19750312', '031'), publishName: true },
      gift: { form: 'money', amountFen: 500_000, accountNumber: ACCOUNT },
    },
    {
      receiptNumber: 'DEMO-0002',
      restrictedPurpose: '助学',
      donor: { type: 'person', name: '陈不留名', idNumber: sampleId('19820916', '042'), publishName: false },
      gift: { form: 'money', amountFen: 200_000, accountNumber: ACCOUNT },
    },
    {
      receiptNumber: 'DEMO-0003',
      donor: { type: 'organisation', name: '亳州某药业有限公司（示例）', creditCode: DONOR_COMPANY_CODE, publishName: true },
      gift: { form: 'money', amountFen: 3_000_000, accountNumber: ACCOUNT },
    },
    { receiptNumber: 'DEMO-0004', donor: { type: 'anonymous' }, gift: { form: 'goods', description: '棉被', quantity: 300, unit: '床', valuationFen: 4_500_000 } },
    // Booked to an account the charity never declared: raises a misuse flag for the admin's queue (慈善核查线索).
    { receiptNumber: 'DEMO-0005', donor: { type: 'anonymous' }, gift: { form: 'money', amountFen: 20_000, accountNumber: '6228480012345678999' } },
  ];
  for (const d of donations) must(`donation ${d.receiptNumber}`, await call('POST', '/api/v1/donations', charity, { ...d, date: today }, d.receiptNumber));

  must(
    'use project',
    await call(
      'POST',
      '/api/v1/donations/uses',
      charity,
      {
        kind: 'project',
        date: today,
        amountFen: 400_000,
        purpose: '助学',
        description: '资助谯城区 8 名困难家庭学生秋季学期学杂费',
        project: { name: '春蕾助学金（示例）' },
      },
      'use-project',
    ),
  );
  must(
    'use reserve',
    await call(
      'POST',
      '/api/v1/donations/uses',
      charity,
      {
        kind: 'reserve',
        form: 'goods',
        date: today,
        amountFen: 3_000_000,
        description: '棉被 200 床入库，备冬季救灾',
        reserve: { name: '谯城区救灾物资储备库', county: '341602' },
      },
      'use-reserve',
    ),
  );
  must(
    'volunteers',
    await call(
      'POST',
      '/api/v1/volunteer-activities',
      charity,
      {
        type: '扶老救孤',
        date: today,
        volunteers: 15,
        hours: 60,
        description: '重阳节敬老院探访（示例）',
      },
      'volunteers',
    ),
  );
}
