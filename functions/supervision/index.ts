import type { Context } from 'aws-lambda';
import { httpFunction } from '../../shared/http/function.ts';
import { jobFunction } from '../../shared/jobs/function.ts';
import { limiter } from '../../shared/jobs/limiter.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { dateShanghai } from '../../shared/clock.ts';
import { supervisionList, watchDeadlines } from '../../shared/cases/deadlines.ts';
import { sendReminder } from '../../shared/cases/reminders.ts';
import { inProgressFirst } from '../../shared/store/idempotency.ts';
import { closeEndedPublicity } from '../../shared/cases/proposal.ts';
import { readStatistics, runStatistics } from '../../shared/statistics/snapshot.ts';
import { staffingCheck } from '../../shared/staff/registry.ts';
import { remindDisclosures } from '../../shared/charity/deadlines.ts';

/**
 * 督办 (十九)(二十)(二十三): the daily schedules (deadline-watch, publicity-close, statistics), the county's
 * list, the dashboard's statistics snapshot and the 二十二 staffing check.
 * Every route's county is checked by the pipeline from its scope (shared/definitions/scopes.ts).
 * One Lambda serves both: API Gateway events carry `requestContext`, schedules send `{ job, date }`.
 */
const http = httpFunction('supervision', (on) => {
  on('GET /api/v1/supervision', async (req) => {
    return { status: 200, body: await supervisionList(req.query.county, req.query.date ?? dateShanghai(req.now)) };
  });
  on('POST /api/v1/supervision/reminders', async (req) => {
    const actor = requireActor(req.actor);
    return inProgressFirst(req.idempotency, req.now, async () => ({ status: 201, body: await sendReminder(req.body, actor, req.now) }));
  });
  on('GET /api/v1/statistics', async (req) => {
    return { status: 200, body: await readStatistics(req.query.county) };
  });
  on('GET /api/v1/staffing', async (req) => {
    return { status: 200, body: await staffingCheck(req.query.county, dateShanghai(req.now)) };
  });
});

const jobs = jobFunction(
  {
    'deadline-watch': async ({ date, now }) => watchDeadlines(date, now),
    'publicity-close': async ({ date }) => closeEndedPublicity(date),
    'charity-disclosure-reminders': async ({ date }) => remindDisclosures(date),
    statistics: async (ctx) => ({ ...(await runStatistics(ctx)) }),
  },
  {
    // A statistics run handed over before the Lambda limit carries on from its checkpoint.
    'statistics-continue': (ctx) => {
      const oneAtATime = limiter(1); // one county's snapshot after another, as before
      return (m) =>
        oneAtATime.run(async () => {
          await runStatistics(ctx, (m.body as { county?: string }).county);
        });
    },
  },
);

export const handler = (event: unknown, context: Context): Promise<unknown> =>
  event && typeof event === 'object' && 'requestContext' in event ? http(event as Parameters<typeof http>[0], context) : jobs(event as Parameters<typeof jobs>[0], context);
