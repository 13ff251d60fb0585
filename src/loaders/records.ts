/**
 * Shared machinery of the text record formats (Intel HEX, Motorola S-records): line splitting,
 * hex decoding with line-numbered errors, and turning data records into merged segments with
 * an overlap check that names both lines.
 */
import { InputError, hex } from '../core/errors.js';
import type { Segment } from './types.js';

export interface TextLine {
  /** 1-based line number. */
  no: number;
  /** The line's bytes, without its terminator and surrounding white space. */
  b: Uint8Array;
}

/** The line as a string, for messages (first `max` characters). */
export function lineText(line: TextLine, max = 16): string {
  let s = '';
  for (let i = 0; i < line.b.length && i < max; i++) s += String.fromCharCode(line.b[i]);
  return s;
}

/**
 * Lines without their terminators (LF, CR LF or a lone CR) and surrounding white space; blank
 * lines are dropped. Trailing NULs and ^Z (DOS end of file) count as white space.
 */
export function textLines(bytes: Uint8Array): TextLine[] {
  const out: TextLine[] = [];
  let start = 0;
  let no = 1;
  const n = bytes.length;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 0x0a : bytes[i];
    if (c === 0x0a || c === 0x0d) {
      let end = i;
      while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09 || bytes[end - 1] === 0x1a || bytes[end - 1] === 0)) end--;
      let s = start;
      while (s < end && (bytes[s] === 0x20 || bytes[s] === 0x09)) s++;
      if (end > s) out.push({ no, b: bytes.subarray(s, end) });
      if (c === 0x0d && i + 1 < n && bytes[i + 1] === 0x0a) i++;
      start = i + 1;
      no++;
    }
  }
  return out;
}

/** Hex digit values by character code, -1 for anything else. */
const HEXVAL = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEXVAL[0x30 + c] = c;
for (let c = 0; c < 6; c++) {
  HEXVAL[0x41 + c] = 10 + c;
  HEXVAL[0x61 + c] = 10 + c;
}

/** Decodes the line from `from` as hex byte pairs. Errors name the line and column. */
export function decodeHex(file: string, line: TextLine, from: number): Uint8Array {
  const t = line.b;
  const digits = t.length - from;
  for (let i = from; i < t.length; i++) {
    if (HEXVAL[t[i]] < 0) {
      const c = t[i];
      const shown = c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte ${hex(c, 2)}`;
      throw new InputError(file, `line ${line.no}`, `${shown} at column ${i + 1} is not a hex digit`);
    }
  }
  if (digits % 2 !== 0) {
    throw new InputError(file, `line ${line.no}`, `odd hex digit count (${digits} digits after the record mark)`);
  }
  const out = new Uint8Array(digits >> 1);
  for (let i = 0, k = from; i < out.length; i++, k += 2) out[i] = (HEXVAL[t[k]] << 4) | HEXVAL[t[k + 1]];
  return out;
}

interface Chunk {
  addr: number;
  data: Uint8Array;
  line: number;
}

/** Collects data records and produces merged segments. */
export class ChunkCollector {
  private chunks: Chunk[] = [];
  constructor(private readonly file: string) {}

  add(addr: number, data: Uint8Array, line: number): void {
    if (data.length === 0) return;
    if (addr + data.length > 0x1_0000_0000) {
      throw new InputError(this.file, `line ${line}`, `data at ${hex(addr)} length ${hex(data.length)} runs past the 32-bit address space`);
    }
    this.chunks.push({ addr, data, line });
  }

  segments(): Segment[] {
    const c = this.chunks.slice().sort((a, b) => a.addr - b.addr || a.line - b.line);
    for (let i = 1; i < c.length; i++) {
      const a = c[i - 1];
      const b = c[i];
      if (b.addr < a.addr + a.data.length) {
        const first = a.line < b.line ? a : b;
        const second = a.line < b.line ? b : a;
        throw new InputError(
          this.file,
          `line ${second.line}`,
          `overlapping data: ${hex(second.addr)}..${hex(second.addr + second.data.length - 1)} (line ${second.line}) overlaps ${hex(first.addr)}..${hex(first.addr + first.data.length - 1)} (line ${first.line})`,
        );
      }
    }
    const out: Segment[] = [];
    let i = 0;
    while (i < c.length) {
      let j = i + 1;
      let end = c[i].addr + c[i].data.length;
      while (j < c.length && c[j].addr === end) {
        end += c[j].data.length;
        j++;
      }
      const data = new Uint8Array(end - c[i].addr);
      for (let k = i; k < j; k++) data.set(c[k].data, c[k].addr - c[i].addr);
      out.push({ addr: c[i].addr, data });
      i = j;
    }
    return out;
  }
}
