import * as z from 'zod/mini';

/**
 * Clean text for names and free text. Characters that are invisible or change how text around them is
 * shown are refused, not silently stored: C0/C1 control characters and NUL (tab and line breaks only in
 * free text), bidi embeddings, overrides and isolates (an RTL override makes 张三 display reversed on a
 * roster), zero-width characters, the BOM, line/paragraph separators, and lone surrogates (not text at
 * all; they break JSON and hashing elsewhere). What passes is NFC-normalised, so the same name typed on
 * two keyboards is stored — and hashed, compared and masked — as the same string.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /[\t\n\r]/;
const INVISIBLE = /[\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb]/;

export type TextProblem = 'control' | 'invisible' | 'surrogate';

export function textProblem(value: string, multiline: boolean): TextProblem | undefined {
  if (!value.isWellFormed()) return 'surrogate';
  if (CONTROL.test(value) || (!multiline && LINE_BREAKS.test(value))) return 'control';
  if (INVISIBLE.test(value)) return 'invisible';
  return undefined;
}

const MESSAGES: Record<TextProblem, string> = {
  control: '含有控制字符（如 NUL、换行或其他不可打印字符），请删去后重新填写',
  invisible: '含有不可见字符（零宽字符、文字方向控制符或 BOM），请删去后重新填写',
  surrogate: '含有无法识别的字符（不完整的 Unicode 编码），请重新输入',
};

/** Checks to put first in a string schema's `.check(…)`: refuse unclean text naming it, then NFC. */
export function cleanText(label: string, options: { multiline?: boolean } = {}) {
  const multiline = options.multiline ?? true;
  return [
    z.superRefine((value: string, ctx) => {
      const problem = textProblem(value, multiline);
      if (problem) ctx.issues.push({ code: 'custom', message: `${label}${MESSAGES[problem]}`, input: value, params: { problem } });
    }),
    z.overwrite((value: string) => value.normalize('NFC')),
  ] as const;
}

/** A name: one line, clean, NFC, trimmed. */
export const nameText = (label: string, max: number, required = `请填写${label}`) =>
  z.string({ error: required }).check(...cleanText(label, { multiline: false }), z.trim(), z.minLength(1, required), z.maxLength(max, `${label}过长`));
