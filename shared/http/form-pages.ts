/**
 * The server-rendered answers to the no-JavaScript application form (portal /apply/form/, posted as
 * application/x-www-form-urlencoded to `POST /api/v1/applications`): the receipt, or — on a refusal — the
 * form again with everything sent and every error at once (shared/http/application-form-page.ts). Same
 * chrome as the portal (shared/http/site-page.ts); no inline script or style (the edge CSP forbids them).
 */
import { applicationFormErrorPage } from './application-form-page.ts';
import { escapeHtml, sitePage } from './site-page.ts';
import { trackingErrorPage } from './track-page.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import type { AppError, Problem } from './problem.ts';
import type { Request, Result } from './function.ts';

const STATUS_TEXT: Record<string, string> = { submitted: '已提交，等待乡镇（街道）受理', reported: '已登记，等待授权' };

/** What happens next, for the receipt of the plain form and of the JavaScript journey (/apply/done/). */
export const REGULAR_NEXT = `<ol class="steps">
<li><strong>受理。</strong>乡镇（街道）工作人员会查看您的申请。材料齐全的就受理；不齐全的会告诉您还需要补什么。</li>
<li><strong>核对和入户调查。</strong>经您授权后，政府核对家庭经济状况，工作人员可能会到家里了解情况。</li>
<li><strong>作出决定。</strong>低保、特困自受理之日起<strong>20个工作日</strong>内办结；结果会告诉您，不批准的会说明理由。</li>
</ol>`;

/** 急难型临时救助 (十三): help first, papers after — not the 低保 timeline. */
export const URGENT_NEXT = `<ol class="steps">
<li><strong>尽快联系您。</strong>乡镇（街道）工作人员会尽快打电话或上门了解情况。</li>
<li><strong>先行救助。</strong>情况紧急的，可以当天先把钱或生活必需品送到，材料和家庭经济状况核对以后再补。</li>
<li><strong>补充材料、作出决定。</strong>之后按规定核实，需要的再给予临时救助，结果会告诉您。</li>
</ol>
<p>有危险请先打电话：报警 <a href="tel:110">110</a>，火警 <a href="tel:119">119</a>，急救 <a href="tel:120">120</a>。</p>`;

/** The receipt: 申请编号, what happens next and when, and how to track. Printable (print CSS). */
export function applicationReceiptPage(answer: { reference: string; status: string }, now?: Date, filed?: { type?: string; hardship?: { kind?: string } }): string {
  const urgent = filed?.type === 'linshi' && filed.hardship?.kind === 'emergency';
  const reference = escapeHtml(answer.reference);
  const when = now ? `<div class="receipt-row"><dt>提交时间</dt><dd>${escapeHtml(dateShanghai(now))} ${escapeHtml(isoShanghai(now).slice(11, 16))}</dd></div>` : '';
  return sitePage(
    '申请已提交',
    `<div class="panel" role="status">
<h1>您的申请已经提交</h1>
<p class="panel-label">您的申请编号是</p>
<p class="reference" id="reference">${reference}</p>
</div>
<p><strong>请记下或打印这个申请编号。</strong>以后查询进度，要用申请编号和申请人的身份证号码。</p>
<section class="receipt" aria-labelledby="receipt-title">
<h2 id="receipt-title">申请回执</h2>
<dl class="receipt-list">
<div class="receipt-row"><dt>申请编号</dt><dd class="ref">${reference}</dd></div>
<div class="receipt-row"><dt>办理状态</dt><dd>${escapeHtml(STATUS_TEXT[answer.status] ?? answer.status)}</dd></div>
${when}
<div class="receipt-row"><dt>咨询电话</dt><dd>12345</dd></div>
</dl>
<p class="note">打印本页：请使用浏览器菜单中的“打印”。</p>
</section>
<h2>接下来会怎样</h2>
${urgent ? URGENT_NEXT : REGULAR_NEXT}
<p><a class="button-link" href="/track/">查询办理进度</a></p>
<p>有疑问，请拨打 <a href="tel:12345">12345</a>，并告诉工作人员您的申请编号。</p>`,
  );
}

/**
 * Every answer page to a plain form: one person's, so never stored. `same-origin`, not `no-referrer`: the
 * form on the page is posted again from it, and under `no-referrer` the browser sends `Origin: null`,
 * which the form-origin check must refuse.
 */
export const FORM_PAGE_HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'same-origin' };

/** A form post's answer as a page: the receipt for 201 (and for a replay of it), else the error page. */
export function applicationFormAnswer(answer: { status: number; body: unknown }, now?: Date, sent?: unknown, filed?: { type?: string; hardship?: { kind?: string } }): Result {
  const headers = FORM_PAGE_HEADERS;
  const body = answer.body as { reference?: string; status?: string } & Partial<Problem>;
  if (answer.status < 300 && typeof body?.reference === 'string') {
    return { status: answer.status, html: applicationReceiptPage({ reference: body.reference, status: body.status ?? 'submitted' }, now, filed), headers };
  }
  return { status: answer.status, html: applicationFormErrorPage({ title: body?.title ?? '提交没有成功', detail: body?.detail ?? '请稍后再试。', ...body }, sent), headers };
}

/** `httpFunction`'s onError for form posts: the form again, as sent, with every error, instead of problem+json. */
export function applicationFormError(req: Partial<Request>, error: AppError): Result | undefined {
  if (req.bodyKind !== 'form') return undefined;
  if (req.event?.routeKey === 'POST /api/v1/applications/lookup') {
    return { status: error.status, html: trackingErrorPage({ title: error.title, detail: error.message, errors: error.errors ?? [] }, req.body), headers: FORM_PAGE_HEADERS };
  }
  return applicationFormAnswer({ status: error.status, body: error.toProblem() }, undefined, req.body);
}
