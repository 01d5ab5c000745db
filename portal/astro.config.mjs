// @ts-check
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { defineConfig } from 'astro/config';

/**
 * The public portal: static output only, no client framework.
 * The CSP forbids inline scripts and styles, so stylesheets are always emitted as files
 * (`inlineStylesheets: 'never'`) and so are scripts: the page scripts are TypeScript modules under
 * src/scripts/, bundled by Astro into /_astro/*.js, and `assetsInlineLimit: 0` stops Vite from inlining
 * a small one into the HTML. The scripts still in public/*.js are the ones not yet moved (issue 20).
 * Build: `npx astro build --root portal` → portal/dist.
 */

/**
 * Scripts that must run in <head> before the page paints (the 适老化 size and contrast) cannot be modules,
 * which are deferred: they are bundled from TypeScript into a classic script at a stable URL instead.
 */
const CLASSIC_SCRIPTS = { 'a11y.js': './src/scripts/a11y.ts' };

/** @type {import('astro').AstroIntegration} */
const classicScripts = {
  name: 'bozhou-classic-scripts',
  hooks: {
    'astro:build:done': async ({ dir }) => {
      for (const [out, src] of Object.entries(CLASSIC_SCRIPTS)) {
        await build({
          entryPoints: [fileURLToPath(new URL(src, import.meta.url))],
          outfile: fileURLToPath(new URL(out, dir)),
          bundle: true,
          format: 'iife',
          minify: true,
          target: 'es2020',
          legalComments: 'none',
          logLevel: 'warning',
        });
      }
    },
  },
};

export default defineConfig({
  output: 'static',
  outDir: './dist',
  trailingSlash: 'ignore',
  compressHTML: true,
  build: {
    format: 'directory',
    inlineStylesheets: 'never',
  },
  vite: { build: { assetsInlineLimit: 0 } },
  integrations: [classicScripts],
  devToolbar: { enabled: false },
  prefetch: false,
});
