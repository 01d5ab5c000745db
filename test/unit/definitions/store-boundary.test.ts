import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A store per module (issue 20, docs/architecture.md § Layers): in a clean module only its store talks to
 * AWS; the domain files call the store. A module joins the list once it is clean — one line.
 */
const CLEAN_MODULES: Record<string, string[]> = {
  payments: ['store.ts'],
};

const SHARED = join(import.meta.dirname, '../../../shared');
/** A static, type-only or dynamic import, or a re-export, of any `@aws-sdk/*` package. */
const AWS_SDK_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]@aws-sdk\//;

const sourceFiles = (module: string): string[] => (readdirSync(join(SHARED, module), { recursive: true }) as string[]).filter((f) => /\.(ts|js|mjs)$/.test(f)).map((f) => f.split('\\').join('/'));

describe('a store per module: only the store imports @aws-sdk', () => {
  it('recognises every form of import', () => {
    for (const line of [
      "import { GetCommand } from '@aws-sdk/lib-dynamodb';",
      "import type { X } from '@aws-sdk/client-dynamodb';",
      "export { Y } from '@aws-sdk/client-s3';",
      "await import('@aws-sdk/client-s3')",
    ])
      expect(AWS_SDK_IMPORT.test(line), line).toBe(true);
    expect(AWS_SDK_IMPORT.test("import { db } from '../store/client.ts';")).toBe(false);
  });

  for (const [module, allowed] of Object.entries(CLEAN_MODULES)) {
    it(`shared/${module}/: only ${allowed.join(', ')}`, () => {
      const files = sourceFiles(module);
      for (const file of allowed) expect(files, `shared/${module}/${file} exists`).toContain(file);
      const offenders = files.filter((f) => !allowed.includes(f) && AWS_SDK_IMPORT.test(readFileSync(join(SHARED, module, f), 'utf8')));
      expect(offenders, `these files of shared/${module}/ import @aws-sdk instead of calling the module's store`).toEqual([]);
    });
  }
});
