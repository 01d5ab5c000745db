/*
 * 双随机一公开: reads GET /api/v1/inspections (per county and month, per township: counts and issue
 * categories only, never personal data) and shows one table per draw. A kind empty state otherwise.
 */
(function () {
  'use strict';
  var el = window.BozhouTables.el;
  var table = window.BozhouTables.table;
  var ISSUES = { eligibility: '保障资格', amount: '救助金额', procedure: '办理程序', records: '档案记录', other: '其他' };
  function issues(map) {
    var keys = Object.keys(map || {});
    return keys.length ? keys.map(function (k) { return (ISSUES[k] || k) + ' ' + map[k] + ' 件'; }).join('；') : '—';
  }
  function init() {
    var box = document.getElementById('inspections');
    if (!box) return;
    fetch('/api/v1/inspections', { headers: { accept: 'application/json' } })
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(function (data) {
        var draws = data.draws || [];
        box.textContent = '';
        if (data.notice) box.appendChild(el('p', '', data.notice));
        if (!draws.length) { box.appendChild(el('p', 'callout', '暂无公开的抽查结果。')); return; }
        draws.forEach(function (d) {
          box.appendChild(el('h3', '', (d.countyName || d.county) + ' ' + d.month + ' 抽查'));
          box.appendChild(el('p', 'note', '从 ' + d.populationCount + ' 件在保案件中随机抽取 ' + d.size + ' 件。'));
          box.appendChild(table((d.countyName || d.county) + ' ' + d.month + ' 各乡镇（街道）抽查结果', ['乡镇（街道）', '抽取', '已核查', '合规', '发现问题', '问题类别'], (d.townships || []).map(function (t) {
            return [t.name || t.township, t.drawn, t.inspected, t.compliant, t.irregular, issues(t.issues)];
          })));
        });
      })
      .catch(function () {
        box.textContent = '';
        box.appendChild(el('p', 'callout', '现在读取不到抽查结果，请稍后再看。'));
      });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
