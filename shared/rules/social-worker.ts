/**
 * 社会工作者专业职称补贴 — measure (十七): certified community social workers in post get
 * 200 yuan/month (助理社会工作师) or 400 yuan/month (中级社会工作师及以上). A payroll item, not assistance.
 */
import { formatYuan } from '../money.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import { Trace, type TraceStep } from './trace.ts';

export type SocialWorkerLevel = 'assistant' | 'intermediate' | 'senior';

export function socialWorkerAllowance(worker: { level: SocialWorkerLevel | null; inPost: boolean; communityWorker: boolean }, params: ParameterSet): { monthlyAmountFen: number; trace: TraceStep[] } {
  const trace = new Trace();
  if (!worker.communityWorker || !worker.inPost || worker.level === null) {
    trace.add('(十七)', 'socialWorker.eligibility', '补贴对象为取得社会工作职业资格且在岗的城市社区专职工作者');
    return { monthlyAmountFen: 0, trace: trace.steps };
  }
  const id = worker.level === 'assistant' ? 'socialWorker.allowance.assistant' : 'socialWorker.allowance.intermediate';
  const amount = params.value(id);
  trace.add('(十七)', 'socialWorker.allowance', `${worker.level === 'assistant' ? '助理社会工作师' : '中级社会工作师及以上'}每月补贴${formatYuan(amount)}`, { [id]: amount });
  return { monthlyAmountFen: amount, trace: trace.steps };
}
