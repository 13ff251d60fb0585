import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat, loadImageBytes, loadImageFile } from '../../src/loaders/index.js';
import { loadRaw } from '../../src/loaders/raw.js';
import { buildCoff, buildIhex, buildSrec } from './build.js';
import { FIXTURES, fixture, inputError, text } from './helpers.js';

describe('format detection and dispatch', () => {
  it('detects each format from content', () => {
    expect(detectFormat(fixture('m68k.elf'))).toBe('elf');
    expect(detectFormat(fixture('m68k.hex'))).toBe('ihex');
    expect(detectFormat(fixture('m68k.s19'))).toBe('srec');
    expect(detectFormat(buildCoff({ sections: [{ name: '.text', paddr: 0, data: new Uint8Array(4), flags: 0x20 }] }))).toBe('coff');
    expect(detectFormat(text('\r\n  ' + buildIhex([{ addr: 0, data: new Uint8Array(2) }], null)))).toBe('ihex');
    expect(detectFormat(text(buildSrec([{ addr: 0, data: new Uint8Array(2) }], 0)))).toBe('srec');
    expect(detectFormat(Uint8Array.from([0x4e, 0x71, 0x4e, 0x75]))).toBe('raw');
    expect(detectFormat(text(':not hex\n'))).toBe('raw');
    expect(detectFormat(text('Some text\n'))).toBe('raw');
    expect(detectFormat(new Uint8Array(0))).toBe('raw');
    expect(detectFormat(Uint8Array.from([0x7f, 0x45, 0x4c]))).toBe('raw');
    // An H8 COFF magic without a plausible header is a raw binary.
    expect(detectFormat(Uint8Array.from({ length: 64 }, (_, i) => (i === 0 ? 0x83 : i === 1 ? 0 : 0xee)))).toBe('raw');
    // A truncated COFF file is still COFF, so the user hears what is wrong with it.
    const coff = fixture('h8.coff');
    expect(detectFormat(coff.subarray(0, 60))).toBe('coff');
    inputError(() => loadImageBytes(coff.subarray(0, 60), 'h8.coff'), /^h8\.coff: offset 0x30: section header table \(4 headers at 0x30, 160 bytes\) runs past the end of the file \(60 bytes\)/);
  });

  it('lets opts.format override detection', () => {
    const elf = fixture('m68k.elf');
    const raw = loadImageBytes(elf, 'm68k.elf', { format: 'raw', base: 0x1000 });
    expect(raw.format).toBe('raw');
    expect(raw.segments).toEqual([{ addr: 0x1000, data: elf, name: 'raw' }]);
    inputError(() => loadImageBytes(fixture('m68k.hex'), 'm68k.hex', { format: 'srec' }), /^m68k\.hex: line 1: expected a record starting with 'S'/);
    inputError(() => loadImageBytes(elf, 'e', { format: 'bogus' as never }), /unknown image format "bogus"/);
  });

  it('loads files of every detected format', () => {
    for (const [f, format, machine] of [['m68k.elf', 'elf', 'm68000'], ['arm.elf', 'elf', 'arm7tdmi'], ['m68k.hex', 'ihex', null], ['hc11.s19', 'srec', null]] as const) {
      const img = loadImageFile(join(FIXTURES, f));
      expect(img.format).toBe(format);
      expect(img.machine).toBe(machine);
      expect(img.file).toBe(join(FIXTURES, f));
      expect(img.segments.length).toBeGreaterThan(0);
    }
  });

  it('names a missing or unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loaders-'));
    inputError(() => loadImageFile(join(dir, 'nope.elf')), /nope\.elf: cannot read image: no such file/);
    mkdirSync(join(dir, 'sub'));
    inputError(() => loadImageFile(join(dir, 'sub')), /sub: cannot read image: is a directory/);
    const f = join(dir, 'image.bin');
    writeFileSync(f, Uint8Array.from([1, 2, 3]));
    expect(loadImageFile(f, { base: 0x40 }).segments[0].addr).toBe(0x40);
    if (process.getuid?.() !== 0) {
      chmodSync(f, 0);
      inputError(() => loadImageFile(f), /image\.bin: cannot read image: permission denied/);
    }
  });
});

describe('raw binaries', () => {
  it('load at base (default 0) with no entry and no machine', () => {
    const img = loadRaw(Uint8Array.from([1, 2, 3]), 'r.bin');
    expect(img).toMatchObject({ format: 'raw', entry: null, machine: null, bigEndian: null, symbols: [] });
    expect(img.segments).toEqual([{ addr: 0, data: Uint8Array.from([1, 2, 3]), name: 'raw' }]);
  });
  it('reject an empty file, a bad base and a file past 4 GiB', () => {
    inputError(() => loadRaw(new Uint8Array(0), 'r.bin'), /^r\.bin: empty file/);
    inputError(() => loadRaw(new Uint8Array(1), 'r.bin', { base: -1 }), /load address -1 is not a 32-bit address/);
    inputError(() => loadRaw(new Uint8Array(16), 'r.bin', { base: 0xfffffff8 }), /runs past the 32-bit address space/);
  });
});
