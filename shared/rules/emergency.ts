/**
 * 突发公共事件急难救助 — measure (十五): in a declared emergency the standards are raised by a
 * multiplier and people in badly affected areas get a temporary living subsidy.
 *
 * Two guarantees hold for every day an emergency covers:
 * - 特困 stays ≥ `tekun.minRatio` (1.3 ×) of the 低保 in force that day (六): `raisedStandards` raises
 *   低保 and 特困 together and, where rounding or a 低保-only raise would leave 特困 below it, lifts 特困 to
 *   the smallest amount that keeps the ratio; `raiseViolations` is the check a declaration must pass.
 * - A month is paid by the days the emergency covers: `byDays` (one rounding, half up to the fen, on each
 *   covered stretch's share).
 */
import { divRound, formatYuan, isAtLeastRatio, mulBp, mulInt } from '../money.ts';
import { parameterDefinition, parameterSet, type ParameterId, type ParameterSet, type PublishedValue } from '../policy/parameters.ts';
import { Trace, type TraceStep } from './trace.ts';

export interface EmergencyStandard {
  standardFen: number;
  multiplierBp: number;
  trace: TraceStep[];
}

export type RaisedStandardKind = 'dibao' | 'tekun';
export type Residence = 'urban' | 'rural';

/** What a declaration raises: the standards named and the multiplier (bp) fixed at declaration. */
export interface RaiseSpec {
  standards: readonly RaisedStandardKind[];
  multiplierBp?: number | undefined;
}

export const STANDARD_IDS: Record<RaisedStandardKind, Record<Residence, ParameterId>> = {
  dibao: { urban: 'dibao.standard.urban', rural: 'dibao.standard.rural' },
  tekun: { urban: 'tekun.standard.urban', rural: 'tekun.standard.rural' },
};

/** A standard raised for an emergency: the declaration's multiplier, else the default parameter. */
export function raisedStandard(standardFen: number, params: ParameterSet, declaredMultiplierBp?: number): EmergencyStandard {
  const trace = new Trace();
  const fallback = params.value('emergency.multiplier');
  const multiplierBp = declaredMultiplierBp ?? fallback;
  if (!Number.isSafeInteger(multiplierBp) || multiplierBp < 10_000) throw new RangeError('提高倍数不能低于1倍');
  const raised = mulBp(standardFen, multiplierBp);
  trace.add(
    '(十五)',
    'emergency.raisedStandard',
    `紧急救助期间保障标准提高为${multiplierBp / 10_000}倍：${formatYuan(standardFen)} → ${formatYuan(raised)}${declaredMultiplierBp === undefined ? '（默认倍数）' : ''}`,
    { 'emergency.multiplier': fallback },
  );
  return { standardFen: raised, multiplierBp, trace: trace.steps };
}

/** The smallest whole fen `x` with x ≥ base × bp / 10000 (exactly: "不低于" leaves no rounding down). */
export function ceilRatio(baseFen: number, bp: number): number {
  const x = Number((BigInt(baseFen) * BigInt(bp) + 9_999n) / 10_000n);
  return x;
}

export interface RaisedStandards {
  /** Parameter id → the value that applies in the emergency (only those that change). */
  values: Map<ParameterId, number>;
  /** Per residence, for the residence asked for first. */
  trace: Record<Residence, TraceStep[]>;
}

/**
 * The 低保 and 特困 standards on one day (those of `params`) under a raise (十五), with 特困 kept at or
 * above `tekun.minRatio` × the raised 低保 (六). 特困 is raised by the multiplier when the declaration
 * names it, and in every case lifted to ⌈1.3 × raised 低保⌉ if it would otherwise fall short — so a
 * declaration stored before this rule, or a 低保 published later inside an open emergency, can never
 * pay 特困 below the measure on any day.
 */
export function raisedStandards(params: ParameterSet, raise: RaiseSpec): RaisedStandards {
  const values = new Map<ParameterId, number>();
  const trace: Record<Residence, TraceStep[]> = { urban: [], rural: [] };
  const ratio = params.value('tekun.minRatio');
  for (const residence of ['urban', 'rural'] as const) {
    const dibaoId = STANDARD_IDS.dibao[residence];
    const tekunId = STANDARD_IDS.tekun[residence];
    let dibao = params.value(dibaoId) as number;
    let tekun = params.value(tekunId) as number;
    if (raise.standards.includes('dibao')) {
      const r = raisedStandard(dibao, params, raise.multiplierBp);
      trace[residence].push(...r.trace.map((s) => ({ ...s, detail: `低保：${s.detail}`, parameters: { ...s.parameters, [dibaoId]: dibao } })));
      dibao = r.standardFen;
      values.set(dibaoId, dibao);
    }
    if (raise.standards.includes('tekun')) {
      const r = raisedStandard(tekun, params, raise.multiplierBp);
      trace[residence].push(...r.trace.map((s) => ({ ...s, detail: `特困：${s.detail}`, parameters: { ...s.parameters, [tekunId]: tekun } })));
      tekun = r.standardFen;
      values.set(tekunId, tekun);
    }
    if (!isAtLeastRatio(tekun, dibao, ratio)) {
      const floor = ceilRatio(dibao, ratio);
      trace[residence].push({
        measure: '(六)',
        rule: 'emergency.tekunFloor',
        detail: `特困人员基本生活标准不低于低保标准的${ratio / 10_000}倍：提高后的低保标准${formatYuan(dibao)}，特困标准由${formatYuan(tekun)}提高到${formatYuan(floor)}`,
        parameters: { 'tekun.minRatio': ratio, [tekunId]: params.value(tekunId) as number },
      });
      tekun = floor;
      values.set(tekunId, tekun);
    }
  }
  return { values, trace };
}

/**
 * The check a declaration must pass (六)(十五), on the standards of one day: without the 特困 floor of
 * `raisedStandards`, would the declared raise leave 特困 under `tekun.minRatio` × the raised 低保?
 * Returns one message per residence that fails.
 */
export function raiseViolations(params: ParameterSet, raise: RaiseSpec): { residence: Residence; message: string }[] {
  const ratio = params.value('tekun.minRatio');
  const multiplier = raise.multiplierBp ?? params.value('emergency.multiplier');
  const out: { residence: Residence; message: string }[] = [];
  for (const residence of ['urban', 'rural'] as const) {
    const d0 = params.value(STANDARD_IDS.dibao[residence]) as number;
    const t0 = params.value(STANDARD_IDS.tekun[residence]) as number;
    const d = raise.standards.includes('dibao') ? mulBp(d0, multiplier) : d0;
    const t = raise.standards.includes('tekun') ? mulBp(t0, multiplier) : t0;
    // Raising both by one multiplier keeps the ratio up to a fen of rounding, which the floor absorbs.
    if (raise.standards.includes('tekun') && raise.standards.includes('dibao')) continue;
    if (!isAtLeastRatio(t, d, ratio)) {
      const place = residence === 'urban' ? '城市' : '农村';
      out.push({
        residence,
        message: `${params.date}起，${place}低保标准提高到${formatYuan(d)}后，${place}特困人员基本生活标准${formatYuan(t)}低于其${ratio / 10_000}倍（${formatYuan(ceilRatio(d, ratio))}），不符合措施（六）；请同时提高特困人员救助供养标准`,
      });
    }
  }
  return out;
}

/** The parameters whose change can alter the (六) check of a raise: the standards, the ratio, the default multiplier. */
const RAISE_IDS: ParameterId[] = ['tekun.minRatio', 'emergency.multiplier', ...Object.values(STANDARD_IDS).flatMap((r) => Object.values(r))];

/**
 * `raiseViolations` on every day of a period (endDate absent: open-ended). Standards change only on an
 * effective date, so the days to look at are the first one and every date inside the period where one of
 * the parameters changes (code defaults or published values); each residence is reported once, at its
 * first failing date, with the field the declaration's problem names.
 */
export function raiseViolationsOverPeriod(
  published: readonly PublishedValue[],
  period: { startDate: string; endDate?: string | undefined },
  raise: RaiseSpec,
): { field: string; code: string; message: string; date: string }[] {
  const dates = new Set<string>([period.startDate]);
  for (const id of RAISE_IDS) {
    for (const d of parameterDefinition(id).defaults) dates.add(d.effectiveFrom);
    for (const v of published) if (v.id === id) dates.add(v.effectiveFrom);
  }
  const out: { field: string; code: string; message: string; date: string }[] = [];
  for (const date of [...dates].filter((d) => d >= period.startDate && (!period.endDate || d <= period.endDate)).sort()) {
    for (const v of raiseViolations(parameterSet(date, published), raise)) {
      const field = `raise.standards.${v.residence}`;
      if (!out.some((x) => x.field === field)) out.push({ field, code: 'TEKUN_RATIO', message: `(六) ${v.message}`, date });
    }
  }
  return out;
}

/**
 * A month paid by the days an emergency covers (十五): the ordinary amount plus, for each covered stretch,
 * (raised amount − ordinary amount) × covered days ÷ days in the month, rounded half up to the fen
 * (shared/money.ts, the platform's one rounding rule) — one rounding per stretch, never per day.
 */
export function byDays(ordinaryFen: number, stretches: readonly { raisedFen: number; days: number }[], daysInMonth: number): number {
  let total = ordinaryFen;
  for (const s of stretches) {
    if (s.days < 0 || s.days > daysInMonth) throw new RangeError('覆盖天数应在当月天数之内');
    total += divRound(mulInt(s.raisedFen - ordinaryFen, s.days), daysInMonth);
  }
  return total;
}

/**
 * Temporary living subsidy (临时生活补贴) for `people` named by a declaration, for the `days` of a month
 * of `daysInMonth` days it covers: monthly rate × people × days ÷ days in month, rounded half up to the fen.
 */
export function emergencyLivingSubsidy(people: number, days: number, daysInMonth: number, params: ParameterSet): { amountFen: number; trace: TraceStep[] } {
  if (!Number.isSafeInteger(days) || days < 0 || days > daysInMonth) throw new RangeError('覆盖天数应在当月天数之内');
  const trace = new Trace();
  const perPerson = params.value('emergency.livingSubsidy');
  const amountFen = divRound(mulInt(mulInt(perPerson, people), days), daysInMonth);
  trace.add(
    '(十五)',
    'emergency.livingSubsidy',
    `临时生活补贴${formatYuan(perPerson)}/人·月 × ${people}人 × ${days}/${daysInMonth}天（按紧急救助状态覆盖的天数，四舍五入到分）= ${formatYuan(amountFen)}`,
    {
      'emergency.livingSubsidy': perPerson,
    },
  );
  return { amountFen, trace: trace.steps };
}
