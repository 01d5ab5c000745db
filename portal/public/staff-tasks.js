/*
 * Dynamic management (动态管理; issue 6's API, shared/management): loaded on demand for the views
 * `tasks`, `task`, `data-match`, `emergencies` and `inspections-work` (staff.js MODULES).
 * - tasks / task: the township's re-checks (复核), visits (探访, with the 生活自理能力 reassessment) and
 *   data-match and inspection follow-ups, by due date, 即将到期 and 已超期 marked in words; the caseworker
 *   records the outcome (continue, adjust, 渐退, suspend, end); the county reads them with counts per township.
 * - data-match: the county uploads the departments' lists (format: shared/management/README.md).
 * - emergencies: the admin declares and ends emergency mode (十五); the county reads its area's.
 * - inspections-work: 双随机一公开 — the inspector's cases and findings; the county's and auditor's draws.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, $ = S.$, $$ = S.$$, clear = S.clear;

  var newKey = S.newKey, hint = S.hint, field = S.field, input = S.input, textarea = S.textarea;
  function loading() { return h('p', { class: 'loading' }, ['正在读取…']); }
  /** A group of radio buttons (or checkboxes) under a legend; the first input has `prefix-name`. */
  function choices(type, name, prefix, legend, options, hintText, inline) {
    var first = prefix + '-' + name.replace(/\./g, '-');
    return h('div', { class: 'field', 'data-field': name }, [h('fieldset', {}, [
      h('legend', {}, [legend]),
      hintText ? hint(first + '-hint', hintText) : null,
      h('div', { class: 'choices' + (inline ? ' choices-inline' : '') }, options.map(function (o, i) {
        var id = i === 0 ? first : first + '-' + o[0];
        return h('div', { class: 'choice' }, [
          h('input', { type: type, id: id, name: name, value: o[0], 'data-kind': type === 'radio' && (o[0] === 'true' || o[0] === 'false') ? 'bool' : undefined, 'aria-describedby': i === 0 && hintText ? first + '-hint' : undefined }),
          h('label', { for: id }, [o[1], o[2] ? h('span', { class: 'hint' }, [o[2]]) : null]),
        ]);
      })),
    ])]);
  }
  function checkedValues(form, name) { return $$('input[name="' + name + '"]', form).filter(function (i) { return i.checked; }).map(function (i) { return i.value; }); }
  /** Problems name array items (`reasons.0`); the form has one textarea for them. */
  function renameFields(r, map) {
    if (r.body && r.body.errors) r.body.errors.forEach(function (e) { for (var k in map) if (e.field && new RegExp(k).test(e.field)) e.field = typeof map[k] === 'function' ? map[k](e.field) : map[k]; });
    return r;
  }
  function showResult(el, children, kind) {
    clear(el);
    el.className = 'result' + (kind ? ' result-' + kind : '');
    children.forEach(function (c) { if (c) el.appendChild(c); });
    el.hidden = false;
    el.focus();
  }
  function flag(text, kind) { return h('span', { class: 'flag' + (kind ? ' flag-' + kind : '') }, [text]); }

  var OUTCOMES = {
    'continue': ['继续享受', '复核情况没有变化，继续按原标准发放。'],
    adjust: ['调整金额', '家庭收入或护理等级有变化：由规则按新情况重新计算金额，不手工填写金额。'],
    taper: ['渐退', '家庭成员就业后收入超过低保标准：在渐退期内继续发放，期满终止（措施（十））。'],
    suspend: ['暂停发放', '情况待核实，先停止发放。'],
    end: ['终止救助', '不再符合条件：写明理由，平台生成终止通知书，告知复议和诉讼权利。'],
  };
  var CARE = { full: '全护理', half: '半护理', self: '自理' };
  var ISSUES = { eligibility: '保障资格', amount: '救助金额', procedure: '办理程序', records: '档案记录', other: '其他' };
  var LIST_KINDS = [['deaths', '死亡和火化人员名单', '公安、殡葬部门'], ['payroll', '财政供养人员名单', '财政、人社部门'], ['vehicles', '机动车登记名单', '公安交管部门'], ['business', '工商登记（市场主体）名单', '市场监管部门']];
  var DATE_OF = { deaths: '死亡或火化日期', payroll: '财政供养起始日期', vehicles: '车辆登记日期', business: '工商登记日期' };

  function taskFlags(t) {
    var out = [];
    if (t.overdue) out.push(flag('已超期', 'overdue'));
    else if (t.atRisk) out.push(flag('即将到期', 'risk'));
    if (t.evidence && t.kind === 'data-match') out.push(flag('比对：' + (t.evidence.kindLabel || t.evidence.kind)));
    if (t.kind === 'inspection') out.push(flag('抽查发现问题'));
    return out;
  }
  function taskName(t) { return t.kindLabel + '：' + t.applicant; }

  // ───────────────────────── tasks ─────────────────────────

  var listState = { cursor: null, body: null };
  S.register('tasks', {
    title: function (p, s) { return s.role === 'county' ? '复核任务督办' : '复核、走访和比对任务'; },
    render: function (p, sec, s) {
      clear(sec);
      var county = s.role === 'county';
      sec.appendChild(h('p', { class: 'lead' }, [county
        ? '本县区各乡镇（街道）的复核、探访和比对任务。县级只能查看，由乡镇（街道）办理。'
        : '本乡镇（街道）的复核（措施（五）（六））、探访和生活自理能力复评（六）、数据比对疑点和抽查问题（二十三），按办结期限排列。打开任务登记复核结果。']));
      sec.appendChild(h('p', { class: 'note' }, ['“即将到期”：距办结期限不足3个工作日；“已超期”：已过办结期限，每日的期限检查会报县级督办。']));
      if (county) sec.appendChild(countsBox(p));
      var status = p.status === 'done' ? 'done' : 'open';
      var filter = h('form', { class: 'inline-form', id: 'tasks-filter', novalidate: true }, [
        h('div', { class: 'field' }, [h('label', { for: 'tasks-status' }, ['任务状态']), h('select', { id: 'tasks-status' }, [['open', '待办'], ['done', '已办结']].map(function (o) { return h('option', { value: o[0], selected: o[0] === status }, [o[1]]); }))]),
        county ? h('div', { class: 'field' }, [h('label', { for: 'tasks-township' }, ['乡镇（街道）']), h('select', { id: 'tasks-township' }, [h('option', { value: '' }, ['全部'])])]) : null,
        h('button', { type: 'submit', class: 'button secondary' }, ['查看']),
      ]);
      if (county) S.loadAreas().then(function (areas) {
        var sel = $('#tasks-township', filter);
        areas.filter(function (c) { return c.code === S.countyOf(s); }).forEach(function (c) {
          c.townships.forEach(function (t) { sel.appendChild(h('option', { value: t.code, selected: t.code === p.township }, [t.name])); });
        });
      });
      filter.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var q = { status: $('#tasks-status', filter).value };
        var tw = $('#tasks-township', filter);
        if (tw && tw.value) q.township = tw.value;
        S.go('/staff/?' + new URLSearchParams(Object.assign({ v: 'tasks' }, q)).toString());
      });
      sec.appendChild(filter);
      var box = h('div', { id: 'tasks-list' }, [loading()]);
      var more = h('button', { type: 'button', class: 'button secondary', id: 'tasks-more', hidden: true }, ['显示更多']);
      sec.appendChild(box);
      sec.appendChild(more);
      listState = { cursor: null, body: null };
      var q = '?limit=50&status=' + status + (county && p.township ? '&township=' + encodeURIComponent(p.township) : '');
      function load(fresh) {
        Auth.api('GET', '/api/v1/tasks' + q + (!fresh && listState.cursor ? '&cursor=' + encodeURIComponent(listState.cursor) : '')).then(function (r) {
          if (r.status !== 200) { clear(box).appendChild(S.problemBox(r.body)); return; }
          if (fresh) {
            clear(box);
            if (!r.body.items.length) { box.appendChild(h('p', { class: 'empty' }, [status === 'open' ? '没有待办的任务。' : '没有已办结的任务。'])); more.hidden = true; return; }
            var heads = ['任务', '申请编号', '救助类型', '办结期限', '标记'];
            if (county) heads.splice(3, 0, '乡镇（街道）');
            if (status === 'done') heads.push('结果');
            box.appendChild(h('div', { class: 'table-scroll' }, [h('table', { class: 'data-table', id: 'tasks-table' }, [
              h('caption', {}, [(status === 'open' ? '待办任务' : '已办结任务') + '，按办结期限排列']),
              h('thead', {}, [h('tr', {}, heads.map(function (c) { return h('th', { scope: 'col' }, [c]); }))]),
              listState.body = h('tbody', {}),
            ])]));
          }
          r.body.items.forEach(function (t) {
            var cells = [
              h('th', { scope: 'row' }, [S.link('task', { id: t.id }, taskName(t))]),
              h('td', {}, [h('span', { class: 'ref' }, [t.reference])]),
              h('td', {}, [t.typeLabel]),
              h('td', { class: 'nowrap' }, [t.dueDate]),
              h('td', {}, taskFlags(t)),
            ];
            if (county) cells.splice(3, 0, h('td', {}, [t.townshipName]));
            if (status === 'done') cells.push(h('td', {}, [t.outcome ? (OUTCOMES[t.outcome.outcome] || [t.outcome.outcome])[0] : '—']));
            listState.body.appendChild(h('tr', { class: t.overdue ? 'row-overdue' : t.atRisk ? 'row-risk' : undefined }, cells));
          });
          listState.cursor = r.body.cursor || null;
          more.hidden = !listState.cursor;
        });
      }
      more.addEventListener('click', function () { load(false); });
      load(true);
    },
  });

  /** County: counts per township — open, 即将到期, 已超期, done. */
  function countsBox(p) {
    var box = h('div', { id: 'tasks-counts' }, [loading()]);
    Auth.api('GET', '/api/v1/tasks/summary').then(function (r) {
      clear(box);
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      var v = r.body;
      box.appendChild(h('ul', { class: 'stat-list' }, [
        h('li', { class: 'stat' }, [h('span', { class: 'stat-n' }, [String(v.totals.open)]), '项待办']),
        h('li', { class: 'stat stat-risk' }, [h('span', { class: 'stat-n' }, [String(v.totals.atRisk)]), '项即将到期']),
        h('li', { class: 'stat stat-overdue' }, [h('span', { class: 'stat-n' }, [String(v.totals.overdue)]), '项已超期']),
        h('li', { class: 'stat' }, [h('span', { class: 'stat-n' }, [String(v.totals.done)]), '项已办结']),
      ]));
      box.appendChild(S.table('各乡镇（街道）任务数（' + v.date + '；即将到期指 ' + v.atRiskUntil + ' 前到期）', ['乡镇（街道）', '待办', '其中即将到期', '其中已超期', '已办结'], v.townships.map(function (t) {
        return [S.link('tasks', { township: t.township }, t.name), String(t.open), String(t.atRisk), t.overdue ? h('strong', {}, [String(t.overdue) + '（已超期）']) : '0', String(t.done)];
      })));
    });
    return box;
  }

  // ───────────────────────── one task ─────────────────────────

  S.register('task', {
    title: '任务',
    render: function (p, sec, s) {
      clear(sec);
      sec.appendChild(h('p', {}, [S.link('tasks', {}, '返回任务列表', { class: 'back-link' })]));
      var result = h('div', { id: 'task-result', class: 'result', tabindex: '-1', hidden: true });
      var body = h('div', { id: 'task-body' }, [loading()]);
      sec.appendChild(result);
      sec.appendChild(body);
      loadTask(p.id, s, body, result);
    },
  });

  function loadTask(id, s, body, result) {
    return Auth.api('GET', '/api/v1/tasks/' + encodeURIComponent(id || '')).then(function (r) {
      clear(body);
      if (r.status !== 200) { body.appendChild(S.problemBox(r.body)); return; }
      var t = r.body;
      $('#view-title').textContent = taskName(t);
      document.title = taskName(t) + ' - 工作台 - 亳州市社会救助服务平台';
      var flags = taskFlags(t);
      body.appendChild(h('div', { class: 'case-summary' }, [S.dl([
        ['任务', t.kindLabel + ' ' + t.measure],
        ['期间', t.period],
        ['申请编号', S.link('case', { ref: t.reference }, t.reference, { class: 'ref' })],
        ['救助类型', t.typeLabel],
        ['申请人', t.applicant],
        ['乡镇（街道）', t.townshipName],
        ['办结期限', t.dueDate],
        ['状态', h('strong', {}, [t.status === 'open' ? '待办' : '已办结'])],
        flags.length ? ['标记', h('span', {}, flags)] : null,
      ])]));
      if (t.kind === 'data-match' && t.evidence) body.appendChild(evidenceBox(t.evidence));
      if (t.kind === 'inspection' && t.evidence) {
        body.appendChild(h('section', { class: 'case-section', 'aria-labelledby': 'task-insp-h' }, [h('h2', { id: 'task-insp-h' }, ['抽查发现的问题']), S.dl([
          ['问题类别', (t.evidence.issues || []).map(function (k) { return ISSUES[k] || k; }).join('、')], ['抽查情况', t.evidence.findings],
        ])]));
      }
      if (t.outcome) {
        body.appendChild(h('section', { class: 'case-section', 'aria-labelledby': 'task-outcome-h' }, [h('h2', { id: 'task-outcome-h' }, ['复核结果']), S.dl([
          ['结论', (OUTCOMES[t.outcome.outcome] || [t.outcome.outcome])[0]], ['复核情况', t.outcome.findings],
          t.outcome.reasons ? ['理由', t.outcome.reasons.join('；')] : null, ['登记时间', S.timeOf(t.outcome.at)], ['登记人', t.outcome.by],
        ])]));
      }
      if (t.status !== 'open') return;
      if (s.role !== 'caseworker') { body.appendChild(h('p', { class: 'note' }, ['此任务由' + t.townshipName + '办理；县级只能查看和督办。'])); return; }
      var formBox = h('div', { id: 'task-form-box' }, [h('p', { class: 'loading' }, ['正在读取案件的家庭情况…'])]);
      body.appendChild(formBox);
      // The household's members (for 调整 and 渐退) come from the case; opening it is recorded (查阅留痕).
      Auth.api('GET', '/api/v1/cases/' + encodeURIComponent(t.reference)).then(function (c) {
        clear(formBox);
        if (c.status !== 200) { formBox.appendChild(S.problemBox(c.body)); return; }
        formBox.appendChild(currentBox(c.body));
        formBox.appendChild(outcomeForm(t, c.body, function (res, sent) {
          showResult(result, outcomeResult(t, res, sent, c.body), 'ok');
          S.say('已登记复核结果：' + OUTCOMES[sent.outcome][0] + '。案件状态：' + (res.statusLabel || res.status) + '。', 'ok');
          loadTask(t.id, s, body, result);
        }));
      });
    });
  }

  function evidenceBox(e) {
    return h('section', { class: 'case-section', id: 'task-evidence', 'aria-labelledby': 'task-evidence-h' }, [
      h('h2', { id: 'task-evidence-h' }, ['比对依据（措施（二十三））']),
      S.dl([
        ['比中的名单', h('strong', {}, [e.kindLabel || e.kind])],
        ['名单来源', e.source], ['名单日期', e.asOf], ['名单行号', '第 ' + e.line + ' 行'],
        [DATE_OF[e.kind] || '日期', e.date], ['名单说明', e.detail], ['比中对象', e.who],
      ]),
      h('p', { class: 'note' }, ['平台按身份证号码的加密摘要比对，不显示号码。请入户或向提供部门核实：确属本人或家庭成员的，按情况调整、暂停或终止；误比中的，选择“继续享受”并写明核实情况。']),
    ]);
  }

  function currentBox(c) {
    var e = c.enrolment || {};
    return h('section', { class: 'case-section', 'aria-labelledby': 'task-current-h' }, [h('h2', { id: 'task-current-h' }, ['现在的救助情况']), S.dl([
      ['案件状态', c.statusLabel],
      ['每月金额', S.yuan(e.monthlyAmountFen)],
      e.class ? ['分类施保', e.class + ' 类'] : null,
      e.careLevel ? ['护理等级', CARE[e.careLevel] || e.careLevel] : null,
      e.taper ? ['渐退期', '至 ' + e.taper.lastDay] : null,
      ['家庭成员', (c.household.members || []).map(function (m) { return m.name + '（月收入 ' + S.yuan(m.monthlyIncomeFen) + '）'; }).join('；')],
    ]), h('p', { class: 'note' }, ['查看家庭情况已记入个人信息查阅记录。'])]);
  }

  /** Shows the parts of the form that belong to the chosen outcome; hidden parts are disabled (not sent). */
  function toggleOutcome(form) {
    var chosen = checkedValues(form, 'outcome')[0] || '';
    $$('[data-for]', form).forEach(function (g) {
      var on = g.getAttribute('data-for').split(' ').indexOf(chosen) >= 0;
      g.hidden = !on;
      $$('input, select, textarea', g).forEach(function (i) { i.disabled = !on || (i.hasAttribute('data-member-input') && !i.closest('.member-row').querySelector('[name=pick]').checked); });
    });
    renumberMembers(form);
  }
  /** Only the ticked members are sent, numbered 0, 1, … so the API's `members.N.*` finds their inputs. */
  function renumberMembers(form) {
    var k = 0;
    $$('.member-row', form).forEach(function (row) {
      var on = row.querySelector('[name=pick]').checked;
      $('.member-inputs', row).hidden = !on;
      $$('[data-member-input]', row).forEach(function (i) {
        var part = i.getAttribute('data-member-input');
        if (on) { i.name = 'members.' + k + '.' + part; i.disabled = Boolean(i.closest('[data-for]') && i.closest('[data-for]').hidden); } else { i.removeAttribute('name'); i.disabled = true; }
      });
      if (on) k++;
    });
  }

  function outcomeForm(t, c, done) {
    var tekun = t.type === 'tekun';
    var visit = t.kind === 'tekun-visit';
    var options = ['continue', 'adjust', 'taper', 'suspend', 'end'].filter(function (o) { return o !== 'taper' || t.type === 'dibao'; }).map(function (o) { return [o, OUTCOMES[o][0], OUTCOMES[o][1]]; });
    var members = (c.household.members || []).map(function (m, i) {
      var pid = 'tk-m' + i;
      return h('div', { class: 'member-row' }, [
        h('div', { class: 'choice' }, [h('input', { type: 'checkbox', id: pid, name: 'pick', value: String(i), 'data-kind': 'index' }), h('label', { for: pid }, [m.name + '（' + ({ self: '本人', spouse: '配偶', child: '子女', parent: '父母' }[m.relation] || '家庭成员') + '，现月收入 ' + S.yuan(m.monthlyIncomeFen) + '）'])]),
        h('div', { class: 'member-inputs field-grid', hidden: true }, [
          h('input', { type: 'hidden', value: String(i), 'data-kind': 'int', 'data-member-input': 'index' }),
          field('members.' + i + '.monthlyIncomeFen', pid + '-income', '新的月收入（元）', input(pid + '-income', null, { class: 'input-short', inputmode: 'decimal', 'data-kind': 'yuan', 'data-member-input': 'monthlyIncomeFen' })),
          field('members.' + i + '.employmentCostFen', pid + '-cost', '就业成本（元，可不填）', input(pid + '-cost', null, { class: 'input-short', inputmode: 'decimal', 'data-kind': 'yuan', 'data-member-input': 'employmentCostFen' }), '交通、必要的工作支出，按规定从收入中扣除（十）'),
        ]),
      ]);
    });
    var form = h('form', { class: 'staff-form', id: 'task-outcome', novalidate: true }, [
      h('h2', {}, ['登记复核结果']),
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      choices('radio', 'outcome', 'tk', '复核结论', options),
      field('findings', 'tk-findings', '复核情况', textarea('tk-findings', 'findings'), '写明入户、核对或比对核实的情况（至少2个字）。'),
      h('fieldset', { class: 'group', 'data-for': 'adjust taper' }, [
        h('legend', {}, ['收入有变化的家庭成员']),
        h('p', { class: 'hint', id: 'tk-members-hint' }, ['调整金额：勾选收入有变化的成员，填写新的月收入。渐退：勾选就业的成员，填写就业后的月收入。金额由规则计算，不需要填写。']),
      ].concat(members)),
      tekun ? h('fieldset', { class: 'group', 'data-for': 'continue adjust' }, [
        h('legend', {}, ['生活自理能力评估' + (visit ? '（探访必填）' : '（有新评估时填写）')]),
        h('p', { class: 'hint' }, ['措施（六）：分散供养的全护理、半护理人员每半年探访一次并复评。护理等级变化时请选择“调整金额”，护理补贴由规则重新计算。']),
        h('div', { class: 'field-grid' }, [
          field('assessment.assessedOn', 'tk-assessed', '评估日期', input('tk-assessed', 'assessment.assessedOn', { type: 'date', value: visit ? S.today() : undefined })),
          field('assessment.careLevel', 'tk-care', '评估的护理等级', h('select', { id: 'tk-care', name: 'assessment.careLevel' }, [h('option', { value: '' }, ['请选择'])].concat(['full', 'half', 'self'].map(function (k) { return h('option', { value: k }, [CARE[k]]); })))),
          field('assessment.assessor', 'tk-assessor', '评估人员', input('tk-assessor', 'assessment.assessor')),
        ]),
      ]) : null,
      h('div', { 'data-for': 'suspend end' }, [field('reasons', 'tk-reasons', '理由（每行一条）', textarea('tk-reasons', 'reasons', { 'data-kind': 'lines' }), '写给群众看的理由，例如：经核实，家庭成员已购置机动车一辆。')]),
      h('p', { class: 'warning-text', 'data-for': 'end' }, ['终止后，平台生成《终止救助通知书》，写明理由，并告知：对决定不服的，可以自知道之日起60日内申请行政复议，或者6个月内向人民法院提起行政诉讼。请将通知书送达本人。']),
      h('div', { 'data-for': 'continue adjust taper' }, [field('note', 'tk-note', '补充说明（可不填）', textarea('tk-note', 'note', { rows: '2' }))]),
      h('p', { class: 'warning-text' }, [h('strong', {}, ['请核对后再提交：提交后即记入案件和审计记录，不能撤销。'])]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['提交复核结果'])]),
    ]);
    form.addEventListener('change', function (ev) { if (ev.target.name === 'outcome' || ev.target.name === 'pick') toggleOutcome(form); });
    toggleOutcome(form);
    S.handleForm(form, function (b) {
      return Auth.api('POST', '/api/v1/tasks/' + encodeURIComponent(t.id) + '/outcome', b).then(function (r) {
        return renameFields(r, { '^reasons\\.': 'reasons', '^members$': 'pick', '^members\\.\\d+\\.index$': function (f) { return f.replace(/index$/, 'monthlyIncomeFen'); } });
      });
    }, done, {
      fallback: 'findings',
      prepare: function (s) {
        delete s.body.pick;
        if (!s.body.outcome) s.local.push({ field: 'outcome', message: '请选择复核结论' });
        if (s.body.outcome === 'taper' && !s.body.members) s.local.push({ field: 'pick', message: '渐退须勾选就业的成员（措施（十））' });
        (s.body.members || []).forEach(function (m, i) { if (m.monthlyIncomeFen === undefined) s.local.push({ field: 'members.' + i + '.monthlyIncomeFen', message: '请填写勾选成员的新月收入（元）' }); });
        if (s.body.outcome === 'taper') (s.body.members || []).forEach(function (m) { m.employed = true; });
      },
    });
    return form;
  }

  function outcomeResult(t, res, sent, c) {
    var out = [h('h2', {}, ['已登记：' + OUTCOMES[sent.outcome][0]]), h('p', {}, ['案件 ' + t.reference + ' 现为“' + (res.statusLabel || res.status) + '”。'])];
    var before = c.enrolment ? c.enrolment.monthlyAmountFen : undefined;
    if (sent.outcome === 'adjust' && res.enrolment) {
      out.push(S.dl([
        ['新的每月金额', h('strong', { id: 'task-new-amount' }, [S.yuan(res.enrolment.monthlyAmountFen)])],
        ['原每月金额', S.yuan(before)],
        res.enrolment.class ? ['分类施保', res.enrolment.class + ' 类'] : null,
        res.enrolment.careLevel ? ['护理等级', CARE[res.enrolment.careLevel] || res.enrolment.careLevel] : null,
        ['下次复核', res.enrolment.nextReviewDate],
      ]));
    }
    if (sent.outcome === 'taper' && res.taper) out.push(S.dl([['渐退期', res.taper.startedOn + ' 至 ' + res.taper.lastDay + '（' + res.taper.months + '个月）'], ['渐退期内每月金额', S.yuan(res.taper.previousMonthlyAmountFen)]]));
    if (res.trace && res.trace.length) {
      out.push(h('h3', {}, ['计算过程（每一步注明依据的措施）']));
      out.push(h('ol', { class: 'trace' }, res.trace.map(function (x) { return h('li', {}, [h('span', { class: 'cite' }, [x.measure + ' ']), x.detail]); })));
    }
    if (res.notice) {
      out.push(h('h3', {}, [res.notice.title]));
      out.push(h('div', { class: 'notice-text', id: 'task-notice' }, String(res.notice.text).split('\n').map(function (line) { return h('p', {}, [line]); })));
    }
    return out;
  }

  // ───────────────────────── data-match lists ─────────────────────────

  var dmKey = newKey();
  S.register('data-match', {
    title: '比对名单上传',
    render: function (p, sec, s) {
      clear(sec);
      sec.appendChild(h('p', { class: 'lead' }, ['上传公安、殡葬、财政、交管、市场监管等部门提供的名单。每月2日，平台把一年内的名单与在保家庭的每一位成员比对，比中的生成复核任务，交乡镇（街道）核实（措施（二十三））。平台只保存身份证号码的加密摘要，不保存号码本身。']));
      var form = h('form', { class: 'staff-form', id: 'dm-form', novalidate: true }, [
        h('h2', {}, ['上传一份名单']),
        h('div', { class: 'form-errors', 'data-form-errors': '' }),
        field('kind', 'dm-kind', '名单类型', h('select', { id: 'dm-kind', name: 'kind' }, LIST_KINDS.map(function (k) { return h('option', { value: k[0] }, [k[1] + '（' + k[2] + '）']); }))),
        field('asOf', 'dm-asof', '名单日期', input('dm-asof', 'asOf', { type: 'date', value: S.today() }), '名单截至的日期。'),
        field('source', 'dm-source', '名单来源（提供部门和文号）', input('dm-source', 'source'), '例如：谯城区殡仪馆火化名单（2026年9月）'),
        h('div', { class: 'field', 'data-field': 'file' }, [
          h('label', { for: 'dm-file' }, ['选择名单文件（CSV，UTF-8）']),
          hint('dm-file-hint', '选择文件后，内容会读入下面的文本框，可以先检查再上传。'),
          h('input', { type: 'file', id: 'dm-file', accept: '.csv,text/csv,text/plain', 'aria-describedby': 'dm-file-hint' }),
        ]),
        field('csv', 'dm-csv', '名单内容', textarea('dm-csv', 'csv', { rows: '8', class: 'mono', spellcheck: 'false' }),
          '第一行是表头 idNumber,date,detail；以后每行三项，用英文逗号分开：18位身份证号码,日期（YYYY-MM-DD）,说明（1至100字；说明里有英文逗号或引号时，把整项用英文双引号括起，其中的引号写两遍）。有任何一行不对，整份名单都不会上传，并指出是第几行。'),
        h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['上传名单'])]),
      ]);
      $('#dm-file', form).addEventListener('change', function (ev) {
        var f = ev.target.files && ev.target.files[0];
        if (f) f.text().then(function (text) { $('#dm-csv', form).value = text; S.say('已读入文件 ' + f.name + '，请检查后上传。', 'ok'); });
      });
      S.handleForm(form, function (b) {
        return Auth.api('POST', '/api/v1/data-match/lists', b, { 'idempotency-key': dmKey }).then(function (r) { return renameFields(r, { '^csv:\\d+$': 'csv' }); });
      }, function (res) {
        dmKey = newKey();
        $('#dm-csv', form).value = '';
        $('#dm-file', form).value = '';
        S.say('已上传' + res.kindLabel + '（' + res.asOf + '），共 ' + res.lines + ' 行。下一次比对（每月2日）会据此生成复核任务。', 'ok');
        $('#view-title').focus();
        loadLists(list);
      }, { fallback: 'csv' });
      sec.appendChild(form);
      sec.appendChild(h('h2', {}, ['本县区已上传的名单']));
      var list = h('div', { id: 'dm-lists' }, [loading()]);
      sec.appendChild(list);
      loadLists(list);
    },
  });
  function loadLists(box) {
    Auth.api('GET', '/api/v1/data-match/lists').then(function (r) {
      clear(box);
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      if (!r.body.items.length) { box.appendChild(h('p', { class: 'empty' }, ['还没有上传名单。'])); return; }
      box.appendChild(h('p', { class: 'note' }, ['名单日期在' + r.body.validMonths + '个月内的，每月都参加比对，之后纳入的家庭也会比中。']));
      box.appendChild(S.table('已上传的名单（最新在前）', ['名单', '名单日期', '来源', '行数', '上传时间', '上传人'], r.body.items.map(function (l) {
        return [l.kindLabel, l.asOf, l.source, String(l.lines), S.timeOf(l.uploadedAt), l.uploadedBy];
      })));
    });
  }

  // ───────────────────────── emergencies (十五) ─────────────────────────

  var emKey = newKey();
  var AREAS = [['341600', '亳州市（全市）'], ['341602', '谯城区'], ['341621', '涡阳县'], ['341622', '蒙城县'], ['341623', '利辛县']];
  function areaName(code) { for (var i = 0; i < AREAS.length; i++) if (AREAS[i][0] === code) return AREAS[i][1]; return code; }
  S.register('emergencies', {
    title: '紧急救助状态',
    render: function (p, sec, s) {
      clear(sec);
      sec.appendChild(h('p', { class: 'lead' }, ['发生自然灾害、公共卫生等突发事件时，可以宣布一个地区在一段时间内进入紧急救助状态：提高低保、特困标准，发放临时生活补贴，简化办理程序（缩短公示）（措施（十五））。']));
      if (s.role === 'admin') sec.appendChild(declareForm());
      else sec.appendChild(h('p', { class: 'note' }, ['县级可以查看本县区和全市的紧急救助状态；宣布和结束由市民政局办理。']));
      sec.appendChild(h('h2', {}, ['紧急救助状态记录']));
      var list = h('div', { id: 'em-list' }, [loading()]);
      sec.appendChild(list);
      loadEmergencies(list, s);
    },
  });
  function declareForm() {
    var form = h('form', { class: 'staff-form', id: 'em-form', novalidate: true }, [
      h('h2', {}, ['宣布紧急救助状态']),
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      field('area', 'em-area', '地区', h('select', { id: 'em-area', name: 'area' }, AREAS.map(function (a) { return h('option', { value: a[0] }, [a[1]]); }))),
      field('title', 'em-title', '事件名称', input('em-title', 'title'), '例如：2026年7月洪涝灾害'),
      h('div', { class: 'field-grid' }, [
        field('startDate', 'em-start', '开始日期', input('em-start', 'startDate', { type: 'date', value: S.today() })),
        field('endDate', 'em-end', '结束日期（可不填）', input('em-end', 'endDate', { type: 'date' }), '不填则持续到宣布结束。'),
      ]),
      h('fieldset', { class: 'group' }, [
        h('legend', {}, ['提高救助标准（可不选）']),
        choices('checkbox', 'raise.standards', 'em', '提高哪些标准', [['dibao', '低保标准'], ['tekun', '特困人员供养标准']], '提高低保标准时一般应同时提高特困人员供养标准：紧急救助期间每一天，特困人员供养标准都不得低于低保标准的1.3倍（措施（六）），否则不予宣布。提高的标准按紧急救助状态覆盖的天数发放。', true),
        field('raise.multiplierBp', 'em-multiplier', '提高倍数（可不填）', input('em-multiplier', 'raise.multiplierBp', { class: 'input-short', inputmode: 'decimal' }), '例如 1.2 表示提高到1.2倍；不填则按现行参数 emergency.multiplier。'),
      ]),
      choices('radio', 'livingSubsidy', 'em', '是否发放临时生活补贴', [['true', '发放'], ['false', '不发放']], null, true),
      field('livingSubsidyRecipients', 'em-recipients', '领取临时生活补贴的家庭（申请编号，每行一个，可不填）', textarea('em-recipients', 'livingSubsidyRecipients', { rows: '3' }), '填写受影响严重地区正在享受低保或特困供养的家庭的申请编号；补贴按每人每月标准、按覆盖天数随月度发放。'),
      h('fieldset', { class: 'group' }, [
        h('legend', {}, ['简化程序（可不填）']),
        field('simplifiedProcedure.publicityDays', 'em-days', '公示天数', input('em-days', 'simplifiedProcedure.publicityDays', { class: 'input-short', inputmode: 'numeric', 'data-kind': 'int' }), '1至7天；不填则按正常公示期。'),
        h('div', { class: 'field', 'data-field': 'simplifiedProcedure.skipAppraisal' }, [h('div', { class: 'choice' }, [
          h('input', { type: 'checkbox', id: 'em-skip', name: 'simplifiedProcedure.skipAppraisal', value: 'true', 'aria-describedby': 'em-skip-hint' }),
          h('label', { for: 'em-skip' }, ['免于民主评议']),
        ]), hint('em-skip-hint', '只适用于紧急救助期间在该地区提出的申请；此前提出的申请仍按正常程序办理。')]),
        field('simplifiedProcedure.note', 'em-note', '简化程序说明', textarea('em-note', 'simplifiedProcedure.note', { rows: '2' })),
      ]),
      field('source', 'em-source', '依据（文件名称和文号）', input('em-source', 'source'), '例如：亳政〔2026〕12号'),
      h('p', { class: 'warning-text' }, [h('strong', {}, ['提交后立即生效：该地区的救助计算、公示期和发放都会按此执行，并记入审计记录。'])]),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['宣布紧急救助状态'])]),
    ]);
    S.handleForm(form, function (b) {
      return Auth.api('POST', '/api/v1/emergencies', b, { 'idempotency-key': emKey }).then(function (r) {
        return renameFields(r, { '^raise\\.standards\\.': 'raise.standards', '^livingSubsidyRecipients\\.': 'livingSubsidyRecipients' });
      });
    }, function (res) {
      emKey = newKey();
      form.reset();
      S.say('已宣布' + res.areaName + '的紧急救助状态：' + res.title + '（' + res.startDate + ' 起）。', 'ok');
      $('#view-title').focus();
      loadEmergencies($('#em-list'), S.session());
    }, {
      prepare: function (s) {
        var standards = checkedValues(form, 'raise.standards');
        var m = (($('#em-multiplier', form).value) || '').trim();
        if (s.body.raise) delete s.body.raise;
        if (standards.length || m) {
          s.body.raise = { standards: standards };
          if (m) {
            if (!/^\d+(\.\d{1,4})?$/.test(m)) s.local.push({ field: 'raise.multiplierBp', message: '提高倍数请填写数字，例如 1.2' });
            else s.body.raise.multiplierBp = Math.round(Number(m) * 10000);
          }
          if (!standards.length) s.local.push({ field: 'raise.standards', message: '填写了提高倍数，请选择要提高的标准' });
        }
        var refs = (($('#em-recipients', form).value) || '').split(/[\s,，、]+/).filter(Boolean).map(function (x) { return x.toUpperCase(); });
        if (refs.length) s.body.livingSubsidyRecipients = refs; else delete s.body.livingSubsidyRecipients;
        if (s.body.simplifiedProcedure) delete s.body.simplifiedProcedure.skipAppraisal;
        if ($('#em-skip', form).checked) { s.body.simplifiedProcedure = s.body.simplifiedProcedure || {}; s.body.simplifiedProcedure.skipAppraisal = true; }
        if (s.body.simplifiedProcedure && !Object.keys(s.body.simplifiedProcedure).length) delete s.body.simplifiedProcedure;
      },
    });
    return form;
  }
  function periodOf(d) { return d.startDate + ' 至 ' + (d.endDate || '宣布结束时'); }
  function stateOf(d, today) {
    if (d.revocation) return '已提前结束（' + d.revocation.lastDay + '）';
    if (d.startDate > today) return '尚未开始';
    if (d.endDate && d.endDate < today) return '已结束';
    return '进行中';
  }
  function loadEmergencies(box, s) {
    Auth.api('GET', '/api/v1/emergencies').then(function (r) {
      clear(box);
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      var mine = S.countyOf(s);
      var items = (r.body.items || []).filter(function (d) { return s.role !== 'county' || d.area === mine || d.area === '341600'; });
      if (!items.length) { box.appendChild(h('p', { class: 'empty' }, ['没有紧急救助状态记录。'])); return; }
      var today = S.today();
      box.appendChild(S.table('紧急救助状态（最新在前）', ['地区', '事件', '期间', '状态', '提高标准', '临时生活补贴', '简化程序', '依据'], items.map(function (d) {
        return [
          d.areaName || areaName(d.area), d.title, periodOf(d), stateOf(d, today),
          d.raise ? d.raise.standards.map(function (x) { return x === 'dibao' ? '低保' : '特困'; }).join('、') + ' 提高到 ' + d.raise.multiplierBp / 10000 + ' 倍' : '不提高',
          d.livingSubsidy ? '发放' + (d.livingSubsidyHouseholds ? '（' + d.livingSubsidyHouseholds + ' 户）' : '') : '不发放',
          d.simplifiedProcedure ? [d.simplifiedProcedure.publicityDays ? '公示 ' + d.simplifiedProcedure.publicityDays + ' 天' : '', d.simplifiedProcedure.skipAppraisal ? '免于民主评议' : '', d.simplifiedProcedure.note || ''].filter(Boolean).join('，') : '—',
          d.source + (d.revocation ? '；结束：' + d.revocation.reason + '（' + d.revocation.source + '）' : ''),
        ];
      })));
      if (s.role !== 'admin') return;
      var open = items.filter(function (d) { return !d.revocation && (!d.endDate || d.endDate >= today); });
      if (!open.length) return;
      box.appendChild(h('h2', {}, ['提前结束紧急救助状态']));
      var cards = h('ol', { class: 'card-list' }, []);
      open.forEach(function (d, n) {
        var pre = 'em-rv' + n;
        var form = h('form', { class: 'action-form', novalidate: true, 'aria-label': '提前结束：' + d.title }, [
          h('div', { class: 'form-errors', 'data-form-errors': '' }),
          field('lastDay', pre + '-last', '最后一天', input(pre + '-last', 'lastDay', { type: 'date', value: today }), '紧急救助状态执行到这一天（含）。'),
          field('reason', pre + '-reason', '结束理由', textarea(pre + '-reason', 'reason', { rows: '2' })),
          field('source', pre + '-source', '依据（文件名称和文号）', input(pre + '-source', 'source')),
          h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button secondary' }, ['提前结束'])]),
        ]);
        S.handleForm(form, function (b) { return Auth.api('POST', '/api/v1/emergencies/' + encodeURIComponent(d.id) + '/revocation', b); }, function (res) {
          S.say('已结束' + (res.areaName || '') + '的紧急救助状态“' + res.title + '”，最后一天 ' + res.endDate + '。', 'ok');
          $('#view-title').focus();
          loadEmergencies(box, s);
        });
        cards.appendChild(h('li', { class: 'card' }, [h('h3', { class: 'card-title' }, [(d.areaName || areaName(d.area)) + '：' + d.title + '（' + periodOf(d) + '）']), form]));
      });
      box.appendChild(cards);
    });
  }

  // ───────────────────────── 双随机一公开 (二十三) ─────────────────────────

  S.register('inspections-work', {
    title: function (p, s) { return s.role === 'inspector' ? '抽查任务' : '双随机抽查'; },
    render: function (p, sec, s) {
      clear(sec);
      if (s.role === 'inspector') return inspectorScreen(sec);
      sec.appendChild(h('p', { class: 'lead' }, ['每月3日，平台按记录的随机种子从在保案件中随机抽取案件，再随机选派抽查人员（不会选派经办过该案件的人员）。结果按乡镇（街道）在公众网站“双随机一公开”栏目公开，不含个人信息（措施（二十三））。']));
      if (s.role === 'county') sec.appendChild(inspectorForm());
      sec.appendChild(h('h2', {}, ['抽查记录']));
      var box = h('div', { id: 'insp-draws' }, [loading()]);
      sec.appendChild(box);
      loadDraws(box, s.role === 'county' ? S.countyOf(s) : '');
    },
  });

  function inspectorForm() {
    var form = h('form', { class: 'inline-form', id: 'insp-register', novalidate: true }, [
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      field('sub', 'insp-sub', '登记抽查人员（人员账号）', input('insp-sub', 'sub'), '该账号须为本县区的抽查人员。'),
      h('button', { type: 'submit', class: 'button secondary' }, ['登记']),
    ]);
    S.handleForm(form, function (b) { return Auth.api('POST', '/api/v1/inspectors', b); }, function (res) {
      form.reset();
      S.say('已将 ' + res.sub + ' 登记为抽查人员，下次抽查起参加随机选派。', 'ok');
    });
    return h('section', { 'aria-labelledby': 'insp-register-h' }, [h('h2', { id: 'insp-register-h' }, ['抽查人员名录']), form]);
  }

  function issuesText(list) { return (list || []).map(function (k) { return ISSUES[k] || k; }).join('、') || '—'; }
  function issueCounts(map) { var k = Object.keys(map || {}); return k.length ? k.map(function (x) { return (ISSUES[x] || x) + ' ' + map[x] + ' 件'; }).join('；') : '—'; }

  function loadDraws(box, county) {
    Auth.api('GET', '/api/v1/inspections' + (county ? '?county=' + county : '')).then(function (r) {
      clear(box);
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      var draws = r.body.draws || [];
      if (!draws.length) { box.appendChild(h('p', { class: 'empty' }, ['还没有抽查记录。'])); return; }
      draws.forEach(function (d, n) {
        var detail = h('div', { id: 'insp-record-' + n }, []);
        var more = h('details', { class: 'action' }, [h('summary', {}, ['抽取的案件、抽查人员和核查结果（查阅留痕）']), detail]);
        more.addEventListener('toggle', function () { if (more.open && !detail.firstChild) loadRecord(d.id, detail); });
        box.appendChild(h('section', { class: 'case-section', 'aria-labelledby': 'insp-h-' + n }, [
          h('h3', { id: 'insp-h-' + n }, [(d.countyName || d.county) + ' ' + d.month + ' 抽查']),
          S.dl([['抽取时间', S.timeOf(d.drawnAt)], ['在保案件', d.populationCount + ' 件'], ['抽取', d.size + ' 件'], ['随机种子', h('code', { class: 'seed' }, [d.seed])], ['抽取方法', d.method]]),
          S.table('公开的结果：各乡镇（街道）', ['乡镇（街道）', '抽取', '已核查', '合规', '发现问题', '问题类别'], (d.townships || []).map(function (t) {
            return [t.name, String(t.drawn), String(t.inspected), String(t.compliant), String(t.irregular), issueCounts(t.issues)];
          })),
          more,
        ]));
      });
    });
  }

  function loadRecord(id, box) {
    box.appendChild(loading());
    Auth.api('GET', '/api/v1/inspection-draws/' + encodeURIComponent(id)).then(function (r) {
      clear(box);
      if (r.status !== 200) { box.appendChild(S.problemBox(r.body)); return; }
      var v = r.body;
      box.appendChild(h('p', { class: v.replayed ? 'note' : 'callout' }, [v.replayed ? '用记录的种子、在保案件和抽查人员重新抽取，结果与记录一致。' : '注意：用记录的数据重新抽取，结果与记录不一致，请报审计。']));
      box.appendChild(S.dl([['抽查人员', (v.inspectors || []).join('、') || '—'], ['在保案件', (v.population || []).length + ' 件']]));
      box.appendChild(S.table('抽取的案件和核查结果', ['申请编号', '乡镇（街道）', '抽查人员', '状态', '结论', '问题类别', '核查情况'], (v.inspections || []).map(function (i) {
        return [S.link('case', { ref: i.reference }, i.reference, { class: 'ref' }), i.townshipName, i.inspector || '未能选派', i.status === 'done' ? '已核查' : i.status === 'open' ? '待核查' : '未选派', i.result ? (i.result === 'compliant' ? '符合规定' : '发现问题') : '—', issuesText(i.issues), i.findings || '—'];
      })));
    });
  }

  function inspectorScreen(sec) {
    sec.appendChild(h('p', { class: 'lead' }, ['随机抽给您的案件。请查阅档案、必要时入户核查，然后登记结论。发现问题的，平台会生成复核任务交乡镇（街道）办理（措施（二十三））。']));
    var open = h('div', { id: 'insp-open' }, [loading()]);
    var done = h('div', { id: 'insp-done' }, []);
    sec.appendChild(h('h2', {}, ['待核查']));
    sec.appendChild(open);
    sec.appendChild(h('h2', {}, ['已核查']));
    sec.appendChild(done);
    function load() {
      Auth.api('GET', '/api/v1/inspections/assigned?status=open').then(function (r) {
        clear(open);
        if (r.status !== 200) { open.appendChild(S.problemBox(r.body)); return; }
        if (!r.body.items.length) { open.appendChild(h('p', { class: 'empty' }, ['没有待核查的案件。'])); return; }
        var list = h('ol', { class: 'card-list' }, []);
        r.body.items.forEach(function (i, n) { list.appendChild(h('li', { class: 'card' }, [h('h3', { class: 'card-title' }, [i.month + ' 抽查：' + i.reference + '（' + i.applicant + '，' + i.townshipName + '）']), findingsForm(i, n, load)])); });
        open.appendChild(list);
      });
      Auth.api('GET', '/api/v1/inspections/assigned?status=done').then(function (r) {
        clear(done);
        if (r.status !== 200) { done.appendChild(S.problemBox(r.body)); return; }
        if (!r.body.items.length) { done.appendChild(h('p', { class: 'empty' }, ['还没有登记结论。'])); return; }
        done.appendChild(S.table('已登记结论的案件', ['申请编号', '申请人', '乡镇（街道）', '月份', '结论'], r.body.items.map(function (i) {
          return [i.reference, i.applicant, i.townshipName, i.month, i.result === 'compliant' ? '符合规定' : '发现问题'];
        })));
      });
    }
    load();
  }

  function findingsForm(i, n, reload) {
    var pre = 'if' + n;
    var form = h('form', { class: 'action-form', novalidate: true, 'aria-label': '登记抽查结论：' + i.reference }, [
      h('div', { class: 'form-errors', 'data-form-errors': '' }),
      choices('radio', 'result', pre, '抽查结论', [['compliant', '符合规定'], ['irregular', '发现问题']], null, true),
      choices('checkbox', 'issues', pre, '问题类别（发现问题时必选）', Object.keys(ISSUES).map(function (k) { return [k, ISSUES[k]]; }), null, true),
      field('findings', pre + '-findings', '抽查情况', textarea(pre + '-findings', 'findings'), '写明查阅了哪些材料、核查了什么、发现了什么（至少2个字）。'),
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button' }, ['登记结论'])]),
    ]);
    S.handleForm(form, function (b) { return Auth.api('POST', '/api/v1/inspections/' + encodeURIComponent(i.id) + '/findings', b); }, function (res) {
      S.say('已登记 ' + i.reference + ' 的抽查结论' + (res.task ? '；已生成复核任务交乡镇（街道）办理。' : '。'), 'ok');
      $('#view-title').focus();
      reload();
    }, {
      fallback: 'findings',
      prepare: function (s) {
        var issues = checkedValues(form, 'issues');
        delete s.body.issues;
        if (issues.length) s.body.issues = issues;
      },
    });
    return form;
  }
})();
