import { randomUUID } from 'node:crypto';
import { httpFunction } from '../../shared/http/function.ts';
import { AppError, invalidField, notFound } from '../../shared/http/problem.ts';
import { registerStaff } from '../../shared/staff/registry.ts';
import { SCHEDULES } from '../../shared/definitions/schedules.ts';
import { findCounty, findTownship } from '../../shared/reference/areas.ts';
import type { Role } from '../../shared/definitions/roles.ts';
import { localHooks } from '../../infra/local/hooks.ts';
import { TOKEN_MINUTES } from '../../infra/local/jwt.ts';
import { listNotices, noticeId } from '../../shared/notices/outbox.ts';

/** Local only (never deployed): register a staff scope and mint a token; run a schedule as of a date. */
const NEEDS_TOWNSHIP: Role[] = ['caseworker', 'assistant', 'approver'];
const NEEDS_COUNTY: Role[] = ['check', 'county'];
const NEEDS_ORGANISATION: Role[] = ['charity', 'contractor'];

export const handler = httpFunction('dev', (on) => {
  on('POST /api/v1/dev/token', async (req) => {
    const { role, name } = req.body;
    let { county } = req.body;
    const { township, department, organisation, establishment } = req.body;
    if (NEEDS_TOWNSHIP.includes(role)) {
      if (!township) throw invalidField('township', 'required', `${role} 需要指定乡镇（街道）代码`);
      const found = findTownship(township);
      if (!found) throw invalidField('township', 'unknown', '没有这个乡镇（街道）代码，请查看 /api/v1/areas');
      if (county && county !== found.county) throw invalidField('county', 'mismatch', '乡镇不属于该县区');
      county = found.county;
    }
    if (NEEDS_COUNTY.includes(role)) {
      if (!county) throw invalidField('county', 'required', `${role} 需要指定县区代码`);
      if (!findCounty(county)) throw invalidField('county', 'unknown', '没有这个县区代码');
    }
    if (role === 'department' && !department) throw invalidField('department', 'required', '部门人员需要指定部门');
    if (NEEDS_ORGANISATION.includes(role) && !organisation) throw invalidField('organisation', 'required', '机构账号需要指定机构编号');
    const issuer = localHooks().issuer;
    if (!issuer) throw new AppError(503, 'local-runtime-missing', '本地运行环境未就绪', '令牌签发器未启动。');
    const sub = req.body.sub ?? `${role}-${randomUUID().slice(0, 8)}`;
    await registerStaff({
      sub,
      roles: [role],
      ...(name ? { name } : {}),
      ...(county ? { county } : {}),
      ...(township ? { township } : {}),
      ...(department ? { department } : {}),
      ...(organisation ? { organisation } : {}),
      ...(establishment ? { establishment } : {}),
    });
    return { status: 200, body: { token: await issuer.mint(sub, role, req.now), sub, role, expiresIn: TOKEN_MINUTES * 60 } };
  });

  // The local SMS outbox (shared/notices): every notice with its state, and the number the local provider delivered it to.
  on('GET /api/v1/dev/outbox', async (req) => {
    const delivered = localHooks().sms?.delivered ?? [];
    const entries = (await listNotices(req.query.reference)).map((n) => {
      const sent = delivered.filter((d) => d.id === noticeId(n));
      return {
        id: noticeId(n),
        reference: n.reference,
        notice: n.notice,
        text: n.text,
        status: n.status,
        attempts: n.attempts,
        createdAt: n.createdAt,
        ...(n.sentAt ? { sentAt: n.sentAt } : {}),
        ...(sent.length ? { deliveredTo: sent.map((d) => d.to) } : {}),
      };
    });
    return { status: 200, body: { entries } };
  });

  on('POST /api/v1/dev/jobs/{name}', async (req) => {
    const name = req.params.name ?? '';
    if (!(name in SCHEDULES)) throw notFound('no-such-job', `没有名为 ${name} 的定时任务。可用：${Object.keys(SCHEDULES).join('、')}`);
    const run = localHooks().runJob;
    if (!run) throw new AppError(503, 'local-runtime-missing', '本地运行环境未就绪', '任务运行器未启动。');
    return { status: 200, body: await run(name, req.query.date) };
  });
});
