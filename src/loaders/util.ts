/**
 * Helpers shared by the loaders: bounds-checked reads of binary files and the overlap check.
 * Every failure is an InputError naming the file, where in it, and what is wrong, so a corrupt
 * file never surfaces as a TypeError/RangeError.
 */
import { InputError, hex } from '../core/errors.js';
import type { Segment } from './types.js';

export function at(offset: number): string {
  return `offset ${hex(offset)}`;
}

/** Bounds-checked big/little-endian reads over a file's bytes. */
export class ByteReader {
  constructor(
    readonly file: string,
    readonly bytes: Uint8Array,
    public bigEndian: boolean,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  fail(offset: number, what: string): never {
    throw new InputError(this.file, at(offset), what);
  }

  /** Throws unless [offset, offset+len) lies inside the file. `what` names the thing read. */
  need(offset: number, len: number, what: string): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(len) || offset < 0 || len < 0 || offset + len > this.bytes.length) {
      const n = `${len} byte${len === 1 ? '' : 's'}`;
      const thing = what.endsWith(')') ? `${what.slice(0, -1)}, ${n})` : `${what} (${n})`;
      this.fail(offset, `${thing} runs past the end of the file (${this.bytes.length} bytes)`);
    }
  }

  u8(offset: number, what: string): number {
    this.need(offset, 1, what);
    return this.bytes[offset];
  }

  u16(offset: number, what: string): number {
    this.need(offset, 2, what);
    const a = this.bytes[offset];
    const b = this.bytes[offset + 1];
    return this.bigEndian ? (a << 8) | b : (b << 8) | a;
  }

  u32(offset: number, what: string): number {
    this.need(offset, 4, what);
    const b = this.bytes;
    const v = this.bigEndian
      ? (b[offset] << 24) | (b[offset + 1] << 16) | (b[offset + 2] << 8) | b[offset + 3]
      : (b[offset + 3] << 24) | (b[offset + 2] << 16) | (b[offset + 1] << 8) | b[offset];
    return v >>> 0;
  }

  i16(offset: number, what: string): number {
    return (this.u16(offset, what) << 16) >> 16;
  }

  /** A copy of [offset, offset+len). */
  slice(offset: number, len: number, what: string): Uint8Array {
    this.need(offset, len, what);
    return this.bytes.slice(offset, offset + len);
  }

  /** NUL-terminated ASCII string starting at `offset`, which must end before `limit`. */
  cstring(offset: number, limit: number, what: string): string {
    const end = Math.min(limit, this.bytes.length);
    if (offset < 0 || offset >= end) this.fail(offset, `${what} starts outside its table`);
    let s = '';
    for (let i = offset; i < end; i++) {
      const c = this.bytes[i];
      if (c === 0) return s;
      s += String.fromCharCode(c);
    }
    this.fail(offset, `${what} is not NUL-terminated inside its table`);
  }
}

/**
 * A name read from a file, safe to print: printable ASCII stays as it is, anything else becomes
 * \xNN, and names longer than 64 characters are cut.
 */
export function showName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length && i < 64; i++) {
    const c = name.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f && c !== 0x5c ? name[i] : c === 0x5c ? '\\\\' : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return name.length > 64 ? out + '...' : out;
}

/** Describes a segment for messages: "segment .text at 0x100 length 0x20". */
export function describeSegment(s: Segment): string {
  return `segment ${s.name ? showName(s.name) + ' ' : ''}at ${hex(s.addr)} length ${hex(s.data.length)}`;
}

/**
 * Throws when two segments overlap, naming both. Segments of zero length never overlap.
 * Also rejects segments that run past the 32-bit address space.
 */
export function checkOverlaps(file: string, segments: Segment[], where: (s: Segment) => string = () => '', hint = ''): void {
  for (const s of segments) {
    if (s.addr + s.data.length > 0x1_0000_0000) {
      throw new InputError(file, where(s), `${describeSegment(s)} runs past the end of the 32-bit address space`);
    }
  }
  const sorted = segments.filter((s) => s.data.length > 0).sort((a, b) => a.addr - b.addr);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (b.addr < a.addr + a.data.length) {
      const w = where(b) || where(a);
      throw new InputError(
        file,
        w,
        `overlapping segments: ${describeSegment(a)}${where(a) ? ` (${where(a)})` : ''} and ${describeSegment(b)}${where(b) ? ` (${where(b)})` : ''}${hint}`,
      );
    }
  }
}

export function u32(v: number): number {
  return v >>> 0;
}
