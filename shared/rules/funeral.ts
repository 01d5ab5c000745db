/**
 * 惠民殡葬 — measure (十二): the 4 basic funeral services are free for every registered or
 * habitual resident; no means test; settled with the funeral home, so no cash to the family.
 */
import type { AreaInput } from './household.ts';
import { Trace, type RuleResult } from './trace.ts';

export const BASIC_FUNERAL_SERVICES = ['遗体接运', '遗体暂存', '遗体火化', '骨灰寄存'] as const;

export interface FuneralResult extends RuleResult {
  freeServices: readonly string[];
}

/**
 * `hukou: 'local'` is 户籍; a 居住证 holder is an habitual resident (经常居住). Someone with neither
 * may still be an habitual resident: the caseworker can confirm it with `habitualResident`.
 */
export function funeralServices(area: AreaInput, options: { habitualResident?: boolean } = {}): FuneralResult {
  const trace = new Trace();
  trace.add('(十二)', 'funeral.noMeansTest', '惠民殡葬不做家庭经济状况审核');
  const covered = area.hukou === 'local' || area.hukou === 'residencePermit' || options.habitualResident === true;
  if (!covered) {
    trace.add('(十二)', 'funeral.residence', '非本市户籍且未确认经常居住本市，不在惠民殡葬免除范围内；如在本市经常居住，可由经办人员核实后办理');
    return { eligible: false, monthlyAmountFen: 0, oneOffAmountFen: 0, trace: trace.steps, freeServices: [] };
  }
  trace.add(
    '(十二)',
    'funeral.freeServices',
    `${area.hukou === 'local' ? '本市户籍' : '本市经常居住'}居民，免除${BASIC_FUNERAL_SERVICES.join('、')}等4项基本殡葬服务费用，由殡仪馆与民政部门直接结算，不向家属发放现金`,
  );
  return { eligible: true, monthlyAmountFen: 0, oneOffAmountFen: 0, trace: trace.steps, freeServices: BASIC_FUNERAL_SERVICES };
}
