import { describe, it, expect } from 'vitest';
import { loadSrec } from '../../src/loaders/srec.js';
import { loadElf } from '../../src/loaders/elf.js';
import { buildSrec, srecRecord } from './build.js';
import { fixture, inputError, text } from './helpers.js';

const load = (s: string) => loadSrec(text(s), 't.s19');
const bytesOf = (segs: { addr: number; data: Uint8Array }[]) => segs.flatMap((s) => Array.from(s.data, (b, i) => `${(s.addr + i).toString(16)}:${b}`));

describe('Motorola S-records', () => {
  it('loads objcopy S1/S9 output of the 68000 fixture like the ELF (header kept)', () => {
    const img = loadSrec(fixture('m68k.s19'), 'm68k.s19');
    const elf = loadElf(fixture('m68k.elf'), 'm68k.elf');
    expect(img.format).toBe('srec');
    expect(img.header).toBe('m68k.s19');
    expect(img.entry).toBe(8);
    expect(bytesOf(img.segments)).toEqual(bytesOf(elf.segments));
  });

  it('loads S2/S8 and S3/S7 objcopy output of the 68HC11 fixture identically', () => {
    const s2 = loadSrec(fixture('hc11.s19'), 'hc11.s19');
    const s3 = loadSrec(fixture('hc11.s3'), 'hc11.s3');
    const elf = loadElf(fixture('hc11.elf'), 'hc11.elf');
    expect(s2.entry).toBe(0xe000);
    expect(s3.entry).toBe(0xe000);
    expect(bytesOf(s2.segments)).toEqual(bytesOf(elf.segments));
    expect(bytesOf(s3.segments)).toEqual(bytesOf(elf.segments));
  });

  for (const ab of [2, 3, 4] as const) {
    it(`round-trips ${ab}-byte addresses with an S5 count`, () => {
      const data = Uint8Array.from({ length: 70 }, (_, i) => (i * 13) & 0xff);
      const addr = ab === 2 ? 0xff00 : ab === 3 ? 0xabcd00 : 0xfedc0000;
      const img = load(buildSrec([{ addr, data }], addr + 4, { addrBytes: ab, count: true }));
      expect(img.segments).toEqual([{ addr, data }]);
      expect(img.entry).toBe(addr + 4);
    });
  }

  it('checks S5/S6 counts against the data records before them', () => {
    const s = [srecRecord(1, 2, 0, [1]), srecRecord(1, 2, 1, [2]), srecRecord(5, 2, 3, []), srecRecord(9, 2, 0, [])].join('\n');
    inputError(() => load(s), /line 3: record count S5 says 3 data records but 2 came before it/);
    const ok = [srecRecord(1, 2, 0, [1]), srecRecord(6, 3, 1, []), srecRecord(9, 2, 0, [])].join('\n');
    expect(load(ok).segments).toHaveLength(1);
  });

  it('rejects bad checksums, truncation, odd digits and bad types with line numbers', () => {
    inputError(() => load('S1040000417A\nS9030000FC\n'), /^t\.s19: line 1: bad checksum 0x7A \(expected 0xBA\)/);
    inputError(() => load('S1050000417A\nS9030000FC\n'), /line 1: truncated record: byte count 5 but only 4 bytes follow/);
    inputError(() => load('S1030000417A\n'), /line 1: record longer than its byte count/);
    inputError(() => load('S104000041B\n'), /line 1: odd hex digit count/);
    inputError(() => load('S4030000FC\n'), /line 1: bad record type S4/);
    inputError(() => load('SX030000FC\n'), /line 1: bad record type SX/);
    inputError(() => load('S\n'), /line 1: truncated record: no record type/);
    inputError(() => load('S10200FD\n'), /line 1: byte count 2 too small for an S1 record/);
    inputError(() => load(':00000001FF\n'), /line 1: expected a record starting with 'S'/);
    inputError(() => load('S9030000FC\nS1040000417A\n'), /line 2: record after the termination record/);
  });

  it('requires a termination record', () => {
    inputError(() => load(srecRecord(1, 2, 0, [1, 2]) + '\n\n'), /line 1: missing termination record/);
    inputError(() => load(''), /no S-records/);
  });

  it('reports overlapping data naming both lines', () => {
    const s = [srecRecord(0, 2, 0, []), srecRecord(2, 3, 0x1000, [1, 2, 3]), srecRecord(2, 3, 0x1002, [4]), srecRecord(8, 3, 0, [])].join('\n');
    inputError(() => load(s), /line 3: overlapping data: 0x1002\.\.0x1002 \(line 3\) overlaps 0x1000\.\.0x1002 \(line 2\)/);
  });
});
