import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Role } from '../../shared/definitions/roles.ts';

/**
 * A platform for one test file: the shared DynamoDB Local, a fresh table, the real gateway on a free
 * port, and helpers that call it over HTTP exactly as a browser or a department system would.
 */
export interface TestPlatform extends Platform {
  call(method: string, path: string, options?: CallOptions): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  tokenFor(role: Role, scope?: Record<string, string>): Promise<string>;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** A settable clock, so a test can move time through a case. */
export class TestClock implements Clock {
  private at: Date;
  constructor(iso: string) {
    this.at = new Date(iso);
  }
  now() {
    return new Date(this.at);
  }
  set(iso: string) {
    this.at = new Date(iso);
  }
}

export async function startTestPlatform(options: { clock?: Clock; portalDir?: string; s3?: boolean } = {}): Promise<TestPlatform> {
  const platform = await startPlatform({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `t-${randomUUID().slice(0, 12)}`,
    s3: false,
    ...options,
  });
  const call: TestPlatform['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.body !== undefined) headers['content-type'] ??= 'application/json';
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers,
      ...(o.rawBody !== undefined ? { body: o.rawBody } : o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (a page); keep the text
    }
    return { status: res.status, body, headers: res.headers, text };
  };
  return {
    ...platform,
    call,
    async tokenFor(role, scope = {}) {
      const res = await call('POST', '/api/v1/dev/token', { body: { role, ...scope } });
      if (res.status !== 200) throw new Error(`token for ${role}: ${res.status} ${res.text}`);
      return res.body.token as string;
    },
  };
}
