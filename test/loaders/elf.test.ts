import { describe, it, expect } from 'vitest';
import { loadElf } from '../../src/loaders/elf.js';
import { buildElf, ascii } from './build.js';
import { fixture, inputError } from './helpers.js';

describe('ELF32', () => {
  it('loads the big-endian 68000 fixture at the physical addresses', () => {
    const img = loadElf(fixture('m68k.elf'), 'm68k.elf');
    expect(img.machine).toBe('m68000');
    expect(img.bigEndian).toBe(true);
    expect(img.entry).toBe(8);
    // .data runs at 0x100000 but is stored in ROM at 0x16 (p_paddr); .bss has no file bytes.
    expect(img.segments.map((s) => [s.name, s.addr, s.data.length])).toEqual([
      ['.vectors+.text', 0, 0x16],
      ['.data', 0x16, 0x37],
    ]);
    expect(Array.from(img.segments[0].data.subarray(0, 8))).toEqual([0, 1, 0, 0, 0, 0, 0, 8]);
    const byName = Object.fromEntries(img.symbols.map((s) => [s.name, s]));
    expect(byName._start).toEqual({ name: '_start', addr: 8, size: 14, kind: 'func' });
    expect(byName.counter).toEqual({ name: 'counter', addr: 0x100000, size: 4, kind: 'object' });
    expect(byName.banner.kind).toBe('other');
    expect(img.symbols.some((s) => s.name === '.text' || s.name === 'm68k.o')).toBe(false);
  });

  it('loads the little-endian ARM fixture: Thumb functions lose bit 0, mapping symbols are dropped', () => {
    const img = loadElf(fixture('arm.elf'), 'arm.elf');
    expect(img.machine).toBe('arm7tdmi');
    expect(img.bigEndian).toBe(false);
    expect(img.entry).toBe(0x8020);
    const byName = Object.fromEntries(img.symbols.map((s) => [s.name, s]));
    expect(byName.tfun).toEqual({ name: 'tfun', addr: 0x8018, size: 6, kind: 'func', thumb: true });
    expect(byName.add).toEqual({ name: 'add', addr: 0x8000, size: 24, kind: 'func' });
    expect(byName.banner).toEqual({ name: 'banner', addr: 0x8024, size: 43, kind: 'object' });
    expect(img.symbols.some((s) => s.name.startsWith('$'))).toBe(false);
    expect(img.segments.map((s) => s.addr)).toEqual([0x8000, 0x8060]);
  });

  it('loads the 68HC11 fixture (EM_68HC11)', () => {
    const img = loadElf(fixture('hc11.elf'), 'hc11.elf');
    expect(img.machine).toBe('m68hc11');
    expect(img.segments.map((s) => [s.addr, s.data.length])).toEqual([[0xe000, 7], [0xe100, 0x2e], [0xfffe, 2]]);
    expect(img.symbols.find((s) => s.name === 'loop')?.addr).toBe(0xe005);
  });

  it('maps EM_H8_300 to h8300 and uses p_paddr', () => {
    const bytes = buildElf({
      bigEndian: true, machine: 46, entry: 0x100,
      sections: [
        { name: '.text', addr: 0x100, data: Uint8Array.from([0x79, 0x07, 0xff, 0x00]) },
        { name: '.data', addr: 0xfd80, paddr: 0x104, data: Uint8Array.from([1, 2]), flags: 3 },
        { name: '.bss', addr: 0xfd82, data: new Uint8Array(16), flags: 3, nobits: true },
      ],
      symbols: [{ name: 'start', value: 0x100, size: 4, type: 2 }, { name: 'var', value: 0xfd80, size: 2, type: 1, shndx: 2 }],
    });
    const img = loadElf(bytes, 'h8.elf');
    expect(img.machine).toBe('h8300');
    expect(img.segments).toEqual([
      { addr: 0x100, data: Uint8Array.from([0x79, 0x07, 0xff, 0x00]), name: '.text' },
      { addr: 0x104, data: Uint8Array.from([1, 2]), name: '.data' },
    ]);
    expect(img.symbols).toEqual([
      { name: 'start', addr: 0x100, size: 4, kind: 'func' },
      { name: 'var', addr: 0xfd80, size: 2, kind: 'object' },
    ]);
  });

  it('falls back to allocated section headers when there are no program headers', () => {
    const bytes = buildElf({
      bigEndian: true, machine: 4, programHeaders: false,
      sections: [
        { name: '.text', addr: 0x400, data: ascii('code') },
        { name: '.comment', addr: 0, data: ascii('GCC'), flags: 0 },
        { name: '.bss', addr: 0x800, data: new Uint8Array(4), flags: 3, nobits: true },
      ],
    });
    const img = loadElf(bytes, 'noph.elf');
    expect(img.segments).toEqual([{ addr: 0x400, data: ascii('code'), name: '.text' }]);
  });

  it('loads a single-section relocatable object from its section headers', () => {
    const img = loadElf(fixture('m68k-single.o'), 'single.o');
    expect(img.segments).toEqual([{ addr: 0, data: Uint8Array.from([0x70, 0x01, 0x4e, 0x75]), name: '.text' }]);
    expect(img.symbols).toEqual([{ name: 'entry', addr: 0, size: 4, kind: 'func' }]);
  });

  it('tells to link a relocatable object whose sections overlap', () => {
    inputError(() => loadElf(fixture('m68k.o'), 'm68k.o'), /^m68k\.o: section header \d at offset 0x[0-9A-F]+: overlapping segments: .* \(this is a relocatable object file: link it first\)$/);
  });

  it('uses p_vaddr when every p_paddr is zero', () => {
    const b = buildElf({ bigEndian: true, machine: 4, sections: [{ name: '.text', addr: 0x400, paddr: 0, data: ascii('code') }, { name: '.data', addr: 0x800, paddr: 0, data: ascii('dd') }] });
    expect(loadElf(b, 'z.elf').segments.map((s) => s.addr)).toEqual([0x400, 0x800]);
  });

  it('keeps absolute symbols and drops common and undefined ones', () => {
    const b = buildElf({
      bigEndian: true, machine: 4, sections: [{ name: '.text', addr: 0x400, data: ascii('code') }],
      symbols: [{ name: 'abs', value: 0xfffa00, shndx: 0xfff1 }, { name: 'common', value: 4, size: 8, type: 1, shndx: 0xfff2 }, { name: 'undef', value: 0, shndx: 0 }],
    });
    expect(loadElf(b, 's.elf').symbols).toEqual([{ name: 'abs', addr: 0xfffa00, size: 0, kind: 'other' }]);
  });

  it('falls back to sections when the program headers have no PT_LOAD', () => {
    const b = buildElf({ bigEndian: true, machine: 4, sections: [{ name: '.text', addr: 0x400, data: ascii('code') }] });
    new DataView(b.buffer).setUint32(52, 4); // p_type = PT_NOTE
    expect(loadElf(b, 'n.elf').segments).toEqual([{ addr: 0x400, data: ascii('code'), name: '.text' }]);
  });

  it('rejects other classes, byte orders and machines', () => {
    const ok = () => buildElf({ bigEndian: true, machine: 4, sections: [{ name: '.text', addr: 0, data: ascii('x') }] });
    const b = ok();
    b[4] = 2;
    inputError(() => loadElf(b, 'x.elf'), /^x\.elf: offset 0x4: wrong ELF class: ELF64/);
    const c = ok();
    c[5] = 3;
    inputError(() => loadElf(c, 'x.elf'), /offset 0x5: wrong ELF byte order 3/);
    inputError(() => loadElf(buildElf({ bigEndian: false, machine: 62, sections: [] }), 'x.elf'), /offset 0x12: wrong machine type 62 \(x86-64\)/);
    inputError(() => loadElf(buildElf({ bigEndian: false, machine: 4, sections: [] }), 'x.elf'), /wrong endianness: m68000 files are big-endian/);
    inputError(() => loadElf(buildElf({ bigEndian: true, machine: 40, sections: [] }), 'x.elf'), /wrong endianness: big-endian ARM/);
    inputError(() => loadElf(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 1, 2]), 'x.elf'), /offset 0x0: ELF identification \(16 bytes\) runs past the end of the file \(6 bytes\)/);
  });

  it('rejects segments and sections outside the file', () => {
    const b = buildElf({ bigEndian: true, machine: 4, sections: [{ name: '.text', addr: 0, data: ascii('abcd') }] });
    const dv = new DataView(b.buffer);
    dv.setUint32(52 + 16, 0x10000); // p_filesz
    dv.setUint32(52 + 20, 0x10000); // p_memsz
    inputError(() => loadElf(b, 'x.elf'), /offset 0x38: program header 0: contents at 0x[0-9A-F]+ length 0x10000 lie outside the file/);
    const c = buildElf({ bigEndian: true, machine: 4, programHeaders: false, sections: [{ name: '.text', addr: 0, data: ascii('abcd') }] });
    const shoff = new DataView(c.buffer).getUint32(32);
    new DataView(c.buffer).setUint32(shoff + 40 + 16, 0xffff00); // sh_offset of .text
    inputError(() => loadElf(c, 'y.elf'), /section \.text at 0xFFFF00 length 0x4 lies outside the file/);
  });

  it('reports overlapping segments naming both', () => {
    const b = buildElf({
      bigEndian: true, machine: 4,
      sections: [{ name: '.text', addr: 0x100, data: new Uint8Array(16) }, { name: '.data', addr: 0x108, data: new Uint8Array(4) }],
    });
    inputError(() => loadElf(b, 'o.elf'), /overlapping segments: segment \.text at 0x100 length 0x10 \(program header 0 at offset 0x34\) and segment \.data at 0x108 length 0x4 \(program header 1 at offset 0x54\)/);
  });

  it('rejects invalid string-table offsets and symbol tables past the end', () => {
    const b = buildElf({ bigEndian: true, machine: 4, sections: [{ name: '.text', addr: 0, data: ascii('abcd') }], symbols: [{ name: 'f', value: 0 }] });
    const dv = new DataView(b.buffer);
    const shoff = dv.getUint32(32);
    const symtab = shoff + 40 * 2; // null, .text, .symtab
    const symOff = dv.getUint32(symtab + 16);
    const good = b.slice();
    dv.setUint32(symOff + 16, 0x999); // st_name of symbol 1
    inputError(() => loadElf(b, 's.elf'), /symbol 1: invalid string-table offset 0x999/);
    const g = new DataView(good.buffer);
    g.setUint32(symtab + 20, 0x100000); // sh_size
    inputError(() => loadElf(good, 's.elf'), /symbol table \.symtab \(65536 symbols at 0x[0-9A-F]+\) runs past the end of the file/);
  });
});
