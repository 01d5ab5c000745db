/*
 * 户档案 (the registry's household page; shared/registry): loaded on demand for the views `household` and
 * `household-search` (staff.js MODULES).
 * - household-search: 按身份证号码查找户档案 — the number is posted, never put in the address; the search is
 *   audited by the API.
 * - household: the chain of one household — members now (ID numbers masked) and before, every case and
 *   enrolment of every member, amounts paid by month (a chart with its table), dated events, notices and
 *   the household's audit trail. The caseworker records a change (登记家庭变化) with a form on the page; the
 *   answer says, per case, how the amount changed, the status, and the notice sent.
 * Money is integer fen in the API, typed and shown in 元.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var C = window.BozhouCharts;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, $ = S.$, $$ = S.$$, clear = S.clear;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function loading() { return h('p', { class: 'loading' }, ['正在读取…']); }
  function part(title, id, children) {
    return h('section', { class: 'case-section', id: id, 'aria-labelledby': id + '-h' }, [h('h2', { id: id + '-h' }, [title])].concat(children));
  }
  function none(text) { return h('p', { class: 'empty' }, [text]); }

  var RELATIONS = { self: '户主', spouse: '配偶', child: '子女', parent: '父母', grandparent: '祖父母、外祖父母', grandchild: '孙子女、外孙子女', sibling: '兄弟姐妹', other: '其他' };
  var KINDS = [
    ['income', '收入变化'], ['work', '就业或失业'], ['death', '成员去世'], ['birth', '出生（新增成员）'], ['moveIn', '迁入（新增成员）'],
    ['moveOut', '成员迁出'], ['school', '入学或离校'], ['disability', '残疾评定变化'], ['illness', '重病认定变化'],
    ['careLevel', '生活自理能力重新评估'], ['assets', '家庭财产变化'],
  ];
  var KIND_LABEL = {};
  KINDS.forEach(function (k) { KIND_LABEL[k[0]] = k[1]; });
  KIND_LABEL.baseline = '建立户档案（当时的家庭情况）';
  var CATEGORIES = [['physical', '肢体残疾'], ['visual', '视力残疾'], ['hearing', '听力残疾'], ['speech', '言语残疾'], ['intellectual', '智力残疾'], ['mental', '精神残疾'], ['multiple', '多重残疾']];
  var CARE = { full: '全护理', half: '半护理', self: '自理' };
  var LEFT = { death: '去世', moveOut: '迁出' };
  var AUDIT = { 'read-household': '查阅户档案', create: '建立户档案', link: '纳入案件' };

  function auditLabel(a) {
    if (/^event\./.test(a)) return '登记家庭变化：' + (KIND_LABEL[a.slice(6)] || a.slice(6));
    return AUDIT[a] || S.ACTION_LABELS[a] || a;
  }
  function receivingText(list) {
    if (!list || !list.length) return '—';
    return h('ul', { class: 'plain-list' }, list.map(function (r) {
      var e = r.enrolled;
      return h('li', {}, [r.typeLabel + '，' + r.statusLabel + '（' + r.reference + (e ? '；' + e.from + ' 至 ' + (e.to || '今') : '') + '）']);
    }));
  }
  function memberOther(x) {
    var other = [];
    if (x.disability) other.push(((CATEGORIES.filter(function (c) { return c[0] === x.disability.category; })[0] || [0, '残疾'])[1]) + ' ' + x.disability.grade + ' 级');
    if (x.illness === 'serious') other.push('重病');
    if (x.inSchool) other.push('在校');
    if (x.employed) other.push('就业');
    if (x.careLevel) other.push(CARE[x.careLevel] || x.careLevel);
    return other.join('、') || '—';
  }

  // ───────────────────────── search ─────────────────────────

  S.register('household-search', {
    title: '按身份证号码查找户档案',
    render: function (p, sec) {
      clear(sec);
      sec.appendChild(h('p', { class: 'lead' }, ['户档案记录一户人家的全部救助：每位成员享受过和正在享受的救助、每月发放金额、家庭变化和审计记录。']));
      var form = h('form', { class: 'staff-form', id: 'household-search-form', novalidate: true }, [
        h('div', { class: 'form-errors', 'data-form-errors': true }),
        h('div', { class: 'field', 'data-field': 'idNumber' }, [
          h('label', { for: 'household-search-id' }, ['身份证号码']),
          h('span', { class: 'hint', id: 'household-search-id-hint' }, ['18位，最后一位可以是 X。查找会记入审计（个人信息查阅记录），请只在办理业务时查找。']),
          h('input', { type: 'text', id: 'household-search-id', name: 'idNumber', class: 'input-id', autocomplete: 'off', spellcheck: 'false', inputmode: 'text', 'aria-describedby': 'household-search-id-hint' }),
        ]),
        h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['查找户档案'])]),
      ]);
      sec.appendChild(form);
      S.handleForm(form, function (b) {
        if (b.idNumber) b.idNumber = String(b.idNumber).toUpperCase().replace(/\s+/g, '');
        return Auth.api('POST', '/api/v1/households/search', b);
      }, function (res) {
        form.reset();
        S.go('/staff/?v=household&id=' + encodeURIComponent(res.householdId));
      }, {
        fallback: 'idNumber',
        prepare: function (s) { if (!s.body.idNumber) s.local.push({ field: 'idNumber', message: '请填写身份证号码' }); },
      });
    },
  });

  // ───────────────────────── the household page ─────────────────────────

  S.register('household', {
    title: '户档案',
    render: function (p, sec, s) {
      clear(sec);
      sec.appendChild(h('p', {}, [S.link('household-search', {}, '按身份证号码查找其他户档案', { class: 'back-link' })]));
      var result = h('div', { id: 'household-event-result', class: 'result', tabindex: '-1', hidden: true });
      var body = h('div', { id: 'household-body' }, [loading()]);
      sec.appendChild(result);
      sec.appendChild(body);
      load(p.id, s, body, result);
    },
  });

  function load(id, s, body, result) {
    var current = S.latest(body);
    return Auth.api('GET', '/api/v1/households/' + encodeURIComponent(id || '')).then(function (r) {
      if (!current()) return;
      clear(body);
      if (r.status !== 200) { body.appendChild(S.problemBox(r.body)); return; }
      renderHousehold(body, r.body, s, result);
    });
  }

  function renderHousehold(root, v, s, result) {
    var title = '户档案：' + v.area.countyName + ' ' + v.area.townshipName;
    $('#view-title').textContent = title;
    document.title = title + ' - 工作台 - 亳州市社会救助服务平台';

    root.appendChild(h('div', { class: 'case-summary' }, [S.dl([
      ['档案编号', h('span', { class: 'ref' }, [v.householdId])],
      ['所在地', v.area.countyName + ' ' + v.area.townshipName],
      ['现有成员', v.members.length + ' 人'],
      ['案件', v.cases.length + ' 件'],
      ['金融资产', S.yuan(v.assets && v.assets.financialFen)],
      ['机动车、住房', ((v.assets || {}).vehicles || 0) + ' 辆，' + ((v.assets || {}).properties || 0) + ' 套'],
    ])]));

    root.appendChild(part('家庭成员', 'household-members', [
      S.table('现有成员（' + v.members.length + '人；身份证号码已部分隐藏）', ['姓名', '关系', '身份证号码', '月收入', '其他情况', '入户日期', '享受的救助'], v.members.map(function (x) {
        return [x.name, RELATIONS[x.relation] || x.relation, x.provisional ? '尚未登记（临时登记）' : x.idNumber, S.yuan(x.monthlyIncomeFen), memberOther(x), x.since || '—', receivingText(x.receiving)];
      })),
      v.former && v.former.length
        ? S.table('原成员（' + v.former.length + '人）', ['姓名', '关系', '离开本户', '原因', '享受过的救助'], v.former.map(function (x) {
          return [x.name, RELATIONS[x.relation] || x.relation, x.until || '—', LEFT[x.reason] || x.reason || '—', receivingText(x.receiving)];
        }))
        : none('没有原成员（去世或迁出的成员会列在这里）。'),
    ]));

    root.appendChild(part('救助案件和享受期间', 'household-cases', [v.cases.length ? S.table('本户全部案件（含已办结的）', ['申请编号', '救助类型', '状态', '提交日期', '享受期间', '每月金额', '纳入人员'], v.cases.map(function (c) {
      var e = c.enrolment;
      return [
        S.link('case', { ref: c.reference }, c.reference, { class: 'ref' }), c.typeLabel, c.statusLabel, S.dateOf(c.submittedAt),
        e ? e.startDate + ' 至 ' + (e.endDate || '今') + (e.payThrough ? '（发放到 ' + e.payThrough + '）' : '') : '未纳入',
        e ? S.yuan(e.monthlyAmountFen) : '—',
        e && e.persons && e.persons.length ? e.persons.map(function (x) { return x.name + '（' + x.from + ' 至 ' + (x.to || '今') + '）'; }).join('；') : '—',
      ];
    })) : none('本户还没有案件。')]));

    root.appendChild(part('每月发放金额', 'household-payments', [paymentsChart(v)]));

    var notices = [];
    v.cases.forEach(function (c) { (c.notices || []).forEach(function (n) { notices.push({ c: c, n: n }); }); });
    notices.sort(function (a, b) { return String(a.n.date).localeCompare(String(b.n.date)); });
    root.appendChild(part('通知书', 'household-notices', [notices.length ? h('ul', { class: 'card-list' }, notices.map(function (x) {
      return h('li', {}, [h('h3', {}, [x.n.title]), h('p', {}, [x.n.date + '，' + x.c.typeLabel + '（' + x.c.reference + '）']), h('ul', {}, (x.n.reasons || []).map(function (t) { return h('li', {}, [t]); }))]);
    })) : none('没有通知书。')]));

    if (s.role === 'caseworker') root.appendChild(part('登记家庭变化', 'household-event', [eventForm(v, s, result)]));

    root.appendChild(part('家庭变化记录', 'household-events', [v.events.length ? S.table('按发生日期登记的变化（' + v.events.length + '条）', ['序号', '发生日期', '变化', '登记时间'], v.events.map(function (e) {
      return [String(e.seq), e.kind === 'baseline' || e.from < '1901' ? '建档时' : e.from, KIND_LABEL[e.kind] || e.kind, S.timeOf(e.recordedAt)];
    })) : none('还没有登记过家庭变化。')]));

    var audit = [!v.audit.length ? none('户档案还没有变更记录（登记家庭变化后会记在这里；查阅记录另有审计链）。') : S.table('户档案审计链 household#' + v.householdId + '（' + v.audit.length + '条）', ['序号', '操作', '时间', '操作人', '说明', '哈希'], v.audit.map(function (e) {
      return [String(e.seq), auditLabel(e.action), S.timeOf(e.at), (e.actor && e.actor.role) ? roleLabel(e.actor.role) : '—', e.note || '—', h('code', {}, [String(e.hash || '').slice(0, 12) + '…'])];
    }))];
    if (s.role === 'auditor') {
      var out = h('div', { class: 'result', tabindex: '-1', hidden: true });
      var b = h('button', { type: 'button', class: 'button secondary' }, ['核验户档案变更链']);
      b.addEventListener('click', function () { S.verify('household#' + v.householdId, out); });
      audit.push(h('div', { class: 'verify-box' }, [b, out]));
    }
    root.appendChild(part('审计记录', 'household-audit', audit));
  }

  function roleLabel(role) {
    var o = $('#signin-role option[value="' + role + '"]');
    return o ? o.textContent : role === 'system' ? '定时任务' : role;
  }

  /** Paid amounts by month, one colour per case; the table under it has the same numbers. */
  function paymentsChart(v) {
    var months = {};
    var series = [];
    (v.payments || []).forEach(function (p) {
      if (!p.months || !p.months.length) return;
      var label = (v.cases.filter(function (c) { return c.reference === p.reference; })[0] || {}).typeLabel;
      series.push({ key: p.reference, label: p.reference + (label ? '（' + label + '）' : '') });
      p.months.forEach(function (m) { (months[m.period] = months[m.period] || {})[p.reference] = m.amountFen; });
    });
    var keys = Object.keys(months).sort();
    if (!keys.length) return none('还没有发放记录。');
    var total = keys.reduce(function (t, k) { return t + series.reduce(function (n, x) { return n + (months[k][x.key] || 0); }, 0); }, 0);
    return C.stackedBars({
      title: '本户每月发放金额（元）', unit: '元', categoryHeading: '月份',
      summary: keys[0] + ' 至 ' + keys[keys.length - 1] + '，共发放 ' + keys.length + ' 个月，合计 ' + S.yuan(total) + '。',
      format: function (fen) { return S.yuan(fen).replace(/ 元$/, ''); },
      categories: keys.map(function (k) { return { key: k, label: k }; }),
      series: series, data: months,
    });
  }

  // ───────────────────────── 登记家庭变化 ─────────────────────────

  var MEMBER_KINDS = 'death moveOut income work school disability illness careLevel';
  function field(name, id, label, control, kinds, hintText) {
    if (hintText) control.setAttribute('aria-describedby', id + '-hint');
    return h('div', { class: 'field', 'data-field': name, 'data-kinds': kinds }, [h('label', { for: id }, [label]), hintText ? h('span', { class: 'hint', id: id + '-hint' }, [hintText]) : null, control]);
  }
  function text(id, name, attrs) { return h('input', Object.assign({ type: 'text', id: id, name: name, autocomplete: 'off' }, attrs || {})); }
  function select(id, name, options, attrs) {
    return h('select', Object.assign({ id: id, name: name }, attrs || {}), options.map(function (o) { return h('option', { value: o[0] }, [o[1]]); }));
  }
  function choices(name, legend, options, kinds, bool) {
    var first = 'hh-ev-' + name.replace(/\W/g, '-');
    return h('div', { class: 'field', 'data-field': name, 'data-kinds': kinds }, [h('fieldset', {}, [
      h('legend', {}, [legend]),
      h('div', { class: 'choices' }, options.map(function (o, i) {
        var id = i === 0 ? first : first + '-' + o[0];
        return h('div', { class: 'choice' }, [
          h('input', { type: 'radio', id: id, name: name, value: o[0], 'data-kind': bool ? 'bool' : undefined }),
          h('label', { for: id }, [o[1]]),
        ]);
      })),
    ])]);
  }
  /** What each kind needs, said in 元 and plain words before anything is sent. */
  var INCOME = ['monthlyIncomeFen', '请填写变化后的月收入（元），没有收入填 0'];
  var REQUIRED = {
    income: [INCOME], work: [['employed', '请选择就业情况'], INCOME], school: [['inSchool', '请选择上学情况']],
    illness: [['serious', '请选择重病认定']], careLevel: [['careLevel', '请选择生活自理能力']], birth: [['child.name', '请填写新生儿姓名']],
    moveIn: [['person.name', '请填写迁入人员姓名'], ['person.idNumber', '请填写迁入人员身份证号码'], ['person.monthlyIncomeFen', '请填写迁入人员月收入（元），没有收入填 0']],
  };
  function valueAt(obj, path) { return path.split('.').reduce(function (o, k) { return o === undefined || o === null ? undefined : o[k]; }, obj); }
  var RELATION_OPTIONS = Object.keys(RELATIONS).filter(function (k) { return k !== 'self'; }).map(function (k) { return [k, RELATIONS[k]]; });

  function eventForm(v, s, result) {
    var members = v.members.map(function (m) { return [String(m.index), m.name + '（' + (RELATIONS[m.relation] || m.relation) + '）']; });
    var a = v.assets || {};
    var form = h('form', { class: 'staff-form', id: 'household-event-form', novalidate: true }, [
      h('p', {}, ['家里有人去世、出生、迁入迁出，收入、就业、上学、残疾、重病、自理能力或财产有变化时，在这里登记。平台按规则重新计算本户每一件救助的金额，金额减少或停发时自动生成通知书。']),
      h('div', { class: 'form-errors', 'data-form-errors': true }),
      field('kind', 'hh-ev-kind', '发生了什么变化', select('hh-ev-kind', 'kind', [['', '请选择']].concat(KINDS)), ''),
      field('member', 'hh-ev-member', '哪位家庭成员', select('hh-ev-member', 'member', members, { 'data-kind': 'int' }), MEMBER_KINDS),
      field('date', 'hh-ev-date', '发生日期', h('input', { type: 'date', id: 'hh-ev-date', name: 'date', value: S.today(), class: 'input-short' }), '', '去世、出生、迁入迁出的日期，或收入等情况开始变化的日期。不能晚于今天。'),
      field('crematedOn', 'hh-ev-cremated', '火化日期（可不填）', h('input', { type: 'date', id: 'hh-ev-cremated', name: 'crematedOn', class: 'input-short' }), 'death'),
      field('child.name', 'hh-ev-child-name', '新生儿姓名', text('hh-ev-child-name', 'child.name', { class: 'input-short' }), 'birth'),
      field('child.relation', 'hh-ev-child-relation', '与户主关系', select('hh-ev-child-relation', 'child.relation', [['child', '子女'], ['grandchild', '孙子女、外孙子女'], ['sibling', '兄弟姐妹'], ['other', '其他']]), 'birth'),
      field('child.idNumber', 'hh-ev-child-id', '新生儿身份证号码（可不填）', text('hh-ev-child-id', 'child.idNumber', { class: 'input-id', spellcheck: 'false' }), 'birth', '还没有办理身份证的可以先不填，办理后再补登。'),
      field('person.name', 'hh-ev-person-name', '迁入人员姓名', text('hh-ev-person-name', 'person.name', { class: 'input-short' }), 'moveIn'),
      field('person.idNumber', 'hh-ev-person-id', '迁入人员身份证号码', text('hh-ev-person-id', 'person.idNumber', { class: 'input-id', spellcheck: 'false' }), 'moveIn'),
      field('person.relation', 'hh-ev-person-relation', '与户主关系', select('hh-ev-person-relation', 'person.relation', RELATION_OPTIONS), 'moveIn'),
      field('person.monthlyIncomeFen', 'hh-ev-person-income', '迁入人员月收入（元）', text('hh-ev-person-income', 'person.monthlyIncomeFen', { 'data-kind': 'yuan', inputmode: 'decimal', class: 'input-short' }), 'moveIn', '没有收入填 0。'),
      choices('employed', '就业情况', [['true', '已就业'], ['false', '失业或没有工作']], 'work', true),
      field('monthlyIncomeFen', 'hh-ev-income', '变化后的月收入（元）', text('hh-ev-income', 'monthlyIncomeFen', { 'data-kind': 'yuan', inputmode: 'decimal', class: 'input-short' }), 'income work', '例如 1200 或 1200.50。没有收入填 0。'),
      field('employmentCostFen', 'hh-ev-cost', '就业成本（元，可不填）', text('hh-ev-cost', 'employmentCostFen', { 'data-kind': 'yuan', inputmode: 'decimal', class: 'input-short' }), 'work', '上班必需的交通等费用，每月。'),
      choices('inSchool', '上学情况', [['true', '入学（在校）'], ['false', '离校（毕业或退学）']], 'school', true),
      choices('disabilityState', '残疾评定', [['set', '评定为残疾（或等级变化）'], ['none', '不再认定为残疾']], 'disability'),
      field('disability.category', 'hh-ev-dis-cat', '残疾类别', select('hh-ev-dis-cat', 'disability.category', CATEGORIES), 'disability'),
      field('disability.grade', 'hh-ev-dis-grade', '残疾等级', select('hh-ev-dis-grade', 'disability.grade', [['1', '一级'], ['2', '二级'], ['3', '三级'], ['4', '四级']], { 'data-kind': 'int' }), 'disability'),
      choices('serious', '重病认定', [['true', '认定患重病'], ['false', '不再认定重病']], 'illness', true),
      choices('careLevel', '生活自理能力', [['full', '全护理（完全不能自理）'], ['half', '半护理（部分不能自理）'], ['self', '自理']], 'careLevel'),
      field('assets.financialFen', 'hh-ev-fin', '金融资产（元）', text('hh-ev-fin', 'assets.financialFen', { 'data-kind': 'yuan', inputmode: 'decimal', class: 'input-short', value: typeof a.financialFen === 'number' ? String(a.financialFen / 100) : '' }), 'assets', '存款、理财等合计。'),
      field('assets.vehicles', 'hh-ev-veh', '机动车（辆）', text('hh-ev-veh', 'assets.vehicles', { 'data-kind': 'int', inputmode: 'numeric', class: 'input-short', value: String(a.vehicles || 0) }), 'assets'),
      field('assets.properties', 'hh-ev-prop', '住房（套）', text('hh-ev-prop', 'assets.properties', { 'data-kind': 'int', inputmode: 'numeric', class: 'input-short', value: String(a.properties || 0) }), 'assets'),
      field('note', 'hh-ev-note', '说明（可不填）', h('textarea', { id: 'hh-ev-note', name: 'note', rows: '3' }), ''),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['登记这项变化'])]),
    ]);
    var kind = $('#hh-ev-kind', form);
    function toggle() {
      var k = kind.value;
      $$('[data-kinds]', form).forEach(function (f) {
        var kinds = f.getAttribute('data-kinds');
        var on = !kinds || (k !== '' && kinds.split(' ').indexOf(k) >= 0);
        f.hidden = !on;
        $$('input, select, textarea', f).forEach(function (i) { i.disabled = !on; });
      });
    }
    kind.addEventListener('change', toggle);
    toggle();
    S.handleForm(form, function (b) {
      return Auth.api('POST', '/api/v1/households/' + encodeURIComponent(v.householdId) + '/events', b, { 'idempotency-key': newKey() });
    }, function (res) {
      showEffects(result, res, v);
      kind.value = '';
      form.reset();
      toggle();
      load(v.householdId, s, $('#household-body'), result).then(function () { result.focus(); });
    }, {
      fallback: 'kind',
      prepare: function (x) {
        var b = x.body;
        if (!b.kind) x.local.push({ field: 'kind', message: '请选择发生了什么变化' });
        else if (!b.date) x.local.push({ field: 'date', message: '请填写发生日期' });
        (REQUIRED[b.kind] || []).forEach(function (r) {
          if (valueAt(b, r[0]) === undefined && !x.local.some(function (l) { return l.field === r[0]; })) x.local.push({ field: r[0], message: r[1] });
        });
        if (b.kind === 'disability') {
          if (!b.disabilityState) x.local.push({ field: 'disabilityState', message: '请选择评定为残疾还是不再认定为残疾' });
          if (b.disabilityState === 'none') b.disability = null;
        }
        delete b.disabilityState;
      },
    });
    return form;
  }

  function showEffects(el, res, v) {
    var typeOf = {};
    v.cases.forEach(function (c) { typeOf[c.reference] = c.typeLabel; });
    var effects = res.effects || [];
    clear(el);
    el.className = 'result result-ok';
    el.appendChild(h('h2', {}, ['已登记：' + res.event.summary]));
    el.appendChild(h('p', {}, [effects.length ? '平台已按规则重新计算本户的救助：' : '本户目前没有正在享受的救助，不需要调整金额。']));
    if (effects.length) el.appendChild(h('ul', { class: 'card-list', id: 'household-effects' }, effects.map(function (e) {
      var before = e.before && e.before.monthlyAmountFen, after = e.after && e.after.monthlyAmountFen;
      var amount = before === after ? '每月金额不变，仍为 ' + S.yuan(after) + '。' : '每月金额由 ' + S.yuan(before) + ' 调整为 ' + S.yuan(after) + '。';
      var n = e.notice;
      return h('li', {}, [
        h('h3', {}, [(typeOf[e.reference] || '救助') + '（申请编号 ' + e.reference + '）']),
        h('p', {}, [h('strong', { class: 'effect-amount' }, [amount]), ' 现在的状态：' + (S.STATUS[e.status] || e.status) + '。']),
        n ? h('div', { class: 'callout' }, [h('h4', {}, ['已生成通知书：' + n.title])].concat(String(n.text || '').split(/\n+/).filter(Boolean).map(function (t) { return h('p', {}, [t]); }))) : h('p', { class: 'note' }, ['金额没有减少，不需要发通知书。']),
      ]);
    })));
    el.hidden = false;
  }
})();
