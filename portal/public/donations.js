/*
 * 慈善捐赠信息公开 (措施十六): reads GET /api/v1/donations/disclosures (verified and revoked charities
 * with their totals), and per charity, when its details are opened, the disclosure (purposes, campaigns
 * with their 慈善中国 links, donations, uses, volunteering) and GET /api/v1/charities/{id}/credit. Names,
 * masking and hiding are done by the API; this file only shows what it answers. The donor look-up posts
 * { receiptNumber, idNumber } to POST /api/v1/donations/lookup, errors through forms.js.
 */
(function () {
  'use strict';
  var T = window.BozhouTables;
  var F = window.BozhouForms;
  var el = T.el;
  var CSZG = 'https://cszg.mca.gov.cn/';
  var USE_STATUS = { recorded: '已登记', pending: '待乡镇（街道）确认', confirmed: '乡镇（街道）已确认' };
  var FLAG_STATUS = { open: '待核查', confirmed: '经核查属实', dismissed: '已核查，不成立' };

  function yuan(fen) { return F.yuan(Number(fen) || 0); }
  function day(d) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d || '');
    return m ? Number(m[1]) + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : (d || '');
  }
  function get(url) {
    return fetch(url, { headers: { accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    });
  }
  function dl(rows) {
    var list = el('dl', 'receipt-list');
    rows.forEach(function (r) {
      if (!r) return;
      var div = el('div', 'receipt-row');
      div.appendChild(el('dt', '', r[0]));
      var dd = el('dd');
      if (typeof r[1] === 'string') dd.textContent = r[1]; else dd.appendChild(r[1]);
      div.appendChild(dd);
      list.appendChild(div);
    });
    return list;
  }
  function moreButton(text, onClick) {
    var b = el('button', 'button secondary', text);
    b.type = 'button';
    b.addEventListener('click', function () { b.disabled = true; onClick(b); });
    return b;
  }
  function useRecipient(u) {
    return u.recipient + (u.township ? '（' + u.township + '）' : '') + (u.county ? '（' + u.county + '）' : '');
  }
  function usesTable(caption, uses) {
    return T.table(caption, ['日期', '去向', '受助方', '金额', '用途', '状态'], uses.map(function (u) {
      return [day(u.date), u.kindLabel, useRecipient(u), yuan(u.amountFen) + (u.form === 'goods' ? '（物资估值）' : ''), u.purpose, USE_STATUS[u.status] || u.status];
    }));
  }
  function donationRows(items) {
    return items.map(function (d) {
      return [day(d.date), d.donor, yuan(d.amountFen) + (d.goods ? '（' + d.goods.description + ' ' + d.goods.quantity + d.goods.unit + '，估值）' : ''), d.purpose + (d.restricted ? '（定向）' : ''), d.campaignId || '—'];
    });
  }

  // ---------- one charity ----------
  function renderCharity(c, list, open) {
    var sec = el('section', 'card');
    sec.id = 'charity-' + c.charityId;
    sec.setAttribute('aria-labelledby', sec.id + '-name');
    var h = el('h3', '', c.name);
    h.id = sec.id + '-name';
    sec.appendChild(h);
    var t = c.totals || { money: {}, goodsValuation: {} };
    sec.appendChild(dl([
      ['状态', c.statusLabel + (c.revocation ? '（' + day(c.revocation.date) + ' 撤销，理由：' + c.revocation.reason + '）' : '')],
      ['统一社会信用代码', c.creditCode],
      ['登记证书', c.certificateNumber],
      ['公开募捐资格', c.publicFundraising ? '有' : '无（不能开展公开募捐）'],
      ['收到资金', yuan(t.money.receivedFen) + '，已使用 ' + yuan(t.money.usedFen)],
      ['收到物资（按估值）', yuan(t.goodsValuation.receivedFen) + '，已使用 ' + yuan(t.goodsValuation.usedFen)],
      ['核查线索', (c.openFlags || 0) + ' 条待核查' + (c.confirmedFlags ? '，' + c.confirmedFlags + ' 条经核查属实' : '')],
    ]));
    var details = el('details', 'disclosure-details');
    details.appendChild(el('summary', '', '查看' + c.name + '的收支、募捐活动、捐赠明细和信用记录'));
    var body = el('div');
    body.appendChild(el('p', 'loading', '正在读取……'));
    details.appendChild(body);
    var loaded = false;
    details.addEventListener('toggle', function () {
      if (!details.open || loaded) return;
      loaded = true;
      loadDetail(c, body);
    });
    sec.appendChild(details);
    list.appendChild(sec);
    if (open) details.open = true;
  }

  function loadDetail(c, body) {
    var id = encodeURIComponent(c.charityId);
    Promise.all([get('/api/v1/donations/disclosures?charity=' + id), get('/api/v1/charities/' + id + '/credit')]).then(function (r) {
      var d = r[0];
      var credit = r[1];
      body.textContent = '';
      body.appendChild(el('h4', '', '按用途的收支'));
      var purposes = (d.totals && d.totals.byPurpose) || [];
      if (purposes.length) {
        body.appendChild(T.table(c.name + '：按用途的收入、支出和余额', ['用途', '形式', '收到', '已使用', '余额'], purposes.map(function (p) {
          return [p.purpose, p.formLabel, yuan(p.receivedFen), yuan(p.usedFen), yuan(p.balanceFen)];
        })));
      } else body.appendChild(el('p', '', '还没有收到捐赠。'));

      body.appendChild(el('h4', '', '募捐活动'));
      var camps = d.campaigns || [];
      if (!camps.length) body.appendChild(el('p', '', '没有备案的公开募捐活动。'));
      else {
        var ul = el('ul', 'plain-list');
        camps.forEach(function (k) {
          var li = el('li');
          li.appendChild(el('strong', '', k.title + (k.emergencyAppeal ? '（紧急募捐）' : '')));
          li.appendChild(dl([
            ['备案编号', k.filingNumber], ['募捐期限', day(k.startDate) + '至' + day(k.endDate)], ['用途', k.purpose],
            ['目标', yuan(k.targetFen)], ['已收到', yuan(k.receivedFen) + '（' + k.donationCount + ' 笔）'], ['募捐账户', k.account],
          ]));
          if (typeof k.cszgUrl === 'string' && k.cszgUrl.indexOf(CSZG) === 0) {
            var a = el('a', '', '在慈善中国查看“' + k.title + '”的备案');
            a.href = k.cszgUrl;
            a.rel = 'noopener';
            li.appendChild(el('p')).appendChild(a);
          }
          ul.appendChild(li);
        });
        body.appendChild(ul);
      }

      body.appendChild(el('h4', '', '收到的捐赠'));
      var donations = d.donations || { items: [] };
      if (!donations.items.length) body.appendChild(el('p', '', '还没有登记的捐赠。'));
      else {
        var heads = ['日期', '捐赠人', '金额', '用途', '募捐活动编号'];
        var wrap = T.table(c.name + '收到的捐赠（最新在前；捐赠人同意才显示姓名）', heads, donationRows(donations.items));
        body.appendChild(wrap);
        var next = donations.cursor;
        if (next) {
          var more = moreButton('显示更多捐赠', function (b) {
            get('/api/v1/donations/disclosures?charity=' + id + '&donationsCursor=' + encodeURIComponent(next)).then(function (m) {
              var tbody = wrap.querySelector('tbody');
              donationRows(m.donations.items).forEach(function (row) {
                var tr = el('tr');
                row.forEach(function (cell) { tr.appendChild(el('td', '', String(cell))); });
                tbody.appendChild(tr);
              });
              next = m.donations.cursor;
              b.disabled = false;
              if (!next) b.parentNode.removeChild(b);
            }, function () { b.disabled = false; });
          });
          body.appendChild(more);
        }
      }

      body.appendChild(el('h4', '', '捐赠的使用'));
      var uses = (d.uses && d.uses.items) || [];
      if (uses.length) body.appendChild(usesTable(c.name + '的捐赠使用情况（用于救助对象的，不公开受助人）', uses));
      else body.appendChild(el('p', '', '还没有登记的使用情况。'));

      body.appendChild(el('h4', '', '志愿服务'));
      var vol = d.volunteering || [];
      if (vol.length) {
        body.appendChild(T.table(c.name + '的志愿服务（按类型合计）', ['服务类型', '活动次数', '志愿者人次', '服务时长（小时）'], vol.map(function (v) { return [v.type, v.activities, v.volunteers, v.hours]; })));
      } else body.appendChild(el('p', '', '还没有登记的志愿服务。'));

      body.appendChild(el('h4', '', '信用记录'));
      body.appendChild(el('p', '', credit.standingLabel + '。'));
      var flags = credit.flags || [];
      if (flags.length) {
        body.appendChild(T.table(c.name + '的核查线索和核查结论', ['发现日期', '事项', '说明', '核查结论'], flags.map(function (f) {
          return [day(f.raisedAt), f.label, f.detail, (FLAG_STATUS[f.status] || f.status) + (f.resolution ? '：' + f.resolution.note : '')];
        })));
      }
    }).catch(function () {
      body.textContent = '';
      body.appendChild(el('p', 'callout', '现在读取不到这个慈善组织的公开信息，请稍后再看。'));
    });
  }

  // ---------- the list ----------
  function loadList(box, cursor, wanted) {
    return get('/api/v1/donations/disclosures' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : '')).then(function (data) {
      var list = box.querySelector('[data-list]');
      (data.charities || []).forEach(function (c) { renderCharity(c, list, c.charityId === wanted); addVolunteering(box, c.volunteering || []); });
      var old = box.querySelector('[data-more]');
      if (old) old.parentNode.removeChild(old);
      if (data.cursor) {
        var more = moreButton('显示更多慈善组织', function () { loadList(box, data.cursor, wanted); });
        more.setAttribute('data-more', '');
        box.appendChild(more);
      }
      if (!list.children.length && !data.cursor) list.appendChild(el('p', 'callout', '暂无经核实的慈善组织公开捐赠信息。'));
    });
  }

  /** Volunteer service by type, summed over the charities listed so far. */
  var volunteerTotals = {};
  function addVolunteering(box, rows) {
    rows.forEach(function (v) {
      var t = volunteerTotals[v.type] || (volunteerTotals[v.type] = { activities: 0, volunteers: 0, hours: 0 });
      t.activities += v.activities; t.volunteers += v.volunteers; t.hours += v.hours;
    });
    var slot = box.querySelector('[data-volunteering]');
    var types = Object.keys(volunteerTotals);
    slot.textContent = '';
    if (!types.length) return;
    slot.appendChild(el('h3', '', '志愿服务合计'));
    slot.appendChild(T.table('志愿服务按类型合计（下列慈善组织）', ['服务类型', '活动次数', '志愿者人次', '服务时长（小时）'], types.map(function (k) {
      var t = volunteerTotals[k];
      return [k, t.activities, t.volunteers, t.hours];
    })));
  }

  function initList() {
    var box = document.getElementById('donations');
    if (!box) return;
    box.textContent = '';
    box.appendChild(el('div')).setAttribute('data-volunteering', '');
    box.appendChild(el('div')).setAttribute('data-list', '');
    var wanted = new URLSearchParams(location.search).get('charity');
    loadList(box, null, wanted).catch(function () {
      box.textContent = '';
      box.appendChild(el('p', 'callout', '现在读取不到捐赠信息，请稍后再看，或在“慈善中国”查询。'));
    });
  }

  // ---------- donor look-up ----------
  function initLookup() {
    var form = document.getElementById('donation-lookup');
    var result = document.getElementById('donation-lookup-result');
    if (!form || !F) return;
    var busy = false;
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (busy) return;
      var receiptNumber = form.querySelector('[name="receiptNumber"]').value.replace(/\s+/g, '').toUpperCase();
      var idNumber = form.querySelector('[name="idNumber"]').value.replace(/\s+/g, '').toUpperCase();
      var errors = [];
      if (!receiptNumber) errors.push({ id: 'receiptNumber', message: '请填写捐赠票据号' });
      if (!idNumber) errors.push({ id: 'idNumber', message: '请填写捐赠人的身份证号码' });
      else if (!/^\d{17}[\dX]$/.test(idNumber)) errors.push({ id: 'idNumber', message: '身份证号码应为18位，最后一位可能是 X' });
      if (errors.length) { result.hidden = true; F.show(errors); return; }
      F.clear(document.getElementById('main'));
      busy = true;
      F.post('/api/v1/donations/lookup', { receiptNumber: receiptNumber, idNumber: idNumber }).then(function (r) {
        busy = false;
        if (r.status !== 200) {
          result.hidden = true;
          var errs = (r.body && r.body.errors) || [];
          if (errs.length) F.show(errs.map(function (e) { return { id: e.field === 'idNumber' ? 'idNumber' : 'receiptNumber', message: e.message }; }));
          else F.show([{ id: 'receiptNumber', message: (r.body && r.body.detail) || '暂时查不到，请稍后再试。' }]);
          return;
        }
        result.textContent = '';
        result.className = 'result';
        result.appendChild(el('h3', '', '您的捐赠'));
        (r.body.donations || []).forEach(function (d, i) {
          result.appendChild(dl([
            ['受赠慈善组织', d.charity], ['捐赠票据号', d.receiptNumber], ['捐赠日期', day(d.date)], ['捐赠人', d.donor],
            ['金额', yuan(d.amountFen) + (d.form === 'goods' ? '（物资估值）' : '')], ['用途', d.purpose + (d.restricted ? '（定向捐赠，只能用于这个用途）' : '')],
          ]));
          var uses = d.usesOfPurpose || [];
          if (uses.length) result.appendChild(usesTable('“' + d.purpose + '”用途的使用情况' + (i ? '（第 ' + (i + 1) + ' 笔）' : ''), uses));
          else result.appendChild(el('p', '', '这个用途还没有登记使用情况。'));
        });
        result.appendChild(el('p', 'note', '同一用途的捐款合在一起使用，这里列出的是您的捐赠所在用途的全部使用情况。'));
        result.hidden = false;
        result.focus();
      }).catch(function () {
        busy = false;
        F.show([{ id: 'receiptNumber', message: '网络连接有问题，请稍后再试。' }]);
      });
    });
  }

  function init() { initList(); initLookup(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
