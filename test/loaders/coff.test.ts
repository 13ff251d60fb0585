import { describe, it, expect } from 'vitest';
import { loadCoff } from '../../src/loaders/coff.js';
import { buildCoff, coffFuncAux, ascii, type CoffSpec } from './build.js';
import { fixture, inputError } from './helpers.js';
import { detectFormat } from '../../src/loaders/index.js';
import { findBanners } from '../../src/loaders/banner.js';

const TEXT = Uint8Array.from([0x79, 0x07, 0xff, 0x80, 0x5e, 0x00, 0x01, 0x20, 0x40, 0xfe]);
const DATA = Uint8Array.from([0x12, 0x34, 0x56, 0x78]);

/** A linked h8300-hms style image: .vectors, .text, .data (stored after text, runs in RAM), .bss. */
function spec(): CoffSpec {
  return {
    entry: 0x100,
    sections: [
      { name: '.vectors', paddr: 0, data: Uint8Array.from([0x01, 0x00]), flags: 0x40 },
      { name: '.text', paddr: 0x100, data: TEXT, flags: 0x20 },
      { name: '.data', paddr: 0x10a, vaddr: 0xfd80, data: DATA, flags: 0x40 },
      { name: '.bss', paddr: 0xfd84, data: new Uint8Array(32), flags: 0x80 },
    ],
    symbols: [
      { name: '.file', value: 0, scnum: -2, sclass: 103, aux: [ascii('crt0.s\0\0\0\0\0\0\0\0\0\0\0\0')] },
      { name: '.text', value: 0x100, scnum: 2, sclass: 3, aux: [new Uint8Array(18)] },
      { name: '_start', value: 0x100, scnum: 2, type: 0x20, sclass: 2, aux: [coffFuncAux(6)] },
      { name: '_a_rather_long_function_name', value: 0x106, scnum: 2, type: 0x24, sclass: 2, aux: [coffFuncAux(4)] },
      { name: '_counter', value: 0xfd80, scnum: 3, type: 4, sclass: 2 },
      { name: '_buffer_in_bss', value: 0xfd84, scnum: 4, type: 0, sclass: 3 },
      { name: '_undef', value: 0, scnum: 0, sclass: 2 },
      { name: 'ABSSYM', value: 0xffc0, scnum: -1, sclass: 2 },
    ],
  };
}

describe('h8300-hms COFF', () => {
  it('loads the gcc-h8300-hms fixture: LMA of .data, entry, sized symbols, no locals or section symbols', () => {
    const bytes = fixture('h8.coff');
    expect(detectFormat(bytes)).toBe('coff');
    const img = loadCoff(bytes, 'h8.coff');
    expect(img.machine).toBe('h8300');
    expect(img.entry).toBe(0x11c);
    expect(img.segments.map((s) => [s.name, s.addr, s.data.length])).toEqual([
      ['.vectors', 0, 2],
      ['.text', 0x100, 0x60],
      ['.data', 0x160, 2], // runs at 0xfd80, stored after the text
    ]);
    expect(Array.from(img.segments[0].data)).toEqual([0x01, 0x1c]); // SHORT(_start)
    expect(Array.from(img.segments[2].data)).toEqual([0, 5]); // int counter = 5
    expect(img.symbols).toEqual([
      { name: '_a_rather_long_function_name', addr: 0x100, size: 0x1c, kind: 'func' },
      { name: '_start', addr: 0x11c, size: 0x16, kind: 'func' },
      { name: '_buffer_in_bss', addr: 0xfd82, size: 0x10, kind: 'object' },
      { name: '_counter', addr: 0xfd80, size: 0, kind: 'object' },
      { name: '_etext', addr: 0x160, size: 0, kind: 'other' },
      { name: '_banner', addr: 0x132, size: 0x2e, kind: 'object' }, // char[] in .text (rodata)
    ]);
    expect(findBanners(bytes).map((b) => b.cpuId)).toEqual(['h8300']);
  });

  it('loads sections at s_paddr, skips .bss, reads the a.out entry', () => {
    const img = loadCoff(buildCoff(spec()), 'prog.coff');
    expect(img.format).toBe('coff');
    expect(img.machine).toBe('h8300');
    expect(img.bigEndian).toBe(true);
    expect(img.entry).toBe(0x100);
    expect(img.segments).toEqual([
      { addr: 0, data: Uint8Array.from([1, 0]), name: '.vectors' },
      { addr: 0x100, data: TEXT, name: '.text' },
      { addr: 0x10a, data: DATA, name: '.data' },
    ]);
  });

  it('reads symbols, skipping auxiliary entries, section and file symbols; long names come from the string table', () => {
    const img = loadCoff(buildCoff(spec()), 'prog.coff');
    expect(img.symbols).toEqual([
      { name: '_start', addr: 0x100, size: 6, kind: 'func' },
      { name: '_a_rather_long_function_name', addr: 0x106, size: 4, kind: 'func' },
      { name: '_counter', addr: 0xfd80, size: 0, kind: 'object' },
      { name: '_buffer_in_bss', addr: 0xfd84, size: 0, kind: 'object' },
      { name: 'ABSSYM', addr: 0xffc0, size: 0, kind: 'other' },
    ]);
  });

  it('has no entry without an optional header, and works without symbols', () => {
    const img = loadCoff(buildCoff({ entry: null, sections: [{ name: '.text', paddr: 0x40, data: TEXT, flags: 0x20 }] }), 'x');
    expect(img.entry).toBeNull();
    expect(img.symbols).toEqual([]);
    expect(img.segments).toHaveLength(1);
  });

  it('does not load STYP_INFO sections or unflagged debugging sections', () => {
    const s = spec();
    s.sections.push({ name: '.comment', paddr: 0, data: ascii('GCC: 2.95'), flags: 0x200 });
    s.sections.push({ name: '.stab', paddr: 0, data: new Uint8Array(12), flags: 0 });
    s.sections.push({ name: '.stabstr', paddr: 0, data: new Uint8Array(5), flags: 0 });
    s.sections.push({ name: '.tiny', paddr: 0x200, data: Uint8Array.from([9]), flags: 0 });
    const img = loadCoff(buildCoff(s), 'prog.coff');
    expect(img.segments.map((x) => x.name)).toEqual(['.vectors', '.text', '.data', '.tiny']);
  });

  it('rejects other H8 magics, foreign magics and byte-swapped files', () => {
    inputError(() => loadCoff(buildCoff({ ...spec(), magic: 0x8301 }), 'h.coff'), /^h\.coff: offset 0x0: wrong machine type: H8\/300H COFF \(magic 0x8301\)/);
    inputError(() => loadCoff(buildCoff({ ...spec(), magic: 0x014c }), 'h.coff'), /wrong machine type: COFF magic 0x014C/);
    inputError(() => loadCoff(buildCoff({ ...spec(), magic: 0x0083 }), 'h.coff'), /wrong endianness/);
  });

  it('rejects sections outside the file', () => {
    const b = buildCoff(spec());
    const dv = new DataView(b.buffer);
    const sh = 20 + 28 + 40; // second section header (.text)
    dv.setUint32(sh + 20, 0x7fff0000); // s_scnptr
    inputError(() => loadCoff(b, 'p.coff'), /offset 0x6C: section \.text contents at 0x7FFF0000 length 0xA lie outside the file/);
  });

  it('prints names read from the file safely', () => {
    const b = buildCoff({ entry: null, sections: [{ name: '.t\x01x\\t', paddr: 0, data: new Uint8Array(4), flags: 0x20 }] });
    new DataView(b.buffer).setUint32(20 + 20, 0x10000); // s_scnptr
    inputError(() => loadCoff(b, 'n.coff'), /section \.t\\x01x\\\\t contents at 0x10000/);
  });

  it('reports overlapping sections naming both', () => {
    const s = spec();
    s.sections[2].paddr = 0x108;
    inputError(() => loadCoff(buildCoff(s), 'p.coff'), /overlapping segments: segment \.text at 0x100 length 0xA \(section header 2 at offset 0x58\) and segment \.data at 0x108 length 0x4 \(section header 3 at offset 0x80\)/);
  });

  it('rejects a symbol count that runs past the end, bad string offsets and aux entries past the table', () => {
    const b = buildCoff(spec());
    const dv = new DataView(b.buffer);
    const nsyms = dv.getUint32(12);
    dv.setUint32(12, nsyms + 1000);
    inputError(() => loadCoff(b, 'p.coff'), /offset 0xC: symbol count \d+ runs past the end of the file/);

    const c = buildCoff(spec());
    const cv = new DataView(c.buffer);
    const symptr = cv.getUint32(8);
    // symbol 5 (_a_rather_long_function_name) is the long name: entries 0..1 .file, 2..3 .text, 4..5 _start
    const long = symptr + 6 * 18;
    expect(cv.getUint32(long)).toBe(0);
    cv.setUint32(long + 4, 0xdead);
    inputError(() => loadCoff(c, 'p.coff'), /symbol 6: invalid string-table offset 0xDEAD/);

    const d = buildCoff(spec());
    const dd = new DataView(d.buffer);
    const last = dd.getUint32(8) + (dd.getUint32(12) - 1) * 18;
    d[last + 17] = 3; // numaux of the last symbol
    inputError(() => loadCoff(d, 'p.coff'), /3 auxiliary entries run past the end of the symbol table/);
  });

  it('rejects truncated headers', () => {
    inputError(() => loadCoff(Uint8Array.from([0x83, 0x00, 0, 1]), 't.coff'), /offset 0x0: COFF file header \(20 bytes\) runs past the end of the file \(4 bytes\)/);
    const b = buildCoff(spec()).subarray(0, 60);
    inputError(() => loadCoff(b, 't.coff'), /section header table \(4 headers at 0x30, 160 bytes\) runs past the end of the file \(60 bytes\)/);
  });
});
