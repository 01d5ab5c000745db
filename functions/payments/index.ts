import type { Context } from 'aws-lambda';
import { httpFunction, type Result } from '../../shared/http/function.ts';
import { jobFunction } from '../../shared/jobs/function.ts';
import { requireActor, type Actor } from '../../shared/http/auth.ts';
import { invalidField } from '../../shared/http/problem.ts';
import { inProgressFirst, recordAnswer, type Idempotency } from '../../shared/store/idempotency.ts';
import { dateShanghai } from '../../shared/clock.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { getRun, listRuns, requireRun, runView, startRun, JOB_ACTOR } from '../../shared/payments/runs.ts';
import { parseRunId, runIdOf } from '../../shared/payments/keys.ts';
import { produce, resumeRun, type BatchMessage } from '../../shared/payments/producer.ts';
import { newWriteLimiter, processBatch } from '../../shared/payments/consumer.ts';
import { downloadFile, generateFile } from '../../shared/payments/file.ts';
import { importResults } from '../../shared/payments/results.ts';
import { reconcile } from '../../shared/payments/reconciliation.ts';
import { reversePayment } from '../../shared/payments/corrections.ts';
import { setPayee } from '../../shared/payments/payees.ts';
import { recordFuneral } from '../../shared/payments/funeral.ts';
import { recordDocumentation } from '../../shared/payments/advance.ts';
import { fundReserve, reconcileReserves, reserveView } from '../../shared/payments/township-reserve.ts';
import { payroll, registerSocialWorker } from '../../shared/payments/social-workers.ts';
import { monthOf } from '../../shared/payments/months.ts';
import { checkRoster, type RosterCheck } from '../../shared/cases/roster.ts';
import {
  listSimulations,
  publicEffect,
  resumeRunning,
  processBatch as simulateBatch,
  produce as produceSimulation,
  requireSimulation,
  resumeSimulation,
  simulationCases,
  simulationCsv,
  simulationResult,
  startSimulation,
  type SimBatch,
} from '../../shared/simulation/runs.ts';

/**
 * 资金发放 (shared/payments): the county's payment runs over HTTP, the `monthly-payments` schedule, and the
 * `payment-batches` queue (producer pages, ledger batches, the payment file) — one Lambda for all three.
 */
async function answered(idem: Idempotency | undefined, now: Date, result: Result): Promise<Result> {
  if (idem) await recordAnswer(idem, { status: result.status, body: result.body }, Math.floor(now.getTime() / 1000));
  return result;
}

const runOf = (actor: Actor | null, id: string | undefined) => {
  if (!id || !parseRunId(id)) throw invalidField('id', 'format', '发放批次编号应为 县区代码-YYYY-MM');
  return requireRun(id, actor);
};

const http = httpFunction('payments', (on) => {
  on('POST /api/v1/payment-runs', async (req) => {
    const actor = requireActor(req.actor);
    if (req.body.month > monthOf(dateShanghai(req.now))) throw invalidField('month', 'future', '不能为尚未开始的月份发放');
    return inProgressFirst(req.idempotency, req.now, async () => {
      const run = await startRun({ county: req.body.county, month: req.body.month, now: req.now, actor: { sub: actor.sub, role: actor.role }, correlationId: req.correlationId });
      return { status: 202, body: runView(run), headers: { location: `/api/v1/payment-runs/${run.runId}` } };
    });
  });
  on('GET /api/v1/payment-runs', async (req) => ({ status: 200, body: { runs: await listRuns(req.query.county) } }));
  on('GET /api/v1/payment-runs/{id}', async (req) => ({ status: 200, body: runView(await runOf(req.actor, req.params.id)) }));
  on('POST /api/v1/payment-runs/{id}/resume', async (req) => {
    const run = await runOf(req.actor, req.params.id);
    const { resent } = run.status === 'running' ? await resumeRun(run, req.correlationId, req.now) : { resent: 0 };
    return { status: 202, body: { ...runView(run), resent } };
  });
  on('GET /api/v1/payment-runs/{id}/reconciliation', async (req) => ({ status: 200, body: await reconcile(await runOf(req.actor, req.params.id)) }));
  on('GET /api/v1/payment-runs/{id}/file', async (req) => ({ status: 200, body: await downloadFile(await runOf(req.actor, req.params.id), requireActor(req.actor), req.now) }));
  on('POST /api/v1/payment-runs/{id}/results', async (req) => {
    const run = await runOf(req.actor, req.params.id);
    return answered(req.idempotency, req.now, { status: 200, body: await importResults(run, req.body.csv, requireActor(req.actor), req.now) });
  });
  on('POST /api/v1/payment-runs/{id}/reversals', async (req) => {
    const run = await runOf(req.actor, req.params.id);
    return answered(req.idempotency, req.now, { status: 201, body: await reversePayment(run, req.body.paymentId, req.body.reason, requireActor(req.actor), req.now) });
  });
  on('POST /api/v1/cases/{reference}/payee', async (req) => ({ status: 200, body: await setPayee(req.params.reference ?? '', req.body, requireActor(req.actor), req.now) }));
  on('POST /api/v1/cases/{reference}/funeral', async (req) =>
    answered(req.idempotency, req.now, { status: 201, body: await recordFuneral(req.params.reference ?? '', req.body, requireActor(req.actor), req.now) }),
  );
  on('POST /api/v1/cases/{reference}/advance-documentation', async (req) => ({
    status: 200,
    body: await recordDocumentation(req.params.reference ?? '', req.body.note, requireActor(req.actor), req.now),
  }));
  on('POST /api/v1/township-reserves/{township}/funding', async (req) => ({
    status: 201,
    body: await fundReserve(req.params.township ?? '', req.body, requireActor(req.actor), req.now, req.idempotency),
  }));
  on('GET /api/v1/township-reserves/{township}', async (req) => ({ status: 200, body: await reserveView(req.params.township ?? '', req.query.month, req.now) }));
  on('POST /api/v1/social-workers', async (req) =>
    inProgressFirst(req.idempotency, req.now, async () => ({ status: 201, body: await registerSocialWorker(req.body, requireActor(req.actor), req.now) })),
  );
  // 政策模拟 (shared/simulation): the payment run's rules over the roster, writing only simulation items.
  on('POST /api/v1/simulations', async (req) => {
    const s = await startSimulation(req.body, requireActor(req.actor), req.now, req.correlationId);
    return { status: 202, body: await simulationResult(s), headers: { location: `/api/v1/simulations/${s.id}` } };
  });
  on('GET /api/v1/simulations', async (req) => ({ status: 200, body: { simulations: await listSimulations(requireActor(req.actor)) } }));
  on('GET /api/v1/simulations/{id}', async (req) => ({ status: 200, body: await simulationResult(await requireSimulation(req.params.id ?? '', requireActor(req.actor))) }));
  on('GET /api/v1/simulations/{id}/cases', async (req) => {
    const actor = requireActor(req.actor);
    return { status: 200, body: await simulationCases(await requireSimulation(req.params.id ?? '', actor), actor.role === 'county' ? actor.county : req.query.county) };
  });
  on('GET /api/v1/simulations/{id}/csv', async (req) => {
    const s = await requireSimulation(req.params.id ?? '', requireActor(req.actor));
    return { status: 200, body: { name: `simulation-${s.id}.csv`, csv: await simulationCsv(s) } };
  });
  on('GET /api/v1/standards/simulations/{id}', async (req) => ({ status: 200, body: await publicEffect(req.params.id ?? '') }));
  on('POST /api/v1/simulations/{id}/resume', async (req) => {
    const s = await requireSimulation(req.params.id ?? '', requireActor(req.actor));
    const { resent } = s.status === 'running' ? await resumeSimulation(s, req.correlationId) : { resent: 0 };
    return { status: 202, body: { ...(await simulationResult(s)), resent } };
  });
  on('GET /api/v1/social-workers/payroll', async (req) => ({ status: 200, body: await payroll(req.query.county, req.query.month) }));
});

/** The schedule: start this month's run in every county; resume one that is still running; skip a finished one. */
async function monthlyPayments({ date, now, correlationId }: { date: string; now: Date; correlationId: string }) {
  const month = monthOf(date);
  const runs: { runId: string; action: 'started' | 'resumed' | 'finished-already'; resent?: number }[] = [];
  for (const county of COUNTIES) {
    const runId = runIdOf(county.code, month);
    const existing = await getRun(runId);
    if (existing?.status === 'finished') runs.push({ runId, action: 'finished-already' });
    else if (existing) runs.push({ runId, action: 'resumed', ...(await resumeRun(existing, correlationId, now)) });
    else {
      try {
        await startRun({ county: county.code, month, now, actor: JOB_ACTOR, correlationId });
        runs.push({ runId, action: 'started' });
      } catch (error) {
        if ((error as { code?: string }).code !== 'payment-run-exists') throw error;
        runs.push({ runId, action: 'resumed' }); // started by the county a moment ago
      }
    }
  }
  return { month, runs };
}

/** The day before the run: each county's roster (发放名册) checked against its cases (shared/cases/roster.ts). */
async function paymentRoster({ date }: { date: string }) {
  const counties: Record<string, RosterCheck> = {};
  for (const county of COUNTIES) counties[county.code] = await checkRoster(county.code, date.slice(0, 7));
  return { counties };
}

type QueueBody = BatchMessage | { type: 'produce'; runId: string } | { type: 'file'; runId: string };

const jobs = jobFunction(
  {
    'monthly-payments': monthlyPayments,
    'payment-roster': paymentRoster,
    'reserve-reconciliation': ({ date }) => reconcileReserves(date),
    'simulation-resume': ({ correlationId }) => resumeRunning(correlationId),
  },
  {
    'simulation-batch': (ctx) => async (m) => {
      const body = m.body as SimBatch | { type: 'produce'; id: string };
      if (body.type === 'produce') await produceSimulation(body.id, ctx.remainingMs, ctx.correlationId);
      else await simulateBatch(body);
    },
    'payment-batch': (ctx) => {
      const writes = newWriteLimiter(); // the invocation's ledger writes, shared by its messages
      return async (m) => {
        const body = m.body as QueueBody;
        try {
          if (body.type === 'produce') await produce(body.runId, ctx.remainingMs, ctx.correlationId, ctx.now);
          else if (body.type === 'file') await generateFile(body.runId, ctx.now);
          else await processBatch(body, ctx.now, ctx.correlationId, writes);
        } catch (error) {
          // Only this message comes back (a partial batch response), and after maxReceiveCount goes to the DLQ;
          // jobFunction logs it once, with what it was about.
          throw new Error(`payment message ${body.type} of ${body.runId} failed: ${(error as Error).message}`, { cause: error });
        }
      };
    },
  },
);

export const handler = (event: unknown, context: Context): Promise<unknown> =>
  event && typeof event === 'object' && 'requestContext' in event ? http(event as Parameters<typeof http>[0], context) : jobs(event as Parameters<typeof jobs>[0], context);
