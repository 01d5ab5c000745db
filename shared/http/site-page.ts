/**
 * The public site's chrome as HTML strings: the pages the API renders (the plain form's answers, the
 * no-JavaScript 试算 and 查询进度) wrap their body in it. Same look as the portal: its stylesheet at the
 * stable URL `/site.css` and its 适老化 script `/a11y.js`; no inline script or style (the edge CSP forbids
 * them).
 */
import { displayLinks } from './display.ts';
export const SITE_NAME = '亳州市社会救助服务平台';
export const PORTAL_STYLESHEET = '/site.css';
/** 长辈版 without JavaScript: the stylesheet the display cookie selects (shared/http/display.ts). */
export const DISPLAY_STYLESHEET = '/api/v1/display.css';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: unknown): string => String(text ?? '').replace(/[&<>"']/gu, (c) => ESCAPES[c]!);

/** Main navigation: only pages that exist are linked. */
export interface NavItem {
  href: string;
  label: string;
}

export const NAV: readonly NavItem[] = [
  { href: '/', label: '首页' },
  { href: '/policy/', label: '政策原文' },
  { href: '/guide/', label: '办事指南' },
  { href: '/standards/', label: '救助标准' },
  { href: '/estimate/', label: '试算' },
  { href: '/apply/', label: '在线申请' },
  { href: '/track/', label: '查询进度' },
  { href: '/publicity/', label: '公示' },
];

/** 'page' for the current page, 'true' for its section, undefined otherwise. */
export function currentFor(href: string, path: string): 'page' | 'true' | undefined {
  const p = path.endsWith('/') ? path : `${path}/`;
  if (p === href) return 'page';
  if (href !== '/' && p.startsWith(href)) return 'true';
  return undefined;
}

/**
 * The skip link and the compact header of every public page (the portal's Base layout sets it with
 * `set:html`): the site's name and a 菜单 that folds the navigation away in a `<details>` (no script
 * needed), then the 适老化 toolbar (字号, 高对比度) in one row, shown by /a11y.js. On a 360 px phone in 特大
 * it is about three rows tall, so a question page's heading stays on the first screen. Without scripts the
 * toolbar is replaced by links that set the display cookie and come back to `path`; the API's answer pages
 * (no `path`: a refused form cannot be gone back to) leave them out, and keep the setting already chosen.
 */
export function siteHeader(path = ''): string {
  const items = NAV.map((n) => {
    const current = path ? currentFor(n.href, path) : undefined;
    return `<li><a href="${n.href}"${current ? ` aria-current="${current}"` : ''}>${escapeHtml(n.label)}</a></li>`;
  }).join('');
  return `<a class="skip" href="#main">跳到主要内容</a>
<header class="site-header"><div class="wrap">
<div class="header-bar"><a class="site-name" href="/">${SITE_NAME}</a>
<details class="site-menu"><summary>菜单</summary><nav class="main-nav" aria-label="主导航"><ul>${items}</ul></nav></details></div>
<div class="a11y-bar" id="a11y-bar" hidden>
<div class="a11y-group" role="group" aria-labelledby="a11y-size-label"><span class="a11y-label" id="a11y-size-label">字号：</span><button type="button" data-font-size="standard" aria-pressed="true">标准</button><button type="button" data-font-size="large" aria-pressed="false">大</button><button type="button" data-font-size="xlarge" aria-pressed="false">特大</button></div>
<button type="button" data-contrast-toggle aria-pressed="false">高对比度</button>
</div>
${path ? displayLinks(path) : ''}
</div></header>`;
}

/**
 * A whole page around `body` (already HTML). `noindex` for answers that are one person's; a public page
 * the API renders for everyone (`path` given: /api/v1/windows) is indexable and keeps the no-script
 * display links, which come back to `path`.
 */
export function sitePage(title: string, body: string, options: { path?: string; description?: string } = {}): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - ${SITE_NAME}</title>
${options.path ? `<meta name="description" content="${escapeHtml(options.description ?? '')}">` : '<meta name="robots" content="noindex">'}
<meta name="format-detection" content="telephone=no">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${PORTAL_STYLESHEET}">
<link rel="stylesheet" href="${DISPLAY_STYLESHEET}" id="display-css">
<script src="/a11y.js"></script>
</head>
<body>
${siteHeader(options.path)}
<main id="main" tabindex="-1"><div class="wrap">
${body}
</div></main>
<footer class="site-footer"><div class="wrap">
<p class="hotline">咨询热线：<a href="tel:12345">12345</a></p>
<p>也可以到户籍所在地乡镇（街道）为民服务中心的社会救助窗口咨询：<a href="/areas/">找到您的窗口</a>。</p>
</div></footer>
</body>
</html>
`;
}
