/*
 * 适老化 toolbar: font size (标准/大/特大) and high contrast, remembered in localStorage across pages.
 * Loaded in <head> (external, no inline script: CSP) so the saved size applies before the page paints.
 * Only an enhancement: without JavaScript the toolbar stays hidden and the site is readable at the
 * standard size.
 */
(function () {
  'use strict';
  var KEY_SIZE = 'bozhou.fontSize';
  var KEY_CONTRAST = 'bozhou.contrast';
  var SIZES = ['standard', 'large', 'xlarge'];
  var root = document.documentElement;
  // Scripts run: show what needs them (.js-only) and hide what explains their absence (.no-js).
  root.classList.add('js');

  // The same choice is kept in the cookie the server reads for pages without scripts (shared/http/display.ts):
  // "<size>.<contrast>". With scripts the data attributes below do the work, so the cookie's stylesheet is off.
  var COOKIE = 'bozhou-display';
  function cookie() {
    var m = new RegExp('(?:^|; )' + COOKIE + '=([a-z]+)\\.([a-z]+)').exec(document.cookie || '');
    return m ? { size: m[1], contrast: m[2] } : null;
  }
  var fromCookie = cookie();
  var sheet = document.getElementById('display-css');
  if (sheet) sheet.disabled = true;
  function read(key) {
    var v = null;
    try { v = window.localStorage.getItem(key); } catch (e) { /* storage off */ }
    if (v === null && fromCookie) v = key === KEY_SIZE ? fromCookie.size : fromCookie.contrast;
    return v;
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: still applies to this page */ }
    var size = root.getAttribute('data-font-size') || 'standard';
    var contrast = root.getAttribute('data-contrast') === 'high' ? 'high' : 'normal';
    document.cookie = COOKIE + '=' + size + '.' + contrast + '; Path=/; Max-Age=31536000; SameSite=Lax';
  }
  function applySize(size) {
    if (SIZES.indexOf(size) < 0) size = 'standard';
    root.setAttribute('data-font-size', size);
    return size;
  }
  function applyContrast(high) {
    if (high) root.setAttribute('data-contrast', 'high');
    else root.removeAttribute('data-contrast');
    return high;
  }

  applySize(read(KEY_SIZE));
  applyContrast(read(KEY_CONTRAST) === 'high');

  function init() {
    var bar = document.getElementById('a11y-bar');
    if (!bar) return;
    var sizeButtons = bar.querySelectorAll('button[data-font-size]');
    var contrastButton = bar.querySelector('button[data-contrast-toggle]');

    function sync() {
      var size = root.getAttribute('data-font-size') || 'standard';
      for (var i = 0; i < sizeButtons.length; i++) {
        var b = sizeButtons[i];
        b.setAttribute('aria-pressed', b.getAttribute('data-font-size') === size ? 'true' : 'false');
      }
      if (contrastButton) contrastButton.setAttribute('aria-pressed', root.getAttribute('data-contrast') === 'high' ? 'true' : 'false');
    }

    for (var i = 0; i < sizeButtons.length; i++) {
      sizeButtons[i].addEventListener('click', function (event) {
        var size = applySize(event.currentTarget.getAttribute('data-font-size'));
        write(KEY_SIZE, size);
        sync();
      });
    }
    if (contrastButton) {
      contrastButton.addEventListener('click', function () {
        var high = applyContrast(root.getAttribute('data-contrast') !== 'high');
        write(KEY_CONTRAST, high ? 'high' : 'normal');
        sync();
      });
    }
    sync();
    bar.hidden = false;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
