import { AppError, type FieldError } from './problem.ts';

/**
 * Path parameters, decoded and checked once for every route. The HTTP API hands them over still
 * percent-encoded; a malformed escape (`%E0%A4%A`), an encoded lone surrogate, a control character or
 * an id far longer than any we issue (DynamoDB refuses keys over 2,048 bytes) is the caller's mistake,
 * so it is a 400 naming the parameter — never an exception from deep in a handler.
 *
 * Were a deployment to hand them over already decoded, decoding once more stays safe: it happens before
 * any check, and every id is then matched against its own pattern, so a doubly encoded value can only
 * become something the caller could have sent plainly — it never slips past a check.
 */
export const MAX_PATH_PARAMETER_LENGTH = 128;
// Control characters (C0, DEL, C1), bidi controls, zero-width characters and the BOM.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

export function decodePathParameters(raw: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      errors.push({ field: name, code: 'malformed', message: '网址中的编号含有无法识别的转义字符' });
      continue;
    }
    if (decoded === '') errors.push({ field: name, code: 'required', message: '网址中缺少编号' });
    else if (decoded.length > MAX_PATH_PARAMETER_LENGTH) errors.push({ field: name, code: 'too_big', message: `编号最多 ${MAX_PATH_PARAMETER_LENGTH} 个字符` });
    else if (FORBIDDEN.test(decoded) || decoded.includes('/')) errors.push({ field: name, code: 'invalid_characters', message: '编号含有不允许的字符' });
    else out[name] = decoded;
  }
  if (errors.length) {
    throw new AppError(400, 'invalid-path-parameter', '网址有误', `网址中的 ${errors[0]!.field} 不正确：${errors[0]!.message}。`, errors);
  }
  return out;
}
