/*
 * 政策找人 (十九; shared/monitoring): loaded on demand for the views `alerts` and `alert` (staff.js MODULES).
 * The township's alerts by visit due date — why each household was flagged, in the alert's own words with its
 * figures — and one alert: what the household may qualify for (试算 on what the registry holds), the register
 * entries, and the visit outcome. "已帮扶" may start an application pre-filled from the 户档案, which the
 * household still confirms and authorises (核对授权) before it is accepted.
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
})();
