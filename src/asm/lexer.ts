/**
 * Tokens of assembly source: numbers, names, quoted strings and operators, plus the two
 * line-level helpers every CPU needs (comment stripping and splitting operands at commas).
 *
 * Numbers: decimal `42`, hexadecimal `0x2A` or `2AH` (a leading digit is required: `0FFH`),
 * binary `0b101010` or `101010B`, octal `52O`/`52Q`; `_` may separate digits. A quoted single
 * character (`'A'` or `"A"`) is its code; `''` inside single quotes is one quote.
 * Names: a letter, `_`, `?`, `@` or `.` then letters, digits, `_`, `?`, `@`, `.`.
 */
import { AsmError } from './types.js';

export type TokenKind = 'num' | 'name' | 'str' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** num: the value. */
  value: number;
  /** Offset in the text. */
  pos: number;
}

const OPS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '&', '|', '^', '~', '(', ')', '$', ',', '#', '[', ']', ':', '='];

export function isNameStart(c: string): boolean {
  return /[A-Za-z_?@.]/.test(c);
}

export function isNameChar(c: string): boolean {
  return /[A-Za-z0-9_?@.]/.test(c);
}

/** Value of a number token, or null when the text is not a number. */
export function parseNumber(text: string): number | null {
  const t = text.replace(/_/g, '').toUpperCase();
  let m: RegExpExecArray | null;
  let v: number;
  if ((m = /^0X([0-9A-F]+)$/.exec(t))) v = parseInt(m[1], 16);
  else if ((m = /^([0-9][0-9A-F]*)H$/.exec(t))) v = parseInt(m[1], 16);
  else if ((m = /^0B([01]+)$/.exec(t))) v = parseInt(m[1], 2);
  else if ((m = /^([01]+)B$/.exec(t))) v = parseInt(m[1], 2);
  else if ((m = /^([0-7]+)[OQ]$/.exec(t))) v = parseInt(m[1], 8);
  else if ((m = /^([0-9]+)D?$/.exec(t))) v = parseInt(m[1], 10);
  else return null;
  if (!Number.isSafeInteger(v) || v > 0xffffffff) return null;
  return v;
}

/** Read a quoted string starting at `text[i]` (the quote). Returns its characters and the end offset. */
export function readQuoted(text: string, i: number): { chars: string; end: number } {
  const q = text[i];
  let out = '';
  let j = i + 1;
  for (;;) {
    if (j >= text.length) throw new AsmError(`unterminated string ${text.slice(i)}`);
    const c = text[j];
    if (c === q) {
      if (text[j + 1] === q) {
        out += q;
        j += 2;
        continue;
      }
      return { chars: out, end: j + 1 };
    }
    out += c;
    j++;
  }
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9A-Za-z_]/.test(text[j])) j++;
      const word = text.slice(i, j);
      const v = parseNumber(word);
      if (v === null) throw new AsmError(`bad number "${word}"`);
      out.push({ kind: 'num', text: word, value: v, pos: i });
      i = j;
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < text.length && isNameChar(text[j])) j++;
      out.push({ kind: 'name', text: text.slice(i, j), value: 0, pos: i });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      const { chars, end } = readQuoted(text, i);
      out.push({ kind: 'str', text: chars, value: 0, pos: i });
      i = end;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new AsmError(`unexpected character "${c}"`);
    out.push({ kind: 'op', text: op, value: 0, pos: i });
    i += op.length;
  }
  out.push({ kind: 'end', text: '', value: 0, pos: text.length });
  return out;
}

/** The line without its `;` comment (a `;` inside quotes is text). */
export function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === ';') return line.slice(0, i);
  }
  return line;
}

/** Split operands at commas outside quotes, parentheses and brackets; trims each. */
export function splitOperands(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const { end } = readQuoted(text, i);
      cur += text.slice(i, end);
      i = end - 1;
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '' || out.length > 0) out.push(cur.trim());
  for (const o of out) if (o === '') throw new AsmError('empty operand (two commas in a row, or a trailing comma)');
  return out;
}
