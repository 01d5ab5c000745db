/*
 * The single-page application form's hidden idempotencyToken: one random token per page load, so a
 * double click or a resubmission replays the first receipt instead of filing twice. Without JavaScript
 * the field stays empty and the API derives the key from the answers themselves.
 */
(function () {
  'use strict';
  function token() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function init() {
    var field = document.getElementById('idempotencyToken');
    if (field && !field.value) field.value = token();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
