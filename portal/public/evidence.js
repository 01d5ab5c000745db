/*
 * 上传证明材料 (/evidence/): shows the form (hidden without JavaScript, where the page says to bring the
 * papers to the window), asks POST /api/v1/applications/{reference}/evidence for a presigned upload (the API
 * checks the 申请编号 + ID number, the type and the size: shared/cases/evidence.ts) and PUTs the file straight
 * to storage. Every error is shown at once in the summary and beside its field. The ID number is never kept.
 */
(function () {
  'use strict';
  var form = document.getElementById('evidence-form');
  if (!form || !window.fetch) return;
  form.hidden = false;
  var types = JSON.parse(form.getAttribute('data-types') || '{}');
  var summary = document.getElementById('evidence-errors');
  var status = document.getElementById('evidence-status');
  var ref = new URLSearchParams(location.search).get('ref');
  if (ref) document.getElementById('reference').value = ref;
  /** Which of the page's fields an API error names. */
  var FIELD = { reference: 'reference', idNumber: 'idNumber', description: 'description', fileName: 'file', contentType: 'file', sizeBytes: 'file', file: 'file' };
  var idempotencyKey = null;
  function newKey() { return window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2); }
  document.getElementById('file').addEventListener('change', function () { idempotencyKey = null; });

  function clearErrors() {
    summary.hidden = true;
    summary.querySelector('ul').textContent = '';
    Array.prototype.forEach.call(form.querySelectorAll('.field-error'), function (f) { f.classList.remove('field-error'); });
    Array.prototype.forEach.call(form.querySelectorAll('.error-message'), function (m) { m.parentNode.removeChild(m); });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (i) {
      i.removeAttribute('aria-invalid');
      i.setAttribute('aria-describedby', (i.getAttribute('aria-describedby') || '').replace(/\s*\S+-error\b/, ''));
    });
  }
  function showErrors(list) {
    clearErrors();
    var ul = summary.querySelector('ul');
    list.forEach(function (e) {
      var name = FIELD[e.field] || 'file';
      var input = document.getElementById(name);
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#' + name;
      a.textContent = e.message;
      li.appendChild(a);
      ul.appendChild(li);
      var wrap = input.closest('.field');
      if (!wrap.classList.contains('field-error')) {
        wrap.classList.add('field-error');
        var m = document.createElement('span');
        m.className = 'error-message';
        m.id = name + '-error';
        m.textContent = e.message;
        wrap.insertBefore(m, input);
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + m.id).trim());
      }
    });
    summary.hidden = false;
    summary.focus();
  }
  function problemErrors(body, status) {
    if (body && body.errors && body.errors.length) return body.errors;
    return [{ field: status === 404 ? 'reference' : 'file', message: (body && (body.detail || body.title)) || '暂时不能上传，请稍后再试，或把材料带到乡镇（街道）社会救助窗口。' }];
  }
  function sizeText(bytes) { return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + ' MB' : Math.max(1, Math.ceil(bytes / 1024)) + ' KB'; }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var reference = document.getElementById('reference').value.replace(/\s+/g, '').toUpperCase();
    var idNumber = document.getElementById('idNumber').value.replace(/\s+/g, '').toUpperCase();
    var description = document.getElementById('description').value.trim();
    var file = document.getElementById('file').files[0];
    var local = [];
    if (!reference) local.push({ field: 'reference', message: '请填写申请编号' });
    if (!idNumber) local.push({ field: 'idNumber', message: '请填写申请人的身份证号码' });
    if (!file) local.push({ field: 'file', message: '请选择要上传的照片或 PDF 文件' });
    if (local.length) { showErrors(local); return; }
    var ext = (file.name.split('.').pop() || '').toLowerCase();
    var body = { idNumber: idNumber, fileName: file.name, contentType: types[ext] || file.type || 'application/octet-stream', sizeBytes: file.size };
    if (description) body.description = description;
    idempotencyKey = idempotencyKey || newKey();
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    status.textContent = '正在上传“' + file.name + '”…';
    fetch('/api/v1/applications/' + encodeURIComponent(reference) + '/evidence', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    })
      .then(function (r) { return r.json().catch(function () { return null; }).then(function (b) { return { status: r.status, body: b }; }); })
      .then(function (r) {
        if (r.status !== 201) { status.textContent = ''; showErrors(problemErrors(r.body, r.status)); return; }
        if (!r.body.upload) { status.textContent = ''; showErrors([{ field: 'file', message: '文件存储暂时不可用，请稍后再试，或把材料带到乡镇（街道）社会救助窗口。' }]); return; }
        return fetch(r.body.upload.url, { method: 'PUT', headers: { 'content-type': r.body.upload.headers['content-type'] }, body: file }).then(function (put) {
          if (!put.ok) { status.textContent = ''; showErrors([{ field: 'file', message: '上传没有完成（存储返回 ' + put.status + '），请重新上传。' }]); return; }
          clearErrors();
          idempotencyKey = null;
          var li = document.createElement('li');
          li.textContent = file.name + '（' + sizeText(file.size) + '）' + (description ? '：' + description : '');
          document.getElementById('evidence-list').appendChild(li);
          document.getElementById('evidence-done').hidden = false;
          status.textContent = '已上传“' + file.name + '”。办理的工作人员会看到它。';
          document.getElementById('file').value = '';
          document.getElementById('description').value = '';
        });
      })
      .catch(function () { status.textContent = ''; showErrors([{ field: 'file', message: '网络中断了，没有上传完成，请重新上传。' }]); })
      .then(function () { button.disabled = false; });
  });
})();
