/**
 * The measures, parsed once: 《亳州市改革完善社会救助制度的若干措施》 (shared/policy/bozhou-measures.txt).
 *
 * Pure (no I/O): the API bundles it with the text imported as a string, and the portal calls it at
 * build time. `parseMeasures` first runs the content-integrity check and refuses text that fails it
 * (ContentIntegrityError naming line, column and fragment), then checks the layout: 7 chapters,
 * 23 measures numbered (一)…(二十三) in order, each ending with its responsible departments in brackets.
 */
import { checkContent, ContentIntegrityError, type CheckOptions, type Finding } from './content-integrity.ts';

export { ContentIntegrityError } from './content-integrity.ts';

export interface PolicyDocument {
  /** 标题, from the first line's 《》. */
  title: string;
  /** 发文机关, expanded from the text's short forms (市委办公室 → 中共亳州市委办公室). */
  issuers: string[];
  /** The issuers exactly as the text writes them. */
  issuersAsWritten: string[];
  /** 成文日期: the published text does not state it, so null. Never invented. */
  date: string | null;
  /** Why `date` is what it is, for display. */
  dateNote: string;
  /** The publication note before the document (近期……主要内容如下。). */
  notice: string[];
  /** The document's own preamble (为深入学习……制定如下措施。). */
  preamble: string;
}

export interface Chapter {
  number: number;
  /** Chinese numeral, e.g. '一'. */
  numeral: string;
  title: string;
  /** Ids of the measures in this chapter, in order. */
  measureIds: number[];
}

export interface Department {
  name: string;
  /** True when the bracket says the department leads (……牵头). */
  lead: boolean;
}

export interface Measure {
  id: number;
  /** Chinese numeral, e.g. '十三'; cite as （十三）. */
  numeral: string;
  title: string;
  /** The measure's text after its title, without the department bracket. */
  text: string;
  /** Chapter number (1–7). */
  chapter: number;
  /** Responsible departments, in the bracket's order; the lead department(s) marked. */
  departments: Department[];
  /** The bracket's text verbatim, e.g. 市民政局牵头,市教育局、……按职责分工负责. */
  responsibility: string;
  /** 1-based line in the source text. */
  line: number;
}

export interface Measures {
  document: PolicyDocument;
  chapters: Chapter[];
  measures: Measure[];
}

export const EXPECTED_CHAPTERS = 7;
export const EXPECTED_MEASURES = 23;

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 一 → 1, 十三 → 13, 二十 → 20, 二十三 → 23 (1–99). Returns NaN for anything else. */
export function fromChineseNumeral(s: string): number {
  if (s.length === 1 && DIGITS[s] !== undefined) return DIGITS[s];
  const m = /^([二三四五六七八九]?)十([一二三四五六七八九]?)$/u.exec(s);
  if (!m) return Number.NaN;
  return (m[1] ? (DIGITS[m[1]] ?? 0) : 1) * 10 + (m[2] ? (DIGITS[m[2]] ?? 0) : 0);
}

/** 1 → 一, 13 → 十三, 20 → 二十 (1–99). */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`numeral out of range: ${n}`);
  if (n < 10) return NUMERALS[n] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : NUMERALS[tens]}十${NUMERALS[ones]}`;
}

const CHAPTER_LINE = /^([一二三四五六七八九十]+)、(.+)$/u;
const MEASURE_LINE = /^[(（]([一二三四五六七八九十]+)[)）](.+)$/u;
const DEPARTMENT_SUFFIX = /按职责分工负责$/u;

function structural(line: number, column: number, fragment: string, reason: string): ContentIntegrityError {
  const f: Finding = { line, column, fragment, reason, code: 'structure' };
  return new ContentIntegrityError([f], '措施原文结构');
}

/** Splits "body(bracket)" where the bracket closes at the end of the line; nested brackets allowed. */
function splitFinalBracket(s: string): { body: string; bracket: string } | null {
  if (!/[)）]$/u.test(s)) return null;
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const ch = s[i];
    if (ch === ')' || ch === '）') depth++;
    else if (ch === '(' || ch === '（') {
      depth--;
      if (depth === 0) return { body: s.slice(0, i), bracket: s.slice(i + 1, -1) };
    }
  }
  return null;
}

/** "市民政局牵头,市教育局、市财政局按职责分工负责" → departments with the lead marked. */
export function parseDepartments(bracket: string): Department[] {
  const out: Department[] = [];
  const body = bracket.replace(DEPARTMENT_SUFFIX, '');
  for (const segment of body.split(/[,，;；]/u)) {
    const s = segment.trim();
    if (!s) continue;
    const lead = /牵头$/u.test(s);
    for (const name of s.replace(/牵头$/u, '').split('、')) {
      const n = name.trim();
      if (n) out.push({ name: n, lead });
    }
  }
  return out;
}

/** Expand 市委/市政府 short forms with the city named in the title (亳州市…). */
function expandIssuer(short: string, city: string): string {
  const stem = city.replace(/市$/u, '');
  if (short.startsWith('市委')) return `中共${stem}${short}`;
  if (short.startsWith('市政府')) return `${city}人民政府${short.slice('市政府'.length)}`;
  if (short.startsWith('市')) return `${stem}${short}`;
  return short;
}

/**
 * Parse the measures. Throws ContentIntegrityError when the text fails the content check (naming the
 * line, column and fragment) or is not laid out as the measures are.
 */
export function parseMeasures(text: string, options: CheckOptions = {}): Measures {
  const check = checkContent(text, options);
  if (!check.ok) throw new ContentIntegrityError(check.findings, '措施原文');

  const lines = text
    .replace(/^\uFEFF/u, '')
    .split('\n')
    .map((l) => l.replace(/\r$/u, ''));
  const first = lines[0] ?? '';
  const titleMatch = /《([^》]+)》/u.exec(first);
  if (!titleMatch?.[1]) throw structural(1, 1, first.slice(0, 20), '第一行应是《标题》');
  const title = titleMatch[1];
  const city = /^(.+?市)/u.exec(title)?.[1] ?? '';

  const chapters: Chapter[] = [];
  const measures: Measure[] = [];
  const notice: string[] = [];
  const preambleLines: string[] = [];
  let issuersAsWritten: string[] = [];

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (!line || index === 0) return;

    const chapter = CHAPTER_LINE.exec(line);
    if (chapter) {
      const number = fromChineseNumeral(chapter[1] ?? '');
      if (number !== chapters.length + 1) {
        throw structural(lineNo, 1, line.slice(0, 12), `章节编号应为“${toChineseNumeral(chapters.length + 1)}、”`);
      }
      chapters.push({ number, numeral: chapter[1] ?? '', title: (chapter[2] ?? '').trim(), measureIds: [] });
      return;
    }

    const measure = MEASURE_LINE.exec(line);
    if (measure) {
      const numeral = measure[1] ?? '';
      const id = fromChineseNumeral(numeral);
      if (id !== measures.length + 1) {
        throw structural(lineNo, 1, line.slice(0, 8), `措施编号应为“（${toChineseNumeral(measures.length + 1)}）”`);
      }
      const current = chapters.at(-1);
      if (!current) throw structural(lineNo, 1, line.slice(0, 8), '措施出现在第一章之前');
      const rest = measure[2] ?? '';
      const stop = rest.indexOf('。');
      if (stop <= 0) throw structural(lineNo, numeral.length + 3, rest.slice(0, 12), '措施标题应以“。”结束');
      const titleText = rest.slice(0, stop);
      const split = splitFinalBracket(rest.slice(stop + 1));
      if (!split || !DEPARTMENT_SUFFIX.test(split.bracket)) {
        throw structural(lineNo, Array.from(line).length, line.slice(-12), '措施末尾应是括号内的责任单位（……按职责分工负责）');
      }
      const departments = parseDepartments(split.bracket);
      if (departments.length === 0) throw structural(lineNo, Array.from(line).length, split.bracket, '责任单位为空');
      current.measureIds.push(id);
      measures.push({
        id,
        numeral,
        title: titleText,
        text: split.body.trim(),
        chapter: current.number,
        departments,
        responsibility: split.bracket,
        line: lineNo,
      });
      return;
    }

    if (chapters.length > 0) {
      throw structural(lineNo, 1, line.slice(0, 12), '章节中出现了既不是章标题也不是措施的行');
    }
    // Before the first chapter: the publication notice, then the document's preamble.
    const issued = /^近期[,，](.+?)印发了《/u.exec(line);
    if (issued?.[1])
      issuersAsWritten = issued[1]
        .split('、')
        .map((s) => s.trim())
        .filter(Boolean);
    if (issued || /主要内容如下/u.test(line)) notice.push(line);
    else preambleLines.push(line);
  });

  if (chapters.length !== EXPECTED_CHAPTERS) {
    throw structural(lines.length, 1, '', `应有 ${EXPECTED_CHAPTERS} 章，实际 ${chapters.length} 章`);
  }
  if (measures.length !== EXPECTED_MEASURES) {
    throw structural(lines.length, 1, '', `应有 ${EXPECTED_MEASURES} 条措施，实际 ${measures.length} 条`);
  }
  if (issuersAsWritten.length === 0) throw structural(2, 1, (lines[1] ?? '').slice(0, 12), '未找到发文机关（“……印发了《”）');

  return {
    document: {
      title,
      issuers: issuersAsWritten.map((s) => expandIssuer(s, city)),
      issuersAsWritten,
      date: null,
      dateNote: '原文未载明成文日期',
      notice,
      preamble: preambleLines.join('\n'),
    },
    chapters,
    measures,
  };
}

/** The measure by id, or undefined. */
export function measureById(m: Measures, id: number): Measure | undefined {
  return m.measures.find((x) => x.id === id);
}

/** How a measure is cited in Chinese: （十三）完善临时救助政策措施. */
export function citeMeasure(m: Pick<Measure, 'numeral' | 'title'>): string {
  return `（${m.numeral}）${m.title}`;
}
