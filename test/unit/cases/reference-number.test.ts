import { describe, expect, it } from 'vitest';
import { isValidReference, makeReference, normalizeReference } from '../../../shared/cases/reference-number.ts';

describe('申请编号 as people type it', () => {
  it('finds "qc 261202 0019 f": spaces, case, missing or other dashes, full-width, O for 0', () => {
    expect(normalizeReference('qc 261202 0019 f')).toBe('QC-261202-0019-F');
    expect(normalizeReference('QC2612020019F')).toBe('QC-261202-0019-F');
    expect(normalizeReference('ＱＣ－２６１２０２－００１９－Ｆ')).toBe('QC-261202-0019-F');
    expect(normalizeReference('QC—261202—OO19—F')).toBe('QC-261202-0019-F');
    expect(normalizeReference(' lx-261128-000012-3 ')).toBe('LX-261128-000012-3');
    const real = makeReference('341602', '2026-12-02', 19);
    expect(isValidReference(real.toLowerCase().replace(/-/gu, ' '))).toBe(true);
    expect(normalizeReference('not a reference')).toBe('NOTAREFERENCE');
  });
});
