/*
 * 公示: reads GET /api/v1/publicity (current rosters and 长期公示, already masked by the API) and shows
 * them as tables. When the list is empty or cannot be read, a kind "暂无公示" state; the page still
 * explains how to object.
 */
(function () {
  'use strict';
  var el = window.BozhouTables.el;
  function yuan(fen) {
    fen = Number(fen) || 0;
    return String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + ('0' + (fen % 100)).slice(-2) + ' 元';
  }
  function day(d) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d || '');
    return m ? Number(m[1]) + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : (d || '');
  }
  function amount(e) {
    var parts = [];
    if (Number(e.monthlyAmountFen) > 0) parts.push('每月 ' + yuan(e.monthlyAmountFen));
    if (Number(e.oneOffAmountFen) > 0) parts.push('一次性 ' + yuan(e.oneOffAmountFen));
    return parts.join('，') || '—';
  }
  var table = window.BozhouTables.table;
  function empty(box, text) {
    box.textContent = '';
    box.appendChild(el('p', 'callout', text));
  }
  function init() {
    var box = document.getElementById('publicity');
    if (!box) return;
    fetch('/api/v1/publicity', { headers: { accept: 'application/json' } })
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(function (data) {
        var current = data.current || data.rosters || [];
        var enrolled = data.enrolled || data.longTerm || [];
        box.textContent = '';
        if (data.notice) box.appendChild(el('p', '', data.notice));
        box.appendChild(el('h3', '', '正在公示'));
        if (current.length) {
          box.appendChild(table('正在公示的名单（公示期内可以提出异议）', ['姓名', '乡镇（街道）', '救助类型', '拟给予', '公示期', '公示编号'], current.map(function (e) {
            return [e.name || '', (e.countyName ? e.countyName + ' ' : '') + (e.townshipName || e.township || ''), e.typeLabel || e.type || '', amount(e), day(e.periodStart) + '至' + day(e.periodEnd), e.reference || ''];
          })));
        } else box.appendChild(el('p', '', '暂无正在公示的名单。'));
        box.appendChild(el('h3', '', '长期公示（正在享受救助的家庭）'));
        if (enrolled.length) {
          box.appendChild(table('长期公示名单', ['姓名', '乡镇（街道）', '救助类型', '金额'], enrolled.map(function (e) {
            return [e.name || '', (e.countyName ? e.countyName + ' ' : '') + (e.townshipName || e.township || ''), e.typeLabel || e.type || '', amount(e)];
          })));
        } else box.appendChild(el('p', '', '暂无长期公示名单。'));
      })
      .catch(function () {
        empty(box, '暂无公示。现在读取不到公示名单，请稍后再看，或到乡镇（街道）、村（社区）公示栏查看。');
      });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
