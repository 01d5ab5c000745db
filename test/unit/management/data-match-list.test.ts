import { describe, expect, it } from 'vitest';
import { parseList } from '../../../shared/management/data-match.ts';
import { AppError } from '../../../shared/http/problem.ts';

const ID = '341602195001015712'; // GB 11643 check character valid

function refusal(csv: string) {
  try {
    parseList(csv);
  } catch (error) {
    if (error instanceof AppError) return error.errors?.map((e) => [e.field, e.code]);
  }
  throw new Error('not refused');
}

describe('data-match lists read by the one CSV module', () => {
  it('accepts a quoted detail with a comma, a quote or a line break, and names lines as they are in the file', () => {
    const csv = `idNumber,date,detail\r\n${ID},2026-09-20,"火化,家属代办"\r\n\r\n${ID},2026-09-21,"说明""甲""\r\n第二行"\r\n${ID},2026-09-22,火化\r\n`;
    expect(parseList(csv)).toEqual([
      { line: 2, idNumber: ID, date: '2026-09-20', detail: '火化,家属代办' },
      { line: 4, idNumber: ID, date: '2026-09-21', detail: '说明"甲"\r\n第二行' },
      { line: 6, idNumber: ID, date: '2026-09-22', detail: '火化' },
    ]);
  });

  it('refuses the list whole, naming each bad line, a broken quote last (nothing after it is read)', () => {
    expect(refusal(`idNumber,date,detail\n${ID},2026-13-01,火化\n${ID},2026-09-20\n${ID},2026-09-20,"未闭合\n${ID},2026-09-20,火化\n`)).toEqual([
      ['csv:2', 'date'],
      ['csv:3', 'columns'],
      ['csv:4', 'quotes'],
    ]);
    expect(refusal('id,date\n')).toEqual([
      ['csv:1', 'bad-header'],
      ['csv:2', 'empty'],
    ]);
  });
});
