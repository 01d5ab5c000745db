/*
 * The application journey (/apply/…): one question per page, answers kept in sessionStorage (never
 * localStorage) until submission, checked on each page with a GOV.UK error summary that takes focus,
 * submitted as JSON with one Idempotency-Key per journey, and the receipt shown on /apply/done/.
 * Field ids are the JSON dot paths of the Application (money in 元, without "Fen"), so the API's
 * `errors[].field` can be mapped back to the page and field that asked for it.
 */
(function () {
  'use strict';
  var KEY = 'bozhou.apply';
  var RECEIPT = 'bozhou.apply.receipt';
  var TYPES = {
    dibao: '最低生活保障（低保）', tekun: '特困人员救助供养', linshi: '临时救助', medical: '医疗救助', education: '教育救助',
    housing: '住房救助', employment: '就业救助', disability: '残疾人两项补贴', child: '困境儿童保障'
  };
  var MEANS_TESTED = { dibao: 1, tekun: 1, linshi: 1 };

  function load() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || 'null') || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage full or off: the page still works */ }
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function state() {
    var s = load();
    if (!s.key) { s.key = newKey(); save(s); }
    s.members = s.members || [];
    return s;
  }
  function params() { return new URLSearchParams(location.search); }
  function changing() { return params().get('change') === '1'; }
  function text(el, t) { el.textContent = t; return el; }
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') el.textContent = attrs[k];
      else if (attrs[k] !== undefined && attrs[k] !== null) el.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return el;
  }

  // ---------- checks (the API checks again; these only save a round trip) ----------
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  function idProblem(v) {
    var id = (v || '').replace(/\s+/g, '').toUpperCase();
    if (!id) return '请填写身份证号码';
    if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码应为18位，前17位是数字，最后一位是数字或 X';
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
    if ('10X98765432'[sum % 11] !== id[17]) return '身份证号码有误，请逐位核对';
    return '';
  }
  function phoneProblem(v) {
    var p = (v || '').replace(/\s+/g, '');
    if (!p) return '请填写联系电话';
    if (!/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(p)) return '请填写11位手机号码，或带区号的固定电话';
    return '';
  }
  function yuanProblem(v, what) {
    var t = (v || '').replace(/[\s,]/g, '').replace(/元$/, '');
    if (!t) return '请填写' + what + '，没有请填 0';
    if (!/^\d+(\.\d{1,2})?$/.test(t)) return what + '请只填数字，单位是元，例如 300 或 300.50';
    return '';
  }
  function countProblem(v, what) {
    var t = (v || '').replace(/\s+/g, '');
    if (!t) return '请填写' + what + '，没有请填 0';
    if (!/^\d{1,2}$/.test(t)) return what + '请填一个整数，例如 0 或 1';
    return '';
  }
  function fen(v) {
    var t = (v || '').replace(/[\s,]/g, '').replace(/元$/, '');
    var m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
    if (!m) return v;
    return Number(m[1]) * 100 + Number(((m[2] || '') + '00').slice(0, 2));
  }

  // ---------- errors on a page: the one implementation in forms.js ----------
  function showErrors(errors, where) { window.BozhouForms.show(errors, where); }

  // ---------- reading and filling a step's fields ----------
  function fieldValue(form, name) {
    var els = form.querySelectorAll('[name="' + name + '"]');
    if (!els.length) return undefined;
    var el = els[0];
    if (el.type === 'radio') {
      for (var i = 0; i < els.length; i++) if (els[i].checked) return els[i].value;
      return '';
    }
    if (el.type === 'checkbox') return el.checked ? el.value : '';
    return el.value;
  }
  function fill(form, name, value) {
    var els = form.querySelectorAll('[name="' + name + '"]');
    Array.prototype.forEach.call(els, function (el) {
      if (el.type === 'radio') el.checked = el.value === value;
      else if (el.type === 'checkbox') el.checked = !!value;
      else if (value !== undefined && value !== null) el.value = value;
    });
  }
  function getPath(obj, path) {
    return path.split('.').reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }
  function setPath(obj, path, value) {
    var parts = path.split('.');
    var o = obj;
    for (var i = 0; i < parts.length - 1; i++) o = o[parts[i]] = o[parts[i]] || {};
    o[parts[parts.length - 1]] = value;
  }
  function names(form) {
    var seen = {};
    var out = [];
    Array.prototype.forEach.call(form.querySelectorAll('[name]'), function (el) {
      if (!seen[el.name]) { seen[el.name] = 1; out.push(el.name); }
    });
    return out;
  }

  // ---------- the steps ----------
  function required(form, name, message, errors) {
    var v = (fieldValue(form, name) || '').trim();
    if (!v) errors.push({ id: name, message: message });
    return v;
  }
  // Where people may apply (四): the rule the API runs (shared/cases/application-checks.ts, served as
  // /apply-rules.js), asked on the page where the answer is chosen, with what the person can do instead.
  function gate(type, hukou, kind, field, errors) {
    var rules = window.BozhouRules;
    var refused = rules && rules.hukouGate(type, hukou, kind);
    if (!refused) return;
    errors.push({ id: field, message: refused.message });
    if (type !== 'linshi') errors.push({ href: '/apply/type/?change=1', message: '您可以改为申请临时救助（急难型），在急难发生地申请' });
    errors.push({ href: '/areas/', message: '或者到户籍地、居住证所在地的乡镇（街道）社会救助窗口申请' });
  }
  var STEPS = {
    type: function (form, s, errors) {
      var type = required(form, 'type', '请选择要申请哪种救助', errors);
      if (type) gate(type, s.area && s.area.hukou, type === 'linshi' && s.hardship ? s.hardship.kind : undefined, 'type', errors);
    },
    where: function (form, s, errors) {
      var county = required(form, 'area.county', '请选择县区', errors);
      var township = required(form, 'area.township', '请选择乡镇（街道）', errors);
      if (county && township && township.indexOf(county) !== 0) errors.push({ id: 'area.township', message: '这个乡镇（街道）不属于所选县区，请重新选择' });
      required(form, 'area.residence', '请选择您住在城市还是农村', errors);
      var hukou = required(form, 'area.hukou', '请选择您的户口在不在这里', errors);
      if (hukou) gate(s.type, hukou, s.hardship && s.hardship.kind, 'area.hukou', errors);
    },
    'about-you': function (form, s, errors) {
      required(form, 'applicant.name', '请填写您的姓名', errors);
      var id = idProblem(fieldValue(form, 'applicant.idNumber'));
      if (id) errors.push({ id: 'applicant.idNumber', message: id });
      var p = phoneProblem(fieldValue(form, 'applicant.phone'));
      if (p) errors.push({ id: 'applicant.phone', message: p });
    },
    member: function (form, s, errors) {
      if (memberIndex(s) > 0) {
        required(form, 'member.name', '请填写这位家庭成员的姓名', errors);
        var id = idProblem(fieldValue(form, 'member.idNumber'));
        if (id) errors.push({ id: 'member.idNumber', message: id });
        required(form, 'member.relation', '请选择这位家庭成员和您的关系', errors);
      }
      var y = yuanProblem(fieldValue(form, 'member.monthlyIncome'), '每月收入');
      if (y) errors.push({ id: 'member.monthlyIncome', message: y });
      if (fieldValue(form, 'member.disability.category') && !fieldValue(form, 'member.disability.grade')) {
        errors.push({ id: 'member.disability.grade', message: '请选择残疾等级（1至4级）' });
      }
    },
    members: function () {},
    money: function (form, s, errors) {
      var y = yuanProblem(fieldValue(form, 'household.assets.financial'), '存款等金融资产');
      if (y) errors.push({ id: 'household.assets.financial', message: y });
      var v = countProblem(fieldValue(form, 'household.assets.vehicles'), '机动车数量');
      if (v) errors.push({ id: 'household.assets.vehicles', message: v });
      var p = countProblem(fieldValue(form, 'household.assets.properties'), '住房套数');
      if (p) errors.push({ id: 'household.assets.properties', message: p });
    },
    hardship: function (form, s, errors) {
      var kind = required(form, 'hardship.kind', '请选择困难类型：急难型或支出型', errors);
      if (kind) gate(s.type, s.area && s.area.hukou, kind, 'hardship.kind', errors);
      required(form, 'hardship.description', '请简单说说发生了什么', errors);
      var y = yuanProblem(fieldValue(form, 'hardship.amount'), '困难金额');
      if (y) errors.push({ id: 'hardship.amount', message: y });
    },
    // 代办 (shared/cases/agent.ts): who applies for whom, and the applicant's (or guardian's) consent.
    who: function (form, s, errors) {
      if (required(form, 'agentFor', '请选择是为自己申请，还是替别人申请', errors) !== 'other') return;
      required(form, 'agent.name', '请填写您（代办人）的姓名', errors);
      var p = phoneProblem(fieldValue(form, 'agent.phone'));
      if (p) errors.push({ id: 'agent.phone', message: p });
      required(form, 'agent.relation', '请选择您是申请人的什么人', errors);
      var by = required(form, 'agent.consent.by', '请选择是申请人本人还是监护人同意由您代办', errors);
      if (by === 'guardian') required(form, 'agent.consent.guardianName', '请填写监护人的姓名', errors);
      if (!fieldValue(form, 'agent.consent.confirmed')) errors.push({ id: 'agent.consent.confirmed', message: '需要申请人本人（或监护人）同意由您代为申请' });
    },
    consent: function (form, s, errors) {
      var needed = MEANS_TESTED[s.type] && !(s.type === 'linshi' && s.hardship && s.hardship.kind === 'emergency');
      if (needed && !fieldValue(form, 'consent.economicCheck')) {
        errors.push({ id: 'consent.economicCheck', message: '申请' + (TYPES[s.type] || '这项救助') + '，需要勾选同意核对家庭经济状况' });
      }
    }
  };

  function memberIndex(s) {
    var n = params().get('n');
    if (n === 'new' || n === null) return Math.max(s.members.length, 1);
    var i = parseInt(n, 10);
    if (!(i >= 0)) return Math.max(s.members.length, 1);
    return Math.min(i, Math.max(s.members.length, 1));
  }

  function nextAfter(step, s) {
    if (changing() && step !== 'member' && step !== 'type') return '/apply/check/';
    if (step === 'where') return '/apply/who/';
    if (step === 'money') return s.type === 'linshi' ? '/apply/hardship/' : '/apply/consent/';
    if (step === 'about-you') return s.members.length && s.members[0].monthlyIncome !== undefined ? '/apply/members/' : '/apply/member/?n=0';
    if (step === 'member') return '/apply/members/' + (changing() ? '?change=1' : '');
    if (step === 'members' && changing()) return '/apply/check/';
    if (step === 'type' && changing()) return s.type === 'linshi' && !s.hardship ? '/apply/hardship/?change=1' : '/apply/check/';
    return null;
  }
  function backFor(step, s) {
    if (step === 'consent') return s.type === 'linshi' ? '/apply/hardship/' : '/apply/money/';
    if (step === 'check') return '/apply/consent/';
    if (changing()) return '/apply/check/';
    return null;
  }

  // Server errors kept across pages: shown inline when the page that asks for the field opens.
  function pendingErrorsFor(step, s) {
    var list = (s.errors || []).filter(function (e) { return e.step === step && (step !== 'member' || e.member === memberIndex(s)); });
    return list.map(function (e) { return { id: e.id, message: e.message }; });
  }

  function initStep(form) {
    var step = form.getAttribute('data-step');
    var s = state();
    var back = document.querySelector('[data-back]');
    var b = backFor(step, s);
    if (back && b) back.setAttribute('href', b);

    if (step === 'member') initMember(form, s);
    else if (step === 'members') initMembers(form, s);
    else if (step === 'check') return initCheck(form, s);
    else names(form).forEach(function (n) { fill(form, n, n === 'consent.economicCheck' ? (s.consent ? 'on' : '') : getPath(s, n)); });

    if (step === 'where') filterTownships(form);

    var pending = pendingErrorsFor(step, s);
    if (pending.length) showErrors(pending);

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var s2 = state();
      var errors = [];
      STEPS[step](form, s2, errors);
      function keep() {
        names(form).forEach(function (n) {
          if (n === 'consent.economicCheck') s2.consent = !!fieldValue(form, n);
          else setPath(s2, n, (fieldValue(form, n) || '').trim());
        });
      }
      // Refused answers are kept too, so following a link to change another answer loses nothing.
      if (errors.length) { if (step !== 'member' && step !== 'members') { keep(); save(s2); } showErrors(errors); return; }
      if (step === 'member') saveMember(form, s2);
      else if (step !== 'members') keep();
      if (step === 'about-you' && s2.members[0]) { s2.members[0].name = s2.applicant.name; s2.members[0].idNumber = s2.applicant.idNumber; }
      if (step === 'type' && s2.type !== 'linshi') delete s2.hardship;
      s2.errors = (s2.errors || []).filter(function (e) { return e.step !== step || (step === 'member' && e.member !== memberIndex(s2)); });
      save(s2);
      location.href = nextAfter(step, s2) || form.getAttribute('data-next');
    });
  }

  function filterTownships(form) {
    var county = form.querySelector('[name="area.county"]');
    var township = form.querySelector('[name="area.township"]');
    if (!county || !township) return;
    function sync() {
      Array.prototype.forEach.call(township.querySelectorAll('optgroup'), function (g) {
        var show = !county.value || g.getAttribute('data-county') === county.value;
        g.hidden = !show;
        g.disabled = !show;
      });
      if (township.value && county.value && township.value.indexOf(county.value) !== 0) township.value = '';
    }
    county.addEventListener('change', sync);
    sync();
  }

  var MEMBER_FIELDS = ['name', 'idNumber', 'relation', 'monthlyIncome', 'disability.category', 'disability.grade', 'illness', 'inSchool', 'employed'];
  function initMember(form, s) {
    var i = memberIndex(s);
    var m = s.members[i] || {};
    var title = document.querySelector('[data-member-title]');
    var intro = document.querySelector('[data-member-intro]');
    var other = document.querySelector('[data-other-member]');
    if (i === 0) {
      text(title, '您本人的情况');
      document.title = '您本人的情况' + document.title.slice(document.title.indexOf(' - '));
      text(intro, '请告诉我们您本人的收入和身体情况。');
      other.hidden = true;
      var back = document.querySelector('[data-back]');
      if (back && !changing()) back.setAttribute('href', '/apply/about-you/');
    } else {
      text(title, m.name ? '家庭成员：' + m.name : '添加一位家庭成员');
      text(intro, '请填写一位和您一起生活的家庭成员。填完一位，可以再添加下一位。');
    }
    MEMBER_FIELDS.forEach(function (f) { fill(form, 'member.' + f, f === 'illness' || f === 'inSchool' || f === 'employed' ? (m[f] ? 'on' : '') : m[f]); });
  }
  function saveMember(form, s) {
    var i = memberIndex(s);
    var m = {};
    MEMBER_FIELDS.forEach(function (f) { m[f] = (fieldValue(form, 'member.' + f) || '').trim(); });
    if (i === 0) { m.name = s.applicant && s.applicant.name; m.idNumber = s.applicant && s.applicant.idNumber; m.relation = 'self'; }
    s.members[i] = m;
  }

  var RELATION_LABELS = { self: '本人', spouse: '配偶', child: '子女', parent: '父母', grandparent: '祖父母、外祖父母', grandchild: '孙子女、外孙子女', sibling: '兄弟姐妹', other: '其他' };
  function initMembers(form, s) {
    var list = document.querySelector('[data-member-list]');
    var status = document.querySelector('[data-members-status]');
    var add = document.querySelector('[data-add-member]');
    function render() {
      list.textContent = '';
      s.members.forEach(function (m, i) {
        var change = h('a', { href: '/apply/member/?n=' + i + (changing() ? '&change=1' : ''), class: 'button link-like' }, ['修改', h('span', { class: 'sr-only', text: '：' + (m.name || '') })]);
        var actions = h('div', { class: 'actions' }, [change]);
        if (i > 0) {
          var remove = h('button', { type: 'button', class: 'button link-like' }, ['删除', h('span', { class: 'sr-only', text: '：' + (m.name || '') })]);
          remove.addEventListener('click', function () {
            var s2 = state();
            var gone = s2.members.splice(i, 1)[0];
            s2.errors = [];
            save(s2);
            s.members = s2.members;
            render();
            text(status, '已删除 ' + (gone && gone.name ? gone.name : '这位家庭成员') + '。');
            (add || list).focus();
          });
          actions.appendChild(remove);
        }
        list.appendChild(h('li', {}, [
          h('p', {}, [h('strong', { text: (m.name || '（未填姓名）') }), '（' + (RELATION_LABELS[m.relation] || '') + '）']),
          h('p', { text: '每月收入：' + (m.monthlyIncome || '0') + ' 元' }),
          actions
        ]));
      });
      if (add) add.setAttribute('href', '/apply/member/?n=' + Math.max(s.members.length, 1) + (changing() ? '&change=1' : ''));
    }
    render();
  }

  // ---------- check your answers and submit ----------
  var STEP_OF = { type: 'type', area: 'where', agent: 'who', applicant: 'about-you', hardship: 'hardship', consent: 'consent' };
  function row(label, value, href, what) {
    return h('div', { class: 'summary-row' }, [
      h('dt', { text: label }),
      h('dd', { text: value || '（未填写）' }),
      h('dd', { class: 'change' }, [h('a', { href: href }, ['修改', h('span', { class: 'sr-only', text: '：' + what })])])
    ]);
  }
  function optionLabel(path, value, page) {
    var labels = {
      'area.residence': { urban: '城市（城镇）', rural: '农村' },
      'area.hukou': { local: '户口在这里', residencePermit: '有这里的居住证', elsewhere: '户口不在这里，也没有居住证' },
      'hardship.kind': { emergency: '急难型', expenditure: '支出型' }
    };
    return (labels[path] && labels[path][value]) || value;
  }
  function initCheck(form, s) {
    var sum = document.querySelector('[data-summary]');
    if (!s.type || !s.applicant || !s.members.length) {
      sum.appendChild(h('p', {}, ['您还没有填完申请。', h('a', { href: '/apply/type/', text: '从头开始填写' })]));
      form.hidden = true;
      return;
    }
    var c = '?change=1';
    var dl = h('dl', { class: 'summary' }, [
      row('申请事项', TYPES[s.type] || s.type, '/apply/type/' + c, '申请事项'),
      row('居住地', [countyName(s.area && s.area.county), townshipName(s.area && s.area.township), optionLabel('area.residence', s.area && s.area.residence)].filter(Boolean).join(' '), '/apply/where/' + c, '居住地'),
      row('户籍', optionLabel('area.hukou', s.area && s.area.hukou), '/apply/where/' + c, '户籍'),
      row('姓名', s.applicant.name, '/apply/about-you/' + c, '姓名'),
      row('身份证号码', s.applicant.idNumber, '/apply/about-you/' + c, '身份证号码'),
      row('联系电话', s.applicant.phone, '/apply/about-you/' + c, '联系电话')
    ]);
    if (s.agentFor === 'other' && s.agent) {
      sum.appendChild(h('h2', { text: '代办人' }));
      sum.appendChild(h('dl', { class: 'summary' }, [
        row('代办人', s.agent.name + '（' + s.agent.phone + '）', '/apply/who/' + c, '代办人'),
        row('同意代办', s.agent.consent && s.agent.consent.by === 'guardian' ? '监护人 ' + s.agent.consent.guardianName : '申请人本人', '/apply/who/' + c, '同意代办')
      ]));
    }
    sum.appendChild(h('h2', { text: '申请人' }));
    sum.appendChild(dl);
    sum.appendChild(h('h2', { text: '家庭成员（' + s.members.length + '人）' }));
    var dm = h('dl', { class: 'summary' });
    s.members.forEach(function (m, i) {
      var bits = [RELATION_LABELS[m.relation] || '', '每月收入 ' + (m.monthlyIncome || '0') + ' 元'];
      if (m['disability.category']) bits.push('有残疾（' + m['disability.grade'] + '级）');
      if (m.illness) bits.push('患有重病');
      if (m.inSchool) bits.push('正在上学');
      if (m.employed) bits.push('正在工作');
      dm.appendChild(row(m.name || '', bits.join('，'), '/apply/member/?n=' + i + '&change=1', m.name || '家庭成员'));
    });
    sum.appendChild(dm);
    var a = (s.household && s.household.assets) || {};
    sum.appendChild(h('h2', { text: '家里的财产' }));
    sum.appendChild(h('dl', { class: 'summary' }, [
      row('存款等金融资产', (a.financial || '0') + ' 元', '/apply/money/' + c, '存款等金融资产'),
      row('机动车', (a.vehicles || '0') + ' 辆', '/apply/money/' + c, '机动车'),
      row('住房', (a.properties || '0') + ' 套', '/apply/money/' + c, '住房')
    ]));
    if (s.type === 'linshi' && s.hardship) {
      sum.appendChild(h('h2', { text: '遇到的困难' }));
      sum.appendChild(h('dl', { class: 'summary' }, [
        row('困难类型', optionLabel('hardship.kind', s.hardship.kind), '/apply/hardship/' + c, '困难类型'),
        row('发生了什么', s.hardship.description, '/apply/hardship/' + c, '发生了什么'),
        row('需要的钱', (s.hardship.amount || '0') + ' 元', '/apply/hardship/' + c, '需要的钱')
      ]));
    }
    sum.appendChild(h('dl', { class: 'summary' }, [row('同意核对家庭经济状况', s.consent ? '同意' : '没有勾选', '/apply/consent/' + c, '同意核对')]));
    if (s.errors && s.errors.length) showServerErrors(s.errors);

    var status = document.querySelector('[data-submit-status]');
    var button = form.querySelector('button[type=submit]');
    var busy = false;
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (busy) return;
      busy = true;
      button.disabled = true;
      text(status, '正在提交，请稍候……');
      var s2 = state();
      fetch('/api/v1/applications', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': s2.key },
        body: JSON.stringify(toApplication(s2)),
        credentials: 'same-origin'
      }).then(function (res) {
        return res.text().then(function (t) {
          var body = null;
          try { body = JSON.parse(t); } catch (e) { /* not JSON */ }
          return { status: res.status, body: body };
        });
      }).then(function (r) {
        if (r.status === 201 || r.status === 200) {
          try {
            sessionStorage.setItem(RECEIPT, JSON.stringify({ reference: r.body.reference, status: r.body.status, type: s2.type, kind: s2.hardship && s2.hardship.kind, at: new Date().toISOString() }));
          } catch (e) { /* ignore */ }
          sessionStorage.removeItem(KEY);
          location.href = '/apply/done/';
          return;
        }
        busy = false;
        button.disabled = false;
        text(status, '');
        var errs = (r.body && r.body.errors) || [];
        if (errs.length) {
          var mapped = errs.map(function (e) { return mapServerError(e, s2); });
          s2.errors = mapped;
          save(s2);
          showServerErrors(mapped);
        } else {
          var msg = (r.body && r.body.detail) || '提交没有成功，请稍后再试。';
          showErrors([{ id: 'submit', message: msg, href: r.body && r.body.existingReference ? '/track/' : '#main' }], document.querySelector('[data-errors]'));
        }
      }).catch(function () {
        busy = false;
        button.disabled = false;
        text(status, '');
        showErrors([{ id: 'submit', message: '网络连接有问题，申请没有提交。您填的内容还在，请稍后再点“提交申请”。', href: '#main' }], document.querySelector('[data-errors]'));
      });
    });
  }
  function showServerErrors(mapped) {
    showErrors(mapped.map(function (e) {
      var q = e.step === 'member' ? '?n=' + e.member + '&change=1' : '?change=1';
      return { id: e.id, message: e.message, href: '/apply/' + e.step + '/' + q + '#' + e.id };
    }), document.querySelector('[data-errors]'));
  }

  /** An API error's JSON path → the step and field that asked for it. */
  function mapServerError(e, s) {
    var path = String(e.field || '').replace(/Fen$/, '');
    var msg = e.message || '请检查这一项';
    if (/Fen$/.test(String(e.field)) && /invalid_type|invalid_value/.test(e.code)) msg = '请填写金额，单位是元，例如 300';
    var m = /^household\.members\.(\d+)(?:\.(.+))?$/.exec(path);
    if (m) {
      var n = Number(m[1]);
      var rest = m[2] || (n === 0 ? 'monthlyIncome' : 'name');
      if (n === 0 && (rest === 'name' || rest === 'idNumber')) return { step: 'about-you', id: 'applicant.' + rest, message: msg };
      if (rest === 'disability') rest = 'disability.category';
      return { step: 'member', member: n, id: 'member.' + rest, message: msg };
    }
    if (/^household(\.members)?$/.test(path)) return { step: 'member', member: 0, id: 'member.monthlyIncome', message: msg };
    if (/^household\.assets/.test(path)) return { step: 'money', id: path === 'household.assets' ? 'household.assets.financial' : path, message: msg };
    var top = path.split('.')[0];
    var step = STEP_OF[top] || 'type';
    var id = path;
    if (path === 'area') id = 'area.county';
    if (path === 'hardship') id = 'hardship.kind';
    if (path === 'consent') id = 'consent.economicCheck';
    if (path === 'applicant') id = 'applicant.name';
    if (step === 'type') id = 'type';
    return { step: step, id: id, message: msg };
  }

  function idOf(v) { return String(v || '').replace(/\s+/g, '').toUpperCase(); }
  /** The answers (strings as typed) → the Application JSON (docs/architecture.md § Wire shapes), money in fen. */
  function toApplication(s) {
    var a = (s.household && s.household.assets) || {};
    var body = {
      type: s.type,
      applicant: { name: s.applicant.name, idNumber: idOf(s.applicant.idNumber), phone: s.applicant.phone },
      area: s.area,
      household: {
        members: s.members.map(function (m, i) {
          var out = {
            name: i === 0 ? s.applicant.name : m.name,
            idNumber: idOf(i === 0 ? s.applicant.idNumber : m.idNumber),
            relation: i === 0 ? 'self' : m.relation,
            monthlyIncomeFen: fen(m.monthlyIncome || '0')
          };
          if (m['disability.category']) out.disability = { category: m['disability.category'], grade: Number(m['disability.grade']) };
          if (m.illness) out.illness = 'serious';
          if (m.inSchool) out.inSchool = true;
          if (m.employed) out.employed = true;
          return out;
        }),
        assets: { financialFen: fen(a.financial || '0'), vehicles: Number(a.vehicles || 0), properties: Number(a.properties || 0) }
      }
    };
    if (s.type === 'linshi' && s.hardship) body.hardship = { kind: s.hardship.kind, description: s.hardship.description, amountFen: fen(s.hardship.amount || '0') };
    if (s.consent) body.consent = { economicCheck: true };
    if (s.agentFor === 'other' && s.agent) {
      var ac = s.agent.consent || {};
      body.agent = { name: s.agent.name, phone: s.agent.phone, relation: s.agent.relation, consent: { by: ac.by, confirmed: !!ac.confirmed } };
      if (ac.by === 'guardian') body.agent.consent.guardianName = ac.guardianName;
    }
    return body;
  }

  var COUNTIES = { '341602': '谯城区', '341621': '涡阳县', '341622': '蒙城县', '341623': '利辛县' };
  function countyName(code) { return COUNTIES[code] || code; }
  function townshipName(code) {
    // The where-page's option labels are not on this page; the summary shows the code's name if known.
    return (s_townships && s_townships[code]) || '';
  }
  var s_townships = null;

  // ---------- the confirmation ----------
  function initDone() {
    var r = null;
    try { r = JSON.parse(sessionStorage.getItem(RECEIPT) || 'null'); } catch (e) { r = null; }
    var box = document.querySelector('[data-receipt]');
    if (!r || !r.reference) {
      box.hidden = true;
      document.querySelector('[data-no-receipt]').hidden = false;
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-reference]'), function (el) { text(el, r.reference); });
    text(document.querySelector('[data-type]'), TYPES[r.type] || r.type || '');
    var at = new Date(r.at);
    var pad = function (n) { return ('0' + n).slice(-2); };
    text(document.querySelector('[data-at]'), at.getFullYear() + '年' + (at.getMonth() + 1) + '月' + at.getDate() + '日 ' + pad(at.getHours()) + ':' + pad(at.getMinutes()));
    // 急难型临时救助 (十三): 先行救助 and the short path, not the 低保 timeline — the plain form's receipt text.
    var urgent = r.type === 'linshi' && r.kind === 'emergency';
    document.querySelector('[data-next="regular"]').hidden = urgent;
    document.querySelector('[data-next="urgent"]').hidden = !urgent;
    var print = document.querySelector('[data-print]');
    if (print) print.addEventListener('click', function () { window.print(); });
  }

  function init() {
    try {
      var tw = sessionStorage.getItem('bozhou.townships');
      s_townships = tw ? JSON.parse(tw) : null;
    } catch (e) { s_townships = null; }
    var township = document.querySelector('select[name="area.township"]');
    if (township) {
      var map = {};
      Array.prototype.forEach.call(township.options, function (o) { if (o.value) map[o.value] = o.textContent; });
      try { sessionStorage.setItem('bozhou.townships', JSON.stringify(map)); } catch (e) { /* ignore */ }
      s_townships = map;
    }
    var start = document.querySelector('[data-start]');
    if (start) start.addEventListener('click', function () { sessionStorage.removeItem(KEY); });
    if (document.querySelector('[data-receipt]')) return initDone();
    var form = document.querySelector('form[data-step]');
    if (form) initStep(form);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
