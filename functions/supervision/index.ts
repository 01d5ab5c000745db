import type { Context } from 'aws-lambda';
import { httpFunction } from '../../shared/http/function.ts';
import { jobFunction } from '../../shared/jobs/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { forbidden } from '../../shared/http/problem.ts';
import { dateShanghai } from '../../shared/clock.ts';
import { supervisionList, watchDeadlines } from '../../shared/cases/deadlines.ts';
import { closeEndedPublicity } from '../../shared/cases/proposal.ts';

/**
 * 督办 (十九)(二十)(二十三): the daily schedules (deadline-watch, publicity-close) and the county's list.
 * One Lambda serves both: API Gateway events carry `requestContext`, schedules send `{ job, date }`.
 */
const http = httpFunction('supervision', (on) => {
  on('GET /api/v1/supervision', async (req) => {
    const actor = requireActor(req.actor);
    if (req.query.county !== actor.county) throw forbidden('out-of-scope', '县级督办人员只能查看本县区的督办事项。');
    return { status: 200, body: await supervisionList(req.query.county, req.query.date ?? dateShanghai(req.now)) };
  });
});

const jobs = jobFunction({
  'deadline-watch': async ({ date, now }) => watchDeadlines(date, now),
  'publicity-close': async ({ date }) => closeEndedPublicity(date),
});

export const handler = (event: unknown, context: Context): Promise<unknown> =>
  event && typeof event === 'object' && 'requestContext' in event ? http(event as Parameters<typeof http>[0], context) : jobs(event as Parameters<typeof jobs>[0], context);
