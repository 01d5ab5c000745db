/**
 * Content integrity for published policy text (docs/architecture.md § Content integrity).
 *
 * The copy of the measures we received had a gambling advertisement injected into measure (十六)
 * (shared/policy/README.md). The portal's content build and the admin publishing path both call
 * `checkContent` and refuse text with findings, naming the place (1-based line and column, the
 * column counted in characters, i.e. Unicode code points).
 *
 * Pure: no I/O, no dependencies, so a Lambda bundle and the Astro build can both import it.
 */

export type FindingCode =
  | 'url'
  | 'domain'
  | 'gambling'
  | 'latin'
  | 'broken-line'
  | 'invisible'
  | 'control'
  | 'unexpected-char'
  /** Raised by parsers, not by `checkContent`: the text is clean but not laid out as expected. */
  | 'structure';

export interface Finding {
  /** 1-based line number. */
  line: number;
  /** 1-based column, counted in characters (code points), not UTF-16 units or bytes. */
  column: number;
  /** The offending text as it appears in the input (invisible characters shown as U+XXXX). */
  fragment: string;
  /** Why it was refused, in Chinese, for the person who publishes. */
  reason: string;
  code: FindingCode;
  /** The measure the line belongs to, e.g. '（十六）', when the text is laid out like the measures. */
  section?: string;
}

export type CheckResult = { ok: true } | { ok: false; findings: Finding[] };

export interface CheckOptions {
  /**
   * Host names a reviewer has confirmed as legitimate citations (e.g. 'www.gov.cn'). Empty by default:
   * the measures cite no web address, and a link in policy text is exactly what the injection looked like.
   */
  allowedDomains?: readonly string[];
  /** Latin words a reviewer has confirmed (e.g. an acronym the document really uses). Case-insensitive. */
  allowedLatin?: readonly string[];
}

/** Thrown by parsers and publishers when text fails `checkContent` (or its structure is not the expected one). */
export class ContentIntegrityError extends Error {
  readonly findings: Finding[];
  constructor(findings: Finding[], source?: string) {
    super(describeFindings(findings, source));
    this.name = 'ContentIntegrityError';
    this.findings = findings;
  }
}

export function describeFindings(findings: readonly Finding[], source?: string): string {
  const head = `内容完整性检查未通过${source ? `（${source}）` : ''}：发现 ${findings.length} 处问题`;
  const shown = findings.slice(0, 10).map((f) => `  第${f.line}行第${f.column}列${f.section ? `，措施${f.section}` : ''} [${f.code}] ${f.reason}：「${f.fragment}」`);
  const more = findings.length > 10 ? [`  ……另有 ${findings.length - 10} 处`] : [];
  return [head, ...shown, ...more].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Rules

/** Gambling and betting vocabulary. Matched on the NFKC-normalised, lower-cased line. */
const GAMBLING_TERMS: readonly string[] = [
  // Chinese
  '赌',
  '博彩',
  '菠菜',
  '投注',
  '下注',
  '押注',
  '彩票',
  '购彩',
  '彩金',
  '六合彩',
  '时时彩',
  '百家乐',
  '老虎机',
  '轮盘',
  '真人娱乐',
  '真人视讯',
  '真人荷官',
  '娱乐城',
  '娱乐场',
  '棋牌',
  '开户送',
  '注册送',
  '首充',
  '返水',
  '洗码',
  '网投',
  '必威',
  '葡京',
  '威尼斯人',
  '亚博体育',
  '开云体育',
  '乐鱼体育',
  '皇冠体育',
  '金沙娱乐',
  '太阳城娱乐',
  '澳门赌',
  '盘口',
  '赔率',
  // English (whole words or brand fragments)
  'betway',
  'bet365',
  '188bet',
  '1xbet',
  'casino',
  'baccarat',
  'poker',
  'roulette',
  'jackpot',
  'sportsbook',
  'betting',
  'gamble',
  'gambling',
  'bbin',
];
/** English words matched only as whole words (they occur inside innocent words). */
const GAMBLING_WORDS: readonly string[] = ['bet', 'bets', 'slot', 'slots', 'lottery', 'ag'];
/**
 * The two state lotteries fund social assistance (彩票公益金); these phrases are legitimate citations
 * of public funds and are not refused. Any other use of 彩票 is.
 */
const LEGITIMATE_LOTTERY = ['福利彩票公益金', '体育彩票公益金', '彩票公益金'];
/** SEO-spam phrasing that follows a brand: "X体育是什么", "X娱乐官网". */
const SPAM_SUFFIX = /(体育|娱乐|电竞)(是什么|官网|官方网站|网址|入口|平台|app|下载|登录|注册)/gu;

const URL_SCHEME = /\b(?:https?|ftp|wss?):\/\/[^\s，。、；）)》」]*|\b(?:https?|ftp):?\/\//giu;
const WWW = /\bwww\d?\.[^\s，。、；）)》」]*/giu;
const DOMAIN = new RegExp(
  String.raw`\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+` +
    String.raw`(?:com|cn|net|org|gov|edu|info|top|xyz|vip|cc|tv|me|io|co|app|bet|biz|club|site|online|shop|live|win|asia|hk|mo|tw|pw|ws|la|in|us|ru|icu|fun|ink|work|link|today|group)\b(?:/[^\s，。、；）)》」]*)?`,
  'giu',
);
/** Spelled-out dots: "点com", "。com", "dot com". */
const SPELLED_DOMAIN = /(?:点|dot\s?)(?:com|cn|net|org|vip|top|xyz|cc)\b/giu;

/** Characters that render as nothing (or reorder text) and have no place in published policy. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each listed code point is matched alone on purpose (invisible and joiner characters), never as part of a sequence
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]/u;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/u;

/**
 * Characters expected in a Chinese government document: CJK ideographs and punctuation, full-width
 * forms, printable ASCII, general punctuation (dashes, quotes, ellipsis), a few symbols used in
 * figures. Anything else (emoji, Hangul, Cyrillic, private-use, …) is a foreign fragment.
 */
function isExpectedChar(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x00b7 ||
    cp === 0x00d7 ||
    cp === 0x00f7 ||
    cp === 0x00b0 ||
    cp === 0x00b1 ||
    cp === 0x00a7 ||
    (cp >= 0x2010 && cp <= 0x2027) ||
    (cp >= 0x2030 && cp <= 0x205e) ||
    cp === 0x2103 ||
    cp === 0x2116 ||
    (cp >= 0x2160 && cp <= 0x2188) || // Roman numerals
    (cp >= 0x2190 && cp <= 0x2193) || // arrows
    (cp >= 0x2460 && cp <= 0x24ff) || // ①
    (cp >= 0x25a0 && cp <= 0x25ff) || // ■ ○ △
    (cp >= 0x2e80 && cp <= 0x2fdf) || // radicals
    (cp >= 0x3000 && cp <= 0x303f) || // CJK punctuation
    (cp >= 0x3200 && cp <= 0x33ff) || // enclosed CJK, ㎡
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff01 && cp <= 0xff9f) || // full-width ASCII and half-width punctuation
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  );
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
/** A sentence in this document ends a line with one of these (or a closing bracket or quote). */
const LINE_END_OK = /[。！？；：…）)】」』》”’"]$/u;
/** A continuation line starting with sentence-internal punctuation means the sentence was split. */
const LINE_START_CONTINUATION = /^[,，、；;：:。.)）]/u;
/** Headings ("七、保障措施", "《…》公开发布稿") carry no sentence punctuation. */
const SENTENCE_PUNCT = /[,，。；;！？]/u;
const MAX_HEADING_CHARS = 40;

// ---------------------------------------------------------------------------------------------

interface Normalised {
  /** NFKC + lower-case text of the line. */
  text: string;
  /** For each UTF-16 index of `text`, the code-point index (0-based) in the original line. */
  origin: number[];
  /** The original line as an array of code points (strings). */
  chars: string[];
}

function normalise(line: string): Normalised {
  const chars = Array.from(line);
  let text = '';
  const origin: number[] = [];
  chars.forEach((ch, i) => {
    const n = ch.normalize('NFKC').toLowerCase();
    text += n;
    for (let k = 0; k < n.length; k++) origin.push(i);
  });
  return { text, origin, chars };
}

function span(n: Normalised, start: number, length: number): { column: number; fragment: string } {
  const from = n.origin[start] ?? 0;
  const to = n.origin[Math.max(start, start + length - 1)] ?? from;
  return { column: from + 1, fragment: n.chars.slice(from, to + 1).join('') };
}

function visible(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

const MEASURE_HEAD = /^[(（]([一二三四五六七八九十]+)[)）]/u;

/**
 * Check text for injected links, gambling or betting terms, foreign fragments, invisible and control
 * characters, and sentences broken across lines. Returns every finding, in reading order.
 */
export function checkContent(text: string, options: CheckOptions = {}): CheckResult {
  const allowedDomains = (options.allowedDomains ?? []).map((d) => d.toLowerCase());
  const allowedLatin = new Set((options.allowedLatin ?? []).map((w) => w.toLowerCase()));
  const findings: Finding[] = [];
  // A BOM at the very start is an editor artefact, not content.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n');
  let section: string | undefined;
  const seen = new Set<string>();

  const add = (f: Finding) => {
    const key = `${f.line}:${f.column}:${f.code}:${f.fragment}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(section ? { ...f, section } : f);
  };

  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    // CRLF files: the CR before LF is a line ending, not content.
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const head = MEASURE_HEAD.exec(line);
    if (head) section = `（${head[1]}）`;
    else if (/^[一二三四五六七八九十]+、/u.test(line)) section = undefined;
    const n = normalise(line);

    // 1. invisible, control and unexpected characters
    n.chars.forEach((ch, i) => {
      const cp = ch.codePointAt(0) ?? 0;
      if (INVISIBLE.test(ch)) {
        add({ line: lineNo, column: i + 1, fragment: visible(ch), reason: '含有不可见字符（零宽字符或方向控制符），可能用于隐藏插入的内容', code: 'invisible' });
      } else if (CONTROL.test(ch)) {
        add({ line: lineNo, column: i + 1, fragment: visible(ch), reason: '含有控制字符', code: 'control' });
      } else if (!isExpectedChar(cp)) {
        add({ line: lineNo, column: i + 1, fragment: `${ch}（${visible(ch)}）`, reason: '含有政策文本中不应出现的字符（如表情符号或其他文字）', code: 'unexpected-char' });
      }
    });

    // 2. links and domain-like strings
    const domainAllowed = (frag: string) => {
      const host = frag.replace(/^[a-z]+:\/\//u, '').split('/')[0] ?? '';
      return allowedDomains.some((d) => host === d || host.endsWith(`.${d}`));
    };
    const allowedSpan = new Set<number>();
    for (const re of [URL_SCHEME, WWW, DOMAIN, SPELLED_DOMAIN]) {
      re.lastIndex = 0;
      for (const m of n.text.matchAll(re)) {
        if (domainAllowed(m[0])) {
          for (let k = m.index; k < m.index + m[0].length; k++) allowedSpan.add(k);
          continue;
        }
        const { column, fragment } = span(n, m.index, m[0].length);
        const isUrl = re === URL_SCHEME || re === WWW;
        add({ line: lineNo, column, fragment, reason: isUrl ? '含有网址链接，政策原文中不应出现' : '含有类似网站域名的字符串，政策原文中不应出现', code: isUrl ? 'url' : 'domain' });
      }
    }

    // 3. gambling and betting terms
    const lotteryMask = new Set<number>();
    for (const phrase of LEGITIMATE_LOTTERY) {
      let at = n.text.indexOf(phrase);
      while (at >= 0) {
        for (let k = at; k < at + phrase.length; k++) lotteryMask.add(k);
        at = n.text.indexOf(phrase, at + 1);
      }
    }
    for (const term of GAMBLING_TERMS) {
      let at = n.text.indexOf(term);
      while (at >= 0) {
        if (!(term === '彩票' && lotteryMask.has(at))) {
          const { column, fragment } = span(n, at, term.length);
          add({ line: lineNo, column, fragment, reason: '含有赌博、博彩或投注类词语，疑似被植入的广告', code: 'gambling' });
        }
        at = n.text.indexOf(term, at + term.length);
      }
    }
    for (const word of GAMBLING_WORDS) {
      const re = new RegExp(`(?<![a-z])${word}(?![a-z])`, 'gu');
      for (const m of n.text.matchAll(re)) {
        const { column, fragment } = span(n, m.index, m[0].length);
        add({ line: lineNo, column, fragment, reason: '含有赌博、博彩或投注类词语，疑似被植入的广告', code: 'gambling' });
      }
    }
    SPAM_SUFFIX.lastIndex = 0;
    for (const m of n.text.matchAll(SPAM_SUFFIX)) {
      const { column, fragment } = span(n, m.index, m[0].length);
      add({ line: lineNo, column, fragment, reason: '含有推广类用语（“××体育是什么”“官网”“入口”等），疑似被植入的广告', code: 'gambling' });
    }

    // 4. Latin-letter runs inside Chinese prose. The measures use Latin only as a class label
    //    ("C类低保家庭"): a single capital letter followed by 类/级/档/型.
    if (CJK.test(line)) {
      for (const m of n.text.matchAll(/[a-z]+/gu)) {
        const { column, fragment } = span(n, m.index, m[0].length);
        const next = n.text[m.index + m[0].length] ?? '';
        const classLabel = m[0].length === 1 && /^[A-Z]$/u.test(fragment.normalize('NFKC')) && /[类级档型]/u.test(next);
        if (classLabel || allowedLatin.has(m[0]) || allowedSpan.has(m.index)) continue;
        add({ line: lineNo, column, fragment, reason: '中文正文中夹杂拉丁字母，原文中没有这样的内容', code: 'latin' });
      }
    }

    // 5. a sentence broken across lines
    const trimmed = line.trim();
    if (trimmed.length > 0) {
      const chars = Array.from(trimmed);
      const isHeading = chars.length <= MAX_HEADING_CHARS && !SENTENCE_PUNCT.test(trimmed);
      if (!isHeading && !LINE_END_OK.test(trimmed)) {
        const last = chars.slice(-8).join('');
        const col = Array.from(line.trimEnd()).length;
        add({ line: lineNo, column: col, fragment: last, reason: '句子在行中间断开：本行没有以句末标点或括号结束，疑似插入了换行', code: 'broken-line' });
      }
      if (LINE_START_CONTINUATION.test(trimmed)) {
        add({ line: lineNo, column: 1, fragment: chars.slice(0, 8).join(''), reason: '本行以句中标点开头，是上一行被断开的句子的后半部分', code: 'broken-line' });
      }
    } else if (index > 0 && index < lines.length - 1 && lines.slice(index + 1).some((l) => l.trim())) {
      // Blank lines inside the document: the measures have none.
      const prevLine = (lines[index - 1] ?? '').trim();
      if (prevLine && !LINE_END_OK.test(prevLine)) {
        add({ line: lineNo, column: 1, fragment: '（空行）', reason: '句子中间出现空行', code: 'broken-line' });
      }
    }
  });

  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return findings.length ? { ok: false, findings } : { ok: true };
}

/** `checkContent`, throwing `ContentIntegrityError` when there are findings. */
export function assertContent(text: string, options: CheckOptions = {}, source?: string): void {
  const result = checkContent(text, options);
  if (!result.ok) throw new ContentIntegrityError(result.findings, source);
}
