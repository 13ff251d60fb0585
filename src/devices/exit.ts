/**
 * `exit`: a write ends the run. The exit status is the configured `code`, or the value written
 * when no code is configured. Reads return 0.
 *
 * A CPU with a narrower data bus than the value it stores (the 68000 writes a long as two
 * 16-bit bus cycles, high word first) reaches the device in pieces. The run stops at the end
 * of the instruction that wrote, so every piece that instruction writes is collected: the
 * status is the bytes written, read in the bus's byte order from the lowest offset to the
 * highest. A 32-bit store of 5 gives 5 on every CPU; a byte store of 5 gives 5.
 */
import type { AccessSize } from '../core/bus.js';
import type { DeviceContext, StopReason } from '../core/machine.js';
import { BaseDevice } from './base.js';

type ExitReason = Extract<StopReason, { kind: 'exit' }>;

export class ExitDevice extends BaseDevice {
  /** The stop this device asked for, while the instruction that wrote it may still write more. */
  private pending: ExitReason | null = null;
  private readonly bytes = new Map<number, number>();

  constructor(name: string, ctx: DeviceContext, readonly code: number | null) {
    super(name, ctx, false);
  }
  read(): number {
    return 0;
  }
  peek(): number {
    return 0;
  }
  write(offset: number, size: AccessSize, value: number): void {
    const big = this.ctx.bus.bigEndian;
    const current = (this.ctx as unknown as { stopReason?: StopReason | null }).stopReason;
    // A new exit unless this write belongs to the instruction that already asked to stop.
    if (this.pending === null || current !== this.pending) {
      this.pending = null;
      this.bytes.clear();
    }
    for (let i = 0; i < size; i++) {
      const shift = big ? (size - 1 - i) * 8 : i * 8;
      this.bytes.set(offset + i, (value >>> shift) & 0xff);
    }
    const offsets = [...this.bytes.keys()].sort((a, b) => a - b);
    let status = 0;
    const ordered = big ? offsets : [...offsets].reverse();
    for (const o of ordered) status = ((status << 8) | this.bytes.get(o)!) >>> 0;
    const code = this.code ?? (status | 0);
    if (this.pending === null) {
      this.pending = { kind: 'exit', code, pc: this.ctx.pc() };
      this.ctx.stop(this.pending);
    } else {
      this.pending.code = code;
    }
  }
  saveState(): Record<string, unknown> {
    return {};
  }
  loadState(): void {
    this.pending = null;
    this.bytes.clear();
  }
}
