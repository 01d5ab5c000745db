import { randomUUID } from 'node:crypto';
import type { Platform } from './platform.ts';
import { seedCharityDemo } from './demo-charity.ts';
import { seedProcurementDemo } from './demo-procurement.ts';
import { seedPaymentsDemo } from './demo-payments.ts';
import { seedStatisticsDemo } from './demo-statistics.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { residentIdCheckChar } from '../../shared/identifiers/resident-id.ts';
import { CONSENT_TEXT_VERSION } from '../../shared/cases/application.ts';
import { addDays } from '../../shared/calendar/dates.ts';
import { dateShanghai } from '../../shared/clock.ts';

/**
 * `npm start -- --demo`: a demo city created through the same API paths users take.
 * Each capability adds its part here.
 */
export async function seedDemo(platform: Platform, options: { travel?: (iso: string | null) => void } = {}): Promise<void> {
  const parts: ((p: Platform) => Promise<unknown>)[] = [
    demoCases,
    seedCharityDemo,
    (p) => seedProcurementDemo(p, options),
    async (p) => (await import('./demo-management.ts')).seedManagementDemo(p),
    seedPaymentsDemo,
    seedStatisticsDemo,
  ];
  for (const part of parts) await part(platform);
}

// ───────────────────────── the case workflow (十九)(二十) ─────────────────────────
// Sample people only: the names are common sample names and the ID numbers are generated.

interface Answer {
  status: number;
  body: any;
}

function client(platform: Platform) {
  const call = async (method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const ok = async (method: string, path: string, body?: unknown, token?: string, headers?: Record<string, string>) => {
    const res = await call(method, path, body, token, headers);
    if (res.status >= 300) throw new Error(`demo: ${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const token = async (role: string, scope: Record<string, string>) => (await ok('POST', '/api/v1/dev/token', { role, ...scope })).token as string;
  const act = (tok: string | undefined, reference: string, action: string, body: unknown = {}) => ok('POST', `/api/v1/applications/${reference}/actions/${action}`, body, tok);
  return { call, ok, token, act };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['秀英', '建国', '桂兰', '志强', '玉梅', '德胜', '春花', '国华', '凤英', '明亮'];

function person(county: string, n: number, birthYear: number) {
  const birth = `${birthYear}${String((n % 12) + 1).padStart(2, '0')}${String((n % 27) + 1).padStart(2, '0')}`;
  const first17 = `${county}${birth}${String(100 + n).slice(-3)}`;
  return { name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[n % GIVEN.length]}`, idNumber: first17 + residentIdCheckChar(first17) };
}

type Step =
  | 'reported'
  | 'submitted'
  | 'returned'
  | 'accepted'
  | 'checking'
  | 'visited'
  | 'appraisal'
  | 'proposed'
  | 'publicity'
  | 'objected'
  | 'readyForDecision'
  | 'active'
  | 'tekun'
  | 'linshi'
  | 'rejected'
  | 'withdrawn'
  | 'referral';

async function demoCases(platform: Platform): Promise<void> {
  const api = client(platform);
  const first = COUNTIES[0]!.townships[0]!.code;
  const existing = await api.call('GET', '/api/v1/inbox', undefined, await api.token('caseworker', { township: first, sub: 'demo-caseworker-341602' }));
  if (existing.body?.items?.length) return; // already seeded (a persisted DATA_DIR)

  const today = dateShanghai(new Date());
  const checkReport = (doubt: boolean) => ({
    reportNumber: `HD-${randomUUID().slice(0, 8)}`,
    checkedOn: today,
    sources: Object.fromEntries(
      ['income', 'deposits', 'vehicles', 'housing', 'businessRegistration', 'tax', 'socialInsurance'].map((s) => [
        s,
        { doubt: doubt && s === 'income', note: doubt && s === 'income' ? '工资流水与申报不一致' : '无异常' },
      ]),
    ),
  });
  const visit = (doubt: boolean) => ({
    visitedOn: today,
    staff: [
      { name: '王敏', post: '民政专干' },
      { name: '赵强', post: '村协理员' },
    ],
    findings: doubt ? '家中新添大件家电，需评议' : '住房简陋，家庭成员患病，情况属实',
    doubt,
  });

  const perCounty = async (county: (typeof COUNTIES)[number]) => {
    const township = county.townships[0]!.code;
    const staff = {
      caseworker: await api.token('caseworker', { township, sub: `demo-caseworker-${county.code}`, name: '经办员' }),
      approver: await api.token('approver', { township, sub: `demo-approver-${county.code}`, name: '审核确认人' }),
      assistant: await api.token('assistant', { township, sub: `demo-assistant-${county.code}` }),
      check: await api.token('check', { county: county.code, sub: `demo-check-${county.code}` }),
      education: await api.token('department', { department: '市教育局', sub: 'demo-education' }),
    };
    const area = { county: county.code, township, residence: 'rural', hukou: 'local' };
    let n = 0;
    const apply = async (type: string, extra: Record<string, unknown> = {}, birthYear = 1962, path = '/api/v1/applications', token?: string): Promise<string> => {
      const a = person(county.code, ++n + Number(county.code.slice(-2)) * 40, birthYear);
      const spouse = person(county.code, n + 500 + Number(county.code.slice(-2)) * 40, birthYear + 2);
      const body = {
        type,
        applicant: { name: a.name, idNumber: a.idNumber, phone: '13800001234' },
        area,
        household: {
          members:
            type === 'dibao'
              ? [
                  { name: a.name, idNumber: a.idNumber, relation: 'self', monthlyIncomeFen: 25000 },
                  { name: spouse.name, idNumber: spouse.idNumber, relation: 'spouse', monthlyIncomeFen: 0, illness: 'serious' },
                ]
              : [{ name: a.name, idNumber: a.idNumber, relation: 'self', monthlyIncomeFen: 0 }],
          assets: { financialFen: 50000, vehicles: 0, properties: 1 },
        },
        ...(path === '/api/v1/applications' && type !== 'education' && !('hardship' in extra && (extra.hardship as { kind: string }).kind === 'emergency') ? { consent: { economicCheck: true } } : {}),
        ...extra,
      };
      return (await api.ok('POST', path, body, token, { 'idempotency-key': randomUUID() })).reference as string;
    };
    /** Moves a 低保 case from application as far as `to`, by the same calls staff make. */
    const dibaoTo = async (to: Step): Promise<string> => {
      const ref = await apply('dibao');
      if (to === 'submitted') return ref;
      if (to === 'returned') return (await api.act(staff.caseworker, ref, 'return', { items: [{ item: '近三个月医疗费用票据' }] })).reference;
      if (to === 'withdrawn') return (await api.act(staff.caseworker, ref, 'withdraw', { reason: '申请人自愿撤回' })).reference;
      await api.act(staff.caseworker, ref, 'accept');
      if (to === 'accepted') return ref;
      const doubt = to === 'appraisal';
      await api.act(staff.check, ref, 'recordCheck', checkReport(doubt));
      if (to === 'checking') return ref;
      await api.act(staff.caseworker, ref, 'recordVisit', visit(false));
      if (to === 'visited') return ref;
      if (doubt) {
        await api.act(staff.caseworker, ref, 'recordAppraisal', { heldOn: today, participants: 7, outcome: 'supports', record: '评议小组7人参加，认为情况属实' });
        return ref;
      }
      await api.act(staff.caseworker, ref, 'propose');
      if (to === 'rejected') return (await api.act(staff.approver, ref, 'reject', { reasons: ['家庭人均收入高于当地低保标准'] })).reference;
      if (to === 'proposed') return ref;
      await api.act(staff.caseworker, ref, 'publicize');
      if (to === 'objected') await api.act(undefined, ref, 'object', { reason: '该户有子女在外务工，收入情况需核实' });
      return ref;
    };

    const tekunCase = async (): Promise<string> => {
      const teen = person(county.code, 900 + Number(county.code.slice(-2)), 2009);
      const ref = (
        await api.ok(
          'POST',
          '/api/v1/applications',
          {
            type: 'tekun',
            applicant: { name: teen.name, idNumber: teen.idNumber, phone: '13900002222' },
            area,
            household: { members: [{ name: teen.name, idNumber: teen.idNumber, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
            consent: { economicCheck: true },
          },
          undefined,
          { 'idempotency-key': randomUUID() },
        )
      ).reference as string;
      await api.act(staff.caseworker, ref, 'accept');
      await api.act(staff.check, ref, 'recordCheck', checkReport(false));
      await api.act(staff.caseworker, ref, 'recordVisit', visit(false));
      await api.act(staff.caseworker, ref, 'propose', { careLevel: 'half', supportMode: 'dispersed' });
      await api.act(staff.caseworker, ref, 'publicize');
      return ref;
    };

    // First the cases that go past 公示, so publicity-close can move them; then the ones still on show.
    const ready = [await dibaoTo('publicity'), await dibaoTo('publicity')];
    // 特困: a 17-year-old without support, 分散供养 at 半护理 (六) — in the first county.
    const tekun = county === COUNTIES[0] ? await tekunCase() : undefined;
    // The second phase, run once publicity-close has moved the cases above.
    return async () => {
      await api.act(staff.approver, ready[0]!, 'approve');
      if (tekun) await api.act(staff.approver, tekun, 'approve');

      for (const step of ['submitted', 'returned', 'accepted', 'checking', 'visited', 'appraisal', 'proposed', 'publicity', 'objected', 'rejected', 'withdrawn'] as const) await dibaoTo(step);

      // 主动发现: a grid worker's report, waiting for every adult's consent (in the first county, one already consented).
      await apply('dibao', {}, 1958, '/api/v1/reports', staff.assistant);
      if (tekun) {
        const consented = await apply('dibao', {}, 1957, '/api/v1/reports', staff.assistant);
        await api.act(staff.assistant, consented, 'consent', { members: [{ index: 0 }, { index: 1 }], textVersion: CONSENT_TEXT_VERSION });
      }

      // 急难型临时救助: the advance paid at once from the township's 备用金, before consent (十三).
      const countyToken = await api.token('county', { county: county.code, sub: `demo-county-${county.code}` });
      await api.call('POST', `/api/v1/township-reserves/${township}/funding`, { amountFen: 5_000_000, note: '年初拨付备用金' }, countyToken, { 'idempotency-key': `demo-reserve-${township}` });
      const urgent = await apply('linshi', { hardship: { kind: 'emergency', description: '房屋失火，生活用品烧毁', amountFen: 300000 } }, 1975);
      await api.act(staff.caseworker, urgent, 'accept');
      await api.act(staff.caseworker, urgent, 'assessNeed', {
        assessedOn: today,
        need: {
          immediate: [
            { category: 'shelter', amountFen: 200000 },
            { category: 'food', amountFen: 100000 },
          ],
        },
      });
      await api.act(staff.caseworker, urgent, 'propose');
      await api.act(staff.approver, urgent, 'approve', { plan: { kind: 'advance' } });

      // 教育救助, routed to 市教育局: open in two counties, answered in the other two.
      const edu = await apply('education', {}, 2012);
      await api.act(staff.caseworker, edu, 'accept');
      const routed = await api.act(staff.caseworker, edu, 'route', { note: '义务教育阶段家庭经济困难学生' });
      if (COUNTIES.indexOf(county) % 2 === 1) await api.act(staff.education, edu, 'respond', { referralId: routed.referral.id, outcome: 'granted', answer: '已纳入生活费补助' });
    };
  };

  // Two phases, the four counties side by side: to 公示, then (after one publicity-close run) the rest.
  const second = await Promise.all(COUNTIES.map(perCounty));
  await platform.runJob('publicity-close', addDays(today, 30));
  await Promise.all(second.map((next) => next()));
  await platform.runJob('deadline-watch', today);
}
