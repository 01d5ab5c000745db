/**
 * 找到您的窗口 (十九 一门受理): every township's 为民服务中心 social-assistance window, with address, phone and
 * hours as the admin entered them (shared/reference/store.ts), rendered by `GET /api/v1/windows` so an edit
 * shows at once and nothing needs a script. /areas/ leads here by county. Values still seeded are marked 示例.
 * The developers' JSON (`/api/v1/areas`) is linked last.
 */
import type { County, ServiceWindow } from '../reference/areas.ts';
import { escapeHtml, sitePage } from './site-page.ts';

export const WINDOWS_PATH = '/api/v1/windows';

type PublicCounty = Pick<County, 'code' | 'name'> & { townships: { code: string; name: string; window?: ServiceWindow }[] };

const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/gu, '')}`;
const SAMPLE = '<span class="example">示例</span>';

function windowCard(county: PublicCounty, t: PublicCounty['townships'][number]): string {
  const w = t.window;
  const heading = `<h3 class="card-title" id="w-${escapeHtml(t.code)}">${escapeHtml(t.name)}${w?.sample ? SAMPLE : ''}</h3>`;
  if (!w) return `<li class="card">${heading}<p>窗口信息还没有录入，请拨打 <a href="tel:12345">12345</a> 询问。</p></li>`;
  return `<li class="card">${heading}
<dl class="receipt-list">
<div class="receipt-row"><dt>地址</dt><dd>${escapeHtml(w.address)}</dd></div>
<div class="receipt-row"><dt>电话</dt><dd><a href="${escapeHtml(telHref(w.phone))}" aria-label="拨打${escapeHtml(county.name)}${escapeHtml(t.name)}社会救助窗口电话 ${escapeHtml(w.phone)}">${escapeHtml(w.phone)}</a></dd></div>
<div class="receipt-row"><dt>办公时间</dt><dd>${escapeHtml(w.hours)}</dd></div>
</dl></li>`;
}

/** The directory page: all counties, or one (`county`), each township a card. */
export function windowsPage(counties: readonly PublicCounty[], all: readonly Pick<County, 'code' | 'name'>[], county?: string): string {
  const shown = county ? counties.filter((c) => c.code === county) : counties;
  const anySample = shown.some((c) => c.townships.some((t) => t.window?.sample !== false));
  const title = county && shown[0] ? `${shown[0].name}的社会救助窗口` : '找到您的窗口';
  const pick = all.map((c) => `<li><a href="${WINDOWS_PATH}?county=${escapeHtml(c.code)}"${c.code === county ? ' aria-current="page"' : ''}>${escapeHtml(c.name)}</a></li>`).join('');
  const sections = shown
    .map(
      (c) => `<section aria-labelledby="c-${escapeHtml(c.code)}">
<h2 id="c-${escapeHtml(c.code)}">${escapeHtml(c.name)}</h2>
<ul class="card-list">${c.townships.map((t) => windowCard(c, t)).join('\n')}</ul>
</section>`,
    )
    .join('\n');
  return sitePage(
    title,
    `<nav class="crumbs" aria-label="当前位置"><ol><li><a href="/">首页</a></li><li><a href="/areas/">找到您的窗口</a></li>${county && shown[0] ? `<li aria-current="page">${escapeHtml(shown[0].name)}</li>` : ''}</ol></nav>
<h1>${escapeHtml(title)}</h1>
<p>每个乡镇（街道）的为民服务中心都有社会救助窗口。<strong>哪个窗口都可以申请</strong>，工作人员会帮您转到负责的地方办理。</p>
<ul>
<li>低保、特困：到<strong>户籍所在地</strong>或<strong>居住证所在地</strong>的窗口最方便。</li>
<li>遇到急事、难事（临时救助）：到<strong>事情发生地</strong>的窗口。</li>
</ul>
${anySample ? `<p class="callout">标有${SAMPLE}的地址、电话和办公时间是示例，还不是真实信息。去之前请先拨打 <a href="tel:12345">12345</a> 核实。</p>` : ''}
<nav aria-label="选择县区"><p>选择县区：</p><ul class="links">${pick}<li><a href="${WINDOWS_PATH}"${county ? '' : ' aria-current="page"'}>全部县区</a></li></ul></nav>
${sections}
<h2>不知道去哪个窗口？</h2>
<ul>
<li>问您所在村（居）委会，或村里的社会救助协理员。</li>
<li>拨打 <a href="tel:12345">12345</a> 便民服务热线。</li>
</ul>
<h2>给开发者</h2>
<p>县区和乡镇（街道）的数据（JSON 格式，每条注明来源）：<a href="/api/v1/areas"><code>/api/v1/areas</code></a></p>`,
    { path: county ? `${WINDOWS_PATH}?county=${county}` : WINDOWS_PATH, description: '亳州市各乡镇（街道）为民服务中心社会救助窗口的地址、电话和办公时间。' },
  );
}
