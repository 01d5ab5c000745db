import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContentIntegrityError } from '../../../shared/policy/content-integrity.ts';
import { loadMeasures, MEASURES_FILE, readMeasuresText } from '../../../shared/policy/load-measures.ts';
import { fromChineseNumeral, parseDepartments, parseMeasures, toChineseNumeral } from '../../../shared/policy/measures.ts';

const SHARED_COPY = '/work/shared/policy/bozhou-measures.txt';
const AS_RECEIVED = new URL('../../../../shared/fixtures/content/measures-as-received.txt', import.meta.url);
const asReceivedPath = existsSync(AS_RECEIVED) ? AS_RECEIVED : '/work/shared/fixtures/content/measures-as-received.txt';

const text = readMeasuresText();
const m = loadMeasures();

const TITLES = [
  '构建综合救助格局',
  '打造多层次救助体系',
  '创新社会救助方式',
  '促进城乡统筹发展',
  '完善最低生活保障制度',
  '完善特困人员救助供养制度',
  '健全医疗救助制度',
  '健全教育救助制度',
  '健全住房救助制度',
  '健全就业救助制度',
  '健全受灾人员救助制度',
  '发展其他救助帮扶',
  '完善临时救助政策措施',
  '加强生活无着流浪乞讨人员救助管理',
  '实施重大疫情等突发公共事件困难群众急难救助',
  '发展慈善事业和志愿服务',
  '鼓励社会工作专业力量参与社会救助',
  '推进政府购买社会救助服务',
  '强化便民惠民服务措施',
  '优化审核确认程序',
  '加强组织领导',
  '提高基层服务能力',
  '加强监督检查',
];
const CHAPTER_OF = [1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 7];

describe('Chinese numerals', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [13, '十三'],
    [20, '二十'],
    [23, '二十三'],
  ])('%i ⇄ %s', (n, s) => {
    expect(toChineseNumeral(n)).toBe(s);
    expect(fromChineseNumeral(s)).toBe(n);
  });
  it.each(['', '十十', '一十一一', '零', '廿'])('rejects %j', (s) => expect(fromChineseNumeral(s)).toBeNaN());
});

describe('parseMeasures on the published text', () => {
  it('reads the document metadata from the text and does not invent a date', () => {
    expect(m.document.title).toBe('亳州市改革完善社会救助制度的若干措施');
    expect(m.document.issuers).toEqual(['中共亳州市委办公室', '亳州市人民政府办公室']);
    expect(m.document.issuersAsWritten).toEqual(['市委办公室', '市政府办公室']);
    expect(m.document.date).toBeNull();
    expect(m.document.dateNote).toContain('未载明');
    expect(m.document.preamble).toMatch(/^为深入学习.*制定如下措施。$/u);
  });

  it('has 7 chapters in order', () => {
    expect(m.chapters.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(m.chapters.map((c) => c.numeral)).toEqual(['一', '二', '三', '四', '五', '六', '七']);
    expect(m.chapters[0]?.title).toBe('加快健全分层分类的社会救助体系');
    expect(m.chapters[5]?.title).toBe('深化“放管服”改革');
    expect(m.chapters[6]?.title).toBe('保障措施');
  });

  it('has 23 measures in order with their titles and chapters', () => {
    expect(m.measures).toHaveLength(23);
    expect(m.measures.map((x) => x.id)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(m.measures.map((x) => x.title)).toEqual(TITLES);
    expect(m.measures.map((x) => x.chapter)).toEqual(CHAPTER_OF);
    expect(m.measures[12]).toMatchObject({ id: 13, numeral: '十三', title: '完善临时救助政策措施', chapter: 4 });
    expect(m.measures[22]?.numeral).toBe('二十三');
    for (const c of m.chapters) expect(c.measureIds).toEqual(m.measures.filter((x) => x.chapter === c.number).map((x) => x.id));
  });

  it('marks the lead department of (一) and lists the others', () => {
    const one = m.measures[0]!;
    expect(one.departments[0]).toEqual({ name: '市民政局', lead: true });
    expect(one.departments.filter((d) => d.lead)).toHaveLength(1);
    expect(one.departments.map((d) => d.name)).toEqual(['市民政局', '市教育局', '市人力资源社会保障局', '市住房城乡建设局', '市卫生健康委', '市应急局', '市医保局', '市乡村振兴局']);
    expect(m.measures[1]!.departments.every((d) => !d.lead)).toBe(true);
    expect(m.measures[13]!.departments).toEqual([{ name: '市流浪乞讨救助工作联席会议成员单位', lead: false }]);
    expect(m.measures[21]!.departments.map((d) => d.name)).toEqual(['市民政局', '市委组织部', '市委编办', '市财政局']);
  });

  it('keeps the department bracket out of every measure text, and keeps inner brackets', () => {
    for (const x of m.measures) {
      expect(x.text).not.toMatch(/按职责分工负责|牵头\)/u);
      expect(x.text).toMatch(/。$/u);
      expect(x.text.startsWith(x.title)).toBe(false);
      expect(x.departments.length).toBeGreaterThan(0);
    }
    expect(m.measures[12]!.text).toContain('乡镇(街道)');
    expect(m.measures[15]!.text).toContain('加强信用管理、信息公开，主动接受社会监督');
  });

  it('keeps the binding figures of the text', () => {
    expect(m.measures[5]!.text).toContain('3000元');
    expect(m.measures[5]!.text).toContain('1.3倍');
    expect(m.measures[12]!.text).toContain('2-16倍');
    expect(m.measures[18]!.text).toContain('将12349社会救助服务热线归并至12345便民服务热线');
    expect(m.measures[19]!.text).toContain('20个工作日');
  });

  it('parses department brackets', () => {
    expect(parseDepartments('市民政局牵头,市委组织部、市财政局按职责分工负责')).toEqual([
      { name: '市民政局', lead: true },
      { name: '市委组织部', lead: false },
      { name: '市财政局', lead: false },
    ]);
    expect(parseDepartments('市民政局、市财政局按职责分工负责')).toEqual([
      { name: '市民政局', lead: false },
      { name: '市财政局', lead: false },
    ]);
  });
});

describe('the repo copy of the measures', () => {
  it.skipIf(!existsSync(SHARED_COPY))(`equals ${SHARED_COPY} byte for byte (skipped when that file is absent)`, () => {
    expect(readFileSync(MEASURES_FILE)).toEqual(readFileSync(SHARED_COPY));
  });
});

describe('parseMeasures refuses tampered text', () => {
  it('refuses the as-received copy, naming measure (十六)’s line, column and fragment', () => {
    const bad = readFileSync(asReceivedPath, 'utf8');
    let error: unknown;
    try {
      parseMeasures(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentIntegrityError);
    const err = error as ContentIntegrityError;
    const line16 = bad.split('\n').findIndex((l) => l.startsWith('(十六)')) + 1;
    expect(line16).toBe(25);
    const first = err.findings[0]!;
    expect(first.line).toBe(line16);
    expect(first.section).toBe('（十六）');
    expect(first.fragment).toBe('betway');
    expect(
      Array.from(bad.split('\n')[line16 - 1]!)
        .slice(first.column - 1, first.column - 1 + 6)
        .join(''),
    ).toBe('betway');
    expect(err.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['gambling', 'latin', 'broken-line']));
    expect(err.findings.some((f) => f.fragment.includes('必威'))).toBe(true);
    expect(err.findings.some((f) => f.line === line16 + 1 && f.code === 'broken-line')).toBe(true);
    expect(err.message).toContain(`第${line16}行第${first.column}列`);
    expect(err.message).toContain('措施（十六）');
    expect(err.message).toContain('betway');
  });

  it('accepts the published text unchanged', () => {
    expect(() => parseMeasures(text)).not.toThrow();
  });

  it('refuses a structurally broken text (a measure missing) naming the place', () => {
    const lines = text.split('\n');
    const without = lines.filter((l) => !l.startsWith('(七)')).join('\n');
    expect(() => parseMeasures(without)).toThrow(/措施编号应为“（七）”/u);
  });
});
