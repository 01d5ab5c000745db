import { createHash } from 'node:crypto';
import { ALPHABET } from '../cases/reference-number.ts';

/**
 * 回执码: a short code for a bid receipt that a person can read over the phone, shown beside the full SHA-256.
 * Ten characters of the 申请编号's alphabet (no I, O, S, V or Z; 31 symbols, about 49.5 bits), grouped 5–5:
 * `7K3MQ-XA2D9`. It is derived from the receipt hash together with the tender, the bidder and the time of
 * submission — two bidders may submit identical contents (the same hash), never the same receipt.
 * The code finds the receipt (GET /api/v1/bids/receipts/{code}); the full hash is what proves the contents.
 */
export const RECEIPT_CODE_LENGTH = 10;
const BASE = BigInt(ALPHABET.length);

export function receiptCode(r: { sha256: string; tenderId: string; organisation: string; submittedAt: string }): string {
  const digest = createHash('sha256').update(['bid-receipt-code', r.sha256, r.tenderId, r.organisation, r.submittedAt].join('\n')).digest();
  let n = digest.readBigUInt64BE(0);
  let out = '';
  for (let i = 0; i < RECEIPT_CODE_LENGTH; i++) {
    out += ALPHABET[Number(n % BASE)];
    n /= BASE;
  }
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** What people type: lower case, spaces, no hyphen, O for 0 and I for 1. Null when it cannot be a code. */
export function normalizeReceiptCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/I/g, '1');
  if (s.length !== RECEIPT_CODE_LENGTH || [...s].some((c) => !ALPHABET.includes(c))) return null;
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}
