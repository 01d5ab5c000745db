/**
 * 查询进度 as server-rendered pages, with or without JavaScript: /track/ is a plain form posted to
 * `POST /api/v1/applications/lookup`, which answers with this page — the form again, and the result below
 * it, or every error in one summary. The portal builds /track/ from `trackFormHtml` too. What it shows
 * (docs/architecture.md § Identity and scope): a masked name, one line per step, the expected date only
 * while undecided, and once decided the notice with 行政复议 and 行政诉讼 (二十); once approved the amount,
 * the first month and the card's last four digits. Printable: the print stylesheet leaves the form out.
 */
import type { LookupAnswer } from '../cases/lookup.ts';
import type { FieldError } from '../errors.ts';
import { formatYuan } from '../money.ts';
import { textField, type FormState } from './application-form-page.ts';
import { escapeHtml, sitePage } from './site-page.ts';

const LABELS: Record<string, string> = { reference: '申请编号', idNumber: '申请人身份证号码' };

export function trackFormHtml(state: FormState = { values: {}, errors: {} }): string {
  return `<form id="track-form" method="post" action="/api/v1/applications/lookup" accept-charset="utf-8" novalidate>
${textField(state, 'reference', '申请编号', { hint: '例如 QC-261128-0007-K。大小写、空格和短横线都没关系。', size: 'id', id: true })}
${textField(state, 'idNumber', '申请人身份证号码', { hint: '18位，最后一位可能是 X。', size: 'id', id: true })}
<div class="actions"><button type="submit" class="button">查询</button></div>
</form>`;
}

const when = (iso: string | undefined): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/u.exec(iso ?? '');
  if (!m) return escapeHtml(iso ?? '');
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日${m[4] ? ` ${m[4]}:${m[5]}` : ''}`;
};
const month = (m: string | undefined) => (m ? `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月` : '');
const row = (dt: string, dd: string) => `<div class="receipt-row"><dt>${escapeHtml(dt)}</dt><dd>${dd}</dd></div>`;

/** The result of a look-up, as HTML. */
export function trackingResultHtml(d: LookupAnswer): string {
  const rows = [
    row('申请编号', `<span class="ref">${escapeHtml(d.reference)}</span>`),
    row('申请事项', escapeHtml(d.typeLabel)),
    row('申请人', escapeHtml(d.applicant)),
    row('乡镇（街道）', escapeHtml(d.township)),
    row('现在的状态', `<strong>${escapeHtml(d.statusLabel)}</strong>`),
    row('提交时间', when(d.submittedAt)),
    ...(d.acceptedAt ? [row('受理时间', when(d.acceptedAt))] : []),
    ...(d.dueDate ? [row('预计办结日期', `${when(d.dueDate)}之前${d.dueDateProvisional ? '（暂定，节假日安排公布后可能调整）' : ''}`)] : []),
  ];
  const p = d.payment;
  const pay = p
    ? [
        ...(p.monthlyAmountFen !== undefined ? [row('每月金额', `<strong>${escapeHtml(formatYuan(p.monthlyAmountFen))}</strong>`), row('开始发放', `${month(p.firstMonth)}起，每月发放`)] : []),
        ...(p.oneOffAmountFen !== undefined ? [row('救助金额', `<strong>${escapeHtml(formatYuan(p.oneOffAmountFen))}</strong>`)] : []),
        row('发放到', p.accountLast4 ? `${escapeHtml(p.bank ?? '')}卡号尾号 <strong>${escapeHtml(p.accountLast4)}</strong> 的账户` : '收款账户由乡镇（街道）登记后显示在这里'),
      ]
    : [];
  const steps = d.timeline
    .map((t) => `<li><strong>${escapeHtml(t.label)}</strong> <time datetime="${escapeHtml(t.at)}">${when(t.at)}</time>${t.note ? ` <span>${escapeHtml(t.note)}</span>` : ''}</li>`)
    .join('');
  const undecided = !d.decision && !d.dueDate ? '<p>乡镇（街道）受理以后，这里会显示预计办结日期（低保、特困自受理之日起 20 个工作日内）。</p>' : '';
  const dec = d.decision;
  const notice =
    dec?.notice !== undefined
      ? `<section class="notice" aria-labelledby="notice-title"><h2 id="notice-title">${escapeHtml(dec.title ?? '决定通知')}</h2>
${dec.notice
  .split('\n')
  .map((line) => `<p>${escapeHtml(line)}</p>`)
  .join('\n')}
${dec.rights ? `<h3>如果您不服这个决定</h3><ul><li><strong>行政复议：</strong>自知道决定之日起 ${dec.rights.administrativeReviewDays} 日内，向${escapeHtml(dec.rights.reviewBody)}申请。</li><li><strong>行政诉讼：</strong>自知道决定之日起 ${dec.rights.litigationMonths} 个月内，向人民法院起诉。</li></ul>` : ''}
<p class="note no-print">打印本页：请使用浏览器菜单中的“打印”。</p></section>`
      : '';
  return `<div id="track-result" class="result" tabindex="-1">
<h2>查询结果</h2>
<dl class="receipt-list">${[...rows, ...pay].join('')}</dl>
${undecided}
<h3>办理经过</h3>
<ol class="timeline">${steps}</ol>
<p class="no-print"><a href="/evidence/?ref=${encodeURIComponent(d.reference)}">上传证明材料（照片或 PDF）</a></p>
${notice}
</div>`;
}

/** The answer page: the result first (it is what was asked), then the form to look up again. */
export function trackingPage(d: LookupAnswer): string {
  return sitePage('查询结果', `<h1>查询办理进度</h1>\n${trackingResultHtml(d)}\n<h2 class="no-print">再查一件</h2>\n${trackFormHtml()}`);
}

/** A refused look-up: every error in one summary, linked to its field; what was typed is kept. */
export function trackingErrorPage(problem: { title?: string; detail?: string; errors?: FieldError[] }, sent: unknown): string {
  const fields = (sent && typeof sent === 'object' ? sent : {}) as Record<string, unknown>;
  const values = Object.fromEntries(['reference', 'idNumber'].filter((k) => typeof fields[k] === 'string').map((k) => [k, fields[k] as string]));
  const errors = (problem.errors ?? []).map((e) => ({ field: e.field === 'idNumber' ? 'idNumber' : 'reference', message: e.message }));
  // A refusal naming no field (not found, too many attempts) is shown at the 申请编号.
  if (errors.length === 0) errors.push({ field: 'reference', message: problem.detail ?? '暂时查不到，请稍后再试，或拨打 12345。' });
  const state: FormState = { values, errors: Object.fromEntries(errors.map((e) => [e.field, e.message])) };
  const list = errors.map((e) => `<li><a href="#${e.field}">${escapeHtml(LABELS[e.field] ?? e.field)}：${escapeHtml(e.message)}</a></li>`).join('');
  return sitePage(
    `错误：${problem.title ?? '没有查到'}`,
    `<h1>查询办理进度</h1>
<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"><h2 id="error-summary-title">${escapeHtml(problem.title ?? '没有查到')}</h2><ul>${list}</ul></div>
${trackFormHtml(state)}
<p>查不到时，也可以拨打 <a href="tel:12345">12345</a>，或到乡镇（街道）为民服务中心的社会救助窗口查询。</p>`,
  );
}
