import { jobFunction } from '../../shared/jobs/function.ts';
import { deliverNotice, sweepNotices } from '../../shared/notices/outbox.ts';

/**
 * SMS notices (shared/notices/README.md): delivers the outbox entries the `notices` queue names, at most once
 * each, through the notification port; the daily sweep queues what is still pending.
 */
export const handler = jobFunction(
  { 'notice-sweep': (ctx) => sweepNotices(ctx.now, ctx.correlationId) },
  {
    'notice-deliver': () => async (message) => {
      await deliverNotice(message.body as { pk: string; sk: string }, new Date());
    },
  },
);
