/**
 * The no-JavaScript 试算 form (`GET /api/v1/estimate`, shared/http/estimate-page.ts) → the same JSON the
 * JavaScript 试算 (portal/public/estimate.js) posts to `POST /api/v1/calculations`, before the same schema
 * validates it and the same `calculate` answers (docs/architecture.md § Layers: an estimate and a payment
 * cannot disagree). Field names are the JSON dot paths with money in 元 (`household.members.0.monthlyIncome`
 * = "300" → `monthlyIncomeFen: 30000`). Birth dates, never ID numbers. Trailing blank member blocks are
 * dropped; the date is today in Asia/Shanghai. Unreadable text is passed on so the schema names the field.
 */
import { dateShanghai } from '../clock.ts';
import { yuanToFen } from './application-form.ts';

/** How many member blocks the plain 试算 form offers (block 0 is the applicant). */
export const ESTIMATE_MEMBER_BLOCKS = 4;

const whole = (text: string): number | string => {
  const t = text.replace(/\s+/gu, '').replace(/[０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /^\d{1,3}$/u.test(t) ? Number(t) : text;
};

/** Flat "a.b.0.c" → string, from flat form fields or their nesting by the body parser. */
function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = value;
  return out;
}

export function estimateFromForm(form: Record<string, unknown>, now: Date = new Date()): unknown {
  const fields = flatten(form);
  const get = (path: string): string | undefined => {
    const v = fields[path];
    const t = typeof v === 'string' ? v.trim() : undefined;
    return t ? t : undefined;
  };
  const money = (path: string) => {
    const v = get(path);
    return v === undefined ? undefined : yuanToFen(v);
  };
  const members: Record<string, unknown>[] = [];
  for (let n = 0; n < ESTIMATE_MEMBER_BLOCKS; n++) {
    const p = `household.members.${n}`;
    const filled =
      [`${p}.birthDate`, `${p}.monthlyIncome`, `${p}.disability.category`, `${p}.illness`, `${p}.inSchool`].some((k) => get(k) !== undefined) || (n > 0 && get(`${p}.relation`) !== undefined);
    if (n > 0 && !filled) continue;
    const m: Record<string, unknown> = { name: `成员${n + 1}`, relation: n === 0 ? 'self' : (get(`${p}.relation`) ?? 'other') };
    const birth = get(`${p}.birthDate`);
    if (birth !== undefined) m.birthDate = birth;
    m.monthlyIncomeFen = money(`${p}.monthlyIncome`);
    const category = get(`${p}.disability.category`);
    if (category) {
      const grade = get(`${p}.disability.grade`);
      m.disability = { category, grade: grade === undefined ? undefined : whole(grade) };
    }
    if (get(`${p}.illness`)) m.illness = 'serious';
    if (get(`${p}.inSchool`)) m.inSchool = true;
    members.push(m);
  }
  const count = (path: string) => {
    const v = get(path);
    return v === undefined ? undefined : whole(v);
  };
  const type = get('type');
  const body: Record<string, unknown> = {
    type,
    date: dateShanghai(now),
    area: { county: get('area.county'), township: get('area.township'), residence: get('area.residence'), hukou: 'local' },
    household: { members, assets: { financialFen: money('household.assets.financial'), vehicles: count('household.assets.vehicles'), properties: count('household.assets.properties') } },
  };
  if (type === 'linshi') {
    const kind = get('hardship.kind');
    const amount = money('hardship.amount');
    const covered = money('hardship.covered') ?? 0;
    // The need (十三), as estimate.js builds it: 支出型 the expense less what others cover; 急难型 the immediate need.
    const need = kind === 'emergency' ? { immediate: [{ category: 'other', amountFen: amount }] } : { expenses: [{ category: 'other', amountFen: amount }], covered: { otherPayersFen: covered } };
    body.hardship = { kind, description: '试算', amountFen: amount, need };
  }
  return body;
}
