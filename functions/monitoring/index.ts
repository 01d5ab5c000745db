import type { Context } from 'aws-lambda';
import { httpFunction } from '../../shared/http/function.ts';
import { jobFunction } from '../../shared/jobs/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { feedView, listFeeds, matchFeed, matchReceived, uploadFeed } from '../../shared/monitoring/feeds.ts';
import { getAlert, listAlerts, recordAlertOutcome } from '../../shared/monitoring/alerts.ts';
import { answerTicket, listTickets, lookupTicket, registerTicket } from '../../shared/monitoring/tickets.ts';
import { limiter } from '../../shared/jobs/limiter.ts';
import { monitoringStatistics } from '../../shared/monitoring/statistics.ts';
import { createFeedUpload, feedUploadView, processFeedUpload, submitFeedUpload } from '../../shared/monitoring/uploads.ts';

/**
 * 政策找人 (十九)(二十)(二十三): department feeds, their match against the low-income register on the
 * `monitoring-feeds` queue, the township's alerts and the visit outcome.
 */
const http = httpFunction('monitoring', (on) => {
  on('POST /api/v1/monitoring/feeds', async (req) => uploadFeed({ body: req.body, actor: requireActor(req.actor), now: req.now, correlationId: req.correlationId, idempotency: req.idempotency }));
  on('POST /api/v1/monitoring/feed-uploads', async (req) => createFeedUpload({ body: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }));
  on('POST /api/v1/monitoring/feed-uploads/{id}/submit', async (req) => submitFeedUpload({ id: req.params.id ?? '', actor: requireActor(req.actor), now: req.now, correlationId: req.correlationId }));
  on('GET /api/v1/monitoring/feed-uploads/{id}', async (req) => ({ status: 200, body: await feedUploadView(req.params.id ?? '', requireActor(req.actor)) }));
  on('GET /api/v1/monitoring/feeds', async (req) => ({ status: 200, body: await listFeeds(requireActor(req.actor), req.query) }));
  on('GET /api/v1/monitoring/feeds/{id}', async (req) => ({ status: 200, body: await feedView(req.params.id ?? '', requireActor(req.actor)) }));
  on('GET /api/v1/monitoring/alerts', async (req) => ({ status: 200, body: await listAlerts(requireActor(req.actor), req.query, req.now) }));
  on('GET /api/v1/monitoring/alerts/{id}', async (req) => ({ status: 200, body: await getAlert(requireActor(req.actor), req.params.id ?? '', req.now) }));
  on('POST /api/v1/monitoring/alerts/{id}/outcome', async (req) =>
    recordAlertOutcome({ id: req.params.id ?? '', body: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }),
  );
  on('GET /api/v1/monitoring/statistics', async (req) => ({ status: 200, body: await monitoringStatistics(req.query, req.now) }));
  on('POST /api/v1/tickets', async (req) => registerTicket({ body: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }));
  on('GET /api/v1/tickets', async (req) => ({ status: 200, body: await listTickets(requireActor(req.actor), req.query, req.now) }));
  on('POST /api/v1/tickets/{number}/answer', async (req) =>
    answerTicket({ number: req.params.number ?? '', body: req.body, actor: requireActor(req.actor), now: req.now, idempotency: req.idempotency }),
  );
  on('POST /api/v1/tickets/lookup', async (req) => ({ status: 200, body: await lookupTicket(req.body.number, req.sourceIp, req.now) }));
});

const jobs = jobFunction(
  // Daily catch-up (shared/definitions/schedules.ts): feeds whose queue message was lost or whose match was cut short.
  { 'monitoring-match': async () => ({ ...(await matchReceived()) }) },
  {
    // One feed a message; feeds of one invocation one after another (each holds its county's register).
    'match-feed': () => {
      const oneAtATime = limiter(1);
      return (m) =>
        oneAtATime.run(async () => {
          await matchFeed((m.body as { feedId: string }).feedId);
        });
    },
    // A file sent through S3 (uploads.ts): checked and stored; its match is the next message.
    'feed-upload': (ctx) => {
      const oneAtATime = limiter(1);
      return (m) =>
        oneAtATime.run(async () => {
          await processFeedUpload((m.body as { uploadId: string }).uploadId, ctx.correlationId);
        });
    },
  },
);

export const handler = (event: unknown, context: Context): Promise<unknown> =>
  event && typeof event === 'object' && 'requestContext' in event ? http(event as Parameters<typeof http>[0], context) : jobs(event as Parameters<typeof jobs>[0], context);
