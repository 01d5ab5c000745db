import * as z from 'zod/mini';
import { cleanText } from './clean-text.ts';
import { isoDate } from './common.ts';
import { COUNTY_CODES } from '../rules/schemas.ts';
import type { RouteContract } from './index.ts';

/**
 * Request shapes of policy simulation (shared/simulation). A change names a published parameter and its
 * proposed value in the shape `POST /api/v1/standards` takes; the checks of publishing run on it in the domain.
 */
const strict = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `不接受的字段：${issue.keys.join('、')}` : undefined) });
const county = z.enum(COUNTY_CODES, { error: '县区代码应为 341602、341621、341622 或 341623' });
const bp = z.int({ error: '涨幅应为整数基点（3.5% = 350）' }).check(z.minimum(0, '涨幅不能为负数'), z.maximum(10000, '涨幅过大，请核对'));

export const SIMULATION_CONTRACT = {
  'POST /api/v1/simulations': {
    body: strict({
      changes: z
        .array(
          strict({
            id: z.string().check(z.regex(/^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$/, { message: '参数编号格式不正确，例如 dibao.standard.urban' })),
            value: z.union([z.int(), z.array(z.string()), z.record(z.string(), z.unknown())], { error: '参数值应为整数（金额以分、比例以基点计）或规定结构的对象' }),
          }),
        )
        .check(z.minLength(0), z.maxLength(20, '一次最多调整20项参数')),
      asOf: isoDate,
      county: z.optional(county),
      township: z.optional(z.string().check(z.regex(/^\d{9}$/, '乡镇（街道）代码应为9位数字'))),
      priceIndices: z.optional(strict({ cpiYoYBp: bp, foodCpiYoYBp: bp })),
      note: z.optional(z.string().check(...cleanText('说明'), z.trim(), z.maxLength(200, '说明不能超过200个字'))),
    }),
    responses: { 202: 'the simulation, started; results at `GET /api/v1/simulations/{id}`', 422: 'a change publishing would refuse; `errors` name the measure' },
  },
  'GET /api/v1/simulations': { responses: { 200: '`{ simulations: [...] }`, newest first' } },
  'GET /api/v1/simulations/{id}': { responses: { 200: 'the simulation with `progress`; `result` once finished (cost, households, distribution, cliffs)' } },
  'GET /api/v1/simulations/{id}/cases': { query: strict({ county: z.optional(county) }), responses: { 200: '`{ cases: [{ reference, type, persons, beforeFen, afterFen, differenceFen }] }`' } },
  'GET /api/v1/simulations/{id}/csv': { responses: { 200: '`{ name, csv }` — the result tables as CSV (shared/csv.ts)', 409: 'not finished' } },
  'GET /api/v1/standards/simulations/{id}': {
    responses: {
      200: 'city-level effect of a simulation a published value followed: cost, households gaining and losing, the distribution — no household data',
      404: 'no published value followed it',
    },
  },
  'POST /api/v1/simulations/{id}/resume': { body: z.optional(strict({})), responses: { 202: 'batches not yet counted sent again; the producer continues from its checkpoint' } },
} as const satisfies Record<string, RouteContract>;
