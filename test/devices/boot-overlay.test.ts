import { describe, expect, it } from 'vitest';
import { BootOverlay } from '../../src/devices/boot-overlay.js';
import { TestContext } from './helpers.js';

function setup() {
  const ctx = new TestContext();
  const bus = ctx.bus;
  bus.addRegion('ram', 'ram', 0, 0x8000);
  bus.addRegion('rom', 'rom', 0x8000, 0x4000);
  bus.load(0x8000, Uint8Array.from([0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x80, 0x08, 0xaa, 0xbb]));
  bus.mem.fill(0x11, 0, 16); // RAM under the window (store of the first region)
  const ov = new BootOverlay('bootvec', ctx, 0, 8, 0x8000);
  bus.addDevice(0, 8, ov);
  return { ctx, bus, ov };
}

describe('boot overlay (ROM bytes at 0 until the first write there)', () => {
  it('reads the ROM reset vectors at 0-7 while armed, RAM after them', () => {
    const { bus } = setup();
    expect(bus.read32(0)).toBe(0x00001000);
    expect(bus.read32(4)).toBe(0x00008008);
    expect(bus.read16(6)).toBe(0x8008);
    expect(bus.read8(7)).toBe(0x08);
    expect(bus.read8(8)).toBe(0x11);
    expect(bus.read32(6)).toBe(0x80081111); // straddles the window's end
    expect(bus.peek32(0)).toBe(0x00001000);
  });

  it('the first write anywhere in the window goes to RAM and uncovers it', () => {
    const { bus, ov } = setup();
    bus.write8(0x100, 0x22); // outside the window: no effect on the overlay
    expect(ov.armed).toBe(true);
    bus.write16(6, 0xbeef);
    expect(ov.armed).toBe(false);
    expect(bus.read32(0)).toBe(0x11111111);
    expect(bus.read32(4)).toBe(0x1111beef);
    bus.write32(0, 0x12345678);
    expect(bus.read32(0)).toBe(0x12345678);
    expect(bus.peek8(3)).toBe(0x78);
    expect(bus.read8(0x100)).toBe(0x22);
  });

  it('a write straddling the window end is split; the part inside disarms', () => {
    const { bus, ov } = setup();
    bus.write32(6, 0xa1b2c3d4);
    expect(ov.armed).toBe(false);
    expect(bus.read32(4)).toBe(0x1111a1b2);
    expect(bus.read16(8)).toBe(0xc3d4);
  });

  it('reset arms it again; state round-trips', () => {
    const { bus, ov } = setup();
    bus.write8(0, 0);
    expect(ov.saveState()).toEqual({ armed: false });
    ov.reset();
    expect(bus.read32(4)).toBe(0x00008008);
    ov.loadState({ armed: false });
    expect(bus.read8(0)).toBe(0);
  });
});
