import { checkPublication, isParameterId, parameterDefinition, parameterSet, type ParameterSet, type PublishedValue, type Violation } from '../policy/parameters.ts';
import { monthlyLines, type MonthContext } from '../payments/amounts.ts';
import { addMonth, firstDay, monthOf } from '../payments/months.ts';
import type { RosterEntry } from '../cases/roster.ts';
import { enrolledPersons } from '../registry/store.ts';
import { isSevereCase, noLabourCapacityReason } from '../rules/household.ts';
import { mulBp } from '../money.ts';

/**
 * Policy simulation (shared/simulation/README.md): the proposed parameters as a parameter set, the same
 * publication check as `POST /api/v1/standards`, and one case's amount before and after — computed by
 * `monthlyLines`, the payment run's own code, twice. Nothing here reads or writes the table.
 */
export interface Change {
  id: string;
  value: unknown;
}

/** The month a simulation describes: the first month paid at the new values (a month is paid at the values in force on its 1st). */
export const simulatedMonth = (asOf: string): string => (asOf.endsWith('-01') ? monthOf(asOf) : addMonth(monthOf(asOf), 1));

/** The changes as publications effective from `asOf`, labelled so a trace can tell them from published values. */
export function candidates(changes: readonly Change[], asOf: string, id: string): PublishedValue[] {
  return changes.map((c, i) => ({
    id: c.id,
    value: c.value,
    unit: isParameterId(c.id) ? parameterDefinition(c.id).unit : '',
    effectiveFrom: asOf,
    source: `模拟测算 ${id}`,
    example: false,
    version: `simulation:${id}:${i + 1}`,
  }));
}

/**
 * The binding figures (1.3 × of (六), 2–16 × of (十三), the catalogue's bounds): each change is checked by
 * `checkPublication` — the check publishing runs — against what is published and the other changes, so a
 * change that publishing would refuse is refused here with the same measure and message.
 */
export function violations(proposed: readonly PublishedValue[], published: readonly PublishedValue[], today: string): Violation[] {
  const out: Violation[] = [];
  proposed.forEach((c, i) => {
    const others = proposed.filter((_, j) => j !== i);
    for (const v of checkPublication(c, [...published, ...others], today)) out.push({ ...v, field: `changes[${i}].${v.field}` });
  });
  return out;
}

export interface ParameterPair {
  month: string;
  base: ParameterSet;
  proposed: ParameterSet;
}

export const parameterPair = (month: string, published: readonly PublishedValue[], proposed: readonly PublishedValue[]): ParameterPair => ({
  month,
  base: parameterSet(firstDay(month), published),
  proposed: parameterSet(firstDay(month), [...published, ...proposed]),
});

/** One case, before and after, in fen per month. `null`: not eligible under those values. */
export interface CaseEffect {
  reference: string;
  county: string;
  township: string;
  type: string;
  persons: number;
  beforeFen: number | null;
  afterFen: number | null;
}

const total = (o: ReturnType<typeof monthlyLines>): number | null => ('ineligible' in o ? null : o.lines.reduce((a, l) => a + l.amountFen, 0));

export function caseEffect(c: RosterEntry, pair: ParameterPair, ctx: MonthContext): CaseEffect {
  const persons = enrolledPersons(c as Parameters<typeof enrolledPersons>[0]).filter((p) => !p.to || p.to >= firstDay(pair.month)).length;
  return {
    reference: c.reference,
    county: c.area.county,
    township: c.area.township,
    type: c.type,
    persons,
    beforeFen: total(monthlyLines(c, pair.month, pair.base, ctx)),
    afterFen: total(monthlyLines(c, pair.month, pair.proposed, ctx)),
  };
}

// ─────────────────────────────── aggregation ───────────────────────────────

/** Width of a band of the distribution of changes (platform reading: 50 yuan, the example). */
export const BAND_FEN = 5000;
export const TOP_BAND = 10; // ≥ 500 yuan

export interface Cell {
  cases: number;
  persons: number;
  beforeFen: number;
  afterFen: number;
}

export interface Summary {
  /** county → type → totals per month. */
  cost: Record<string, Record<string, Cell>>;
  gain: { households: number; persons: number };
  lose: { households: number; persons: number };
  unchanged: { households: number; persons: number };
  becomeEligible: { households: number; persons: number };
  loseEligibility: { households: number; persons: number };
  /** Band index (0 = 0–50 yuan, …, TOP_BAND = ≥ 500) → households whose amount rises / falls by that much. */
  gains: number[];
  losses: number[];
  /** Household-type key → counted household income (fen) → households, for the reach of the cliffs. */
  incomes: Record<string, Record<string, number>>;
}

export const emptySummary = (): Summary => ({
  cost: {},
  gain: { households: 0, persons: 0 },
  lose: { households: 0, persons: 0 },
  unchanged: { households: 0, persons: 0 },
  becomeEligible: { households: 0, persons: 0 },
  loseEligibility: { households: 0, persons: 0 },
  gains: Array(TOP_BAND + 1).fill(0),
  losses: Array(TOP_BAND + 1).fill(0),
  incomes: {},
});

const band = (fen: number): number => Math.min(TOP_BAND, Math.floor((fen - 1) / BAND_FEN));

export function addEffect(s: Summary, e: CaseEffect): void {
  const byType = (s.cost[e.county] ??= {});
  const cell = (byType[e.type] ??= { cases: 0, persons: 0, beforeFen: 0, afterFen: 0 });
  cell.cases++;
  cell.persons += e.persons;
  cell.beforeFen += e.beforeFen ?? 0;
  cell.afterFen += e.afterFen ?? 0;
  const count = (g: { households: number; persons: number }) => {
    g.households++;
    g.persons += e.persons;
  };
  if (e.beforeFen === null && e.afterFen !== null) count(s.becomeEligible);
  if (e.beforeFen !== null && e.afterFen === null) count(s.loseEligibility);
  const diff = (e.afterFen ?? 0) - (e.beforeFen ?? 0);
  if (diff > 0) {
    count(s.gain);
    s.gains[band(diff)]!++;
  } else if (diff < 0) {
    count(s.lose);
    s.losses[band(-diff)]!++;
  } else count(s.unchanged);
}

export function mergeSummary(into: Summary, s: Summary): Summary {
  for (const [county, types] of Object.entries(s.cost)) {
    for (const [type, c] of Object.entries(types)) {
      const t = ((into.cost[county] ??= {})[type] ??= { cases: 0, persons: 0, beforeFen: 0, afterFen: 0 });
      t.cases += c.cases;
      t.persons += c.persons;
      t.beforeFen += c.beforeFen;
      t.afterFen += c.afterFen;
    }
  }
  for (const k of ['gain', 'lose', 'unchanged', 'becomeEligible', 'loseEligibility'] as const) {
    into[k].households += s[k].households;
    into[k].persons += s[k].persons;
  }
  s.gains.forEach((n, i) => (into.gains[i] = (into.gains[i] ?? 0) + n));
  s.losses.forEach((n, i) => (into.losses[i] = (into.losses[i] ?? 0) + n));
  for (const [type, incomes] of Object.entries(s.incomes)) {
    const t = (into.incomes[type] ??= {});
    for (const [income, n] of Object.entries(incomes)) t[income] = (t[income] ?? 0) + n;
  }
  return into;
}

/** Per county: monthly and yearly cost before and after, and the 1 % purchase allocation (十八) on each. */
export function costReport(s: Summary, pair: ParameterPair) {
  const shareBefore = pair.base.value('purchase.budgetShare');
  const shareAfter = pair.proposed.value('purchase.budgetShare');
  return Object.entries(s.cost)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([county, types]) => {
      const monthlyBeforeFen = Object.values(types).reduce((a, c) => a + c.beforeFen, 0);
      const monthlyAfterFen = Object.values(types).reduce((a, c) => a + c.afterFen, 0);
      return {
        county,
        types: Object.entries(types).map(([type, c]) => ({ type, ...c, differenceFen: c.afterFen - c.beforeFen, yearlyBeforeFen: c.beforeFen * 12, yearlyAfterFen: c.afterFen * 12 })),
        monthlyBeforeFen,
        monthlyAfterFen,
        monthlyDifferenceFen: monthlyAfterFen - monthlyBeforeFen,
        yearlyBeforeFen: monthlyBeforeFen * 12,
        yearlyAfterFen: monthlyAfterFen * 12,
        purchaseAllocationBeforeFen: mulBp(monthlyBeforeFen * 12, shareBefore),
        purchaseAllocationAfterFen: mulBp(monthlyAfterFen * 12, shareAfter),
      };
    });
}

// ─────────────────────────────── cliffs (陡坡效应) ───────────────────────────────

/** A household type of the cliff analysis: residence, size, and who in it the rules treat specially. */
export interface HouseholdType {
  key: string;
  label: string;
  residence: 'urban' | 'rural';
  size: number;
  /** A: one member severely disabled (一、二级); B: one member without labour capacity (a child); C: neither (五). */
  kind: 'A' | 'B' | 'C';
}

export const HOUSEHOLD_TYPES: HouseholdType[] = (['urban', 'rural'] as const).flatMap((residence) =>
  [1, 2, 3, 4].flatMap((size) =>
    (['C', 'A', 'B'] as const)
      .filter((kind) => !(size === 1 && kind === 'B'))
      .map((kind) => ({
        key: `${residence}-${size}-${kind}`,
        label: `${residence === 'urban' ? '城市' : '农村'}${size}人户${kind === 'A' ? '（含重度残疾成员）' : kind === 'B' ? '（含未成年成员）' : ''}`,
        residence,
        size,
        kind,
      })),
  ),
);

/** The household type of an enrolled 低保 case, by the same rule helpers 分类施保 uses; undefined when none fits. */
export function householdTypeOf(c: RosterEntry, date: string, minorAgeLimit: number): string | undefined {
  if (c.type !== 'dibao') return undefined;
  const members = c.household.members;
  const severe = members.filter((m) => isSevereCase(m as never)).length;
  const noLabour = members.filter((m) => !isSevereCase(m as never) && noLabourCapacityReason(m as never, date, minorAgeLimit) !== null).length;
  const kind = severe === 1 && noLabour === 0 ? 'A' : severe === 0 && noLabour === 1 ? 'B' : severe === 0 && noLabour === 0 ? 'C' : undefined;
  const key = `${c.area.residence}-${members.length}-${kind}`;
  return kind && HOUSEHOLD_TYPES.some((t) => t.key === key) ? key : undefined;
}

/** The household's monthly income as the case records it (the sum of its members'), in whole yuan. */
export const householdIncomeYuan = (c: RosterEntry): number => Math.floor(c.household.members.reduce((a, m) => a + (m.monthlyIncomeFen ?? 0), 0) / 100);

/** A synthetic enrolled 低保 household of a type with `incomeFen` earned by its first member. */
function syntheticCase(t: HouseholdType, incomeFen: number, month: string): RosterEntry {
  const adult = (i: number, income: number) => ({ name: `成员${i + 1}`, birthDate: '1980-01-01', relation: i === 0 ? 'self' : 'spouse', monthlyIncomeFen: income });
  const members: Record<string, unknown>[] = Array.from({ length: t.size }, (_, i) => adult(i, i === 0 ? incomeFen : 0));
  const special = t.size - 1;
  if (t.kind === 'A') members[special] = { ...members[special], relation: special === 0 ? 'self' : 'child', disability: { category: 'physical', grade: 1 } };
  if (t.kind === 'B') members[special] = { ...members[special], relation: 'child', birthDate: `${Number(month.slice(0, 4)) - 8}-01-01` };
  return {
    reference: `SIM-${t.key}`,
    type: 'dibao',
    status: 'active',
    area: { county: '341602', township: '341602001', residence: t.residence, hukou: 'local' },
    household: { members, assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    enrolment: { startMonth: month },
  } as unknown as RosterEntry;
}

export interface Cliff {
  /** Household income (yuan per month) at which one more yuan drops total support by more than the stated amount. */
  incomeYuan: number;
  supportBeforeFen: number;
  supportAfterFen: number;
  dropFen: number;
  /** Enrolled households of this type whose recorded income is within the reach below the cliff. */
  households?: number;
}

export interface CliffCurve {
  type: string;
  label: string;
  standardFen: number;
  /** Sampled (income yuan, total support fen) for the chart. */
  points: [number, number][];
  cliffs: Cliff[];
}

const SAMPLES = 40;
const STEP_YUAN = 10;

/**
 * Total support — 低保 plus the price subsidy when a price linkage is in force, as `monthlyLines` pays
 * them — of one household type as a function of household income from 0 to 2 × the standard (per person
 * × size), and every income where one more yuan drops it by more than `dropFen`. Scanned every 10 yuan;
 * a step that falls by more than `dropFen` is searched yuan by yuan.
 */
export function cliffCurve(t: HouseholdType, params: ParameterSet, month: string, ctx: MonthContext, dropFen: number): CliffCurve {
  const standardFen = params.value(t.residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural');
  const maxYuan = Math.ceil((2 * standardFen * t.size) / 100);
  const cache = new Map<number, number>();
  const support = (yuan: number): number => {
    let hit = cache.get(yuan);
    if (hit === undefined) {
      const o = monthlyLines(syntheticCase(t, yuan * 100, month), month, params, ctx);
      hit = 'ineligible' in o ? 0 : o.lines.reduce((a, l) => a + l.amountFen, 0);
      cache.set(yuan, hit);
    }
    return hit;
  };
  const cliffs: Cliff[] = [];
  for (let x = 0; x < maxYuan; x += STEP_YUAN) {
    const end = Math.min(x + STEP_YUAN, maxYuan);
    if (support(x) - support(end) <= dropFen) continue;
    for (let y = x; y < end; y++) {
      const drop = support(y) - support(y + 1);
      if (drop > dropFen) cliffs.push({ incomeYuan: y, supportBeforeFen: support(y), supportAfterFen: support(y + 1), dropFen: drop });
    }
  }
  const points: [number, number][] = [];
  for (let i = 0; i <= SAMPLES; i++) {
    const x = Math.round((maxYuan * i) / SAMPLES);
    points.push([x, support(x)]);
  }
  for (const c of cliffs) points.push([c.incomeYuan, c.supportBeforeFen], [c.incomeYuan + 1, c.supportAfterFen]);
  points.sort((a, b) => a[0] - b[0]);
  return { type: t.key, label: t.label, standardFen, points, cliffs };
}

/** Households of each type within `reachYuan` below each cliff (income in (cliff − reach, cliff]). */
export function withReach(curves: CliffCurve[], incomes: Summary['incomes'], reachYuan: number): CliffCurve[] {
  return curves.map((c) => ({
    ...c,
    cliffs: c.cliffs.map((cl) => ({
      ...cl,
      households: Object.entries(incomes[c.type] ?? {}).reduce((a, [y, n]) => (Number(y) <= cl.incomeYuan && Number(y) > cl.incomeYuan - reachYuan ? a + n : a), 0),
    })),
  }));
}
