/*
 * Error summary and inline messages for the pages that post with a script (试算, 查询进度), the GOV.UK
 * way: the summary goes at the top and takes focus, each error links to its field, the field shows the
 * message, and the page title starts with "错误：".
 */
(function () {
  'use strict';
  /** The page's own title, whether or not an error summary is showing (pages may rename themselves). */
  function baseTitle() { return document.title.replace(/^错误：/, ''); }
  function clear(root) {
    var box = document.querySelector('[data-error-summary]');
    if (box) box.parentNode.removeChild(box);
    Array.prototype.forEach.call(root.querySelectorAll('.error-message'), function (m) { m.parentNode.removeChild(m); });
    Array.prototype.forEach.call(root.querySelectorAll('.field-error'), function (f) { f.classList.remove('field-error'); });
    Array.prototype.forEach.call(root.querySelectorAll('[aria-invalid]'), function (i) {
      i.removeAttribute('aria-invalid');
      var d = (i.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && !/-error$/.test(x); }).join(' ');
      if (d) i.setAttribute('aria-describedby', d); else i.removeAttribute('aria-describedby');
    });
    document.title = baseTitle();
  }
  /**
   * errors: [{ id, message, href? }] — `href` links elsewhere and puts no message at a field.
   * The summary goes inside `where` (or [data-errors]) when it is a [data-errors] slot, else just before it.
   */
  function show(errors, where) {
    var root = document.getElementById('main');
    clear(root);
    if (!errors.length) return;
    var list = document.createElement('ul');
    errors.forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.href || '#' + e.id;
      a.textContent = e.message;
      if (!e.href) a.addEventListener('click', function (ev) {
        var input = document.getElementById(e.id);
        if (!input) return;
        ev.preventDefault();
        (input.closest('.field') || input).scrollIntoView({ block: 'center' });
        input.focus();
      });
      li.appendChild(a);
      list.appendChild(li);
      var input = document.getElementById(e.id);
      if (!input || e.href) return;
      var field = input.closest('[data-field]') || input.parentNode;
      if (!field.querySelector('.error-message')) {
        var msg = document.createElement('span');
        msg.className = 'error-message';
        msg.id = e.id + '-error';
        msg.textContent = e.message;
        var anchor = field.querySelector('fieldset > .choices') || field.querySelector('.input-money, input, select, textarea');
        if (field.classList.contains('choice')) field.insertBefore(msg, field.firstChild);
        else if (anchor) anchor.parentNode.insertBefore(msg, anchor);
        field.classList.add('field-error');
      }
      Array.prototype.forEach.call(field.querySelectorAll('input, select, textarea'), function (i) {
        i.setAttribute('aria-invalid', 'true');
        var d = i.getAttribute('aria-describedby');
        i.setAttribute('aria-describedby', (d ? d + ' ' : '') + e.id + '-error');
      });
    });
    var box = document.createElement('div');
    box.className = 'error-summary';
    box.setAttribute('data-error-summary', '');
    box.setAttribute('tabindex', '-1');
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-labelledby', 'error-summary-title');
    var h2 = document.createElement('h2');
    h2.id = 'error-summary-title';
    h2.textContent = '有 ' + errors.length + ' 处需要修改';
    box.appendChild(h2);
    box.appendChild(list);
    var slot = where || document.querySelector('[data-errors]') || document.querySelector('form[data-step]') || root;
    if (slot === root || slot.hasAttribute('data-errors')) slot.appendChild(box);
    else slot.parentNode.insertBefore(box, slot);
    document.title = '错误：' + baseTitle();
    box.focus();
  }
  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (res) {
        return res.text().then(function (t) {
          var data = null;
          try { data = JSON.parse(t); } catch (e) { /* not JSON */ }
          return { status: res.status, body: data };
        });
      });
  }
  function yuanToFen(v) {
    var t = (v || '').replace(/[\s,]/g, '').replace(/元$/, '');
    var m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
    if (!m) return null;
    return Number(m[1]) * 100 + Number(((m[2] || '') + '00').slice(0, 2));
  }
  function yuan(fen) {
    return String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + ('0' + (fen % 100)).slice(-2) + ' 元';
  }
  window.BozhouForms = { show: show, clear: clear, post: post, yuanToFen: yuanToFen, yuan: yuan };
})();
