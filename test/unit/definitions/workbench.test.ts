import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/definitions/roles.ts';
import { viewRoles, WORKBENCH_NAV, WORKBENCH_VIEWS } from '../../../shared/definitions/workbench.ts';

const PUBLIC_DIR = join(import.meta.dirname, '../../../portal/public');
const scripts = readdirSync(PUBLIC_DIR)
  .filter((f) => /^staff.*\.js$/.test(f))
  .map((f) => readFileSync(join(PUBLIC_DIR, f), 'utf8'));
const registered = new Set(scripts.flatMap((text) => [...text.matchAll(/register\('([a-z-]+)'/g)].map((m) => m[1]!)));
/** Screens every signed-in role has: signing in and the home screen. */
const EVERYONE = new Set(['signin', 'home']);

describe('the workbench from the route table (shared/definitions/workbench.ts)', () => {
  it('names only routes that exist, and each screen has at least one role', () => {
    for (const [name, view] of Object.entries(WORKBENCH_VIEWS)) expect(viewRoles(view).length, name).toBeGreaterThan(0);
  });

  it('narrows a screen only within its routes’ roles', () => {
    for (const [name, view] of Object.entries(WORKBENCH_VIEWS)) if (view.only) expect(viewRoles(view), name).toEqual(ROLES.filter((r) => view.only!.includes(r)));
  });

  it('offers each role only screens its routes let it open', () => {
    for (const role of ROLES) {
      for (const [label, view] of WORKBENCH_NAV[role]) {
        expect(WORKBENCH_VIEWS[view], `${role}: ${label}`).toBeDefined();
        expect(viewRoles(WORKBENCH_VIEWS[view]!), `${role}: ${label} → ${view}`).toContain(role);
      }
    }
  });

  it('covers exactly the screens /staff*.js registers, and no script keeps a role list of its own', () => {
    expect(new Set([...registered].filter((v) => !EVERYONE.has(v)))).toEqual(new Set(Object.keys(WORKBENCH_VIEWS)));
    for (const text of scripts) expect(text).not.toMatch(/register\('[a-z-]+', \{[^}]*\broles:/);
  });
});
