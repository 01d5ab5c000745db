/*
 * Policy search: filters the list of measures on /policy/ as you type. Only an enhancement: without
 * JavaScript the form stays hidden and the full list is shown.
 */
(function () {
  'use strict';
  function init() {
    var form = document.getElementById('policy-search');
    var input = document.getElementById('policy-q');
    var status = document.getElementById('policy-search-status');
    if (!form || !input || !status) return;
    var items = document.querySelectorAll('[data-search]');
    var chapters = document.querySelectorAll('[data-chapter]');
    var total = items.length;

    function norm(s) { return (s || '').replace(/\s+/g, '').toLowerCase(); }
    function filter() {
      var q = norm(input.value);
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var hit = !q || norm(items[i].getAttribute('data-search')).indexOf(q) >= 0;
        items[i].hidden = !hit;
        if (hit) shown++;
      }
      for (var j = 0; j < chapters.length; j++) {
        chapters[j].hidden = chapters[j].querySelectorAll('[data-search]:not([hidden])').length === 0;
      }
      status.textContent = q ? (shown ? '找到 ' + shown + ' 条措施。' : '没有找到，请换个词试试，例如“低保”“临时救助”。') : '共 ' + total + ' 条措施。';
    }

    form.addEventListener('submit', function (event) { event.preventDefault(); filter(); });
    input.addEventListener('input', filter);
    var params = new URLSearchParams(window.location.search);
    if (params.get('q')) input.value = params.get('q');
    form.hidden = false;
    filter();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
