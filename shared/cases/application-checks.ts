import { findTownship } from '../reference/areas.ts';
import type { FieldError } from '../errors.ts';
import type { AssistanceType } from '../rules/calculate.ts';
import { consentMayFollow, TYPE_PROFILES } from './assistance-types.ts';

/**
 * The rules an application must meet before it is filed (四)(十三)(十九)(二十), as one pure function over
 * what was sent — whole or not — so every refusal is reported in one round: the request schema runs it
 * even when other fields are wrong (shared/contract/application.ts), `createApplication` runs it again,
 * and the portal asks it on the page where the answer is chosen (`hukouGate`, served to the pages as
 * /apply-rules.js). Each returns FieldErrors with a stable code; nothing here reads the database.
 */

type Loose = Record<string, unknown> | undefined;
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined);
const isType = (v: unknown): v is AssistanceType => typeof v === 'string' && Object.hasOwn(TYPE_PROFILES, v);

/**
 * Where people may apply (四): without 户籍 here and without a 居住证 here, only urgent help (急难型临时救助,
 * 流浪乞讨, 受灾) may be applied for where the emergency happened; everything else goes to the 户籍 or
 * 居住证 place. Undefined when the combination is allowed or not yet known. Self-contained (no imports
 * used inside), because the portal serves its source to the browser as it is.
 */
export function hukouGate(type: unknown, hukou: unknown, hardshipKind?: unknown): { code: string; message: string } | undefined {
  if (hukou !== 'elsewhere' || typeof type !== 'string') return undefined;
  const urgentTypes: Record<string, true> = { disaster: true, vagrant: true };
  if (urgentTypes[type] || (type === 'linshi' && hardshipKind !== 'expenditure')) return undefined;
  return {
    code: 'not-resident',
    message:
      type === 'linshi'
        ? '户籍不在本地、也没有本地居住证的，可以在急难发生地申请急难型临时救助；支出型临时救助请向户籍地或居住证所在地申请（四）'
        : '户籍不在本地、也没有本地居住证的，可以在急难发生地申请临时救助等急难救助；低保等请向户籍地或居住证所在地申请（四）',
  };
}

export interface CheckOptions {
  /** A household a grid worker reports waits for consent (十九): consent is not asked yet. */
  consentLater?: boolean;
}

/** Every rule the application breaks, each naming its field. Empty when it may be filed. */
export function applicationChecks(value: unknown, options: CheckOptions = {}): FieldError[] {
  const app = obj(value);
  if (!app) return [];
  const out: FieldError[] = [];
  const type = isType(app.type) ? app.type : undefined;
  const area = obj(app.area);
  const hardship = obj(app.hardship);
  const kind = hardship?.kind === 'emergency' || hardship?.kind === 'expenditure' ? hardship.kind : undefined;

  // Where (四): the township must exist and belong to the county.
  if (area && typeof area.township === 'string' && /^\d{9}(\d{3})?$/u.test(area.township)) {
    const township = findTownship(area.township);
    if (!township) out.push({ field: 'area.township', code: 'unknown', message: '没有这个乡镇（街道）代码，请在 /api/v1/areas 中查找' });
    else if (typeof area.county === 'string' && township.county !== area.county && area.township.startsWith(area.county)) {
      out.push({ field: 'area.county', code: 'mismatch', message: '所选乡镇（街道）不属于这个县区' });
    }
  }
  const gate = hukouGate(type, area?.hukou, kind);
  if (gate) out.push({ field: 'area.hukou', ...gate });

  if (type === 'vagrant') return out;
  // 临时救助 (十三) needs what happened and what it costs.
  if (type === 'linshi' && !hardship) {
    out.push({ field: 'hardship', code: 'required', message: '申请临时救助需要说明遇到的困难（急难型或支出型）和所需金额' });
  }
  // The economic check needs every adult's consent (二十); urgent help may come first (十三).
  const consent = obj(app.consent);
  if (type && !options.consentLater && consent?.economicCheck !== true && !consentMayFollow(type, kind)) {
    out.push({ field: 'consent.economicCheck', code: 'required', message: '需要家庭每位成年成员授权核对经济状况，才能办理此项救助（二十）' });
  }
  // Only 流浪乞讨 (十四) may come without ID numbers.
  const applicant = obj(app.applicant);
  if (applicant && !applicant.idNumber) out.push({ field: 'applicant.idNumber', code: 'required', message: '请填写申请人的身份证号码' });
  const household = obj(app.household);
  const members = Array.isArray(household?.members) ? household.members : [];
  members.forEach((m, i) => {
    const member = obj(m);
    if (member && !member.idNumber) {
      out.push({ field: `household.members.${i}.idNumber`, code: 'required', message: '请填写这位家庭成员的身份证号码' });
    }
  });
  return out;
}
