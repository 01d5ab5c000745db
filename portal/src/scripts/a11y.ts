/**
 * 适老化 toolbar: font size (标准/大/特大) and high contrast, remembered in localStorage across pages.
 * Loaded in <head> as a classic script (external, no inline script: CSP) so the saved size applies
 * before the page paints — which is why it is built to /a11y.js by astro.config.mjs rather than bundled
 * as a (deferred) module. Only an enhancement: without JavaScript the toolbar stays hidden and the site
 * is readable at the standard size, or in the size the display cookie chose (shared/http/display.ts).
 */
import { DISPLAY_COOKIE, DISPLAY_SIZES, displaySetCookie, type DisplaySize } from '../../../shared/http/display.ts';

const KEY_SIZE = 'bozhou.fontSize';
const KEY_CONTRAST = 'bozhou.contrast';
const root = document.documentElement;
// Scripts run: show what needs them (.js-only) and hide what explains their absence (.no-js).
root.classList.add('js');

// The same choice is kept in the cookie the server reads for pages without scripts: "<size>.<contrast>".
// With scripts the data attributes below do the work, so the cookie's stylesheet is off.
const fromCookie = new RegExp(`(?:^|; )${DISPLAY_COOKIE}=([a-z]+)\\.([a-z]+)`, 'u').exec(document.cookie || '');
const sheet = document.getElementById('display-css') as HTMLLinkElement | null;
if (sheet) sheet.disabled = true;

function read(key: string): string | null {
  let v: string | null = null;
  try {
    v = window.localStorage.getItem(key);
  } catch {
    /* storage off */
  }
  if (v === null && fromCookie) v = (key === KEY_SIZE ? fromCookie[1] : fromCookie[2]) ?? null;
  return v;
}

const currentSize = (): DisplaySize => (root.getAttribute('data-font-size') as DisplaySize | null) ?? 'standard';
const isHigh = () => root.getAttribute('data-contrast') === 'high';

function write(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    /* private mode: still applies to this page */
  }
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing on many of the phones residents use.
  document.cookie = displaySetCookie({ size: currentSize(), contrast: isHigh() ? 'high' : 'normal' });
}

function applySize(size: string | null): DisplaySize {
  const s = (DISPLAY_SIZES as readonly string[]).includes(size ?? '') ? (size as DisplaySize) : 'standard';
  root.setAttribute('data-font-size', s);
  return s;
}

function applyContrast(high: boolean): boolean {
  if (high) root.setAttribute('data-contrast', 'high');
  else root.removeAttribute('data-contrast');
  return high;
}

applySize(read(KEY_SIZE));
applyContrast(read(KEY_CONTRAST) === 'high');

function init() {
  const bar = document.getElementById('a11y-bar');
  if (!bar) return;
  const sizeButtons = [...bar.querySelectorAll<HTMLButtonElement>('button[data-font-size]')];
  const contrastButton = bar.querySelector<HTMLButtonElement>('button[data-contrast-toggle]');
  const sync = () => {
    for (const b of sizeButtons) b.setAttribute('aria-pressed', String(b.getAttribute('data-font-size') === currentSize()));
    contrastButton?.setAttribute('aria-pressed', String(isHigh()));
  };
  for (const b of sizeButtons) {
    b.addEventListener('click', () => {
      write(KEY_SIZE, applySize(b.getAttribute('data-font-size')));
      sync();
    });
  }
  contrastButton?.addEventListener('click', () => {
    write(KEY_CONTRAST, applyContrast(!isHigh()) ? 'high' : 'normal');
    sync();
  });
  sync();
  bar.hidden = false;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
