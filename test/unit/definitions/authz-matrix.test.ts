import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authzMatrixMarkdown } from '../../../shared/definitions/authz-matrix.ts';
import { ROUTES, routeKey } from '../../../shared/definitions/routes.ts';

describe('docs/authz-matrix.md', () => {
  it('is what the route table says today (run `npm run docs:authz` after changing a route)', () => {
    const onDisk = readFileSync(join(import.meta.dirname, '../../../docs/authz-matrix.md'), 'utf8');
    expect(onDisk).toBe(authzMatrixMarkdown());
  });

  it('has one row per route', () => {
    const rows = authzMatrixMarkdown()
      .split('\n')
      .filter((l) => l.startsWith('| `') && l.includes(' /api/'));
    expect(rows).toHaveLength(ROUTES.length);
    for (const r of ROUTES) expect(rows.some((row) => row.startsWith(`| \`${routeKey(r)}\``))).toBe(true);
  });
});
