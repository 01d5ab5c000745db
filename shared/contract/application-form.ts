/**
 * The no-JavaScript application form (portal /apply/form/) → the Application JSON shape (docs/architecture.md §
 * Wire shapes), before the same zod schema validates it. Registered as the CONTRACT's `form` mapper
 * of `POST /api/v1/applications`.
 *
 * The form's field names are the JSON dot paths, except that money is typed in 元 and named without
 * `Fen` (`household.members.0.monthlyIncome` = "300.50" → `monthlyIncomeFen: 30050`). Empty strings are
 * absent; a checked checkbox sends "on". Member 0 is the applicant: the form asks for their name and
 * ID number once (as 申请人), and member 0 takes them. Blank member blocks at the end are dropped; a
 * blank block between filled ones is kept so every error's index still points at the block it names.
 *
 * Anything the mapper cannot read is passed on unchanged (a string where a number belongs), so the
 * schema refuses it and names the field; `formFieldFor` maps that JSON path back to the form field and
 * `formMessageFor` words the message for someone typing 元 into a form.
 */
import { parseYuan } from '../money.ts';
import { agentFromForm } from './agent-form.ts';

type Fields = Record<string, unknown>;

/** Flat "a.b.0.c" → string, from either flat form fields or the nested object of `formToObject`. */
function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else if (typeof value === 'string') out[prefix] = value;
  else if (value !== undefined && value !== null) out[prefix] = String(value);
  return out;
}

const CHECKED = new Set(['on', 'true', 'yes', '1', 'serious']);

/** Yuan as typed ("300", "300.50", "1,200", "300元", full-width digits) → fen; unreadable text stays text. */
export function yuanToFen(text: string): number | string {
  const t = text
    .replace(/[０-９．，]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/gu, '')
    .replace(/元$/u, '');
  try {
    return parseYuan(t);
  } catch {
    return text;
  }
}

const whole = (text: string): number | string => {
  const t = text.replace(/\s+/gu, '').replace(/[０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /^\d{1,3}$/u.test(t) ? Number(t) : text;
};

/** ID numbers are read as people write them: spaces anywhere, a lower-case x. */
const idText = (text: string | undefined): string | undefined => (text === undefined ? undefined : text.replace(/\s+/gu, '').toUpperCase());

const MEMBER_TEXT = ['name', 'idNumber', 'monthlyIncome', 'employmentCost'];
const MEMBER_FLAGS = ['illness', 'inSchool', 'orphanBenefit', 'employed'];

/** The form's flat string fields (or `formToObject`'s nesting of them) → the Application JSON shape. */
export function applicationFromForm(fields: Fields): unknown {
  const f = flatten(fields);
  const get = (path: string): string | undefined => {
    const v = f[path]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const out: Record<string, unknown> = {};
  const put = (obj: Record<string, unknown>, key: string, value: unknown) => {
    if (value !== undefined) obj[key] = value;
  };

  put(out, 'type', get('type'));

  const applicant: Record<string, unknown> = {};
  put(applicant, 'name', get('applicant.name'));
  put(applicant, 'idNumber', idText(get('applicant.idNumber')));
  put(applicant, 'phone', get('applicant.phone'));
  out.applicant = applicant;

  const area: Record<string, unknown> = {};
  for (const k of ['county', 'township', 'residence', 'hukou']) put(area, k, get(`area.${k}`));
  out.area = area;

  // 代办 (shared/contract/agent-form.ts): the same fields and mapping as the journey's /apply/who/.
  const agent = agentFromForm({
    agentFor: get('agentFor'),
    agent: {
      name: get('agent.name'),
      phone: get('agent.phone'),
      relation: get('agent.relation'),
      consent: { by: get('agent.consent.by'), confirmed: get('agent.consent.confirmed'), guardianName: get('agent.consent.guardianName') },
    },
  });
  if (agent) out.agent = agent;

  // Members: every index that appears in the fields, in order.
  const indices = [...new Set(Object.keys(f).flatMap((k) => /^household\.members\.(\d+)\./u.exec(k)?.[1] ?? []))]
    .map(Number)
    .filter((n) => n < 100)
    .sort((a, b) => a - b);
  const last = indices.length ? indices[indices.length - 1]! : -1;
  const blocks: Record<string, unknown>[] = [];
  const filledBlocks: boolean[] = [];
  for (let i = 0; i <= last; i++) {
    const p = `household.members.${i}`;
    const member: Record<string, unknown> = {};
    const filled = MEMBER_TEXT.some((k) => get(`${p}.${k}`) !== undefined) || MEMBER_FLAGS.some((k) => get(`${p}.${k}`) !== undefined) || get(`${p}.disability.category`) !== undefined;
    put(member, 'name', get(`${p}.name`) ?? (i === 0 ? get('applicant.name') : undefined));
    put(member, 'idNumber', idText(get(`${p}.idNumber`) ?? (i === 0 ? get('applicant.idNumber') : undefined)));
    put(member, 'relation', get(`${p}.relation`) ?? (i === 0 ? 'self' : undefined));
    const category = get(`${p}.disability.category`);
    if (category !== undefined && category !== 'none') {
      const grade = get(`${p}.disability.grade`);
      member.disability = { category, ...(grade !== undefined ? { grade: whole(grade) } : {}) };
    }
    const illness = get(`${p}.illness`);
    if (illness !== undefined) member.illness = CHECKED.has(illness) ? 'serious' : illness;
    for (const flag of ['inSchool', 'orphanBenefit', 'employed']) {
      const v = get(`${p}.${flag}`);
      if (v !== undefined) member[flag] = CHECKED.has(v) ? true : v === 'false' || v === 'off' ? false : v;
    }
    const income = get(`${p}.monthlyIncome`);
    put(member, 'monthlyIncomeFen', income === undefined ? undefined : yuanToFen(income));
    const cost = get(`${p}.employmentCost`);
    put(member, 'employmentCostFen', cost === undefined ? undefined : yuanToFen(cost));
    blocks.push(member);
    filledBlocks.push(filled || i === 0);
  }
  let end = blocks.length;
  while (end > 1 && !filledBlocks[end - 1]) end--;
  const members = blocks.slice(0, end);

  const assets: Record<string, unknown> = {};
  const financial = get('household.assets.financial');
  put(assets, 'financialFen', financial === undefined ? undefined : yuanToFen(financial));
  const vehicles = get('household.assets.vehicles');
  put(assets, 'vehicles', vehicles === undefined ? undefined : whole(vehicles));
  const properties = get('household.assets.properties');
  put(assets, 'properties', properties === undefined ? undefined : whole(properties));
  out.household = { members, assets };

  // The hardship section is only for 临时救助: what someone applying for 低保 wrote there is not asked about.
  const type = get('type');
  const kind = type === undefined || type === 'linshi' ? get('hardship.kind') : undefined;
  const description = type === undefined || type === 'linshi' ? get('hardship.description') : undefined;
  const amount = type === undefined || type === 'linshi' ? get('hardship.amount') : undefined;
  if (kind !== undefined || description !== undefined || amount !== undefined) {
    const hardship: Record<string, unknown> = {};
    put(hardship, 'kind', kind);
    put(hardship, 'description', description);
    put(hardship, 'amountFen', amount === undefined ? undefined : yuanToFen(amount));
    out.hardship = hardship;
  }

  const consent = get('consent.economicCheck');
  if (consent !== undefined) out.consent = { economicCheck: CHECKED.has(consent) ? true : consent };
  return out;
}

/** Money fields of the JSON shape and their form names (typed in 元). */
const FEN_SUFFIX = /Fen$/u;

/**
 * An error's JSON path (`household.members.1.monthlyIncomeFen`) → the form field's name and id
 * (`household.members.1.monthlyIncome`). Paths that name an object point at its first field.
 */
export function formFieldFor(jsonPath: string): string {
  const parts = jsonPath.split('.').filter(Boolean);
  if (parts.length === 0 || jsonPath === '(body)') return 'type';
  const lastIndex = parts.length - 1;
  parts[lastIndex] = parts[lastIndex]!.replace(FEN_SUFFIX, '');
  const path = parts.join('.');
  // Member 0 is the applicant: the form asks the name and ID number once.
  if (path === 'household.members.0.name') return 'applicant.name';
  if (path === 'household.members.0.idNumber') return 'applicant.idNumber';
  if (path === 'household.members.0.relation') return 'household.members.0.monthlyIncome';
  const member = /^household\.members\.(\d+)(?:\.(.+))?$/u.exec(path);
  if (member) {
    const [, n, rest] = member;
    if (!rest) return `household.members.${n}.name`;
    if (rest === 'disability') return `household.members.${n}.disability.category`;
    return path;
  }
  const objects: Record<string, string> = {
    applicant: 'applicant.name',
    area: 'area.county',
    household: 'household.members.0.monthlyIncome',
    'household.members': 'household.members.0.monthlyIncome',
    'household.assets': 'household.assets.financial',
    'household.obligors': 'household.assets.financial',
    hardship: 'hardship.kind',
    consent: 'consent.economicCheck',
    agent: 'agent.name',
    'agent.consent': 'agent.consent.confirmed',
  };
  return objects[path] ?? path;
}

const MEMBER_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号码',
  relation: '与申请人的关系',
  monthlyIncome: '每月收入',
  employmentCost: '就业成本',
  'disability.category': '残疾类别',
  'disability.grade': '残疾等级',
  illness: '重病情况',
  inSchool: '是否在校读书',
  employed: '是否在工作',
  orphanBenefit: '是否享受孤儿保障',
};

const LABELS: Record<string, string> = {
  type: '申请哪种救助',
  'applicant.name': '申请人姓名',
  'applicant.idNumber': '申请人身份证号码',
  'applicant.phone': '联系电话',
  'area.county': '县区',
  'area.township': '乡镇（街道）',
  'area.residence': '居住在城市还是农村',
  'area.hukou': '户籍情况',
  'household.assets.financial': '存款等金融资产',
  'household.assets.vehicles': '机动车数量',
  'household.assets.properties': '住房套数',
  'hardship.kind': '困难类型',
  'hardship.description': '遇到了什么困难',
  'hardship.amount': '困难金额',
  'consent.economicCheck': '同意核对家庭经济状况',
  agentFor: '为自己申请还是替别人申请',
  'agent.name': '代办人姓名',
  'agent.phone': '代办人手机号码',
  'agent.relation': '代办人是申请人的什么人',
  'agent.consent.by': '谁同意代为申请',
  'agent.consent.guardianName': '监护人姓名',
  'agent.consent.confirmed': '申请人（或监护人）同意代为申请',
};

/** The Chinese label of a form field, as the form shows it ("您本人的每月收入", "第2位家庭成员的姓名"). */
export function formFieldLabel(field: string): string {
  const member = /^household\.members\.(\d+)\.(.+)$/u.exec(field);
  if (member) {
    const n = Number(member[1]);
    const what = MEMBER_LABELS[member[2]!] ?? member[2]!;
    return n === 0 ? `您本人的${what}` : `第${n + 1}位家庭成员的${what}`;
  }
  return LABELS[field] ?? field;
}

const CHOOSE: Record<string, string> = {
  type: '请选择要申请哪种救助',
  'area.county': '请选择县区',
  'area.township': '请选择乡镇（街道）',
  'area.residence': '请选择您住在城市还是农村',
  'area.hukou': '请选择您的户籍情况',
  'hardship.kind': '请选择困难类型：急难型或支出型',
  'agent.relation': '请选择您是申请人的什么人',
  'agent.consent.by': '请选择谁同意由您代为申请：申请人本人或监护人',
  relation: '请选择这位家庭成员与申请人的关系',
  'disability.category': '请选择残疾类别',
  'disability.grade': '请选择残疾等级（1至4级）',
};

/**
 * The message to show beside a form field. Schema messages written for programs (money "单位：分",
 * enum codes) are reworded for someone filling in the form; the others are already plain Chinese.
 */
export function formMessageFor(error: { field: string; code: string; message: string }): string {
  const field = formFieldFor(error.field);
  const last = error.field.split('.').pop() ?? '';
  const typeLike = error.code === 'invalid_type' || error.code === 'invalid_value' || error.code === 'invalid_union';
  if (FEN_SUFFIX.test(last) && typeLike) return '请填写金额，单位是元，例如 300 或 300.50；没有请填 0';
  if ((last === 'vehicles' || last === 'properties') && typeLike) return '请填写数量，例如 0 或 1';
  if (typeLike) {
    const key = /^household\.members\.\d+\.(.+)$/u.exec(field)?.[1] ?? field;
    if (CHOOSE[key]) return CHOOSE[key]!;
  }
  return error.message;
}
