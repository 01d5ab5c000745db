import { conflict, invalidField } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { findTownship } from '../reference/areas.ts';
import { maskName } from '../identifiers/mask.ts';
import { parametersOn } from '../policy/store.ts';
import { socialWorkerAllowance, type SocialWorkerLevel } from '../rules/social-worker.ts';
import { firstDay } from './months.ts';
import { socialWorkers } from './store.ts';

/**
 * 社会工作者专业职称补贴 (十七): a register of certified community social workers in post and a monthly
 * payroll list at 200 / 400 yuan (parameters `socialWorker.allowance.*`). This is payroll, not assistance:
 * its own partition (`SOCIALWORKER#<county>`), never a ledger entry, never in a run or its reconciliation.
 */
export interface SocialWorkerBody {
  name: string;
  certificateNumber: string;
  level: SocialWorkerLevel;
  township: string;
  communityWorker: boolean;
  from: string;
  until?: string;
}

export async function registerSocialWorker(body: SocialWorkerBody, actor: Actor, now: Date) {
  const township = findTownship(body.township);
  if (!township) throw invalidField('township', 'unknown', '没有这个乡镇（街道）代码');
  if (body.until && body.until < body.from) throw invalidField('until', 'before-from', '离岗月份不能早于在岗起始月份');
  const registered = await socialWorkers.register({ ...body, county: township.county, registeredBy: actor.sub, registeredAt: isoShanghai(now) });
  if (!registered) throw conflict('social-worker-exists', `职业资格证书 ${body.certificateNumber} 已经登记。`);
  return { certificateNumber: body.certificateNumber, name: maskName(body.name), level: body.level, township: body.township, from: body.from, ...(body.until ? { until: body.until } : {}) };
}

export async function payroll(county: string, month: string) {
  const params = await parametersOn(firstDay(month));
  const workers = await socialWorkers.ofCounty<SocialWorkerBody>(county);
  const lines = workers
    .filter((w) => w.from <= month && (!w.until || w.until >= month))
    .map((w) => {
      const a = socialWorkerAllowance({ level: w.level, inPost: true, communityWorker: w.communityWorker }, params);
      return {
        certificateNumber: w.certificateNumber,
        name: w.name,
        level: w.level,
        township: w.township,
        townshipName: findTownship(w.township)?.name ?? w.township,
        amountFen: a.monthlyAmountFen,
        trace: a.trace,
      };
    })
    .filter((l) => l.amountFen > 0)
    .sort((a, b) => a.township.localeCompare(b.township) || a.certificateNumber.localeCompare(b.certificateNumber));
  return { county, month, measure: '(十七)', note: '社会工作者职称补贴按工资名册发放，不计入社会救助资金台账', lines, count: lines.length, totalFen: lines.reduce((a, l) => a + l.amountFen, 0) };
}
