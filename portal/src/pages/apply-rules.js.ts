import { hukouGate } from '../../../shared/cases/application-checks.ts';

/**
 * /apply-rules.js: the application's own rule of where people may apply (四), `hukouGate` of
 * shared/cases/application-checks.ts — the function the API's schema and `createApplication` run — for the
 * question pages, so a combination the rules refuse is refused on the page where it is chosen. Built from
 * the function itself (self-contained for this reason); the CSP allows no inline script.
 */
export const GET = () =>
  new Response(`/* Generated from shared/cases/application-checks.ts at build time. */\nwindow.BozhouRules = { hukouGate: ${hukouGate.toString()} };\n`, {
    headers: { 'content-type': 'text/javascript; charset=utf-8' },
  });
