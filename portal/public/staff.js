/*
 * The staff workbench (/staff/): one document, one section per screen, moved between with
 * history.pushState so the in-memory token (staff-auth.js) survives. Addresses are `/staff/?v=<view>&…`;
 * every address is this same file, so links and bookmarks work after signing in again.
 *
 * This file: the router, the session bar and navigation, sign-in, form serialisation and errors, the
 * inbox and the case page. The other screens are in staff-screens.js; charts in staff-charts.js.
 * Forms are named by the JSON paths of the API's bodies, so a problem's `errors[].field` finds its input.
 */
(function () {
  'use strict';
  var Auth = window.BozhouStaffAuth;
  var Forms = window.BozhouForms;
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  // ---------- DOM ----------
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
  /**
   * Starts a load into `box` and returns a test of whether it is still the newest: an earlier, slower answer
   * must never overwrite a newer one (a date or filter changed meanwhile). `more`: a next page of the same
   * list, which stays valid until the list itself is asked for again.
   */
  function latest(box, more) { var n = (box.bozhouLoad || 0) + (more ? 0 : 1); box.bozhouLoad = n; return function () { return box.bozhouLoad === n; }; }
  function yuan(fen) { return typeof fen === 'number' ? Forms.yuan(fen) : '—'; }
  function dateOf(iso) { return iso ? String(iso).slice(0, 10) : '—'; }
  function timeOf(iso) { return iso ? String(iso).slice(0, 16).replace('T', ' ') : '—'; }
  function todayShanghai() {
    var d = new Date(Date.now() + 8 * 3600 * 1000);
    return d.toISOString().slice(0, 10);
  }
  function link(view, params, text, attrs) {
    var q = new URLSearchParams(Object.assign({ v: view }, params || {}));
    return h('a', Object.assign({ href: '/staff/?' + q.toString() }, attrs || {}), [text]);
  }

  var STATUS = {};
  $$('#inbox-status option').forEach(function (o) { if (o.value) STATUS[o.value] = o.textContent; });
  var ACTION_LABELS = { apply: '提交申请', report: '主动发现报告', closePublicity: '公示期满无异议', 'read-case': '查阅案件' };
  $$('#action-templates template').forEach(function (t) {
    var title = t.content.querySelector('.action-title');
    ACTION_LABELS[t.id.slice(4)] = title ? title.firstChild.textContent : t.id.slice(4);
  });
  var ROLE_LABELS = {};
  $$('#signin-role option').forEach(function (o) { ROLE_LABELS[o.value] = o.textContent; });
  ROLE_LABELS.system = '定时任务'; ROLE_LABELS.public = '公众';
  var RELATIONS = { self: '本人', spouse: '配偶', child: '子女', parent: '父母', grandparent: '祖父母、外祖父母', grandchild: '孙子女、外孙子女', sibling: '兄弟姐妹', other: '其他' };

  // ---------- flash, title, focus ----------
  var flash = $('#flash');
  function say(text, kind) {
    clear(flash);
    if (!text) return;
    flash.appendChild(h('p', { class: 'flash-msg ' + (kind || 'ok') }, [text]));
  }

  // ---------- forms: serialise by JSON path, show the API's errors next to their fields ----------
  function setPath(obj, path, value) {
    var parts = path.split('.');
    var cur = obj;
    for (var i = 0; i < parts.length - 1; i++) {
      var key = parts[i];
      var nextIsIndex = /^\d+$/.test(parts[i + 1]);
      if (cur[key] === undefined) cur[key] = nextIsIndex ? [] : {};
      cur = cur[key];
    }
    cur[parts[parts.length - 1]] = value;
  }
  function compact(v) {
    if (Array.isArray(v)) return v.filter(function (x) { return x !== undefined && !(x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0); }).map(compact);
    if (v && typeof v === 'object') { for (var k in v) v[k] = compact(v[k]); }
    return v;
  }
  /** → { body, local: [{ field, message }] } (local: problems found before sending, e.g. 元 amounts). */
  function serialize(form) {
    var body = {};
    var local = [];
    $$('input[name], select[name], textarea[name]', form).forEach(function (el) {
      if (el.disabled) return;
      var kind = el.getAttribute('data-kind');
      var name = el.name;
      if (el.type === 'checkbox') {
        if (kind === 'index') { if (el.checked) setPath(body, name, Number(el.value)); }
        else setPath(body, name, el.checked);
        return;
      }
      if (el.type === 'radio') {
        if (el.checked) setPath(body, name, kind === 'bool' ? el.value === 'true' : el.value);
        return;
      }
      var v = (el.value || '').trim();
      if (v === '') return;
      if (kind === 'int') setPath(body, name, /^\d+$/.test(v) ? Number(v) : v);
      else if (kind === 'yuan') {
        var fen = Forms.yuanToFen(v);
        if (fen === null) local.push({ field: name, message: '金额请只填数字，单位是元，例如 300 或 300.50' });
        else setPath(body, name, fen);
      } else if (kind === 'lines') setPath(body, name, v.split(/\n+/).map(function (s) { return s.trim(); }).filter(Boolean));
      else setPath(body, name, v);
    });
    return { body: compact(body), local: local };
  }

  function clearErrors(form) {
    var box = $('[data-form-errors]', form);
    if (box) clear(box);
    $$('.error-message', form).forEach(function (m) { m.parentNode.removeChild(m); });
    $$('.field-error', form).forEach(function (f) { f.classList.remove('field-error'); });
    $$('[aria-invalid]', form).forEach(function (i) {
      i.removeAttribute('aria-invalid');
      var d = (i.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && !/-error$/.test(x); }).join(' ');
      if (d) i.setAttribute('aria-describedby', d); else i.removeAttribute('aria-describedby');
    });
  }

  function inputFor(form, field) {
    if (!field) return null;
    var exact = form.querySelector('[name="' + field.replace(/"/g, '') + '"]');
    if (exact) return exact;
    // `staff` (the array) or `sources.income` (an object): the first input under it.
    var under = $$('[name]', form).filter(function (el) { return el.name.indexOf(field + '.') === 0; })[0];
    return under || null;
  }

  /**
   * Shows a problem+json (or local problems) on a form: a summary that takes focus, each field's
   * message next to it. `fallback` names the input that gets errors whose field has none.
   */
  function showProblem(form, problem, fallback) {
    clearErrors(form);
    var errors = (problem && problem.errors) || [];
    var box = $('[data-form-errors]', form) || form;
    var summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
    var list = h('ul', {});
    var n = 0;
    errors.forEach(function (e) {
      var input = inputFor(form, e.field) || (fallback ? inputFor(form, fallback) : null);
      var message = e.message || e.detail || '填写有误';
      n++;
      if (!input) { list.appendChild(h('li', {}, [message])); return; }
      var id = input.id;
      var a = h('a', { href: '#' + id }, [message]);
      a.addEventListener('click', function (ev) { ev.preventDefault(); input.focus(); (input.closest('.field') || input).scrollIntoView({ block: 'center' }); });
      list.appendChild(h('li', {}, [a]));
      var field = input.closest('.field') || input.parentNode;
      var mid = id + '-error';
      var existing = document.getElementById(mid);
      if (existing) { existing.textContent = existing.textContent + '；' + message; return; }
      field.classList.add('field-error');
      var msg = h('span', { class: 'error-message', id: mid }, [message]);
      var anchor = field.querySelector('.choices') || field.querySelector('input, select, textarea');
      if (field.classList.contains('choice')) field.insertBefore(msg, field.firstChild);
      else if (anchor) anchor.parentNode.insertBefore(msg, anchor);
      $$('input, select, textarea', field).forEach(function (i) {
        i.setAttribute('aria-invalid', 'true');
        var d = i.getAttribute('aria-describedby');
        i.setAttribute('aria-describedby', (d ? d + ' ' : '') + mid);
      });
    });
    var heading = n ? '有 ' + n + ' 处需要修改' : (problem && problem.title) || '没有办理成功';
    summary.appendChild(h('h2', {}, [heading]));
    if (problem && problem.detail && (!n || problem.status === 422)) summary.appendChild(h('p', {}, [problem.detail]));
    if (n) summary.appendChild(list);
    box.appendChild(summary);
    summary.focus();
  }

  /** Arrays an action needs even when nothing was entered, so the API answers with its own rule (e.g. 须说明理由). */
  var ARRAYS = { reject: ['reasons'], resume: ['reasons'], terminate: ['reasons'], 'return': ['items'], recordVisit: ['staff'], consent: ['members'] };

  /** Wires a form: local problems, then the call; `send(body)` returns the API promise. */
  function handleForm(form, send, done, options) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var s = serialize(form);
      (ARRAYS[form.getAttribute('data-action')] || []).forEach(function (k) { if (s.body[k] === undefined) s.body[k] = []; });
      if (options && options.prepare) options.prepare(s);
      if (s.local.length) { showProblem(form, { errors: s.local }); return; }
      var button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      send(s.body).then(function (r) {
        if (button) button.disabled = false;
        if (r.status >= 200 && r.status < 300) { clearErrors(form); done(r.body, s.body); }
        else if (r.status !== 401) showProblem(form, r.body || { title: '出错了', detail: '服务器返回 ' + r.status }, options && options.fallback);
      });
    });
  }

  /** Clones an action's form template with ids prefixed (unique on the page). */
  function actionForm(action, prefix) {
    var t = document.getElementById('act-' + action);
    if (!t) return null;
    var frag = t.content.cloneNode(true);
    $$('[id], [for], [aria-describedby]', frag).forEach(function (el) {
      ['id', 'for', 'aria-describedby'].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v) el.setAttribute(a, v.replace(/__P__/g, prefix));
      });
    });
    return frag.firstElementChild;
  }

  // ---------- router ----------
  var views = {};
  var current = null;
  /** register(name, { title, render(params, section), nav? }); who may open it is WORKBENCH.views[name]. */
  function register(name, def) { views[name] = def; }
  var WORKBENCH = JSON.parse(document.getElementById('workbench-data').getAttribute('data-workbench'));

  function params() {
    var q = new URLSearchParams(location.search);
    var out = {};
    q.forEach(function (v, k) { out[k] = v; });
    return out;
  }
  function allowed(name, role) { var roles = WORKBENCH.views[name]; return Boolean(views[name]) && (!roles || roles.indexOf(role) >= 0); }

  function setTitle(text) {
    var h1 = $('#view-title');
    h1.textContent = text;
    document.title = text + ' - 工作台 - 亳州市社会救助服务平台';
  }

  // Screens loaded on demand, one script per area, so the workbench's first load stays small. A module
  // registers its views with S.register; its section is created here. Nav entries are declared below
  // (NAV), so a role sees the screen before its script has loaded.
  var MODULES = {
    '/staff-screens.js': ['report', 'referrals', 'status-query', 'supervision', 'staffing', 'dashboard', 'audit', 'standards', 'relatives', 'charities', 'contractors', 'reference'],
    '/staff-payments.js': ['payments', 'reserve'],
    '/staff-tasks.js': ['tasks', 'task', 'data-match', 'emergencies', 'inspections-work'],
    '/staff-charity.js': ['charity', 'charity-flags'],
    '/staff-procurement.js': ['procurement', 'tender', 'bidding', 'evaluation'],
    '/staff-households.js': ['household', 'household-search'],
    '/staff-stranded.js': ['stranded', 'stranded-case'],
    '/staff-monitoring.js': ['alerts', 'alert', 'feeds', 'tickets'],
  };
  var MODULE_OF = {};
  Object.keys(MODULES).forEach(function (src) { MODULES[src].forEach(function (v) { MODULE_OF[v] = src; }); });
  var loading = {};
  function loadModule(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var el = document.createElement('script');
        el.src = src;
        el.onload = resolve;
        el.onerror = function () { delete loading[src]; reject(new Error('页面组件加载失败，请检查网络后重试。')); };
        document.head.appendChild(el);
      });
    }
    return loading[src];
  }
  function sectionFor(name) {
    var sec = $('section[data-view="' + name + '"]');
    if (sec) return sec;
    sec = h('section', { class: 'js-only view', 'data-view': name, hidden: true });
    $('#main .wrap').appendChild(sec);
    return sec;
  }

  function show(name, p, focus) {
    var s = session();
    if (s && !views[name] && MODULE_OF[name]) {
      setTitle('正在加载……');
      loadModule(MODULE_OF[name]).then(function () { if (views[name]) show(name, p, focus); else show('home', p, focus); }, function (e) { say(e.message, 'error'); });
      return;
    }
    if (!s) name = 'signin';
    else if (!allowed(name, s.role)) name = 'home';
    sectionFor(name);
    $$('section[data-view]').forEach(function (sec) { sec.hidden = sec.getAttribute('data-view') !== name; });
    current = name;
    var def = views[name];
    var title = typeof def.title === 'function' ? def.title(p, s) : def.title;
    setTitle(title);
    markNav();
    if (def.render) def.render(p, $('section[data-view="' + name + '"]'), s);
    if (focus) $('#view-title').focus();
  }

  function go(href, replace) {
    var url = new URL(href, location.href);
    if (replace) history.replaceState(null, '', url.pathname + url.search);
    else history.pushState(null, '', url.pathname + url.search);
    say('');
    show(params().v || 'home', params(), true);
    window.scrollTo(0, 0);
  }

  document.addEventListener('click', function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var a = ev.target.closest && ev.target.closest('a[href]');
    if (!a || a.target) return;
    var url = new URL(a.getAttribute('href'), location.href);
    if (url.origin !== location.origin || url.pathname !== '/staff/' || !url.search) return;
    ev.preventDefault();
    go(url.href);
  });
  window.addEventListener('popstate', function () { show(params().v || 'home', params(), true); });

  // ---------- navigation per role ----------
  // Screens in on-demand modules (MODULES above) are listed here too, so a role sees them before they load.
  // Each role's menu and each screen's roles come from the route table (shared/definitions/workbench.ts),
  // carried by the page; a screen is offered only to roles whose API would answer it.
  var NAV = WORKBENCH.nav;
  function navFor(role) {
    var items = [['首页', 'home', {}]].concat(NAV[role] || []);
    return items;
  }
  function markNav() {
    var here = location.search;
    $$('#staff-nav-list a').forEach(function (a) {
      var u = new URL(a.href);
      var p = params();
      var same = u.search === here || (u.searchParams.get('v') === (p.v || 'home') && (u.searchParams.get('status') || '') === (p.status || '') && !p.ref);
      if (same) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
  }
  function renderChrome(s) {
    var bar = $('#session-bar');
    var nav = $('#staff-nav');
    if (!s) { bar.hidden = true; nav.hidden = true; return; }
    var where = s.scope.townshipName || s.scope.countyName || s.scope.department || '';
    $('#session-who').textContent = '已登录：' + (ROLE_LABELS[s.role] || s.role) + (where ? '（' + where + '）' : '') + (s.name ? ' ' + s.name : '') + '，账号 ' + s.sub;
    var list = clear($('#staff-nav-list'));
    navFor(s.role).forEach(function (item) { list.appendChild(h('li', {}, [link(item[1], item[2], item[0])])); });
    bar.hidden = false;
    nav.hidden = false;
    tick();
  }
  var warned = false;
  function tick() {
    var s = Auth.session();
    var el = $('#session-expiry');
    if (!s) return;
    var left = Math.max(0, Math.round((s.expiresAt - Date.now()) / 60000));
    var at = new Date(s.expiresAt);
    var hhmm = ('0' + at.getHours()).slice(-2) + ':' + ('0' + at.getMinutes()).slice(-2);
    el.textContent = '登录有效至 ' + hhmm + '（约 ' + left + ' 分钟，页面开着时自动续期）。刷新页面需要重新登录。';
    el.classList.toggle('expiring', left <= 2);
    if (left <= 2 && !warned) { warned = true; say('登录将在 2 分钟内到期。请先提交正在填写的内容，到期后需要重新登录。', 'warn'); }
  }
  setInterval(tick, 20000);

  // ---------- areas (names for the scope and the sign-in selects) ----------
  var areas = null;
  function loadAreas() {
    if (areas) return Promise.resolve(areas);
    return fetch('/api/v1/areas', { headers: { accept: 'application/json' } }).then(function (r) { return r.json(); }).then(function (b) { areas = b.counties || []; return areas; });
  }
  function townshipName(code) {
    for (var i = 0; i < (areas || []).length; i++) for (var j = 0; j < areas[i].townships.length; j++) if (areas[i].townships[j].code === code) return areas[i].townships[j].name;
    return code;
  }
  function countyName(code) {
    for (var i = 0; i < (areas || []).length; i++) if (areas[i].code === code) return areas[i].name;
    return code;
  }
  function countyOf(s) { return s.scope.county || (s.scope.township ? s.scope.township.slice(0, 6) : ''); }

  // ---------- sign-in ----------
  register('signin', { title: '工作台登录', render: function () {} });
  function setupSignin(config) {
    if (config.mode === 'oidc') {
      $('#signin-oidc').hidden = false;
      $('#oidc-start').addEventListener('click', function () {
        Auth.beginOidc().catch(function (e) { say(e.message, 'error'); });
      });
      return;
    }
    var form = $('#signin-local');
    form.hidden = false;
    var role = $('#signin-role');
    function scopeFields() {
      var need = role.options[role.selectedIndex].getAttribute('data-scope');
      $$('[data-scope-field]', form).forEach(function (f) {
        var on = f.getAttribute('data-scope-field') === need;
        f.hidden = !on;
        $$('select, input', f).forEach(function (s) { s.disabled = !on; });
      });
    }
    role.addEventListener('change', scopeFields);
    scopeFields();
    loadAreas().then(function (counties) {
      var tw = clear($('#signin-township'));
      var cy = clear($('#signin-county'));
      counties.forEach(function (c) {
        cy.appendChild(h('option', { value: c.code }, [c.name]));
        var g = h('optgroup', { label: c.name });
        c.townships.forEach(function (t) { g.appendChild(h('option', { value: t.code }, [c.name + ' ' + t.name])); });
        tw.appendChild(g);
      });
    });
    handleForm(form, function (body) { return Auth.signInLocal(body); }, function () {});
  }

  Auth.on('signedIn', function (s) {
    loadAreas().then(function () {
      if (s.scope.township) s.scope.townshipName = townshipName(s.scope.township);
      if (s.scope.county || s.scope.township) s.scope.countyName = countyName(countyOf(s));
      sessionScope = s.scope;
      lastSub = s.sub;
      renderChrome(Auth.session() && Object.assign(Auth.session(), { scope: s.scope }));
      $('#signin-expired').hidden = true;
      warned = false;
      var p = params();
      var target = p.v && p.v !== 'signin' ? location.search : '?v=home';
      go('/staff/' + target, true);
      restoreDraft(s);
    });
  });
  var sessionScope = {};
  Auth.on('renewed', function () { warned = false; tick(); });
  // Drafts: what was typed when the session expired stays in memory (never storage) and is put back after sign-in.
  var draft = null;
  var lastSub = null;
  function keepDraft() {
    var values = {};
    $$('.view:not([hidden]) input[id], .view:not([hidden]) textarea[id]').forEach(function (el) {
      if (el.closest('#signin-local') || el.type === 'hidden' || el.type === 'file' || el.type === 'radio' || el.type === 'checkbox' || !el.value) return;
      values[el.id] = el.value;
    });
    draft = Object.keys(values).length ? { search: location.search, values: values, sub: lastSub } : null;
  }
  function restoreDraft(s) {
    var d = draft;
    draft = null;
    if (!d || location.search !== d.search || (d.sub && s.sub !== d.sub)) return;
    var left = Object.keys(d.values);
    var tries = 0;
    (function fill() {
      left = left.filter(function (id) {
        var el = document.getElementById(id);
        if (!el) return true;
        if (!el.value) el.value = d.values[id];
        return false;
      });
      if (left.length && ++tries < 40) setTimeout(fill, 250);
      else if (tries < 40) say('已恢复登录到期前填写的内容，请核对后提交。', 'ok');
    })();
  }
  Auth.on('signedOut', function (reason) {
    if (reason === 'expired') keepDraft();
    sessionScope = {};
    renderChrome(null);
    $('#signin-expired').hidden = reason !== 'expired' && reason !== 'signedOut';
    show('signin', {}, true);
  });
  $('#sign-out').addEventListener('click', function () { Auth.signOut('signedOut'); });

  /** The session with the area names filled in. */
  function session() {
    var s = Auth.session();
    if (!s) return null;
    s.scope = Object.assign({}, s.scope, sessionScope);
    return s;
  }

  // ---------- home ----------
  var INTRO = {
    caseworker: '受理申请、组织入户调查和民主评议、提出审核意见并公示，处理公示期间的异议。',
    approver: '对公示期满的案件作出审核确认：批准或不予批准（须写明理由）。提出审核意见的人不能作出决定。',
    check: '录入省级核对平台出具的家庭经济状况核对报告。',
    assistant: '报告主动发现的困难家庭，帮助群众申请。您没有审批权限。',
    department: '答复转办给本部门的事项；办理本部门业务时查询救助对象身份。',
    county: '督办即将到期和已超期的事项，查看本县区案件和统计，核对乡镇（街道）民政人员配备。',
    auditor: '核验审计链，查看资金发放对账、双随机抽查和统计。审计人员只能查看，不能办理。',
    inspector: '对随机抽到的案件进行检查并登记结果。结果按乡镇（街道）公开，不含个人信息。',
    evaluator: '申报回避，对分配给您的采购项目的投标文件按评分标准打分。',
    charity: '登记本机构，备案募捐活动，登记捐赠和使用情况，按期公开。',
    contractor: '登记本机构，参加购买服务项目投标，查看得分和排名，报告合同履约情况。',
    admin: '发布救助标准和参数，宣布紧急救助状态，近亲属备案，审核慈善组织和服务承接机构并处理核查线索。',
  };
  register('home', {
    title: function (p, s) { return (ROLE_LABELS[s.role] || '') + '工作台'; },
    render: function (p, sec, s) {
      $('#home-intro').textContent = INTRO[s.role] || '';
      var tiles = clear($('#home-tiles'));
      navFor(s.role).slice(1).forEach(function (item) { tiles.appendChild(h('li', {}, [link(item[1], item[2], item[0], { class: 'tile' })])); });
      var canOpen = ['caseworker', 'approver', 'assistant', 'check', 'county', 'auditor'].indexOf(s.role) >= 0;
      $('#open-case').hidden = !canOpen;
      renderToday(s);
    },
  });

  /** 今日工作 (GET /api/v1/today): drawn by /staff-today.js, loaded with the home screen of the roles that have one. */
  function renderToday(s) {
    var box = clear($('#home-today'));
    box.hidden = ['caseworker', 'approver', 'check', 'county', 'department'].indexOf(s.role) < 0;
    if (!box.hidden) loadModule('/staff-today.js').then(function () { window.BozhouStaff.todayPanel(box, s); }, function (e) { box.appendChild(problemBox({ detail: e.message })); });
  }

  $('#open-case').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var ref = ($('#open-case-ref').value || '').trim().toUpperCase().replace(/\s+/g, '');
    if (!ref) { showProblem(ev.target, { errors: [{ field: 'ref', message: '请填写申请编号' }] }); return; }
    go('/staff/?v=case&ref=' + encodeURIComponent(ref));
  });

  // ---------- inbox ----------
  var INBOX_TITLES = {
    caseworker: { '': '待办事项', objected: '公示异议待处理', checking: '核对完成待入户调查' },
    approver: { '': '待审核确认', readyForDecision: '待审核确认', proposed: '已提出审核意见' },
    check: { '': '待核对', accepted: '待核对（已受理）', visited: '待核对（已入户调查）' },
    county: { '': '本县区案件' },
  };
  var INBOX_INTRO = {
    caseworker: '本乡镇（街道）的案件，按状态和办结期限排列。',
    approver: '公示期满无异议的案件等待审核确认。打开案件可以看到家庭情况、核对和调查、审核意见及计算过程，然后批准或不予批准。',
    check: '本县区已受理、等待录入核对报告的案件。已有核对报告的案件在案件页中显示。',
    county: '本县区全部案件，按状态和办结期限排列。',
  };
  var inboxCursor = null;
  register('inbox', {
    title: function (p, s) { var t = INBOX_TITLES[s.role] || {}; return t[p.status || ''] || ((STATUS[p.status] || '') + '案件') || '待办事项'; },
    render: function (p, sec, s) {
      var status = p.status || (s.role === 'approver' ? 'readyForDecision' : s.role === 'check' ? 'accepted' : '');
      $('#inbox-status').value = status;
      $('#inbox-intro').textContent = INBOX_INTRO[s.role] || '';
      var box = clear($('#inbox-table'));
      box.appendChild(h('p', { class: 'loading' }, ['正在读取…']));
      inboxCursor = null;
      loadInbox(status, true);
    },
  });
  $('#inbox-filter').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = $('#inbox-status').value;
    go('/staff/?v=inbox' + (v ? '&status=' + v : ''));
  });
  $('#inbox-more').addEventListener('click', function () { loadInbox($('#inbox-status').value, false); });

  function flagBadges(flags) {
    var out = [];
    if (!flags) return out;
    if (flags.overdue) out.push(h('span', { class: 'flag flag-overdue' }, ['已超期']));
    if (flags.atRisk) out.push(h('span', { class: 'flag flag-risk' }, ['即将到期']));
    if (flags.relative) out.push(h('span', { class: 'flag flag-relative' }, ['近亲属']));
    if (flags.channel === 'grid') out.push(h('span', { class: 'flag' }, ['主动发现']));
    return out;
  }

  function loadInbox(status, fresh) {
    var q = '?limit=50' + (status ? '&status=' + status : '') + (!fresh && inboxCursor ? '&cursor=' + encodeURIComponent(inboxCursor) : '');
    var current = latest($('#inbox-table'), !fresh);
    Auth.api('GET', '/api/v1/inbox' + q).then(function (r) {
      if (!current()) return;
      var box = $('#inbox-table');
      if (r.status !== 200) { clear(box).appendChild(problemBox(r.body)); return; }
      var tbody;
      if (fresh) {
        clear(box);
        if (!r.body.items.length) { box.appendChild(h('p', { class: 'empty' }, ['没有' + (status ? '“' + STATUS[status] + '”的' : '') + '案件。'])); $('#inbox-more').hidden = true; return; }
        var table = h('table', { class: 'data-table' }, [
          h('caption', { class: 'sr-only' }, ['案件列表，按状态和办结期限排列']),
          h('thead', {}, [h('tr', {}, ['申请编号', '救助类型', '状态', '申请人', '乡镇（街道）', '提交日期', '期限（受理或办结）', '标记'].map(function (c) { return h('th', { scope: 'col' }, [c]); }))]),
          tbody = h('tbody', {}),
        ]);
        box.appendChild(table);
      } else tbody = $('#inbox-table tbody');
      r.body.items.forEach(function (i) {
        tbody.appendChild(h('tr', { class: i.flags && i.flags.overdue ? 'row-overdue' : i.flags && i.flags.atRisk ? 'row-risk' : undefined }, [
          h('th', { scope: 'row' }, [link('case', { ref: i.reference }, i.reference, { class: 'ref' })]),
          h('td', {}, [i.typeLabel]),
          h('td', {}, [i.statusLabel]),
          h('td', {}, [i.applicant]),
          h('td', {}, [i.township]),
          h('td', {}, [dateOf(i.submittedAt)]),
          h('td', { class: 'nowrap' }, [i.dueDate ? i.dueDate + (i.dueDateProvisional ? '（暂定）' : '') : i.acceptBy ? i.acceptBy + '（受理）' + (i.acceptByProvisional ? '（暂定）' : '') : '—']),
          h('td', {}, flagBadges(i.flags)),
        ]));
      });
      inboxCursor = r.body.cursor || null;
      $('#inbox-more').hidden = !inboxCursor;
    });
  }

  function problemBox(problem) {
    return h('div', { class: 'error-summary', role: 'alert' }, [h('h2', {}, [(problem && problem.title) || '出错了']), h('p', {}, [(problem && problem.detail) || '请稍后再试。'])]);
  }

  // ---------- the case page ----------
  register('case', {
    title: function (p) { return '案件 ' + (p.ref || ''); },
    render: function (p, sec, s) {
      var back = $('#case-back');
      var backTo = { department: ['referrals', '返回转办事项'], auditor: ['audit', '返回审计链核验'], assistant: ['report', '返回报告困难家庭'] }[s.role] || ['inbox', '返回待办'];
      back.setAttribute('href', '/staff/?v=' + backTo[0]);
      back.textContent = backTo[1];
      loadCase(p.ref, s);
    },
  });

  function loadCase(ref, s) {
    var body = clear($('#case-body'));
    body.appendChild(h('p', { class: 'loading' }, ['正在读取案件…']));
    return Auth.api('GET', '/api/v1/cases/' + encodeURIComponent(ref || '')).then(function (r) {
      clear(body);
      if (r.status !== 200) { body.appendChild(problemBox(r.body)); return; }
      renderCase(body, r.body, s);
    });
  }

  function section(title, id, children) {
    return h('section', { class: 'case-section', id: id, 'aria-labelledby': id + '-h' }, [h('h2', { id: id + '-h' }, [title])].concat(children));
  }
  function dl(rows) {
    return h('dl', { class: 'kv' }, rows.filter(Boolean).reduce(function (acc, r) { acc.push(h('dt', {}, [r[0]]), h('dd', {}, [r[1] === undefined || r[1] === null || r[1] === '' ? '—' : r[1]])); return acc; }, []));
  }
  function table(caption, heads, rows) {
    return h('div', { class: 'table-scroll' }, [h('table', { class: 'data-table' }, [
      h('caption', {}, [caption]),
      h('thead', {}, [h('tr', {}, heads.map(function (c) { return h('th', { scope: 'col' }, [c]); }))]),
      h('tbody', {}, rows.map(function (row) { return h('tr', {}, row.map(function (c, i) { return h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, [c === undefined || c === null ? '—' : c]); })); })),
    ])]);
  }
  function yesNo(b) { return b ? '是' : '否'; }
  function doubtText(b) { return b ? h('strong', { class: 'doubt' }, ['有疑义']) : '无疑义'; }

  function renderCase(root, c, s) {
    setTitle('案件 ' + c.reference + '：' + c.typeLabel);
    // Offered: the actions that can succeed now; the rest disabled with the reason (c.next, shared/cases/next-step.ts).
    var hasForm = function (a) { return document.getElementById('act-' + a); };
    var states = (c.next && c.next.actions) || (c.allowedActions || []).map(function (a) { return { action: a, enabled: true }; });
    var actions = states.filter(function (x) { return x.enabled && hasForm(x.action); }).map(function (x) { return x.action; });
    var blockedActions = states.filter(function (x) { return !x.enabled && hasForm(x.action); });
    var waits = (c.next && c.next.waiting) || [];
    // Benefits a member already holds that this case cannot be granted with (the registry's table): shown first.
    var conflicts = [];
    ((c.registry && c.registry.members) || []).forEach(function (m) { conflicts = conflicts.concat(m.conflicts || []); });
    // 催办 from the county's 督办 (shared/cases/reminders.ts): first, so the responsible desk sees it.
    if (c.reminders && c.reminders.length) root.appendChild(h('div', { class: 'callout warning-text', id: 'case-reminders' }, [
      h('h2', {}, ['县级督办催办（' + c.reminders.length + ' 次）']),
      h('ul', {}, c.reminders.map(function (r) { return h('li', {}, [r.at.slice(0, 16).replace('T', ' ') + ' ' + r.by + '：' + r.note + (r.dueDate ? '（期限 ' + r.dueDate + '）' : '') + (r.n > 1 ? '（第 ' + r.n + ' 次催办）' : '')]); })),
    ]));
    if (conflicts.length) root.appendChild(h('div', { class: 'callout warning-text', id: 'case-conflicts' }, [h('h2', {}, ['请先核实：家庭成员已在享受不能同时享受的救助']), h('ul', {}, conflicts.map(function (x) { return h('li', {}, [x.explanation]); }))]));
    // Summary
    root.appendChild(h('div', { class: 'case-summary' }, [
      dl([
        ['状态', h('strong', {}, [c.statusLabel])],
        ['救助类型', c.typeLabel],
        ['申请人', c.view === 'department' ? c.applicant.name : c.applicant.name + '（' + (c.applicant.idNumber || '无身份证号') + '，' + (c.applicant.phone || '') + '）'],
        // 代办 (shared/cases/agent.ts): who applied for the applicant, and whose consent it has.
        c.agent ? ['代办人', c.agent.name + '（' + (c.agent.phone || '') + '），' + ({ child: '子女', spouse: '配偶', parent: '父母', sibling: '兄弟姐妹', grandchild: '孙子女、外孙子女', otherRelative: '其他亲属', guardian: '监护人', villageCadre: '村（社区）干部', other: '其他人' }[c.agent.relation] || c.agent.relation) + '；' + (c.agent.consent.by === 'guardian' ? '监护人 ' + c.agent.consent.guardianName : '申请人本人') + ' ' + c.agent.consent.signedOn + ' 同意代办'] : null,
        ['乡镇（街道）', c.view === 'department' ? townshipName(c.area.township) : townshipName(c.area.township) + '，' + (c.area.residence === 'urban' ? '城市' : '农村') + '，' + ({ local: '本地户口', residencePermit: '持居住证', elsewhere: '外地户口' }[c.area.hukou] || '')],
        ['提交', timeOf(c.submittedAt) + (c.channel === 'grid' ? '（网格员主动发现）' : '')],
        c.dueDate ? ['办结期限', c.dueDate + (c.dueProvisional ? '（暂定，日历未公布）' : '')]
          : c.acceptBy ? ['受理期限', c.acceptBy + '前受理或一次性告知补正' + (c.acceptByProvisional ? '（暂定，日历未公布）' : '') + '；办结期限受理后计算']
          : ['办结期限', '受理后计算'],
        c.householdId && WORKBENCH.views.household.indexOf(s.role) >= 0 ? ['户档案', h('span', {}, [link('household', { id: c.householdId }, '户档案', { id: 'case-household-link' }), '（本户成员的全部救助、发放和家庭变化）'])] : null,
        c.proposal ? ['审核意见', (c.proposal.eligible ? '符合条件，' : '不符合条件') + (c.proposal.monthlyAmountFen ? '每月 ' + yuan(c.proposal.monthlyAmountFen) : '') + (c.proposal.oneOffAmountFen ? ' 一次性 ' + yuan(c.proposal.oneOffAmountFen) : '') + '（计算过程见下）'] : null,
        ['标记', (function () { var f = flagBadges(c.flags); if (c.relativeFlag) f.push(h('span', { class: 'flag flag-relative' }, ['近亲属备案：须县级复核'])); return f.length ? h('span', {}, f) : '无'; })()],
        waits.length ? ['下一步', h('ul', { class: 'plain-list', id: 'case-waiting' }, waits.map(function (w) {
          return h('li', {}, [h('strong', {}, [w.whoLabel]), '：' + w.text + (w.until ? '（' + (w.who === 'publicity' ? '至 ' : '期限 ') + w.until + '）' : '')]);
        }))] : null,
      ]),
      actions.length ? h('p', { class: 'jump' }, [h('a', { href: '#case-actions' }, ['现在可以办理：' + actions.map(function (a) { return ACTION_LABELS[a]; }).join('、')])]) : h('p', { class: 'note' }, [blockedActions.length ? '您现在没有可以办理的操作（' + blockedActions.map(function (x) { return ACTION_LABELS[x.action] || x.label; }).join('、') + '暂不能办理，原因见下）。' : '当前状态下您没有可办理的操作。']),
    ]));

    // A department is shown the status and its referral only (the API sends no household to it).
    if (c.view === 'department') { renderReferralsAndActions(root, c, s, actions, blockedActions); return; }
    renderCaseRecords(root, c);
    renderReferralsAndActions(root, c, s, actions, blockedActions);
  }

  function renderCaseRecords(root, c) {
    // Household
    var m = c.household.members || [];
    root.appendChild(section('家庭成员和财产', 'case-household', [
      table('家庭成员（' + m.length + '人）', ['姓名', '关系', '身份证号码', '月收入', '其他情况'], m.map(function (x) {
        var other = [];
        if (x.disability) other.push('残疾 ' + x.disability.grade + ' 级');
        if (x.illness === 'serious') other.push('重病');
        if (x.inSchool) other.push('在校');
        if (x.employed) other.push('就业');
        if (x.orphanBenefit) other.push('孤儿保障');
        return [x.name, RELATIONS[x.relation] || x.relation, x.idNumber || '—', yuan(x.monthlyIncomeFen), other.join('、') || '—'];
      })),
      dl([
        ['金融资产', yuan(c.household.assets && c.household.assets.financialFen)],
        ['机动车', String((c.household.assets || {}).vehicles) + ' 辆'],
        ['住房', String((c.household.assets || {}).properties) + ' 套'],
        c.household.obligors && c.household.obligors.length ? ['赡养（抚养、扶养）义务人', c.household.obligors.map(function (o) { return (RELATIONS[o.relation] || o.relation) + ' 月收入 ' + yuan(o.monthlyIncomeFen); }).join('；')] : null,
        c.hardship ? ['困难情况', (c.hardship.kind === 'emergency' ? '急难型：' : '支出型：') + c.hardship.description + '（' + yuan(c.hardship.amountFen) + '）'] : null,
        ['核对授权', c.consent && c.consent.economicCheck ? '已授权' : '尚未全部授权'],
      ]),
    ]));

    // Check
    var SOURCES = { income: '收入', deposits: '存款等金融资产', vehicles: '机动车', housing: '住房', businessRegistration: '工商登记', tax: '纳税', socialInsurance: '社会保险' };
    root.appendChild(section('经济状况核对', 'case-check', c.check ? [
      dl([['核对报告编号', c.check.reportNumber], ['核对日期', c.check.checkedOn], ['结论', doubtText(c.check.doubt)]]),
      table('各项核对结果', ['项目', '结果', '说明'], Object.keys(SOURCES).map(function (k) { var x = (c.check.sources || {})[k] || {}; return [SOURCES[k], doubtText(x.doubt), x.note || '—']; })),
    ] : [h('p', {}, ['尚未录入核对报告。'])]));

    // Visit and appraisal
    root.appendChild(section('入户调查', 'case-visit', c.visit ? [dl([
      ['调查日期', c.visit.visitedOn], ['调查人员', (c.visit.staff || []).map(function (x) { return x.name + (x.post ? '（' + x.post + '）' : ''); }).join('、')],
      ['调查情况', c.visit.findings], ['结论', doubtText(c.visit.doubt)], c.visit.documentKey ? ['附件', '已上传'] : null,
    ])] : [h('p', {}, ['尚未录入入户调查。'])]));
    root.appendChild(section('民主评议', 'case-appraisal', c.appraisal ? [c.appraisal.held ? dl([
      ['评议日期', c.appraisal.heldOn], ['参加人数', c.appraisal.participants + ' 人'], ['结论', c.appraisal.outcome === 'supports' ? '支持' : '不支持'], ['记录', c.appraisal.record],
    ]) : h('p', {}, [c.appraisal.reason])] : typeof c.appraisal === 'string' ? [h('p', {}, [c.appraisal])] : [h('p', {}, ['未进行。核对或入户调查有疑义时须进行民主评议。'])]));

    // Proposal with trace
    if (c.proposal) {
      var pr = c.proposal;
      root.appendChild(section('审核意见和计算过程', 'case-proposal', [
        dl([
          ['是否符合条件', pr.eligible ? h('strong', {}, ['符合']) : h('strong', { class: 'doubt' }, ['不符合'])],
          ['每月金额', yuan(pr.monthlyAmountFen)], ['一次性金额', yuan(pr.oneOffAmountFen)],
          ['计算日期', pr.date], ['提出', timeOf(pr.at)], pr.options && pr.options.note ? ['备注', pr.options.note] : null,
        ]),
        h('h3', {}, ['计算过程（每一步注明依据的措施）']),
        h('ol', { class: 'trace' }, (pr.trace || []).map(function (t) { return h('li', {}, [h('span', { class: 'cite' }, [t.measure + ' ']), t.detail]); })),
        pr.parameterVersions && pr.parameterVersions.length ? h('details', {}, [h('summary', {}, ['使用的参数（' + pr.parameterVersions.length + '项）']), h('ul', { class: 'note' }, pr.parameterVersions.map(function (v) { return h('li', {}, [(v.id || '') + '：自 ' + (v.effectiveFrom || '') + ' 起，' + (v.source || '') + (v.example ? '（示例值）' : '')]); }))]) : null,
      ]));
    }

    // The applicant's uploads (shared/cases/evidence.ts): staff only; a link lives 5 minutes (reload the case for a new one).
    if (c.evidence && c.evidence.length) {
      root.appendChild(section('申请人上传的证明材料', 'case-evidence', [table('证明材料', ['文件', '说明', '上传时间', '大小'], c.evidence.map(function (e) {
        return [e.download ? h('a', { href: e.download, rel: 'noopener noreferrer' }, [e.fileName]) : e.fileName + '（尚未上传完成）', e.description || '', timeOf(e.at), Math.ceil(e.sizeBytes / 1024) + ' KB'];
      }))]));
    }
    // Publicity and objections, county review, decision
    if (c.publicity || (c.objections && c.objections.length)) {
      root.appendChild(section('公示和异议', 'case-publicity', [
        c.publicity ? dl([['公示期', c.publicity.start + ' 至 ' + c.publicity.end + '（' + c.publicity.days + '天）']]) : null,
        c.objections && c.objections.length ? table('异议', ['序号', '收到时间', '理由', '处理'], c.objections.map(function (o) {
          return [String(o.n) + (o.channel === 'online' ? '（网上）' : ''), timeOf(o.at), o.reason, o.status === 'open' ? h('strong', {}, ['待处理']) : (o.status === 'dismissed' ? '不成立' : '成立，退回核查') + (o.triage ? '：' + o.triage.reason : '')];
        })) : h('p', {}, ['公示期间没有收到异议。']),
      ]));
    }
    if (c.countyReview) root.appendChild(section('县级复核', 'case-review', [dl([['结论', c.countyReview.cleared ? '通过' : '不通过'], ['意见', c.countyReview.opinion], ['时间', timeOf(c.countyReview.at)]])]));
    if (c.decision) {
      root.appendChild(section('审核确认', 'case-decision', [dl([
        ['决定', c.decision.outcome === 'approved' ? '批准' : '不予批准'], ['时间', timeOf(c.decision.at)],
        c.decision.reasons ? ['理由', c.decision.reasons.join('；')] : null,
        c.enrolment ? ['每月金额', yuan(c.enrolment.monthlyAmountFen)] : null,
        c.enrolment ? ['起始月份', c.enrolment.startMonth] : null,
        c.enrolment && c.enrolment.class ? ['分类施保', c.enrolment.class + ' 类'] : null,
        c.enrolment ? ['下次复核', c.enrolment.nextReviewDate] : null,
        c.plan ? ['发放计划', { oneOff: '一次性', staged: '分阶段', advance: '先行救助' }[c.plan.kind] + '，共 ' + yuan(c.plan.totalFen)] : null,
        c.plan && c.plan.paidFromNote ? ['支付渠道', c.plan.paidFromNote] : null,
      ])]));
    }
  }

  function renderReferralsAndActions(root, c, s, actions, blockedActions) {
    blockedActions = blockedActions || [];
    if (c.referrals && c.referrals.length) {
      root.appendChild(section('转办', 'case-referrals', [table('转办事项', ['部门', '状态', '答复期限', '答复'], c.referrals.map(function (x) {
        return [x.department + (x.primary ? '（主办）' : ''), { open: '待答复', answered: '已答复', cancelled: '已撤销' }[x.status] || x.status, x.dueDate, x.answer ? ({ granted: '已给予：', refused: '不符合：', info: '告知：' }[x.outcome] || '') + x.answer : '—'];
      }))]));
    }

    // Actions allowed now
    if (actions.length || blockedActions.length) {
      var box = h('section', { class: 'case-section case-actions', id: 'case-actions', 'aria-labelledby': 'case-actions-title', tabindex: '-1' }, [h('h2', { id: 'case-actions-title' }, ['办理'])]);
      if (blockedActions.length) {
        box.appendChild(h('h3', {}, ['暂不能办理']));
        box.appendChild(h('ul', { class: 'plain-list', id: 'case-blocked' }, blockedActions.map(function (x) {
          return h('li', {}, [h('button', { type: 'button', class: 'button secondary', disabled: true, 'aria-describedby': 'blocked-' + x.action }, [ACTION_LABELS[x.action] || x.label]), ' ', h('span', { id: 'blocked-' + x.action, class: 'hint' }, [x.reason])]);
        })));
      }
      var open = primaryActions(c, actions);
      actions.forEach(function (a) {
        var form = actionForm(a, 'act-' + a);
        prepareActionForm(form, a, c, s);
        // Each action folds away; the next step of the procedure is open.
        var title = $('.action-title', form);
        var details = h('details', { class: 'action', open: open.indexOf(a) >= 0 }, [h('summary', {}, [title.firstChild.textContent, h('span', { class: 'cite' }, [' ' + (title.lastChild.textContent || '')])])]);
        title.parentNode.removeChild(title);
        details.appendChild(form);
        box.appendChild(details);
        handleForm(form, function (b) { return Auth.api('POST', '/api/v1/applications/' + encodeURIComponent(c.reference) + '/actions/' + a, b); }, function (res) {
          loadCase(c.reference, s).then(function () {
            say('已办理“' + ACTION_LABELS[a] + '”。案件状态：' + (res.statusLabel || STATUS[res.status] || res.status) + '。', 'ok');
            $('#view-title').focus();
          });
        });
      });
      root.appendChild(box);
    }

    if (c.view === 'department') return;
    // History and audit
    root.appendChild(section('办理记录', 'case-history', [h('ol', { class: 'timeline' }, (c.history || []).map(function (x) {
      return h('li', {}, [h('time', {}, [timeOf(x.at)]), h('strong', {}, [STATUS[x.status] || x.status]), x.action ? '（' + (ACTION_LABELS[x.action] || x.action) + '，' + (ROLE_LABELS[x.by] || x.by || '') + '）' : '', x.note ? h('br') : null, x.note || null]);
    }))]));
    var auditRows = (c.audit || []).map(function (e) { return [String(e.seq), ACTION_LABELS[e.action] || e.action, timeOf(e.at), (ROLE_LABELS[e.actor && e.actor.role] || (e.actor && e.actor.role) || '') + ' ' + ((e.actor && e.actor.sub) || ''), h('code', {}, [String(e.hash || '').slice(0, 12) + '…'])]; });
    var auditChildren = [table('审计链 case#' + c.reference + '（' + auditRows.length + '条）', ['序号', '操作', '时间', '操作人', '哈希'], auditRows)];
    if (s.role === 'auditor') {
      auditChildren.push(verifyButtons(c.reference));
    }
    root.appendChild(section('审计记录', 'case-audit', auditChildren));
  }

  function verifyButtons(ref) {
    var out = h('div', { class: 'verify-box' }, []);
    var result = h('div', { class: 'result', tabindex: '-1', hidden: true }, []);
    [['case#' + ref, '核验案件变更链'], ['pii-reads#' + ref, '核验个人信息查阅链']].forEach(function (x) {
      var b = h('button', { type: 'button', class: 'button secondary' }, [x[1]]);
      b.addEventListener('click', function () { verify(x[0], result); });
      out.appendChild(b);
    });
    out.appendChild(result);
    return out;
  }
  function verify(aggregate, result) {
    return Auth.api('GET', '/api/v1/audit/verify?aggregate=' + encodeURIComponent(aggregate)).then(function (r) {
      clear(result);
      result.hidden = false;
      if (r.status !== 200) { result.appendChild(problemBox(r.body)); }
      else {
        var v = r.body;
        result.className = 'result ' + (v.ok ? 'result-ok' : 'result-bad');
        result.appendChild(h('h3', {}, [v.ok ? '审计链完整' : '审计链已被破坏']));
        result.appendChild(dl([['审计对象', v.aggregate], ['记录条数', String(v.length)], v.ok ? null : ['断点', '第 ' + v.brokenAt + ' 条'], ['链头哈希', h('code', {}, [v.headHash || '—'])]]));
      }
      result.focus();
      return r;
    });
  }

  /** The action(s) that move the case on, opened on the page; the rest stay folded. */
  function primaryActions(c, actions) {
    if (actions.indexOf('approve') >= 0) return ['approve', 'reject'];
    var doubt = Boolean((c.check && c.check.doubt) || (c.visit && c.visit.doubt));
    var order = (c.type === 'linshi' && !c.needAssessment ? ['assessNeed'] : []).concat(['decideRecovery', 'accept', 'recordCheck', 'recordVisit', doubt && !(c.appraisal && c.appraisal.held) ? 'recordAppraisal' : 'propose', 'publicize', 'triageObjection', 'countyReview', 'signOneMatter', 'respond', 'consent']);
    for (var i = 0; i < order.length; i++) if (actions.indexOf(order[i]) >= 0) return [order[i]];
    return actions.slice(0, 1);
  }

  function prepareActionForm(form, action, c, s) {
    // Fields that apply to other types only (护理等级 for 特困, 发放方式 for 临时救助) are removed.
    var kind = c.type + '.' + (c.hardship && c.hardship.kind);
    $$('[data-types]', form).forEach(function (f) { var t = f.getAttribute('data-types').split(' '); if (t.indexOf(c.type) < 0 && t.indexOf(kind) < 0) f.parentNode.removeChild(f); });
    $$('fieldset.group', form).forEach(function (g) { if (!$('input, select, textarea', g) && !$('[data-members]', g)) g.parentNode.removeChild(g); });
    var today = todayShanghai();
    $$('input[type=date]', form).forEach(function (d) { if (!d.value) d.value = today; });
    if (action === 'consent') {
      var box = $('[data-members]', form);
      (c.household.members || []).forEach(function (m, i) {
        var id = 'act-consent-member-' + i;
        box.appendChild(h('div', { class: 'choice' }, [
          h('input', { type: 'checkbox', id: id, name: 'members.' + i + '.index', value: String(i), 'data-kind': 'index' }),
          h('label', { for: id }, [m.name + '（' + (RELATIONS[m.relation] || m.relation) + '）']),
        ]));
      });
    }
    if (action === 'respond') {
      var sel = $('select[name=referralId]', form);
      (c.referrals || []).filter(function (x) { return x.status === 'open' && (!s.scope.department || x.department === s.scope.department); }).forEach(function (x) {
        sel.appendChild(h('option', { value: x.id }, [x.department + '，期限 ' + x.dueDate]));
      });
    }
  }

  // ---------- start ----------
  // Form parts the on-demand modules share (staff-tasks.js, staff-stranded.js).
  function idemKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function formHint(id, text) { return h('span', { class: 'hint', id: id }, [text]); }
  /** A labelled field: label, hint, the control (which gets aria-describedby for the hint). */
  function labelled(name, id, label, control, hintText) {
    if (hintText) control.setAttribute('aria-describedby', id + '-hint');
    return h('div', { class: 'field', 'data-field': name }, [h('label', { for: id }, [label]), hintText ? formHint(id + '-hint', hintText) : null, control]);
  }
  function textInput(id, name, attrs) { return h('input', Object.assign({ type: 'text', id: id, name: name, autocomplete: 'off' }, attrs || {})); }
  function textArea(id, name, attrs) { return h('textarea', Object.assign({ id: id, name: name, rows: '3' }, attrs || {})); }

  window.BozhouStaff = {
    newKey: idemKey, hint: formHint, field: labelled, input: textInput, textarea: textArea,
    h: h, clear: clear, latest: latest, $: $, $$: $$, yuan: yuan, dateOf: dateOf, timeOf: timeOf, today: todayShanghai, link: link,
    register: register, go: go, say: say, session: session, serialize: serialize, showProblem: showProblem, clearErrors: clearErrors,
    handleForm: handleForm, actionForm: actionForm, problemBox: problemBox, table: table, dl: dl, verify: verify,
    loadAreas: loadAreas, townshipName: townshipName, countyName: countyName, countyOf: countyOf, STATUS: STATUS, ACTION_LABELS: ACTION_LABELS,
    flagBadges: flagBadges,
  };

  function start() {
    Auth.loadConfig().then(function (config) {
      setupSignin(config);
      return config.mode === 'oidc' ? Auth.completeOidc() : false;
    }).catch(function (e) { say(e.message, 'error'); return false; }).then(function (signed) {
      if (!signed && !Auth.session()) show('signin', {}, false);
    });
  }
  // staff-screens.js registers its views after this file (both deferred, in order); start after both.
  document.addEventListener('DOMContentLoaded', start);
})();
