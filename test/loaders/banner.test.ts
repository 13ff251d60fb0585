import { describe, it, expect } from 'vitest';
import { findBanners, cpuIdFromText } from '../../src/loaders/banner.js';
import { ascii } from './build.js';
import { fixture } from './helpers.js';

const pad = (s: string, before = 5, after = 3) => {
  const b = new Uint8Array(before + s.length + after).fill(0xff);
  b.set(ascii(s), before);
  return b;
};

describe('findBanners', () => {
  const cases: [string, string | null][] = [
    ['8096', 'i8096'], ['68000', 'm68000'], ['68HC11', 'm68hc11'], ['H8300', 'h8300'], ['H8/300', 'h8300'],
    ['ARM', 'arm7tdmi'], ['THUMB', 'arm7tdmi'], ['80C196', 'i80c196'], ['Z80', null],
  ];
  for (const [cpu, id] of cases) {
    it(`finds the original banner for ${cpu}`, () => {
      const s = `Byte-BOS ${cpu} Multitasking Operating System`;
      expect(findBanners(pad(s + '\0'))).toEqual([{ offset: 5, text: s, cpuText: cpu, cpuId: id, kind: 'original' }]);
    });
  }

  it('finds the reference-kernel banner and stops the text at a NUL or control character', () => {
    const s = 'Byte-BOS-model reference kernel for H8/300, v0.1';
    const b = pad(s + '\r\nmore', 0, 0);
    expect(findBanners(b)).toEqual([{ offset: 0, text: s, cpuText: 'H8/300', cpuId: 'h8300', kind: 'reference' }]);
    expect(findBanners(pad('Byte-BOS-model reference kernel for m68000')))
      .toEqual([{ offset: 5, text: 'Byte-BOS-model reference kernel for m68000', cpuText: 'm68000', cpuId: 'm68000', kind: 'reference' }]);
  });

  it('finds several banners, keeps the version text, and is case-sensitive on Byte-BOS', () => {
    const b = new Uint8Array([
      ...ascii('byte-bos 68000 Multitasking Operating System\0'),
      ...ascii('Byte-BOS 68000 Multitasking Operating System V3.10\0'),
      ...ascii('junk Byte-BOS\0Byte-BOS ARM Multitasking Operating System'),
    ]);
    const found = findBanners(b);
    expect(found.map((f) => [f.offset, f.cpuId, f.text])).toEqual([
      [45, 'm68000', 'Byte-BOS 68000 Multitasking Operating System V3.10'],
      [110, 'arm7tdmi', 'Byte-BOS ARM Multitasking Operating System'],
    ]);
  });

  it('ignores banners that are split or incomplete', () => {
    expect(findBanners(ascii('Byte-BOS 68000\0Multitasking Operating System'))).toEqual([]);
    expect(findBanners(ascii('Byte-BOS 68000 Multitasking'))).toEqual([]);
    expect(findBanners(ascii('Byte-BO'))).toEqual([]);
    expect(findBanners(ascii('Byte-BOS-model reference kernel for '))).toEqual([]);
    expect(findBanners(new Uint8Array(0))).toEqual([]);
  });

  it('finds the banners in the fixtures', () => {
    expect(findBanners(fixture('m68k.elf')).map((b) => b.cpuId)).toEqual(['m68000']);
    expect(findBanners(fixture('arm.elf')).map((b) => b.cpuId)).toEqual(['arm7tdmi']);
    expect(findBanners(fixture('hc11.elf')).map((b) => b.cpuId)).toEqual(['m68hc11']);
  });

  it('maps CPU spellings case-insensitively', () => {
    expect(cpuIdFromText(' h8/300 ')).toBe('h8300');
    expect(cpuIdFromText('mc68hc11')).toBe('m68hc11');
    expect(cpuIdFromText('6502')).toBeNull();
  });
});
