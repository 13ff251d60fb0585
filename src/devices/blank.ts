/**
 * `blank`: a block of registers nobody modelled. Reads return `options.value` (default 0),
 * writes are ignored; the first access to each register is logged once when `options.log` is
 * true. Used where a board's I/O space must answer without a device behind it (the GBA
 * memory map's I/O registers for CPU test ROMs).
 */
import type { AccessSize } from '../core/bus.js';
import type { DeviceContext } from '../core/machine.js';
import { BaseDevice } from './base.js';

export class BlankDevice extends BaseDevice {
  private readonly seen = new Set<number>();
  constructor(name: string, ctx: DeviceContext, readonly value: number, readonly logAccess: boolean) {
    super(name, ctx, false);
  }
  private note(offset: number, what: string): void {
    if (!this.logAccess || this.seen.has(offset)) return;
    this.seen.add(offset);
    this.ctx.log(`${this.name}: ${what} of unmodelled register +0x${offset.toString(16)} at PC=0x${this.ctx.pc().toString(16)}`);
  }
  read(offset: number, size: AccessSize): number {
    this.note(offset, 'read');
    return size === 4 ? this.value >>> 0 : this.value & (size === 1 ? 0xff : 0xffff);
  }
  peek(_offset: number, size: AccessSize): number {
    return size === 4 ? this.value >>> 0 : this.value & (size === 1 ? 0xff : 0xffff);
  }
  write(offset: number): void {
    this.note(offset, 'write');
  }
  saveState(): Record<string, unknown> {
    return {};
  }
  loadState(): void {}
}
