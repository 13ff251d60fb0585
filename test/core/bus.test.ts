import { describe, expect, it } from 'vitest';
import { createBus, type AccessSize, type Device } from '../../src/core/bus.js';

function events() {
  const logs: string[] = [];
  const stops: string[] = [];
  return { logs, stops, ev: { pc: () => 0x1234, stop: (r: string) => stops.push(r), log: (m: string) => logs.push(m) } };
}

class Regs implements Device {
  readonly name = 'regs';
  readonly byteWide: boolean;
  reads: [number, number][] = [];
  writes: [number, number, number][] = [];
  constructor(byteWide: boolean) {
    this.byteWide = byteWide;
  }
  read(offset: number, size: AccessSize): number {
    this.reads.push([offset, size]);
    return 0x40 + offset;
  }
  peek(offset: number): number {
    return 0x40 + offset;
  }
  write(offset: number, size: AccessSize, value: number): void {
    this.writes.push([offset, size, value]);
  }
}

describe('bus', () => {
  it('reads and writes RAM in big-endian order', () => {
    const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'log', romWrite: 'log' });
    bus.addRegion('ram', 'ram', 0x1000, 0x2000);
    bus.write32(0x1000, 0x11223344);
    expect(bus.read8(0x1000)).toBe(0x11);
    expect(bus.read16(0x1002)).toBe(0x3344);
    expect(bus.read32(0x1000)).toBe(0x11223344);
    bus.write16(0x1ffe, 0xabcd); // crosses into the next page of the same region
    bus.write16(0x1fff, 0x5566);
    expect(bus.read8(0x1fff)).toBe(0x55);
    expect(bus.read8(0x2000)).toBe(0x66);
  });

  it('reads and writes RAM in little-endian order, including accesses across pages', () => {
    const bus = createBus(false, { addrBits: 32, pageBits: 12, openBus: 0, unmapped: 'log', romWrite: 'log' });
    bus.addRegion('ram', 'ram', 0x80000000, 0x2000);
    bus.write32(0x80000ffe, 0xa1b2c3d4);
    expect(bus.read8(0x80000ffe)).toBe(0xd4);
    expect(bus.read8(0x80001001)).toBe(0xa1);
    expect(bus.read32(0x80000ffe)).toBe(0xa1b2c3d4);
    expect(bus.read16(0x80000fff)).toBe(0xb2c3);
  });

  it('wraps addresses to the bus width (24-bit 68000 bus)', () => {
    const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'log', romWrite: 'log' });
    bus.addRegion('ram', 'ram', 0, 0x1000);
    bus.write8(0xff000010, 0x5a);
    expect(bus.read8(0x10)).toBe(0x5a);
  });

  it('ignores and logs ROM writes once, with the PC', () => {
    const e = events();
    const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'log', romWrite: 'log' }, e.ev);
    bus.addRegion('rom', 'rom', 0, 0x1000);
    bus.load(0, new Uint8Array([1, 2, 3, 4]));
    bus.write8(2, 0x99);
    bus.write8(2, 0x98);
    expect(bus.read8(2)).toBe(3);
    expect(e.logs).toHaveLength(1);
    expect(e.logs[0]).toMatch(/PC=0x1234.*ROM at 0x2/);
  });

  it('returns the open-bus value for unmapped reads, logs once per address, and can stop instead', () => {
    const e = events();
    const bus = createBus(true, { addrBits: 16, pageBits: 8, openBus: 0xa5, unmapped: 'log', romWrite: 'log' }, e.ev);
    bus.addRegion('ram', 'ram', 0, 0x100);
    expect(bus.read8(0x8000)).toBe(0xa5);
    expect(bus.read16(0x8000)).toBe(0xa5a5);
    expect(bus.read8(0x8000)).toBe(0xa5);
    expect(e.logs.length).toBe(1);
    bus.unmappedPolicy = 'stop';
    bus.write8(0x9000, 1);
    expect(e.stops[0]).toMatch(/write of 0x1 .*unmapped address 0x9000/);
  });

  it('routes device accesses with stride, composes wide accesses for byte-wide devices, and keeps RAM in the same page working', () => {
    const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'log', romWrite: 'log' });
    bus.addRegion('ram', 'ram', 0x10000, 0x1000);
    const dev = new Regs(true);
    bus.addDevice(0x10041, 4, dev, 2); // registers at 0x10041 and 0x10043 (odd bytes)
    expect(bus.read8(0x10041)).toBe(0x40);
    expect(bus.read8(0x10043)).toBe(0x41);
    expect(bus.read8(0x10042)).toBe(0); // RAM byte between the registers
    bus.write8(0x10042, 0x77);
    expect(bus.read8(0x10042)).toBe(0x77);
    bus.write8(0x10043, 0x12);
    expect(dev.writes).toEqual([[1, 1, 0x12]]);
    expect(bus.read16(0x10040)).toBe(0x0040); // RAM byte 0x10040 then register 0
    expect(bus.peek8(0x10041)).toBe(0x40);
  });

  it('passes whole-width accesses to word-wide devices', () => {
    const bus = createBus(false, { addrBits: 32, pageBits: 12, openBus: 0, unmapped: 'log', romWrite: 'log' });
    const dev = new Regs(false);
    bus.addDevice(0x10000000, 16, dev);
    bus.write32(0x10000004, 0xdeadbeef);
    expect(dev.writes).toEqual([[4, 4, 0xdeadbeef]]);
    bus.read32(0x10000008);
    expect(dev.reads).toEqual([[8, 4]]);
  });

  it('peek has no side effects on devices', () => {
    const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'log', romWrite: 'log' });
    const dev = new Regs(true);
    bus.addDevice(0x2000, 4, dev);
    expect(bus.peek8(0x2001)).toBe(0x41);
    expect(dev.reads).toHaveLength(0);
  });

  it('mirrors and remaps regions at run time', () => {
    const bus = createBus(true, { addrBits: 16, pageBits: 6, openBus: 0xff, unmapped: 'ignore', romWrite: 'log' });
    const regs = bus.addRegion('regs', 'ram', 0x1000, 0x40);
    const ram = bus.addRegion('ram', 'ram', 0x0000, 0x100);
    bus.addMirror(ram, 0x8000);
    bus.write8(0x0010, 0x42);
    expect(bus.read8(0x8010)).toBe(0x42);
    bus.write8(0x1003, 0x99);
    bus.mapRegion(regs, 0x3000); // like the 68HC11 INIT register moving the register block
    expect(bus.read8(0x3003)).toBe(0x99);
    expect(bus.read8(0x1003)).toBe(0xff);
  });

  it('watchpoints see accesses on otherwise fast pages, and removing them restores the fast path', () => {
    const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'log', romWrite: 'log' });
    bus.addRegion('ram', 'ram', 0, 0x10000);
    const seen: string[] = [];
    const w = { lo: 0x100, hi: 0x103, read: true, write: true, fn: (a: number, s: number, v: number, wr: boolean) => seen.push(`${wr ? 'w' : 'r'}${a.toString(16)}:${s}=${v.toString(16)}`) };
    bus.addWatch(w);
    expect(bus.rd[0]).toBe(-1);
    bus.write16(0x102, 0xbeef);
    bus.read8(0x103);
    bus.read8(0x200);
    expect(seen).toEqual(['w102:2=beef', 'r103:1=ef']);
    bus.removeWatch(w);
    expect(bus.rd[0]).toBeGreaterThanOrEqual(0);
  });

  it('refuses misaligned regions and overlapping devices with clear messages', () => {
    const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'log', romWrite: 'log' });
    expect(() => bus.addRegion('odd', 'ram', 0x800, 0x1000)).toThrow(/not aligned/);
    expect(() => bus.addRegion('big', 'ram', 0xfff000, 0x2000)).toThrow(/outside the 24-bit/);
    bus.addDevice(0x100, 4, new Regs(true));
    expect(() => bus.addDevice(0x102, 4, new Regs(true))).toThrow(/overlaps/);
  });
});

describe('bus devices at run time', () => {
  it('moves and removes devices, restoring the fast path of the pages they leave', () => {
    const bus = createBus(true, { addrBits: 16, pageBits: 6, openBus: 0xff, unmapped: 'ignore', romWrite: 'log' });
    bus.addRegion('ram', 'ram', 0, 0x10000);
    const dev: Device = { name: 'regs', byteWide: true, read: (o) => 0x80 | o, peek: (o) => 0x80 | o, write: () => {} };
    bus.addDevice(0x1000, 0x40, dev);
    expect(bus.rd[0x1000 >>> 6]).toBe(-1);
    expect(bus.read8(0x1003)).toBe(0x83);
    bus.moveDevice(dev, 0x3000);
    expect(bus.read8(0x3003)).toBe(0x83);
    expect(bus.read8(0x1003)).toBe(0); // RAM again, on the fast path
    expect(bus.rd[0x1000 >>> 6]).toBeGreaterThanOrEqual(0);
    const map = bus.saveMap();
    bus.moveDevice(dev, 0x1000);
    bus.restoreMap(map);
    expect(bus.read8(0x3001)).toBe(0x81);
    bus.removeDevice(bus.ranges[0]);
    expect(bus.read8(0x3001)).toBe(0);
    expect(bus.ranges).toHaveLength(0);
  });
});
