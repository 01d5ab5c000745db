import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems, dibaoApplication, idNumber } from '../support/people.ts';
import { act, apply, appraisal, checkReport, consentAll, HOME, must, OTHER_COUNTY, OTHER_TOWNSHIP, staffOf, visit, type Staff } from './workflow-support.ts';
import { HTTP_TRANSITIONS } from '../../shared/cases/states.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/definitions/roles.ts';
import { ROUTES } from '../../shared/definitions/routes.ts';
import { logger } from '../../shared/log.ts';

/**
 * The authorization matrix (every role × every workflow route), generated bad bodies on every action,
 * and a scan of the logs for ID numbers. All through the local gateway.
 */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-04-01T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
});
afterAll(async () => {
  await p.stop();
});

/** A body each action accepts, so that only role, scope or state decide the answer. */
const VALID: Record<string, unknown> = {
  consent: consentAll([0]),
  accept: {},
  return: { items: [{ item: '医疗费用票据' }] },
  route: {},
  withdraw: { reason: '申请人自愿撤回' },
  recordCheck: checkReport(false),
  recordVisit: visit(false),
  recordAppraisal: appraisal(),
  assessNeed: { assessedOn: '2026-03-02', need: { immediate: [{ category: 'food', amountFen: 20000 }] } },
  propose: {},
  recordOneMatter: {
    meetingOn: '2026-03-01',
    members: [{ name: '甲' }, { name: '乙' }, { name: '丙' }],
    vote: { for: 3, against: 0, abstain: 0 },
    minutesRef: '议〔2026〕1号',
    reasons: '集体研究同意',
    amountFen: 1500000,
  },
  signOneMatter: { approved: true, opinion: '同意' },
  decideRecovery: { decision: 'waive', reason: '确属急难' },
  publicize: {},
  object: { reason: '对公示对象的收入情况有异议' },
  triageObjection: { decision: 'dismiss', reason: '经核实不成立' },
  countyReview: { cleared: true, opinion: '复核通过' },
  approve: {},
  reject: { reasons: ['不符合条件'] },
  respond: { referralId: 'x-R1', outcome: 'info', answer: '已知悉' },
  resume: { reasons: ['复核后符合条件'] },
  terminate: { reasons: ['家庭人均收入超过低保标准'] },
};

const TOWNSHIP_ROLES: Role[] = ['caseworker', 'assistant', 'approver'];
const COUNTY_ROLES: Role[] = ['check', 'county'];

async function tokenFor(role: Role, where: 'home' | 'away'): Promise<string> {
  const area = where === 'home' ? HOME : role === 'check' || role === 'county' ? OTHER_COUNTY : OTHER_TOWNSHIP;
  if (TOWNSHIP_ROLES.includes(role)) return p.tokenFor(role, { township: area.township });
  if (COUNTY_ROLES.includes(role)) return p.tokenFor(role, { county: area.county });
  if (role === 'department') return p.tokenFor(role, { department: where === 'home' ? '市教育局' : '市住房城乡建设局' });
  if (role === 'charity' || role === 'contractor') return p.tokenFor(role, { organisation: 'org-1' });
  return p.tokenFor(role);
}

describe('the authorization matrix', () => {
  let closed: string;
  const home = new Map<Role, string>();
  const away = new Map<Role, string>();

  beforeAll(async () => {
    // A withdrawn 教育 case, routed to 市教育局 first: every action's state check refuses it.
    closed = await apply(p, { ...dibaoApplication(idNumber('20100505', '801')), type: 'education' });
    await must(p, s.caseworker, closed, 'accept');
    await must(p, s.caseworker, closed, 'route');
    await must(p, s.caseworker, closed, 'withdraw', { reason: '已在学校直接申请' });
    for (const role of ROLES) {
      home.set(role, await tokenFor(role, 'home'));
      away.set(role, await tokenFor(role, 'away'));
    }
  });

  for (const t of HTTP_TRANSITIONS) {
    it(`${t.action}: 403 for the wrong roles and for another area, 409 in the wrong state`, async () => {
      for (const [i, role] of ROLES.entries()) {
        // Objections are limited per caller and minute: give each role's attempt a minute of its own.
        // (Tokens live 15 minutes, so the minutes stay within 09:01–09:12.)
        if (t.roles.includes('anyone')) clock.set(`2026-04-01T09:${String(1 + i).padStart(2, '0')}:00+08:00`);
        const allowed = t.roles.includes('anyone') || (t.roles as readonly string[]).includes(role);
        const res = await act(p, home.get(role), closed, t.action, VALID[t.action]);
        if (!allowed) {
          expect(res.status, `${t.action} as ${role}`).toBe(403);
          expect(res.body.code).toBe('role-not-allowed');
          expect(res.body.allowedRoles).toContain(t.roles[0]);
          expect(res.body.detail).toContain(ROLE_LABELS[t.roles[0] as Role]);
          continue;
        }
        expect(res.status, `${t.action} as ${role}: ${res.text}`).toBe(409);
        expect(res.body).toMatchObject({ code: 'invalid-state', currentStatus: 'withdrawn' });
        expect(res.body.detail).toContain('已撤回');
        if (t.roles.includes('anyone')) continue;
        const outside = await act(p, away.get(role), closed, t.action, VALID[t.action]);
        expect(outside.status, `${t.action} as ${role} elsewhere`).toBe(403);
        expect(outside.body.code).toBe('out-of-scope');
      }
      clock.set('2026-04-01T09:00:00+08:00');
    });
  }

  it('every other staff route refuses the roles it does not list', async () => {
    const others = ROUTES.filter((r) => r.access !== 'public' && !r.localOnly && !r.path.includes('/actions/'));
    for (const r of others) {
      for (const role of ROLES) {
        if ((r.access as readonly string[]).includes(role)) continue;
        const res = await p.call(r.method, r.path.replace('{reference}', closed), { token: home.get(role), ...(r.method === 'POST' ? { body: {} } : {}) });
        expect(res.status, `${r.method} ${r.path} as ${role}`).toBe(403);
      }
    }
  });

  it('an unknown case is a 404, not a 500', async () => {
    const res = await act(p, s.caseworker, 'QC-260401-9999-A', 'accept');
    expect(res.status).toBe(404);
    const junk = await act(p, s.caseworker, 'not-a-reference', 'accept');
    expect(junk.status).toBe(404);
  });
});

/** Bodies that no action accepts: not an object, an unknown field, or a known field of the wrong type. */
function badBodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(fc.constant(null), fc.integer({ min: -1000, max: -1 }), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.object({ maxDepth: 1 }), fc.constant('x'.repeat(3000)));
  const notObject = fc.oneof(fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }), fc.integer(), fc.string(), fc.boolean());
  const unknownField = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.anything({ maxDepth: 1 })).map(([k, v]) => ({ ...valid, [`zz_${k}`]: v ?? 1 }));
  const keys = Object.keys(valid);
  const wrongField = keys.length ? fc.tuple(fc.constantFrom(...keys), wrong).map(([k, v]) => ({ ...valid, [k]: v })) : unknownField;
  const amount = fc.integer({ min: 0, max: 1e7 }).map((n) => ({ ...valid, amountFen: n, monthlyAmountFen: n }));
  return fc.oneof(notObject, unknownField, wrongField, amount);
}

describe('generated bad bodies on every action', () => {
  it('get a 4xx problem, never a 5xx, and nothing is written', async () => {
    const ref = await apply(p, dibaoApplication(idNumber('19700707', '811')));
    const departments = await p.tokenFor('department', { department: '市教育局' });
    const prefixes = ['APP#', 'UNIQ#', 'AUDIT#', 'IDEM#', 'REF#', 'PUBLICITY#', 'PERSON#', 'RELATIVE#', 'SUPV#'];
    const before = await countItems(prefixes);
    for (const t of HTTP_TRANSITIONS) {
      const role = t.roles[0]!;
      const token =
        role === 'anyone'
          ? undefined
          : role === 'department'
            ? departments
            : role === 'check' || role === 'county'
              ? role === 'check'
                ? s.check
                : s.county
              : role === 'approver'
                ? s.approver
                : role === 'assistant'
                  ? s.assistant
                  : s.caseworker;
      const samples = fc.sample(badBodies(VALID[t.action] as Record<string, unknown>), { numRuns: 20, seed: 4 });
      for (const body of samples) {
        const res = await p.call('POST', `/api/v1/applications/${ref}/actions/${t.action}`, {
          rawBody: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
          ...(token ? { token } : {}),
        });
        expect(res.status, `${t.action} ${JSON.stringify(body).slice(0, 200)} → ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.code).toBeTruthy();
      }
    }
    expect(await countItems(prefixes)).toBe(before);
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body).toMatchObject({ status: 'submitted', version: 1 });
  });
});

describe('logs', () => {
  it('never carry an ID number used in a journey', async () => {
    const ids = [idNumber('19620202', '821'), idNumber('19640404', '823')];
    const lines: string[] = [];
    const capture = (stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        lines.push(String(chunk));
        return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      return () => {
        stream.write = original as typeof stream.write;
      };
    };
    // Tests run quietly (LOG_LEVEL=WARN); this journey logs everything the functions would log on AWS.
    const level = logger.getLevelName();
    logger.setLogLevel('DEBUG');
    const restore = [capture(process.stdout), capture(process.stderr), () => logger.setLogLevel(level)];
    try {
      const body = dibaoApplication(ids[0]!, {
        household: {
          members: [
            { name: '张三', idNumber: ids[0], relation: 'self', monthlyIncomeFen: 30000 },
            { name: '李四', idNumber: ids[1], relation: 'spouse', monthlyIncomeFen: 0, illness: 'serious' },
          ],
          assets: { financialFen: 0, vehicles: 0, properties: 1 },
        },
      });
      const ref = await apply(p, body);
      await must(p, s.caseworker, ref, 'accept');
      await act(p, s.caseworker, ref, 'return', { items: [{ item: `身份证 ${ids[1]}` }] });
      await must(p, s.check, ref, 'recordCheck', checkReport(true));
      await must(p, s.caseworker, ref, 'recordVisit', visit(false));
      await must(p, s.caseworker, ref, 'recordAppraisal', appraisal());
      await must(p, s.caseworker, ref, 'propose');
      await must(p, s.caseworker, ref, 'publicize');
      await must(p, undefined, ref, 'object', { reason: `举报 ${ids[0]} 收入不实` });
      await must(p, s.caseworker, ref, 'triageObjection', { decision: 'dismiss', reason: '不成立' });
      await p.runJob('publicity-close', '2026-04-20');
      await must(p, s.approver, ref, 'approve');
      await p.call('GET', `/api/v1/cases/${ref}`, { token: s.county });
      await p.call('POST', '/api/v1/status-queries', { token: s.medicalInsurance, body: { idNumber: ids[1], date: '2026-04-20', purpose: '资助参保' } });
      await p.call('POST', '/api/v1/status-queries', { token: s.medicalInsurance, body: { idNumber: `${ids[1]!.slice(0, 17)}0`, date: '2026-04-20', purpose: '资助参保' } });
      await p.call('POST', '/api/v1/applications/lookup', { body: { reference: ref, idNumber: ids[1] } });
      await p.runJob('deadline-watch', '2026-04-20');
    } finally {
      restore.forEach((r) => r());
    }
    expect(lines.length).toBeGreaterThan(0);
    for (const id of ids) {
      for (const line of lines) expect(line.includes(id) || line.includes(id.slice(0, 17)), line.slice(0, 200)).toBe(false);
    }
  });
});
