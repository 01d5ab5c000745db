/**
 * 乡镇（街道）民政人员配备 — measure (二十二): under 30,000 people at least 1 established + 2 other
 * civil-affairs staff; 30,000 and over at least 2 + 3.
 *
 * The reading at exactly 30,000, recorded in every result: the text says "3万人以下" and
 * "3万人以上", and in Chinese law both 以上 and 以下 include the figure itself (《民法典》第一千二百五十九条),
 * so a township of exactly 30,000 falls under both. The platform reads it as "30,000 and over"
 * (≥ 30,000 needs 2 + 3): staffing of 2 + 3 satisfies both readings, while 1 + 2 satisfies only
 * one, so the higher requirement is the only one that is certainly compliant.
 */
import type { ParameterSet } from '../policy/parameters.ts';
import { Trace, type TraceStep } from './trace.ts';

export const STAFFING_BOUNDARY_READING =
  '“3万人以下”与“3万人以上”均包含本数（《民法典》第一千二百五十九条），人口恰为30000人时两者重叠；本平台按“3万人以上”（≥30000人）要求编制内2人、其他3人，因为这一配备同时满足两种理解。';

export interface StaffingCheck {
  ok: boolean;
  required: { established: number; other: number };
  actual: { established: number; other: number };
  /** Present when the population is exactly at the boundary: the reading chosen, and why. */
  boundaryReading: string | null;
  trace: TraceStep[];
}

export function checkTownshipStaffing(township: { population: number; establishedStaff: number; otherStaff: number }, params: ParameterSet): StaffingCheck {
  const trace = new Trace();
  const threshold = params.value('staffing.populationThreshold');
  const large = township.population >= threshold;
  const id = large ? 'staffing.atOrAboveThreshold' : 'staffing.belowThreshold';
  const required = params.value(id);
  const boundaryReading = township.population === threshold ? STAFFING_BOUNDARY_READING : null;
  if (boundaryReading) trace.add('(二十二)', 'staffing.boundary', boundaryReading, { 'staffing.populationThreshold': threshold });
  const ok = township.establishedStaff >= required.established && township.otherStaff >= required.other;
  trace.add(
    '(二十二)',
    'staffing.minimum',
    `人口${township.population}人（${large ? '3万人以上' : '3万人以下'}），应配编制内民政专职人员不少于${required.established}人、其他专职民政人员不少于${required.other}人；现有${township.establishedStaff}人、${township.otherStaff}人，${ok ? '符合' : '不足'}`,
    { 'staffing.populationThreshold': threshold, [id]: required },
  );
  return { ok, required, actual: { established: township.establishedStaff, other: township.otherStaff }, boundaryReading, trace: trace.steps };
}
