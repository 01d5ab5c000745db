/**
 * The small server-rendered pages that answer the no-JavaScript application form (portal /apply/form/,
 * posted as application/x-www-form-urlencoded to `POST /api/v1/applications`): the receipt, and the list
 * of what to correct. Same look as the portal: its stylesheet at the stable URL `/site.css` and its
 * 适老化 script `/a11y.js`; no inline script or style (the edge CSP forbids them).
 *
 * The error page does not link to the form: opening `/apply/form/` again is a new, empty page. Only the
 * browser's back button returns to the form with everything typed still in it, so the page says that,
 * plainly, and lists each field by the label the form shows.
 */
import { formFieldFor, formFieldLabel, formMessageFor } from '../contract/application-form.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import type { Problem } from './problem.ts';
import type { Request, Result } from './function.ts';
import type { AppError } from './problem.ts';

const SITE_NAME = '亳州市社会救助服务平台';
export const PORTAL_STYLESHEET = '/site.css';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: unknown): string => String(text ?? '').replace(/[&<>"']/gu, (c) => ESCAPES[c]!);

const NAV = [
  { href: '/', label: '首页' },
  { href: '/guide/', label: '办事指南' },
  { href: '/apply/', label: '在线申请' },
  { href: '/track/', label: '查询进度' },
];

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - ${SITE_NAME}</title>
<meta name="robots" content="noindex">
<meta name="format-detection" content="telephone=no">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${PORTAL_STYLESHEET}">
<script src="/a11y.js"></script>
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<header class="site-header"><div class="wrap">
<a class="site-name" href="/">${SITE_NAME}</a>
<div class="a11y-bar" id="a11y-bar" hidden>
<div class="a11y-group" role="group" aria-labelledby="a11y-size-label"><span class="a11y-label" id="a11y-size-label">字号：</span><button type="button" data-font-size="standard" aria-pressed="true">标准</button><button type="button" data-font-size="large" aria-pressed="false">大</button><button type="button" data-font-size="xlarge" aria-pressed="false">特大</button></div>
<button type="button" data-contrast-toggle aria-pressed="false">高对比度</button>
</div>
</div></header>
<nav class="main-nav" aria-label="主导航"><div class="wrap"><ul>${NAV.map((n) => `<li><a href="${n.href}">${n.label}</a></li>`).join('')}</ul></div></nav>
<main id="main" tabindex="-1"><div class="wrap">
${body}
</div></main>
<footer class="site-footer"><div class="wrap">
<p class="hotline">咨询热线：<a href="tel:12345">12345</a></p>
<p>也可以到户籍所在地乡镇（街道）为民服务中心的社会救助窗口咨询：<a href="/areas/">找到您的窗口</a>。</p>
</div></footer>
</body>
</html>
`;
}

const STATUS_TEXT: Record<string, string> = { submitted: '已提交，等待乡镇（街道）受理', reported: '已登记，等待授权' };

/** The receipt: 申请编号, what happens next and when, and how to track. Printable (print CSS). */
export function applicationReceiptPage(answer: { reference: string; status: string }, now?: Date): string {
  const reference = escapeHtml(answer.reference);
  const when = now ? `<div class="receipt-row"><dt>提交时间</dt><dd>${escapeHtml(dateShanghai(now))} ${escapeHtml(isoShanghai(now).slice(11, 16))}</dd></div>` : '';
  return page(
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
<ol class="steps">
<li><strong>受理。</strong>乡镇（街道）工作人员会查看您的申请。材料齐全的就受理；不齐全的会告诉您还需要补什么。</li>
<li><strong>核对和入户调查。</strong>经您授权后，政府核对家庭经济状况，工作人员可能会到家里了解情况。</li>
<li><strong>作出决定。</strong>低保、特困自受理之日起<strong>20个工作日</strong>内办结；结果会告诉您，不批准的会说明理由。</li>
</ol>
<p><a class="button-link" href="/track/">查询办理进度</a></p>
<p>有疑问，请拨打 <a href="tel:12345">12345</a>，并告诉工作人员您的申请编号。</p>`,
  );
}

/** The page listing what to correct. Title starts with "错误："; every error names its field. */
export function applicationErrorsPage(problem: Pick<Problem, 'title' | 'detail' | 'errors'> & Record<string, unknown>): string {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const e of problem.errors ?? []) {
    const field = formFieldFor(e.field);
    if (seen.has(field)) continue;
    seen.add(field);
    items.push(`<li data-field="${escapeHtml(field)}"><strong>${escapeHtml(formFieldLabel(field))}：</strong>${escapeHtml(formMessageFor(e))}</li>`);
  }
  const existing = typeof problem.existingReference === 'string' ? problem.existingReference : undefined;
  const count = items.length;
  const heading = count > 0 ? `申请表有 ${count} 处需要修改` : escapeHtml(problem.title);
  const list = count > 0 ? `<ul class="error-list">${items.join('\n')}</ul>` : `<p>${escapeHtml(problem.detail)}</p>`;
  const track = existing ? `<p>您已经有一件正在办理的申请，申请编号 <strong>${escapeHtml(existing)}</strong>。不必重复申请，可以<a href="/track/">查询办理进度</a>。</p>` : '';
  return page(
    `错误：${count > 0 ? `申请表有 ${count} 处需要修改` : problem.title}`,
    `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h1 id="error-summary-title">${heading}</h1>
${list}
</div>
${track}
<h2>怎样修改</h2>
<ol class="steps">
<li>点浏览器的<strong>“返回”</strong>按钮（手机上也可以从屏幕边缘向右滑），回到申请表。<strong>您已经填写的内容都还在。</strong></li>
<li>找到上面列出的地方，改好。</li>
<li>再点申请表最下面的“提交申请”。</li>
</ol>
<p>您的申请<strong>还没有提交</strong>。如果需要帮助，请拨打 <a href="tel:12345">12345</a>，或到乡镇（街道）为民服务中心的社会救助窗口，工作人员会帮您填写。</p>`,
  );
}

/** A form post's answer as a page: the receipt for 201 (and for a replay of it), else the error page. */
export function applicationFormAnswer(answer: { status: number; body: unknown }, now?: Date): Result {
  const headers = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
  const body = answer.body as { reference?: string; status?: string } & Partial<Problem>;
  if (answer.status < 300 && typeof body?.reference === 'string') {
    return { status: answer.status, html: applicationReceiptPage({ reference: body.reference, status: body.status ?? 'submitted' }, now), headers };
  }
  return { status: answer.status, html: applicationErrorsPage({ title: body?.title ?? '提交没有成功', detail: body?.detail ?? '请稍后再试。', ...body }), headers };
}

/** `httpFunction`'s onError for form posts: the error page instead of problem+json. */
export function applicationFormError(req: Partial<Request>, error: AppError): Result | undefined {
  if (req.bodyKind !== 'form') return undefined;
  return applicationFormAnswer({ status: error.status, body: error.toProblem() });
}
