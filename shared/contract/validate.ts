import * as z from 'zod/mini';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { AppError, type FieldError } from '../errors.ts';

// Zod's own messages in Chinese; our schemas add plainer ones where it matters.
z.config(zhCN());

/** Wrong types and sizes said plainly (zod's own text names types in English: "期望 object", "期望 string >=3 字符"). */
const EXPECTED: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: '“是”或“否”（true/false）', array: '列表', object: '一组字段（JSON 对象）' };
const UNIT: Record<string, string> = { string: ' 个字', array: ' 项' };
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return issue.path?.length ? '必填，请填写' : '请求内容为空，应为一组字段（JSON 对象）';
      const expected = EXPECTED[issue.expected as string];
      return expected ? `应为${expected}` : undefined;
    }
    if ((issue.code === 'too_small' || issue.code === 'too_big') && (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'number')) {
      const small = issue.code === 'too_small';
      const limit = String(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'number') return `${small ? (issue.inclusive ? '不能小于' : '应大于') : issue.inclusive ? '不能大于' : '应小于'} ${limit}`;
      return `${small ? '至少' : '最多'} ${limit}${UNIT[issue.origin]}`;
    }
    return undefined;
  },
});

export type Schema<T = unknown> = z.ZodMiniType<T>;

const fieldPath = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(body)';

export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ field: fieldPath([...issue.path, key]), code: 'unknown_field', message: '不认识的字段，请删去' });
      }
      continue;
    }
    // Unclean text (shared/contract/clean-text.ts) has its own stable code; a domain rule run inside a
    // schema (shared/cases/application-checks.ts) keeps its own.
    const params = issue.code === 'custom' ? (issue.params as { problem?: string; code?: string } | undefined) : undefined;
    const code = params?.problem ? 'invalid_characters' : (params?.code ?? issue.code);
    out.push({ field: fieldPath(issue.path), code, message: issue.message });
  }
  return out;
}

/** Parses or throws a 400 problem that names every field at fault. */
export function parseWith<T>(schema: Schema<T>, value: unknown, what = '请求内容'): T {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const errors = issuesToFieldErrors(result.error.issues);
  const first = errors[0];
  const detail = first ? `${what}有 ${errors.length} 处需要修改，第一处：${first.field}（${first.message}）。` : `${what}有误。`;
  throw new AppError(400, 'validation-failed', '填写的内容有误', detail, errors);
}
