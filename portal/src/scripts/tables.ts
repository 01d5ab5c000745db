/**
 * Small DOM helpers for the pages that fill tables from the API (公示, 双随机一公开, 购买服务, 慈善).
 * A table sits in a focusable, labelled scroll region so keyboard users can scroll it on a phone.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export type Cell = string | number | Node;

export function table(caption: string, heads: readonly string[], rows: readonly (readonly Cell[])[]): HTMLElement {
  const wrap = el('div', 'table-scroll');
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption);
  const t = el('table');
  t.appendChild(el('caption', 'note', caption));
  const head = el('tr');
  for (const h of heads) {
    const th = el('th', '', h);
    th.scope = 'col';
    head.appendChild(th);
  }
  t.appendChild(el('thead')).appendChild(head);
  const body = t.appendChild(el('tbody'));
  for (const r of rows) {
    const row = body.appendChild(el('tr'));
    for (const c of r) {
      const td = row.appendChild(el('td'));
      if (c instanceof Node) td.appendChild(c);
      else td.textContent = String(c);
    }
  }
  wrap.appendChild(t);
  return wrap;
}

/** GET a public JSON endpoint; a non-2xx answer is an error, as a network failure is. */
export async function getJson<T = any>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(String(res.status));
  return (await res.json()) as T;
}

/** 2026-03-05 → 2026年3月5日. */
export function dayText(d: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(d ?? '');
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : (d ?? '');
}

/** Runs once the document is parsed (module scripts already are; kept for clarity when imported late). */
export function onReady(init: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}
