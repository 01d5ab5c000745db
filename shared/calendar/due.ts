import { addWorkingDaysProvisional } from './working-days.ts';
import type { ParameterSet } from '../policy/parameters.ts';

/**
 * The one rule for "at risk / overdue" (督办, 二十 and 二十三), used by the staff inbox and case view, the
 * re-check and visit task lists and counts, and the daily deadline-watch marks, so they never disagree:
 * overdue once the due date has passed (the due date itself is still in time); at risk while it is at most
 * `supervision.atRiskWorkingDays` official working days away. Only open work is flagged.
 */
export type DueFlag = 'overdue' | 'atRisk';

/** The last due date still flagged at risk on `today` (provisional beyond the years the calendar covers). */
export const atRiskCutoff = (params: ParameterSet, today: string): string => addWorkingDaysProvisional(today, params.value('supervision.atRiskWorkingDays')).date;

export function dueFlag(work: { dueDate?: string | undefined; open: boolean }, today: string, cutoff: string): DueFlag | null {
  if (!work.open || !work.dueDate) return null;
  return work.dueDate < today ? 'overdue' : work.dueDate <= cutoff ? 'atRisk' : null;
}

export function dueFlags(work: { dueDate?: string | undefined; open: boolean }, today: string, cutoff: string): { atRisk: boolean; overdue: boolean } {
  const flag = dueFlag(work, today, cutoff);
  return { atRisk: flag === 'atRisk', overdue: flag === 'overdue' };
}
