/*
 * 政府购买社会救助服务 (measure 十八), public page /tenders/: reads the public API only —
 * GET /api/v1/tenders (announcements, amendments, opening records, results), GET /api/v1/contracts/{id}
 * (payments and published evaluations), GET /api/v1/service-lists and /api/v1/budgets per county and year —
 * and links each project's OCDS record. Nothing personal is in any of them.
 */
(function () {
  'use strict';
  var el = window.BozhouTables.el;
  var table = window.BozhouTables.table;
  var STATUS = { active: '正在接受投标', terminated: '已终止', opened: '已开标，正在评审', unsuccessful: '采购失败（有效投标不足）', awarded: '结果已公告（质疑期）', contracted: '已签订合同' };
  var RATING = { excellent: '优秀', good: '良好', fair: '合格', poor: '不合格' };

  function yuan(fen) {
    if (typeof fen !== 'number') return '—';
    var neg = fen < 0;
    var a = Math.abs(fen);
    var cents = a % 100;
    return (neg ? '-' : '') + Math.floor(a / 100).toLocaleString('zh-CN') + (cents ? '.' + (cents < 10 ? '0' : '') + cents : '') + ' 元';
  }
  function day(iso) { return iso ? String(iso).slice(0, 10) : '—'; }
  function time(iso) { return iso ? String(iso).slice(0, 16).replace('T', ' ') : '—'; }
  function get(path) {
    return fetch(path, { headers: { accept: 'application/json' } }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (body) { return { status: r.status, body: body }; });
    });
  }
  function kv(rows) {
    var dl = el('dl', 'kv');
    rows.forEach(function (r) {
      if (!r) return;
      dl.appendChild(el('dt', '', r[0]));
      var dd = el('dd');
      if (r[1] && r[1].nodeType) dd.appendChild(r[1]); else dd.textContent = r[1] === undefined || r[1] === null || r[1] === '' ? '—' : String(r[1]);
      dl.appendChild(dd);
    });
    return dl;
  }
  function link(href, text) { var a = el('a', '', text); a.href = href; return a; }

  var counties = {};
  function countyName(code) { return counties[code] || code; }

  function tenderCard(t) {
    var card = el('li', 'card');
    card.id = 'tender-' + t.id;
    card.appendChild(el('h3', 'card-title', t.title));
    card.appendChild(kv([
      ['项目编号', t.id],
      ['县区', countyName(t.county)],
      ['服务', t.service ? t.service.name + '：' + t.service.description : ''],
      ['采购方式', t.methodLabel],
      ['最高限价', yuan(t.valueCapFen)],
      ['公告时间', time(t.publishedAt)],
      ['投标截止', time(t.deadline)],
      t.contact ? ['采购人联系方式', t.contact.name + '，电话 ' + t.contact.phone + (t.contact.address ? '，地址：' + t.contact.address : '')] : null,
      ['状态', STATUS[t.status] || t.status],
      ['评分办法', (t.criteria || []).map(function (c) { return c.name + ' ' + c.weight + ' 分'; }).join('，')],
    ]));
    card.appendChild(el('p', '', t.description));
    (t.amendments || []).forEach(function (a) {
      card.appendChild(el('p', 'note', '更正公告（' + time(a.at) + '）：' + a.description + '。理由：' + a.rationale));
    });
    if ((t.documents || []).length) {
      card.appendChild(el('h4', '', '采购文件（登录后下载）'));
      var docs = el('ul', '');
      t.documents.forEach(function (d) { docs.appendChild(el('li', '', d.title + (d.sha256 ? '（SHA-256：' + d.sha256 + '）' : ''))); });
      card.appendChild(docs);
    }
    (t.clarifications || []).forEach(function (c) {
      card.appendChild(el('p', 'note', '澄清（' + time(c.answer.at) + '）问：' + c.question + ' 答：' + c.answer.text + (c.answer.deadlineMoved ? ' 投标截止时间顺延至 ' + time(c.answer.deadlineMoved.to) + '。' : '')));
    });
    if (t.termination) card.appendChild(el('p', 'callout', '本项目已于 ' + time(t.termination.at) + ' 终止。理由：' + t.termination.reason));
    if (t.opening) {
      card.appendChild(el('h4', '', '开标记录（' + time(t.opening.at) + '）'));
      card.appendChild(table(t.title + ' 开标记录', ['投标机构', '统一社会信用代码', '报价', '是否有效'], t.opening.bids.map(function (b) {
        return [b.name, b.creditCode, yuan(b.priceFen), b.status === 'valid' ? '有效' : '无效（超过最高限价）'];
      })));
    }
    (t.cancelledResults || []).forEach(function (c) {
      card.appendChild(el('p', 'callout', '原结果已撤销：' + c.supplier + '（' + yuan(c.priceFen) + '，' + day(c.announcedAt) + ' 公告），因质疑成立于 ' + day(c.cancelledAt) + ' 撤销。理由：' + c.reason));
    });
    if (t.result) {
      card.appendChild(el('h4', '', t.result.reawarded ? '中标（成交）结果公告（另行确定）' : '中标（成交）结果公告'));
      card.appendChild(kv([
        ['中标（成交）机构', t.result.supplier],
        ['统一社会信用代码', t.result.creditCode],
        ['中标（成交）金额', yuan(t.result.priceFen)],
        ['公告时间', time(t.result.announcedAt)],
        ['质疑期', '至 ' + t.result.challengeUntil + '（7个工作日）'],
        t.result.deviation ? ['未按排名确定的理由', t.result.deviation.legalReason] : null,
      ]));
    }
    if (t.contractId) {
      var box = el('div', '');
      box.appendChild(el('p', 'note', '正在读取合同……'));
      card.appendChild(box);
      get('/api/v1/contracts/' + encodeURIComponent(t.contractId)).then(function (r) {
        box.textContent = '';
        if (r.status !== 200 || !r.body) { box.appendChild(el('p', 'note', '现在读取不到合同，请稍后再看。')); return; }
        box.appendChild(contract(r.body, t.title));
      });
    }
    var links = el('p', 'note');
    links.appendChild(link('/api/v1/ocds/records/' + encodeURIComponent(t.ocid), '本项目的开放数据记录（OCDS，JSON）'));
    card.appendChild(links);
    return card;
  }

  function contract(c, title) {
    var box = el('div');
    box.appendChild(el('h4', '', '服务合同 ' + c.id));
    if (c.flagged) box.appendChild(el('p', 'callout', '注意：本合同有履约节点监督评估不合格。'));
    box.appendChild(kv([
      ['服务机构', c.supplier.name],
      ['合同金额', yuan(c.valueFen)],
      ['已付款', yuan(c.paidFen)],
      ['服务期', c.period.startDate + ' 至 ' + c.period.endDate],
      ['签订时间', time(c.signedAt)],
      ['已服务', c.casesServed + ' 户次'],
    ]));
    box.appendChild(table(title + ' 履约节点和监督评估', ['履约节点', '到期日', '节点金额', '已付款', '监督评估'], c.milestones.map(function (m) {
      return [m.title, m.dueDate, yuan(m.amountFen), yuan(m.paidFen), m.evaluation ? m.evaluation.label + '：' + m.evaluation.findings : '尚未评估'];
    })));
    return box;
  }

  function loadTenders(box, cursor, list) {
    return get('/api/v1/tenders' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : '')).then(function (r) {
      if (r.status !== 200 || !r.body) throw new Error(String(r.status));
      var items = r.body.items || [];
      if (!list) {
        box.textContent = '';
        if (!items.length) { box.appendChild(el('p', 'callout', '还没有采购项目。')); return []; }
        list = el('ol', 'card-list');
        box.appendChild(list);
      }
      items.forEach(function (t) { list.appendChild(tenderCard(t)); });
      var old = document.getElementById('tenders-more');
      if (old) old.parentNode.removeChild(old);
      if (r.body.cursor) {
        var more = el('button', 'button secondary', '显示更多采购项目');
        more.type = 'button';
        more.id = 'tenders-more';
        more.addEventListener('click', function () { loadTenders(box, r.body.cursor, list); });
        box.appendChild(more);
      }
      return items;
    });
  }

  function budgets(box, years) {
    box.textContent = '';
    var codes = Object.keys(counties);
    var jobs = [];
    years.forEach(function (year) {
      codes.forEach(function (code) {
        var section = el('section', 'card');
        section.appendChild(el('h3', 'card-title', countyName(code) + ' ' + year + ' 年'));
        var body = el('div');
        body.appendChild(el('p', 'note', '正在读取……'));
        section.appendChild(body);
        box.appendChild(section);
        var q = '?county=' + code + '&year=' + year;
        jobs.push(Promise.all([get('/api/v1/budgets' + q), get('/api/v1/service-lists' + q)]).then(function (rs) {
          body.textContent = '';
          var b = rs[0];
          var l = rs[1];
          if (b.status === 200 && b.body) {
            body.appendChild(kv([
              ['当年社会救助资金', yuan(b.body.totalFundsFen)],
              ['购买服务额度（1%）', yuan(b.body.allocationFen)],
              ['已承诺（中标金额）', yuan(b.body.committedFen)],
              ['已付款', yuan(b.body.paidFen)],
              ['尚可使用', yuan(b.body.remainingFen)],
            ]));
            var d = el('details');
            d.appendChild(el('summary', '', '额度是怎样算出来的'));
            var ol = el('ol');
            (b.body.trace || []).forEach(function (s) { ol.appendChild(el('li', '', (s.measure ? s.measure + ' ' : '') + (s.detail || s.rule || ''))); });
            d.appendChild(ol);
            body.appendChild(d);
          } else body.appendChild(el('p', 'note', '尚未公布当年的资金和额度。'));
          if (l.status === 200 && l.body && (l.body.services || []).length) {
            body.appendChild(table(countyName(code) + ' ' + year + ' 年购买服务清单', ['服务', '内容', '计量单位', '服务对象'], l.body.services.map(function (s) { return [s.name, s.description, s.unit, s.serves]; })));
          } else body.appendChild(el('p', 'note', '尚未公布当年的购买服务清单。'));
        }));
      });
    });
    return Promise.all(jobs);
  }

  function init() {
    var tenderBox = document.getElementById('tender-list');
    var budgetBox = document.getElementById('budget-list');
    if (!tenderBox || !budgetBox) return;
    var thisYear = Number(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4));
    get('/api/v1/areas').then(function (r) {
      ((r.body && r.body.counties) || []).forEach(function (c) { counties[c.code] = c.name; });
    }).then(function () {
      return loadTenders(tenderBox).catch(function () {
        tenderBox.textContent = '';
        tenderBox.appendChild(el('p', 'callout', '现在读取不到采购项目，请稍后再看。'));
        return [];
      });
    }).then(function (items) {
      var years = [thisYear];
      items.forEach(function (t) { if (years.indexOf(t.year) < 0) years.push(t.year); });
      years.sort(function (a, b) { return b - a; });
      return budgets(budgetBox, years.slice(0, 2));
    }).catch(function () {
      budgetBox.textContent = '';
      budgetBox.appendChild(el('p', 'callout', '现在读取不到各县区的清单和额度，请稍后再看。'));
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
