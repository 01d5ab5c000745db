import { PUBLIC, ROLE_LABELS, ROLES } from './roles.ts';
import { ROUTES, routeKey } from './routes.ts';
import { REACH_LABELS, ROLE_REACH, scopeLabel } from './scopes.ts';

/**
 * The authz matrix (docs/authz-matrix.md), written from the route table and the roles' reach: route × role ×
 * scope. Regenerate with `npm run docs:authz`; test/unit/definitions/authz-matrix.test.ts fails when the file
 * is stale, and test/integration/authz-matrix.test.ts calls every cell.
 */
export function authzMatrixMarkdown(): string {
  const lines = [
    '# 权限矩阵 · Authorization matrix',
    '',
    '<!-- Generated from shared/definitions/routes*.ts and shared/definitions/scopes.ts by `npm run docs:authz`. Do not edit by hand. -->',
    '',
    'Who may call each route (✓), and where the thing it touches must lie (docs/architecture.md § Identity and scope).',
    'The HTTP pipeline refuses a role without ✓ with `403 role-not-allowed`, and a place out of the caller’s reach with',
    '`403 out-of-scope` before the request is validated (shared/access/scope.ts). A `record` scope is checked by the',
    'domain through the same module once the record is read. 🔓 marks a public route (no token needed).',
    '',
    '## Reach of each role',
    '',
    '| Role | 角色 | Reach |',
    '| --- | --- | --- |',
    ...ROLES.map((r) => `| \`${r}\` | ${ROLE_LABELS[r]} | ${REACH_LABELS[ROLE_REACH[r]]} |`),
    '',
    '## Routes',
    '',
    `| Route | ${ROLES.map((r) => `\`${r}\``).join(' | ')} | Scope |`,
    `| --- | ${ROLES.map(() => ':-:').join(' | ')} | --- |`,
    ...ROUTES.map((route) => {
      const cells = ROLES.map((r) => (route.access === PUBLIC ? '🔓' : route.access.includes(r) ? '✓' : ''));
      return `| \`${routeKey(route)}\`${route.localOnly ? ' (local only)' : ''} | ${cells.join(' | ')} | ${scopeLabel(route.scope)} |`;
    }),
    '',
  ];
  return lines.join('\n');
}
