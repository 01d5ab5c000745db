/*
 * 政策找人 (十九; shared/monitoring): loaded on demand for the views `alerts`, `alert`, `feeds` and `tickets`
 * (staff.js MODULES).
 * The township's alerts by visit due date — why each household was flagged, in the alert's own words with its
 * figures — and one alert: what the household may qualify for (试算 on what the registry holds), the register
 * entries, and the visit outcome. "已帮扶" may start an application pre-filled from the 户档案, which the
 * household still confirms and authorises (核对授权) before it is accepted.
 * `feeds`: a department (or the county office) sends a file in its published format; the list shows each
 * feed's source, legal basis, uploader, line count and match, and a refused file its line-by-line errors.
 * `tickets`: 12345 tickets registered, routed to a township or department, answered; the county's open and
 * overdue ones.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, $ = S.$, $$ = S.$$, clear = S.clear;
  var field = S.field, input = S.input, textarea = S.textarea;

  var OUTCOMES = [['assisted', '已帮扶（已申请或已纳入救助）'], ['referred', '已转介相关部门'], ['notInNeed', '经核实不需要救助'], ['unreachable', '未能联系上']];
  var APPLY = [['', '不生成申请'], ['linshi', '临时救助'], ['dibao', '最低生活保障（低保）'], ['tekun', '特困人员救助供养']];

  function select(id, name, options) { return h('select', { id: id, name: name }, options.map(function (o) { return h('option', { value: o[0] }, [o[1]]); })); }
  function due(a) {
    return h('span', {}, [a.dueDate + (a.dueProvisional ? '（暂按周一至周五计）' : '')].concat(S.flagBadges({ overdue: a.overdue, atRisk: a.atRisk }).map(function (b) { return h('span', {}, [' ', b]); })));
  }

  // ───────────────────────── the list ─────────────────────────

  S.register('alerts', {
    title: '政策找人预警',
    render: function (p, sec, s) {
      clear(sec);
      var status = p.status === 'closed' ? 'closed' : 'open';
      sec.appendChild(h('p', { class: 'lead' }, [
        '医保、残联、人社、教育、公安、住建、应急等部门推送的数据与低收入人口名册比对后，发现可能需要帮扶的家庭。请在走访期限内入户核实并登记结果（措施（十九））。',
      ]));
      var filter = h('form', { class: 'staff-form filter', id: 'mon-filter', novalidate: true }, [
        field('status', 'mon-status', '显示', select('mon-status', 'status', [['open', '待走访'], ['closed', '已办结']])),
        h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['查看'])]),
      ]);
      $('#mon-status', filter).value = status;
      filter.addEventListener('submit', function (ev) {
        ev.preventDefault();
        S.go('/staff/?v=alerts&status=' + $('#mon-status', filter).value);
      });
      sec.appendChild(filter);
      var box = h('div', { id: 'mon-list' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
      sec.appendChild(box);
      var fresh = S.latest(box);
      Auth.api('GET', '/api/v1/monitoring/alerts?status=' + status).then(function (r) {
        if (!fresh()) return;
        clear(box);
        if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
        if (!r.body.items.length) { box.appendChild(h('p', { class: 'empty' }, [status === 'open' ? '目前没有待走访的预警。' : '还没有已办结的预警。'])); return; }
        box.appendChild(S.table(status === 'open' ? '待走访的预警（按走访期限排列）' : '已办结的预警', ['预警', '原因', '乡镇（街道）', '走访期限'], r.body.items.map(function (a) {
          return [S.link('alert', { id: a.id }, a.ruleLabel), a.explanation, a.townshipName, due(a)];
        })));
      });
    },
  });

  // ───────────────────────── one alert ─────────────────────────

  var outcomeKey = S.newKey();
  var outcomeBody = '';
  S.register('alert', {
    title: '预警详情与走访结果',
    render: function (p, sec, s) {
      clear(sec);
      var box = h('div', { id: 'mon-alert' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
      sec.appendChild(box);
      var fresh = S.latest(box);
      Auth.api('GET', '/api/v1/monitoring/alerts/' + encodeURIComponent(p.id || '')).then(function (r) {
        if (!fresh()) return;
        clear(box);
        if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
        draw(box, r.body, s);
      });
    },
  });

  function draw(box, a, s) {
    box.appendChild(h('h2', {}, [a.ruleLabel]));
    box.appendChild(h('p', { class: 'lead', id: 'mon-explanation' }, [a.explanation]));
    box.appendChild(S.dl([
      ['依据', '措施' + a.measure + '；' + a.feed.sourceLabel + '（' + a.feed.legalBasis + '）'],
      ['推送数据', a.feed.asOf + ' 第' + a.feed.line + '行'],
      ['家庭', S.link('household', { id: a.householdId }, a.householdId)],
      ['乡镇（街道）', a.townshipName],
      ['预警日期', a.raisedOn],
      ['走访期限', due(a)],
    ]));
    box.appendChild(S.table('预警使用的参数', ['参数', '数值', '起始日期', '来源'], a.parameters.map(function (x) {
      return [x.id, String(x.value), x.effectiveFrom, (x.example ? '【示例值】' : '') + x.source];
    })));
    box.appendChild(S.table('可能符合的救助（按户档案登记的信息试算，以审核确认为准）', ['救助', '是否可能符合', '每月', '一次性', '说明'], a.qualifies.map(function (q) {
      return [q.label, q.eligible ? '可能符合' : '暂不符合', q.monthlyAmountFen ? S.yuan(q.monthlyAmountFen) : '—', q.oneOffAmountFen ? S.yuan(q.oneOffAmountFen) : '—', q.note || ''];
    })));
    box.appendChild(a.register.length
      ? S.table('低收入人口名册', ['类别', '纳入日期', '途径', '理由', '状态'], a.register.map(function (e) {
          return [e.classLabel, e.since, e.entry.label, e.reason, e.status === 'active' ? '在册' : '已退出（' + e.left.on + '：' + e.left.reason + '）'];
        }))
      : h('p', {}, ['该家庭目前不在低收入人口名册中。']));
    if (a.status !== 'open') {
      box.appendChild(h('h2', {}, ['走访结果']));
      box.appendChild(S.dl([
        ['结果', a.outcome.label],
        ['走访日期', a.outcome.visitedOn],
        ['走访情况', a.outcome.findings],
        ['理由', (a.outcome.reasons || []).join('；')],
        ['预填申请', a.application ? S.link('case', { ref: a.application.reference }, a.application.reference + '（待家庭确认并签署核对授权书）') : '—'],
      ]));
      return;
    }
    if (s.role === 'county') return;
    var form = h('form', { class: 'staff-form', id: 'mon-outcome', novalidate: true }, [
      h('h2', {}, ['登记走访结果']),
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      field('outcome', 'mon-outcome-kind', '走访结果', select('mon-outcome-kind', 'outcome', OUTCOMES)),
      field('visitedOn', 'mon-visited', '走访日期', input('mon-visited', 'visitedOn', { type: 'date', value: S.today() })),
      field('findings', 'mon-findings', '走访情况', textarea('mon-findings', 'findings'), '写明见到了谁、核实了什么。'),
      field('reasons', 'mon-reasons', '理由（每行一条）', textarea('mon-reasons', 'reasons', { 'data-kind': 'lines' }), '“不需要救助”和“未能联系上”须写明理由。'),
      h('fieldset', { class: 'group', id: 'mon-apply' }, [
        h('legend', {}, ['生成预填申请（仅“已帮扶”）']),
        h('p', { class: 'hint' }, ['申请按户档案预填，家庭不必再提供政府已掌握的材料；须由家庭成员确认并签署核对授权书后才能受理。']),
        field('apply.type', 'mon-apply-type', '申请类型', select('mon-apply-type', 'apply.type', APPLY)),
        field('apply.phone', 'mon-apply-phone', '家庭联系电话', input('mon-apply-phone', 'apply.phone', { inputmode: 'tel', autocomplete: 'off' })),
      ]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['登记走访结果'])]),
    ]);
    function toggle() {
      var assisted = $('#mon-outcome-kind', form).value === 'assisted';
      var wants = assisted && $('#mon-apply-type', form).value !== '';
      $('#mon-apply', form).hidden = !assisted;
      $('#mon-apply-type', form).disabled = !assisted;
      $('#mon-apply-phone', form).disabled = !wants;
    }
    $('#mon-outcome-kind', form).addEventListener('change', toggle);
    $('#mon-apply-type', form).addEventListener('change', toggle);
    toggle();
    S.handleForm(form, function (body) {
      if (body.apply && !body.apply.type) delete body.apply;
      // The same answers again (a retry) keep their key; changed answers after a refusal are a new request.
      var text = JSON.stringify(body);
      if (text !== outcomeBody) { outcomeKey = S.newKey(); outcomeBody = text; }
      return Auth.api('POST', '/api/v1/monitoring/alerts/' + encodeURIComponent(a.id) + '/outcome', body, { 'idempotency-key': outcomeKey });
    }, function (res) {
      outcomeKey = S.newKey();
      S.say(res.application ? '已登记走访结果，预填申请编号 ' + res.application.reference + '：请家庭成员确认并签署核对授权书。' : '已登记走访结果，预警已办结。', 'ok');
      S.go('/staff/?v=alert&id=' + encodeURIComponent(a.id), true);
    });
    box.appendChild(form);
  }
  // ───────────────────────── department feeds (二十) ─────────────────────────

  var feedKey = S.newKey();
  var feedBody = '';
  var KIND_HINT = { id: '18位身份证号码', date: '日期 YYYY-MM-DD', month: '月份 YYYY-MM', yuan: '金额（元，最多两位小数）' };
  var STATUS_FEED = { received: '已接收，等待比对', matched: '已比对' };

  S.register('feeds', {
    title: '部门数据推送',
    render: function (p, sec, s) {
      clear(sec);
      sec.appendChild(h('p', { class: 'lead' }, [
        '医保、残联、人社、教育、公安、住建、应急等部门按公布的格式推送数据，平台与低收入人口名册比对，发现需要帮扶的家庭后向乡镇（街道）发出预警（措施（十九）（二十））。每一行都会校验，有一行不对整份数据都不接收，并指出第几行、哪一列。身份证号码只加密保存，到期自动删除。',
      ]));
      var formBox = h('div', { id: 'feed-form-box' });
      sec.appendChild(formBox);
      var errorsBox = h('div', { id: 'feed-errors', tabindex: '-1' });
      sec.appendChild(errorsBox);
      sec.appendChild(h('h2', {}, [s.role === 'department' ? '本部门推送的数据' : '本县区的部门推送数据']));
      var list = h('div', { id: 'feed-list' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
      sec.appendChild(list);
      var fresh = S.latest(list);
      Auth.api('GET', '/api/v1/monitoring/feeds').then(function (r) {
        if (!fresh()) return;
        clear(list);
        if (r.status !== 200) { list.appendChild(S.problemBox(r.body)); return; }
        drawFeedForm(formBox, errorsBox, r.body.formats);
        drawFeeds(list, r.body.items);
      });
    },
  });

  function formatOf(formats, source) { for (var i = 0; i < formats.length; i++) if (formats[i].source === source) return formats[i]; return formats[0]; }

  function describeFormat(box, f) {
    clear(box);
    box.appendChild(h('h3', {}, ['数据格式：' + f.label + '（' + f.department + '）']));
    box.appendChild(h('p', {}, ['UTF-8 编码的 CSV 文件，第一行是表头 ', h('code', {}, [f.header]), '，以后每人一行，各项用英文逗号分开。']));
    box.appendChild(S.table('各列的含义', ['列名', '含义', '填写'], f.columns.map(function (c) {
      var how = c.values ? Object.keys(c.values).map(function (k) { return k + ' ' + c.values[k]; }).join('、') : KIND_HINT[c.kind] || c.kind;
      return [c.name, c.label, how];
    })));
    box.appendChild(h('p', { class: 'note' }, ['依据：' + f.legalBasis]));
  }

  function drawFeedForm(box, errorsBox, formats) {
    clear(box);
    var form = h('form', { class: 'staff-form', id: 'feed-form', novalidate: true }, [
      h('h2', {}, ['推送一份数据']),
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      field('source', 'feed-source', '数据类型', select('feed-source', 'source', formats.map(function (f) { return [f.source, f.label]; }))),
      field('asOf', 'feed-asof', '数据截至日期', input('feed-asof', 'asOf', { type: 'date', value: S.today() })),
      field('document', 'feed-document', '提供依据（数据共享协议或文号）', input('feed-document', 'document'), '例如：谯城区医保局与民政局数据共享协议（2026年）'),
      h('div', { class: 'format', id: 'feed-format' }),
      h('div', { class: 'field', 'data-field': 'file' }, [
        h('label', { for: 'feed-file' }, ['选择数据文件（CSV，UTF-8）']),
        S.hint('feed-file-hint', '选择文件后，内容会读入下面的文本框，可以先检查再推送。一次最多约3000行。'),
        h('input', { type: 'file', id: 'feed-file', accept: '.csv,text/csv,text/plain', 'aria-describedby': 'feed-file-hint' }),
      ]),
      field('csv', 'feed-csv', '数据内容', textarea('feed-csv', 'csv', { rows: '8', class: 'mono', spellcheck: 'false' }), '第一行是表头，格式见上方说明。'),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['推送数据'])]),
    ]);
    var sourceSel = $('#feed-source', form);
    var fmt = $('#feed-format', form);
    sourceSel.addEventListener('change', function () { describeFormat(fmt, formatOf(formats, sourceSel.value)); });
    describeFormat(fmt, formatOf(formats, sourceSel.value));
    $('#feed-file', form).addEventListener('change', function (ev) {
      var f = ev.target.files && ev.target.files[0];
      if (f) f.text().then(function (text) { $('#feed-csv', form).value = text; S.say('已读入文件 ' + f.name + '，请检查后推送。', 'ok'); });
    });
    S.handleForm(form, function (body) {
      clear(errorsBox);
      var text = JSON.stringify(body);
      if (text !== feedBody) { feedKey = S.newKey(); feedBody = text; }
      return Auth.api('POST', '/api/v1/monitoring/feeds', body, { 'idempotency-key': feedKey }).then(function (r) {
        if (r.status === 400 && r.body && r.body.code === 'feed-refused') {
          lineErrors(errorsBox, r.body.errors || []);
          // One message on the text box; every line's error is in the table below the form.
          r.body = Object.assign({}, r.body, { errors: [{ field: 'csv', message: r.body.detail }] });
        }
        return r;
      });
    }, function (res) {
      feedKey = S.newKey();
      feedBody = '';
      $('#feed-csv', form).value = '';
      $('#feed-file', form).value = '';
      // go() clears the message line, so the message comes after it.
      S.go('/staff/?v=feeds', true);
      S.say(res.duplicate
        ? '这份数据以前已经推送过（' + res.sourceLabel + '，截至 ' + res.asOf + '），不会重复比对。'
        : '已接收' + res.sourceLabel + '（截至 ' + res.asOf + '），共 ' + res.lines + ' 行，正在与低收入人口名册比对。', 'ok');
    }, { fallback: 'csv' });
    box.appendChild(form);
  }

  function lineErrors(box, errors) {
    clear(box);
    if (!errors.length) return;
    box.appendChild(S.table('整份数据未接收：逐行错误（共 ' + errors.length + (errors.length >= 100 ? '+' : '') + ' 处，请修改后重新推送）', ['行', '列', '问题'], errors.map(function (e) {
      var m = /^csv:(\d+)(?:\.(.+))?$/.exec(e.field || '') || [];
      return [m[1] ? '第' + m[1] + '行' : '—', m[2] || '整行', e.message];
    })));
  }

  function drawFeeds(box, items) {
    if (!items.length) { box.appendChild(h('p', { class: 'empty' }, ['还没有推送的数据。'])); return; }
    box.appendChild(S.table('已接收的推送数据（最新在前）', ['数据', '截至', '提供依据', '法律依据', '推送部门和推送人', '行数', '比对结果', '推送时间'], items.map(function (f) {
      var result = f.result ? '在册人员命中 ' + f.result.matched + ' 人，新预警 ' + f.result.raised + ' 条，已有预警 ' + f.result.existing + ' 条' : STATUS_FEED[f.status] || f.status;
      return [f.sourceLabel, f.asOf, f.document, f.legalBasis, f.department + '，' + f.uploadedBy, String(f.lines), result, S.timeOf(f.uploadedAt)];
    })));
  }

  // ───────────────────────── 12345 tickets (十九) ─────────────────────────

  var TICKET_KINDS = [['request', '求助'], ['complaint', '投诉'], ['report', '反映困难家庭']];
  var ticketKey = S.newKey();
  var ticketBody = '';
  var answerKey = S.newKey();
  var answerBody = '';

  function departments() {
    return [['', '不转部门（由乡镇（街道）承办）']].concat($$('#signin-department option').map(function (o) { return [o.value, o.textContent]; }));
  }

  S.register('tickets', {
    title: '12345热线工单',
    render: function (p, sec, s) {
      clear(sec);
      var status = p.status === 'answered' ? 'answered' : 'open';
      sec.appendChild(h('p', { class: 'lead' }, [
        '12345便民服务热线转来的社会救助工单（求助、投诉、反映困难家庭），登记后转乡镇（街道）或部门承办，须在答复期限内答复办结（措施（十九））。群众可凭工单编号在门户网站查询办理进度，看不到诉求内容。',
      ]));
      if (s.role !== 'department') sec.appendChild(registerForm(s));
      var filter = h('form', { class: 'staff-form filter', id: 'ticket-filter', novalidate: true }, [
        field('status', 'ticket-status', '显示', select('ticket-status', 'status', [['open', '承办中'], ['answered', '已答复办结']])),
        h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['查看'])]),
      ]);
      $('#ticket-status', filter).value = status;
      filter.addEventListener('submit', function (ev) {
        ev.preventDefault();
        S.go('/staff/?v=tickets&status=' + $('#ticket-status', filter).value);
      });
      sec.appendChild(filter);
      var box = h('div', { id: 'ticket-list' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
      sec.appendChild(box);
      var fresh = S.latest(box);
      Auth.api('GET', '/api/v1/tickets?status=' + status).then(function (r) {
        if (!fresh()) return;
        clear(box);
        if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
        drawTickets(box, r.body, status, s);
      });
    },
  });

  function registerForm(s) {
    var townships = h('select', { id: 'ticket-township', name: 'township' });
    var form = h('form', { class: 'staff-form', id: 'ticket-form', novalidate: true }, [
      h('h2', {}, ['登记12345工单']),
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      field('number', 'ticket-number', '12345工单编号', input('ticket-number', 'number'), '6至30位字母、数字或“-”，按12345转来的编号填写。'),
      field('kind', 'ticket-kind', '工单类型', select('ticket-kind', 'kind', TICKET_KINDS)),
      field('summary', 'ticket-summary', '诉求内容', textarea('ticket-summary', 'summary', { rows: '4' }), '写明诉求和联系方式，不要填写身份证号码。'),
      field('receivedOn', 'ticket-received', '12345受理日期', input('ticket-received', 'receivedOn', { type: 'date', value: S.today() })),
      field('township', 'ticket-township', '承办乡镇（街道）', townships),
      field('department', 'ticket-department', '同时转部门（可不选）', select('ticket-department', 'department', departments())),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['登记并转办'])]),
    ]);
    S.loadAreas().then(function (counties) {
      var county = S.countyOf(s);
      counties.forEach(function (c) {
        if (c.code !== county) return;
        c.townships.forEach(function (t) {
          if (s.role === 'caseworker' && t.code !== s.scope.township) return;
          townships.appendChild(h('option', { value: t.code }, [t.name]));
        });
      });
    });
    S.handleForm(form, function (body) {
      var text = JSON.stringify(body);
      if (text !== ticketBody) { ticketKey = S.newKey(); ticketBody = text; }
      return Auth.api('POST', '/api/v1/tickets', body, { 'idempotency-key': ticketKey });
    }, function (res) {
      ticketKey = S.newKey();
      ticketBody = '';
      S.go('/staff/?v=tickets', true);
      S.say('已登记工单 ' + res.number + '，转' + res.routedTo + '承办，答复期限 ' + res.dueDate + '。', 'ok');
    });
    return form;
  }

  function drawTickets(box, body, status, s) {
    var items = body.items;
    if (status === 'open') {
      box.appendChild(h('p', { id: 'ticket-counts' }, ['承办中 ' + body.counts.total + ' 件，其中即将到期 ' + body.counts.atRisk + ' 件，已超期 ' + body.counts.overdue + ' 件。']));
    }
    if (!items.length) { box.appendChild(h('p', { class: 'empty' }, [status === 'open' ? '目前没有承办中的工单。' : '还没有已答复的工单。'])); return; }
    box.appendChild(S.table(status === 'open' ? '承办中的工单（按答复期限排列）' : '已答复办结的工单', ['工单编号', '类型', '诉求内容', '承办', '受理日期', '答复期限', status === 'open' ? '状态' : '答复'], items.map(function (t) {
      var who = t.townshipName + (t.department ? '、' + t.department : '');
      var dueCell = h('span', {}, [t.dueDate].concat(S.flagBadges({ overdue: t.overdue, atRisk: t.atRisk }).map(function (b) { return h('span', {}, [' ', b]); })));
      var last = t.answer ? t.answer.answeredOn + (t.answer.onTime ? '（按期）' : '（超期）') + '：' + t.answer.text : t.statusLabel;
      return [t.number, t.kindLabel, t.summary, who, t.receivedOn, dueCell, last];
    })));
    if (status !== 'open' || (s.role !== 'caseworker' && s.role !== 'department')) return;
    var form = h('form', { class: 'staff-form', id: 'ticket-answer', novalidate: true }, [
      h('h2', {}, ['答复工单']),
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      field('number', 'answer-number', '工单', select('answer-number', 'number', items.map(function (t) { return [t.number, t.number + '（' + t.kindLabel + '，期限 ' + t.dueDate + '）']; }))),
      field('answer', 'answer-text', '答复内容', textarea('answer-text', 'answer', { rows: '4' }), '写明办理结果和告知群众的内容。'),
      field('answeredOn', 'answer-date', '答复日期', input('answer-date', 'answeredOn', { type: 'date', value: S.today() })),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['答复并办结'])]),
    ]);
    S.handleForm(form, function (body) {
      var number = body.number;
      delete body.number;
      var text = JSON.stringify([number, body]);
      if (text !== answerBody) { answerKey = S.newKey(); answerBody = text; }
      return Auth.api('POST', '/api/v1/tickets/' + encodeURIComponent(number) + '/answer', body, { 'idempotency-key': answerKey });
    }, function (res) {
      answerKey = S.newKey();
      answerBody = '';
      S.go('/staff/?v=tickets', true);
      S.say('工单 ' + res.number + ' 已答复办结' + (res.onTime ? '（按期）' : '（已超过答复期限）') + '。', 'ok');
    });
    box.appendChild(form);
  }
})();
