/*
 * 流浪乞讨人员救助 (十四; shared/management/stranded.ts): loaded on demand for the views `stranded` and
 * `stranded-case` (staff.js MODULES). The 救助管理机构 takes a person in — with or without an ID number —
 * and then records board and care, each 寻亲 step, the identity, 返乡 (a follow-up task for the home
 * township), 落户安置 after a long stay, or transfer into 特困. Each step's form shows only where the case's
 * state allows it; the API checks role, state and deadline again and answers in Chinese.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, $ = S.$, $$ = S.$$, clear = S.clear;

  var STATUS = { inCare: '在站救助中', identified: '已查明身份', returned: '已返乡', settled: '已落户安置', transferred: '已转入特困人员救助供养' };
  var COUNTIES = [['341602', '谯城区'], ['341621', '涡阳县'], ['341622', '蒙城县'], ['341623', '利辛县']];
  var SERVICES = [['board', '饮食'], ['lodging', '住宿'], ['medical', '医疗'], ['care', '生活照料'], ['clothing', '衣物'], ['contact', '联系亲友']];
  var METHODS = [['interview', '甄别询问'], ['notice', '寻亲公告'], ['police', '公安机关比对（DNA、人像）'], ['media', '媒体寻亲'], ['database', '全国救助寻亲网站']];
  var OUTCOMES = [['found', '找到线索或亲属'], ['notFound', '未找到'], ['pending', '等待结果']];
  function labelOf(list, v) { for (var i = 0; i < list.length; i++) if (list[i][0] === v) return list[i][1]; return v; }
  var newKey = S.newKey, hint = S.hint, field = S.field, input = S.input, textarea = S.textarea;
  function select(id, name, options) { return h('select', { id: id, name: name }, options.map(function (o) { return h('option', { value: o[0] }, [o[1]]); })); }
  function choices(type, name, prefix, legend, options) {
    return h('div', { class: 'field', 'data-field': name }, [h('fieldset', {}, [
      h('legend', {}, [legend]),
      h('div', { class: 'choices choices-inline' }, options.map(function (o, i) {
        var id = prefix + '-' + name.replace(/\./g, '-') + (i === 0 ? '' : '-' + o[0]);
        return h('div', { class: 'choice' }, [h('input', { type: type, id: id, name: name, value: o[0] }), h('label', { for: id }, [o[1]])]);
      })),
    ])]);
  }
  function checked(form, name) { return $$('input[name="' + name + '"]', form).filter(function (i) { return i.checked; }).map(function (i) { return i.value; }); }
  function errors() { return h('div', { class: 'form-errors', 'data-form-errors': '' }); }
  function submit(text) { return h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, [text])]); }

  // ───────────────────────── intake and open ─────────────────────────

  var intakeKey = newKey();
  S.register('stranded', {
    title: '流浪乞讨人员救助',
    render: function (p, sec) {
      clear(sec);
      sec.appendChild(h('p', { class: 'lead' }, ['救助管理机构对生活无着的流浪乞讨人员和临时遇困人员提供临时食宿、医疗和照料，帮助寻亲、返乡；长期滞留且查不到身份的，办理落户安置，符合条件的转入特困人员救助供养（措施（十四））。没有身份证号码也可以登记。']));
      var form = h('form', { class: 'staff-form', id: 'sd-intake', novalidate: true }, [
        h('h2', {}, ['登记受助人员']),
        errors(),
        h('div', { class: 'field-grid' }, [
          field('foundAt.county', 'sd-county', '发现地县区', select('sd-county', 'foundAt.county', COUNTIES)),
          field('foundAt.township', 'sd-township', '发现地乡镇（街道）代码', input('sd-township', 'foundAt.township', { inputmode: 'numeric' }), '9位数字，例如 341602001'),
          field('foundAt.on', 'sd-on', '发现日期', input('sd-on', 'foundAt.on', { type: 'date', value: S.today() })),
        ]),
        field('foundAt.place', 'sd-place', '发现地点', input('sd-place', 'foundAt.place'), '例如：火车站广场'),
        field('name', 'sd-name', '姓名（可不填）', input('sd-name', 'name'), '本人说不清的可以不填，登记为“无名氏”。'),
        field('idNumber', 'sd-id', '身份证号码（可不填）', input('sd-id', 'idNumber', { inputmode: 'numeric' }), '没有身份证号码的，平台登记为临时人员，查明身份后合并。'),
        choices('radio', 'sex', 'sd', '性别（可不选）', [['male', '男'], ['female', '女']]),
        field('description', 'sd-desc', '体貌特征和受助情况', textarea('sd-desc', 'description')),
        submit('登记并开始救助'),
      ]);
      S.handleForm(form, function (b) { return Auth.api('POST', '/api/v1/stranded-cases', b, { 'idempotency-key': intakeKey }); }, function (res) {
        intakeKey = newKey();
        S.say('已登记，案件编号 ' + res.id + '；救助期限至 ' + res.deadlines.careUntil + '。', 'ok');
        S.go('/staff/?v=stranded-case&id=' + encodeURIComponent(res.id));
      });
      sec.appendChild(form);
      var open = h('form', { class: 'staff-form', id: 'sd-open', novalidate: true }, [
        h('h2', {}, ['查看已登记的案件']),
        errors(),
        field('id', 'sd-open-id', '案件编号', input('sd-open-id', 'id'), '例如 JZ-341602-20270104-3F2A1B'),
        submit('查看'),
      ]);
      open.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var v = ($('#sd-open-id', open).value || '').trim();
        if (!v) { S.showProblem(open, { errors: [{ field: 'id', message: '请填写案件编号' }] }); return; }
        S.go('/staff/?v=stranded-case&id=' + encodeURIComponent(v));
      });
      sec.appendChild(open);
      sec.appendChild(h('h2', {}, ['在站救助的人员']));
      var list = h('div', { id: 'sd-list' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
      sec.appendChild(list);
      Auth.api('GET', '/api/v1/stranded-cases').then(function (r) {
        clear(list);
        if (r.status !== 200) { list.appendChild(S.problemBox(r.body)); return; }
        if (!r.body.items.length) { list.appendChild(h('p', { class: 'empty' }, ['没有在站救助的人员。'])); return; }
        list.appendChild(S.table('在站救助的人员（救助期限最早的在前）', ['案件编号', '姓名', '状态', '救助期限', '寻亲公告', '可办理落户安置'], r.body.items.map(function (i) {
          return [
            S.link('stranded-case', { id: i.id }, i.id), i.name, STATUS[i.status] || i.status,
            i.careUntil + (i.careOverdue ? '（已超期）' : ''),
            i.tracingNoticeDue ? i.tracingNoticeDue + ' 前发布' + (i.tracingNoticeOverdue ? '（已超期）' : '') : '—',
            i.settlementFrom || '—',
          ];
        })));
      });
    },
  });

  // ───────────────────────── one case ─────────────────────────

  S.register('stranded-case', {
    title: '流浪乞讨人员救助案件',
    render: function (p, sec) {
      clear(sec);
      sec.appendChild(h('p', {}, [S.link('stranded', {}, '返回流浪乞讨人员救助')]));
      var box = h('div', { id: 'sd-case' }, [h('p', { class: 'loading' }, ['正在读取…'])]);
      sec.appendChild(box);
      load(box, p.id || '');
    },
  });

  function load(box, id) {
    Auth.api('GET', '/api/v1/stranded-cases/' + encodeURIComponent(id)).then(function (r) {
      clear(box);
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      render(box, r.body);
    });
  }

  function render(box, c) {
    box.appendChild(h('h2', {}, [c.name + '（' + c.id + '）']));
    box.appendChild(S.dl([
      ['状态', STATUS[c.status] || c.status],
      ['身份', c.identified ? '已查明' : '未查明（平台登记为临时人员）'],
      ['发现', c.foundAt.on + ' ' + c.foundAt.place],
      ['受助情况', c.description],
      ['救助期限至', c.deadlines.careUntil],
      ['寻亲公告应于此日前发布', c.deadlines.tracingNoticeBy],
      ['可办理落户安置的日期', c.deadlines.settlementFrom],
      c.home ? ['户籍地', S.townshipName ? S.townshipName(c.home.township) || c.home.township : c.home.township] : null,
      c.returned ? ['返乡', c.returned.on + '，' + c.returned.escort + '；户籍地乡镇应于 ' + c.deadlines.followUpBy + ' 前回访'] : null,
      c.settlement ? ['落户安置', c.settlement.on + ' ' + c.settlement.township + '：' + c.settlement.note] : null,
      c.tekun ? ['特困人员救助供养申请', c.tekun.reference] : null,
    ]));
    box.appendChild(c.care.length
      ? S.table('食宿与照料记录', ['日期', '服务', '情况', '延长期限'], c.care.map(function (x) { return [x.on, x.services.map(function (v) { return labelOf(SERVICES, v); }).join('、'), x.note, x.extendedTo ? x.extendedTo + '（' + x.reason + '）' : '—']; }))
      : h('p', { class: 'empty' }, ['还没有食宿与照料记录。']));
    box.appendChild(c.tracing.length
      ? S.table('寻亲记录', ['步骤', '日期', '方式', '结果', '情况'], c.tracing.map(function (t) { return ['第' + t.n + '步', t.on, labelOf(METHODS, t.method) + (t.late ? '（晚于期限）' : ''), labelOf(OUTCOMES, t.outcome), t.note]; }))
      : h('p', { class: 'empty' }, ['还没有寻亲记录。']));
    var forms = [];
    if (c.status === 'inCare' || c.status === 'identified') forms.push(careForm(c));
    if (c.status === 'inCare') forms.push(traceForm(c), identifyForm(c), settleForm(c));
    if (c.status === 'identified') forms.push(returnForm(c));
    if (c.status === 'identified' || c.status === 'settled') forms.push(tekunForm(c));
    if (!forms.length) { box.appendChild(h('p', { class: 'note' }, ['此案件已办结。'])); return; }
    box.appendChild(h('h2', {}, ['办理']));
    var list = h('ol', { class: 'card-list' }, []);
    forms.forEach(function (f) { list.appendChild(h('li', { class: 'card' }, [h('h3', { class: 'card-title' }, [f.getAttribute('aria-label')]), f])); });
    box.appendChild(list);
  }

  function stepForm(c, step, title, children, prepare) {
    var form = h('form', { class: 'action-form', id: 'sd-' + step, novalidate: true, 'aria-label': title }, [errors()].concat(children, [submit(title)]));
    S.handleForm(form, function (b) { return Auth.api('POST', '/api/v1/stranded-cases/' + encodeURIComponent(c.id) + '/' + step, b); }, function (res) {
      S.say('已办理：' + title + '。当前状态：' + (STATUS[res.status] || res.status) + '。', 'ok');
      var box = $('#sd-case');
      clear(box);
      render(box, res);
      $('#view-title').focus();
    }, prepare ? { prepare: prepare } : undefined);
    return form;
  }
  function careForm(c) {
    var f;
    f = stepForm(c, 'care', '登记食宿与照料', [
      choices('checkbox', 'services', 'sd-care', '提供的服务', SERVICES),
      field('note', 'sd-care-note', '照料情况', textarea('sd-care-note', 'note', { rows: '2' })),
      field('extendTo', 'sd-care-ext', '延长救助期限至（可不填）', input('sd-care-ext', 'extendTo', { type: 'date' }), '超过救助期限（' + c.deadlines.careUntil + '）的，须延长并写明理由。'),
      field('reason', 'sd-care-reason', '延长理由', textarea('sd-care-reason', 'reason', { rows: '2' })),
    ], function (s) { s.body.services = checked(f, 'services'); });
    return f;
  }
  function traceForm(c) {
    return stepForm(c, 'trace', '登记寻亲', [
      field('method', 'sd-tr-method', '寻亲方式', select('sd-tr-method', 'method', METHODS), '无法提供身份信息的，应于 ' + c.deadlines.tracingNoticeBy + ' 前发布寻亲公告。'),
      field('outcome', 'sd-tr-outcome', '结果', select('sd-tr-outcome', 'outcome', OUTCOMES)),
      field('note', 'sd-tr-note', '寻亲情况', textarea('sd-tr-note', 'note', { rows: '2' })),
    ]);
  }
  function identifyForm(c) {
    return stepForm(c, 'identify', '登记查明的身份', [
      field('idNumber', 'sd-id-no', '身份证号码', input('sd-id-no', 'idNumber', { inputmode: 'numeric' })),
      field('name', 'sd-id-name', '姓名（可不填）', input('sd-id-name', 'name')),
      h('div', { class: 'field-grid' }, [
        field('home.county', 'sd-id-county', '户籍地县区', select('sd-id-county', 'home.county', COUNTIES)),
        field('home.township', 'sd-id-township', '户籍地乡镇（街道）代码', input('sd-id-township', 'home.township', { inputmode: 'numeric' })),
      ]),
    ]);
  }
  function returnForm(c) {
    return stepForm(c, 'returnHome', '办理返乡', [
      field('escort', 'sd-ret-escort', '接送和护送安排', textarea('sd-ret-escort', 'escort', { rows: '2' }), '返乡后，户籍地乡镇（街道）会收到回访帮扶任务。'),
    ]);
  }
  function settleForm(c) {
    return stepForm(c, 'settle', '办理落户安置', [
      h('p', { class: 'hint' }, ['滞留满规定期限（' + c.deadlines.settlementFrom + ' 起）且已发布寻亲公告、经公安机关比对仍查不到身份的，可以办理。']),
      field('township', 'sd-set-township', '安置地乡镇（街道）代码', input('sd-set-township', 'township', { inputmode: 'numeric' })),
      field('idNumber', 'sd-set-id', '落户后的身份证号码（可不填）', input('sd-set-id', 'idNumber', { inputmode: 'numeric' })),
      field('note', 'sd-set-note', '安置情况', textarea('sd-set-note', 'note', { rows: '2' })),
    ]);
  }
  function tekunForm(c) {
    return stepForm(c, 'transferTekun', '转入特困人员救助供养', [
      h('p', { class: 'hint' }, ['平台按特困人员认定条件（措施（六））计算；符合的，代为提出特困人员救助供养申请，由乡镇（街道）按正常程序办理。']),
      field('residence', 'sd-tk-res', '居住地类型', select('sd-tk-res', 'residence', [['urban', '城市'], ['rural', '农村']])),
      field('phone', 'sd-tk-phone', '联系电话（救助管理机构）', input('sd-tk-phone', 'phone', { inputmode: 'tel' })),
    ]);
  }
})();
