/**
 * Reading kernel RAM without trusting it: every read goes through the bus's side-effect-free
 * peek, and pointers are checked against the board's RAM (data) and ROM/RAM (code) before
 * anything follows them.
 */
import type { Bus } from '../core/bus.js';
import type { Field } from './profile.js';

export class KernelMemory {
  readonly ram: [number, number][];
  readonly code: [number, number][];
  constructor(readonly bus: Bus, readonly pointerSize: 2 | 4) {
    this.ram = bus.regions.filter((r) => r.kind === 'ram').map((r) => [r.base, r.base + r.size] as [number, number]);
    const rom = bus.regions.filter((r) => r.kind === 'rom').map((r) => [r.base, r.base + r.size] as [number, number]);
    this.code = rom.length > 0 ? [...rom, ...this.ram] : this.ram;
  }

  u8(a: number): number {
    return this.bus.peek8(a);
  }
  u16(a: number): number {
    return this.bus.peek16(a);
  }
  u32(a: number): number {
    return this.bus.peek32(a) >>> 0;
  }
  ptr(a: number): number {
    return this.pointerSize === 4 ? this.u32(a) : this.u16(a);
  }

  /** true when [a, a+len) lies inside one RAM region. */
  inRam(a: number, len = 1): boolean {
    for (const [lo, hi] of this.ram) if (a >= lo && a + len <= hi) return true;
    return false;
  }
  inCode(a: number): boolean {
    for (const [lo, hi] of this.code) if (a >= lo && a < hi) return true;
    return false;
  }
  /** Readable at all (RAM or ROM). */
  readable(a: number, len = 1): boolean {
    for (const [lo, hi] of this.code) if (a >= lo && a + len <= hi) return true;
    return false;
  }

  /** A NUL-terminated string of printable characters, or null when there is none at `a`. */
  cstring(a: number, max = 48): string | null {
    if (!this.readable(a)) return null;
    let s = '';
    for (let i = 0; i < max; i++) {
      const c = this.u8(a + i);
      if (c === 0) return s;
      if (c < 0x20 || c > 0x7e) return null;
      s += String.fromCharCode(c);
    }
    return s;
  }

  field(base: number, f: Field): number {
    const a = base + f.offset;
    switch (f.type) {
      case 'u8': return this.u8(a);
      case 'i8': return (this.u8(a) << 24) >> 24;
      case 'u16': return this.u16(a);
      case 'i16': return (this.u16(a) << 16) >> 16;
      case 'u32': return this.u32(a);
      case 'i32': return this.u32(a) | 0;
      case 'ptr':
      case 'cstrptr': return this.ptr(a);
      case 'cstr': return a;
    }
  }

  /** String field: inline characters or a pointer to them. */
  stringField(base: number, f: Field): string | null {
    if (f.type === 'cstr') return this.cstring(base + f.offset, f.length ?? 32);
    return this.cstring(this.field(base, f));
  }

  hex(a: number, len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += this.u8(a + i).toString(16).padStart(2, '0');
    return s;
  }
}
