// @ts-check
import { defineConfig } from 'astro/config';

/**
 * The public portal: static output only, no integrations, no client framework.
 * The CSP forbids inline scripts and styles, so stylesheets are always emitted as files
 * (`inlineStylesheets: 'never'`) and scripts live in `public/*.js`, loaded with `<script src>`.
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
  devToolbar: { enabled: false },
  prefetch: false,
});
