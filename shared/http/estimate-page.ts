/**
 * 试算 without JavaScript: `GET /api/v1/estimate` renders this plain form, posted to
 * `POST /api/v1/calculations`, which answers with the same page — the form as sent and the result below it
 * (or every error at once in one summary). The form's fields are mapped by shared/contract/estimate-form.ts
 * to the JSON the JavaScript 试算 posts, so both run the one `calculate` (docs/architecture.md § Layers).
 * Birth dates only, never ID numbers; nothing is stored.
 */
import type { FieldError } from '../errors.ts';
import { formatYuan } from '../money.ts';
import { ESTIMATE_MEMBER_BLOCKS } from '../contract/estimate-form.ts';
import { formFieldFor, formFieldLabel, formMessageFor } from '../contract/application-form.ts';
import {
  checkbox,
  COUNTY_OPTIONS,
  DISABILITY,
  flatFields,
  type FormState,
  GRADES,
  HARDSHIP,
  type Option,
  RELATIONS,
  RESIDENCE,
  radios,
  selectField,
  TOWNSHIP_GROUPS,
  textField,
} from './application-form-page.ts';
import { escapeHtml, sitePage } from './site-page.ts';

export const ESTIMATE_PATH = '/api/v1/estimate';

const TYPES: readonly Option[] = [
  { value: 'dibao', label: '最低生活保障（低保）' },
  { value: 'tekun', label: '特困人员救助供养' },
  { value: 'linshi', label: '临时救助' },
];

const EMPTY: FormState = { values: { type: 'dibao' }, errors: {} };

function member(s: FormState, n: number): string {
  const p = `household.members.${n}`;
  const who = n === 0 ? '第1位：申请人本人' : `第${n + 1}位家庭成员（没有就空着）`;
  const relation = n === 0 ? '' : selectField(s, `${p}.relation`, '和申请人的关系', { options: RELATIONS, placeholder: '请选择' });
  return `<fieldset class="group" id="${p}"><legend>${who}</legend>${relation}
${textField(s, `${p}.birthDate`, '出生日期', { hint: '例如 1955-03-08', size: 'id' })}
${textField(s, `${p}.monthlyIncome`, '每月收入大约多少元', { hint: '没有收入请填 0', money: true })}
${selectField(s, `${p}.disability.category`, '有没有残疾', { options: DISABILITY })}
${selectField(s, `${p}.disability.grade`, '残疾等级（有残疾的才需要选）', { options: GRADES })}
${checkbox(s, `${p}.illness`, '患有重病', 'serious')}
${checkbox(s, `${p}.inSchool`, '正在上学')}
</fieldset>`;
}

/** The plain 试算 form, empty or as it was sent. */
export function estimateFormHtml(state: FormState = EMPTY): string {
  const s = state;
  return `<form id="estimate-plain" method="post" action="/api/v1/calculations" accept-charset="utf-8" novalidate>
${radios(s, 'type', '想了解哪种救助？', TYPES)}
${selectField(s, 'area.county', '县区', { options: COUNTY_OPTIONS, placeholder: '请选择县区' })}
${selectField(s, 'area.township', '乡镇（街道）', { hint: '乡镇（街道）名单是示例数据。', groups: TOWNSHIP_GROUPS, placeholder: '请选择乡镇（街道）' })}
${radios(s, 'area.residence', '住在城市还是农村？', RESIDENCE)}
<h2>家里的人</h2>
<p>请把一起生活的家庭成员都填上，没有的空着。超过 ${ESTIMATE_MEMBER_BLOCKS} 人的，请到窗口或拨打 12345 估算。</p>
${Array.from({ length: ESTIMATE_MEMBER_BLOCKS }, (_, n) => member(s, n)).join('\n')}
<h2>家里的财产</h2>
${textField(s, 'household.assets.financial', '存款等金融资产，全家一共大约多少元', { hint: '没有请填 0。', money: true })}
${textField(s, 'household.assets.vehicles', '家里有几辆汽车等机动车', { hint: '没有请填 0。', size: 'short', numeric: true })}
${textField(s, 'household.assets.properties', '家里有几套住房', { hint: '没有请填 0。', size: 'short', numeric: true })}
<h2>遇到的困难（只有临时救助才填）</h2>
${radios(s, 'hardship.kind', '是哪一种困难？', HARDSHIP)}
${textField(s, 'hardship.amount', '这次困难的支出（支出型）或马上需要的钱（急难型），大约多少元', { money: true })}
${textField(s, 'hardship.covered', '已经由保险、医保报销、其他救助或别人负担了多少元（支出型；没有请填 0）', { hint: '这部分会从支出里减去，剩下的才算“需要”。', money: true })}
<div class="actions"><button type="submit" class="button">看看试算结果</button></div>
</form>`;
}

const INTRO = `<p>回答几个问题，看看按现行标准大概能得到多少救助，以及为什么。<strong>只问出生日期，不需要身份证号码</strong>，填的内容不会保存。</p>
<p class="not-decision">试算结果只是估算，<strong>不是审核决定</strong>。能不能得到救助、得到多少，以乡镇（街道）审核确认为准。</p>`;

/** The empty form as a page (the link from /estimate/ for readers without JavaScript). */
export function estimateFormPage(): string {
  return sitePage('试算', `<h1>试算：大概能得到多少救助</h1>\n${INTRO}\n${estimateFormHtml()}`, { path: ESTIMATE_PATH, description: '回答几个问题，估算可能得到的救助金额和理由。' });
}

export interface EstimateAnswer {
  eligible: boolean;
  monthlyAmountFen?: number;
  oneOffAmountFen?: number;
  trace?: { measure: string; detail: string }[];
  parameterVersions?: { example?: boolean }[];
}

const cite = (measure: string) => `依据措施${escapeHtml(String(measure).replace('(', '（').replace(')', '）'))}`;

/** The result, as estimate.js shows it. */
export function estimateResultHtml(d: EstimateAnswer): string {
  const amounts: string[] = [];
  if (d.eligible) {
    if ((d.monthlyAmountFen ?? 0) > 0) amounts.push(`<p>按您填写的情况，大概每月可以得到：</p><p class="amount">${escapeHtml(formatYuan(d.monthlyAmountFen!))}</p>`);
    if ((d.oneOffAmountFen ?? 0) > 0) amounts.push(`<p>大概可以一次性得到：</p><p class="amount">${escapeHtml(formatYuan(d.oneOffAmountFen!))}</p>`);
    if (amounts.length === 0) amounts.push('<p class="amount">可能符合条件，金额需要审核时确定</p>');
  } else {
    amounts.push('<p class="amount">按您填写的情况，可能不符合条件</p><p>情况有变化，或者您觉得不对，仍然可以申请或咨询 12345。</p>');
  }
  const reasons = (d.trace ?? []).map((t) => `<li>${escapeHtml(t.detail)} <span class="cite">${cite(t.measure)}</span></li>`).join('');
  const example = (d.parameterVersions ?? []).some((p) => p.example) ? '<p class="note">计算用到的标准中有示例值，不是正式标准。请看救助标准页面的说明。</p>' : '';
  return `<section id="estimate-result" class="result" aria-labelledby="estimate-result-title" tabindex="-1">
<h2 id="estimate-result-title">试算结果</h2>
<p class="not-decision">这不是审核决定。以下只是按您填写的情况估算，能不能得到救助、得到多少，以乡镇（街道）审核确认为准。</p>
${amounts.join('\n')}
<h3>为什么是这个结果</h3>
<ol class="reasons">${reasons}</ol>
${example}
<p><a href="/apply/">去申请</a>　<a href="/guide/">阅读办事指南</a></p>
</section>`;
}

/** The answer to the plain form: the result first (so it is on the first screen), then the form as sent to change and try again. */
export function estimateResultPage(d: EstimateAnswer, sent: unknown): string {
  return sitePage(
    '试算结果',
    `<h1>试算：大概能得到多少救助</h1>
${estimateResultHtml(d)}
<h2>改一改再算</h2>
<p>您填写的内容都在下面，改好后再点“看看试算结果”。</p>
${estimateFormHtml({ values: flatFields(sent), errors: {} })}`,
  );
}

/** A JSON path of the 试算 back to its form field: member ID numbers are birth dates here; the date is today's. */
function fieldOf(path: string): string {
  const m = /^household\.members\.(\d+)\.idNumber$/u.exec(path);
  if (m || path === 'household.members') return `household.members.${m?.[1] ?? 0}.birthDate`;
  if (path === 'date') return 'type';
  if (path.startsWith('hardship.need')) return 'hardship.amount';
  return formFieldFor(path);
}

const labelOf = (field: string) => {
  const m = /^household\.members\.(\d+)\.birthDate$/u.exec(field);
  if (m) return Number(m[1]) === 0 ? '申请人本人的出生日期' : `第${Number(m[1]) + 1}位家庭成员的出生日期`;
  if (field === 'hardship.covered') return '已经负担的金额';
  return formFieldLabel(field);
};

/** The refused form: every error at once in one summary, each linked to its field, and the form as sent. */
export function estimateErrorPage(problem: { title?: string; detail?: string; errors?: FieldError[] }, sent: unknown): string {
  const seen = new Set<string>();
  const errors: { field: string; label: string; message: string }[] = [];
  for (const e of problem.errors ?? []) {
    const field = fieldOf(e.field);
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, label: labelOf(field), message: formMessageFor({ ...e, field: e.field.startsWith('hardship.need') ? 'hardship.amountFen' : e.field }) });
  }
  const heading = errors.length > 0 ? `试算表有 ${errors.length} 处需要修改` : (problem.title ?? '试算没有成功');
  const list = errors.length
    ? `<ul class="error-list">${errors.map((e) => `<li data-field="${escapeHtml(e.field)}"><a href="#${escapeHtml(e.field)}">${escapeHtml(e.label)}：${escapeHtml(e.message)}</a></li>`).join('\n')}</ul>`
    : `<p>${escapeHtml(problem.detail ?? '请稍后再试。')}</p>`;
  return sitePage(
    `错误：${heading}`,
    `<h1>试算：大概能得到多少救助</h1>
<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${escapeHtml(heading)}</h2>
${list}
<p>您已经填写的内容都在下面，改好后再点“看看试算结果”。</p>
</div>
${estimateFormHtml({ values: flatFields(sent), errors: Object.fromEntries(errors.map((e) => [e.field, e.message])) })}`,
  );
}
