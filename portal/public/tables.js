/*
 * Small DOM helpers shared by the pages that fill tables from the API (公示, 双随机一公开).
 * A table sits in a focusable, labelled scroll region so keyboard users can scroll it on a phone.
 */
(function () {
  'use strict';
  function el(tag, cls, txt) { var e = document.createElement(tag); if (cls) e.className = cls; if (txt !== undefined) e.textContent = txt; return e; }
  function table(caption, heads, rows) {
    var wrap = el('div', 'table-scroll');
    wrap.setAttribute('tabindex', '0');
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', caption);
    var t = el('table');
    t.appendChild(el('caption', 'note', caption));
    var thead = el('thead');
    var tr = el('tr');
    heads.forEach(function (h) { var th = el('th', '', h); th.setAttribute('scope', 'col'); tr.appendChild(th); });
    thead.appendChild(tr);
    t.appendChild(thead);
    var tb = el('tbody');
    rows.forEach(function (r) { var row = el('tr'); r.forEach(function (c) { row.appendChild(el('td', '', String(c))); }); tb.appendChild(row); });
    t.appendChild(tb);
    wrap.appendChild(t);
    return wrap;
  }
  window.BozhouTables = { el: el, table: table };
})();
