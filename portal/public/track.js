/*
 * 查询进度: posts { reference, idNumber } as JSON to POST /api/v1/applications/lookup and shows the
 * masked status timeline and, once accepted, the expected decision date.
 */
(function () {
  'use strict';
  var F = window.BozhouForms;
  function el(tag, cls, txt) { var e = document.createElement(tag); if (cls) e.className = cls; if (txt !== undefined) e.textContent = txt; return e; }
  function when(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso || '');
    if (!m) return iso || '';
    return Number(m[1]) + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' + (m[4] ? ' ' + m[4] + ':' + m[5] : '');
  }
  function init() {
    var form = document.getElementById('track-form');
    var result = document.getElementById('track-result');
    if (!form || !F) return;
    var q = new URLSearchParams(location.search).get('reference');
    if (q) form.querySelector('[name="reference"]').value = q;
    var busy = false;
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (busy) return;
      var reference = form.querySelector('[name="reference"]').value.replace(/\s+/g, '').toUpperCase();
      var idNumber = form.querySelector('[name="idNumber"]').value.replace(/\s+/g, '').toUpperCase();
      var errors = [];
      if (!reference) errors.push({ id: 'reference', message: '请填写申请编号' });
      if (!idNumber) errors.push({ id: 'idNumber', message: '请填写申请人的身份证号码' });
      else if (!/^\d{17}[\dX]$/.test(idNumber)) errors.push({ id: 'idNumber', message: '身份证号码应为18位，最后一位可能是 X' });
      if (errors.length) { result.hidden = true; F.show(errors); return; }
      F.clear(document.getElementById('main'));
      busy = true;
      F.post('/api/v1/applications/lookup', { reference: reference, idNumber: idNumber }).then(function (r) {
        busy = false;
        if (r.status !== 200) {
          result.hidden = true;
          var errs = (r.body && r.body.errors) || [];
          if (errs.length) F.show(errs.map(function (e) { return { id: e.field === 'idNumber' ? 'idNumber' : 'reference', message: e.message }; }));
          else F.show([{ id: 'reference', message: (r.body && r.body.detail) || '暂时查不到，请稍后再试，或拨打 12345。' }]);
          return;
        }
        var d = r.body;
        result.textContent = '';
        result.className = 'result';
        result.appendChild(el('h2', '', '申请编号 ' + d.reference));
        var dl = el('dl', 'receipt-list');
        [['申请事项', d.typeLabel], ['申请人', d.applicant], ['乡镇（街道）', d.township], ['现在的状态', d.statusLabel], ['提交时间', when(d.submittedAt)]]
          .concat(d.acceptedAt ? [['受理时间', when(d.acceptedAt)]] : [])
          .concat(d.dueDate ? [['预计办结日期', when(d.dueDate) + (d.dueDateProvisional ? '（暂定，节假日安排公布后可能调整）' : '') + '之前']] : [])
          .forEach(function (row) {
            var div = el('div', 'receipt-row');
            div.appendChild(el('dt', '', row[0]));
            div.appendChild(el('dd', '', row[1] || ''));
            dl.appendChild(div);
          });
        result.appendChild(dl);
        if (!d.dueDate) result.appendChild(el('p', '', '乡镇（街道）受理以后，这里会显示预计办结日期（受理之日起 20 个工作日内）。'));
        result.appendChild(el('h3', '', '办理经过'));
        var ol = el('ol', 'timeline');
        (d.timeline || []).forEach(function (t) {
          var li = el('li');
          li.appendChild(el('strong', '', t.label));
          li.appendChild(el('time', '', when(t.at)));
          if (t.at) li.lastChild.setAttribute('datetime', t.at);
          if (t.note) li.appendChild(el('span', '', t.note));
          ol.appendChild(li);
        });
        result.appendChild(ol);
        result.hidden = false;
        result.focus();
      }).catch(function () {
        busy = false;
        F.show([{ id: 'reference', message: '网络连接有问题，请稍后再试，或拨打 12345。' }]);
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
