import { describe, expect, it } from 'vitest';
import { atRiskCutoff, dueFlag, dueFlags } from '../../../shared/calendar/due.ts';
import { bindingValue, checkPublication, parameterDefinition, parameterSet } from '../../../shared/policy/parameters.ts';

describe('one due-date rule (shared/calendar/due.ts) for the inbox, the task lists and deadline-watch', () => {
  // 2026-10-01..07 is the National Day holiday, 2026-10-10 (Sat) a make-up working day.
  const today = '2026-09-29';
  const cutoff = atRiskCutoff(parameterSet(today), today);

  it('counts the at-risk days on the official calendar, from the dated parameter', () => {
    expect(parameterSet(today).value('supervision.atRiskWorkingDays')).toBe(3);
    expect(cutoff).toBe('2026-10-09');
    const published = parameterSet(today, [{ id: 'supervision.atRiskWorkingDays', value: 5, unit: 'workingDays', effectiveFrom: '2026-09-01', source: '亳民〔2026〕示例号' }]);
    expect(atRiskCutoff(published, today)).toBe('2026-10-12');
  });

  it.each([
    ['2026-09-28', 'overdue'],
    ['2026-09-29', 'atRisk'], // the due date itself is still in time
    ['2026-10-09', 'atRisk'],
    ['2026-10-10', null],
  ] as const)('due %s → %s', (dueDate, flag) => {
    expect(dueFlag({ dueDate, open: true }, today, cutoff)).toBe(flag);
    expect(dueFlags({ dueDate, open: true }, today, cutoff)).toEqual({ atRisk: flag === 'atRisk', overdue: flag === 'overdue' });
  });

  it('never flags closed work or work without a due date', () => {
    expect(dueFlag({ dueDate: '2026-01-01', open: false }, today, cutoff)).toBeNull();
    expect(dueFlag({ open: true }, today, cutoff)).toBeNull();
  });
});

describe('the age of majority is a dated, binding parameter (民法典 第十七条)', () => {
  it('is 18, not an example, and cannot be published otherwise', () => {
    expect(bindingValue('civil.adultAge', '2026-01-01')).toBe(18);
    const def = parameterDefinition('civil.adultAge');
    expect(def.defaults.every((d) => !d.example && d.source.includes('民法典') && d.source.includes('第十七条'))).toBe(true);
    expect(checkPublication({ id: 'civil.adultAge', value: 16, unit: 'years', effectiveFrom: '2027-01-01', source: 'x' }).map((v) => v.code)).toContain('BINDING_FIGURE');
  });

  it('is read without published values only where no publication can change it', () => {
    expect(() => bindingValue('supervision.atRiskWorkingDays', '2026-01-01')).toThrow(/can be published/);
  });
});
