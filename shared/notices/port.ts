import { createHmac } from 'node:crypto';
import { derivedKey } from '../crypto/pii.ts';

/**
 * The notification port (shared/notices/README.md): the one thing the outbox's consumer calls to send a
 * text to a phone. `id` is the outbox entry's id; a provider that accepts an idempotency key (most SMS
 * gateways call it `outId` or `SessionContext`) gets it, so a resend the provider already took is dropped there too.
 *
 * Adapters:
 * - locally, the platform's in-memory SMS box (infra/local/sms.ts), shown at `GET /api/v1/dev/outbox`;
 * - on AWS, an HTTPS SMS gateway configured by the stack (`SMS_ENDPOINT`, `SMS_SIGN_NAME`): in the China
 *   regions Amazon SNS sends no SMS, so production points it at a domestic provider or the province's
 *   government SMS platform (政务短信平台), which require a registered signature (签名) — the sign name.
 * Without either the send fails, the message is retried and then dead-lettered: nothing is lost silently.
 */
export interface SmsMessage {
  id: string;
  to: string;
  text: string;
}

export interface SmsPort {
  send(message: SmsMessage): Promise<{ providerId: string }>;
}

const KEY = Symbol.for('bozhou.local.sms');

export function useLocalSms(port: SmsPort): void {
  (globalThis as unknown as Record<symbol, SmsPort>)[KEY] = port;
}

export function smsPort(): SmsPort {
  const local = (globalThis as unknown as Record<symbol, SmsPort | undefined>)[KEY];
  if (local) return local;
  const endpoint = process.env.SMS_ENDPOINT;
  if (!endpoint) return { send: async () => Promise.reject(new Error('no SMS provider configured (SMS_ENDPOINT)')) };
  return gatewayPort(endpoint, process.env.SMS_SIGN_NAME ?? '亳州社会救助');
}

/**
 * A JSON-over-HTTPS SMS gateway: `POST { outId, phone, signName, text }`, signed with an HMAC of the body
 * under a key derived from the platform's HMAC key (`X-Signature`), so the gateway's side can check it and
 * no separate secret is deployed. A non-2xx answer is a failure (retried through the queue).
 */
export function gatewayPort(endpoint: string, signName: string): SmsPort {
  return {
    async send(m) {
      const body = JSON.stringify({ outId: m.id, phone: m.to, signName, text: m.text });
      const signature = createHmac('sha256', await derivedKey('sms-gateway-v1'))
        .update(body)
        .digest('base64url');
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body,
        signal: AbortSignal.timeout(8000),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
      const answer = (await res.json().catch(() => ({}))) as { messageId?: string };
      return { providerId: answer.messageId ?? m.id };
    },
  };
}
