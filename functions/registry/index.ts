import type { Context } from 'aws-lambda';
import { httpFunction } from '../../shared/http/function.ts';
import { jobFunction } from '../../shared/jobs/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { householdView, findHousehold } from '../../shared/registry/view.ts';
import { recordHouseholdEvent } from '../../shared/registry/events.ts';
import { backfillRegister, changeRegister } from '../../shared/registry/register.ts';
import { backfillRegistry } from '../../shared/registry/backfill.ts';

/**
 * 户档案 (一户一条救助链): the household page, its search by ID number, household events (五)(六)(十), and
 * the monthly `registry-check` that links cases from before the registry.
 */
const http = httpFunction('registry', (on) => {
  on('GET /api/v1/households/{id}', async (req) => ({ status: 200, body: await householdView(req.params.id ?? '', requireActor(req.actor), req.now) }));
  on('POST /api/v1/households/search', async (req) => ({ status: 200, body: await findHousehold(req.body, requireActor(req.actor), req.now) }));
  on('POST /api/v1/households/{id}/events', async (req) =>
    recordHouseholdEvent({ householdId: req.params.id ?? '', event: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }),
  );
  on('POST /api/v1/households/{id}/register', async (req) =>
    changeRegister({ householdId: req.params.id ?? '', body: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }),
  );
});

const jobs = jobFunction({
  'registry-check': async ({ now }) => ({
    counties: await backfillRegistry(
      COUNTIES.map((c) => c.code),
      now,
    ),
    // After the cases are linked: enrolled cases from before the register followed them (register.ts).
    register: await backfillRegister(
      COUNTIES.map((c) => c.code),
      now,
    ),
  }),
});

export const handler = (event: unknown, context: Context): Promise<unknown> =>
  event && typeof event === 'object' && 'requestContext' in event ? http(event as Parameters<typeof http>[0], context) : jobs(event as Parameters<typeof jobs>[0], context);
