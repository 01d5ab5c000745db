import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import type { CaseStatus } from './states.ts';

/**
 * The clock from submission (一门受理, 十九): the 20 working days of (二十) run from 受理, so an application
 * that is never accepted would never be late. It is due to be accepted (or returned for completion) within
 * `acceptance.workingDays` official working days of the day it was submitted — of the day the last adult
 * consented, for a grid worker's report (`reported` → `submitted`). While it is `submitted` this date is
 * its deadline for the inbox order, the flags and the daily 督办 marks (shared/calendar/due.ts,
 * shared/cases/deadlines.ts); once accepted, the decision deadline (`dueDate`) takes over. A case returned
 * for completion waits for the applicant and is not watched.
 */
export function acceptanceDue(params: ParameterSet, submittedOn: string): { acceptBy: string; acceptByProvisional: boolean } {
  const due = addWorkingDaysProvisional(submittedOn, params.value('acceptance.workingDays'));
  return { acceptBy: due.date, acceptByProvisional: due.provisional };
}

/** The deadline a case is held to now: 受理 while submitted, the decision after. */
export const currentDue = (c: { status: CaseStatus; dueDate?: string | undefined; acceptBy?: string | undefined }): string | undefined =>
  c.dueDate ?? (c.status === 'submitted' || c.status === 'returned' ? c.acceptBy : undefined);
