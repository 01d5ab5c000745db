/*
 * Payment runs (issue 5's API, /api/v1/payment-runs): the county supervisor starts the month's run for
 * the county, watches its progress, downloads the 一卡通 file, imports the bank's result file and reads
 * the reconciliation; the auditor reads runs and reconciliations. Loaded only when the page has the
 * payments section, i.e. when the routes exist in shared/definitions at build time.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var C = window.BozhouCharts;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, $ = S.$, clear = S.clear;
  var body = null;
  var poll = null;


  function key() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function nextMonth() {
    var d = new Date(Date.now() + 8 * 3600 * 1000);
    return d.toISOString().slice(0, 7);
  }
  /** Says what a month field was understood as, with the one parser (shared/calendar/months.ts, window.BozhouMonth). */
  var monthParser = null;
  function withMonthParser() {
    if (!monthParser) monthParser = window.BozhouMonth ? Promise.resolve(window.BozhouMonth) : new Promise(function (resolve) {
      var el = document.createElement('script');
      el.src = '/month.js';
      el.onload = function () { resolve(window.BozhouMonth); };
      el.onerror = function () { monthParser = null; resolve(null); };
      document.head.appendChild(el);
    });
    return monthParser;
  }
  function monthReading(input, out, verb) {
    withMonthParser().then(function (M) {
      if (!M) return;
      function show() {
        var r = M.parse(input.value || '');
        out.textContent = r.ok ? verb + ' ' + r.text + '（' + r.month + '）' : (input.value ? r.message : '');
      }
      input.addEventListener('input', show);
      show();
    });
  }
  function runStatus(r) { return r.status === 'finished' ? '已完成' : '正在发放'; }

  S.register('payments', {
    title: function (p) { return p.run ? '发放批次 ' + p.run : '资金发放'; },
    render: function (p, sec, s) {
      clearInterval(poll);
      body = clear(sec);
      if (p.run) return renderRun(p.run, s);
      renderList(s, p.county);
    },
  });

  function renderList(s, countyParam) {
    var county = s.role === 'county' ? S.countyOf(s) : countyParam || '341602';
    body.appendChild(h('p', { class: 'lead' }, ['每月按案件逐户计算金额（不手工填写），生成一卡通发放文件；银行回盘后导入结果，对账说明每一笔差额。']));
    if (s.role === 'auditor') {
      var pick = h('form', { class: 'inline-form', novalidate: true }, [
        h('div', { class: 'field' }, [h('label', { for: 'pay-county' }, ['县区']), h('select', { id: 'pay-county', name: 'county' }, [['341602', '谯城区'], ['341621', '涡阳县'], ['341622', '蒙城县'], ['341623', '利辛县']].map(function (c) { return h('option', { value: c[0], selected: c[0] === county }, [c[1]]); }))]),
        h('button', { type: 'submit', class: 'button secondary' }, ['查看']),
      ]);
      pick.addEventListener('submit', function (ev) { ev.preventDefault(); S.go('/staff/?v=payments&county=' + $('#pay-county').value); });
      body.appendChild(pick);
    } else {
      var start = h('form', { class: 'staff-form', id: 'pay-start', novalidate: true }, [
        h('h2', {}, ['发起本月发放']),
        h('div', { class: 'form-errors', 'data-form-errors': '' }),
        h('div', { class: 'field', 'data-field': 'month' }, [
          h('label', { for: 'pay-month' }, ['发放月份']),
          h('span', { class: 'hint', id: 'pay-month-hint' }, ['例如 2027-01、2027-1 或 2027年1月。同一县区同一月份只能发起一次；重复发起会提示已有的批次。']),
          h('input', { type: 'text', id: 'pay-month', name: 'month', class: 'input-short', value: nextMonth(), autocomplete: 'off', 'aria-describedby': 'pay-month-hint pay-month-read' }),
          h('span', { class: 'hint', id: 'pay-month-read', 'aria-live': 'polite' }, []),
        ]),
        h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['发起发放'])]),
      ]);
      monthReading($('#pay-month', start), $('#pay-month-read', start), '将发放');
      var startKey = key();
      S.handleForm(start, function (b) {
        return Auth.api('POST', '/api/v1/payment-runs', { county: county, month: b.month }, { 'idempotency-key': startKey }).then(function (r) {
          if (r.status === 409 && r.body && r.body.runId) S.say('这个月份已有发放批次 ' + r.body.runId + '，已为您打开。', 'warn'), S.go('/staff/?v=payments&run=' + r.body.runId);
          return r;
        });
      }, function (res) {
        startKey = key();
        S.go('/staff/?v=payments&run=' + encodeURIComponent(res.runId));
        S.say('已发起 ' + res.runId + ' 的发放。', 'ok');
      });
      body.appendChild(start);
    }
    var list = h('div', { id: 'pay-runs' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
    body.appendChild(h('h2', {}, [S.countyName(county) + '的发放批次']));
    body.appendChild(list);
    Auth.api('GET', '/api/v1/payment-runs?county=' + county).then(function (r) {
      clear(list);
      if (r.status !== 200) { list.appendChild(S.problemBox(r.body)); return; }
      var runs = r.body.runs || [];
      if (!runs.length) { list.appendChild(h('p', { class: 'empty' }, ['还没有发放批次。'])); return; }
      list.appendChild(S.table('发放批次（最新在前）', ['批次', '月份', '状态', '进度', '笔数', '金额', '异常'], runs.map(function (x) {
        return [S.link('payments', { run: x.runId }, x.runId, { class: 'ref' }), x.month, runStatus(x), x.progress.done + ' / ' + x.progress.total + ' 户', String(x.entries), S.yuan(x.amountFen), String(x.exceptions)];
      })));
      monthlyChart(runs);
    });
  }

  /** 按类别的月度发放金额: the reconciliation of the latest six runs. */
  function monthlyChart(runs) {
    var recent = runs.filter(function (r) { return r.status === 'finished'; }).slice(0, 6).reverse();
    if (!recent.length) return;
    Promise.all(recent.map(function (r) { return Auth.api('GET', '/api/v1/payment-runs/' + r.runId + '/reconciliation'); })).then(function (answers) {
      var data = {};
      var labels = {};
      answers.forEach(function (a, i) {
        if (a.status !== 200) return;
        var cats = a.body.totals.byCategory || {};
        data[recent[i].month] = {};
        Object.keys(cats).forEach(function (k) { labels[k] = cats[k].label; data[recent[i].month][k] = Math.round(((cats[k].total || {}).amountFen || 0) / 100); });
      });
      body.appendChild(C.stackedBars({
        title: '按类别的月度发放金额（元）', unit: '元', categoryHeading: '月份',
        categories: recent.map(function (r) { return { key: r.month, label: r.month }; }),
        series: Object.keys(labels).map(function (k) { return { key: k, label: labels[k] }; }), data: data,
      }));
    });
  }

  function renderRun(runId, s) {
    var top = h('div', { id: 'pay-run' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
    body.appendChild(h('p', {}, [S.link('payments', {}, '返回发放批次', { class: 'back-link' })]));
    body.appendChild(top);
    function load() {
      return Auth.api('GET', '/api/v1/payment-runs/' + encodeURIComponent(runId)).then(function (r) {
        clear(top);
        if (r.status !== 200) { top.appendChild(S.problemBox(r.body)); clearInterval(poll); return; }
        var run = r.body;
        var pct = run.progress.total ? Math.floor((run.progress.done * 100) / run.progress.total) : (run.progress.producerDone ? 100 : 0);
        top.appendChild(S.dl([
          ['县区和月份', run.countyName + ' ' + run.month], ['状态', h('strong', {}, [runStatus(run)])],
          ['进度', h('span', {}, [h('progress', { max: '100', value: String(pct), 'aria-label': '发放进度' }), ' ' + run.progress.done + ' / ' + run.progress.total + ' 户（' + pct + '%）'])],
          ['本批次计算', run.entries + ' 笔，' + S.yuan(run.amountFen) + (run.status === 'finished' ? '（不含审批时已先行支付的款项和冲正；与应发的差别见下方对账“笔数核对”）' : '')], ['未能发放', run.exceptions + ' 户（转经办人员处理）'],
          ['使用的参数', '版本 ' + run.parameters.version + (run.parameters.backPayMonths.length ? '；补发 ' + run.parameters.backPayMonths.join('、') : '') + (run.parameters.priceMonths.length ? '；价格临时补贴 ' + run.parameters.priceMonths.join('、') : '')],
          run.file ? ['发放文件', run.file.name + '，' + run.file.lines + ' 行，' + S.yuan(run.file.totalFen) + (run.file.noAccount ? '；' + run.file.noAccount + ' 笔无账户未列入' : '')] : null,
        ]));
        if (run.status !== 'finished') {
          top.appendChild(h('p', { class: 'note', role: 'status' }, ['批次正在发放，页面每 3 秒自动刷新进度。']));
          return;
        }
        clearInterval(poll);
        if (s.role === 'county') top.appendChild(fileAndResults(run));
        top.appendChild(reconciliation(run.runId));
      });
    }
    load().then(function () { poll = setInterval(function () { if (document.querySelector('#pay-run') && S.session()) load(); else clearInterval(poll); }, 3000); });
  }

  function fileAndResults(run) {
    var box = h('div', { class: 'case-section', id: 'pay-file' }, [h('h2', {}, ['发放文件和银行回盘'])]);
    var fileOut = h('p', { role: 'status' }, []);
    var get = h('button', { type: 'button', class: 'button secondary' }, ['生成下载链接']);
    get.addEventListener('click', function () {
      Auth.api('GET', '/api/v1/payment-runs/' + run.runId + '/file').then(function (r) {
        clear(fileOut);
        if (r.status !== 200) { fileOut.appendChild(document.createTextNode(((r.body && r.body.detail) || '文件暂不可用'))); return; }
        fileOut.appendChild(h('a', { href: r.body.url, download: r.body.name }, ['下载 ' + r.body.name + '（' + r.body.lines + ' 行，' + S.yuan(r.body.totalFen) + '）']));
        fileOut.appendChild(document.createTextNode('。链接 ' + Math.round(r.body.expiresIn / 60) + ' 分钟内有效，下载已留痕。SHA-256：' + r.body.sha256));
      });
    });
    box.appendChild(h('p', {}, ['下载链接有时效，每次下载都会记录。']));
    box.appendChild(get);
    box.appendChild(fileOut);
    var resultsKey = key();
    var form = h('form', { class: 'staff-form', novalidate: true }, [
      h('h3', {}, ['导入银行回盘文件']),
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      h('div', { class: 'field', 'data-field': 'csv' }, [
        h('label', { for: 'pay-results-file' }, ['回盘文件（CSV）']),
        h('span', { class: 'hint', id: 'pay-results-hint' }, ['表头：付款编号,金额（元）,状态,原因代码,原因。金额写成两位小数的元（如 1200.00），状态写“成功”或“失败”。有任何一行不对，整个文件都不会导入，并指出是哪几行。']),
        h('input', { type: 'file', id: 'pay-results-file', accept: '.csv,text/csv', 'aria-describedby': 'pay-results-hint' }),
        h('textarea', { id: 'pay-results', name: 'csv', rows: '4', class: 'mono', 'aria-label': '或者粘贴回盘文件内容', placeholder: '或者粘贴回盘文件内容' }),
      ]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['导入'])]),
    ]);
    $('#pay-results-file', form).addEventListener('change', function (ev) {
      var f = ev.target.files && ev.target.files[0];
      if (f) f.text().then(function (t) { $('#pay-results', form).value = t; });
    });
    S.handleForm(form, function (b) {
      return Auth.api('POST', '/api/v1/payment-runs/' + run.runId + '/results', { csv: b.csv || '' }, { 'idempotency-key': resultsKey });
    }, function (res) {
      resultsKey = key();
      S.say('已导入回盘：支付成功 ' + res.paid + ' 笔，失败 ' + res.failed + ' 笔，未变 ' + res.unchanged + ' 笔。', 'ok');
      S.go('/staff/?v=payments&run=' + run.runId, true);
    }, { fallback: 'csv' });
    box.appendChild(form);
    return box;
  }

  var CHECK_TEXT = {
    categoriesEqualLedger: '类别合计与台账不一致', statusesEqualLedger: '状态合计与台账不一致', differenceExplained: '差额未全部说明',
    runCounterMatches: '本批次计算与批次计数不一致（索引可能尚未同步，请稍后刷新）', partsEqualLedger: '来源合计与台账不一致', fileMatchesLedger: '发放文件与银行发放不一致',
  };

  /** 笔数核对: the run's own count, plus what the ledger of the month holds besides, equals 应发; the file is the bank lines. */
  function composition(v) {
    var c = v.composition;
    var keys = Object.keys(c.parts);
    var rows = keys.map(function (k) { var x = c.parts[k]; return [x.label, String(x.count), S.yuan(x.amountFen), x.explanation]; });
    rows.push([h('strong', {}, ['应发合计']), h('strong', {}, [String(c.total.count)]), h('strong', {}, [S.yuan(c.total.amountFen)]), '本批次计算 ' + c.run.count + ' 笔 ' + S.yuan(c.run.amountFen) + (keys.filter(function (k) { return k === 'advance' || k === 'correction'; }).map(function (k) { return '，加' + c.parts[k].label + ' ' + c.parts[k].count + ' 笔 ' + S.yuan(c.parts[k].amountFen); }).join(''))]);
    if (v.file) rows.push(['一卡通发放文件', String(v.file.listed.count), S.yuan(v.file.listed.amountFen), v.file.explanation]);
    return h('div', { id: 'pay-composition' }, [S.table('笔数核对（本批次计算、应发和发放文件）', ['来源', '笔数', '金额', '说明'], rows)]);
  }

  function reconciliation(runId) {
    var box = h('div', { class: 'case-section', id: 'pay-reconciliation' }, [h('h2', {}, ['对账']), h('p', { class: 'loading' }, ['正在对账…'])]);
    Auth.api('GET', '/api/v1/payment-runs/' + runId + '/reconciliation').then(function (r) {
      box.removeChild(box.lastChild);
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      var v = r.body;
      var checks = v.checks || {};
      var allOk = Object.keys(checks).every(function (k) { return checks[k]; });
      box.appendChild(h('ul', { class: 'stat-list' }, [
        h('li', { class: 'stat' }, [h('span', { class: 'stat-n' }, [S.yuan(v.expectedFen)]), '应发' + (v.composition ? '（' + v.composition.total.count + ' 笔）' : '')]),
        h('li', { class: 'stat' }, [h('span', { class: 'stat-n' }, [S.yuan(v.paidFen)]), '已支付']),
        h('li', { class: 'stat ' + (v.differenceFen ? 'stat-risk' : '') }, [h('span', { class: 'stat-n' }, [S.yuan(v.differenceFen)]), '差额（逐笔说明见下）']),
      ]));
      box.appendChild(h('p', { class: allOk ? 'note' : 'callout' }, [allOk ? '核对通过：本批次计算与批次计数一致，类别合计、状态合计与台账一致，发放文件与银行发放一致，差额全部有说明。' : '核对未通过：' + Object.keys(checks).filter(function (k) { return !checks[k]; }).map(function (k) { return CHECK_TEXT[k] || k; }).join('、')]));
      if (v.composition) box.appendChild(composition(v));
      var cats = v.totals.byCategory || {};
      var statusKeys = ['paid', 'pending', 'failed', 'corrected'];
      var statusLabels = { paid: '已支付', pending: '等待银行回盘', failed: '支付失败', corrected: '冲正' };
      box.appendChild(S.table('按类别（元）', ['类别'].concat(statusKeys.map(function (k) { return statusLabels[k]; })).concat(['合计']), Object.keys(cats).map(function (k) {
        var c = cats[k];
        return [c.label].concat(statusKeys.map(function (st) { return c[st] ? S.yuan(c[st].amountFen) + '（' + c[st].count + '笔）' : '—'; })).concat([S.yuan((c.total || {}).amountFen || 0)]);
      })));
      var lines = v.explanation.lines || [];
      if (lines.length) {
        box.appendChild(S.table('差额说明（' + v.explanation.lineCount + ' 笔' + (v.explanation.linesTruncated ? '，只列出前 ' + lines.length + ' 笔' : '') + '）', ['付款编号', '类别', '期间', '金额', '说明'], lines.map(function (l) {
          return [h('code', {}, [l.paymentId]), (cats[l.category] || {}).label || l.category, l.period, S.yuan(l.amountFen), l.explanation];
        })));
      }
      if (v.exceptions && v.exceptions.length) {
        box.appendChild(S.table('未能发放的案件（' + v.exceptions.length + ' 户，已转经办人员）', ['申请编号', '原因'], v.exceptions.map(function (x) { return [S.link('case', { ref: x.reference }, x.reference, { class: 'ref' }), x.reason]; })));
      }
    });
    return box;
  }

  // ---------- 乡镇（街道）临时救助备用金 (十三) ----------
  // The township's caseworker and approver read their own reserve; the county funds its townships and reads
  // them; the auditor reads any. Balance, what drew on it, and the month's reconciliation against the ledger.
  S.register('reserve', {
    title: function () { return '临时救助备用金'; },
    render: function (p, sec, s) {
      clearInterval(poll);
      var root = clear(sec);
      var own = s.scope.township;
      var township = own || p.township || '';
      var month = p.month || nextMonth();
      root.appendChild(h('p', { class: 'lead' }, ['乡镇（街道）临时救助备用金由县级民政部门拨付，急难型“小金额先行救助”从中支出；余额不足时不能先行救助，余额不会低于零。每月与发放台账逐笔对账（十三）。']));
      if (!own) {
        var pick = h('form', { class: 'inline-form', id: 'reserve-pick', novalidate: true }, [
          h('div', { class: 'field', 'data-field': 'township' }, [
            h('label', { for: 'reserve-township' }, ['乡镇（街道）代码']),
            h('span', { class: 'hint', id: 'reserve-township-hint' }, ['9位数字，例如 341602001。']),
            h('input', { type: 'text', id: 'reserve-township', name: 'township', class: 'input-short', value: township, inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': 'reserve-township-hint' }),
          ]),
          h('div', { class: 'field', 'data-field': 'month' }, [
            h('label', { for: 'reserve-month' }, ['对账月份']),
            h('input', { type: 'text', id: 'reserve-month', name: 'month', class: 'input-short', value: month, inputmode: 'numeric', autocomplete: 'off' }),
          ]),
          h('button', { type: 'submit', class: 'button secondary' }, ['查看']),
        ]);
        pick.addEventListener('submit', function (ev) {
          ev.preventDefault();
          S.go('/staff/?v=reserve&township=' + encodeURIComponent($('#reserve-township').value.trim()) + '&month=' + encodeURIComponent($('#reserve-month').value.trim()));
        });
        root.appendChild(pick);
      }
      if (!township) return;
      var box = h('div', { id: 'reserve-view' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
      root.appendChild(box);
      Auth.api('GET', '/api/v1/township-reserves/' + encodeURIComponent(township) + '?month=' + encodeURIComponent(month)).then(function (r) {
        clear(box);
        if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
        var v = r.body;
        var rec = v.reconciliation;
        box.appendChild(h('h2', {}, [v.townshipName + '备用金']));
        box.appendChild(S.dl([
          ['当前余额', S.yuan(v.balanceFen)],
          ['累计拨付', S.yuan(v.fundedFen)],
          ['累计支出', S.yuan(v.drawnFen)],
          ['备用金限额（示例值）', S.yuan(v.limitFen)],
        ]));
        box.appendChild(h('h2', {}, [rec.month + ' 对账']));
        box.appendChild(h('p', { id: 'reserve-reconciliation', class: rec.reconciled ? 'ok-text' : 'warning-text' }, [
          '本月拨付 ' + S.yuan(rec.fundedFen) + '，支出 ' + rec.draws + ' 笔共 ' + S.yuan(rec.drawnFen) + '；与发放台账核对一致 ' + rec.matched + ' 笔' + (rec.reconciled ? '，全部相符。' : '，有 ' + rec.differences.length + ' 笔不符，请核查。'),
        ]));
        if (rec.differences.length) box.appendChild(S.table('对账差异', ['申请编号', '备用金支出', '台账金额', '问题'], rec.differences.map(function (d) { return [d.reference, S.yuan(d.reserveFen), S.yuan(d.ledgerFen), d.problem]; })));
        var monthly = v.monthly || [];
        if (monthly.length) box.appendChild(S.table('每月对账结果（每月1日自动核对上月）', ['月份', '结果', '支出笔数', '支出金额', '差异笔数'], monthly.map(function (m) { return [m.month, m.reconciled ? '相符' : '有差异，已生成核查任务', String(m.draws), S.yuan(m.drawnFen), String(m.differences)]; })));
        var moves = (v.movements || []).slice().reverse();
        box.appendChild(moves.length
          ? S.table('收支明细（最新在前）', ['时间', '类型', '金额', '申请编号', '说明'], moves.map(function (m) { return [S.timeOf ? S.timeOf(m.at) : m.at, m.kind === 'fund' ? '县级拨付' : m.entryKind === 'linshi.oneOff' ? '乡镇审批临时救助支出' : '先行救助支出', S.yuan(m.amountFen), m.reference || '—', m.note || '—']; }))
          : h('p', { class: 'empty' }, ['还没有收支记录。']));
        if (s.role === 'county') box.appendChild(fundForm(township));
      });
    },
  });

  function fundForm(township) {
    var form = h('form', { class: 'staff-form', id: 'reserve-fund', novalidate: true }, [
      h('h2', {}, ['拨付备用金']),
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      h('div', { class: 'field', 'data-field': 'amountFen' }, [
        h('label', { for: 'reserve-amount' }, ['拨付金额（元）']),
        h('span', { class: 'hint', id: 'reserve-amount-hint' }, ['拨付后余额不能超过备用金限额。']),
        h('div', { class: 'input-money' }, [h('input', { type: 'text', id: 'reserve-amount', name: 'amountFen', 'data-kind': 'yuan', inputmode: 'decimal', class: 'input-short', autocomplete: 'off', 'aria-describedby': 'reserve-amount-hint' }), h('span', { 'aria-hidden': 'true' }, ['元'])]),
      ]),
      h('div', { class: 'field', 'data-field': 'note' }, [
        h('label', { for: 'reserve-note' }, ['说明（可不填）']),
        h('textarea', { id: 'reserve-note', name: 'note' }),
      ]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['拨付'])]),
    ]);
    var fundKey = key();
    S.handleForm(form, function (b) {
      return Auth.api('POST', '/api/v1/township-reserves/' + encodeURIComponent(township) + '/funding', b, { 'idempotency-key': fundKey });
    }, function () {
      fundKey = key();
      S.say('已拨付备用金。', 'ok');
      S.go('/staff/?v=reserve&township=' + encodeURIComponent(township), true);
    });
    return form;
  }
})();
