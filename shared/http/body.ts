import { AppError, badRequest } from './problem.ts';
import { header, type HttpEvent } from './event.ts';

/** Larger bodies are refused before parsing (API Gateway allows 10 MB; we never need more than this). */
export const MAX_BODY_BYTES = 256 * 1024;

export type BodyKind = 'json' | 'form' | 'none';

function rawBody(event: HttpEvent): Buffer | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/**
 * Plain HTML forms post `application/x-www-form-urlencoded`. Field names use dots for nesting and
 * numbers for list positions (`household.members.0.name`), so the same schema validates both.
 */
export function formToObject(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of params) {
    const parts = name.split('.');
    if (parts.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return arrayify(root) as Record<string, unknown>;
}

function arrayify(node: unknown): unknown {
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  const values = Object.fromEntries(keys.map((k) => [k, arrayify(obj[k])]));
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => values[k]);
  }
  return values;
}

export function parseBody(event: HttpEvent): { kind: BodyKind; value: unknown } {
  const raw = rawBody(event);
  if (!raw) return { kind: 'none', value: undefined };
  if (raw.length > MAX_BODY_BYTES) {
    throw new AppError(413, 'body-too-large', '提交的内容过大', `请求内容不能超过 ${MAX_BODY_BYTES / 1024} KB。`);
  }
  const type = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') return { kind: 'form', value: formToObject(new URLSearchParams(text)) };
  if (type !== 'application/json' && type !== '') {
    throw new AppError(415, 'unsupported-media-type', '不支持的内容类型', '请以 application/json 提交。');
  }
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    throw badRequest('malformed-json', '提交的内容不是有效的 JSON，请检查格式。');
  }
}
