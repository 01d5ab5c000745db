/*
 * 试算: builds the household from the questionnaire (birth dates, never ID numbers), posts it as JSON
 * to POST /api/v1/calculations and shows the likely amount with the reasons from the trace. Errors use
 * the summary and inline messages of /forms.js.
 */
(function () {
  'use strict';
  var F = window.BozhouForms;
  function today() { return new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10); }
  function val(form, name) {
    var els = form.querySelectorAll('[name="' + name + '"]');
    if (!els.length) return '';
    if (els[0].type === 'radio') { for (var i = 0; i < els.length; i++) if (els[i].checked) return els[i].value; return ''; }
    return (els[0].value || '').trim();
  }
  function el(tag, cls, txt) { var e = document.createElement(tag); if (cls) e.className = cls; if (txt !== undefined) e.textContent = txt; return e; }

  function init() {
    var form = document.getElementById('estimate-form');
    if (!form || !F) return;
    var box = form.querySelector('[data-members]');
    var tpl = document.getElementById('member-template');
    var addButton = form.querySelector('[data-add]');
    var result = document.getElementById('estimate-result');
    var hardship = form.querySelector('[data-hardship]');
    var seq = 0;

    function renumber() {
      var sets = box.querySelectorAll('[data-member]');
      Array.prototype.forEach.call(sets, function (fs, i) {
        fs.querySelector('[data-member-legend]').textContent = i === 0 ? '第1位：申请人本人' : '第' + (i + 1) + '位家庭成员';
        var remove = fs.querySelector('[data-remove]');
        remove.hidden = i === 0;
        remove.textContent = '删除第' + (i + 1) + '位家庭成员';
        Array.prototype.forEach.call(fs.querySelectorAll('[data-name]'), function (input) {
          var id = 'm' + i + '-' + input.getAttribute('data-name');
          var hint = fs.querySelector('[data-hint="' + input.getAttribute('data-name') + '"]');
          input.id = id;
          input.name = id;
          if (hint) { hint.id = id + '-hint'; input.setAttribute('aria-describedby', hint.id); }
          var label = fs.querySelector('[data-for="' + input.getAttribute('data-name') + '"]');
          if (label) label.setAttribute('for', id);
        });
        var rel = fs.querySelector('[data-name="relation"]');
        if (i === 0) { rel.value = 'self'; rel.closest('.field').hidden = true; } else rel.closest('.field').hidden = false;
      });
    }
    function addMember(focus) {
      var fs = tpl.content.firstElementChild.cloneNode(true);
      seq++;
      box.appendChild(fs);
      var rel = fs.querySelector('[data-name="relation"]');
      if (box.querySelectorAll('[data-member]').length > 1 && rel.value === 'self') rel.value = 'spouse';
      fs.querySelector('[data-remove]').addEventListener('click', function () {
        var sets = box.querySelectorAll('[data-member]');
        var idx = Array.prototype.indexOf.call(sets, fs);
        fs.parentNode.removeChild(fs);
        renumber();
        var left = box.querySelectorAll('[data-member]');
        var target = left[Math.max(0, idx - 1)];
        (target ? target.querySelector('input') : addButton).focus();
      });
      renumber();
      if (focus) fs.querySelector('[data-name="relation"]:not([hidden])') && (fs.querySelector('.field:not([hidden]) select, .field:not([hidden]) input') || fs).focus();
    }
    addMember(false);
    addButton.addEventListener('click', function () { addMember(true); });

    function syncType() { hardship.hidden = val(form, 'type') !== 'linshi'; }
    Array.prototype.forEach.call(form.querySelectorAll('[name="type"]'), function (r) { r.addEventListener('change', syncType); });
    syncType();

    var county = form.querySelector('[name="area.county"]');
    var township = form.querySelector('[name="area.township"]');
    county.addEventListener('change', function () {
      Array.prototype.forEach.call(township.querySelectorAll('optgroup'), function (g) {
        var show = !county.value || g.getAttribute('data-county') === county.value;
        g.hidden = !show; g.disabled = !show;
      });
      if (township.value.indexOf(county.value) !== 0) township.value = '';
    });

    function collect(errors) {
      var type = val(form, 'type');
      if (!type) errors.push({ id: 'type', message: '请选择想了解哪种救助' });
      var area = { county: val(form, 'area.county'), township: val(form, 'area.township'), residence: val(form, 'area.residence'), hukou: 'local' };
      if (!area.county) errors.push({ id: 'area.county', message: '请选择县区' });
      if (!area.township) errors.push({ id: 'area.township', message: '请选择乡镇（街道）' });
      if (!area.residence) errors.push({ id: 'area.residence', message: '请选择住在城市还是农村' });
      var members = [];
      Array.prototype.forEach.call(box.querySelectorAll('[data-member]'), function (fs, i) {
        var who = i === 0 ? '申请人本人' : '第' + (i + 1) + '位家庭成员';
        var g = function (n) { return (fs.querySelector('[data-name="' + n + '"]').value || '').trim(); };
        var birth = g('birthDate');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(birth) || birth > today()) errors.push({ id: 'm' + i + '-birthDate', message: '请填写' + who + '的出生日期，例如 1955-03-08' });
        var income = F.yuanToFen(g('monthlyIncome'));
        if (income === null) errors.push({ id: 'm' + i + '-monthlyIncome', message: '请填写' + who + '每月收入（元），没有请填 0' });
        var m = { name: '成员' + (i + 1), relation: g('relation') || 'other', birthDate: birth, monthlyIncomeFen: income || 0 };
        if (g('disability')) {
          if (!g('grade')) errors.push({ id: 'm' + i + '-grade', message: '请选择' + who + '的残疾等级' });
          m.disability = { category: g('disability'), grade: Number(g('grade') || 0) };
        }
        if (fs.querySelector('[data-name="illness"]').checked) m.illness = 'serious';
        if (fs.querySelector('[data-name="inSchool"]').checked) m.inSchool = true;
        members.push(m);
      });
      var financial = F.yuanToFen(val(form, 'household.assets.financial'));
      if (financial === null) errors.push({ id: 'household.assets.financial', message: '请填写存款等金融资产（元），没有请填 0' });
      var count = function (n, what) {
        var v = val(form, n);
        if (!/^\d{1,2}$/.test(v)) { errors.push({ id: n, message: '请填写' + what + '，没有请填 0' }); return 0; }
        return Number(v);
      };
      var body = {
        type: type, date: today(), area: area,
        household: { members: members, assets: { financialFen: financial || 0, vehicles: count('household.assets.vehicles', '机动车数量'), properties: count('household.assets.properties', '住房套数') } }
      };
      if (type === 'linshi') {
        var kind = val(form, 'hardship.kind');
        if (!kind) errors.push({ id: 'hardship.kind', message: '请选择困难类型' });
        var amount = F.yuanToFen(val(form, 'hardship.amount'));
        if (amount === null) errors.push({ id: 'hardship.amount', message: '请填写这次困难大约需要多少钱（元）' });
        var coveredText = val(form, 'hardship.covered');
        var covered = coveredText ? F.yuanToFen(coveredText) : 0;
        if (covered === null) errors.push({ id: 'hardship.covered', message: '已负担的金额请只填数字，单位是元' });
        // The need (十三): 支出型 the expense less what others cover (the household's own share is computed from its income); 急难型 the immediate need.
        var need = (kind || 'expenditure') === 'emergency'
          ? { immediate: [{ category: 'other', amountFen: amount || 0 }] }
          : { expenses: [{ category: 'other', amountFen: amount || 0 }], covered: { otherPayersFen: covered || 0 } };
        body.hardship = { kind: kind || 'expenditure', description: '试算', amountFen: amount || 0, need: need };
      }
      return body;
    }

    function fieldId(path) {
      var p = String(path).replace(/Fen$/, '');
      var m = /^household\.members\.(\d+)\.(\w+)/.exec(p);
      if (m) return 'm' + m[1] + '-' + (m[2] === 'disability' ? 'grade' : m[2] === 'idNumber' ? 'birthDate' : m[2]);
      if (p === 'household.members') return 'm0-birthDate';
      if (p === 'date') return 'type';
      return p;
    }

    function show(data) {
      result.textContent = '';
      result.className = 'result';
      result.appendChild(el('h2', '', '试算结果'));
      result.appendChild(el('p', 'not-decision', '这不是审核决定。以下只是按您填写的情况估算，能不能得到救助、得到多少，以乡镇（街道）审核确认为准。'));
      if (data.eligible) {
        if (data.monthlyAmountFen > 0) {
          result.appendChild(el('p', '', '按您填写的情况，大概每月可以得到：'));
          result.appendChild(el('p', 'amount', F.yuan(data.monthlyAmountFen)));
        }
        if (data.oneOffAmountFen > 0) {
          result.appendChild(el('p', '', '大概可以一次性得到：'));
          result.appendChild(el('p', 'amount', F.yuan(data.oneOffAmountFen)));
        }
        if (!(data.monthlyAmountFen > 0) && !(data.oneOffAmountFen > 0)) result.appendChild(el('p', 'amount', '可能符合条件，金额需要审核时确定'));
      } else {
        result.appendChild(el('p', 'amount', '按您填写的情况，可能不符合条件'));
        result.appendChild(el('p', '', '情况有变化，或者您觉得不对，仍然可以申请或咨询 12345。'));
      }
      result.appendChild(el('h3', '', '为什么是这个结果'));
      var ol = el('ol', 'reasons');
      (data.trace || []).forEach(function (t) {
        var li = el('li', '', t.detail + ' ');
        li.appendChild(el('span', 'cite', '依据措施' + String(t.measure).replace('(', '（').replace(')', '）')));
        ol.appendChild(li);
      });
      result.appendChild(ol);
      if ((data.parameterVersions || []).some(function (p) { return p.example; })) {
        result.appendChild(el('p', 'note', '计算用到的标准中有示例值，不是正式标准。请看救助标准页面的说明。'));
      }
      var p = el('p');
      var a = el('a', '', '去申请');
      a.href = '/apply/';
      p.appendChild(a);
      p.appendChild(document.createTextNode('　'));
      var g = el('a', '', '阅读办事指南');
      g.href = '/guide/';
      p.appendChild(g);
      result.appendChild(p);
      result.hidden = false;
      result.focus();
    }

    var busy = false;
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (busy) return;
      var errors = [];
      var body = collect(errors);
      if (errors.length) { result.hidden = true; F.show(errors); return; }
      F.clear(document.getElementById('main'));
      busy = true;
      F.post('/api/v1/calculations', body).then(function (r) {
        busy = false;
        if (r.status === 200) return show(r.body);
        var errs = (r.body && r.body.errors) || [];
        result.hidden = true;
        if (errs.length) F.show(errs.map(function (e) { return { id: fieldId(e.field), message: e.message }; }));
        else F.show([{ id: 'type', message: (r.body && r.body.detail) || '试算暂时不能使用，请稍后再试，或拨打 12345。' }]);
      }).catch(function () {
        busy = false;
        F.show([{ id: 'type', message: '网络连接有问题，试算没有完成，请稍后再试。' }]);
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
