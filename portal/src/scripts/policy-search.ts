/**
 * Policy search: filters the list of measures on /policy/ as you type. Only an enhancement: without
 * JavaScript the form stays hidden and the full list is shown.
 */
import { onReady } from './tables.ts';

const norm = (s: string | null) => (s ?? '').replace(/\s+/gu, '').toLowerCase();

onReady(() => {
  const form = document.getElementById('policy-search') as HTMLFormElement | null;
  const input = document.getElementById('policy-q') as HTMLInputElement | null;
  const status = document.getElementById('policy-search-status');
  if (!form || !input || !status) return;
  const items = [...document.querySelectorAll<HTMLElement>('[data-search]')];
  const chapters = [...document.querySelectorAll<HTMLElement>('[data-chapter]')];

  function filter() {
    const q = norm(input!.value);
    let shown = 0;
    for (const item of items) {
      const hit = !q || norm(item.getAttribute('data-search')).includes(q);
      item.hidden = !hit;
      if (hit) shown++;
    }
    for (const chapter of chapters) chapter.hidden = chapter.querySelectorAll('[data-search]:not([hidden])').length === 0;
    status!.textContent = q ? (shown ? `找到 ${shown} 条措施。` : '没有找到，请换个词试试，例如“低保”“临时救助”。') : `共 ${items.length} 条措施。`;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filter();
  });
  input.addEventListener('input', filter);
  const q = new URLSearchParams(window.location.search).get('q');
  if (q) input.value = q;
  form.hidden = false;
  filter();
});
