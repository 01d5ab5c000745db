import { z } from 'zod/mini';
import type { Schema } from '../http/validate.ts';
import { cursorQuery, isoDate } from './common.ts';
import { ROLES } from '../definitions/roles.ts';

/**
 * The request schemas of every route, keyed by route key. Functions validate with them, and
 * `GET /api/v1/openapi.json` is generated from them: one description, no drift.
 */
export interface RouteContract {
  body?: Schema<any>;
  query?: Schema<any>;
  /** Creating and paying writes take an Idempotency-Key (DESIGN §3 Consistency). */
  idempotent?: boolean;
  /** What a successful answer looks like, for the API description. */
  responses?: Record<number, string>;
}

const devToken = z.strictObject({
  role: z.enum(ROLES),
  sub: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.@-]{1,64}$/, { message: '只能含字母、数字和 _ . @ -' }))),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  county: z.optional(z.string().check(z.regex(/^\d{6}$/, { message: '县区代码应为6位数字' }))),
  township: z.optional(z.string().check(z.regex(/^\d{9}$/, { message: '乡镇代码应为9位数字' }))),
  department: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  organisation: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

export const CONTRACT = {
  'GET /api/v1/calendar/working-days': {
    query: z.strictObject({
      from: isoDate,
      add: z.string().check(z.regex(/^\d{1,3}$/, { message: '应为 0 至 999 之间的整数' })),
    }),
    responses: { 200: '`{ date, from, add, source }`' },
  },
  'POST /api/v1/dev/token': { body: devToken, responses: { 200: '`{ token, sub, expiresIn }`' } },
  'POST /api/v1/dev/jobs/{name}': { query: z.strictObject({ date: isoDate }), responses: { 200: 'the job report' } },
} as const satisfies Record<string, RouteContract>;

export type ContractKey = string;
type Entry<K> = K extends keyof typeof CONTRACT ? (typeof CONTRACT)[K] : {};
export type BodyOf<K> = Entry<K> extends { body: Schema<infer B> } ? B : unknown;
export type QueryOf<K> = Entry<K> extends { query: Schema<infer Q> } ? Q : Record<string, string | undefined>;

export { cursorQuery };
