/*
 * Charity screens (措施十六; issue 7's API in shared/definitions/routes-charity.ts), loaded on demand:
 * - `charity` (role charity): registers the organisation of the account (GET /api/v1/me names it), shows
 *   its status, and once verified files campaigns (emergency appeals included), records donations, uses
 *   (with the purpose balances in view), reports and volunteer activity, and lists its donations and
 *   flags. Sub-screens are `/staff/?v=charity&do=campaign|donation|use|report|volunteer|donations`.
 * - `charity-flags` (admin; the auditor reads): misuse flags across charities and their resolution.
 * Money is typed in 元 (`data-kind="yuan"`) and sent as fen; creating writes send an Idempotency-Key.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, $ = S.$, $$ = S.$$, clear = S.clear;

  function key() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  // ---------- small form builders (ids are prefixed `ch-`; names are the API's JSON paths) ----------
  function idOf(name) { return 'ch-' + name.replace(/\./g, '-'); }
  /** opts: { hint, type, kind, cls, value, textarea, options: [[value, label]], inputmode, disabled } */
  function field(name, label, opts) {
    opts = opts || {};
    var id = idOf(name);
    var hintId = opts.hint ? id + '-hint' : undefined;
    var input;
    if (opts.options) {
      input = h('select', { id: id, name: name, 'aria-describedby': hintId, disabled: opts.disabled }, opts.options.map(function (o) { return h('option', { value: o[0], selected: o[0] === opts.value }, [o[1]]); }));
    } else if (opts.textarea) {
      input = h('textarea', { id: id, name: name, rows: '3', 'aria-describedby': hintId }, []);
    } else {
      input = h('input', {
        type: opts.type || 'text', id: id, name: name, class: opts.cls, value: opts.value, 'data-kind': opts.kind,
        inputmode: opts.inputmode || (opts.kind === 'yuan' ? 'decimal' : opts.kind === 'int' ? 'numeric' : undefined),
        autocomplete: 'off', spellcheck: 'false', 'aria-describedby': hintId, disabled: opts.disabled,
      });
    }
    var control = opts.kind === 'yuan' ? h('div', { class: 'input-money' }, [input, h('span', { 'aria-hidden': 'true' }, ['元'])]) : input;
    return h('div', { class: 'field', 'data-field': name }, [h('label', { for: id }, [label]), opts.hint ? h('span', { class: 'hint', id: hintId }, [opts.hint]) : null, control]);
  }
  /** Radios: options [[value, label]]; `kind: 'bool'` sends true/false. */
  function radios(name, legend, options, opts) {
    opts = opts || {};
    return h('div', { class: 'field', 'data-field': name }, [h('fieldset', {}, [
      h('legend', {}, [legend]),
      opts.hint ? h('span', { class: 'hint' }, [opts.hint]) : null,
      h('div', { class: 'choices' + (options.length <= 3 ? ' choices-inline' : '') }, options.map(function (o, i) {
        var id = idOf(name) + (i ? '-' + o[0] : '');
        return h('div', { class: 'choice' }, [h('input', { type: 'radio', id: id, name: name, value: o[0], 'data-kind': opts.kind, checked: o[0] === opts.value }), h('label', { for: id }, [o[1]])]);
      })),
    ])]);
  }
  function checkbox(name, label) {
    var id = idOf(name);
    return h('div', { class: 'field choice', 'data-field': name }, [h('input', { type: 'checkbox', id: id, name: name }), h('label', { for: id }, [label])]);
  }
  function group(legend, children, attrs) { return h('fieldset', Object.assign({ class: 'group' }, attrs || {}), [h('legend', {}, [legend])].concat(children)); }
  function form(id, title, children, button) {
    return h('form', { class: 'staff-form', id: id, novalidate: true }, [title ? h('h2', {}, [title]) : null, h('div', { class: 'form-errors', 'data-form-errors': '' })]
      .concat(children).concat([h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, [button])])]));
  }
  /** Shows only the groups whose `data-when` matches the chosen value of radio `name`; hidden inputs are disabled, so not sent. */
  function switchGroups(f, name) {
    function apply() {
      var on = (f.querySelector('input[name="' + name + '"]:checked') || {}).value;
      $$('[data-when-' + name.replace(/\./g, '-') + ']', f).forEach(function (g) {
        var show = g.getAttribute('data-when-' + name.replace(/\./g, '-')).split(' ').indexOf(on) >= 0;
        g.hidden = !show;
        $$('input, select, textarea', g).forEach(function (i) { i.disabled = !show; });
      });
    }
    $$('input[name="' + name + '"]', f).forEach(function (r) { r.addEventListener('change', apply); });
    apply();
  }
  function when(name, values, child) { child.setAttribute('data-when-' + name.replace(/\./g, '-'), values); return child; }
  function back() { return h('p', {}, [S.link('charity', {}, '返回本机构', { class: 'back-link' })]); }
  function ok(text) { S.say(text, 'ok'); }

  var USE_STATUS = { recorded: '已登记', pending: '待乡镇（街道）确认', confirmed: '乡镇（街道）已确认', rejected: '乡镇（街道）未确认，已退回余额' };
  var FLAG_STATUS = { open: '待核查', confirmed: '经核查属实', dismissed: '已核查，不成立' };
  var VOLUNTEER_TYPES = ['扶贫济困', '扶老救孤', '恤病助残', '助医助学'];
  var TITLES = { campaign: '备案募捐活动', donation: '登记捐赠', use: '登记捐赠使用', report: '登记公开情况', disclosure: '登记年度报告或更正说明', volunteer: '登记志愿服务', donations: '本机构的捐赠记录' };

  // ---------- the charity's own screens ----------
  S.register('charity', {
    title: function (p) { return TITLES[p.do] || '本机构'; },
    render: function (p, sec) {
      var body = clear(sec);
      body.appendChild(h('p', { class: 'loading' }, ['正在读取…']));
      Auth.api('GET', '/api/v1/me').then(function (me) {
        var org = me.status === 200 && me.body.organisation;
        if (!org) { clear(body).appendChild(S.problemBox({ title: '账号没有登记所属机构', detail: '您的账号尚未登记所属机构编号，请联系市民政局。' })); return null; }
        return Auth.api('GET', '/api/v1/charities/' + encodeURIComponent(org)).then(function (r) {
          clear(body);
          if (r.status === 404) { registration(body); return; }
          if (r.status !== 200) { body.appendChild(S.problemBox(r.body)); return; }
          var c = r.body;
          var screens = { campaign: campaignForm, donation: donationForm, use: useForm, report: reportForm, disclosure: function (b, ch) { disclosureForm(b, ch, p); }, volunteer: volunteerForm, donations: donationList };
          var screen = screens[p.do];
          if (!screen) { overview(body, c); return; }
          body.appendChild(back());
          var allowed = c.status === 'verified' || ((p.do === 'report' || p.do === 'disclosure' || p.do === 'donations') && c.status === 'revoked');
          if (!allowed) { body.appendChild(h('p', { class: 'callout' }, [statusNote(c)])); return; }
          screen(body, c);
        });
      });
    },
  });

  function statusNote(c) {
    if (c.status === 'pending') return '登记已提交，等待市民政局核实。核实通过后才能备案募捐活动、登记捐赠和使用情况。';
    if (c.status === 'rejected') return '登记未通过核实' + (c.verification && c.verification.reasons.length ? '，理由：' + c.verification.reasons.join('；') : '') + '。请更正后联系市民政局。';
    if (c.status === 'revoked') return '市民政局已于 ' + S.dateOf(c.revocation && c.revocation.at) + ' 撤销本机构的核实' + (c.revocation ? '，理由：' + c.revocation.reason : '') + '。不能再登记募捐、捐赠和使用情况；已募集财产的公开情况仍须登记。';
    return '本机构已经核实，可以办理下列事项。';
  }

  function registration(body) {
    body.appendChild(h('p', { class: 'lead' }, ['本机构还没有登记。请按登记证书填写，提交后由市民政局核实（措施（十六））。银行账号和联系电话加密保存，只显示部分号码。']));
    var regKey = key();
    var f = form('ch-register', '慈善组织登记', [
      field('name', '机构名称', { hint: '与登记证书一致。' }),
      field('creditCode', '统一社会信用代码', { hint: '18位，例如 53341600MJ0000001X。校验位不符的会转人工核实。', cls: 'input-id' }),
      field('certificateNumber', '登记证书编号'),
      radios('publicFundraising', '是否具有公开募捐资格', [['true', '有'], ['false', '没有']], { kind: 'bool', hint: '没有公开募捐资格的，不能备案公开募捐活动。' }),
      group('银行账户', [field('accounts.0.bank', '开户银行'), field('accounts.0.accountName', '户名'), field('accounts.0.accountNumber', '银行账号', { inputmode: 'numeric', cls: 'input-id' })]),
      group('第二个银行账户（没有可不填）', [field('accounts.1.bank', '开户银行'), field('accounts.1.accountName', '户名'), field('accounts.1.accountNumber', '银行账号', { inputmode: 'numeric', cls: 'input-id' })]),
      group('联系人', [field('contact.name', '联系人姓名', { cls: 'input-short' }), field('contact.phone', '联系电话', { type: 'tel', inputmode: 'tel', cls: 'input-short' })]),
    ], '提交登记');
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/charities', b, { 'idempotency-key': regKey }); }, function (res) {
      regKey = key();
      S.go('/staff/?v=charity', true);
      ok('登记已提交，等待市民政局核实。' + (res.notice || ''));
    });
    body.appendChild(f);
  }

  function overview(body, c) {
    body.appendChild(h('div', { class: c.status === 'verified' ? 'note' : 'callout', role: 'status' }, [h('p', {}, [h('strong', {}, ['状态：' + c.statusLabel + '。']), ' ' + statusNote(c)])]));
    if (c.deadlines) deadlineSection(body, c.deadlines);
    if (c.status === 'verified' || c.status === 'revoked') {
      var tasks = c.status === 'verified'
        ? [['campaign', '备案募捐活动'], ['donation', '登记捐赠'], ['use', '登记捐赠使用'], ['report', '登记公开情况'], ['volunteer', '登记志愿服务'], ['donations', '本机构的捐赠记录']]
        : [['report', '登记公开情况'], ['donations', '本机构的捐赠记录']];
      body.appendChild(h('h2', {}, ['办理']));
      body.appendChild(h('ul', { class: 'charity-tasks' }, tasks.map(function (t) { return h('li', {}, [S.link('charity', { do: t[0] }, t[1], { class: 'tile' })]); })));
    }
    body.appendChild(h('h2', {}, ['登记信息']));
    body.appendChild(S.dl([
      ['机构名称', c.name], ['统一社会信用代码', c.creditCode + (c.manualReview ? '（校验位不符，人工核实）' : '')], ['登记证书编号', c.certificateNumber],
      ['公开募捐资格', c.publicFundraising ? '有' : '没有'], ['银行账户', (c.accounts || []).map(function (a) { return a.bank + ' ' + a.accountName + ' ' + a.accountNumber; }).join('；')],
      ['联系人', c.contact.name + ' ' + c.contact.phone], ['登记时间', S.timeOf(c.registeredAt)],
      c.verification ? ['审核意见', (c.verification.reasons || []).join('；') || '核实通过'] : null,
      c.revocation ? ['撤销核实', S.dateOf(c.revocation.at) + '：' + c.revocation.reason] : null,
    ]));
    body.appendChild(h('h2', {}, ['各用途的收支和余额']));
    body.appendChild(balanceTable(c.balances));
    body.appendChild(h('h2', {}, ['募捐活动']));
    var camps = c.campaigns || [];
    body.appendChild(camps.length ? S.table('本机构备案的募捐活动', ['活动', '备案编号', '期限', '目标', '已收到', '应公开日期', '慈善中国'], camps.map(function (k) {
      return [k.title + (k.emergencyAppeal ? '（紧急募捐）' : ''), k.filingNumber, k.startDate + ' 至 ' + k.endDate, S.yuan(k.targetFen), S.yuan(k.receivedFen) + '（' + k.donationCount + ' 笔）',
        (k.reportsDue || []).map(function (d) { return d.dueDate + (d.kind === 'final' ? '（全面公开）' : ''); }).join('、'), h('a', { href: k.cszgUrl, target: '_blank', rel: 'noopener' }, ['查看备案（新窗口）'])];
    })) : h('p', { class: 'empty' }, ['还没有备案的募捐活动。']));
    body.appendChild(h('h2', {}, ['核查线索']));
    var flags = c.flags || [];
    body.appendChild(flags.length ? S.table('平台核查发现的问题（公开在信用记录中）', ['发现时间', '事项', '说明', '核查结论'], flags.map(function (f) {
      return [S.timeOf(f.raisedAt), f.label, f.detail, (FLAG_STATUS[f.status] || f.status) + (f.resolution ? '：' + f.resolution.note : '')];
    })) : h('p', { class: 'empty' }, ['没有核查线索。']));
    if (c.status === 'verified' || c.status === 'revoked') {
      body.appendChild(h('p', {}, [h('a', { href: '/donations/?charity=' + encodeURIComponent(c.charityId), target: '_blank', rel: 'noopener' }, ['查看本机构的公开信息（在新窗口打开公开网站）'])]));
    }
  }

  /**
   * 信息公开期限 (慈善组织信息公开办法, 民政部令第81号; shared/charity/deadlines.ts): what the charity must publish on
   * 慈善中国 and by when — overdue and at-risk first, as the API orders them — each with where to record it.
   */
  var DEADLINE_KIND = { annualReport: '年度报告', periodic: '募捐定期公开', final: '募捐结束后全面公开', correction: '更正说明' };
  function deadlineSection(body, d) {
    var open = d.items.filter(function (i) { return !i.done; });
    var overdue = open.filter(function (i) { return i.overdue; }).length;
    var risk = open.filter(function (i) { return i.atRisk; }).length;
    var box = h('section', { class: 'case-section', id: 'ch-deadlines', 'aria-labelledby': 'ch-deadlines-title' }, [h('h2', { id: 'ch-deadlines-title' }, ['信息公开期限'])]);
    box.appendChild(h('p', { class: overdue ? 'callout' : 'note' }, [
      overdue ? h('strong', {}, [overdue + ' 项已逾期。']) : '没有逾期的公开事项。',
      risk ? ' ' + risk + ' 项即将到期（' + d.rule.reminderWorkingDays.value + ' 个工作日内）。' : '',
      ' 依据《慈善组织信息公开办法》（民政部令第81号，2026年1月1日起施行）在慈善中国公开；公开后请在这里登记。',
    ]));
    if (!d.items.length) { box.appendChild(h('p', { class: 'empty' }, ['目前没有应公开的事项。'])); body.appendChild(box); return; }
    box.appendChild(S.table('应在慈善中国公开的事项（已逾期和即将到期的在前）', ['事项', '类别', '应公开日期', '状况', '提醒', '登记'], d.items.map(function (i) {
      var state = i.done ? '已于 ' + i.doneOn + ' 登记公开' : i.overdue ? h('span', { class: 'flag flag-overdue' }, ['已逾期']) : i.atRisk ? h('span', { class: 'flag flag-risk' }, ['即将到期']) : '未到期';
      var action = i.done ? '' : i.kind === 'annualReport' ? S.link('charity', { do: 'disclosure', kind: 'annualReport', year: String(i.year) }, '登记已公开', { 'aria-label': '登记已公开：' + i.title })
        : i.kind === 'correction' ? S.link('charity', { do: 'disclosure', kind: 'correction', flagId: i.flagId }, '登记已公开', { 'aria-label': '登记已公开：' + i.title })
        : S.link('charity', { do: 'report' }, '登记已公开', { 'aria-label': '登记已公开：' + i.title });
      return [i.title, DEADLINE_KIND[i.kind] || i.kind, i.dueDate, state, i.remindedOn ? '已于 ' + i.remindedOn + ' 提醒' : '', action];
    })));
    box.appendChild(h('details', {}, [h('summary', {}, ['期限的依据']), h('ul', { class: 'note' }, [d.rule.annualReport.source, d.rule.campaign.source, d.rule.correction.source].map(function (t) { return h('li', {}, [t]); }))]));
    body.appendChild(box);
  }

  function disclosureForm(body, c, p) {
    var items = ((c.deadlines && c.deadlines.items) || []).filter(function (i) { return !i.done && (i.kind === 'annualReport' || i.kind === 'correction'); });
    if (!items.length) { body.appendChild(h('p', { class: 'empty' }, ['没有待登记的年度报告或更正说明。'])); return; }
    var chosen = items.filter(function (i) { return p.kind === 'annualReport' ? String(i.year) === p.year : i.flagId === p.flagId; })[0] || items[0];
    var f = form('ch-disclosure', '', [
      field('item', '公开事项', { options: items.map(function (i) { return [i.key, i.title + '（应于 ' + i.dueDate + ' 前）']; }), value: chosen.key }),
      field('summary', '公开内容摘要', { textarea: true, hint: '年度报告：上年度的工作和收支情况；更正说明：哪里有误，改成了什么。' }),
      field('disclosureUrl', '慈善中国上的公开网址（可不填）', { type: 'url', hint: '以 https://cszg.mca.gov.cn/ 开头。' }),
    ], '登记已公开');
    S.handleForm(f, function (b) {
      var it = items.filter(function (i) { return i.key === b.item; })[0] || chosen;
      var body2 = { kind: it.kind, summary: b.summary, disclosureUrl: b.disclosureUrl };
      if (it.kind === 'annualReport') body2.year = it.year; else body2.flagId = it.flagId;
      return Auth.api('POST', '/api/v1/charities/' + encodeURIComponent(c.charityId) + '/disclosures', body2);
    }, function (res) {
      S.go('/staff/?v=charity', true);
      ok('已登记公开（应于 ' + res.dueDate + ' 前' + (res.late ? '，已逾期' : '') + '）。');
    }, { fallback: 'summary' });
    body.appendChild(f);
  }

  function balanceTable(balances) {
    var rows = (balances || []).map(function (b) { return [b.purpose, b.form === 'goods' ? '物资（按估值）' : '资金', S.yuan(b.receivedFen), S.yuan(b.usedFen), S.yuan(b.balanceFen)]; });
    return rows.length ? S.table('各用途的收支和余额（定向捐赠只能用于其用途）', ['用途', '形式', '收到', '已使用', '余额'], rows) : h('p', { class: 'empty' }, ['还没有收到捐赠。']);
  }
  function campaignOptions(c, none) {
    return [['', none]].concat((c.campaigns || []).map(function (k) { return [k.campaignId, k.title + '（' + k.filingNumber + '）']; }));
  }

  function campaignForm(body, c) {
    if (!c.publicFundraising) { body.appendChild(h('p', { class: 'callout' }, ['本机构没有公开募捐资格，不能备案公开募捐活动。可以与具有公开募捐资格的慈善组织合作开展。'])); return; }
    var k = key();
    var area = field('area', '突发事件所在地区', { hint: '市民政局已宣布突发事件的县区或乡镇（街道）。', options: [['', '请选择']], disabled: true });
    var f = form('ch-campaign', '', [
      h('p', {}, ['募捐方案应在开展募捐十日前备案；发生突发事件需要紧急募捐的，可以先开展募捐，在开始后十日内补办备案（慈善法第七十三条，措施（十五））。']),
      field('filingNumber', '备案编号', { hint: '慈善中国上的募捐方案备案编号。', cls: 'input-id' }),
      field('title', '募捐活动名称'),
      field('purpose', '募捐目的（用途）', { hint: '例如 助学。募得的款物只能用于这个用途。', cls: 'input-short' }),
      field('startDate', '开始日期', { type: 'date', cls: 'input-short' }),
      field('endDate', '结束日期', { type: 'date', cls: 'input-short' }),
      field('targetFen', '募捐目标', { kind: 'yuan', hint: '单位：元，例如 500000。' }),
      field('accountNumber', '募捐账户（银行账号）', { hint: '必须是本机构登记时申报的账户：' + (c.accounts || []).map(function (a) { return a.accountNumber; }).join('、'), inputmode: 'numeric', cls: 'input-id' }),
      field('cszgUrl', '慈善中国上的网址', { hint: '以 https://cszg.mca.gov.cn/ 开头。', type: 'url' }),
      checkbox('emergencyAppeal', '这是突发事件中的紧急募捐（开始后十日内补办备案）'),
      area,
    ], '备案');
    var select = $('select', area);
    S.loadAreas().then(function (counties) {
      counties.forEach(function (cy) {
        select.appendChild(h('option', { value: cy.code }, [cy.name + '（全县区）']));
        var g = h('optgroup', { label: cy.name });
        cy.townships.forEach(function (t) { g.appendChild(h('option', { value: t.code }, [cy.name + ' ' + t.name])); });
        select.appendChild(g);
      });
    });
    var appeal = $('input[name="emergencyAppeal"]', f);
    appeal.addEventListener('change', function () { select.disabled = !appeal.checked; });
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/charities/' + encodeURIComponent(c.charityId) + '/campaigns', b, { 'idempotency-key': k }); }, function (res) {
      k = key();
      S.go('/staff/?v=charity', true);
      ok('已备案募捐活动“' + (res.filingNumber || '') + '”。' + (res.emergencyAppeal ? '按紧急募捐补办备案。' : '') + '应公开日期：' + (res.reportsDue || []).map(function (d) { return d.dueDate; }).join('、') + '。');
    });
    body.appendChild(f);
  }

  function donationForm(body, c) {
    var k = key();
    var f = form('ch-donation', '', [
      field('receiptNumber', '捐赠票据号', { hint: '同一票据号只能登记一次。', cls: 'input-id' }),
      field('date', '捐赠日期', { type: 'date', cls: 'input-short', value: S.today() }),
      field('campaignId', '所属募捐活动', { options: campaignOptions(c, '不属于募捐活动'), hint: '属于募捐活动的捐赠，计入活动的用途。' }),
      field('restrictedPurpose', '定向用途（没有可不填）', { hint: '捐赠人指定用途的，填写用途，例如 助医；不填为非定向捐赠。', cls: 'input-short' }),
      radios('donor.type', '捐赠人', [['person', '个人'], ['organisation', '单位'], ['anonymous', '匿名']], { value: 'person' }),
      when('donor.type', 'person organisation', group('捐赠人信息', [
        field('donor.name', '姓名或单位名称'),
        when('donor.type', 'person', field('donor.idNumber', '身份证号码', { hint: '加密保存，只显示部分号码；捐赠人可凭票据号和身份证号查询。', cls: 'input-id' })),
        when('donor.type', 'organisation', field('donor.creditCode', '单位的统一社会信用代码', { cls: 'input-id' })),
        checkbox('donor.publishName', '捐赠人同意公开姓名（单位名称）。不同意的，公开时显示“爱心人士”。'),
      ])),
      radios('gift.form', '捐赠形式', [['money', '资金'], ['goods', '物资']], { value: 'money' }),
      when('gift.form', 'money', group('资金', [
        field('gift.amountFen', '金额', { kind: 'yuan', hint: '单位：元，例如 1000 或 1000.50。' }),
        field('gift.accountNumber', '收款账户（银行账号）', { hint: '本机构登记的账户：' + (c.accounts || []).map(function (a) { return a.accountNumber; }).join('、') + '。记入其他账户会列为核查线索。', inputmode: 'numeric', cls: 'input-id' }),
      ])),
      when('gift.form', 'goods', group('物资', [
        field('gift.description', '物资名称', { cls: 'input-short' }),
        field('gift.quantity', '数量', { kind: 'int', cls: 'input-short' }),
        field('gift.unit', '计量单位', { hint: '例如 床、箱、件。', cls: 'input-short' }),
        field('gift.valuationFen', '估值', { kind: 'yuan', hint: '单位：元。' }),
      ])),
    ], '登记捐赠');
    switchGroups(f, 'donor.type');
    switchGroups(f, 'gift.form');
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/donations', b, { 'idempotency-key': k }); }, function (res) {
      k = key();
      S.go('/staff/?v=charity&do=donations', true);
      ok('已登记捐赠，票据号 ' + res.receiptNumber + '，计入用途“' + res.purpose + '”。' + (res.flags && res.flags.length ? '平台发现需要核查的情况，已列入核查线索。' : ''));
    });
    body.appendChild(f);
  }

  function useForm(body, c) {
    var k = key();
    body.appendChild(h('h2', {}, ['各用途的余额']));
    body.appendChild(balanceTable(c.balances));
    var purposes = [];
    (c.balances || []).forEach(function (b) { if (purposes.indexOf(b.purpose) < 0) purposes.push(b.purpose); });
    if (purposes.indexOf('非定向') < 0) purposes.unshift('非定向');
    var f = form('ch-use', '登记使用', [
      radios('kind', '用于', [['project', '慈善项目'], ['case', '救助对象'], ['reserve', '救灾物资储备（措施（十一））']], { value: 'project' }),
      field('date', '使用日期', { type: 'date', cls: 'input-short', value: S.today() }),
      radios('form', '使用的是', [['money', '资金'], ['goods', '物资（按估值）']], { value: 'money' }),
      field('purpose', '从哪个用途支出', { options: purposes.map(function (p) { return [p, p]; }), hint: '只能从有余额的用途支出；定向捐赠只能用于约定的用途。' }),
      field('amountFen', '金额', { kind: 'yuan', hint: '单位：元；物资填写估值。' }),
      field('campaignId', '所属募捐活动', { options: campaignOptions(c, '不属于募捐活动') }),
      when('kind', 'project', field('project.name', '项目名称')),
      when('kind', 'case', field('caseReference', '救助对象的申请编号', { hint: '例如 QC-261128-0007-K。提交后由乡镇（街道）确认；公开时不显示受助人。', cls: 'input-id' })),
      when('kind', 'reserve', group('储备库', [
        field('reserve.name', '储备库名称', { hint: '例如 谯城区救灾物资储备库。' }),
        field('reserve.county', '所在县区', { options: [['341602', '谯城区'], ['341621', '涡阳县'], ['341622', '蒙城县'], ['341623', '利辛县']] }),
      ])),
      field('description', '使用说明', { textarea: true, hint: '用于救助对象的，说明不会公开。请不要写身份证号码。' }),
    ], '登记使用');
    switchGroups(f, 'kind');
    S.handleForm(f, function (b) {
      return Auth.api('POST', '/api/v1/donations/uses', b, { 'idempotency-key': k }).then(function (r) {
        // The balance problem belongs to the amount: shown next to it as well as in the summary.
        if (r.status === 409 && r.body && r.body.code === 'balance-insufficient') r.body.errors = [{ field: 'amountFen', code: 'balance-insufficient', message: r.body.detail }];
        return r;
      });
    }, function (res) {
      k = key();
      S.go('/staff/?v=charity', true);
      ok('已登记使用，从“' + res.purpose + '”支出。' + (res.status === 'pending' ? '用于救助对象的，等待乡镇（街道）确认。' : '') + (res.flags && res.flags.length ? '平台发现需要核查的情况，已列入核查线索。' : ''));
    });
    body.appendChild(f);
  }

  function reportForm(body, c) {
    var camps = c.campaigns || [];
    if (!camps.length) { body.appendChild(h('p', { class: 'empty' }, ['还没有备案的募捐活动。'])); return; }
    var k = key();
    var due = field('dueDate', '哪一期', { options: [], hint: '募捐超过六个月的每三个月公开一次；结束后三个月内全面公开。' });
    var f = form('ch-report', '', [
      field('campaignId', '募捐活动', { options: campaignOptions(c, '请选择').slice(1) }),
      due,
      field('summary', '公开内容摘要', { textarea: true, hint: '收到多少、用在哪里、还剩多少。' }),
      field('disclosureUrl', '慈善中国上的公开网址（可不填）', { type: 'url', hint: '以 https://cszg.mca.gov.cn/ 开头。' }),
    ], '登记公开情况');
    var campSel = $('select[name="campaignId"]', f);
    var dueSel = $('select', due);
    function fill() {
      clear(dueSel);
      var camp = camps.filter(function (x) { return x.campaignId === campSel.value; })[0];
      ((camp && camp.reportsDue) || []).forEach(function (d) { dueSel.appendChild(h('option', { value: d.dueDate }, [d.dueDate + (d.kind === 'final' ? '（全面公开）' : '（定期公开）')])); });
    }
    campSel.addEventListener('change', fill);
    fill();
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/charities/' + encodeURIComponent(c.charityId) + '/reports', b, { 'idempotency-key': k }); }, function (res) {
      k = key();
      S.go('/staff/?v=charity', true);
      ok('已登记 ' + res.dueDate + ' 这一期的公开情况' + (res.late ? '（逾期）' : '') + '。');
    });
    body.appendChild(f);
  }

  function volunteerForm(body) {
    var k = key();
    var f = form('ch-volunteer', '', [
      field('type', '服务类型', { options: VOLUNTEER_TYPES.map(function (t) { return [t, t]; }) }),
      field('date', '活动日期', { type: 'date', cls: 'input-short', value: S.today() }),
      field('volunteers', '志愿者人数', { kind: 'int', cls: 'input-short' }),
      field('hours', '服务时长合计（小时）', { kind: 'int', cls: 'input-short', hint: '全部志愿者的时长加在一起。' }),
      field('description', '活动说明', { textarea: true }),
    ], '登记志愿服务');
    S.handleForm(f, function (b) { return Auth.api('POST', '/api/v1/volunteer-activities', b, { 'idempotency-key': k }); }, function () {
      k = key();
      S.go('/staff/?v=charity', true);
      ok('已登记志愿服务。');
    });
    body.appendChild(f);
  }

  function donorText(d) {
    if (d.type === 'anonymous') return '匿名';
    return d.name + (d.idNumber ? '（' + d.idNumber + '）' : '') + (d.publishName ? '，同意公开' : '，不公开姓名');
  }
  function donationList(body, c) {
    var box = h('div', {}, [h('p', { class: 'loading' }, ['正在读取…'])]);
    body.appendChild(box);
    var more = h('button', { type: 'button', class: 'button secondary', hidden: true }, ['显示更多']);
    body.appendChild(more);
    var cursor = null;
    var tbody = null;
    function load() {
      Auth.api('GET', '/api/v1/charities/' + encodeURIComponent(c.charityId) + '/donations' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : '')).then(function (r) {
        if (r.status !== 200) { clear(box).appendChild(S.problemBox(r.body)); return; }
        var rows = r.body.items.map(function (d) {
          return [d.date, d.receiptNumber, donorText(d.donor), S.yuan(d.amountFen) + (d.goods ? '（' + d.goods.description + ' ' + d.goods.quantity + d.goods.unit + '）' : ''), d.purpose, (d.flags || []).length ? '有核查线索' : '—'];
        });
        if (!tbody) {
          clear(box);
          if (!rows.length) { box.appendChild(h('p', { class: 'empty' }, ['还没有登记的捐赠。'])); return; }
          box.appendChild(S.table('本机构登记的捐赠（最新在前；身份证号只显示部分）', ['日期', '票据号', '捐赠人', '金额', '用途', '核查'], rows));
          tbody = $('tbody', box);
        } else {
          S.table('', ['x'], rows).querySelectorAll('tbody tr').forEach(function (tr) { tbody.appendChild(tr); });
        }
        cursor = r.body.cursor;
        more.hidden = !cursor;
      });
    }
    more.addEventListener('click', load);
    load();
  }

  // ---------- admin: misuse flags across charities ----------
  S.register('charity-flags', {
    title: '慈善核查线索',
    render: function (p, sec, s) {
      var body = clear(sec);
      var status = p.status || 'open';
      body.appendChild(h('p', { class: 'lead' }, ['平台对慈善组织的捐赠和使用自动核查（措施（十六）：防范诈捐、骗捐），发现的线索在这里核查。核查结论随信用记录公开：属实的计入信用记录；不成立的注明说明，不再计入。说明会公开，请不要写个人信息。']));
      var filter = h('form', { class: 'inline-form', novalidate: true }, [
        h('div', { class: 'field' }, [h('label', { for: 'flags-status' }, ['状态']), h('select', { id: 'flags-status', name: 'status' }, [['open', '待核查'], ['confirmed', '经核查属实'], ['dismissed', '已核查，不成立']].map(function (o) { return h('option', { value: o[0], selected: o[0] === status }, [o[1]]); }))]),
        h('button', { type: 'submit', class: 'button secondary' }, ['筛选']),
      ]);
      filter.addEventListener('submit', function (ev) { ev.preventDefault(); S.go('/staff/?v=charity-flags&status=' + $('#flags-status').value); });
      body.appendChild(filter);
      var list = h('ol', { class: 'card-list', id: 'flags-list' }, []);
      var box = h('div', {}, [h('p', { class: 'loading' }, ['正在读取…'])]);
      var more = h('button', { type: 'button', class: 'button secondary', hidden: true }, ['显示更多']);
      body.appendChild(box);
      body.appendChild(more);
      var cursor = null;
      var n = 0;
      function load() {
        Auth.api('GET', '/api/v1/charity-flags?status=' + status + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')).then(function (r) {
          if (r.status !== 200) { clear(box).appendChild(S.problemBox(r.body)); return; }
          if (!cursor) {
            clear(box);
            if (!r.body.items.length) { box.appendChild(h('p', { class: 'empty' }, ['没有' + FLAG_STATUS[status] + '的线索。'])); }
            else box.appendChild(list);
          }
          r.body.items.forEach(function (f) { list.appendChild(flagCard(f, n++, s)); });
          cursor = r.body.cursor;
          more.hidden = !cursor;
        });
      }
      more.addEventListener('click', load);
      load();
    },
  });

  function flagCard(f, n, s) {
    var card = h('li', { class: 'card' }, [
      h('h2', { class: 'card-title' }, [f.charityName + '：' + f.label]),
      S.dl([
        ['发现时间', S.timeOf(f.raisedAt)], ['情况', f.detail], f.subject ? ['涉及记录', h('code', {}, [f.subject])] : null,
        ['状态', FLAG_STATUS[f.status] || f.status], f.resolution ? ['核查说明', S.dateOf(f.resolution.at) + '：' + f.resolution.note] : null,
      ]),
    ]);
    if (f.status !== 'open' || s.role !== 'admin') return card;
    var prefix = 'flag' + n;
    var form = h('form', { class: 'action-form', novalidate: true }, [
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      h('div', { class: 'field', 'data-field': 'outcome' }, [h('fieldset', {}, [h('legend', {}, ['核查结论']), h('div', { class: 'choices choices-inline' }, [['confirmed', '属实'], ['dismissed', '不成立']].map(function (o, i) {
        var id = prefix + '-outcome' + (i ? '-' + o[0] : '');
        return h('div', { class: 'choice' }, [h('input', { type: 'radio', id: id, name: 'outcome', value: o[0] }), h('label', { for: id }, [o[1]])]);
      }))])]),
      h('div', { class: 'field', 'data-field': 'note' }, [h('label', { for: prefix + '-note' }, ['核查说明（会公开）']), h('span', { class: 'hint', id: prefix + '-note-hint' }, ['写明核查了什么、结论的依据。不要写身份证号码、手机号码或银行卡号。']), h('textarea', { id: prefix + '-note', name: 'note', rows: '2', 'aria-describedby': prefix + '-note-hint' })]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['提交核查结论'])]),
    ]);
    S.handleForm(form, function (b) {
      return Auth.api('POST', '/api/v1/charities/' + encodeURIComponent(f.charityId) + '/flags/' + encodeURIComponent(f.flagId) + '/resolution', b);
    }, function (res) {
      S.go('/staff/?v=charity-flags', true);
      S.say('已处理：' + f.charityName + '“' + f.label + '”，结论：' + res.statusLabel + '。', 'ok');
    }, { fallback: 'note' });
    card.appendChild(form);
    return card;
  }
})();
