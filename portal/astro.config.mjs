// @ts-check
import { defineConfig } from 'astro/config';

/**
 * The public portal: static output only, no integrations, no client framework.
 * The CSP forbids inline scripts and styles, so stylesheets are always emitted as files
 * (`inlineStylesheets: 'never'`) and so are scripts: the page scripts are TypeScript modules under
 * src/scripts/, bundled by Astro into /_astro/*.js, and `assetsInlineLimit: 0` stops Vite from inlining
 * a small one into the HTML. The scripts still in public/*.js are the ones not yet moved (issue 20).
 * Build: `npx astro build --root portal` → portal/dist.
 */
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
  devToolbar: { enabled: false },
  prefetch: false,
});
