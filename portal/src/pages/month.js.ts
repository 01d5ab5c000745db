import { parseMonth } from '../../../shared/calendar/months.ts';

/**
 * /month.js: the one month parser of shared/calendar/months.ts for the pages (the CSP allows no inline script,
 * and pages load plain files). Built from the function itself, which is self-contained for this reason, so
 * the pages and the request contract read a month the same way.
 */
export const GET = () =>
  new Response(`/* Generated from shared/calendar/months.ts at build time. */\nwindow.BozhouMonth = { parse: ${parseMonth.toString()} };\n`, {
    headers: { 'content-type': 'text/javascript; charset=utf-8' },
  });
