import type { Option } from './apply.ts';
import { AGENT_RELATIONS } from '../../../shared/cases/agent-relations.ts';

/** The 代办 questions' choices (shared/cases/agent.ts is the source of the relations). */
export const AGENT_FOR: readonly Option[] = [
  { value: 'self', label: '为自己申请' },
  { value: 'other', label: '替别人申请（代办）', hint: '例如替家里的老人、住院的亲人申请。' },
];

export const AGENT_RELATION_OPTIONS: readonly Option[] = Object.entries(AGENT_RELATIONS).map(([value, label]) => ({ value, label }));

export const AGENT_CONSENT_BY: readonly Option[] = [
  { value: 'applicant', label: '申请人本人' },
  { value: 'guardian', label: '申请人的监护人', hint: '申请人未满18周岁，或者自己不能作决定时。' },
];
