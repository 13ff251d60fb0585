/**
 * `boot-overlay`: shows the first bytes of a ROM at a RAM address after reset, so the CPU
 * fetches its reset vectors from ROM (the MEX68KECB shows the first 8 bytes of its ROM at
 * 0x008000 at 0x000000-0x000007: reset SSP and PC).
 *
 * While armed, reads in the window return the ROM bytes (options.rom: the ROM address that
 * appears at the window's base) and writes go to the RAM underneath; the first write to any
 * byte of the window disarms the overlay, after which the window is plain RAM. A system reset
 * (machine reset, the 68000 RESET instruction) arms it again.
 *
 * The RAM is reached through the bus's backing store, so the region must be RAM or ROM the
 * board maps at the window. While armed the window's bus page takes the slow path; once
 * disarmed the overlay takes itself off the bus (Bus.removeDevice) so the page is fast again,
 * and a reset puts it back.
 */
import type { AccessSize } from '../core/bus.js';
import type { DeviceContext } from '../core/machine.js';
import { BaseDevice } from './base.js';

export class BootOverlay extends BaseDevice {
  armed = true;

  constructor(
    name: string,
    ctx: DeviceContext,
    readonly base: number,
    readonly size: number,
    readonly rom: number,
  ) {
    super(name, ctx, false);
  }

  override reset(): void {
    this.setArmed(true);
  }

  /** Armed: on the bus, answering the window. Disarmed: off the bus, plain RAM underneath. */
  private setArmed(armed: boolean): void {
    this.armed = armed;
    const bus = this.ctx.bus;
    const range = bus.ranges.find((r) => r.device === this);
    if (armed && !range) bus.addDevice(this.base, this.size, this);
    else if (!armed && range) bus.removeDevice(range);
  }

  /** Byte of the RAM under the window (offset from the base). */
  private ramByte(offset: number): number {
    const bus = this.ctx.bus;
    const addr = this.base + offset;
    const b = bus.backing[addr >>> bus.pageBits];
    return b < 0 ? bus.openBus : bus.mem[b + (addr & bus.pageMask)];
  }

  private byteAt(offset: number): number {
    return this.armed ? this.ctx.bus.peek8(this.rom + offset) : this.ramByte(offset);
  }

  read(offset: number, size: AccessSize): number {
    const be = this.ctx.bus.bigEndian;
    let v = 0;
    for (let i = 0; i < size; i++) v |= this.byteAt(offset + i) << (be ? (size - 1 - i) * 8 : i * 8);
    return v >>> 0;
  }

  peek(offset: number, size: AccessSize): number {
    return this.read(offset, size);
  }

  write(offset: number, size: AccessSize, value: number): void {
    const bus = this.ctx.bus;
    for (let i = 0; i < size; i++) {
      const shift = bus.bigEndian ? (size - 1 - i) * 8 : i * 8;
      bus.poke8(this.base + offset + i, (value >>> shift) & 0xff);
    }
    this.setArmed(false);
  }

  saveState(): Record<string, unknown> {
    return { armed: this.armed };
  }

  loadState(s: Record<string, unknown>): void {
    this.setArmed(Boolean(s.armed));
  }
}
