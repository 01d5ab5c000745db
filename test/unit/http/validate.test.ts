import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { parseWith } from '../../../shared/contract/validate.ts';
import type { AppError } from '../../../shared/http/problem.ts';

/** Bad input is answered in plain Chinese, naming the field (docs/architecture.md § Errors and schema). */
function errorsOf(schema: Parameters<typeof parseWith>[0], value: unknown) {
  try {
    parseWith(schema, value);
  } catch (error) {
    return (error as AppError & { errors: { field: string; code: string; message: string }[] }).errors;
  }
  throw new Error('parsed');
}

const form = z.object({
  name: z.string().check(z.minLength(2), z.maxLength(4)),
  age: z.int().check(z.minimum(0), z.maximum(150)),
  members: z.array(z.string()).check(z.minLength(1)),
  consent: z.boolean(),
  address: z.object({ township: z.string() }),
  phone: z.string().check(z.regex(/^1\d{10}$/, '手机号应为 11 位数字')),
});

describe('validation messages', () => {
  it('says which kind of value a field needs, without English type names', () => {
    const errors = errorsOf(form, { name: 7, age: 'x', members: 'a', consent: 'yes', address: [], phone: '13800000000' });
    expect(errors).toEqual([
      { field: 'name', code: 'invalid_type', message: '应为文字' },
      { field: 'age', code: 'invalid_type', message: '应为数字' },
      { field: 'members', code: 'invalid_type', message: '应为列表' },
      { field: 'consent', code: 'invalid_type', message: '应为“是”或“否”（true/false）' },
      { field: 'address', code: 'invalid_type', message: '应为一组字段（JSON 对象）' },
    ]);
  });

  it('names missing fields and an empty body', () => {
    expect(errorsOf(form, {}).map((e) => `${e.field}:${e.message}`)).toContain('address:必填，请填写');
    expect(errorsOf(form, undefined)).toEqual([{ field: '(body)', code: 'invalid_type', message: '请求内容为空，应为一组字段（JSON 对象）' }]);
  });

  it('gives limits in words and numbers, and keeps a schema’s own message', () => {
    const errors = errorsOf(form, { name: 'x', age: 151.5, members: [], consent: true, address: { township: '1' }, phone: '12' });
    expect(errors.map((e) => `${e.field}:${e.message}`)).toEqual(['name:至少 2 个字', 'age:应为整数', 'members:至少 1 项', 'phone:手机号应为 11 位数字']);
    expect(errorsOf(form, { name: 'abcde', age: 200, members: ['a'], consent: true, address: { township: '1' }, phone: '13800000000' }).map((e) => e.message)).toEqual(['最多 4 个字', '不能大于 150']);
  });
});
