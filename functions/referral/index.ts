import { httpFunction } from '../../shared/http/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { serveActions } from '../../shared/cases/workflow.ts';
import { listReferrals, respond } from '../../shared/cases/referrals.ts';
import { queryStatus } from '../../shared/cases/status-query.ts';
import { dateShanghai } from '../../shared/clock.ts';

/** 转办 answered by departments, and their 救助对象身份 queries (七)–(十二)(十九). */
export const handler = httpFunction('referral', (on) => {
  serveActions(on, { respond });

  on('GET /api/v1/referrals', async (req) => ({ status: 200, body: await listReferrals(requireActor(req.actor), req.query, dateShanghai(req.now)) }));

  on('POST /api/v1/status-queries', async (req) => ({ status: 200, body: await queryStatus(req.body, requireActor(req.actor), req.now) }));
});
