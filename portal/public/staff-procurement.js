/*
 * 政府购买社会救助服务 (measure 十八; issue 8's API in shared/definitions/routes-procurement.ts), loaded on
 * demand by staff.js (MODULES). Views:
 * - `procurement` (county): the year's funds → the 1 % allocation with its trace and what is committed and
 *   paid; the service list; the county's tenders; publishing a tender with its scoring criteria.
 * - `tender` (county, ?v=tender&id=): amend or terminate, open bids after the deadline, draw the panel, read
 *   the evaluation and ranking, award (a deviation needs a legal reason and another officer's sign-off),
 *   answer 质疑, sign the contract, evaluate milestones and pay.
 * - `bidding` (contractor): registration and its status, open tenders, sealed bids with their receipts,
 *   own score and rank, 质疑 within the period, delivery reports.
 * - `evaluation` (evaluator): conflicts of interest, assigned tenders, score sheets.
 * Money is typed in yuan and sent as fen (data-kind="yuan"); errors appear next to the field they name.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, $ = S.$, $$ = S.$$, clear = S.clear;

  var METHODS = [['open', '公开招标'], ['consultation', '竞争性磋商'], ['negotiation', '竞争性谈判'], ['singleSource', '单一来源采购']];
  var METHOD_HINT = '截止时间须留足法定时间：公开招标不少于20日，竞争性磋商不少于10日，竞争性谈判不少于3个工作日，单一来源公示不少于5个工作日。';
  var STATUS = { active: '正在接受投标', terminated: '已终止', opened: '已开标，正在评审', unsuccessful: '采购失败（有效投标不足）', awarded: '结果已公告（质疑期）', contracted: '已签订合同' };
  var RATINGS = [['excellent', '优秀'], ['good', '良好'], ['fair', '合格'], ['poor', '不合格']];

  function key() { return window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2); }
  function year() { return Number(S.today().slice(0, 4)); }
  function points(centi) { return typeof centi === 'number' ? Math.floor(centi / 100) + '.' + ('0' + (centi % 100)).slice(-2) : '—'; }
  function loading(text) { return h('p', { class: 'loading' }, [text || '正在读取…']); }
  function section(title, id, children) { return h('div', { class: 'case-section', id: id }, [h('h2', {}, [title])].concat(children || [])); }
  /** A labelled field named by the JSON path the API reports in errors[].field. */
  function field(id, name, label, opts) {
    opts = opts || {};
    var hintId = opts.hint ? id + '-hint' : undefined;
    var input;
    if (opts.options) {
      input = h('select', { id: id, name: name, 'aria-describedby': hintId }, opts.options.map(function (o) { return h('option', { value: o[0], selected: String(o[0]) === String(opts.value) }, [o[1]]); }));
    } else if (opts.rows) {
      input = h('textarea', { id: id, name: name, rows: String(opts.rows), 'aria-describedby': hintId, 'data-kind': opts.kind }, [opts.value || '']);
    } else {
      input = h('input', { type: opts.type || 'text', id: id, name: name, value: opts.value, class: opts.short ? 'input-short' : undefined, inputmode: opts.kind === 'yuan' || opts.kind === 'int' ? 'decimal' : undefined, autocomplete: 'off', 'aria-describedby': hintId, 'data-kind': opts.kind });
    }
    return h('div', { class: 'field', 'data-field': name }, [h('label', { for: id }, [label]), opts.hint ? h('span', { class: 'hint', id: hintId }, [opts.hint]) : null, input]);
  }
  function radios(prefix, name, legend, options, kind) {
    return h('div', { class: 'field', 'data-field': name }, [h('fieldset', {}, [h('legend', {}, [legend]), h('div', { class: 'choices choices-inline' }, options.map(function (o, i) {
      var id = prefix + '-' + name + (i ? '-' + i : '');
      return h('div', { class: 'choice' }, [h('input', { type: 'radio', id: id, name: name, value: o[0], 'data-kind': kind }), h('label', { for: id }, [o[1]])]);
    }))])]);
  }
  function form(id, title, children, submit) {
    return h('form', { class: 'staff-form', id: id, novalidate: true }, [title ? h('h3', {}, [title]) : null, h('div', { class: 'form-errors', 'data-form-errors': '' })].concat(children).concat([h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, [submit])])]));
  }
  /** "2026-06-21T09:30" (datetime-local, Beijing time) → ISO 8601 with +08:00, as the API wants. */
  function withOffset(v) { return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? v + ':00+08:00' : v; }
  function again(view, params, message) { S.go('/staff/?' + new URLSearchParams(Object.assign({ v: view }, params)).toString(), true); if (message) S.say(message, 'ok'); }
  function problemOr(box, r) { if (r.status !== 200) { clear(box).appendChild(S.problemBox(r.body)); return true; } return false; }
  function listTenders() {
    return Auth.api('GET', '/api/v1/tenders').then(function (r) { return r.status === 200 ? r.body.items || [] : []; });
  }

  // ====================================================== county: the year's plan and tenders
  S.register('procurement', {
    title: '政府购买社会救助服务',
    render: function (p, sec, s) {
      var body = clear(sec);
      var county = S.countyOf(s);
      var y = Number(p.year) || year();
      body.appendChild(h('p', { class: 'lead' }, ['措施（十八）：按年度服务清单购买服务，经费额度为当年社会救助资金的1%。采购、评审、结果、质疑、合同和付款都留痕，并按开放合同数据标准公开。']));
      var pick = h('form', { class: 'inline-form', novalidate: true }, [field('proc-year', 'year', '年度', { value: String(y), short: true, kind: 'int' }), h('button', { type: 'submit', class: 'button secondary' }, ['查看'])]);
      pick.addEventListener('submit', function (ev) { ev.preventDefault(); S.go('/staff/?v=procurement&year=' + encodeURIComponent($('#proc-year').value)); });
      body.appendChild(pick);
      var budgetBox = h('div', {}, [loading()]);
      var listBox = h('div', {}, [loading()]);
      var tendersBox = h('div', {}, [loading()]);
      body.appendChild(section(y + '年资金和购买服务额度', 'proc-budget', [budgetBox]));
      body.appendChild(section(y + '年购买服务清单', 'proc-list', [listBox]));
      body.appendChild(section('采购项目', 'proc-tenders', [tendersBox]));
      var newBox = h('div', {}, []);
      body.appendChild(section('发布采购公告', 'proc-new', [newBox]));
      var q = '?county=' + county + '&year=' + y;
      Auth.api('GET', '/api/v1/budgets' + q).then(function (r) { renderBudget(budgetBox, r.status === 200 ? r.body : null, county, y); });
      Auth.api('GET', '/api/v1/service-lists' + q).then(function (r) {
        var services = r.status === 200 ? r.body.services : [];
        renderList(listBox, services, county, y);
        renderNewTender(newBox, services, y, county);
      });
      listTenders().then(function (items) {
        clear(tendersBox);
        var mine = items.filter(function (t) { return t.county === county; });
        if (!mine.length) { tendersBox.appendChild(h('p', { class: 'empty' }, ['本县区还没有采购项目。'])); return; }
        tendersBox.appendChild(S.table('本县区的采购项目（最新在前）', ['项目', '采购方式', '最高限价', '投标截止', '状态'], mine.map(function (t) {
          return [S.link('tender', { id: t.id }, t.title), t.methodLabel, S.yuan(t.valueCapFen), S.timeOf(t.deadline), STATUS[t.status] || t.status];
        })));
      });
    },
  });

  function renderBudget(box, b, county, y) {
    clear(box);
    if (b) {
      box.appendChild(S.dl([['当年社会救助资金', S.yuan(b.totalFundsFen)], ['购买服务额度（1%）', h('strong', {}, [S.yuan(b.allocationFen)])], ['已承诺（中标金额）', S.yuan(b.committedFen)], ['已付款', S.yuan(b.paidFen)], ['尚可使用', S.yuan(b.remainingFen)]]));
      box.appendChild(h('details', {}, [h('summary', {}, ['额度的计算过程']), h('ol', { class: 'trace' }, (b.trace || []).map(function (t) { return h('li', {}, [h('span', { class: 'cite' }, [(t.measure || '') + ' ']), t.detail || t.rule || '']); }))]));
    } else box.appendChild(h('p', { class: 'empty' }, ['还没有录入' + y + '年的社会救助资金。']));
    var f = b ? b.funds : {};
    var fen = function (v) { return typeof v === 'number' ? String(v / 100) : ''; };
    var budgetForm = form('proc-funds', b ? '调整各级资金' : '录入各级资金', [
      h('p', { class: 'hint' }, ['单位：元。额度按四级资金合计的1%计算；调减不能低于已承诺的金额。']),
      field('proc-central', 'funds.centralFen', '中央资金（元）', { kind: 'yuan', value: fen(f.centralFen) }),
      field('proc-provincial', 'funds.provincialFen', '省级资金（元）', { kind: 'yuan', value: fen(f.provincialFen) }),
      field('proc-municipal', 'funds.municipalFen', '市级资金（元）', { kind: 'yuan', value: fen(f.municipalFen) }),
      field('proc-county', 'funds.countyFen', '县级资金（元）', { kind: 'yuan', value: fen(f.countyFen) }),
    ], '保存并计算额度');
    S.handleForm(budgetForm, function (body) { return Auth.api('POST', '/api/v1/budgets', { county: county, year: y, funds: body.funds || {} }); }, function (res) {
      again('procurement', { year: String(y) }, '已保存。' + y + '年购买服务额度为 ' + S.yuan(res.allocationFen) + '。');
    });
    box.appendChild(budgetForm);
  }

  function renderList(box, services, county, y) {
    clear(box);
    if (services.length) {
      box.appendChild(S.table(y + '年购买服务清单', ['编号', '服务', '内容', '单位', '服务对象'], services.map(function (x) { return [x.id, x.name, x.description, x.unit, x.serves]; })));
    } else box.appendChild(h('p', { class: 'empty' }, ['还没有' + y + '年的购买服务清单。']));
    var add = form('proc-service', '在清单中增加一项服务', [
      field('proc-svc-id', 'services.' + services.length + '.id', '服务编号', { hint: '字母、数字，例如 visit', short: true }),
      field('proc-svc-name', 'services.' + services.length + '.name', '服务名称'),
      field('proc-svc-desc', 'services.' + services.length + '.description', '服务内容', { rows: 2 }),
      field('proc-svc-unit', 'services.' + services.length + '.unit', '计量单位', { hint: '例如 人·月', short: true }),
      field('proc-svc-serves', 'services.' + services.length + '.serves', '服务对象或区域'),
    ], '保存清单');
    S.handleForm(add, function (body) {
      var list = services.map(function (x) { return { id: x.id, name: x.name, description: x.description, unit: x.unit, serves: x.serves }; });
      list.push((body.services || [])[services.length] || {});
      return Auth.api('POST', '/api/v1/service-lists', { county: county, year: y, services: list });
    }, function () { again('procurement', { year: String(y) }, '清单已保存。'); }, { fallback: 'services.' + services.length + '.name' });
    box.appendChild(add);
  }

  /**
   * 采购文件: the county picks a file; the page asks for a presigned upload (POST /api/v1/tender-documents,
   * shared/procurement/documents.ts, which checks type and size), PUTs the file straight to the documents
   * bucket, and keeps the key it got in a hidden field for the publication. The platform reads the file back
   * at publication, checks it and computes its SHA-256 itself.
   */
  var DOC_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ofd: 'application/ofd' };
  function sizeText(bytes) { return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + ' MB' : Math.max(1, Math.ceil(bytes / 1024)) + ' KB'; }
  function documentPicker(county) {
    var keyInput = h('input', { type: 'hidden', name: 'documents.0.key', id: 'proc-t-doc-key' });
    var file = h('input', { type: 'file', id: 'proc-t-doc-file', accept: '.pdf,.docx,.xlsx,.ofd', 'aria-describedby': 'proc-t-doc-file-hint proc-t-doc-status' });
    var status = h('p', { class: 'hint', id: 'proc-t-doc-status', role: 'status' }, []);
    file.addEventListener('change', function () {
      keyInput.value = '';
      var f = file.files && file.files[0];
      if (!f) { status.textContent = ''; return; }
      var ext = (f.name.split('.').pop() || '').toLowerCase();
      var type = DOC_TYPES[ext] || f.type || 'application/octet-stream';
      status.textContent = '正在上传“' + f.name + '”（' + sizeText(f.size) + '）…';
      Auth.api('POST', '/api/v1/tender-documents', { county: county, contentType: type, size: f.size }).then(function (r) {
        if (r.status !== 201) {
          var e = r.body && r.body.errors && r.body.errors[0];
          status.textContent = '没有上传：' + ((e && e.message) || (r.body && (r.body.detail || r.body.title)) || '服务器返回 ' + r.status);
          return null;
        }
        return fetch(r.body.upload.url, { method: 'PUT', headers: r.body.upload.headers, body: f }).then(function (put) {
          if (!put.ok) { status.textContent = '上传没有完成（存储返回 ' + put.status + '），请重新选择文件。'; return; }
          keyInput.value = r.body.key;
          var title = document.getElementById('proc-t-doc-title');
          if (title && !title.value.trim()) title.value = f.name.replace(/\.[^.]+$/, '');
          status.textContent = '已上传“' + f.name + '”（' + sizeText(f.size) + '）。发布时平台会核对文件并计算摘要值（SHA-256）。';
        });
      }).catch(function () { status.textContent = '上传没有完成：网络中断了，请重新选择文件。'; });
    });
    return h('div', { class: 'field', 'data-field': 'documents.0.key' }, [
      h('label', { for: 'proc-t-doc-file' }, ['采购文件（可不选）']),
      h('span', { class: 'hint', id: 'proc-t-doc-file-hint' }, ['PDF、Word（.docx）、Excel（.xlsx）或 OFD，不超过 20 MB。选好后立即上传，不经过本页面的服务器。']),
      file, keyInput, status,
    ]);
  }

  /** The tender's documents, each with its SHA-256 and a download through a short-lived link. */
  function documentList(t, prefix) {
    var docs = (t.documents || []).filter(function (d) { return d.sha256; });
    if (!docs.length) return null;
    return h('div', { class: 'tender-documents', id: prefix + '-docs' }, [h('h4', {}, ['采购文件']), h('ul', {}, docs.map(function (d, i) {
      var note = h('span', { role: 'status' }, []);
      var b = h('button', { type: 'button', class: 'button secondary', id: prefix + '-doc-' + i }, ['下载“' + d.title + '”']);
      b.addEventListener('click', function () {
        note.textContent = '正在取得下载链接…';
        Auth.api('GET', '/api/v1/tenders/' + encodeURIComponent(t.id) + '/documents/' + encodeURIComponent(d.id)).then(function (r) {
          if (r.status !== 200) { note.textContent = '不能下载：' + ((r.body && (r.body.detail || r.body.title)) || r.status); return; }
          note.textContent = '下载链接 ' + Math.round(r.body.expiresIn / 60) + ' 分钟内有效。下载后可用 SHA-256 核对文件。';
          var a = h('a', { href: r.body.url, rel: 'noopener noreferrer', download: r.body.fileName }, []);
          document.body.appendChild(a);
          a.click();
          document.body.removeChild(a);
        });
      });
      return h('li', {}, [d.title + '（' + sizeText(d.size || 0) + '） SHA-256：', h('code', { class: 'receipt' }, [d.sha256]), ' ', b, ' ', note]);
    }))]);
  }

  function renderNewTender(box, services, y, county) {
    clear(box);
    if (!services.length) { box.appendChild(h('p', { class: 'empty' }, ['请先保存本年度的购买服务清单。'])); return; }
    var rows = [];
    for (var i = 1; i <= 3; i++) {
      rows.push(h('div', { class: 'field-row' }, [
        h('input', { type: 'hidden', name: 'criteria.' + i + '.kind', value: 'technical' }),
        field('proc-c' + i + '-id', 'criteria.' + i + '.id', '技术因素' + i + ' 编号', { short: true, value: i === 1 ? 'plan' : i === 2 ? 'team' : '' }),
        field('proc-c' + i + '-name', 'criteria.' + i + '.name', '技术因素' + i + ' 名称', { value: i === 1 ? '服务方案' : i === 2 ? '团队与经验' : '' }),
        field('proc-c' + i + '-weight', 'criteria.' + i + '.weight', '技术因素' + i + ' 分值', { kind: 'int', short: true, value: i === 1 ? '50' : i === 2 ? '30' : '' }),
      ]));
    }
    var tenderKey = key();
    var f = form('proc-tender', '', [
      field('proc-t-service', 'serviceId', '购买的服务', { options: services.map(function (x) { return [x.id, x.name]; }) }),
      field('proc-t-title', 'title', '项目名称'),
      field('proc-t-desc', 'description', '项目说明', { rows: 3 }),
      field('proc-t-method', 'method', '采购方式', { options: METHODS, hint: METHOD_HINT }),
      field('proc-t-cap', 'valueCapFen', '最高限价（元）', { kind: 'yuan', hint: '不能超过本年度额度的剩余部分。' }),
      field('proc-t-deadline', 'deadline', '投标截止时间（北京时间）', { type: 'datetime-local' }),
      h('fieldset', { class: 'group' }, [h('legend', {}, ['评分因素和分值（综合评分法，合计100分）']),
        h('p', { class: 'hint' }, ['价格分由系统按低价优先法计算，服务项目价格分值为10至30分（财政部令第87号第五十五条）。']),
        h('input', { type: 'hidden', name: 'criteria.0.id', value: 'price' }),
        h('input', { type: 'hidden', name: 'criteria.0.name', value: '价格' }),
        h('input', { type: 'hidden', name: 'criteria.0.kind', value: 'price' }),
        field('proc-c0-weight', 'criteria.0.weight', '价格分值', { kind: 'int', short: true, value: '20' }),
      ].concat(rows)),
      field('proc-t-contact-name', 'contact.name', '采购人联系部门（公告中公开）', { hint: '投标人有问题时找谁，例如：谯城区民政局社会救助股。' }),
      field('proc-t-contact-phone', 'contact.phone', '联系电话（公告中公开）', { hint: '请填办公电话，例如 0558-5123456。' }),
      field('proc-t-doc-title', 'documents.0.title', '采购文件名称（可不填）', { hint: '不填时用文件名。' }),
      documentPicker(county),
    ], '发布采购公告');
    S.handleForm(f, function (body) {
      body.year = y;
      body.deadline = withOffset(body.deadline);
      body.criteria = (body.criteria || []).filter(function (c) { return c && (c.kind === 'price' || c.name || c.id || c.weight); });
      body.documents = (body.documents || []).filter(function (d) { return d && (d.title || d.key); });
      if (body.contact && !body.contact.name && !body.contact.phone) delete body.contact;
      return Auth.api('POST', '/api/v1/tenders', body, { 'idempotency-key': tenderKey });
    }, function (res) { tenderKey = key(); again('tender', { id: res.id }, '已发布采购公告 ' + res.id + '。'); });
    box.appendChild(f);
  }

  // ====================================================== county: one tender
  S.register('tender', {
    title: function (p) { return '采购项目 ' + (p.id || ''); },
    render: function (p, sec, s) {
      var body = clear(sec);
      body.appendChild(h('p', {}, [S.link('procurement', {}, '返回购买服务', { class: 'back-link' })]));
      var top = h('div', { id: 'tender-body' }, [loading()]);
      body.appendChild(top);
      Auth.api('GET', '/api/v1/tenders/' + encodeURIComponent(p.id || '')).then(function (r) {
        if (problemOr(top, r)) return;
        renderTender(clear(top), r.body, s);
      });
    },
  });

  function tenderSummary(t) {
    return S.dl([
      ['项目名称', t.title], ['服务', t.service ? t.service.name : ''], ['采购方式', t.methodLabel], ['最高限价', S.yuan(t.valueCapFen)],
      ['公告时间', S.timeOf(t.publishedAt)], ['投标截止', S.timeOf(t.deadline)], ['状态', h('strong', {}, [STATUS[t.status] || t.status])],
      ['评分因素', (t.criteria || []).map(function (c) { return c.name + ' ' + c.weight + '分'; }).join('，')],
      t.termination ? ['终止理由', t.termination.reason] : null,
    ]);
  }

  function renderTender(root, t, s) {
    var reload = function (message) { again('tender', { id: t.id }, message); };
    root.appendChild(tenderSummary(t));
    var docs = documentList(t, 'tender');
    if (docs) root.appendChild(docs);
    if (t.amendments.length) root.appendChild(S.table('更正公告', ['时间', '更正内容', '理由'], t.amendments.map(function (a) { return [S.timeOf(a.at), a.description, a.rationale]; })));
    (t.cancelledResults || []).forEach(function (c) { root.appendChild(h('p', { class: 'callout' }, ['已撤销的结果：' + c.supplier + '（' + S.yuan(c.priceFen) + '），' + S.dateOf(c.cancelledAt) + ' 因质疑成立撤销：' + c.reason])); });

    if (t.status === 'active') {
      var amendKey = t.id;
      var amend = form('tender-amend', '更正公告', [
        field('tender-amend-rationale', 'rationale', '更正理由', { rows: 2 }),
        field('tender-amend-desc', 'description', '新的项目说明（不改可不填）', { rows: 3 }),
        field('tender-amend-deadline', 'deadline', '新的投标截止时间（不改可不填）', { type: 'datetime-local', hint: '更正项目说明或采购文件的，距截止须留足：公开招标15日、磋商5日、谈判3个工作日；不足的请顺延截止时间。' }),
      ], '发布更正公告');
      S.handleForm(amend, function (b) { b.deadline = withOffset(b.deadline); return Auth.api('POST', '/api/v1/tenders/' + amendKey + '/amendments', b); }, function () { reload('已发布更正公告。'); }, { fallback: 'rationale' });
      var open = h('form', { class: 'staff-form', id: 'tender-open', novalidate: true }, [h('h3', {}, ['开标']), h('p', { class: 'hint' }, ['投标截止后才能开标。截止前任何人都不能解密投标文件，尝试会被记录并告警。']), h('div', { class: 'form-errors', 'data-form-errors': '' }), h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['开标'])])]);
      S.handleForm(open, function () { return Auth.api('POST', '/api/v1/tenders/' + t.id + '/opening'); }, function (res) { reload('已开标：' + res.opening.bids.length + ' 份投标。'); });
      root.appendChild(section('截止前', 'tender-before', [open, amend, terminateForm(t, reload)]));
      return;
    }
    if (t.opening) {
      root.appendChild(section('开标记录', 'tender-opening', [S.table('开标记录（' + S.timeOf(t.opening.at) + '）', ['投标机构', '统一社会信用代码', '报价', '是否有效'], t.opening.bids.map(function (b) { return [b.name, b.creditCode, S.yuan(b.priceFen), b.status === 'valid' ? '有效' : '无效（超过最高限价）']; }))]));
    }
    if (t.status === 'opened' || t.status === 'awarded' || t.status === 'contracted') {
      var evalBox = h('div', {}, [loading()]);
      root.appendChild(section('评审', 'tender-evaluation', [evalBox]));
      Auth.api('GET', '/api/v1/tenders/' + t.id + '/evaluation').then(function (r) { if (!problemOr(evalBox, r)) renderEvaluation(clear(evalBox), t, r.body, s, reload); });
    }
    if (t.result) {
      root.appendChild(section('中标（成交）结果', 'tender-result', [S.dl([['中标（成交）机构', t.result.supplier], ['金额', S.yuan(t.result.priceFen)], ['公告时间', S.timeOf(t.result.announcedAt)], ['质疑期至', t.result.challengeUntil], t.result.deviation ? ['不按排名的理由', t.result.deviation.legalReason] : null])]));
    }
    if (t.status === 'awarded' || t.cancelledResults.length || t.status === 'contracted') {
      var chBox = h('div', {}, [loading()]);
      root.appendChild(section('质疑', 'tender-challenges', [chBox]));
      Auth.api('GET', '/api/v1/tenders/' + t.id + '/challenges').then(function (r) { if (!problemOr(chBox, r)) renderChallenges(clear(chBox), t, r.body.items, reload); });
    }
    if (t.status === 'awarded') root.appendChild(section('签订合同', 'tender-contract', [contractForm(t, reload)]));
    if (t.contractId) {
      var cBox = h('div', {}, [loading()]);
      root.appendChild(section('合同履约', 'tender-performance', [cBox]));
      Auth.api('GET', '/api/v1/contracts/' + encodeURIComponent(t.contractId)).then(function (r) { if (!problemOr(cBox, r)) renderPerformance(clear(cBox), r.body, reload); });
    }
    if (t.status === 'opened') root.appendChild(section('终止采购', 'tender-terminate', [terminateForm(t, reload)]));
  }

  function terminateForm(t, reload) {
    var f = form('tender-terminate-form', '终止采购', [field('tender-term-reason', 'reason', '终止理由', { rows: 2, hint: '终止后可以重新发布采购公告。' })], '终止采购');
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/tenders/' + t.id + '/termination', b); }, function () { reload('已终止采购。'); }, { fallback: 'reason' });
    return f;
  }

  function renderEvaluation(box, t, ev, s, reload) {
    if (!ev.panel) {
      var draw = form('tender-panel', '随机抽取评审专家', [
        field('tender-panel-size', 'size', '评审专家人数', { kind: 'int', short: true, value: '3', hint: '3至9人的单数。与投标机构有利害关系的专家自动回避。' }),
        field('tender-panel-seed', 'seed', '随机种子（可不填，由系统生成）', { hint: '16至128位十六进制。种子会记录下来，任何人都可以复核抽取结果。' }),
      ], '抽取');
      S.handleForm(draw, function (b) { return Auth.api('POST', '/api/v1/tenders/' + t.id + '/panel', b); }, function (res) { reload('已抽取评审专家：' + res.drawn.join('、') + '。'); });
      box.appendChild(draw);
      return;
    }
    box.appendChild(S.dl([['评审专家', ev.panel.drawn.join('、')], ['随机种子', h('code', {}, [ev.panel.seed])], ['回避', ev.panel.excluded.length ? ev.panel.excluded.map(function (x) { return x.sub + '（' + x.reason + '）'; }).join('；') : '无']]));
    var techs = ev.criteria.filter(function (c) { return c.kind === 'technical'; });
    box.appendChild(S.table('评分表（' + ev.sheets.length + ' 份）', ['投标机构', '专家'].concat(techs.map(function (c) { return c.name; })), ev.sheets.map(function (x) { return [x.organisation, x.evaluator].concat(techs.map(function (c) { return String(x.points[c.id]); })); })));
    if (!ev.ranking) { box.appendChild(h('p', { class: 'note' }, ['专家尚未全部完成评分，完成后显示排名。'])); return; }
    var names = {};
    ev.bids.forEach(function (b) { names[b.organisation] = b.name; });
    var out = {};
    (ev.cancelledAwards || []).forEach(function (c) { out[c.organisation] = true; });
    box.appendChild(S.table('评审排名', ['排名', '投标机构', '报价', '价格分', '技术分', '总分'], ev.ranking.map(function (r) {
      return [String(r.rank), (names[r.organisation] || r.organisation) + (out[r.organisation] ? '（结果已撤销）' : ''), S.yuan(r.priceFen), points(r.priceScore), points(r.technicalScore), points(r.total)];
    })));
    if (ev.proposedAward && !ev.award) {
      box.appendChild(h('p', { class: 'callout' }, ['待复核的定标意见：' + (names[ev.proposedAward.organisation] || ev.proposedAward.organisation) + '。理由：' + ev.proposedAward.legalReason + '（提出人 ' + ev.proposedAward.proposedBy + '）']));
      if (ev.proposedAward.proposedBy !== s.sub) {
        var sign = form('tender-signoff', '', [], '复核同意，确定中标');
        S.handleForm(sign, function () { return Auth.api('POST', '/api/v1/tenders/' + t.id + '/award/sign-off'); }, function () { reload('已复核同意并公告结果。'); });
        box.appendChild(sign);
      } else box.appendChild(h('p', { class: 'note' }, ['须由县级另一名负责人登录复核。']));
      return;
    }
    if (t.status !== 'opened' || ev.award) return;
    var candidates = ev.ranking.filter(function (r) { return !out[r.organisation]; });
    if (!candidates.length) { box.appendChild(h('p', { class: 'callout' }, ['排名中已没有可以确定的供应商，请终止本项目并重新采购。'])); return; }
    var awardKey = key();
    var f = form('tender-award', out && Object.keys(out).length ? '另行确定中标（成交）供应商' : '定标', [
      field('tender-award-org', 'organisation', '中标（成交）供应商', { options: candidates.map(function (r) { return [r.organisation, '第' + r.rank + '名 ' + (names[r.organisation] || r.organisation)]; }), hint: '应按排名确定；选择其他供应商须写明法定理由，并由另一名负责人复核。' }),
      field('tender-award-reason', 'legalReason', '不按排名确定的法定理由（按排名的不填）', { rows: 2 }),
    ], '确定并公告结果');
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/tenders/' + t.id + '/award', b, { 'idempotency-key': awardKey }); }, function (res) {
      awardKey = key();
      reload(res.status === 'awaiting-sign-off' ? '定标意见已提交，等待另一名负责人复核。' : '已公告结果，质疑期至 ' + res.challengeUntil + '。');
    });
    box.appendChild(f);
  }

  function renderChallenges(box, t, items, reload) {
    if (!items.length) { box.appendChild(h('p', { class: 'empty' }, ['没有质疑。'])); return; }
    var outcome = { open: '待答复', upheld: '成立', dismissed: '不成立' };
    box.appendChild(S.table('质疑（' + items.length + ' 件）', ['编号', '提出机构', '提出时间', '针对的结果', '质疑事项', '答复'], items.map(function (c) {
      return [c.id, c.organisation, S.timeOf(c.filedAt), c.awardId || '', c.grounds, outcome[c.status] + (c.status === 'upheld' ? (c.affectsResult ? '，影响结果（原结果已撤销）' : '，不影响结果') : '') + (c.answer ? '：' + c.answer.reply : '')];
    })));
    items.filter(function (c) { return c.status === 'open'; }).forEach(function (c, n) {
      var f = form('tender-answer-' + n, '答复质疑 ' + c.id, [
        radios('tender-answer-' + n, 'outcome', '答复结论', [['dismissed', '不成立'], ['upheld', '成立']]),
        radios('tender-answer-' + n, 'affectsResult', '是否影响中标（成交）结果（成立时必选）', [['false', '不影响'], ['true', '影响：撤销原结果']], 'bool'),
        field('tender-answer-' + n + '-reply', 'reply', '答复内容', { rows: 3 }),
      ], '答复');
      S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/tenders/' + t.id + '/challenges/' + c.id + '/answer', b); }, function (res) {
        reload(res.affectsResult ? '已答复：质疑成立，原结果已撤销，额度已退回。请另行确定或终止采购。' : '已答复质疑。');
      }, { fallback: 'reply' });
      box.appendChild(f);
    });
  }

  function contractForm(t, reload) {
    var rows = [];
    for (var i = 0; i < 3; i++) {
      rows.push(h('fieldset', { class: 'group' }, [h('legend', {}, ['履约节点 ' + (i + 1) + (i ? '（可不填）' : '')]),
        field('tc-m' + i + '-id', 'milestones.' + i + '.id', '节点编号', { short: true, value: i ? '' : 'm1' }),
        field('tc-m' + i + '-title', 'milestones.' + i + '.title', '节点名称'),
        field('tc-m' + i + '-due', 'milestones.' + i + '.dueDate', '到期日', { type: 'date' }),
        field('tc-m' + i + '-amount', 'milestones.' + i + '.amountFen', '节点金额（元）', { kind: 'yuan' }),
      ]));
    }
    var contractKey = key();
    var f = form('tender-contract-form', '', [
      h('p', { class: 'hint' }, ['质疑期满、质疑都已答复且没有影响结果的质疑成立，才能签订合同。各节点金额之和应等于中标金额 ' + S.yuan(t.result.priceFen) + '。']),
      field('tc-start', 'startDate', '服务开始日期', { type: 'date' }),
      field('tc-end', 'endDate', '服务结束日期', { type: 'date' }),
    ].concat(rows), '签订合同');
    S.handleForm(f, function (b) {
      b.milestones = (b.milestones || []).filter(function (m) { return m && (m.title || m.amountFen || (m.id && m.id !== 'm1') || m.dueDate); });
      return Auth.api('POST', '/api/v1/tenders/' + t.id + '/contract', b, { 'idempotency-key': contractKey });
    }, function (res) { contractKey = key(); reload('已签订合同 ' + res.id + '。'); });
    return f;
  }

  function renderPerformance(box, c, reload) {
    if (c.flagged) box.appendChild(h('p', { class: 'callout' }, ['本合同有履约节点监督评估不合格，已公开标注。']));
    box.appendChild(S.dl([['合同', c.id], ['服务机构', c.supplier.name], ['合同金额', S.yuan(c.valueFen)], ['已付款', S.yuan(c.paidFen)], ['服务期', c.period.startDate + ' 至 ' + c.period.endDate], ['已服务', c.casesServed + ' 户次']]));
    box.appendChild(S.table('履约节点', ['节点', '到期日', '金额', '已付', '服务户次', '监督评估'], c.milestones.map(function (m) {
      return [m.title + '（' + m.id + '）', m.dueDate, S.yuan(m.amountFen), S.yuan(m.paidFen), String(m.casesServed), m.evaluation ? m.evaluation.label + '：' + m.evaluation.findings : '尚未评估'];
    })));
    var options = c.milestones.map(function (m) { return [m.id, m.title]; });
    var ev = form('perf-eval', '监督评估（验收）', [
      field('perf-eval-m', 'milestoneId', '履约节点', { options: options }),
      field('perf-eval-rating', 'rating', '评估等级', { options: RATINGS }),
      field('perf-eval-findings', 'findings', '评估意见', { rows: 2, hint: '评估结果会公开；不合格的合同会被标出。' }),
    ], '保存评估');
    S.handleForm(ev, function (b) { return Auth.api('POST', '/api/v1/contracts/' + c.id + '/evaluations', b); }, function () { reload('已保存监督评估。'); }, { fallback: 'findings' });
    var payKey = key();
    var pay = form('perf-pay', '按节点付款', [
      field('perf-pay-m', 'milestoneId', '履约节点', { options: options }),
      field('perf-pay-amount', 'amountFen', '付款金额（元）', { kind: 'yuan', hint: '节点通过评估后才能付款，且不超过节点金额。' }),
    ], '付款');
    S.handleForm(pay, function (b) { return Auth.api('POST', '/api/v1/contracts/' + c.id + '/payments', b, { 'idempotency-key': payKey }); }, function () { payKey = key(); reload('已记录付款。'); });
    box.appendChild(ev);
    box.appendChild(pay);
  }

  // ====================================================== contractor
  S.register('bidding', {
    title: '投标与合同',
    render: function (p, sec, s) {
      var body = clear(sec);
      var reg = h('div', {}, [loading()]);
      body.appendChild(section('本机构登记', 'bid-registration', [reg]));
      var list = h('div', {}, [loading()]);
      body.appendChild(section('采购项目', 'bid-tenders', [list]));
      Auth.api('GET', '/api/v1/contractors/me').then(function (r) {
        clear(reg);
        if (r.status === 404) { reg.appendChild(registerForm()); clear(list).appendChild(h('p', { class: 'note' }, ['登记并经市民政局审核通过后才能投标。'])); return; }
        if (problemOr(reg, r)) return;
        var c = r.body;
        reg.appendChild(S.dl([['机构名称', c.name], ['统一社会信用代码', c.creditCode], ['审核状态', h('strong', {}, [{ pending: '待市民政局审核', verified: '已审核通过，可以投标', rejected: '未通过审核' }[c.status] || c.status])], c.decisionNote ? ['审核意见', c.decisionNote] : null]));
        renderContractorTenders(clear(list), c, s);
      });
    },
  });

  function registerForm() {
    var regKey = key();
    var f = form('bid-register', '登记为服务承接机构', [
      field('bid-reg-name', 'name', '机构名称'),
      field('bid-reg-code', 'creditCode', '统一社会信用代码', { hint: '18位，例如 52341602MJ0000001X。' }),
      field('bid-reg-contact', 'contact', '联系人'),
    ], '提交登记');
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/contractors', b, { 'idempotency-key': regKey }); }, function () { again('bidding', {}, '已提交登记，请等待市民政局审核。'); });
    return f;
  }

  function renderContractorTenders(box, c, s) {
    listTenders().then(function (items) {
      if (!items.length) { box.appendChild(h('p', { class: 'empty' }, ['目前没有采购项目。'])); return; }
      var cards = h('ol', { class: 'card-list' }, []);
      box.appendChild(cards);
      items.forEach(function (t, n) {
        var card = h('li', { class: 'card', id: 'bid-card-' + n }, [h('h3', { class: 'card-title' }, [t.title]), S.dl([['项目编号', t.id], ['采购方式', t.methodLabel], ['最高限价', S.yuan(t.valueCapFen)], ['投标截止', S.timeOf(t.deadline)], ['状态', STATUS[t.status] || t.status]])]);
        var docs = documentList(t, 'bid-card-' + n);
        if (docs) card.appendChild(docs);
        var mineBox = h('div', {}, []);
        card.appendChild(mineBox);
        cards.appendChild(card);
        Auth.api('GET', '/api/v1/tenders/' + t.id + '/bids/mine').then(function (r) {
          var mine = r.status === 200 ? r.body : null;
          if (!mine && t.status !== 'active') { cards.removeChild(card); return; }
          if (mine) mineBox.appendChild(receipt(mine));
          if (t.status === 'active' && c.status === 'verified') mineBox.appendChild(bidForm(t, n, Boolean(mine)));
          if (mine && mine.result && t.status === 'awarded') mineBox.appendChild(challengeForm(t, n));
          if (mine && t.contractId && t.result && t.result.creditCode === c.creditCode) contractReport(mineBox, t, n);
        });
      });
    });
  }

  function receipt(mine) {
    var rows = [['投标状态', { sealed: '已加密封存（截止前任何人都打不开）', valid: '有效', disqualified: '无效（超过最高限价）' }[mine.status] || mine.status], mine.receipt.code ? ['回执码（可在电话里念）', h('strong', { class: 'receipt-code' }, [mine.receipt.code])] : null, ['回执摘要（SHA-256）', h('code', { class: 'receipt' }, [mine.receipt.sha256])], ['提交时间', S.timeOf(mine.receipt.submittedAt)]];
    if (mine.superseded && mine.superseded.length) rows.push(['已替换的投标', mine.superseded.length + ' 份（只有最后一份有效）']);
    if (mine.result) {
      rows.push(['本机构评审结果', mine.result.rank ? '第 ' + mine.result.rank + ' 名（共 ' + mine.result.of + ' 家），总分 ' + points(mine.result.total) + '（价格分 ' + points(mine.result.priceScore) + '，技术分 ' + points(mine.result.technicalScore) + '）' : mine.result.note]);
      rows.push(['是否中标（成交）', mine.result.awarded ? '是' : '否']);
    }
    return h('div', {}, [h('p', { class: 'note' }, ['请保存回执摘要：开标时系统用它核对投标文件没有被改动。']), S.dl(rows)]);
  }

  function bidForm(t, n, replacing) {
    var bidKey = key();
    var f = form('bid-form-' + n, replacing ? '替换投标（截止前可以替换，只有最后一份有效）' : '投标', [
      field('bid-' + n + '-price', 'priceFen', '投标报价（元）', { kind: 'yuan', hint: '不能超过最高限价 ' + S.yuan(t.valueCapFen) + '。' }),
      field('bid-' + n + '-plan', 'technicalProposal', '技术方案', { rows: 5, hint: '至少10个字。提交后立即加密，截止前任何人都看不到。' }),
    ], replacing ? '替换投标' : '提交投标');
    S.handleForm(f, function (b) { b.documents = []; return Auth.api('POST', '/api/v1/tenders/' + t.id + '/bids', b, { 'idempotency-key': bidKey }); }, function (res) {
      bidKey = key();
      again('bidding', {}, '投标已加密封存。回执码：' + res.receipt.code + '，回执摘要：' + res.receipt.sha256);
    });
    return f;
  }

  function challengeForm(t, n) {
    if (!t.result) return null;
    var chKey = key();
    var f = form('bid-challenge-' + n, '对结果提出质疑（' + t.result.challengeUntil + ' 前）', [field('bid-' + n + '-grounds', 'grounds', '质疑事项和理由', { rows: 3, hint: '至少10个字。请写明具体事项、理由和依据。' })], '提出质疑');
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/tenders/' + t.id + '/challenges', b, { 'idempotency-key': chKey }); }, function (res) { chKey = key(); again('bidding', {}, '已提出质疑 ' + res.id + '，请等待答复。'); });
    return f;
  }

  function contractReport(box, t, n) {
    Auth.api('GET', '/api/v1/contracts/' + encodeURIComponent(t.contractId)).then(function (r) {
      if (r.status !== 200) return;
      var c = r.body;
      box.appendChild(S.table('合同 ' + c.id + ' 履约节点', ['节点', '到期日', '已付', '服务户次', '监督评估'], c.milestones.map(function (m) { return [m.title, m.dueDate, S.yuan(m.paidFen), String(m.casesServed), m.evaluation ? m.evaluation.label : '尚未评估']; })));
      var f = form('bid-report-' + n, '报告履约情况', [
        field('bid-' + n + '-m', 'milestoneId', '履约节点', { options: c.milestones.map(function (m) { return [m.id, m.title]; }) }),
        field('bid-' + n + '-summary', 'summary', '履约情况', { rows: 3 }),
        field('bid-' + n + '-cases', 'caseReferences', '服务的救助对象申请编号（每行一个，可不填）', { rows: 3, kind: 'lines', hint: '只公开户次数量，不公开申请编号。' }),
      ], '提交报告');
      S.handleForm(f, function (b) { b.caseReferences = b.caseReferences || []; return Auth.api('POST', '/api/v1/contracts/' + c.id + '/reports', b); }, function (res) { again('bidding', {}, '已报告履约情况，累计服务 ' + res.casesServed + ' 户次。'); }, { fallback: 'summary' });
      box.appendChild(f);
    });
  }

  // ====================================================== evaluator
  S.register('evaluation', {
    title: '评审任务',
    render: function (p, sec, s) {
      var body = clear(sec);
      var conflict = form('eval-conflict', '申报回避（利害关系）', [
        field('eval-conflict-org', 'organisation', '有利害关系的机构编号'),
        field('eval-conflict-reason', 'reason', '回避理由', { rows: 2 }),
      ], '申报回避');
      S.handleForm(conflict, function (b) { return Auth.api('POST', '/api/v1/experts/me/conflicts', b); }, function () { again('evaluation', {}, '已申报回避，之后的抽取会排除您。'); });
      var tasks = h('div', {}, [loading('正在查找抽到您的项目…')]);
      body.appendChild(section('抽到我的评审项目', 'eval-tasks', [tasks]));
      body.appendChild(section('回避', 'eval-conflicts', [h('p', { class: 'hint' }, ['与投标机构有利害关系的，请在抽取前申报，抽取时会自动回避。']), conflict]));
      listTenders().then(function (items) {
        var opened = items.filter(function (t) { return t.status === 'opened' || t.status === 'awarded' || t.status === 'contracted'; });
        return Promise.all(opened.map(function (t) { return Auth.api('GET', '/api/v1/tenders/' + t.id + '/evaluation').then(function (r) { return r.status === 200 ? { t: t, ev: r.body } : null; }); }));
      }).then(function (found) {
        clear(tasks);
        found = found.filter(Boolean);
        if (!found.length) { tasks.appendChild(h('p', { class: 'empty' }, ['目前没有抽到您的评审项目。'])); return; }
        found.forEach(function (x, n) { tasks.appendChild(scoreSheets(x.t, x.ev, n, s)); });
      });
    },
  });

  function scoreSheets(t, ev, n, s) {
    var box = h('div', { class: 'card' }, [h('h3', { class: 'card-title' }, [t.title]), S.dl([['项目编号', t.id], ['状态', STATUS[t.status] || t.status]])]);
    var techs = ev.criteria.filter(function (c) { return c.kind === 'technical'; });
    var closed = t.status !== 'opened' || ev.award || ev.proposedAward || (ev.cancelledAwards || []).length;
    ev.bids.filter(function (b) { return b.status === 'valid'; }).forEach(function (b, i) {
      var mine = ev.sheets.filter(function (x) { return x.organisation === b.organisation && x.evaluator === s.sub; })[0];
      var prefix = 'eval-' + n + '-' + i;
      var children = [h('h4', {}, [b.name + '（报价 ' + S.yuan(b.priceFen) + '）']), h('p', { class: 'proposal' }, ['技术方案：' + (b.technicalProposal || '—')])];
      if (mine) children.push(h('p', { class: 'note' }, ['您的评分：' + techs.map(function (c) { return c.name + ' ' + mine.points[c.id] + '分'; }).join('，') + (closed ? '' : '（可以修改）')]));
      box.appendChild(h('div', { class: 'bid-sheet' }, children));
      if (closed) return;
      var f = form(prefix + '-form', '', [h('input', { type: 'hidden', name: 'organisation', value: b.organisation })].concat(techs.map(function (c) {
        return field(prefix + '-' + c.id, 'points.' + c.id, c.name + '（0至' + c.weight + '分）', { kind: 'int', short: true, value: mine ? String(mine.points[c.id]) : '' });
      })), mine ? '修改评分' : '提交评分');
      S.handleForm(f, function (body) { body.points = body.points || {}; return Auth.api('POST', '/api/v1/tenders/' + t.id + '/scores', body); }, function () { again('evaluation', {}, '已保存对 ' + b.name + ' 的评分。'); });
      box.appendChild(f);
    });
    if (ev.ranking) box.appendChild(h('p', { class: 'note' }, ['全部专家已完成评分，排名已生成。']));
    return box;
  }
})();
