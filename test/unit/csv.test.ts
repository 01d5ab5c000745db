import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine, neutralise, readCsv, restore, writeCsv } from '../../shared/csv.ts';

/** Cells built from the characters that break CSV: separators, quotes, line ends, formula starts, CJK. */
const tricky = fc.string({
  unit: fc.constantFrom('a', 'Z', '1', '.', ' ', ',', '"', "'", '\r', '\n', '\t', '=', '+', '-', '@', '中', '张', '；', '，'),
  maxLength: 12,
});
const cell = fc.oneof(
  tricky,
  fc.string({ maxLength: 8 }).filter((s) => !s.startsWith('\uFEFF')),
  fc.integer({ min: -10_000_000, max: 10_000_000 }),
);
const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

describe('one CSV module (shared/csv.ts)', () => {
  it('every written file reads back equal: line breaks, quotes, commas, formula-looking cells', () => {
    fc.assert(
      fc.property(rows, (input) => {
        const { rows: read, error } = readCsv(writeCsv(input));
        expect(error).toBeUndefined();
        expect(read.map((r) => r.fields)).toEqual(input.map((r) => r.map(String)));
      }),
      { numRuns: 500 },
    );
  });

  it('names the physical line each record starts on, a quoted line break counted', () => {
    const text = writeCsv([
      ['h1', 'h2'],
      ['多行\r\n说明', 'x'],
      ['a\nb\nc', 'y'],
      ['z', '1'],
    ]);
    expect(readCsv(text).rows.map((r) => r.line)).toEqual([1, 2, 4, 7]);
    expect(readCsv('a,b\n\n  \nc,d\n').rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 4, fields: ['c', 'd'] },
    ]);
    expect(readCsv('\uFEFFa,b\r\nc,d').rows[0]).toEqual({ line: 1, fields: ['a', 'b'] });
  });

  it('neutralises formula-looking cells with a leading quote, but never numbers or amounts', () => {
    expect(['=SUM(A1)', '+86 138', '-1+cmd|x', '@x', '\tx', '\rx', "'=x"].map(neutralise)).toEqual(["'=SUM(A1)", "'+86 138", "'-1+cmd|x", "'@x", "'\tx", "'\rx", "''=x"]);
    expect([-1250, '-12.50', '+3', '-7', 'a=b', "'a", ''].map(neutralise)).toEqual(['-1250', '-12.50', '+3', '-7', 'a=b', "'a", '']);
    expect(csvLine(['P1', -1250, '-12.50', '=HYPERLINK("x")'])).toBe('P1,-1250,-12.50,"\'=HYPERLINK(""x"")"\r\n');
    expect(restore("'=x")).toBe('=x');
    expect(restore("'a")).toBe("'a");
  });

  it('stops at the first broken quote, naming its line, with the records before it', () => {
    expect(readCsv('a,b\r\nc,d\r\n"open,1\r\ne,f\r\n')).toEqual({
      rows: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['c', 'd'] },
      ],
      error: { line: 3, column: 1, code: 'quote-not-closed', message: '引号未闭合' },
    });
    expect(readCsv('a,b\nab"c,d\n').error).toMatchObject({ line: 2, column: 1, code: 'quote-misplaced' });
    expect(readCsv('a,b\nx,"y"z\n').error).toMatchObject({ line: 2, column: 2, code: 'quote-misplaced', message: expect.stringMatching(/^第2列引号位置不正确/) });
  });
});
