import { describe, it, expect } from 'vitest';
import { loadIhex } from '../../src/loaders/ihex.js';
import { loadElf } from '../../src/loaders/elf.js';
import { buildIhex, ihexRecord } from './build.js';
import { fixture, inputError, text } from './helpers.js';

const load = (s: string) => loadIhex(text(s), 't.hex');

describe('Intel HEX', () => {
  it('loads the objcopy output of the 68000 fixture exactly like the ELF', () => {
    const hex = loadIhex(fixture('m68k.hex'), 'm68k.hex');
    const elf = loadElf(fixture('m68k.elf'), 'm68k.elf');
    expect(hex.format).toBe('ihex');
    expect(hex.entry).toBe(8); // type 03 record CS=0 IP=8
    // The ELF's two load segments are contiguous in ROM (0..0x15, 0x16..0x4C): one HEX segment.
    const flat = new Uint8Array(0x4d);
    for (const s of elf.segments) flat.set(s.data, s.addr);
    expect(hex.segments).toHaveLength(1);
    expect(hex.segments[0].addr).toBe(0);
    expect(Array.from(hex.segments[0].data)).toEqual(Array.from(flat));
  });

  it('handles type 04 extended linear addresses and a type 05 entry', () => {
    const data = Uint8Array.from({ length: 40 }, (_, i) => i * 7);
    const img = load(buildIhex([{ addr: 0x0012fff0, data }], 0x00123456));
    expect(img.entry).toBe(0x00123456);
    expect(img.segments).toEqual([{ addr: 0x0012fff0, data }]);
  });

  it('handles type 02 extended segment addresses (base = value * 16) and a type 03 entry', () => {
    const data = Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i);
    const img = load(buildIhex([{ addr: 0x31000, data }], 0x1234, { segmented: true }));
    expect(img.segments).toEqual([{ addr: 0x31000, data }]);
    expect(img.entry).toBe(0x1234);
    // CS:IP = 0x1000:0x0010 -> 0x10010
    const rec = ihexRecord(3, 0, [0x10, 0x00, 0x00, 0x10]);
    expect(load(`${rec}\n:00000001FF\n`).entry).toBe(0x10010);
  });

  it('wraps a data record at 64 KiB in segment mode', () => {
    const lines = [ihexRecord(2, 0, [0x10, 0x00]), ihexRecord(0, 0xfffe, [1, 2, 3, 4]), ':00000001FF'];
    const img = load(lines.join('\n'));
    expect(img.segments).toEqual([
      { addr: 0x10000, data: Uint8Array.from([3, 4]) },
      { addr: 0x1fffe, data: Uint8Array.from([1, 2]) },
    ]);
  });

  it('accepts CRLF, lower-case digits, blank lines and a trailing ^Z', () => {
    const s = buildIhex([{ addr: 0x100, data: Uint8Array.from([0xab, 0xcd]) }], null, { eol: '\r\n' }).toLowerCase();
    const img = load('\r\n' + s + '\x1a');
    expect(img.segments).toEqual([{ addr: 0x100, data: Uint8Array.from([0xab, 0xcd]) }]);
    expect(img.entry).toBeNull();
  });

  it('accepts lone CR line ends and counts lines across mixed ends', () => {
    const s = buildIhex([{ addr: 0x10, data: Uint8Array.from([1, 2]) }], null);
    expect(load(s.replace(/\n/g, '\r')).segments).toEqual([{ addr: 0x10, data: Uint8Array.from([1, 2]) }]);
    inputError(() => load(':00000001FF\r\n\r\n:0100000041BF\r'), /^t\.hex: line 3: record after the end-of-file/);
  });

  it('merges adjacent records and keeps gaps as separate segments', () => {
    const img = load(buildIhex([{ addr: 0, data: new Uint8Array(40).fill(1) }, { addr: 0x100, data: new Uint8Array(3).fill(2) }], null));
    expect(img.segments.map((s) => [s.addr, s.data.length])).toEqual([[0, 40], [0x100, 3]]);
  });

  it('rejects a bad checksum with the line number and the expected value', () => {
    inputError(() => load(':0100000041BF\n:00000001FF\n'), /^t\.hex: line 1: bad checksum 0xBF \(expected 0xBE\)/);
  });

  it('rejects truncated records, odd digit counts and bad record types', () => {
    inputError(() => load(':0300000041BC\n:00000001FF\n'), /line 1: truncated record: byte count 3/);
    inputError(() => load(':00000001FF\n:0100000041B\n'), /line 2: record after the end-of-file/);
    inputError(() => load(':0100000041B\n:00000001FF\n'), /line 1: odd hex digit count/);
    inputError(() => load(ihexRecord(6, 0, []) + '\n:00000001FF\n'), /line 1: bad record type 0x06/);
    inputError(() => load(':01000000G1BE\n'), /line 1: 'G' at column 10 is not a hex digit/);
    inputError(() => load(':0000\n'), /line 1: truncated record/);
    inputError(() => load('hello\n'), /line 1: expected a record starting with ':'/);
    inputError(() => load(ihexRecord(4, 0, [1]) + '\n:00000001FF\n'), /line 1: extended linear address record \(type 0x04\) must have 2 data bytes, has 1/);
  });

  it('rejects a missing end-of-file record and an empty file', () => {
    inputError(() => load(ihexRecord(0, 0, [1, 2]) + '\n'), /line 1: missing end-of-file record/);
    inputError(() => load(''), /no Intel HEX records/);
  });

  it('reports overlapping records naming both lines', () => {
    const s = [ihexRecord(0, 0x10, [1, 2, 3, 4]), ihexRecord(0, 0x20, [9]), ihexRecord(0, 0x12, [5]), ':00000001FF'].join('\n');
    inputError(() => load(s), /line 3: overlapping data: 0x12\.\.0x12 \(line 3\) overlaps 0x10\.\.0x13 \(line 1\)/);
  });

  it('loads the ARM fixture like its ELF', () => {
    const hex = loadIhex(fixture('arm.hex'), 'arm.hex');
    const elf = loadElf(fixture('arm.elf'), 'arm.elf');
    expect(hex.entry).toBe(elf.entry);
    const bytesOf = (segs: { addr: number; data: Uint8Array }[]) => segs.flatMap((s) => Array.from(s.data, (b, i) => `${s.addr + i}:${b}`));
    expect(bytesOf(hex.segments)).toEqual(bytesOf(elf.segments));
  });
});
