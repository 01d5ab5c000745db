/*
 * 救助标准: refreshes the build-time table from GET /api/v1/standards, so a newly published value shows
 * without a rebuild. Formats exactly as portal/src/lib/standards.ts does. If the API cannot be reached,
 * the build-time copy stays and the status line says so.
 */
(function () {
  'use strict';
  var KEY_LABELS = {
    full: '全护理', half: '半护理', self: '生活自理', emergency: '急难型', expenditure: '支出型',
    general: '一般', serious: '较重', severe: '严重', seriousFrom: '较重（达到）', severeFrom: '严重（达到）',
    severeMemberBp: 'A类（重度残疾或重病成员）', noLabourMemberBp: 'B类（其他无劳动能力成员）',
    established: '行政或事业编制', other: '其他工作人员'
  };
  var EXEMPTIONS = {
    meritPension: '优抚对象抚恤金、补助金', awards: '见义勇为等奖励性收入', disabilityAllowances: '残疾人生活补贴和护理补贴',
    familyPlanningReward: '计划生育奖励扶助金', studentAid: '教育救助金、助学金', medicalReimbursement: '医疗费用报销和医疗救助金',
    reliefPayments: '临时救助金和慈善救助款物'
  };
  var SUFFIX = { multiple: ' 倍', count: '', years: ' 周岁', months: ' 个月', days: ' 天', workingDays: ' 个工作日', people: ' 人' };
  function trimZeros(n) { return n.indexOf('.') >= 0 ? n.replace(/0+$/, '').replace(/\.$/, '') : n; }
  function yuan(fen) {
    var neg = fen < 0;
    var abs = Math.abs(fen);
    var y = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (neg ? '-' : '') + y + '.' + ('0' + (abs % 100)).slice(-2) + ' 元';
  }
  function scalar(v, unit) {
    if (unit === 'fen') return yuan(v);
    if (unit === 'bp') return v >= 10000 ? trimZeros((v / 10000).toFixed(4)) + ' 倍' : trimZeros((v / 100).toFixed(2)) + '%';
    return v + (SUFFIX[unit] || '');
  }
  function lines(value, unit) {
    if (typeof value === 'number') return [scalar(value, unit)];
    if (Array.isArray(value)) return [value.map(function (v) { return EXEMPTIONS[v] || v; }).join('、')];
    if (value && typeof value === 'object') {
      return Object.keys(value).map(function (k) {
        var v = value[k];
        var label = KEY_LABELS[k] || k;
        if (v && typeof v === 'object') {
          return label + '：' + Object.keys(v).map(function (k2) { return (KEY_LABELS[k2] || k2) + ' ' + scalar(Number(v[k2]), unit); }).join('，');
        }
        return label + '：' + scalar(Number(v), unit);
      });
    }
    return [String(value)];
  }
  function render(cell, p) {
    cell.textContent = '';
    var ls = lines(p.value, p.unit);
    if (ls.length === 1) cell.appendChild(document.createTextNode(ls[0]));
    else {
      var ul = document.createElement('ul');
      ls.forEach(function (l) { var li = document.createElement('li'); li.textContent = l; ul.appendChild(li); });
      cell.appendChild(ul);
    }
    if (p.example) {
      var tag = document.createElement('span');
      tag.className = 'example';
      tag.textContent = '示例值';
      cell.appendChild(tag);
    }
  }
  /** For each value published after a policy simulation: its city-level effect (GET /api/v1/standards/simulations/{id}). */
  function showEffects(parameters) {
    var ids = [];
    parameters.forEach(function (p) { if (p.simulation && ids.indexOf(p.simulation) < 0) ids.push(p.simulation); });
    var section = document.getElementById('standards-effects');
    var list = document.getElementById('standards-effects-list');
    if (!section || !list || !ids.length) return;
    ids.forEach(function (id) {
      fetch('/api/v1/standards/simulations/' + encodeURIComponent(id), { headers: { accept: 'application/json' } })
        .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
        .then(function (e) {
          var h = e.households || {};
          var diff = e.monthlyAfterFen - e.monthlyBeforeFen;
          var li = document.createElement('li');
          li.textContent = '按 ' + e.month + ' 测算：全市每月救助支出由 ' + yuan(e.monthlyBeforeFen) + ' 变为 ' + yuan(e.monthlyAfterFen) +
            '（每月' + (diff >= 0 ? '增加 ' : '减少 ') + yuan(Math.abs(diff)) + '，全年约 ' + yuan(Math.abs(e.yearlyDifferenceFen)) + '）；' +
            (h.gain || 0) + ' 户增加，' + (h.lose || 0) + ' 户减少，' + (h.becomeEligible || 0) + ' 户新纳入，' + (h.loseEligibility || 0) + ' 户不再符合条件。';
          list.appendChild(li);
          section.hidden = false;
        })
        .catch(function () { /* an effect that cannot be read is left out; the standards themselves still show */ });
    });
  }
  function init() {
    var status = document.getElementById('standards-status');
    if (!status) return;
    var built = status.getAttribute('data-build-date');
    fetch('/api/v1/standards', { headers: { accept: 'application/json' } })
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(function (data) {
        var changed = 0;
        (data.parameters || []).forEach(function (p) {
          var row = document.querySelector('tr[data-param="' + p.id + '"]');
          if (!row) return;
          var value = row.querySelector('[data-cell="value"]');
          var before = value.textContent;
          render(value, p);
          if (value.textContent !== before) changed++;
          row.querySelector('[data-cell="from"]').textContent = p.effectiveFrom + '起';
          row.querySelector('[data-cell="src"]').textContent = p.source;
        });
        showEffects(data.parameters || []);
        status.textContent = '以下是 ' + data.date + ' 执行的标准（已从平台读取最新数据' + (changed ? '，有 ' + changed + ' 项比网页生成时有更新' : '') + '）。';
        status.setAttribute('data-state', 'live');
      })
      .catch(function () {
        status.textContent = '暂时无法读取最新标准，以下是本网站在 ' + built + ' 生成时的数据，可能不是最新的。如有疑问请拨打 12345。';
        status.setAttribute('data-state', 'build');
      });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
