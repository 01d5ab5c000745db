/**
 * Build step (measure 十八, open data): precompiles the OCDS 1.1.5 release and release-package
 * validators, with the bid extension v1.1.5 merged into the release schema as a JSON Merge Patch,
 * into plain JavaScript with ajv's standalone code. The Lambda bundle then carries the generated
 * validators and two tiny ajv runtime helpers, never the schema compiler or the 90 KB schema.
 *
 *   node infra/local/ocds-validators.ts          writes shared/procurement/ocds/validators.generated.js
 *   node infra/local/ocds-validators.ts --check  exits 1 when the committed file is out of date
 *
 * A unit test regenerates in memory and asserts the committed file is up to date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { _ } from 'ajv';
import { mergePatch, type Json } from '../../shared/procurement/ocds/merge-patch.ts';
import { dateTime, uri } from '../../shared/procurement/ocds/formats.ts';

// CommonJS default exports, seen through Node's ESM interop (the module object under nodenext types).
type AjvInstance = { addSchema(schema: object): unknown };
const Ajv = (AjvModule as unknown as { default: new (options: object) => AjvInstance }).default;
const standaloneCode = (standaloneModule as unknown as { default: (ajv: AjvInstance, refs: Record<string, string>) => string }).default;

const OCDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../shared/procurement/ocds');
export const GENERATED_FILE = join(OCDS_DIR, 'validators.generated.js');

const readJson = (name: string): Json => JSON.parse(readFileSync(join(OCDS_DIR, 'schemas', name), 'utf8')) as Json;

/** The core release schema with the bid extension merged in (what releases are validated against). */
export function mergedReleaseSchema(): Record<string, Json> {
  return mergePatch(readJson('release-schema.json'), readJson('bid-extension-release-schema.json')) as Record<string, Json>;
}

/** Annotations that do not validate anything: titles, descriptions and OCDS's merge and codelist hints. */
const ANNOTATIONS = new Set(['title', 'description', 'codelist', 'openCodelist', 'deprecated', 'mergeStrategy', 'wholeListMerge', 'omitWhenMerged', 'versionId']);
const SCHEMA_MAPS = new Set(['properties', 'definitions', 'patternProperties']);
const SCHEMA_LISTS = new Set(['anyOf', 'allOf', 'oneOf']);

/**
 * ajv embeds the schema in the generated code, so the annotations are dropped first: the validators
 * shrink by more than half and validate exactly the same. Schema-aware, because `title` and
 * `description` are also property NAMES inside `properties` and must stay there.
 */
export function stripAnnotations(schema: Json): Json {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripAnnotations(v)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map(stripAnnotations);
    else if (key === 'items' || key === 'not' || key === 'additionalProperties') out[key] = Array.isArray(value) ? value.map(stripAnnotations) : stripAnnotations(value);
    else out[key] = value;
  }
  return out;
}

export function generateValidatorsSource(): string {
  const release = stripAnnotations(mergedReleaseSchema()) as Record<string, Json>;
  const pkg = stripAnnotations(readJson('release-package-schema.json')) as Record<string, Json>;
  const ajv = new Ajv({
    code: { source: true, esm: true, formats: _`require("./formats.ts")` },
    // The first error is enough to refuse a release; allErrors would double the generated code.
    allErrors: false,
    strict: true,
    allowUnionTypes: true,
    // One function per definition instead of copying Value, Period, Document… into every place that uses them.
    inlineRefs: false,
    // Error objects keep keyword, path and params; the English sentences are dropped (they are rebuilt from those).
    messages: false,
    formats: { 'date-time': dateTime, uri },
  });
  ajv.addSchema(release as object);
  ajv.addSchema(pkg as object);
  const code = standaloneCode(ajv, { validateRelease: String(release.id), validatePackage: String(pkg.id) });
  return toPureEsm(code);
}

/**
 * ajv's ESM output still reaches its runtime helpers with `require(...)`, which an ES module cannot
 * call. Each distinct `require("x")` becomes a static import, which esbuild bundles and Node loads.
 */
function toPureEsm(code: string): string {
  const imports = new Map<string, string>();
  const body = code.replace(/require\("([^"]+)"\)/g, (_m, spec: string) => {
    const target = spec.startsWith('ajv/') && !spec.endsWith('.js') ? `${spec}.js` : spec;
    let name = imports.get(target);
    if (!name) imports.set(target, (name = `__dep${imports.size}`));
    return name;
  });
  const header = [
    '// GENERATED by infra/local/ocds-validators.ts from shared/procurement/ocds/schemas — do not edit.',
    '// OCDS 1.1.5 release and release-package validators (JSON Schema draft-04), bid extension v1.1.5 merged.',
    // Node hands a CommonJS module over as `default`; bundlers that honour `__esModule` hand over its
    // exports. Taking the namespace and picking the object works under Node, vitest and esbuild alike.
    ...[...imports].flatMap(([spec, name]) => [
      `import * as ${name}ns from ${JSON.stringify(spec)};`,
      `const ${name} = ${name}ns.default && typeof ${name}ns.default === "object" ? ${name}ns.default : ${name}ns;`,
    ]),
  ];
  return `${header.join('\n')}\n${body.replace(/^"use strict";/, '')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const source = generateValidatorsSource();
  if (process.argv.includes('--check')) {
    const current = readFileSync(GENERATED_FILE, 'utf8');
    if (current !== source) {
      console.error('validators.generated.js is out of date: run node infra/local/ocds-validators.ts');
      process.exit(1);
    }
    console.log('validators.generated.js is up to date');
  } else {
    writeFileSync(GENERATED_FILE, source);
    console.log(`wrote ${GENERATED_FILE} (${source.length} bytes)`);
  }
}
