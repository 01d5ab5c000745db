import { httpFunction } from '../../shared/http/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { verifyChain } from '../../shared/audit/chain.ts';
import { registerRelative } from '../../shared/cases/relatives.ts';

/** The auditor's chain check, and the admin's 近亲属备案 registry (二十三). */
export const handler = httpFunction('audit', (on) => {
  on('GET /api/v1/audit/verify', async (req) => ({ status: 200, body: await verifyChain(req.query.aggregate) }));

  on('POST /api/v1/relatives', async (req) => {
    await registerRelative(req.body, requireActor(req.actor), req.now);
    return { status: 201, body: { registered: true } };
  });
});
