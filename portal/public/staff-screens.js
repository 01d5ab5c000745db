/*
 * The workbench's other screens (staff.js has the router, the inbox and the case page): the assistant's
 * report, the department's referrals and status query, the county's 督办, staffing and dashboard, the
 * auditor's chain check, and the admin's standards, 近亲属 registry and verifications.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var C = window.BozhouCharts;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, $ = S.$, $$ = S.$$, clear = S.clear;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function showResult(el, children, kind) {
    clear(el);
    el.className = 'result' + (kind ? ' result-' + kind : '');
    children.forEach(function (c) { if (c) el.appendChild(c); });
    el.hidden = false;
    el.focus();
  }

  // ---------- assistant: 主动发现 ----------
  var reportKey = newKey();
  S.register('report', {
    roles: ['assistant'],
    title: '报告困难家庭',
    render: function (p, sec, s) {
      $('#report-area').textContent = '地区：' + (s.scope.countyName || '') + ' ' + (s.scope.townshipName || '') + '（按您的工作范围）';
      toggleHardship();
    },
  });
  function toggleHardship() {
    var linshi = $('#report-type').value === 'linshi';
    $$('#report-form [data-types="linshi"]').forEach(function (g) {
      g.hidden = !linshi;
      $$('input, select, textarea', g).forEach(function (i) { i.disabled = !linshi; });
    });
  }
  $('#report-type').addEventListener('change', toggleHardship);
  S.handleForm($('#report-form'), function (body) {
    var s = S.session();
    body.area = Object.assign({ county: S.countyOf(s), township: s.scope.township }, body.area || {});
    return Auth.api('POST', '/api/v1/reports', body, { 'idempotency-key': reportKey });
  }, function (res) {
    reportKey = newKey();
    $('#report-form').reset();
    toggleHardship();
    showResult($('#report-result'), [
      h('h2', {}, ['已报告，编号 ' + res.reference]),
      h('p', {}, ['案件状态：已发现待授权。请家庭每一位成年成员在核对授权书上签字，然后在案件页登记授权；授权齐全后由乡镇（街道）受理。']),
      h('p', {}, [S.link('case', { ref: res.reference }, '打开这个案件，登记核对授权')]),
    ], 'ok');
  });

  // ---------- department and county: referrals ----------
  S.register('referrals', {
    roles: ['department', 'county'],
    title: function (p, s) { return s.role === 'county' ? '转办督办' : '转办事项'; },
    render: function (p, sec, s) {
      $('#referrals-intro').textContent = s.role === 'county'
        ? '本县区转给各部门的事项，超期未答复的标为“已超期”（措施（十九））。'
        : '转给' + (s.scope.department || '本部门') + '的事项，请在答复期限内答复（措施（十九））。答复即记入案件；本部门负责的救助类型，答复就是决定。';
      var status = p.status !== undefined ? p.status : 'open';
      $('#referrals-status').value = status;
      loadReferrals(status, s);
    },
  });
  $('#referrals-filter').addEventListener('submit', function (ev) {
    ev.preventDefault();
    S.go('/staff/?v=referrals&status=' + $('#referrals-status').value);
  });
  function loadReferrals(status, s) {
    var box = clear($('#referrals-list'));
    box.appendChild(h('p', { class: 'loading' }, ['正在读取…']));
    Auth.api('GET', '/api/v1/referrals?limit=100' + (status ? '&status=' + status : '')).then(function (r) {
      clear(box);
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      if (!r.body.items.length) { box.appendChild(h('p', { class: 'empty' }, ['没有转办事项。'])); return; }
      if (s.role === 'county') {
        box.appendChild(S.table('转办事项（' + r.body.items.length + '件）', ['申请编号', '救助类型', '部门', '乡镇（街道）', '申请人', '答复期限', '状态'], r.body.items.map(function (i) {
          return [S.link('case', { ref: i.reference }, i.reference, { class: 'ref' }), i.typeLabel, i.department, i.township, i.applicant, i.dueDate, h('span', {}, [{ open: '待答复', answered: '已答复', cancelled: '已撤销' }[i.status] || i.status, i.overdue ? h('span', { class: 'flag flag-overdue' }, ['已超期']) : null])];
        })));
        return;
      }
      var list = h('ol', { class: 'card-list' }, []);
      r.body.items.forEach(function (i, n) {
        var card = h('li', { class: 'card' + (i.overdue ? ' card-overdue' : '') }, [
          h('h2', { class: 'card-title' }, [i.typeLabel + '：' + i.applicant + '（' + i.township + '）']),
          S.dl([['申请编号', h('span', { class: 'ref' }, [i.reference])], ['转办编号', i.id], ['答复期限', i.dueDate], ['状态', h('span', {}, [{ open: '待答复', answered: '已答复', cancelled: '已撤销' }[i.status] || i.status, i.overdue ? h('span', { class: 'flag flag-overdue' }, ['已超期']) : null])]]),
        ]);
        if (i.status === 'open') {
          var form = S.actionForm('respond', 'ref' + n);
          var sel = $('select[name=referralId]', form);
          var field = sel.closest('.field');
          field.parentNode.replaceChild(h('input', { type: 'hidden', name: 'referralId', value: i.id }), field);
          $('.action-title', form).textContent = '答复这件转办';
          card.appendChild(form);
          S.handleForm(form, function (b) { return Auth.api('POST', '/api/v1/applications/' + encodeURIComponent(i.reference) + '/actions/respond', b); }, function () {
            S.say('已答复转办 ' + i.id + '（申请编号 ' + i.reference + '）。', 'ok');
            loadReferrals(status, s);
            $('#view-title').focus();
          });
        }
        list.appendChild(card);
      });
      box.appendChild(list);
    });
  }

  // ---------- department: status query ----------
  S.register('status-query', {
    roles: ['department'],
    title: '救助身份查询',
    render: function () { var d = $('#sq-date'); if (!d.value) d.value = S.today(); },
  });
  S.handleForm($('#status-query-form'), function (b) { return Auth.api('POST', '/api/v1/status-queries', b); }, function (res, body) {
    var rows = (res.assistance || []).map(function (a) { return [a.typeLabel, a.from || '—', a.to || '至今']; });
    showResult($('#status-query-result'), [
      h('h2', {}, [res.assisted ? '是社会救助对象' : '不是社会救助对象']),
      h('p', {}, ['查询日期：' + body.date + '。本次查询已留痕。']),
      rows.length ? S.table('享受的救助', ['类型', '起', '止'], rows) : null,
    ], res.assisted ? 'ok' : null);
  });

  // ---------- county: 督办 ----------
  S.register('supervision', {
    roles: ['county'],
    title: '督办',
    render: function (p, sec, s) {
      var d = $('#supervision-date');
      d.value = p.date || d.value || S.today();
      loadSupervision(S.countyOf(s), d.value);
    },
  });
  $('#supervision-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    S.go('/staff/?v=supervision&date=' + encodeURIComponent($('#supervision-date').value));
  });
  function loadSupervision(county, date) {
    var box = clear($('#supervision-result'));
    box.appendChild(h('p', { class: 'loading' }, ['正在读取…']));
    Auth.api('GET', '/api/v1/supervision?county=' + county + '&date=' + encodeURIComponent(date)).then(function (r) {
      clear(box);
      if (r.status !== 200) { S.showProblem($('#supervision-form'), r.body); return; }
      var v = r.body;
      box.appendChild(h('p', { class: v.watched ? 'note' : 'callout' }, [v.watched ? S.countyName(v.county) + ' ' + v.date + ' 的期限检查结果。' : v.date + ' 的期限检查（每天早上运行）尚未运行，下面可能不完整。']));
      var counts = v.counts || [];
      var tot = counts.reduce(function (t, c) { t.overdue += c.overdue; t.atRisk += c.atRisk; t.referralsOverdue += c.referralsOverdue; return t; }, { overdue: 0, atRisk: 0, referralsOverdue: 0 });
      box.appendChild(h('ul', { class: 'stat-list' }, [
        h('li', { class: 'stat stat-overdue' }, [h('span', { class: 'stat-n' }, [String(tot.overdue)]), '件申请已超期']),
        h('li', { class: 'stat stat-risk' }, [h('span', { class: 'stat-n' }, [String(tot.atRisk)]), '件申请即将到期']),
        h('li', { class: 'stat stat-overdue' }, [h('span', { class: 'stat-n' }, [String(tot.referralsOverdue)]), '件转办超期未答复']),
      ]));
      if (!counts.length) { box.appendChild(h('p', { class: 'empty' }, ['这一天没有即将到期或已超期的事项。'])); return; }
      counts.sort(function (a, b) { return (b.overdue + b.referralsOverdue) - (a.overdue + a.referralsOverdue) || b.atRisk - a.atRisk; });
      box.appendChild(C.stackedBars({
        title: '各乡镇（街道）督办事项',
        unit: '件',
        categoryHeading: '乡镇（街道）',
        categories: counts.map(function (c) { return { key: c.township, label: c.name }; }),
        series: [{ key: 'overdue', label: '申请已超期', colour: 5 }, { key: 'atRisk', label: '申请即将到期', colour: 2 }, { key: 'referralsOverdue', label: '转办已超期', colour: 4 }],
        data: counts.reduce(function (o, c) { o[c.township] = c; return o; }, {}),
      }));
      var items = v.items || [];
      var apps = items.filter(function (i) { return i.kind === 'application'; }).sort(function (a, b) { return a.dueDate < b.dueDate ? -1 : 1; });
      var refs = items.filter(function (i) { return i.kind === 'referral'; });
      if (apps.length) box.appendChild(S.table('需要督办的申请（' + apps.length + '件）', ['申请编号', '乡镇（街道）', '救助类型', '状态', '申请人', '办结期限', '标记'], apps.map(function (i) {
        return [S.link('case', { ref: i.reference }, i.reference, { class: 'ref' }), i.townshipName, i.typeLabel, i.statusLabel, i.applicant, i.dueDate, h('span', { class: 'flag ' + (i.flag === 'overdue' ? 'flag-overdue' : 'flag-risk') }, [i.flag === 'overdue' ? '已超期' : '即将到期'])];
      })));
      if (refs.length) box.appendChild(S.table('超期未答复的转办（' + refs.length + '件）', ['申请编号', '乡镇（街道）', '部门', '答复期限'], refs.map(function (i) {
        return [S.link('case', { ref: i.reference }, i.reference, { class: 'ref' }), i.townshipName, i.department, i.dueDate];
      })));
    });
  }

  // ---------- county: staffing (rendered at build time; show the county's own table first) ----------
  S.register('staffing', {
    roles: ['county'],
    title: '乡镇（街道）民政人员配备',
    render: function (p, sec, s) {
      var mine = S.countyOf(s);
      $$('.staffing-county', sec).forEach(function (d) { d.hidden = mine && d.getAttribute('data-county') !== mine && p.all !== '1'; });
    },
  });

  // ---------- county: dashboard ----------
  var GROUPS = [
    { key: 'intake', label: '待受理', states: ['reported', 'submitted', 'returned'] },
    { key: 'working', label: '调查核对中', states: ['accepted', 'checking', 'visited', 'appraisal'] },
    { key: 'deciding', label: '审核公示中', states: ['proposed', 'publicity', 'objected', 'readyForDecision'] },
    { key: 'granted', label: '已批准（在保）', states: ['approved', 'active', 'suspended'] },
    { key: 'closed', label: '未批准、撤回、终止', states: ['rejected', 'withdrawn', 'ended'] },
  ];
  var MAX_PAGES = 20;
  S.register('dashboard', {
    roles: ['county'],
    title: function (p, s) { return (s.scope.countyName || '本县区') + '统计图表'; },
    render: function (p, sec, s) {
      var box = clear($('#dashboard-charts'));
      box.appendChild(h('p', { class: 'loading' }, ['正在汇总…']));
      var items = [];
      var pages = 0;
      function next(cursor) {
        return Auth.api('GET', '/api/v1/inbox?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')).then(function (r) {
          if (r.status !== 200) throw r.body;
          items = items.concat(r.body.items);
          pages++;
          if (r.body.cursor && pages < MAX_PAGES) return next(r.body.cursor);
          return Boolean(r.body.cursor);
        });
      }
      next(null).then(function (truncated) {
        clear(box);
        $('#dashboard-source').textContent = '数据来源：本县区案件列表（' + items.length + ' 件' + (truncated ? '，只汇总了前 ' + items.length + ' 件' : '') + '），在浏览器中汇总，仅供查看。';
        var byType = {};
        var typeLabels = {};
        var deadline = { overdue: 0, atRisk: 0, onTime: 0 };
        var byStatusDeadline = {};
        items.forEach(function (i) {
          typeLabels[i.type] = i.typeLabel;
          var g = GROUPS.filter(function (x) { return x.states.indexOf(i.status) >= 0; })[0];
          var t = byType[i.type] = byType[i.type] || {};
          if (g) t[g.key] = (t[g.key] || 0) + 1;
          if (g && (g.key === 'working' || g.key === 'deciding')) {
            var k = i.flags && i.flags.overdue ? 'overdue' : i.flags && i.flags.atRisk ? 'atRisk' : 'onTime';
            deadline[k]++;
            var row = byStatusDeadline[i.status] = byStatusDeadline[i.status] || {};
            row[k] = (row[k] || 0) + 1;
          }
        });
        var types = Object.keys(byType).sort(function (a, b) { return sum(byType[b]) - sum(byType[a]); });
        box.appendChild(C.stackedBars({
          title: '各类救助的案件数（按办理阶段）', unit: '件', categoryHeading: '救助类型',
          categories: types.map(function (t) { return { key: t, label: typeLabels[t] }; }),
          series: GROUPS.map(function (g) { return { key: g.key, label: g.label }; }), data: byType,
        }));
        var open = Object.keys(byStatusDeadline);
        box.appendChild(C.stackedBars({
          title: '在办案件的办结期限', unit: '件', categoryHeading: '状态',
          note: '办结期限为受理之日起20个工作日（措施（二十））。',
          categories: open.map(function (st) { return { key: st, label: S.STATUS[st] || st }; }),
          series: [{ key: 'overdue', label: '已超期', colour: 5 }, { key: 'atRisk', label: '3个工作日内到期', colour: 2 }, { key: 'onTime', label: '期限内', colour: 3 }], data: byStatusDeadline,
        }));
        box.appendChild(C.missing('受理后20个工作日内办结的比例（按月）', '需要每件案件的受理日期和决定日期。案件列表接口不提供决定日期，而逐件打开案件会留下个人信息查阅记录，所以这张图需要一个汇总接口（例如 GET /api/v1/statistics/timeliness?county=&from=&to=，按月返回办结数和按期办结数）。'));
        if ($('section[data-view="payments"]')) {
          var pay = C.missing('按类别的月度发放金额', '');
          var note = pay.querySelector('p');
          note.appendChild(document.createTextNode('见'));
          note.appendChild(S.link('payments', {}, '资金发放'));
          note.appendChild(document.createTextNode('页面：每个已完成批次的对账按类别汇总成图表。'));
          box.appendChild(pay);
        } else box.appendChild(C.missing('按类别的月度发放金额', '需要支付批次接口（/api/v1/payment-runs）。'));
        box.appendChild(C.missing('按季度的复核完成情况', '需要按季度汇总的复核任务数据（例如 GET /api/v1/tasks 的汇总版本：按季度返回应复核数和已完成数）；逐页读取任务列表汇总的页面尚未开发。'));
      }).catch(function (problem) { clear(box).appendChild(S.problemBox(problem)); });
    },
  });
  function sum(o) { var t = 0; for (var k in o) t += o[k]; return t; }

  // ---------- auditor ----------
  S.register('audit', { roles: ['auditor'], title: '审计链核验', render: function () {} });
  $('#audit-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var form = ev.target;
    var v = ($('#audit-aggregate').value || '').trim();
    if (!v) { S.showProblem(form, { errors: [{ field: 'aggregate', message: '请填写审计对象，例如 case#QC-260302-0001-K' }] }); return; }
    S.clearErrors(form);
    S.verify(v, $('#audit-result')).then(function (r) { if (r.status !== 200 && r.status !== 401) S.showProblem(form, r.body, 'aggregate'); });
  });

  // ---------- admin: standards ----------
  var liveStandards = null;
  S.register('standards', {
    roles: ['admin'],
    title: '发布救助标准和参数',
    render: function () {
      var d = $('#std-from');
      if (!d.value) d.value = S.today();
      fetch('/api/v1/standards', { headers: { accept: 'application/json' } }).then(function (r) { return r.json(); }).then(function (b) {
        liveStandards = {};
        (b.parameters || []).forEach(function (x) { liveStandards[x.id] = x; });
        describeParam();
      }).catch(function () { describeParam(); });
      describeParam();
    },
  });
  function selectedParam() { var o = $('#std-id').options[$('#std-id').selectedIndex]; return { id: o.value, unit: o.getAttribute('data-unit'), scalar: o.getAttribute('data-scalar') === '1', current: o.getAttribute('data-current'), raw: o.getAttribute('data-raw'), measure: o.getAttribute('data-measure') }; }
  function describeParam() {
    var p = selectedParam();
    var live = liveStandards && liveStandards[p.id];
    var cur = live ? (p.unit === 'fen' && typeof live.value === 'number' ? S.yuan(live.value) : JSON.stringify(live.value)) + '，自 ' + live.effectiveFrom + ' 起，依据：' + live.source + (live.example ? '（示例值）' : '') : p.current;
    $('#std-current').textContent = '依据措施' + p.measure + '。现行值：' + (cur || '—');
    $('#std-value-label').textContent = p.scalar ? (p.unit === 'fen' ? '新值（元）' : '新值（整数）') : '新值（JSON）';
    $('#std-value-hint').textContent = p.scalar
      ? (p.unit === 'fen' ? '以元填写，保存为分，例如 850 或 850.50。' : p.unit === 'bp' ? '以基点填写：1倍 = 10000，1% = 100。' : '填写整数。')
      : '结构化的值，按现行值的格式修改。';
    var v = $('#std-value');
    if (!p.scalar && (!v.value || v.getAttribute('data-for') !== p.id)) { v.value = live ? JSON.stringify(live.value) : p.raw; v.setAttribute('data-for', p.id); }
    if (p.scalar && v.getAttribute('data-for') !== p.id) { v.value = ''; v.setAttribute('data-for', p.id); }
  }
  $('#std-id').addEventListener('change', describeParam);
  S.handleForm($('#standards-form'), function (body) {
    return Auth.api('POST', '/api/v1/standards', body);
  }, function (res) {
    showResult($('#standards-result'), [h('h2', {}, ['已发布']), S.dl([['参数', res.id], ['值', JSON.stringify(res.value)], ['生效日期', res.effectiveFrom], ['依据', res.source], ['版本', res.version || '—']])], 'ok');
  }, {
    fallback: 'value',
    prepare: function (s) {
      var p = selectedParam();
      var raw = ($('#std-value').value || '').trim();
      if (!raw) { s.local.push({ field: 'value', message: '请填写新值' }); return; }
      if (p.scalar && p.unit === 'fen') {
        var fen = window.BozhouForms.yuanToFen(raw);
        if (fen === null) s.local.push({ field: 'value', message: '请以元填写金额，例如 850 或 850.50' });
        else s.body.value = fen;
      } else if (p.scalar) {
        if (!/^\d+$/.test(raw)) s.local.push({ field: 'value', message: '请填写整数' });
        else s.body.value = Number(raw);
      } else {
        try { s.body.value = JSON.parse(raw); } catch (e) { s.local.push({ field: 'value', message: '格式不正确，请按现行值的格式填写' }); }
      }
    },
  });

  // ---------- admin: 近亲属 ----------
  S.register('relatives', { roles: ['admin'], title: '近亲属备案', render: function () {} });
  S.handleForm($('#relatives-form'), function (b) { return Auth.api('POST', '/api/v1/relatives', b); }, function () {
    $('#relatives-form').reset();
    showResult($('#relatives-result'), [h('h2', {}, ['已备案']), h('p', {}, ['此人今后提出或被报告的救助申请会标出“近亲属”，须经县级复核（措施（二十三））。平台只保存身份证号码的哈希。'])], 'ok');
  });

  // ---------- admin: charities ----------
  S.register('charities', {
    roles: ['admin'],
    title: '慈善组织登记审核',
    render: function (p) { var st = p.status !== undefined ? p.status : 'pending'; $('#charities-status').value = st; loadCharities(st); },
  });
  $('#charities-filter').addEventListener('submit', function (ev) { ev.preventDefault(); S.go('/staff/?v=charities&status=' + $('#charities-status').value); });
  function loadCharities(status) {
    var box = clear($('#charities-list'));
    Auth.api('GET', '/api/v1/charities' + (status ? '?status=' + status : '')).then(function (r) {
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      if (!r.body.items.length) { box.appendChild(h('p', { class: 'empty' }, ['没有需要审核的登记。'])); return; }
      var list = h('ol', { class: 'card-list' }, []);
      r.body.items.forEach(function (c, n) {
        var card = h('li', { class: 'card' }, [
          h('h2', { class: 'card-title' }, [c.name, c.manualReview ? h('span', { class: 'flag flag-risk' }, ['需人工核对信用代码']) : null]),
          S.dl([['统一社会信用代码', c.creditCode], ['登记证书编号', c.certificateNumber], ['公开募捐资格', c.publicFundraising ? '有' : '无'], ['联系人', c.contact.name + ' ' + c.contact.phone], ['账户', (c.accounts || []).map(function (a) { return (a.bank || '') + ' ' + (a.accountNumber || ''); }).join('；')], ['登记时间', S.timeOf(c.registeredAt)], ['状态', c.statusLabel], c.revocation ? ['撤销核实', S.dateOf(c.revocation.at) + '：' + c.revocation.reason] : null, ['待核查线索', c.openFlags ? S.link('charity-flags', {}, c.openFlags + ' 条，去核查') : '0']]),
        ]);
        if (c.status === 'pending') card.appendChild(decisionForm('ch' + n, [['verify', '核实通过'], ['reject', '退回']], 'reasons', '理由（退回时必填，每行一条）', function (b) {
          return Auth.api('POST', '/api/v1/charities/' + encodeURIComponent(c.charityId) + '/verification', { decision: b.decision, reasons: b.reasons || [] });
        }, function () { S.say('已处理：' + c.name, 'ok'); loadCharities(status); $('#view-title').focus(); }));
        if (c.status === 'verified') card.appendChild(revokeForm('ch' + n, c, function () { S.say('已撤销核实：' + c.name + '。该机构不能再登记募捐、捐赠和使用情况。', 'ok'); loadCharities(status); $('#view-title').focus(); }));
        list.appendChild(card);
      });
      box.appendChild(list);
    });
  }
  /** 撤销核实 (十六): folded away under the card, with the reason that the charity and the public will read. */
  function revokeForm(prefix, c, done) {
    var id = prefix + '-reason';
    var form = h('form', { class: 'action-form', novalidate: true }, [
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      h('div', { class: 'field', 'data-field': 'reason' }, [h('label', { for: id }, ['撤销理由（会告知该机构并公开）']), h('span', { class: 'hint', id: id + '-hint' }, ['例如：登记证书已被撤销；经核查存在骗捐行为。不要写个人信息。']), h('textarea', { id: id, name: 'reason', rows: '2', 'aria-describedby': id + '-hint' })]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button secondary' }, ['撤销核实'])]),
    ]);
    S.handleForm(form, function (b) { return Auth.api('POST', '/api/v1/charities/' + encodeURIComponent(c.charityId) + '/revocation', b); }, done, { fallback: 'reason' });
    return h('details', { class: 'action' }, [h('summary', {}, ['撤销核实']), h('p', {}, ['撤销后，该机构不能再备案募捐、登记捐赠和使用情况；已有的捐赠和信用记录继续公开。']), form]);
  }

  /** A small decision form: radio + text, errors next to the fields. */
  function decisionForm(prefix, options, textName, textLabel, send, done) {
    var form = h('form', { class: 'action-form', novalidate: true }, [
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      h('div', { class: 'field', 'data-field': 'decision' }, [h('fieldset', {}, [h('legend', {}, ['审核结论']), h('div', { class: 'choices choices-inline' }, options.map(function (o, i) {
        var id = prefix + '-decision' + (i ? '-' + o[0] : '');
        return h('div', { class: 'choice' }, [h('input', { type: 'radio', id: id, name: 'decision', value: o[0] }), h('label', { for: id }, [o[1]])]);
      }))])]),
      h('div', { class: 'field', 'data-field': textName }, [h('label', { for: prefix + '-' + textName }, [textLabel]), h('textarea', { id: prefix + '-' + textName, name: textName, rows: '2', 'data-kind': textName === 'reasons' ? 'lines' : undefined })]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['提交审核结论'])]),
    ]);
    S.handleForm(form, send, done, { fallback: textName });
    return form;
  }

  // ---------- admin: contractors ----------
  S.register('contractors', {
    roles: ['admin'],
    title: '服务承接机构审核',
    render: function () {
      var box = clear($('#contractors-list'));
      Auth.api('GET', '/api/v1/contractors').then(function (r) {
        if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
        var items = r.body.items || [];
        if (!items.length) { box.appendChild(h('p', { class: 'empty' }, ['还没有机构登记。'])); return; }
        var list = h('ol', { class: 'card-list' }, []);
        items.forEach(function (c, n) {
          var card = h('li', { class: 'card' }, [
            h('h2', { class: 'card-title' }, [c.name, c.manualReview ? h('span', { class: 'flag flag-risk' }, ['需人工核对信用代码']) : null]),
            S.dl([['机构编号', c.organisation], ['统一社会信用代码', c.creditCode], ['联系方式', c.contact], ['登记时间', S.timeOf(c.registeredAt)], ['状态', { pending: '待审核', verified: '已通过', rejected: '未通过' }[c.status] || c.status], c.decisionNote ? ['审核意见', c.decisionNote] : null]),
          ]);
          if (c.status === 'pending') card.appendChild(decisionForm('co' + n, [['verified', '审核通过'], ['rejected', '不通过']], 'note', '审核意见', function (b) {
            return Auth.api('POST', '/api/v1/contractors/' + encodeURIComponent(c.organisation) + '/verification', b);
          }, function () { S.say('已审核：' + c.name, 'ok'); S.go('/staff/?v=contractors', true); }));
          list.appendChild(card);
        });
        box.appendChild(list);
      });
    },
  });
})();
