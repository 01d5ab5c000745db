import { parse, CsvError } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV reader and writer of the platform (一卡通 payment files, bank result files, data-match lists),
 * RFC 4180 through csv-parse / csv-stringify (their sync entry points: small, no streams in the bundle).
 *
 * - **Round trip.** What `csvLine`/`writeCsv` write, `readCsv` reads back equal: line breaks, quotes and
 *   commas inside a field included (the old hand-written reader split lines before handling quotes).
 * - **Formula-looking cells** (starting with `=`, `+`, `-`, `@`, tab or carriage return) are written with a
 *   leading `'`, as OWASP advises against CSV injection, so a spreadsheet shows them as text. Numbers are not
 *   touched: a number value, or a string that is only a signed decimal (`-12.50`, the amount columns), cannot
 *   run as a formula. Cells that already start with quotes before such a character get one more, and the
 *   reader takes exactly one away, so the escape is reversible and the round trip exact.
 * - **Malformed input** stops at the first broken record, like a person would: `error` names its line
 *   (1-based, physical lines, a quoted line break counted), and `rows` are the records before it.
 */
export type Cell = string | number;

export interface CsvRow {
  /** The physical line the record starts on. */
  line: number;
  fields: string[];
}

export interface CsvReadError {
  line: number;
  /** 1-based field of the record where the quote went wrong, when known. */
  column?: number;
  /** `quote-not-closed` | `quote-misplaced` | `malformed` */
  code: string;
  /** Chinese, without the line (callers prefix 第N行). */
  message: string;
}

const FORMULA = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** The text a spreadsheet will not evaluate. */
export function neutralise(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  return FORMULA.test(cell) && !NUMBER.test(cell) ? `'${cell}` : cell;
}

/** The reverse of `neutralise` for a cell read from a file. */
export const restore = (field: string): string => (ESCAPED.test(field) ? field.slice(1) : field);

/** One record with its CRLF, for files written a line at a time (the payment file streams its lines). */
export function csvLine(fields: readonly Cell[]): string {
  if (fields.length === 0) throw new RangeError('a CSV record needs at least one field');
  const cells = fields.map(neutralise);
  // A lone blank field would be a blank line, which readers skip: quote it so the record survives.
  if (cells.length === 1 && cells[0]!.trim() === '') return `"${cells[0]}"\r\n`;
  // csv-stringify quotes a field holding the delimiter, a quote or the record delimiter (`\r\n`) itself;
  // a bare `\r` or `\n` must be quoted too or the reader would end the record there.
  return stringify([cells], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

export const writeCsv = (rows: readonly (readonly Cell[])[]): string => rows.map(csvLine).join('');

/** Byte offsets → physical line numbers (`\r\n`, `\r` and `\n` each end one line). */
function lineFinder(bytes: Buffer): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) breaks.push(i);
  }
  return (offset) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

const MISPLACED = (column: string) => `${column}引号位置不正确：含引号的字段应整体用引号括起，字段内的引号写成两个`;
const MESSAGES: Record<string, { code: string; message: (column: string) => string }> = {
  CSV_QUOTE_NOT_CLOSED: { code: 'quote-not-closed', message: () => '引号未闭合' },
  INVALID_OPENING_QUOTE: { code: 'quote-misplaced', message: MISPLACED },
  CSV_INVALID_CLOSING_QUOTE: { code: 'quote-misplaced', message: MISPLACED },
};

/** Records with the line each starts on; blank lines are skipped; a leading BOM is ignored. */
export function readCsv(text: string): { rows: CsvRow[]; error?: CsvReadError } {
  const input = Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8');
  const lineAt = lineFinder(input);
  const rows: CsvRow[] = [];
  let start = 0;
  try {
    parse(input, {
      relax_column_count: true,
      on_record: (record: string[], context) => {
        const line = lineAt(start);
        // A blank line is skipped; `""` (how a lone blank field is written) is a record.
        const blank = record.length === 1 && record[0]!.trim() === '' && input[firstNonSpace(input, start)] !== 0x22;
        start = context.bytes;
        if (!blank) rows.push({ line, fields: record.map(restore) });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const known = MESSAGES[error.code] ?? { code: 'malformed', message: () => '格式不正确' };
    const column = typeof error.column === 'number' ? error.column + 1 : undefined;
    return { rows, error: { line: lineAt(start), ...(column ? { column } : {}), code: known.code, message: known.message(column ? `第${column}列` : '') } };
  }
  return { rows };
}

function firstNonSpace(input: Buffer, from: number): number {
  let i = from;
  while (input[i] === 0x20 || input[i] === 0x09) i++;
  return i;
}

/** Physical line breaks in a text (`\r\n`, `\r` and `\n` each end one line, as readCsv counts them). */
function breaksIn(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) n++;
  }
  return n;
}

/**
 * A large file a chunk at a time (department feeds of 100,000 lines, shared/monitoring): the text is cut
 * after a line break outside quotes — RFC 4180 doubles a quote inside a quoted field, so a break is between
 * records exactly when an even number of quotes came before it — and each chunk is read by `readCsv`, its
 * line numbers carried on. So a chunked read gives the same rows, lines and first error as one `readCsv` of
 * the whole, holding one chunk (about `chunkChars`, more only for a single longer record) at a time. Reading
 * stops after the chunk with the error.
 */
export async function* readCsvChunks(source: string | AsyncIterable<string | Uint8Array>, chunkChars = 1 << 20): AsyncGenerator<{ rows: CsvRow[]; error?: CsvReadError }> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let scanned = 0;
  let inQuote = false;
  let boundary = 0;
  let lineOffset = 0;
  let first = true;
  const emit = (text: string) => {
    const read = readCsv(first ? text : text.replace(/^\uFEFF/, '\u0000').replace(/^\u0000/, ''));
    first = false;
    const shift = (line: number) => line + lineOffset;
    const out = { rows: read.rows.map((r) => ({ line: shift(r.line), fields: r.fields })), ...(read.error ? { error: { ...read.error, line: shift(read.error.line) } } : {}) };
    lineOffset += breaksIn(text);
    return out;
  };
  const pieces: AsyncIterable<string | Uint8Array> | Iterable<string> =
    typeof source === 'string'
      ? (function* () {
          for (let i = 0; i < source.length; i += chunkChars) yield source.slice(i, i + chunkChars);
        })()
      : source;
  for await (const piece of pieces) {
    pending += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
    for (; scanned < pending.length; scanned++) {
      const c = pending.charCodeAt(scanned);
      if (c === 0x22) inQuote = !inQuote;
      else if (c === 0x0a && !inQuote) boundary = scanned + 1;
    }
    if (pending.length >= chunkChars && boundary > 0) {
      const out = emit(pending.slice(0, boundary));
      pending = pending.slice(boundary);
      scanned -= boundary;
      boundary = 0;
      yield out;
      if (out.error) return;
    }
  }
  pending += decoder.decode();
  if (pending.length > 0 || first) yield emit(pending);
}
