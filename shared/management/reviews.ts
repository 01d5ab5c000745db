import type { CaseItem } from '../cases/case.ts';
import { maskName } from '../identifiers/mask.ts';
import type { TaskDescriptor, TaskKind } from './tasks.ts';

/**
 * The measures' calendar of re-checks and visits, as data:
 * - (五) C-class 低保 households are re-checked in Q2 (task on 1 April, due 30 June), every 低保
 *   household in Q4 (1 October, due 31 December);
 * - (六) every 特困 person is re-checked in Q4; persons in 分散供养 at 全护理/半护理 are visited at
 *   least every half year (1 January and 1 July, due the half year's last day), and the 生活自理能力
 *   is reassessed at the visit.
 * Only `active` cases are selected: a suspended case is already under review.
 */
export interface ReviewJob {
  kind: TaskKind;
  /** The case types it can pick (a filter on the index read); `select` decides within them. */
  types: readonly CaseItem['type'][];
  /** Which active cases get a task. */
  select(c: CaseItem): boolean;
  /** The period the task belongs to (part of its id) and its due date, from the run date. */
  period(date: string): string;
  dueDate(date: string): string;
}

const year = (date: string) => date.slice(0, 4);
const half = (date: string) => (Number(date.slice(5, 7)) <= 6 ? 'H1' : 'H2');

export const REVIEW_JOBS: Record<string, ReviewJob> = {
  'dibao-q2-review': {
    kind: 'dibao-q2-review',
    types: ['dibao'],
    select: (c) => c.type === 'dibao' && c.enrolment?.class === 'C',
    period: (d) => `${year(d)}-Q2`,
    dueDate: (d) => `${year(d)}-06-30`,
  },
  'dibao-q4-review': {
    kind: 'dibao-q4-review',
    types: ['dibao'],
    select: (c) => c.type === 'dibao',
    period: (d) => `${year(d)}-Q4`,
    dueDate: (d) => `${year(d)}-12-31`,
  },
  'tekun-q4-review': {
    kind: 'tekun-q4-review',
    types: ['tekun'],
    select: (c) => c.type === 'tekun',
    period: (d) => `${year(d)}-Q4`,
    dueDate: (d) => `${year(d)}-12-31`,
  },
  'tekun-visits': {
    kind: 'tekun-visit',
    types: ['tekun'],
    select: (c) => c.type === 'tekun' && c.enrolment?.supportMode === 'dispersed' && (c.enrolment.careLevel === 'full' || c.enrolment.careLevel === 'half'),
    period: (d) => `${year(d)}-${half(d)}`,
    dueDate: (d) => (half(d) === 'H1' ? `${year(d)}-06-30` : `${year(d)}-12-31`),
  },
};

export function reviewTask(job: string, review: ReviewJob, c: CaseItem, date: string): TaskDescriptor {
  return {
    kind: review.kind,
    period: review.period(date),
    reference: c.reference,
    type: c.type,
    county: c.area.county,
    township: c.area.township,
    dueDate: review.dueDate(date),
    applicant: maskName(c.applicant.name),
    createdOn: date,
    createdBy: `job:${job}`,
  };
}
