/*
 * Charts for the workbench, hand-written SVG from plain data (no library: a stacked bar chart is a few
 * rectangles, and every chart needs its table anyway). Each chart is a <figure>: the SVG is one image
 * with a text summary (role="img", <title>, <desc>), followed by a table with the same numbers for
 * screen readers and for anyone who would rather read figures. Colours come from site.css classes
 * (.chart-s0 …), with numbers printed on the bars, so nothing depends on colour alone.
 */
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var seq = 0;
  function s(tag, attrs, text) {
    var el = document.createElementNS(NS, tag);
    for (var k in attrs) el.setAttribute(k, attrs[k]);
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function e(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] !== undefined) { if (k === 'text') el.textContent = attrs[k]; else el.setAttribute(k, attrs[k]); }
    (children || []).forEach(function (c) { if (c) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return el;
  }

  /** A series may name its colour (0–5): 5 is red for overdue, 2 amber for at risk, 3 green for on time. */
  function colour(ser, j) { return ser.colour !== undefined ? ser.colour : j % 6; }

  /** The caption, the visible text summary and the note every chart starts with. */
  function head(id, opts) {
    return [
      e('figcaption', { id: id + '-cap', class: 'chart-caption', text: opts.title }),
      opts.summary ? e('p', { class: 'chart-summary', text: opts.summary }) : null,
      opts.note ? e('p', { class: 'note', text: opts.note }) : null,
    ];
  }

  /**
   * Horizontal stacked bars.
   * opts: { title, unit, categories: [{ key, label }], series: [{ key, label }], data: { [cat]: { [series]: n } }, note?,
   *         summary? (a sentence shown above the chart), format? (n → text, e.g. yuan for amounts in fen) }
   */
  function stackedBars(opts) {
    var id = 'chart-' + (++seq);
    var cats = opts.categories;
    var series = opts.series;
    var unit = opts.unit || '';
    var fmt = opts.format || String;
    var totals = cats.map(function (c) { return series.reduce(function (t, x) { return t + ((opts.data[c.key] || {})[x.key] || 0); }, 0); });
    var max = Math.max.apply(null, totals.concat([1]));
    var widest = totals.reduce(function (m, t) { return Math.max(m, fmt(t).length); }, 0);
    var W = 720, labelW = 170, right = Math.max(60, widest * 9 + 14), rowH = 40, top = 10, barH = 26;
    var H = top + cats.length * rowH + 10;
    var scale = (W - labelW - right) / max;

    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': id + '-t ' + id + '-d', class: 'chart', focusable: 'false' });
    svg.appendChild(s('title', { id: id + '-t' }, opts.title));
    var biggest = cats.map(function (c, i) { return c.label + ' ' + fmt(totals[i]) + unit; }).join('，');
    svg.appendChild(s('desc', { id: id + '-d' }, (opts.summary ? opts.summary + ' ' : '') + '合计：' + biggest + '。详细数字见图下的表格。'));
    cats.forEach(function (c, i) {
      var y = top + i * rowH;
      svg.appendChild(s('text', { x: labelW - 8, y: y + barH / 2 + 5, 'text-anchor': 'end', class: 'chart-label' }, c.label));
      var x = labelW;
      series.forEach(function (ser, j) {
        var v = (opts.data[c.key] || {})[ser.key] || 0;
        if (!v) return;
        var w = v * scale;
        var col = colour(ser, j);
        svg.appendChild(s('rect', { x: x, y: y, width: Math.max(w, 1), height: barH, class: 'chart-s' + col }));
        var label = fmt(v);
        if (w >= Math.max(22, label.length * 9 + 6)) svg.appendChild(s('text', { x: x + w / 2, y: y + barH / 2 + 5, 'text-anchor': 'middle', class: 'chart-in chart-in' + col }, label));
        x += w;
      });
      svg.appendChild(s('text', { x: x + 6, y: y + barH / 2 + 5, class: 'chart-total' }, fmt(totals[i])));
    });
    svg.appendChild(s('line', { x1: labelW, x2: labelW, y1: 0, y2: H, class: 'chart-axis' }));

    var legend = e('ul', { class: 'chart-legend', 'aria-hidden': 'true' }, series.map(function (ser, j) {
      return e('li', {}, [e('span', { class: 'swatch chart-bg' + colour(ser, j) }), ser.label]);
    }));

    var heads = [opts.categoryHeading || '类别'].concat(series.map(function (x) { return x.label; })).concat(['合计']);
    var rows = cats.map(function (c, i) {
      return [c.label].concat(series.map(function (x) { return fmt((opts.data[c.key] || {})[x.key] || 0); })).concat([fmt(totals[i])]);
    });

    return e('figure', { class: 'chart-figure', 'aria-labelledby': id + '-cap' }, head(id, opts).concat([
      cats.length ? svg : e('p', { class: 'empty', text: '没有数据。' }),
      cats.length ? legend : null,
      cats.length ? dataTable(opts.title + '（表格，单位：' + (unit || '个') + '）', heads, rows) : null,
    ]));
  }

  /** The table alternative: first column is the row heading, the others are numbers. */
  function dataTable(caption, heads, rows) {
    return e('div', { class: 'table-scroll' }, [e('table', { class: 'data-table chart-table' }, [
      e('caption', { text: caption }),
      e('thead', {}, [e('tr', {}, heads.map(function (x) { return e('th', { scope: 'col', text: x }); }))]),
      e('tbody', {}, rows.map(function (r) { return e('tr', {}, r.map(function (v, i) { return i ? e('td', { class: 'num', text: v }) : e('th', { scope: 'row', text: v }); })); })),
    ])]);
  }

  /**
   * A share over time (0–100 %) as columns, one per period; a period with nothing to count has no
   * column and says so. opts: { title, categories: [{ key, label, bp (basis points) | null, n }],
   * summary, note?, target? (a reference line in %), table: { heads, rows } }.
   */
  function shareColumns(opts) {
    var id = 'chart-' + (++seq);
    var cats = opts.categories;
    var W = 720, left = 44, bottom = 46, top = 24, H = 260;
    var plotH = H - top - bottom;
    var colW = (W - left - 10) / Math.max(cats.length, 1);
    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': id + '-t ' + id + '-d', class: 'chart', focusable: 'false' });
    svg.appendChild(s('title', { id: id + '-t' }, opts.title));
    svg.appendChild(s('desc', { id: id + '-d' }, (opts.summary || '') + ' 详细数字见图下的表格。'));
    [0, 50, 100].forEach(function (pct) {
      var y = top + plotH - (pct / 100) * plotH;
      svg.appendChild(s('line', { x1: left, x2: W - 10, y1: y, y2: y, class: 'chart-grid' }));
      svg.appendChild(s('text', { x: left - 6, y: y + 5, 'text-anchor': 'end', class: 'chart-label' }, pct + '%'));
    });
    cats.forEach(function (c, i) {
      var x = left + i * colW;
      var cx = x + colW / 2;
      if (c.bp === null || c.bp === undefined) {
        svg.appendChild(s('text', { x: cx, y: top + plotH - 6, 'text-anchor': 'middle', class: 'chart-none' }, '—'));
      } else {
        var hgt = Math.max((c.bp / 10000) * plotH, 1);
        var col = opts.target !== undefined && c.bp < opts.target * 100 ? 2 : 3;
        svg.appendChild(s('rect', { x: x + colW * 0.2, y: top + plotH - hgt, width: colW * 0.6, height: hgt, class: 'chart-s' + col }));
        svg.appendChild(s('text', { x: cx, y: top + plotH - hgt - 6, 'text-anchor': 'middle', class: 'chart-total' }, percent(c.bp)));
      }
      svg.appendChild(s('text', { x: cx, y: top + plotH + 18, 'text-anchor': 'middle', class: 'chart-label' }, c.label));
      svg.appendChild(s('text', { x: cx, y: top + plotH + 36, 'text-anchor': 'middle', class: 'chart-small' }, c.n + '件'));
    });
    svg.appendChild(s('line', { x1: left, x2: W - 10, y1: top + plotH, y2: top + plotH, class: 'chart-axis' }));
    return e('figure', { class: 'chart-figure', 'aria-labelledby': id + '-cap' }, head(id, opts).concat([
      svg,
      dataTable(opts.title + '（表格）', opts.table.heads, opts.table.rows),
    ]));
  }

  /** Basis points as a percentage with one decimal: 8750 → 87.5%. */
  function percent(bp) { return bp === null || bp === undefined ? '—' : (Math.round(bp / 10) / 10) + '%'; }

  /** A chart whose data has no API yet: says so, and which endpoint would give it. */
  function missing(title, why) {
    return e('figure', { class: 'chart-figure chart-missing' }, [e('figcaption', { class: 'chart-caption', text: title }), e('p', { text: why })]);
  }

  window.BozhouCharts = { stackedBars: stackedBars, shareColumns: shareColumns, dataTable: dataTable, percent: percent, missing: missing };
})();
