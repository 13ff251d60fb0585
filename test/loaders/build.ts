/**
 * Writers of small test images (ELF32, h8300 COFF, Intel HEX, S-records), written from the
 * format descriptions so the loader tests and the fuzzer can build valid seeds of any shape.
 */

class Out {
  bytes: number[] = [];
  constructor(readonly bigEndian: boolean) {}
  get pos(): number {
    return this.bytes.length;
  }
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    if (this.bigEndian) this.bytes.push((v >>> 8) & 0xff, v & 0xff);
    else this.bytes.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }
  u32(v: number): this {
    if (this.bigEndian) this.bytes.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    else this.bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }
  raw(d: ArrayLike<number>): this {
    for (let i = 0; i < d.length; i++) this.bytes.push(d[i] & 0xff);
    return this;
  }
  align(n: number): this {
    while (this.bytes.length % n) this.bytes.push(0);
    return this;
  }
  put32(at: number, v: number): void {
    const b = this.bigEndian ? [v >>> 24, v >>> 16, v >>> 8, v] : [v, v >>> 8, v >>> 16, v >>> 24];
    for (let i = 0; i < 4; i++) this.bytes[at + i] = b[i] & 0xff;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

// ---- ELF32 -------------------------------------------------------------------------------

export interface ElfSection {
  name: string;
  addr: number;
  data: Uint8Array;
  /** Load address when different from addr (becomes the program header's p_paddr). */
  paddr?: number;
  /** SHF_ flags; default alloc (2). */
  flags?: number;
  /** SHT_NOBITS when true (bss): `data.length` is the size, nothing is stored. */
  nobits?: boolean;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size?: number;
  /** STT_: 0 notype, 1 object, 2 func, 3 section, 4 file. */
  type?: number;
  /** Section index (1-based into `sections`); default 1. */
  shndx?: number;
}

export interface ElfSpec {
  bigEndian: boolean;
  machine: number;
  entry?: number;
  sections: ElfSection[];
  symbols?: ElfSymbol[];
  /** Write one PT_LOAD per allocated section with contents (default true). */
  programHeaders?: boolean;
  elfClass?: number;
}

export function buildElf(spec: ElfSpec): Uint8Array {
  const o = new Out(spec.bigEndian);
  const withPh = spec.programHeaders ?? true;
  const loadable = spec.sections.filter((s) => !s.nobits && ((s.flags ?? 2) & 2));
  const phnum = withPh ? loadable.length : 0;
  // header placeholder
  o.raw([0x7f, 0x45, 0x4c, 0x46, spec.elfClass ?? 1, spec.bigEndian ? 2 : 1, 1, 0]).raw(new Uint8Array(8));
  o.u16(2).u16(spec.machine).u32(1).u32(spec.entry ?? 0).u32(phnum ? 52 : 0).u32(0 /* shoff later */).u32(0);
  o.u16(52).u16(32).u16(phnum).u16(40).u16(0 /* shnum later */).u16(0 /* shstrndx later */);
  const phAt = o.pos;
  for (let i = 0; i < phnum; i++) o.raw(new Uint8Array(32));
  // section contents
  const offsets: number[] = [];
  for (const s of spec.sections) {
    o.align(4);
    offsets.push(o.pos);
    if (!s.nobits) o.raw(s.data);
  }
  // string tables and symbols
  const strtab: number[] = [0];
  const addStr = (tab: number[], s: string): number => {
    const at = tab.length;
    for (const c of s) tab.push(c.charCodeAt(0));
    tab.push(0);
    return at;
  };
  const syms = spec.symbols ?? [];
  const symNames = syms.map((s) => (s.name ? addStr(strtab, s.name) : 0));
  o.align(4);
  const symOff = o.pos;
  o.raw(new Uint8Array(16));
  syms.forEach((s, i) => {
    o.u32(symNames[i]).u32(s.value).u32(s.size ?? 0).u8(0x10 | (s.type ?? 0)).u8(0).u16(s.shndx ?? 1);
  });
  const symSize = o.pos - symOff;
  const strOff = o.pos;
  o.raw(strtab);
  const shstr: number[] = [0];
  const secNames = spec.sections.map((s) => addStr(shstr, s.name));
  const symtabName = addStr(shstr, '.symtab');
  const strtabName = addStr(shstr, '.strtab');
  const shstrName = addStr(shstr, '.shstrtab');
  const shstrOff = o.pos;
  o.raw(shstr);
  o.align(4);
  const shoff = o.pos;
  const n = spec.sections.length;
  o.raw(new Uint8Array(40)); // null section
  spec.sections.forEach((s, i) => {
    o.u32(secNames[i]).u32(s.nobits ? 8 : 1).u32(s.flags ?? 2).u32(s.addr).u32(offsets[i]).u32(s.data.length).u32(0).u32(0).u32(4).u32(0);
  });
  o.u32(symtabName).u32(2).u32(0).u32(0).u32(symOff).u32(symSize).u32(n + 2).u32(1).u32(4).u32(16);
  o.u32(strtabName).u32(3).u32(0).u32(0).u32(strOff).u32(strtab.length).u32(0).u32(0).u32(1).u32(0);
  o.u32(shstrName).u32(3).u32(0).u32(0).u32(shstrOff).u32(shstr.length).u32(0).u32(0).u32(1).u32(0);
  const shnum = n + 4;
  o.put32(32, shoff);
  // shnum / shstrndx
  const b = o.bytes;
  const put16 = (at: number, v: number) => {
    if (spec.bigEndian) {
      b[at] = (v >>> 8) & 0xff;
      b[at + 1] = v & 0xff;
    } else {
      b[at] = v & 0xff;
      b[at + 1] = (v >>> 8) & 0xff;
    }
  };
  put16(48, shnum);
  put16(50, n + 3);
  // program headers
  loadable.slice(0, phnum).forEach((s, i) => {
    const at = phAt + i * 32;
    const idx = spec.sections.indexOf(s);
    const vals = [1, offsets[idx], s.addr, s.paddr ?? s.addr, s.data.length, s.data.length, 5, 4];
    vals.forEach((v, k) => o.put32(at + 4 * k, v));
  });
  return o.done();
}

// ---- h8300 COFF ---------------------------------------------------------------------------

export interface CoffSection {
  name: string;
  paddr: number;
  vaddr?: number;
  data: Uint8Array;
  /** STYP_ flags: 0x20 text, 0x40 data, 0x80 bss (no contents stored). */
  flags: number;
}

export interface CoffSymbol {
  name: string;
  value: number;
  scnum: number;
  type?: number;
  sclass?: number;
  /** Auxiliary entries, 18 bytes each. */
  aux?: Uint8Array[];
}

export interface CoffSpec {
  magic?: number;
  entry?: number | null;
  sections: CoffSection[];
  symbols?: CoffSymbol[];
}

/** An auxiliary entry for a function: x_tagndx, x_fsize, x_lnnoptr, x_endndx, x_tvndx. */
export function coffFuncAux(size: number): Uint8Array {
  const o = new Out(true);
  o.u32(0).u32(size).u32(0).u32(0).u16(0);
  return o.done();
}

export function buildCoff(spec: CoffSpec): Uint8Array {
  const o = new Out(true);
  const syms = spec.symbols ?? [];
  const nsyms = syms.reduce((n, s) => n + 1 + (s.aux?.length ?? 0), 0);
  const opthdr = spec.entry === null ? 0 : 28;
  o.u16(spec.magic ?? 0x8300).u16(spec.sections.length).u32(0x12345678).u32(0 /* symptr */).u32(nsyms).u16(opthdr).u16(0x0107);
  if (opthdr) {
    const text = spec.sections.find((s) => s.flags & 0x20);
    const data = spec.sections.find((s) => s.flags & 0x40);
    const bss = spec.sections.find((s) => s.flags & 0x80);
    o.u16(0x0107).u16(0).u32(text?.data.length ?? 0).u32(data?.data.length ?? 0).u32(bss?.data.length ?? 0);
    o.u32(spec.entry ?? 0).u32(text?.vaddr ?? text?.paddr ?? 0).u32(data?.vaddr ?? data?.paddr ?? 0);
  }
  const shAt = o.pos;
  for (let i = 0; i < spec.sections.length; i++) o.raw(new Uint8Array(40));
  const ptrs: number[] = [];
  for (const s of spec.sections) {
    if (s.flags & 0x80) {
      ptrs.push(0);
      continue;
    }
    o.align(2);
    ptrs.push(o.pos);
    o.raw(s.data);
  }
  o.align(2);
  const symptr = o.pos;
  const strtab: number[] = [0, 0, 0, 0];
  for (const s of syms) {
    if (s.name.length > 8) {
      o.u32(0).u32(strtab.length);
      for (const c of s.name) strtab.push(c.charCodeAt(0));
      strtab.push(0);
    } else {
      const n = new Uint8Array(8);
      for (let i = 0; i < s.name.length; i++) n[i] = s.name.charCodeAt(i);
      o.raw(n);
    }
    o.u32(s.value).u16(s.scnum & 0xffff).u16(s.type ?? 0).u8(s.sclass ?? 2).u8(s.aux?.length ?? 0);
    for (const a of s.aux ?? []) o.raw(a);
  }
  const strAt = o.pos;
  o.raw(strtab);
  o.put32(strAt, strtab.length);
  if (nsyms) o.put32(8, symptr);
  // section headers
  const hdr = new Out(true);
  spec.sections.forEach((s, i) => {
    const n = new Uint8Array(8);
    for (let k = 0; k < Math.min(8, s.name.length); k++) n[k] = s.name.charCodeAt(k);
    hdr.raw(n).u32(s.paddr).u32(s.vaddr ?? s.paddr).u32(s.data.length).u32(ptrs[i]).u32(0).u32(0).u16(0).u16(0).u32(s.flags);
  });
  hdr.bytes.forEach((v, i) => (o.bytes[shAt + i] = v));
  return o.done();
}

// ---- text records -------------------------------------------------------------------------

const h2 = (v: number) => (v & 0xff).toString(16).toUpperCase().padStart(2, '0');

export interface Chunk {
  addr: number;
  data: Uint8Array;
}

function ihexRecord(type: number, addr: number, data: ArrayLike<number>): string {
  const bytes = [data.length, (addr >> 8) & 0xff, addr & 0xff, type, ...Array.from(data)];
  const sum = bytes.reduce((a, b) => a + b, 0);
  return ':' + bytes.map(h2).join('') + h2(-sum);
}

/** Intel HEX with type 04 (linear) addressing, or type 02 (segment) when `segmented`. */
export function buildIhex(chunks: Chunk[], entry: number | null, opts: { segmented?: boolean; perLine?: number; eol?: string } = {}): string {
  const lines: string[] = [];
  const per = opts.perLine ?? 16;
  let upper = -1;
  for (const c of chunks) {
    for (let i = 0; i < c.data.length; i += per) {
      const a = c.addr + i;
      const n = Math.min(per, c.data.length - i, 0x10000 - (a & 0xffff));
      const up = a >>> 16;
      if (up !== upper) {
        lines.push(opts.segmented ? ihexRecord(2, 0, [(up << 12) >> 8, 0]) : ihexRecord(4, 0, [up >> 8, up & 0xff]));
        upper = up;
      }
      lines.push(ihexRecord(0, a & 0xffff, c.data.subarray(i, i + n)));
      if (n < Math.min(per, c.data.length - i)) i -= per - n; // continue at the 64K boundary
    }
  }
  if (entry !== null) {
    lines.push(opts.segmented ? ihexRecord(3, 0, [0, 0, (entry >> 8) & 0xff, entry & 0xff]) : ihexRecord(5, 0, [entry >>> 24, entry >>> 16, entry >>> 8, entry]));
  }
  lines.push(ihexRecord(1, 0, []));
  return lines.join(opts.eol ?? '\n') + (opts.eol ?? '\n');
}

function srecRecord(type: number, addrBytes: number, addr: number, data: ArrayLike<number>): string {
  const a: number[] = [];
  for (let i = addrBytes - 1; i >= 0; i--) a.push(Math.floor(addr / 256 ** i) & 0xff);
  const bytes = [addrBytes + data.length + 1, ...a, ...Array.from(data)];
  const sum = bytes.reduce((x, y) => x + y, 0);
  return `S${type}` + bytes.map(h2).join('') + h2(~sum);
}

/** S-records with 2, 3 or 4 address bytes (S1/S9, S2/S8, S3/S7), header and optional S5 count. */
export function buildSrec(chunks: Chunk[], entry: number, opts: { addrBytes?: 2 | 3 | 4; header?: string; count?: boolean; perLine?: number } = {}): string {
  const ab = opts.addrBytes ?? 4;
  const dataType = ab - 1;
  const endType = 11 - ab;
  const lines = [srecRecord(0, 2, 0, ascii(opts.header ?? 'test'))];
  const per = opts.perLine ?? 16;
  let n = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.data.length; i += per) {
      lines.push(srecRecord(dataType, ab, c.addr + i, c.data.subarray(i, i + per)));
      n++;
    }
  }
  if (opts.count) lines.push(srecRecord(n > 0xffff ? 6 : 5, n > 0xffff ? 3 : 2, n, []));
  lines.push(srecRecord(endType, ab, entry, []));
  return lines.join('\n') + '\n';
}

export { ihexRecord, srecRecord };
