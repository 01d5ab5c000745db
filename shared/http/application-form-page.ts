/**
 * The plain application form — one page, no JavaScript needed — as one HTML renderer used twice: the
 * portal builds /apply/form/ from it empty, and when a post of it is refused the API answers with the
 * SAME form filled with everything that was sent (ID numbers included: the answer goes only to the
 * person who typed them, `no-store`, never logged) and every error at once in one summary at the top,
 * each linking to its field, which shows the message too. Nobody has to rely on the browser's Back.
 *
 * Field names are the JSON dot paths of the Application (docs/architecture.md § Wire shapes), money in 元
 * and named without `Fen`; shared/contract/application-form.ts maps them to the JSON shape and error
 * paths back to these field ids.
 */
import { COUNTIES } from '../reference/areas.ts';
import { AGENT_RELATIONS } from '../cases/agent-relations.ts';
import { formFieldFor, formFieldLabel, formMessageFor } from '../contract/application-form.ts';
import type { FieldError } from '../errors.ts';
import { escapeHtml, sitePage } from './site-page.ts';

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

/** Types a resident applies for here (流浪乞讨 help is given on the spot, without a form). */
export const APPLY_TYPES: readonly Option[] = [
  { value: 'dibao', label: '最低生活保障（低保）', hint: '家庭收入低，基本生活有困难' },
  { value: 'tekun', label: '特困人员救助供养', hint: '没有劳动能力、没有生活来源、没有人赡养抚养' },
  { value: 'linshi', label: '临时救助', hint: '突然遇到急事难事，或看病等开支太大，生活一时过不去' },
  { value: 'medical', label: '医疗救助', hint: '看病费用负担不起' },
  { value: 'education', label: '教育救助', hint: '孩子上学有困难' },
  { value: 'housing', label: '住房救助', hint: '住房有困难' },
  { value: 'employment', label: '就业救助', hint: '找工作有困难' },
  { value: 'disability', label: '残疾人两项补贴', hint: '困难残疾人生活补贴和重度残疾人护理补贴' },
  { value: 'child', label: '困境儿童保障', hint: '孩子没有人抚养，或生活有困难' },
];

export const RESIDENCE: readonly Option[] = [
  { value: 'urban', label: '城市（城镇）' },
  { value: 'rural', label: '农村' },
];

export const HUKOU: readonly Option[] = [
  { value: 'local', label: '户口在这里' },
  { value: 'residencePermit', label: '户口不在这里，但有这里的居住证' },
  { value: 'elsewhere', label: '户口不在这里，也没有居住证', hint: '只能申请临时救助等急难救助' },
];

export const RELATIONS: readonly Option[] = [
  { value: 'spouse', label: '配偶（丈夫或妻子）' },
  { value: 'child', label: '子女' },
  { value: 'parent', label: '父母' },
  { value: 'grandparent', label: '祖父母、外祖父母' },
  { value: 'grandchild', label: '孙子女、外孙子女' },
  { value: 'sibling', label: '兄弟姐妹' },
  { value: 'other', label: '其他' },
];

export const DISABILITY: readonly Option[] = [
  { value: '', label: '没有残疾' },
  { value: 'physical', label: '肢体残疾' },
  { value: 'visual', label: '视力残疾' },
  { value: 'hearing', label: '听力残疾' },
  { value: 'speech', label: '言语残疾' },
  { value: 'intellectual', label: '智力残疾' },
  { value: 'mental', label: '精神残疾' },
  { value: 'multiple', label: '多重残疾' },
];

export const GRADES: readonly Option[] = [
  { value: '', label: '请选择' },
  { value: '1', label: '一级' },
  { value: '2', label: '二级' },
  { value: '3', label: '三级' },
  { value: '4', label: '四级' },
];

export const HARDSHIP: readonly Option[] = [
  { value: 'emergency', label: '急难型', hint: '突然遇到火灾、交通事故、突发重病等，生活马上过不去' },
  { value: 'expenditure', label: '支出型', hint: '看病、上学等必需开支太大，生活出现困难' },
];

export const COUNTY_OPTIONS: readonly Option[] = COUNTIES.map((c) => ({ value: c.code, label: c.name }));

/** Townships grouped by county, for <optgroup>. Sample data says so (shared/reference/areas.ts). */
export const TOWNSHIP_GROUPS = COUNTIES.map((c) => ({ county: c.code, label: c.name, townships: c.townships.map((t) => ({ value: t.code, label: t.name })) }));

/** How many member blocks the single-page form offers (the applicant is block 0). */
export const FORM_MEMBER_BLOCKS = 6;

/** What was sent, flat ("household.members.1.name" → "…"), and the message for each field at fault. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

const EMPTY: FormState = { values: {}, errors: {} };

const attr = (name: string, value: string | undefined) => (value === undefined ? '' : ` ${name}="${escapeHtml(value)}"`);
const describedBy = (...ids: (string | false | undefined)[]) => {
  const list = ids.filter(Boolean).join(' ');
  return list ? ` aria-describedby="${escapeHtml(list)}"` : '';
};
const hintHtml = (id: string, hint?: string) => (hint ? `<span class="hint" id="${escapeHtml(id)}-hint">${escapeHtml(hint)}</span>` : '');
const errorHtml = (id: string, message?: string) => (message ? `<span class="error-message" id="${escapeHtml(id)}-error">${escapeHtml(message)}</span>` : '');
const fieldClass = (s: FormState, name: string, extra = '') => `field${extra}${s.errors[name] ? ' field-error' : ''}`;
const invalid = (s: FormState, name: string) => (s.errors[name] ? ' aria-invalid="true"' : '');

interface TextOptions {
  hint?: string;
  type?: 'text' | 'tel';
  size?: 'short' | 'id';
  money?: boolean;
  numeric?: boolean;
  /**
   * An ID number: 17 digits and a check character that may be X. `inputmode="numeric"` would hide the X on
   * most phone keyboards (about one ID number in eleven ends in X), so it is `text`, upper-cased, unchecked.
   */
  id?: boolean;
  autocomplete?: string;
  textarea?: boolean;
}

export function textField(s: FormState, name: string, label: string, o: TextOptions = {}): string {
  const value = s.values[name];
  const err = s.errors[name];
  const aria = `${describedBy(o.hint && `${name}-hint`, err && `${name}-error`)}${invalid(s, name)}`;
  const cls = o.size === 'short' ? 'input-short' : o.size === 'id' ? 'input-id' : undefined;
  const inputmode = o.money ? 'decimal' : o.numeric ? 'numeric' : o.type === 'tel' ? 'tel' : o.id ? 'text' : undefined;
  const n = escapeHtml(name);
  let control: string;
  if (o.textarea) control = `<textarea id="${n}" name="${n}" rows="5"${aria}>${escapeHtml(value ?? '')}</textarea>`;
  else if (o.money)
    control = `<div class="input-money"><input type="text" id="${n}" name="${n}"${attr('value', value)} inputmode="decimal" autocomplete="off" spellcheck="false"${aria}><span aria-hidden="true">元</span></div>`;
  else
    control = `<input type="${o.type ?? 'text'}" id="${n}" name="${n}"${attr('class', cls)}${attr('value', value)}${attr('inputmode', inputmode)} autocomplete="${escapeHtml(o.autocomplete ?? 'off')}"${o.id ? ' autocapitalize="characters"' : ''} spellcheck="false"${aria}>`;
  return `<div class="${fieldClass(s, name)}" data-field="${n}"><label for="${n}">${escapeHtml(label)}</label>${hintHtml(name, o.hint)}${errorHtml(name, err)}${control}</div>`;
}

/** A radio group: the first radio's id is the field name, so an error can link to it. */
export function radios(s: FormState, name: string, legend: string, options: readonly Option[]): string {
  const err = s.errors[name];
  const id = (i: number) => (i === 0 ? name : `${name}-${options[i]!.value}`);
  const choices = options
    .map((o, i) => {
      const checked = s.values[name] === o.value ? ' checked' : '';
      return `<div class="choice"><input type="radio" id="${escapeHtml(id(i))}" name="${escapeHtml(name)}" value="${escapeHtml(o.value)}"${checked}${describedBy(o.hint && `${id(i)}-hint`)}><label for="${escapeHtml(id(i))}">${escapeHtml(o.label)}${o.hint ? `<span class="hint" id="${escapeHtml(id(i))}-hint">${escapeHtml(o.hint)}</span>` : ''}</label></div>`;
    })
    .join('');
  return `<div class="${fieldClass(s, name)}" data-field="${escapeHtml(name)}"><fieldset${describedBy(err && `${name}-error`)}><legend>${escapeHtml(legend)}</legend>${errorHtml(name, err)}<div class="choices">${choices}</div></fieldset></div>`;
}

interface SelectOptions {
  hint?: string;
  options?: readonly Option[];
  groups?: readonly { label: string; county?: string; townships: readonly Option[] }[];
  placeholder?: string;
}

export function selectField(s: FormState, name: string, label: string, o: SelectOptions): string {
  const value = s.values[name] ?? '';
  const err = s.errors[name];
  const option = (x: Option) => `<option value="${escapeHtml(x.value)}"${x.value === value ? ' selected' : ''}>${escapeHtml(x.label)}</option>`;
  const placeholder = o.placeholder !== undefined ? `<option value="">${escapeHtml(o.placeholder)}</option>` : '';
  const groups = (o.groups ?? []).map((g) => `<optgroup label="${escapeHtml(g.label)}"${attr('data-county', g.county)}>${g.townships.map(option).join('')}</optgroup>`).join('');
  const n = escapeHtml(name);
  return `<div class="${fieldClass(s, name)}" data-field="${n}"><label for="${n}">${escapeHtml(label)}</label>${hintHtml(name, o.hint)}${errorHtml(name, err)}<select id="${n}" name="${n}"${describedBy(o.hint && `${name}-hint`, err && `${name}-error`)}${invalid(s, name)}>${placeholder}${(o.options ?? []).map(option).join('')}${groups}</select></div>`;
}

export function checkbox(s: FormState, name: string, label: string, value = 'on'): string {
  const err = s.errors[name];
  const checked = s.values[name] !== undefined && s.values[name] !== '' ? ' checked' : '';
  const n = escapeHtml(name);
  return `<div class="${fieldClass(s, name, ' choice')}" data-field="${n}">${errorHtml(name, err)}<input type="checkbox" id="${n}" name="${n}" value="${escapeHtml(value)}"${checked}${describedBy(err && `${name}-error`)}${invalid(s, name)}><label for="${n}">${escapeHtml(label)}</label></div>`;
}

function member(s: FormState, n: number): string {
  const p = `household.members.${n}`;
  const head =
    n === 0
      ? `<fieldset class="group" id="${p}"><legend>您本人的情况</legend><input type="hidden" name="${p}.relation" value="self">${textField(s, `${p}.monthlyIncome`, '每月收入大约多少元', { hint: '工资、养老金、经营和务农收入等，算平均每月的。没有收入请填 0。', money: true })}`
      : `<fieldset class="group" id="${p}"><legend>第${n + 1}位家庭成员</legend>${textField(s, `${p}.name`, '姓名')}${textField(s, `${p}.idNumber`, '身份证号码', { size: 'id', id: true })}${selectField(s, `${p}.relation`, '和您是什么关系', { options: RELATIONS, placeholder: '请选择' })}${textField(s, `${p}.monthlyIncome`, '每月收入大约多少元（没有填 0）', { money: true })}`;
  return `${head}
${selectField(s, `${p}.disability.category`, '有没有残疾', { options: DISABILITY })}
${selectField(s, `${p}.disability.grade`, '残疾等级（有残疾的才需要选）', { options: GRADES })}
${checkbox(s, `${p}.illness`, '患有重病', 'serious')}
${checkbox(s, `${p}.inSchool`, '正在上学')}
${checkbox(s, `${p}.employed`, '正在工作（包括打零工）')}
</fieldset>`;
}

const AGENT_FOR: readonly Option[] = [
  { value: 'self', label: '为自己申请' },
  { value: 'other', label: '替别人申请（代办）', hint: '例如替家里的老人、住院的亲人申请。' },
];
const AGENT_RELATION_OPTIONS: readonly Option[] = Object.entries(AGENT_RELATIONS).map(([value, label]) => ({ value, label }));
const AGENT_CONSENT_BY: readonly Option[] = [
  { value: 'applicant', label: '申请人本人' },
  { value: 'guardian', label: '申请人的监护人', hint: '申请人未满18周岁，或者自己不能作决定时。' },
];

/**
 * 代办 (shared/cases/agent.ts) on the single page: the same questions and field names as the journey's
 * /apply/who/ (portal/src/components/AgentFields.astro), mapped by shared/contract/agent-form.ts.
 */
function agentFields(s: FormState): string {
  return `${radios({ ...s, values: { agentFor: 'self', ...s.values } }, 'agentFor', '您是为自己申请，还是替别人申请？', AGENT_FOR)}
<fieldset class="group" id="agent" aria-describedby="agent-hint"><legend>替别人申请（代办）时填写</legend>
<span class="hint" id="agent-hint">为自己申请的，这几项不用填。</span>
${textField(s, 'agent.name', '您（代办人）的姓名', { autocomplete: 'name' })}
${textField(s, 'agent.phone', '您（代办人）的手机号码', { hint: '办理中有事，工作人员也会联系您。', type: 'tel', size: 'id', autocomplete: 'tel' })}
${radios(s, 'agent.relation', '您是申请人的什么人？', AGENT_RELATION_OPTIONS)}
${radios(s, 'agent.consent.by', '谁同意由您代为申请？', AGENT_CONSENT_BY)}
${textField(s, 'agent.consent.guardianName', '监护人姓名', { hint: '由监护人同意的才填。' })}
${checkbox(s, 'agent.consent.confirmed', '申请人本人（或监护人）已经同意由我代为申请')}
<p class="hint">乡镇（街道）受理时会请他们签字或按手印确认。核对家庭经济状况，仍然需要家里每位成年人自己授权。</p>
</fieldset>`;
}

/** The form itself, empty or as it was sent. `token` keeps the page's idempotency token across a refusal. */
export function applicationFormHtml(state: FormState = EMPTY): string {
  const s = state;
  const token = s.values.idempotencyToken ?? '';
  const others = Array.from({ length: FORM_MEMBER_BLOCKS - 1 }, (_, i) => i + 1);
  return `<form method="post" action="/api/v1/applications" accept-charset="utf-8" novalidate>
<input type="hidden" name="idempotencyToken" id="idempotencyToken" value="${escapeHtml(token)}">
<h2 id="section-type">一、申请事项</h2>
${radios(s, 'type', '您要申请哪种救助？', APPLY_TYPES)}
<h2 id="section-area">二、居住地</h2>
${selectField(s, 'area.county', '县区', { options: COUNTY_OPTIONS, placeholder: '请选择县区' })}
${selectField(s, 'area.township', '乡镇（街道）', { hint: '乡镇（街道）名单是示例数据。', groups: TOWNSHIP_GROUPS, placeholder: '请选择乡镇（街道）' })}
${radios(s, 'area.residence', '您住在城市还是农村？', RESIDENCE)}
${radios(s, 'area.hukou', '您的户口在这里吗？', HUKOU)}
<h2 id="section-agent">三、为谁申请</h2>
${agentFields(s)}
<h2 id="section-applicant">四、申请人（要得到救助的人）</h2>
<p>替别人申请的，这里填<strong>被申请的那个人</strong>的信息。</p>
${textField(s, 'applicant.name', '姓名', { autocomplete: 'name' })}
${textField(s, 'applicant.idNumber', '身份证号码', { hint: '18位，最后一位可能是 X。中间有空格也没关系。', size: 'id', id: true })}
${textField(s, 'applicant.phone', '联系电话', { hint: '手机号码，或带区号的固定电话。', type: 'tel', size: 'id', autocomplete: 'tel' })}
${member(s, 0)}
<h2 id="section-members">五、一起生活的家庭成员</h2>
<p>请从第2位开始依次填写，没有的空着不填。超过 ${FORM_MEMBER_BLOCKS} 人的，请到窗口申请或拨打 12345。</p>
${others.map((n) => member(s, n)).join('\n')}
<h2 id="section-assets">六、家里的财产</h2>
${textField(s, 'household.assets.financial', '存款等金融资产，全家一共大约多少元', { hint: '包括银行存款、理财、股票等。没有请填 0。', money: true })}
${textField(s, 'household.assets.vehicles', '家里有几辆汽车等机动车', { hint: '残疾人用的功能性代步车不算。没有请填 0。', size: 'short', numeric: true })}
${textField(s, 'household.assets.properties', '家里有几套住房', { hint: '没有请填 0。', size: 'short', numeric: true })}
<h2 id="section-hardship">七、遇到的困难（只有申请临时救助才填）</h2>
${radios(s, 'hardship.kind', '是哪一种困难？', HARDSHIP)}
${textField(s, 'hardship.description', '请简单说说发生了什么', { textarea: true })}
${textField(s, 'hardship.amount', '这次困难大约需要多少钱', { money: true })}
<h2 id="section-consent">八、同意核对家庭经济状况</h2>
<p>您同意以后，县里的居民家庭经济状况核对机构会向银行、社保、房产、车辆管理等部门查询您和一起生活的家庭成员的收入和财产情况。查到的信息只用于办理您的申请，依法保密。家里每一位成年人都要同意。低保、特困和支出型临时救助必须经过核对。</p>
${checkbox(s, 'consent.economicCheck', '我和家里每一位成年人都同意核对我们的家庭经济状况')}
<h2 id="section-submit">九、提交</h2>
<p>提交即表示您确认以上内容真实。</p>
<div class="actions"><button type="submit" class="button">提交申请</button></div>
</form>`;
}

export const FORM_INTRO = '请从上到下填写，最后点“提交申请”。金额都以<strong>元</strong>为单位。填错了会告诉您哪里要改，已经填的内容不会丢。';

/** Flat "a.b.0.c" → string, from the nested object the body parser makes of a form post. */
export function flatFields(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) value.forEach((v, i) => flatFields(v, prefix ? `${prefix}.${i}` : String(i), out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatFields(v, prefix ? `${prefix}.${k}` : k, out);
  else if (typeof value === 'string') out[prefix] = value;
  return out;
}

/** Each error once per form field, in the form's order of the errors given, worded for the form. */
export function formErrors(errors: readonly FieldError[] = []): { field: string; label: string; message: string }[] {
  const seen = new Set<string>();
  const out: { field: string; label: string; message: string }[] = [];
  for (const e of errors) {
    const field = formFieldFor(e.field);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, label: formFieldLabel(field), message: formMessageFor(e) });
  }
  return out;
}

/**
 * The refused form, as a page: title "错误：…", one error summary (every error, each a link to its field),
 * then the form with everything sent and each message at its field. A refusal that names no field
 * (a duplicate, too many attempts) says what happened in the summary.
 */
export function applicationFormErrorPage(problem: { title?: string; detail?: string; errors?: FieldError[]; existingReference?: unknown }, sent: unknown): string {
  const errors = formErrors(problem.errors);
  const values = flatFields(sent);
  const state: FormState = { values, errors: Object.fromEntries(errors.map((e) => [e.field, e.message])) };
  const heading = errors.length > 0 ? `申请表有 ${errors.length} 处需要修改` : (problem.title ?? '提交没有成功');
  const list = errors.length
    ? `<ul class="error-list">${errors.map((e) => `<li data-field="${escapeHtml(e.field)}"><a href="#${escapeHtml(e.field)}">${escapeHtml(e.label)}：${escapeHtml(e.message)}</a></li>`).join('\n')}</ul>`
    : `<p>${escapeHtml(problem.detail ?? '请稍后再试。')}</p>`;
  // Refused where it was chosen (四): say what the person can do instead.
  const elsewhere = (problem.errors ?? []).some((e) => e.code === 'not-resident')
    ? '<p>您可以：在上面改选“临时救助”和“急难型”，在急难发生地申请；或者到户籍地、居住证所在地的<a href="/areas/">乡镇（街道）社会救助窗口</a>申请。</p>'
    : '';
  const existing = typeof problem.existingReference === 'string' ? problem.existingReference : undefined;
  const track = existing ? `<p>您已经有一件正在办理的申请，申请编号 <strong class="ref">${escapeHtml(existing)}</strong>。不必重复申请，可以<a href="/track/">查询办理进度</a>。</p>` : '';
  return sitePage(
    `错误：${heading}`,
    `<h1>社会救助申请表</h1>
<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${escapeHtml(heading)}</h2>
${list}
${elsewhere}
${track}
<p>您的申请<strong>还没有提交</strong>。您已经填写的内容都在下面，改好后再点最下面的“提交申请”。需要帮助，请拨打 <a href="tel:12345">12345</a>。</p>
</div>
${applicationFormHtml(state)}`,
  );
}
