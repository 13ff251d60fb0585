import { describe, it, expect } from 'vitest';
import { createBus, type Bus } from '../../src/core/bus.js';
import { placeImage, firstUnbacked } from '../../src/loaders/place.js';
import type { LoadedImage, Segment } from '../../src/loaders/types.js';
import { loadElf } from '../../src/loaders/elf.js';
import { fixture, inputError } from './helpers.js';

function board(): Bus {
  const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('rom', 'rom', 0, 0x10000);
  bus.addRegion('ram', 'ram', 0x100000, 0x10000);
  return bus;
}

const image = (segments: Segment[]): LoadedImage => ({
  file: 'img.elf', format: 'elf', segments, entry: null, symbols: [], machine: null, bigEndian: true, bytes: new Uint8Array(0),
});

describe('placeImage', () => {
  it('writes every segment into ROM and RAM (ROM despite write protection)', () => {
    const bus = board();
    const n = placeImage(bus, loadElf(fixture('m68k.elf'), 'm68k.elf'));
    expect(n).toBe(0x16 + 0x37);
    expect(bus.peek32(0)).toBe(0x00010000);
    expect(bus.peek32(4)).toBe(8);
    expect(bus.peek32(0x16)).toBe(42); // .data's ROM copy
    placeImage(bus, image([{ addr: 0x10fffe, data: Uint8Array.from([0xab, 0xcd]) }]));
    expect(bus.peek16(0x10fffe)).toBe(0xabcd);
  });

  it('rejects a segment outside memory before writing anything, naming file, segment and address', () => {
    const bus = board();
    const segs = [
      { addr: 0x10, data: Uint8Array.from([7]), name: '.text' },
      { addr: 0xfff0, data: new Uint8Array(0x20), name: '.data' },
    ];
    inputError(() => placeImage(bus, image(segs)), /^img\.elf: segment \.data at 0xFFF0 length 0x20 does not fit the board: address 0x10000 is not in RAM or ROM \(board memory: rom \(rom\) 0x0-0xFFFF, ram \(ram\) 0x100000-0x10FFFF\)/);
    expect(bus.peek8(0x10)).toBe(0);
    inputError(() => placeImage(bus, image([{ addr: 0x2000000, data: new Uint8Array(1) }])), /segment at 0x2000000 length 0x1 does not fit the board: address 0x2000000/);
    bus.addRegion('top', 'ram', 0xfff000, 0x1000);
    inputError(() => placeImage(bus, image([{ addr: 0xfffffe, data: new Uint8Array(4) }])), /address 0x1000000 is not in RAM or ROM/);
  });

  it('firstUnbacked finds the first hole', () => {
    const bus = board();
    expect(firstUnbacked(bus, 0, 0x10000)).toBe(-1);
    expect(firstUnbacked(bus, 0x8000, 0x10000)).toBe(0x10000);
    expect(firstUnbacked(bus, 0xfffff, 2)).toBe(0xfffff);
    expect(firstUnbacked(bus, 0x50, 0)).toBe(-1);
  });
});
