import type { SmsMessage, SmsPort } from '../../shared/notices/port.ts';

/**
 * The local SMS provider: what would have reached each phone, in memory, shown with the outbox at
 * `GET /api/v1/dev/outbox`. `failNext` makes the next sends fail, as a provider that is down would,
 * so tests can see the queue's retries deliver a notice once.
 */
export class LocalSms implements SmsPort {
  readonly delivered: (SmsMessage & { at: string })[] = [];
  failNext = 0;

  async send(m: SmsMessage): Promise<{ providerId: string }> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('local SMS provider unavailable (simulated)');
    }
    this.delivered.push({ ...m, at: new Date().toISOString() });
    return { providerId: `local-${this.delivered.length}` };
  }
}
