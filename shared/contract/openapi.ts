import * as z from 'zod/mini';
import { deployedRoutes } from '../definitions/routes.ts';
import { CONTRACT, type RouteContract } from './index.ts';

/** OpenAPI 3.1, generated from the route table and the contract's zod schemas. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of deployedRoutes()) {
    const key = `${r.method} ${r.path}` as keyof typeof CONTRACT;
    const c: RouteContract = CONTRACT[key] ?? {};
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = c.query ? (z.toJSONSchema(c.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] }) : undefined;
    for (const [name, schema] of Object.entries(query?.properties ?? {})) {
      params.push({ name, in: 'query', required: (query?.required ?? []).includes(name), schema: schema as { type: string } });
    }
    if (c.idempotent) params.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } });
    const responses: Record<string, unknown> = {};
    for (const [status, text] of Object.entries(c.responses ?? { 200: 'OK' })) responses[status] = { description: text };
    responses.default = {
      description: 'RFC 9457 problem+json: `code`, Chinese `title` and `detail`, field `errors`',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = {
      summary: r.summary,
      operationId: `${r.fn}.${r.method.toLowerCase()}${r.path
        .replace(/^\/api\/v1/, '')
        .replace(/[{}]/g, '')
        .replace(/\/(\w)/g, (_, ch: string) => ch.toUpperCase())
        .replace(/[^A-Za-z0-9]/g, '')}`,
      ...(params.length ? { parameters: params } : {}),
      ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(c.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      security: r.access === 'public' ? [] : [{ oidc: [] }],
      'x-roles': r.access,
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '亳州市社会救助服务平台 API', version: '1.0.0', description: 'Errors are RFC 9457 problem+json, except authorizer rejections (401), which API Gateway answers itself.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { oidc: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'status', 'code', 'title', 'detail'],
          properties: {
            type: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            title: { type: 'string' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
