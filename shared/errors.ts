/**
 * The domain's own errors (issue 20: the domain throws these; shared/http maps them to problem+json).
 * RFC 9457 problem details with a stable `code` for programs and Chinese `title`/`detail` for people.
 * Every expected failure is an AppError; anything else becomes a 500 with no internals in the body.
 */
export interface FieldError {
  /** Dotted path into the request body, e.g. `household.members.0.idNumber`. */
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, title: string, detail: string, errors?: FieldError[], extra: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = errors;
    this.extra = extra;
  }

  toProblem(): Problem {
    return {
      type: `https://bozhou-assistance.example/problems/${this.code}`,
      status: this.status,
      code: this.code,
      title: this.title,
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extra,
    };
  }
}

export const badRequest = (code: string, detail: string, errors?: FieldError[]) => new AppError(400, code, '请求有误', detail, errors);
export const invalidField = (field: string, code: string, message: string) => new AppError(400, 'validation-failed', '填写的内容有误', `${field}：${message}`, [{ field, code, message }]);
export const unauthorized = () => new AppError(401, 'unauthorized', '需要登录', '请先登录后再操作。');
export const forbidden = (code: string, detail: string) => new AppError(403, code, '没有权限', detail);
export const notFound = (code: string, detail: string) => new AppError(404, code, '没有找到', detail);
export const conflict = (code: string, detail: string, extra: Record<string, unknown> = {}) => new AppError(409, code, '与当前状态冲突', detail, undefined, extra);
export const tooMany = (code: string, detail: string) => new AppError(429, code, '操作过于频繁', detail);
