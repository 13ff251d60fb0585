/**
 * The 8096BH high-speed input unit: transitions on HSI.0-3 are time-stamped with Timer1 and
 * queued in a FIFO (7 entries) behind a holding register.
 *
 *   HSI_MODE (03h, write)    2 bits per pin: 00 every 8th positive transition, 01 every
 *                            positive, 10 every negative, 11 every transition
 *   IOC0 (15h, write)        bits 0, 2, 4, 6 enable HSI.0-3
 *   HSI_STATUS (06h, read)   even bits: the pin caused the event in the holding register;
 *                            odd bits: the pin's present level
 *   HSI_TIME (04h, read)     Timer1 at the event; reading the high byte (05h, as a word read
 *                            does last) unloads the holding register and moves the FIFO up
 *   IOS1 (16h, read)         bit 7 holding register loaded, bit 6 FIFO full
 *
 * The HSI data interrupt (INT_PENDING bit 2) comes when the holding register is loaded
 * (IOC1.7 = 1) or when the FIFO fills to 6 entries (IOC1.7 = 0). A rising edge on HSI.0
 * raises the HSI.0 interrupt (bit 4). Pin changes come from the board or tests (`input`).
 */
import { INT_HSI0, INT_HSI_DATA } from '../registers.js';
import type { Chip } from './context.js';
import type { Timers } from './timers.js';

export const HSI_FIFO_SIZE = 7;

interface Event {
  time: number;
  status: number;
}

export class HsiUnit {
  mode = 0;
  ioc0 = 0;
  /** IOC1.7: interrupt on holding register loaded (1) or FIFO at 6 (0). */
  intOnHolding = false;
  levels = 0;
  holding: Event | null = null;
  fifo: Event[] = [];
  private readonly counts = new Uint8Array(4);
  lost = 0;

  constructor(private readonly chip: Chip, private readonly timers: Timers) {}

  reset(): void {
    this.mode = 0;
    this.ioc0 = 0;
    this.intOnHolding = false;
    this.holding = null;
    this.fifo = [];
    this.counts.fill(0);
  }

  /** A pin changed level (from the board or a test). */
  input(pin: number, level: boolean): void {
    const m = 1 << pin;
    const was = (this.levels & m) !== 0;
    if (was === level) return;
    this.levels = level ? this.levels | m : this.levels & ~m;
    if (pin === 0 && level) this.chip.raise(INT_HSI0);
    if ((this.ioc0 & (1 << (2 * pin))) === 0) return;
    const mode = (this.mode >> (2 * pin)) & 3;
    let record: boolean;
    if (mode === 0) {
      if (!level) return;
      this.counts[pin] = (this.counts[pin] + 1) & 7;
      record = this.counts[pin] === 0;
    } else if (mode === 1) record = level;
    else if (mode === 2) record = !level;
    else record = true;
    if (record) this.push({ time: this.timers.timer1(), status: 1 << (2 * pin) });
  }

  private push(e: Event): void {
    if (this.holding === null) {
      this.holding = e;
      if (this.intOnHolding) this.chip.raise(INT_HSI_DATA);
      return;
    }
    if (this.fifo.length >= HSI_FIFO_SIZE) {
      this.lost++;
      return;
    }
    this.fifo.push(e);
    if (!this.intOnHolding && this.fifo.length === 6) this.chip.raise(INT_HSI_DATA);
  }

  /** Present levels in the odd bits of HSI_STATUS. */
  private levelBits(): number {
    let v = 0;
    for (let p = 0; p < 4; p++) if (this.levels & (1 << p)) v |= 2 << (2 * p);
    return v;
  }

  readStatus(): number {
    return ((this.holding?.status ?? 0) & 0x55) | this.levelBits();
  }
  readTimeLo(): number {
    return (this.holding?.time ?? 0) & 0xff;
  }
  readTimeHi(unload: boolean): number {
    const v = ((this.holding?.time ?? 0) >> 8) & 0xff;
    if (unload && this.holding !== null) {
      this.holding = this.fifo.shift() ?? null;
      if (this.holding !== null && this.intOnHolding) this.chip.raise(INT_HSI_DATA);
    }
    return v;
  }
  /** IOS1 bits 7-6. */
  ios1Bits(): number {
    return (this.holding !== null ? 0x80 : 0) | (this.fifo.length >= 6 ? 0x40 : 0);
  }

  save(): Record<string, unknown> {
    return { mode: this.mode, ioc0: this.ioc0, intOnHolding: this.intOnHolding, levels: this.levels, holding: this.holding, fifo: this.fifo, counts: Array.from(this.counts), lost: this.lost };
  }
  load(s: Record<string, unknown>): void {
    this.mode = Number(s.mode);
    this.ioc0 = Number(s.ioc0);
    this.intOnHolding = Boolean(s.intOnHolding);
    this.levels = Number(s.levels);
    this.holding = (s.holding as Event | null) ?? null;
    this.fifo = ((s.fifo as Event[]) ?? []).map((e) => ({ time: e.time, status: e.status }));
    this.counts.set(s.counts as number[]);
    this.lost = Number(s.lost ?? 0);
  }
}
