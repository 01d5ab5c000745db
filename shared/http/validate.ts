import * as z from 'zod/mini';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { AppError, type FieldError } from './problem.ts';

// Zod's own messages in Chinese; our schemas add plainer ones where it matters.
z.config(zhCN());

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
    out.push({ field: fieldPath(issue.path), code: issue.code, message: issue.message });
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
