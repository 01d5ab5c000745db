/*
 * 今日工作 (issue 24): the home screen's counts of live work and the cases due today and this week, the
 * overdue and at risk first, each with what it waits for (GET /api/v1/today, shared/cases/today.ts), and the
 * tasks, 政策找人 alerts and 转办 (referrals) due by the end of the week, the overdue first.
 * Loaded by staff.js with the home screen of caseworkers, approvers, check offices, county supervisors and departments.
 */
(function () {
  'use strict';
  var S = window.BozhouStaff;
  var Auth = window.BozhouStaffAuth;
  var h = S.h, clear = S.clear, latest = S.latest, table = S.table, link = S.link, problemBox = S.problemBox;
  S.todayPanel = function (box) {
    var fresh = latest(box);
    box.appendChild(h('p', { class: 'loading' }, ['正在读取今日工作…']));
    Auth.api('GET', '/api/v1/today').then(function (r) {
      if (!fresh()) return;
      clear(box);
      if (r.status !== 200) { box.appendChild(problemBox(r.body)); return; }
      var v = r.body, c = v.counts;
      var stat = function (n, cls, text) { return h('li', { class: 'stat ' + cls }, [h('span', { class: 'stat-n' }, [String(n)]), text]); };
      box.appendChild(h('h2', { id: 'today-title' }, ['今日工作（' + v.date + '）']));
      box.appendChild(h('ul', { class: 'stat-list', id: 'today-counts' }, [
        stat(c.overdue, c.overdue ? 'stat-overdue' : '', '件已超期'),
        stat(c.atRisk, c.atRisk ? 'stat-risk' : '', '件即将到期'),
        stat(c.dueToday, '', '件今天到期'),
        stat(c.dueThisWeek, '', '件本周到期（至 ' + v.weekEnd + '）'),
        stat(c.open, '', '件进行中'),
      ]));
      var tasks = v.tasks || [];
      if (tasks.length) box.appendChild(table('本周到期的复核、探访和比对任务（' + tasks.length + ' 件）', ['任务', '申请编号', '对象', '乡镇（街道）', '完成期限', '标记'], tasks.map(function (t) {
        return [link('task', { id: t.id }, t.kindLabel), t.reference, t.applicant, t.township, t.dueDate, t.flag === 'overdue' ? h('span', { class: 'flag flag-overdue' }, ['已超期']) : t.flag === 'atRisk' ? h('span', { class: 'flag flag-risk' }, ['即将到期']) : '本周到期'];
      })));
      var refs = v.referrals || [];
      if (v.referrals) box.appendChild(refs.length ? table('本周到期的转办事项（' + refs.length + ' 件，已超期在前）', ['申请编号', '救助类型', '转办部门', '乡镇（街道）', '申请人', '答复期限', '标记'], refs.map(function (r) {
        return [link('case', { ref: r.reference }, r.reference, { class: 'ref' }), r.typeLabel, r.department, r.township, r.applicant, r.dueDate, r.flag === 'overdue' ? h('span', { class: 'flag flag-overdue' }, ['已超期']) : r.flag === 'atRisk' ? h('span', { class: 'flag flag-risk' }, ['即将到期']) : r.dueToday ? '今天到期' : '本周到期'];
      })) : h('p', { class: 'empty', id: 'today-referrals-none' }, ['本周没有到期的转办事项。']));
      var alerts = v.alerts || [];
      if (alerts.length) box.appendChild(table('本周到期的政策找人预警（' + alerts.length + ' 条，须入户走访）', ['预警', '原因', '走访期限', '标记'], alerts.map(function (a) {
        return [link('alert', { id: a.id }, a.ruleLabel), a.explanation, a.dueDate, a.flag === 'overdue' ? h('span', { class: 'flag flag-overdue' }, ['已超期']) : a.flag === 'atRisk' ? h('span', { class: 'flag flag-risk' }, ['即将到期']) : '本周到期'];
      })));
      if (!v.items.length) { box.appendChild(h('p', { class: 'empty' }, ['今天和本周没有到期的案件。'])); return; }
      var flagOf = function (i) { return i.flag === 'overdue' ? h('span', { class: 'flag flag-overdue' }, ['已超期']) : i.flag === 'atRisk' ? h('span', { class: 'flag flag-risk' }, ['即将到期']) : i.dueToday ? '今天到期' : '本周到期'; };
      box.appendChild(table('今天和本周到期的事项（已超期、即将到期在前）' + (v.itemsTruncated ? '，只列出前 ' + v.items.length + ' 件' : ''), ['申请编号', '状态', '申请人', '乡镇（街道）', '到期环节和期限', '等待', '标记'], v.items.map(function (i) {
        return [link('case', { ref: i.reference }, i.reference, { class: 'ref' }), i.statusLabel, i.applicant, i.township, i.dueDate ? i.step + ' ' + i.dueDate : '—', i.waiting ? i.waiting.whoLabel + '：' + i.waiting.text : '—', flagOf(i)];
      })));
    });
  };
})();
