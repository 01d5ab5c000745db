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
    var fresh = S.latest(box);
    box.appendChild(h('p', { class: 'loading' }, ['正在读取…']));
    Auth.api('GET', '/api/v1/referrals?limit=100' + (status ? '&status=' + status : '')).then(function (r) {
      if (!fresh()) return;
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
    var fresh = S.latest(box);
    box.appendChild(h('p', { class: 'loading' }, ['正在读取…']));
    Auth.api('GET', '/api/v1/supervision?county=' + county + '&date=' + encodeURIComponent(date)).then(function (r) {
      if (!fresh()) return;
      clear(box);
      if (r.status !== 200) { S.showProblem($('#supervision-form'), r.body); return; }
      var v = r.body;
      box.appendChild(h('p', { class: v.watched ? 'note' : 'callout' }, [v.watched ? S.countyName(v.county) + ' ' + v.date + ' 的期限检查结果。' : v.date + ' 的期限检查（每天早上运行）尚未运行，下面可能不完整。']));
      var counts = v.counts || [];
      var KEYS = ['overdue', 'atRisk', 'referralsOverdue', 'referralsAtRisk', 'tasksOverdue', 'tasksAtRisk'];
      var n = function (c, k) { return c[k] || 0; };
      var tot = counts.reduce(function (t, c) { KEYS.forEach(function (k) { t[k] += n(c, k); }); return t; }, { overdue: 0, atRisk: 0, referralsOverdue: 0, referralsAtRisk: 0, tasksOverdue: 0, tasksAtRisk: 0 });
      var stat = function (k, cls, text) { return h('li', { class: 'stat ' + cls }, [h('span', { class: 'stat-n' }, [String(tot[k])]), text]); };
      box.appendChild(h('ul', { class: 'stat-list' }, [
        stat('overdue', 'stat-overdue', '件申请已超期'),
        stat('atRisk', 'stat-risk', '件申请即将到期'),
        stat('referralsOverdue', 'stat-overdue', '件转办超期未答复'),
        stat('referralsAtRisk', 'stat-risk', '件转办即将到期'),
        stat('tasksOverdue', 'stat-overdue', '件复核、探访任务超期'),
        stat('tasksAtRisk', 'stat-risk', '件复核、探访任务即将到期'),
      ]));
      if (!counts.length) { box.appendChild(h('p', { class: 'empty' }, ['这一天没有即将到期或已超期的事项。'])); return; }
      var late = function (c) { return n(c, 'overdue') + n(c, 'referralsOverdue') + n(c, 'tasksOverdue'); };
      var soon = function (c) { return n(c, 'atRisk') + n(c, 'referralsAtRisk') + n(c, 'tasksAtRisk'); };
      counts.sort(function (a, b) { return late(b) - late(a) || soon(b) - soon(a); });
      box.appendChild(C.stackedBars({
        title: '各乡镇（街道）督办事项',
        unit: '件',
        categoryHeading: '乡镇（街道）',
        summary: counts.length + ' 个乡镇（街道）有督办事项；最多的是' + counts[0].name + '。',
        categories: counts.map(function (c) { return { key: c.township, label: c.name }; }),
        series: [{ key: 'overdue', label: '申请已超期', colour: 5 }, { key: 'atRisk', label: '申请即将到期', colour: 2 }, { key: 'referrals', label: '转办已超期或即将到期', colour: 4 }, { key: 'tasks', label: '复核任务已超期或即将到期', colour: 0 }],
        data: counts.reduce(function (o, c) { o[c.township] = { overdue: n(c, 'overdue'), atRisk: n(c, 'atRisk'), referrals: n(c, 'referralsOverdue') + n(c, 'referralsAtRisk'), tasks: n(c, 'tasksOverdue') + n(c, 'tasksAtRisk') }; return o; }, {}),
      }));
      var items = (v.items || []).slice().sort(function (a, b) { return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0; });
      var ofKind = function (kind) { return items.filter(function (i) { return i.kind === kind; }); };
      var flag = function (i) { return h('span', { class: 'flag ' + (i.flag === 'overdue' ? 'flag-overdue' : 'flag-risk') }, [i.flag === 'overdue' ? '已超期' : '即将到期']); };
      var caseLink = function (i) { return S.link('case', { ref: i.reference }, i.reference, { class: 'ref' }); };
      // 催办 (shared/cases/reminders.ts)
      var remind = function (i) {
        var sent = (i.reminders || []).length;
        var said = h('span', { class: 'reminded' }, [sent ? '已催办 ' + sent + ' 次（最近 ' + i.reminders[sent - 1].at.slice(0, 10) + '）' : '']);
        if (i.flag !== 'overdue') return said;
        var button = h('button', { type: 'button', class: 'button secondary small', 'aria-label': (sent ? '再次催办 ' : '催办 ') + (i.reference || i.subject) }, [sent ? '再次催办' : '催办']);
        var key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
        button.addEventListener('click', function () {
          button.disabled = true;
          Auth.api('POST', '/api/v1/supervision/reminders', { county: county, date: date, subject: i.subject }, { 'idempotency-key': key }).then(function (res) {
            if (res.status === 201) { S.say('已催办 ' + (i.reference || i.subject) + '（第 ' + res.body.n + ' 次），乡镇（街道）在案件页可见。', 'ok'); loadSupervision(county, date); }
            else { button.disabled = false; S.say((res.body && res.body.detail) || '催办未成功，请稍后再试。', 'warn'); }
          });
        });
        return h('span', {}, [said, sent ? ' ' : '', button]);
      };
      var apps = ofKind('application');
      var refs = ofKind('referral');
      var tasks = ofKind('task');
      if (apps.length) box.appendChild(S.table('需要督办的申请（' + apps.length + '件）', ['申请编号', '乡镇（街道）', '救助类型', '状态', '申请人', '到期环节', '期限', '标记', '催办'], apps.map(function (i) {
        return [caseLink(i), i.townshipName, i.typeLabel, i.statusLabel, i.applicant, i.stepLabel || '作出决定', i.dueDate, flag(i), remind(i)];
      })));
      if (refs.length) box.appendChild(S.table('需要督办的转办（' + refs.length + '件）', ['申请编号', '乡镇（街道）', '部门', '答复期限', '标记', '催办'], refs.map(function (i) {
        return [caseLink(i), i.townshipName, i.department, i.dueDate, flag(i), remind(i)];
      })));
      if (tasks.length) box.appendChild(S.table('需要督办的复核、探访和比对任务（' + tasks.length + '件）', ['申请编号', '乡镇（街道）', '任务', '对象', '完成期限', '标记', '催办'], tasks.map(function (i) {
        return [caseLink(i), i.townshipName, i.taskKindLabel || i.taskKind, i.applicant, i.dueDate, flag(i), remind(i)];
      })));
    });
  }

  // ---------- county, auditor, admin: which county (a county supervisor sees only their own) ----------
  function countyFor(p, s) { return s.role === 'county' ? S.countyOf(s) : p.county || '341602'; }
  function countyPicker(box, view, county, s) {
    clear(box);
    if (s.role === 'county') return;
    var id = view + '-county';
    var select = h('select', { id: id, name: 'county' }, []);
    var form = h('form', { class: 'inline-form', novalidate: true }, [
      h('div', { class: 'field' }, [h('label', { for: id }, ['县区']), select]),
      h('button', { type: 'submit', class: 'button secondary' }, ['查看']),
    ]);
    S.loadAreas().then(function (areas) {
      areas.forEach(function (c) { select.appendChild(h('option', { value: c.code, selected: c.code === county }, [c.name])); });
    });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); S.go('/staff/?v=' + view + '&county=' + encodeURIComponent(select.value)); });
    box.appendChild(form);
  }

  // ---------- county, auditor, admin: staffing (二十二), real counts from the staff table ----------
  S.register('staffing', {
    title: '乡镇（街道）民政人员配备',
    render: function (p, sec, s) {
      var box = clear($('#staffing-result'));
      var county = countyFor(p, s);
      var pick = h('div', {});
      var out = h('div', {}, [h('p', { class: 'loading' }, ['正在读取…'])]);
      box.appendChild(pick);
      box.appendChild(out);
      countyPicker(pick, 'staffing', county, s);
      Auth.api('GET', '/api/v1/staffing?county=' + encodeURIComponent(county)).then(function (r) {
        clear(out);
        if (r.status !== 200) { out.appendChild(S.problemBox(r.body)); return; }
        var v = r.body;
        var short = v.townships.filter(function (t) { return !t.ok; });
        var unrecorded = v.townships.reduce(function (n, t) { return n + t.actual.notRecorded; }, 0);
        out.appendChild(h('div', { class: 'staffing-county', 'data-county': v.county }, [
          h('h2', {}, [v.countyName]),
          h('p', { class: 'chart-summary' }, [v.townships.length + ' 个乡镇（街道）中，' + v.compliant + ' 个达到最低配备' + (short.length ? '；配备不足的：' + short.map(function (t) { return t.name; }).join('、') + '。' : '。')]),
          unrecorded ? h('p', { class: 'callout' }, ['有 ' + unrecorded + ' 名人员登记时没有注明编制类别（编制内或其他专职），没有计入。请在人员登记中补充。']) : null,
          S.table(v.countyName + '各乡镇（街道）民政人员配备（' + v.date + '）', ['乡镇（街道）', '人口', '编制内专职：要求／现有', '其他专职：要求／现有', '未注明编制类别', '村级协理员', '结论'], v.townships.map(function (t) {
            return [
              t.name,
              h('span', {}, [t.population.toLocaleString('en-US')].concat(t.populationSample ? [h('span', { class: 'example' }, ['示例'])] : []).concat(t.atBoundary ? [h('span', { class: 'tag' }, ['恰为分界'])] : [])),
              '至少 ' + t.required.established + '／现有 ' + t.actual.established,
              '至少 ' + t.required.other + '／现有 ' + t.actual.other,
              String(t.actual.notRecorded),
              String(t.actual.assistants),
              h('span', { class: 'flag ' + (t.ok ? 'flag-ok' : 'flag-overdue') }, [t.ok ? '符合' : '不足']),
            ];
          })),
          h('p', { class: 'note' }, ['计入的人员：人员表中登记在本乡镇（街道）的经办人员和审核确认人；村级协理员单列，不计入。分界人口的理解：' + v.boundaryReading]),
        ]));
      });
    },
  });

  // ---------- county, auditor, admin: dashboard (the daily statistics snapshot) ----------
  var GROUPS = [
    { key: 'intake', label: '待受理', states: ['reported', 'submitted', 'returned'] },
    { key: 'working', label: '调查核对中', states: ['accepted', 'checking', 'visited', 'appraisal'] },
    { key: 'deciding', label: '审核公示中', states: ['proposed', 'publicity', 'objected', 'readyForDecision'] },
    { key: 'granted', label: '已批准（在保）', states: ['approved', 'active', 'suspended'] },
    { key: 'closed', label: '未批准、撤回、终止', states: ['rejected', 'withdrawn', 'ended'] },
  ];
  S.register('dashboard', {
    title: function (p, s) { return (s.role === 'county' ? s.scope.countyName || '本县区' : S.countyName(p.county || '341602')) + '统计图表'; },
    render: function (p, sec, s) {
      var county = countyFor(p, s);
      countyPicker($('#dashboard-pick'), 'dashboard', county, s);
      var box = clear($('#dashboard-charts'));
      var source = $('#dashboard-source');
      source.textContent = '';
      box.appendChild(h('p', { class: 'loading' }, ['正在读取…']));
      var fresh = S.latest(box);
      Auth.api('GET', '/api/v1/statistics?county=' + encodeURIComponent(county)).then(function (r) {
        if (!fresh()) return;
        clear(box);
        if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
        var v = r.body.snapshot;
        if (!v) {
          box.appendChild(h('p', { class: 'callout' }, [r.body.countyName + '的统计快照还没有生成。统计每天凌晨汇总一次（定时任务 statistics），生成后这里会显示图表。']));
        } else {
          source.textContent = '数据截至 ' + v.date + '（汇总于 ' + S.timeOf(v.asOf) + '），每天凌晨更新一次；共统计 ' + v.caseload.total + ' 件案件。';
          box.appendChild(caseloadChart(v));
          box.appendChild(timelinessChart(v));
          box.appendChild(paymentsChart(v));
          box.appendChild(recheckChart(v));
        }
        monitoringCharts(box, county, fresh);
      });
    },
  });

  function caseloadChart(v) {
    var data = {};
    v.caseload.byType.forEach(function (t) {
      var row = data[t.type] = {};
      GROUPS.forEach(function (g) { row[g.key] = g.states.reduce(function (n, st) { return n + (t.byStatus[st] || 0); }, 0); });
    });
    var totals = GROUPS.map(function (g) { return g.label + ' ' + v.caseload.byType.reduce(function (n, t) { return n + data[t.type][g.key]; }, 0) + ' 件'; });
    return C.stackedBars({
      title: '各类救助的案件数（按办理阶段）', unit: '件', categoryHeading: '救助类型',
      summary: '共 ' + v.caseload.total + ' 件：' + totals.join('，') + '。',
      categories: v.caseload.byType.map(function (t) { return { key: t.type, label: t.typeLabel }; }),
      series: GROUPS.map(function (g) { return { key: g.key, label: g.label }; }), data: data,
    });
  }

  function timelinessChart(v) {
    var months = v.timeliness.months;
    var decided = months.reduce(function (n, m) { return n + m.decided; }, 0);
    var within = months.reduce(function (n, m) { return n + m.withinDeadline; }, 0);
    var last = months.filter(function (m) { return m.decided; }).slice(-1)[0];
    var summary = decided
      ? '近 ' + months.length + ' 个月共作出决定 ' + decided + ' 件，其中 ' + within + ' 件在受理后20个工作日内作出（' + C.percent(Math.round(within * 10000 / decided)) + '）。' + (last ? '最近有决定的月份 ' + last.month + '：' + last.decided + ' 件，按期 ' + C.percent(last.shareBp) + '。' : '')
      : '近 ' + months.length + ' 个月没有作出决定的申请。';
    return C.shareColumns({
      title: '受理后20个工作日内作出决定的比例（按决定月份）',
      summary: summary,
      note: v.timeliness.basis + '（措施' + v.timeliness.measure + '）',
      target: 100,
      categories: months.map(function (m) { return { key: m.month, label: m.month.slice(2).replace('-', '.'), bp: m.shareBp, n: m.decided }; }),
      table: { heads: ['月份', '作出决定（件）', '20个工作日内（件）', '比例'], rows: months.map(function (m) { return [m.month, String(m.decided), String(m.withinDeadline), C.percent(m.shareBp)]; }) },
    });
  }

  function paymentsChart(v) {
    var months = v.payments.months;
    var total = months.reduce(function (n, m) { return n + m.totalFen; }, 0);
    var data = {};
    months.forEach(function (m) { data[m.month] = m.byCategory; });
    var runNote = months.filter(function (m) { return m.runStatus === 'running'; }).map(function (m) { return m.month; });
    function amount(fen) { return S.yuan(fen).replace(/ 元$/, ''); }
    return C.stackedBars({
      title: '每月发放金额（按救助类别）', unit: '元', categoryHeading: '月份', format: amount,
      summary: '近 ' + months.length + ' 个月共发放 ' + S.yuan(total) + (runNote.length ? '；' + runNote.join('、') + ' 的批次仍在发放中，金额还会增加' : '') + '。',
      note: '按发放台账逐笔汇总（含补发、冲正），单位：元（措施' + v.payments.measure + '）。社会工作者补贴是工资性支出，不在其中。',
      categories: months.map(function (m) { return { key: m.month, label: m.month + (m.runStatus === 'running' ? '（发放中）' : m.runStatus ? '' : '（无批次）') }; }),
      series: v.payments.categories.map(function (c) { return { key: c.key, label: c.label }; }), data: data,
    });
  }

  function recheckChart(v) {
    var qs = v.rechecks.quarters;
    var data = {};
    qs.forEach(function (q) { data[q.quarter] = { completed: q.completed, open: q.open - q.overdue, overdue: q.overdue }; });
    var created = qs.reduce(function (n, q) { return n + q.created; }, 0);
    var completed = qs.reduce(function (n, q) { return n + q.completed; }, 0);
    var overdue = qs.reduce(function (n, q) { return n + q.overdue; }, 0);
    return C.stackedBars({
      title: '复核、探访和比对任务的完成情况（按任务生成的季度）', unit: '件', categoryHeading: '季度',
      summary: created ? '近 ' + qs.length + ' 个季度生成任务 ' + created + ' 件，已完成 ' + completed + ' 件（' + C.percent(Math.round(completed * 10000 / created)) + '）' + (overdue ? '，' + overdue + ' 件已超期未完成' : '') + '。' : '近 ' + qs.length + ' 个季度没有生成复核任务。',
      note: '包括低保第二、四季度复核，特困第四季度复核和探访，数据比对和双随机抽查后的复核（措施' + v.rechecks.measure + '）。',
      categories: qs.map(function (q) { return { key: q.quarter, label: q.quarter.replace('-Q', '年第') + '季度' }; }),
      series: [{ key: 'completed', label: '已完成', colour: 3 }, { key: 'open', label: '未完成（未到期）', colour: 2 }, { key: 'overdue', label: '已超期未完成', colour: 5 }], data: data,
    });
  }

  // 政策找人 (十九): alerts and 12345 tickets per township, read live (GET /api/v1/monitoring/statistics).
  // A section of its own after the snapshot's charts (#dashboard-charts holds the snapshot's four).
  function monitoringCharts(box, county, fresh) {
    var old = $('#dashboard-monitoring');
    if (old) old.parentNode.removeChild(old);
    var part = h('section', { id: 'dashboard-monitoring', 'aria-labelledby': 'dashboard-monitoring-h' }, [
      h('h2', { id: 'dashboard-monitoring-h' }, ['政策找人和12345工单']),
      h('p', { class: 'loading' }, ['正在读取…']),
    ]);
    box.parentNode.insertBefore(part, box.nextSibling);
    Auth.api('GET', '/api/v1/monitoring/statistics?county=' + encodeURIComponent(county)).then(function (r) {
      if (!fresh()) return;
      part.removeChild(part.lastChild);
      if (r.status !== 200) { part.appendChild(S.problemBox(r.body)); return; }
      var v = r.body;
      var period = v.from + ' 至 ' + v.to;
      part.appendChild(h('p', { class: 'note', id: 'dashboard-monitoring-source' }, ['统计 ' + period + '，截至 ' + v.date + '（实时）。' + v.basis + '（措施' + v.measure + '）。']));
      if (!v.townships.length) { part.appendChild(h('p', { class: 'empty' }, [period + ' 没有预警，也没有12345工单。'])); return; }
      var cats = v.townships.map(function (t) { return { key: t.township, label: t.townshipName }; });
      var alerts = {};
      var tickets = {};
      var sum = { raised: 0, onTime: 0, assisted: 0, overdue: 0, received: 0, answeredOnTime: 0, ticketOverdue: 0 };
      v.townships.forEach(function (t) {
        var a = t.alerts, k = t.tickets;
        alerts[t.township] = { onTime: a.visitedOnTime, late: a.visitedLate, overdue: a.openOverdue, open: a.raised - a.visitedOnTime - a.visitedLate - a.openOverdue };
        tickets[t.township] = { onTime: k.answeredOnTime, late: k.answeredLate, overdue: k.openOverdue, open: k.received - k.answeredOnTime - k.answeredLate - k.openOverdue };
        sum.raised += a.raised; sum.onTime += a.visitedOnTime; sum.assisted += a.assisted; sum.overdue += a.openOverdue;
        sum.received += k.received; sum.answeredOnTime += k.answeredOnTime; sum.ticketOverdue += k.openOverdue;
      });
      var SERIES = [{ key: 'onTime', label: '按期', colour: 3 }, { key: 'late', label: '超期后办结', colour: 2 }, { key: 'overdue', label: '已超期未办结', colour: 5 }, { key: 'open', label: '未到期', colour: 0 }];
      part.appendChild(C.stackedBars({
        title: '各乡镇（街道）政策找人预警的走访情况（' + period + '）', unit: '条', categoryHeading: '乡镇（街道）',
        summary: '共发出预警 ' + sum.raised + ' 条，按期走访 ' + sum.onTime + ' 条，已帮扶 ' + sum.assisted + ' 户' + (sum.overdue ? '，' + sum.overdue + ' 条已超期未走访' : '') + '。',
        categories: cats, series: SERIES.map(function (x) { return { key: x.key, label: x.key === 'onTime' ? '按期走访' : x.key === 'late' ? '超期后走访' : x.key === 'overdue' ? '已超期未走访' : '未到期未走访', colour: x.colour }; }), data: alerts,
      }));
      part.appendChild(C.stackedBars({
        title: '各乡镇（街道）12345工单的答复情况（' + period + '）', unit: '件', categoryHeading: '乡镇（街道）',
        summary: '共受理工单 ' + sum.received + ' 件，按期答复 ' + sum.answeredOnTime + ' 件' + (sum.ticketOverdue ? '，' + sum.ticketOverdue + ' 件已超期未答复' : '') + '。',
        categories: cats, series: SERIES.map(function (x) { return { key: x.key, label: x.key === 'onTime' ? '按期答复' : x.key === 'late' ? '超期后答复' : x.key === 'overdue' ? '已超期未答复' : '未到期未答复', colour: x.colour }; }), data: tickets,
      }));
      part.appendChild(C.dataTable('各乡镇（街道）每月明细（' + period + '）', ['乡镇（街道）和月份', '预警', '按期走访', '已帮扶', '不需要救助', '工单', '按期答复'], v.rows.map(function (x) {
        return [x.townshipName + ' ' + x.month, String(x.alerts.raised), String(x.alerts.visitedOnTime), String(x.alerts.assisted), String(x.alerts.notInNeed), String(x.tickets.received), String(x.tickets.answeredOnTime)];
      })));
    });
  }

  // ---------- auditor ----------
  S.register('audit', { title: '审计链核验', render: function () {} });
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
    showResult($('#standards-result'), [h('h2', {}, ['已发布']), S.dl([['参数', res.id], ['值', JSON.stringify(res.value)], ['生效日期', res.effectiveFrom], ['依据', res.source], ['版本', res.version || '—'], ['依据的模拟测算', res.simulation || '未测算']])], 'ok');
  }, {
    fallback: 'value',
    prepare: function (s) {
      readValue(s);
      // Publishing records the simulation it followed, when it simulated exactly this value and date.
      if (lastSim && lastSim.key === JSON.stringify([s.body.id, s.body.value, s.body.effectiveFrom])) s.body.simulation = lastSim.id;
    },
  });

  // ---------- admin: 政策模拟测算 (shared/simulation) ----------
  var lastSim = null;
  var TYPE_LABELS = { dibao: '低保', tekun: '特困' };
  var COUNTY_NAMES = { '341602': '谯城区', '341621': '涡阳县', '341622': '蒙城县', '341623': '利辛县' };
  function countyName(code) { return COUNTY_NAMES[code] || code; }
  $('#std-simulate').addEventListener('click', function () {
    var form = $('#standards-form');
    var st = { body: { id: $('#std-id').value, effectiveFrom: $('#std-from').value }, local: [] };
    readValue(st);
    if (!st.body.effectiveFrom) st.local.push({ field: 'effectiveFrom', message: '请填写生效日期' });
    if (st.local.length) { S.showProblem(form, { errors: st.local }); return; }
    S.clearErrors(form);
    var box = $('#simulation-result');
    showResult(box, [h('p', { role: 'status' }, ['正在按发放规则重算全部在保对象……'])]);
    var button = $('#std-simulate');
    button.disabled = true;
    Auth.api('POST', '/api/v1/simulations', { changes: [{ id: st.body.id, value: st.body.value }], asOf: st.body.effectiveFrom }).then(function (r) {
      if (r.status !== 202) {
        button.disabled = false;
        box.hidden = true;
        if (r.status !== 401) S.showProblem(form, r.body || { title: '出错了', detail: '服务器返回 ' + r.status }, 'value');
        return;
      }
      var key = JSON.stringify([st.body.id, st.body.value, st.body.effectiveFrom]);
      (function poll() {
        Auth.api('GET', '/api/v1/simulations/' + r.body.id).then(function (g) {
          if (g.status === 200 && g.body.status === 'finished') { button.disabled = false; lastSim = { id: g.body.id, key: key }; renderSimulation(box, g.body); }
          else if (g.status === 200) setTimeout(poll, 700);
          else button.disabled = false;
        });
      })();
    });
  });
  function renderSimulation(box, sim) {
    var r = sim.result;
    var yuan = S.yuan;
    var hh = r.households;
    var costCats = [], costData = {};
    r.cost.forEach(function (c) {
      ['before', 'after'].forEach(function (w) {
        var k = c.county + '-' + w;
        costCats.push({ key: k, label: countyName(c.county) + (w === 'before' ? ' 现行' : ' 调整后') });
        costData[k] = {};
        c.types.forEach(function (t) { costData[k][t.type] = w === 'before' ? t.beforeFen : t.afterFen; });
      });
    });
    var types = [];
    r.cost.forEach(function (c) { c.types.forEach(function (t) { if (types.indexOf(t.type) < 0) types.push(t.type); }); });
    var cost = C.stackedBars({
      title: '每月支出：现行与调整后（按县区和类别）', unit: '', format: yuan,
      summary: '全市每月支出由' + yuan(r.city.monthlyBeforeFen) + '变为' + yuan(r.city.monthlyAfterFen) + '，全年相差' + yuan(r.city.yearlyDifferenceFen) + '。',
      categories: costCats, series: types.map(function (t) { return { key: t, label: TYPE_LABELS[t] || t }; }), data: costData, categoryHeading: '县区',
    });
    var allocation = C.dataTable('购买社会救助服务额度（措施（十八），当年救助资金的1%）', ['县区', '现行全年支出', '调整后全年支出', '现行额度', '调整后额度'], r.cost.map(function (c) {
      return [countyName(c.county), yuan(c.yearlyBeforeFen), yuan(c.yearlyAfterFen), yuan(c.purchaseAllocationBeforeFen), yuan(c.purchaseAllocationAfterFen)];
    }));
    var bandFen = r.distribution.bandFen;
    var bands = r.distribution.gains.map(function (_, i) {
      var last = i === r.distribution.gains.length - 1;
      return { key: String(i), label: last ? '≥' + (i * bandFen / 100) + '元' : (i * bandFen / 100) + '–' + ((i + 1) * bandFen / 100) + '元' };
    });
    var distData = {};
    bands.forEach(function (b, i) { distData[b.key] = { gain: r.distribution.gains[i], lose: r.distribution.losses[i] }; });
    var dist = C.stackedBars({
      title: '每户每月金额变化的分布', unit: '户', categories: bands, categoryHeading: '变化区间',
      summary: '增加' + hh.gain.households + '户（' + hh.gain.persons + '人），减少' + hh.lose.households + '户，不变' + hh.unchanged.households + '户；新符合条件' + hh.becomeEligible.households + '户，不再符合' + hh.loseEligibility.households + '户。',
      series: [{ key: 'gain', label: '增加', colour: 3 }, { key: 'lose', label: '减少', colour: 5 }], data: distData,
    });
    var cliffRows = [];
    r.cliffs.after.forEach(function (c) { c.cliffs.forEach(function (cl) { cliffRows.push([c.label, cl.incomeYuan + '元', yuan(cl.supportBeforeFen), yuan(cl.supportAfterFen), yuan(cl.dropFen), String(cl.households || 0)]); }); });
    var cliffTable = C.dataTable('陡坡：家庭月收入再多1元，救助合计减少超过' + yuan(r.cliffs.dropFen) + '的位置（调整后）', ['家庭类型', '家庭月收入', '救助合计', '多1元后', '减少', '临近陡坡的在保家庭（户）'], cliffRows);
    var withCliff = r.cliffs.after.filter(function (c) { return c.cliffs.length; }).slice(0, 2);
    var csv = h('button', { type: 'button', class: 'button secondary' }, ['下载结果表（CSV）']);
    csv.addEventListener('click', function () {
      Auth.api('GET', '/api/v1/simulations/' + sim.id + '/csv').then(function (c) {
        if (c.status !== 200) return;
        var a = h('a', { href: URL.createObjectURL(new Blob(['\ufeff' + c.body.csv], { type: 'text/csv;charset=utf-8' })), download: c.body.name }, []);
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    });
    showResult(box, [
      h('h2', {}, ['模拟测算结果']),
      S.dl([['测算编号', sim.id], ['测算月份', sim.month + '（自' + sim.asOf + '起生效后第一个发放月）'], ['在保对象', sim.progress.total + '户']]),
      h('p', { class: 'note' }, ['按月度发放所用的同一套规则逐户重算，不写入案件和台账。发布时将记录本次测算编号。']),
      cost, allocation, dist,
    ].concat(withCliff.map(cliffChart)).concat([cliffTable, h('p', {}, [csv])]), 'ok');
  }
  /** The latest finished simulations side by side: what each changed and what it would cost and do. */
  $('#sim-compare').addEventListener('click', function () {
    var box = $('#simulation-compare');
    showResult(box, [h('p', { role: 'status' }, ['正在读取最近的模拟测算……'])]);
    Auth.api('GET', '/api/v1/simulations').then(function (list) {
      var ids = list.status === 200 ? (list.body.simulations || []).slice(0, 5).map(function (x) { return x.id; }) : [];
      return Promise.all(ids.map(function (id) { return Auth.api('GET', '/api/v1/simulations/' + id); }));
    }).then(function (answers) {
      var done = answers.filter(function (a) { return a.status === 200 && a.body.status === 'finished'; }).map(function (a) { return a.body; });
      if (!done.length) { showResult(box, [h('p', { class: 'empty' }, ['还没有完成的模拟测算。'])]); return; }
      var yuan = S.yuan;
      var change = function (sim) { return (sim.changes || []).map(function (c) { return c.id + ' = ' + JSON.stringify(c.value); }).join('；') || '（不变）'; };
      var rows = [
        ['调整内容'].concat(done.map(change)),
        ['测算月份'].concat(done.map(function (s) { return s.month + (s.scope.county ? '（' + countyName(s.scope.county) + '）' : '（全市）'); })),
        ['现行每月支出'].concat(done.map(function (s) { return yuan(s.result.city.monthlyBeforeFen); })),
        ['调整后每月支出'].concat(done.map(function (s) { return yuan(s.result.city.monthlyAfterFen); })),
        ['全年相差'].concat(done.map(function (s) { return yuan(s.result.city.yearlyDifferenceFen); })),
        ['增加（户）'].concat(done.map(function (s) { return String(s.result.households.gain.households); })),
        ['减少（户）'].concat(done.map(function (s) { return String(s.result.households.lose.households); })),
        ['新符合条件（户）'].concat(done.map(function (s) { return String(s.result.households.becomeEligible.households); })),
        ['不再符合条件（户）'].concat(done.map(function (s) { return String(s.result.households.loseEligibility.households); })),
      ];
      showResult(box, [C.dataTable('最近' + done.length + '次模拟测算对比', ['项目'].concat(done.map(function (s) { return s.id; })), rows)], 'ok');
    });
  });
  /** Total support against household income for one household type: a line, with the cliffs marked. */
  function cliffChart(c) {
    var NS = 'http://www.w3.org/2000/svg';
    function sv(tag, attrs, text) { var el = document.createElementNS(NS, tag); for (var k in attrs) el.setAttribute(k, attrs[k]); if (text !== undefined) el.textContent = text; return el; }
    var id = 'cliff-' + c.type;
    var W = 720, H = 240, L = 70, B = 30, T = 10;
    var maxX = Math.max.apply(null, c.points.map(function (p) { return p[0]; }).concat([1]));
    var maxY = Math.max.apply(null, c.points.map(function (p) { return p[1]; }).concat([1]));
    var x = function (v) { return L + (v / maxX) * (W - L - 10); };
    var y = function (v) { return T + (1 - v / maxY) * (H - T - B); };
    var svg = sv('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': id + '-t ' + id + '-d', class: 'chart', focusable: 'false' });
    svg.appendChild(sv('title', { id: id + '-t' }, c.label + '：救助合计随家庭月收入的变化'));
    svg.appendChild(sv('desc', { id: id + '-d' }, c.cliffs.map(function (cl) { return '家庭月收入' + cl.incomeYuan + '元处再多1元，救助合计从' + S.yuan(cl.supportBeforeFen) + '降到' + S.yuan(cl.supportAfterFen); }).join('；') + '。详细数字见陡坡表。'));
    svg.appendChild(sv('polyline', { points: c.points.map(function (p) { return x(p[0]) + ',' + y(p[1]); }).join(' '), class: 'chart-line', fill: 'none', stroke: 'currentColor', 'stroke-width': '2' }));
    c.cliffs.forEach(function (cl) { svg.appendChild(sv('line', { x1: x(cl.incomeYuan), x2: x(cl.incomeYuan), y1: T, y2: H - B, stroke: 'currentColor', 'stroke-dasharray': '4 3' })); });
    svg.appendChild(sv('line', { x1: L, x2: W - 10, y1: H - B, y2: H - B, class: 'chart-axis' }));
    svg.appendChild(sv('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'chart-axis' }));
    svg.appendChild(sv('text', { x: L, y: H - 8, class: 'chart-label' }, '0元'));
    svg.appendChild(sv('text', { x: W - 10, y: H - 8, 'text-anchor': 'end', class: 'chart-label' }, maxX + '元（家庭月收入）'));
    svg.appendChild(sv('text', { x: L - 6, y: T + 12, 'text-anchor': 'end', class: 'chart-label' }, S.yuan(maxY)));
    return h('figure', { class: 'chart-figure' }, [h('figcaption', { class: 'chart-caption' }, [c.label + '：救助合计（低保及平台计算的联动补贴）随家庭月收入的变化']), svg]);
  }
  function readValue(s) {
    (function () {
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
    })();
  }

  // ---------- admin: 近亲属 ----------
  S.register('relatives', { title: '近亲属备案', render: function () {} });
  S.handleForm($('#relatives-form'), function (b) { return Auth.api('POST', '/api/v1/relatives', b); }, function () {
    $('#relatives-form').reset();
    showResult($('#relatives-result'), [h('h2', {}, ['已备案']), h('p', {}, ['此人今后提出或被报告的救助申请会标出“近亲属”，须经县级复核（措施（二十三））。平台只保存身份证号码的哈希。'])], 'ok');
  });

  // ---------- admin: charities ----------
  S.register('charities', {
    title: '慈善组织登记审核',
    render: function (p) { var st = p.status !== undefined ? p.status : 'pending'; $('#charities-status').value = st; loadCharities(st); },
  });
  $('#charities-filter').addEventListener('submit', function (ev) { ev.preventDefault(); S.go('/staff/?v=charities&status=' + $('#charities-status').value); });
  function loadCharities(status) {
    var box = clear($('#charities-list'));
    var fresh = S.latest(box);
    Auth.api('GET', '/api/v1/charities' + (status ? '?status=' + status : '')).then(function (r) {
      if (!fresh()) return;
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
    title: '服务承接机构审核',
    render: function () {
      var box = clear($('#contractors-list'));
      var fresh = S.latest(box);
      Auth.api('GET', '/api/v1/contractors').then(function (r) {
        if (!fresh()) return;
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

  // ---------- admin: 区划与人口 (二十二), the township populations the staffing check uses ----------
  S.register('reference', {
    title: '区划与人口',
    render: function (p, section) {
      clear(section);
      section.appendChild(h('p', { class: 'lead' }, ['乡镇（街道）的常住人口决定民政工作人员的配备要求（措施（二十二））。标有“示例数据”的人口是示例值，请按统计部门公布的数字录入，并写明来源。']));
      var box = h('div', { 'aria-live': 'polite' }, [h('p', {}, ['正在读取区划……'])]);
      section.appendChild(box);
      // The list is public and cached for a few minutes; the admin needs the stored values.
      fetch('/api/v1/areas', { headers: { accept: 'application/json' }, cache: 'no-store' }).then(function (r) {
        return r.json().then(function (b) { return { status: r.status, body: b }; });
      }).then(function (r) {
        clear(box);
        if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
        (r.body.counties || []).forEach(function (c) {
          box.appendChild(h('h2', {}, [c.name + '（' + c.code + '）']));
          box.appendChild(h('ol', { class: 'card-list' }, c.townships.map(function (t) { return townshipCard(c, t); })));
        });
      }, function () { clear(box); box.appendChild(S.problemBox({ title: '读取失败', detail: '请检查网络后刷新页面。' })); });
    },
  });
  function townshipCard(c, t) {
    var card = h('li', { class: 'card', 'data-township': t.code }, []);
    function fill(t) {
      clear(card);
      card.appendChild(h('h3', { class: 'card-title' }, [t.name + ' ', t.sample ? h('span', { class: 'flag flag-risk' }, ['示例数据']) : h('span', { class: 'flag flag-ok' }, ['已录入'])]));
      card.appendChild(S.dl([['代码', t.code], ['常住人口', String(t.population) + ' 人'], ['人口来源', t.populationSource], t.updatedAt ? ['录入时间', S.timeOf(t.updatedAt)] : null]));
      card.appendChild(populationForm(c, t, fill));
    }
    fill(t);
    return card;
  }
  function populationForm(c, t, fill) {
    var id = 'ref-' + t.code;
    var form = h('form', { class: 'action-form', novalidate: true }, [
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      h('div', { class: 'field' }, [h('label', { for: id + '-population' }, ['常住人口（人）']), h('span', { class: 'hint', id: id + '-population-hint' }, ['只填整数，例如 31000。']),
        h('input', { type: 'text', id: id + '-population', name: 'population', class: 'input-short', inputmode: 'numeric', autocomplete: 'off', 'data-kind': 'int', 'aria-describedby': id + '-population-hint' })]),
      h('div', { class: 'field' }, [h('label', { for: id + '-source' }, ['人口来源']), h('span', { class: 'hint', id: id + '-source-hint' }, ['例如：2020年第七次全国人口普查；某年统计年鉴。']),
        h('input', { type: 'text', id: id + '-source', name: 'populationSource', autocomplete: 'off', 'aria-describedby': id + '-source-hint' })]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['保存' + t.name + '的人口'])]),
    ]);
    S.handleForm(form, function (b) {
      return Auth.api('POST', '/api/v1/areas/' + encodeURIComponent(c.code) + '/townships/' + encodeURIComponent(t.code), b);
    }, function (saved) {
      fill(saved);
      S.say('已保存：' + saved.name + '，常住人口 ' + saved.population + ' 人。', 'ok');
      $('#view-title').focus();
    }, { fallback: 'population' });
    return h('details', { class: 'action' }, [h('summary', {}, ['录入' + t.name + '的人口']), form]);
  }
})();
