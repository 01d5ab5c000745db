/** 救灾物资储备 — measure (十一): city and county reserves of daily-life relief goods worth at least 200,000 yuan each. */
import { formatYuan } from '../money.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import { Trace, type TraceStep } from './trace.ts';

export function checkDisasterReserve(reserve: { level: 'city' | 'county'; valueFen: number }, params: ParameterSet): { ok: boolean; shortfallFen: number; trace: TraceStep[] } {
  const trace = new Trace();
  const minimum = params.value('disasterReserve.minimum');
  const shortfallFen = Math.max(0, minimum - reserve.valueFen);
  const who = reserve.level === 'city' ? '市级' : '县级';
  trace.add(
    '(十一)',
    'disasterReserve.minimum',
    shortfallFen === 0
      ? `${who}生活类救灾物资储存金额${formatYuan(reserve.valueFen)}，不低于${formatYuan(minimum)}`
      : `${who}生活类救灾物资储存金额${formatYuan(reserve.valueFen)}，低于${formatYuan(minimum)}，差${formatYuan(shortfallFen)}`,
    { 'disasterReserve.minimum': minimum },
  );
  return { ok: shortfallFen === 0, shortfallFen, trace: trace.steps };
}
