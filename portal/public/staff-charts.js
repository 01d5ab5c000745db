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

  /**
   * Horizontal stacked bars.
   * opts: { title, unit, categories: [{ key, label }], series: [{ key, label }], data: { [cat]: { [series]: n } }, note? }
   */
  function stackedBars(opts) {
    var id = 'chart-' + (++seq);
    var cats = opts.categories;
    var series = opts.series;
    var unit = opts.unit || '';
    var totals = cats.map(function (c) { return series.reduce(function (t, x) { return t + ((opts.data[c.key] || {})[x.key] || 0); }, 0); });
    var max = Math.max.apply(null, totals.concat([1]));
    var W = 720, labelW = 170, right = 60, rowH = 40, top = 10, barH = 26;
    var H = top + cats.length * rowH + 10;
    var scale = (W - labelW - right) / max;

    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': id + '-t ' + id + '-d', class: 'chart', focusable: 'false' });
    svg.appendChild(s('title', { id: id + '-t' }, opts.title));
    var biggest = cats.map(function (c, i) { return c.label + ' ' + totals[i] + unit; }).join('，');
    svg.appendChild(s('desc', { id: id + '-d' }, '合计：' + biggest + '。详细数字见图下的表格。'));
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
        if (w >= 22) svg.appendChild(s('text', { x: x + w / 2, y: y + barH / 2 + 5, 'text-anchor': 'middle', class: 'chart-in chart-in' + col }, String(v)));
        x += w;
      });
      svg.appendChild(s('text', { x: x + 6, y: y + barH / 2 + 5, class: 'chart-total' }, String(totals[i])));
    });
    svg.appendChild(s('line', { x1: labelW, x2: labelW, y1: 0, y2: H, class: 'chart-axis' }));

    var legend = e('ul', { class: 'chart-legend', 'aria-hidden': 'true' }, series.map(function (ser, j) {
      return e('li', {}, [e('span', { class: 'swatch chart-bg' + colour(ser, j) }), ser.label]);
    }));

    var head = e('tr', {}, [e('th', { scope: 'col', text: opts.categoryHeading || '类别' })].concat(series.map(function (x) { return e('th', { scope: 'col', text: x.label }); })).concat([e('th', { scope: 'col', text: '合计' })]));
    var body = cats.map(function (c, i) {
      return e('tr', {}, [e('th', { scope: 'row', text: c.label })].concat(series.map(function (x) { return e('td', { class: 'num', text: String((opts.data[c.key] || {})[x.key] || 0) }); })).concat([e('td', { class: 'num', text: String(totals[i]) })]));
    });
    var tableEl = e('div', { class: 'table-scroll' }, [e('table', { class: 'data-table chart-table' }, [e('caption', { text: opts.title + '（表格，单位：' + (unit || '个') + '）' }), e('thead', {}, [head]), e('tbody', {}, body)])]);

    return e('figure', { class: 'chart-figure', 'aria-labelledby': id + '-cap' }, [
      e('figcaption', { id: id + '-cap', class: 'chart-caption', text: opts.title }),
      opts.note ? e('p', { class: 'note', text: opts.note }) : null,
      cats.length ? svg : e('p', { class: 'empty', text: '没有数据。' }),
      cats.length ? legend : null,
      cats.length ? tableEl : null,
    ]);
  }

  /** A chart whose data has no API yet: says so, and which endpoint would give it. */
  function missing(title, why) {
    return e('figure', { class: 'chart-figure chart-missing' }, [e('figcaption', { class: 'chart-caption', text: title }), e('p', { text: why })]);
  }

  window.BozhouCharts = { stackedBars: stackedBars, missing: missing };
})();
