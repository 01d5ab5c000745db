import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled: minified ESM for nodejs24.x on arm64, the AWS SDK bundled in (so the
 * version is ours, not the runtime's), and `require` restored for the CommonJS dependencies.
 * The CDK stack and the bench both use these options, so the bench measures what ships.
 */
export const FUNCTION_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: false,
  treeShaking: true,
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  legalComments: 'none',
};

/** Files a function reads beside its bundle at run time (the measures' text, parsed at cold start). */
export const BUNDLE_ASSETS = ['shared/policy/bozhou-measures.txt'] as const;
