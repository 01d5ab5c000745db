import { requirePlace } from '../../shared/access/scope.ts';
import type { Context } from 'aws-lambda';
import { httpFunction } from '../../shared/http/function.ts';
import { jobFunction, type JobContext } from '../../shared/jobs/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import type { CaseItem } from '../../shared/cases/case.ts';
import { listTasks, createTasks, getTask, taskCounts, TASK_WRITE_CONCURRENCY, type TaskDescriptor } from '../../shared/management/tasks.ts';
import { limiter } from '../../shared/jobs/limiter.ts';
import { REVIEW_JOBS, reviewTask } from '../../shared/management/reviews.ts';
import { sweepActiveCases, type SweepStart } from '../../shared/management/sweep.ts';
import { graduatedExit, recordTaskOutcome } from '../../shared/management/outcome.ts';
import { listLists, runDataMatch, uploadList } from '../../shared/management/data-match.ts';
import { assignedInspections, drawRecord, publishedInspections, randomInspection, recordFindings, registerInspector } from '../../shared/management/inspections.ts';
import { declareEmergency, listEmergencies, revokeEmergency } from '../../shared/management/emergencies.ts';
import { checkPriceLinkage, decidePriceLinkage, listPriceLinkage, recordPriceIndex } from '../../shared/management/price-linkage.ts';
import { checkReserves, listAlerts, recordReserve } from '../../shared/management/reserves.ts';
import { anchorAuditChains } from '../../shared/management/anchor.ts';
import { monthSchema } from '../../shared/contract/management.ts';
import { parseWith } from '../../shared/contract/validate.ts';
import { serveActions } from '../../shared/cases/workflow.ts';
import { resume, terminate } from '../../shared/management/suspension.ts';
import { getStranded, intakeStranded, listStranded, strandedStep } from '../../shared/management/stranded.ts';

/**
 * 动态管理 (五)(六)(十)(十一)(十五)(二十三): the measures' calendar of re-checks and visits, graduated exit,
 * data matches, random inspections, emergencies, price linkage, relief reserves and audit anchors.
 * One Lambda serves the routes, the schedules (`{ job, date }`) and the `management-batches` queue.
 */
const http = httpFunction('management', (on) => {
  on('GET /api/v1/tasks', async (req) => ({ status: 200, body: await listTasks(requireActor(req.actor), req.query, req.now) }));
  on('GET /api/v1/tasks/summary', async (req) => ({ status: 200, body: await taskCounts(requireActor(req.actor), req.now) }));
  on('GET /api/v1/tasks/{id}', async (req) => ({ status: 200, body: await getTask(requireActor(req.actor), req.params.id ?? '', req.now) }));
  on('POST /api/v1/tasks/{id}/outcome', async (req) => ({ status: 200, body: await recordTaskOutcome(req.params.id ?? '', req.body, requireActor(req.actor), req.now) }));

  on('GET /api/v1/data-match/lists', async (req) => ({ status: 200, body: await listLists(requireActor(req.actor)) }));
  on('POST /api/v1/data-match/lists', async (req) => uploadList({ body: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }));

  on('POST /api/v1/inspectors', async (req) => ({ status: 201, body: await registerInspector(req.body, requireActor(req.actor), req.now) }));
  on('GET /api/v1/inspections', async (req) => ({ status: 200, body: await publishedInspections(req.query) }));
  on('GET /api/v1/inspections/assigned', async (req) => ({ status: 200, body: await assignedInspections(requireActor(req.actor), req.query.status) }));
  on('POST /api/v1/inspections/{id}/findings', async (req) => ({ status: 200, body: await recordFindings(req.params.id ?? '', req.body, requireActor(req.actor), req.now) }));
  on('GET /api/v1/inspection-draws/{id}', async (req) => {
    const actor = requireActor(req.actor);
    const id = req.params.id ?? '';
    requirePlace(actor, id.split('.')[0] ?? ''); // a draw's id starts with its county
    return { status: 200, body: await drawRecord(id, { actor, now: req.now }) };
  });

  on('GET /api/v1/emergencies', async (req) => ({ status: 200, body: await listEmergencies(req.query.date) }));
  on('POST /api/v1/emergencies', async (req) => declareEmergency({ body: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }));
  on('POST /api/v1/emergencies/{id}/revocation', async (req) => ({
    status: 200,
    body: await revokeEmergency({ id: req.params.id ?? '', body: req.body, actor: requireActor(req.actor), now: req.now }),
  }));

  on('POST /api/v1/price-index', async (req) => ({ status: 201, body: await recordPriceIndex(req.body, requireActor(req.actor), req.now) }));
  on('GET /api/v1/price-linkage', async () => ({ status: 200, body: await listPriceLinkage() }));
  on('POST /api/v1/price-linkage/{month}/confirmation', async (req) => {
    const month = parseWith(monthSchema, req.params.month ?? '', '月份');
    return { status: 200, body: await decidePriceLinkage(month, req.body, requireActor(req.actor), req.now) };
  });

  on('POST /api/v1/stranded-cases', async (req) => intakeStranded({ body: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }));
  on('GET /api/v1/stranded-cases', async (req) => ({ status: 200, body: await listStranded(requireActor(req.actor), req.now) }));
  on('GET /api/v1/stranded-cases/{id}', async (req) => ({ status: 200, body: await getStranded(req.params.id ?? '', requireActor(req.actor)) }));
  for (const step of ['care', 'trace', 'identify', 'returnHome', 'settle', 'transferTekun'] as const) {
    on(`POST /api/v1/stranded-cases/{id}/${step}`, async (req) => ({
      status: 200,
      body: await strandedStep({ id: req.params.id ?? '', step, body: req.body as never, actor: requireActor(req.actor), now: req.now }),
    }));
  }

  on('POST /api/v1/reserves', async (req) => ({ status: 201, body: await recordReserve(req.body, requireActor(req.actor), req.now) }));
  serveActions(on, { resume, terminate });

  on('GET /api/v1/alerts', async (req) => ({ status: 200, body: await listAlerts(requireActor(req.actor), req.query.county) }));
});

/** A review job's selector: the active cases it picks become task descriptors for the run date. */
const selector = (job: string, date: string) => {
  const review = REVIEW_JOBS[job];
  if (!review) throw new Error(`no review job ${job}`);
  return (c: CaseItem) => (review.select(c) ? reviewTask(job, review, c, date) : null);
};

const review = (job: string) => async (ctx: JobContext) => ({ ...(await sweepActiveCases(job, selector(job, ctx.date), ctx, undefined, REVIEW_JOBS[job]?.types)) });

const jobs = jobFunction(
  {
    'dibao-q2-review': review('dibao-q2-review'),
    'dibao-q4-review': review('dibao-q4-review'),
    'tekun-q4-review': review('tekun-q4-review'),
    'tekun-visits': review('tekun-visits'),
    'graduated-exit': async ({ date }) => graduatedExit(date),
    'data-match': async ({ date }) => runDataMatch(date),
    'random-inspection': async ({ date }) => randomInspection(date),
    'price-linkage-check': async ({ date }) => checkPriceLinkage(date),
    'reserve-check': async ({ date }) => checkReserves(date),
    'audit-anchor': async ({ date, now }) => ({ ...(await anchorAuditChains(date, now)) }),
  },
  {
    // A batch of task descriptors from a sweep: conditional puts, counted on the run item.
    'create-tasks': () => {
      const writes = limiter(TASK_WRITE_CONCURRENCY); // shared by the invocation's messages
      return async (m) => {
        const body = m.body as { run: { job: string; date: string }; tasks: TaskDescriptor[] };
        await createTasks(body.tasks, body.run, writes);
      };
    },
    // A sweep handed over before the time limit: carry on from its LastEvaluatedKey.
    'sweep-continue': (ctx) => {
      const oneAtATime = limiter(1); // sweeps read whole pages: one after another, as before
      return (m) =>
        oneAtATime.run(async () => {
          const start = m.body as SweepStart;
          await sweepActiveCases(start.job, selector(start.job, start.date), { ...ctx, date: start.date }, start, REVIEW_JOBS[start.job]?.types);
        });
    },
  },
);

export const handler = (event: unknown, context: Context): Promise<unknown> =>
  event && typeof event === 'object' && 'requestContext' in event ? http(event as Parameters<typeof http>[0], context) : jobs(event as Parameters<typeof jobs>[0], context);
