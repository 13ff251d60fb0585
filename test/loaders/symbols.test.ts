import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSymbolText, parseSymbolFile, parseSymbolAddress, SymbolTable } from '../../src/loaders/symbols.js';
import { loadElf } from '../../src/loaders/elf.js';
import { FIXTURES, fixture, inputError } from './helpers.js';

describe('symbol files', () => {
  it('reads name=address, address name and nm lines with comments', () => {
    const syms = parseSymbolText(
      [
        '# Byte-BOS kernel symbols',
        'main = 0x1000   # entry',
        'tick=$2F0',
        'vec=1F0h',
        '',
        '00002000 plain_hex',
        '0x3000 with_prefix',
        '00004000 T nm_text',
        '00005000 b nm_bss',
        '00006000 A nm_abs',
        '00007000 00000010 T nm_sized',
      ].join('\n'),
      'k.sym',
    );
    expect(syms).toEqual([
      { name: 'main', addr: 0x1000, size: 0, kind: 'other' },
      { name: 'tick', addr: 0x2f0, size: 0, kind: 'other' },
      { name: 'vec', addr: 0x1f0, size: 0, kind: 'other' },
      { name: 'plain_hex', addr: 0x2000, size: 0, kind: 'other' },
      { name: 'with_prefix', addr: 0x3000, size: 0, kind: 'other' },
      { name: 'nm_text', addr: 0x4000, size: 0, kind: 'func' },
      { name: 'nm_bss', addr: 0x5000, size: 0, kind: 'object' },
      { name: 'nm_abs', addr: 0x6000, size: 0, kind: 'other' },
      { name: 'nm_sized', addr: 0x7000, size: 0x10, kind: 'func' },
    ]);
  });

  it('reads real nm -S output', () => {
    const syms = parseSymbolFile(join(FIXTURES, 'm68k.nm'));
    expect(syms).toContainEqual({ name: '_start', addr: 8, size: 14, kind: 'func' });
    expect(syms).toContainEqual({ name: 'counter', addr: 0x100000, size: 4, kind: 'object' });
    expect(syms).toContainEqual({ name: 'buf', addr: 0x100038, size: 0, kind: 'object' });
  });

  it('reports bad lines with file and line number', () => {
    inputError(() => parseSymbolText('a=1\n\nb = 0xZZ\n', 'k.sym'), /^k\.sym: line 3: bad address "0xZZ" for symbol b/);
    inputError(() => parseSymbolText('# c\njust_a_name\n', 'k.sym'), /^k\.sym: line 2: cannot read "just_a_name"/);
    inputError(() => parseSymbolText('123456789 big\n', 'k.sym'), /line 1: bad address "123456789" \(more than 32 bits\)/);
  });

  it('reads the symbols of a GNU ld map file and skips its other lines', () => {
    const map = new TextDecoder().decode(fixture('m68k.map'));
    const syms = parseSymbolText(map, 'm68k.map');
    expect(syms.find((s) => s.name === '_start')?.addr).toBe(8);
    expect(syms.find((s) => s.name === 'counter')?.addr).toBe(0x100000);
    expect(syms.every((s) => !s.name.startsWith('.') && !s.name.includes('='))).toBe(true);
    const map64 = 'Linker script and memory map\n\n .text           0x0000000000008000       0x24 a.o\n                0x0000000000008000                main\n';
    expect(parseSymbolText(map64, 'a.map')).toEqual([{ name: 'main', addr: 0x8000, size: 0, kind: 'other' }]);
  });

  it('parseSymbolFile reads a file and names a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syms-'));
    const f = join(dir, 'k.sym');
    writeFileSync(f, 'start=0x400\n');
    expect(parseSymbolFile(f)).toEqual([{ name: 'start', addr: 0x400, size: 0, kind: 'other' }]);
    expect(parseSymbolFile(join(FIXTURES, 'm68k.map')).length).toBeGreaterThan(1);
    inputError(() => parseSymbolFile(join(dir, 'missing.sym')), /missing\.sym: cannot read symbol file: no such file/);
  });

  it('parses addresses in every notation', () => {
    expect(parseSymbolAddress('0x1F')).toBe(0x1f);
    expect(parseSymbolAddress('$1f')).toBe(0x1f);
    expect(parseSymbolAddress('1Fh')).toBe(0x1f);
    expect(parseSymbolAddress('FFFFFFFF')).toBe(0xffffffff);
    expect(parseSymbolAddress('G1')).toBeNaN();
  });
});

describe('SymbolTable', () => {
  const table = () =>
    new SymbolTable([
      { name: 'start', addr: 0x100, size: 8, kind: 'func' },
      { name: 'Start', addr: 0x200, size: 0, kind: 'other' },
      { name: 'label_at_100', addr: 0x100, size: 0, kind: 'other' },
      { name: 'buf', addr: 0x1000, size: 64, kind: 'object' },
    ]);

  it('looks names up case-sensitively', () => {
    const t = table();
    expect(t.size).toBe(4);
    expect(t.byName('start')).toBe(0x100);
    expect(t.byName('Start')).toBe(0x200);
    expect(t.byName('START')).toBeUndefined();
    expect(t.get('buf')?.size).toBe(64);
  });

  it('finds the nearest symbol at or below an address, preferring functions at one address', () => {
    const t = table();
    expect(t.nearest(0xff)).toBeNull();
    expect(t.nearest(0x100)).toEqual({ symbol: t.get('start'), offset: 0 });
    expect(t.label(0x112)).toBe('start+0x12');
    expect(t.label(0x200)).toBe('Start');
    expect(t.label(0xfff)).toBe('Start+0xDFF');
    expect(t.label(0x2fff, 0x100)).toBeNull();
    expect(t.label(0xffffffff)).toBe('buf+0xFFFFEFFF');
  });

  it('lets later symbols of the same name replace earlier ones', () => {
    const t = table();
    t.addAll([{ name: 'start', addr: 0x300, size: 0, kind: 'func' }]);
    expect(t.byName('start')).toBe(0x300);
    expect(t.label(0x104)).toBe('label_at_100+0x4');
    expect(t.all().map((s) => s.name)).toEqual(['label_at_100', 'Start', 'start', 'buf']);
  });

  it('builds from an ELF image', () => {
    const t = new SymbolTable(loadElf(fixture('arm.elf'), 'arm.elf').symbols);
    expect(t.label(0x801a)).toBe('tfun+0x2');
    expect(t.byName('_start')).toBe(0x8020);
  });
});
