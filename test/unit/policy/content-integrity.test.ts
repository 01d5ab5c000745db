import { describe, expect, it } from 'vitest';
import { checkContent, ContentIntegrityError, type Finding } from '../../../shared/policy/content-integrity.ts';
import { readMeasuresText } from '../../../shared/policy/load-measures.ts';
import { parseMeasures } from '../../../shared/policy/measures.ts';

const text = readMeasuresText();
const lines = text.split('\n');
const LINE16 = lines.findIndex((l) => l.startsWith('(十六)')); // 0-based
const LINE13 = lines.findIndex((l) => l.startsWith('(十三)'));

/** Insert `fragment` into 0-based line `index` after the first occurrence of `after`. */
function inject(index: number, after: string, fragment: string): { text: string; column: number } {
  const copy = [...lines];
  const line = copy[index]!;
  const at = line.indexOf(after) + after.length;
  copy[index] = line.slice(0, at) + fragment + line.slice(at);
  return { text: copy.join('\n'), column: Array.from(line.slice(0, at)).length + 1 };
}

function findings(t: string): Finding[] {
  const r = checkContent(t);
  return r.ok ? [] : r.findings;
}

describe('checkContent', () => {
  it('passes the published measures', () => {
    expect(checkContent(text)).toEqual({ ok: true });
  });

  it('passes ordinary short texts and the legitimate 彩票公益金', () => {
    expect(checkContent('对C类低保家庭开展核查。')).toEqual({ ok: true });
    expect(checkContent('统筹使用福利彩票公益金,支持社会救助。')).toEqual({ ok: true });
    expect(checkContent('七、保障措施')).toEqual({ ok: true });
  });

  type Case = [name: string, after: string, fragment: string, code: Finding['code'], expectedFragment?: string];
  const cases: Case[] = [
    ['an http URL', '加强信用管理、', 'http://bw88.example/reg', 'url'],
    ['a www. address', '加强信用管理、', 'www.bw-sports', 'url'],
    ['a bare domain', '加强信用管理、', 'bw1234.com', 'domain'],
    ['a full-width domain', '加强信用管理、', 'ｂｗ１２３．ｃｏｍ', 'domain'],
    ['a spelled-out domain', '加强信用管理、', '搜索必发点com', 'domain', '点com'],
    ['a Chinese betting word', '加强信用管理、', '体育投注', 'gambling', '投注'],
    ['a gambling word', '加强信用管理、', '网上赌场', 'gambling', '赌'],
    ['真人娱乐', '加强信用管理、', '真人娱乐', 'gambling'],
    ['开户送', '加强信用管理、', '开户送88元', 'gambling', '开户送'],
    ['彩票 outside 公益金', '加强信用管理、', '彩票平台', 'gambling', '彩票'],
    ['casino (English)', '加强信用管理、', 'casino', 'gambling'],
    ['bet as a word', '加强信用管理、', ' bet ', 'gambling', 'bet'],
    ['betway', '加强信用管理、', 'betway', 'gambling'],
    ['a Latin run in Chinese prose', '加强信用管理、', 'abc', 'latin'],
    ['a zero-width space', '加强信用管理、', '\u200B', 'invisible', 'U+200B'],
    ['a zero-width joiner', '加强信用管理、', '\u200D', 'invisible', 'U+200D'],
    ['a BOM inside the text', '加强信用管理、', '\uFEFF', 'invisible', 'U+FEFF'],
    ['a right-to-left override', '加强信用管理、', '\u202E', 'invisible', 'U+202E'],
    ['a control character', '加强信用管理、', '\u0007', 'control', 'U+0007'],
    ['an emoji', '加强信用管理、', '🎰', 'unexpected-char'],
  ];

  it.each(cases)('refuses %s, naming line and column', (_name, after, fragment, code, expectedFragment) => {
    const { text: t, column } = inject(LINE16, after, fragment);
    const fs = findings(t);
    const hit = fs.find((f) => f.code === code);
    expect(hit, JSON.stringify(fs)).toBeDefined();
    expect(hit!.line).toBe(LINE16 + 1);
    expect(hit!.section).toBe('（十六）');
    expect(hit!.column).toBeGreaterThanOrEqual(column);
    expect(hit!.column).toBeLessThanOrEqual(column + Array.from(fragment).length);
    expect(hit!.fragment).toContain(expectedFragment ?? fragment.trim());
    expect(hit!.reason).toMatch(/[\u4e00-\u9fff]/u);
    expect(() => parseMeasures(t)).toThrow(ContentIntegrityError);
  });

  it('refuses a line broken in the middle of a sentence, at both halves', () => {
    const copy = [...lines];
    const line = copy[LINE13]!;
    const at = line.indexOf('依据困难类型');
    copy.splice(LINE13, 1, line.slice(0, at), line.slice(at));
    const fs = findings(copy.join('\n')).filter((f) => f.code === 'broken-line');
    expect(fs.map((f) => f.line)).toEqual([LINE13 + 1]);
    expect(fs[0]!.section).toBe('（十三）');
    expect(fs[0]!.column).toBe(Array.from(line.slice(0, at)).length);

    const copy2 = [...lines];
    const line2 = copy2[LINE13]!;
    const at2 = line2.indexOf(',依据困难类型');
    copy2.splice(LINE13, 1, line2.slice(0, at2), line2.slice(at2));
    const fs2 = findings(copy2.join('\n')).filter((f) => f.code === 'broken-line');
    expect(fs2.map((f) => f.line)).toEqual([LINE13 + 1, LINE13 + 2]);
  });

  it('accepts CRLF line endings and a leading BOM', () => {
    expect(checkContent(text.replaceAll('\n', '\r\n'))).toEqual({ ok: true });
    expect(checkContent(`\uFEFF${text}`)).toEqual({ ok: true });
    expect(parseMeasures(`\uFEFF${text.replaceAll('\n', '\r\n')}`).measures).toHaveLength(23);
  });

  it('allows a domain or a Latin word only when a reviewer lists it', () => {
    const t = '详见中国政府网www.gov.cn。';
    expect(checkContent(t).ok).toBe(false);
    expect(checkContent(t, { allowedDomains: ['gov.cn'] })).toEqual({ ok: true });
    expect(checkContent('推广使用APP办理。').ok).toBe(false);
    expect(checkContent('推广使用APP办理。', { allowedLatin: ['app'] })).toEqual({ ok: true });
  });

  it('reports findings in reading order and every one names a place', () => {
    const { text: t } = inject(LINE16, '加强信用管理、', 'betway必威\u200B');
    const fs = findings(t);
    const sorted = [...fs].sort((a, b) => a.line - b.line || a.column - b.column);
    expect(fs).toEqual(sorted);
    for (const f of fs) {
      expect(f.line).toBeGreaterThan(0);
      expect(f.column).toBeGreaterThan(0);
      expect(f.fragment.length).toBeGreaterThan(0);
    }
  });
});
