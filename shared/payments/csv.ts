/**
 * RFC 4180 CSV, the small part we need: CRLF line ends, fields quoted when they hold a comma, a quote or
 * a line break. Bank files are plain; the parser still honours quotes so a name with a comma survives.
 */
export function csvLine(fields: readonly (string | number)[]): string {
  return `${fields.map((f) => {
    const s = String(f);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',')}\r\n`;
}

/** Rows of fields with their 1-based line numbers; `error` names a line whose quoting is broken. */
export function parseCsv(text: string): { rows: { line: number; fields: string[] }[]; error?: { line: number; message: string } } {
  const rows: { line: number; fields: string[] }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let j = 0; j < raw.length; j++) {
      const ch = raw[j]!;
      if (quoted) {
        if (ch === '"' && raw[j + 1] === '"') {
          field += '"';
          j++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"' && field === '') quoted = true;
      else if (ch === ',') {
        fields.push(field);
        field = '';
      } else field += ch;
    }
    if (quoted) return { rows, error: { line: i + 1, message: '引号未闭合' } };
    fields.push(field);
    rows.push({ line: i + 1, fields });
  }
  return { rows };
}
