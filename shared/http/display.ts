/**
 * 长辈版 without JavaScript: large text (大, 特大) and high contrast kept in a cookie the server reads
 * (docs/architecture.md § Edge; the choice is explained in docs/elderly.md).
 *
 * - The header's no-script links go to `GET /api/v1/display?size=…&contrast=…&back=/page/`, which sets
 *   the cookie and sends the person back (303) to the page they were reading.
 * - Every public page links `/api/v1/display.css` after /site.css. It answers with a redirect to one of
 *   six static stylesheets the portal build makes from /site.css itself (`displayVariantCss`: the rules
 *   written for `html[data-font-size='large']` or `html[data-contrast='high']`, applying to `html`), so the
 *   looks come from one stylesheet and the pages stay static and cacheable. The redirect is `no-cache`:
 *   cached, Chromium kept the old one after the cookie changed, whatever `Vary: Cookie` said.
 * - With scripts, /a11y.js keeps doing it with data attributes (and writes the same cookie), and turns
 *   the cookie's stylesheet off on the page so the two never fight.
 *
 * One definition for both runtimes: the API function serves it on AWS and locally alike (no CloudFront
 * Function, which the China regions do not offer).
 */
export const DISPLAY_COOKIE = 'bozhou-display';
export const DISPLAY_SIZES = ['standard', 'large', 'xlarge'] as const;
export const DISPLAY_CONTRASTS = ['normal', 'high'] as const;
export type DisplaySize = (typeof DISPLAY_SIZES)[number];
export type DisplayContrast = (typeof DISPLAY_CONTRASTS)[number];
export interface Display {
  size: DisplaySize;
  contrast: DisplayContrast;
}

const ONE_YEAR = 365 * 24 * 3600;

/** The setting in a request's cookies (API Gateway v2 gives them as a list), standard when absent or unreadable. */
export function readDisplay(cookies: readonly string[] | undefined): Display {
  const raw = (cookies ?? []).flatMap((c) => c.split(/;\s*/u)).find((c) => c.startsWith(`${DISPLAY_COOKIE}=`));
  const [size, contrast] = (raw?.slice(DISPLAY_COOKIE.length + 1) ?? '').split('.');
  return {
    size: (DISPLAY_SIZES as readonly string[]).includes(size ?? '') ? (size as DisplaySize) : 'standard',
    contrast: contrast === 'high' ? 'high' : 'normal',
  };
}

export const displayCookieValue = (d: Display): string => `${d.size}.${d.contrast}`;

/** The Set-Cookie header: a year, the whole site, not sent cross-site; it holds nothing personal. */
export const displaySetCookie = (d: Display): string => `${DISPLAY_COOKIE}=${displayCookieValue(d)}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax`;

/** The static stylesheet of a setting, as the portal builds it. */
export const displayStylesheet = (d: Display): string => `/display/${d.size}-${d.contrast}.css`;

/** Only a path on this site (no scheme, no `//host`), else the home page. */
export function safeBack(back: string | undefined): string {
  if (!back?.startsWith('/') || back.startsWith('//') || back.includes('\\') || /[\r\n]/u.test(back)) return '/';
  return back.slice(0, 500);
}

/** The header's links for readers without scripts (hidden when scripts run). `back` is the page's path. */
export function displayLinks(back: string): string {
  const b = encodeURIComponent(safeBack(back));
  const size = (s: DisplaySize, label: string) => `<a href="/api/v1/display?size=${s}&amp;back=${b}" data-display-size="${s}">${label}</a>`;
  return `<p class="display-links no-js">字号：${size('standard', '标准')}${size('large', '大')}${size('xlarge', '特大')}<a href="/api/v1/display?contrast=toggle&amp;back=${b}" data-display-contrast>高对比度</a></p>`;
}

/** Top-level rules of a stylesheet (at-rules such as @media are left out: none of the display rules sit in one). */
function topLevelRules(css: string): { selector: string; body: string }[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//gu, '');
  const out: { selector: string; body: string }[] = [];
  let depth = 0;
  let start = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) {
        const selector = text.slice(start, open).trim();
        if (!selector.startsWith('@')) out.push({ selector, body: text.slice(open + 1, i).trim() });
        start = i + 1;
      }
    }
  }
  return out;
}

/**
 * The stylesheet for a setting, made from the site's own stylesheet: every rule written for
 * `html[data-font-size='<size>']` or (for high contrast) `html[data-contrast='high']`, applying to `:root` (the same specificity),
 * and the header's link of the current choice marked. Standard and normal make an (almost) empty file.
 */
export function displayVariantCss(siteCss: string, d: Display): string {
  const hooks = [...(d.size === 'standard' ? [] : [`html[data-font-size='${d.size}']`]), ...(d.contrast === 'high' ? ["html[data-contrast='high']"] : [])];
  const rules: string[] = [];
  for (const { selector, body } of topLevelRules(siteCss)) {
    const parts = selector.split(',').map((s) => s.trim());
    const kept = parts.filter((p) => hooks.some((h) => p.startsWith(h))).map((p) => p.replace(/^html\[data-(?:font-size|contrast)='[a-z]+'\]/u, ':root'));
    if (kept.length) rules.push(`${kept.join(', ')} { ${body} }`);
  }
  const mark = 'font-weight: 700; text-decoration-thickness: 0.2em;';
  rules.push(`.display-links a[data-display-size='${d.size}'] { ${mark} }`);
  if (d.contrast === 'high') rules.push(`.display-links a[data-display-contrast] { ${mark} }`);
  return `/* 长辈版 without JavaScript: ${displayCookieValue(d)}, made from /site.css at build time (shared/http/display.ts). */\n${rules.join('\n')}\n`;
}
