/**
 * The main timer of the 68HC11 (M68HC11 Reference Manual section 10): the free-running counter
 * TCNT, the timer overflow flag, the real-time interrupt and output compares OC1-OC5.
 * Everything is computed from the cycle count: TCNT(now) = (now - origin) / prescale, and each
 * flag that will set in the future has a scheduled event; nothing ticks.
 *
 *   0E/0F TCNT      read only (counts E/1, E/4, E/8, E/16 by TMSK2 PR1:PR0)
 *   10-15 TIC1-3    input captures: stored only (no input pins are modelled)
 *   16-1F TOC1-5    output compare registers (reset $FFFF)
 *   20    TCTL1     stored (no output pins are modelled); 21 TCTL2 stored
 *   22    TMSK1     OC1I OC2I OC3I OC4I I4/O5I IC1I IC2I IC3I
 *   23    TFLG1     OC1F OC2F OC3F OC4F I4/O5F IC1F IC2F IC3F   (write 1 to clear)
 *   24    TMSK2     TOI RTII PAOVI PAII - - PR1 PR0
 *   25    TFLG2     TOF RTIF PAOVF PAIF                          (write 1 to clear)
 *   26    PACTL     DDRA7 PAEN PAMOD PEDGE DDRA3 I4/O5 RTR1 RTR0
 *
 * RTI: a flag every E/2^13 x (1, 2, 4, 8) cycles by RTR1:RTR0, independent of the prescaler.
 * PR1:PR0 can be written only in the first 64 E cycles after reset (the register block enforces
 * the window). With PACTL I4/O5 set, channel 5 is input capture 4 and never matches.
 */
import { SchedEvent } from '../../../src/core/scheduler.js';
import type { DeviceContext } from '../../../src/core/machine.js';

export const LINE_RTI = 2;
export const LINE_OC1 = 6;
export const LINE_TOF = 11;

const PRESCALE = [1, 4, 8, 16];

export class Hc11Timer {
  tmsk1 = 0;
  tflg1 = 0;
  tmsk2 = 0;
  tflg2 = 0;
  pactl = 0;
  tctl1 = 0;
  tctl2 = 0;
  readonly toc = new Uint16Array(5).fill(0xffff);
  readonly tic = new Uint16Array(3);
  /** Cycle at which TCNT was (or would have been) 0 at the current prescale. */
  origin = 0;
  /** Cycle at which the RTI divider started. */
  rtiOrigin = 0;
  private readonly ocEvents: SchedEvent[];
  private readonly tofEvent: SchedEvent;
  private readonly rtiEvent: SchedEvent;

  constructor(name: string, private readonly ctx: DeviceContext) {
    const s = ctx.scheduler;
    this.ocEvents = [0, 1, 2, 3, 4].map((i) => s.register(new SchedEvent(`${name}.oc${i + 1}`, (at) => this.compare(i, at))));
    this.tofEvent = s.register(new SchedEvent(`${name}.tof`, (at) => this.overflow(at)));
    this.rtiEvent = s.register(new SchedEvent(`${name}.rti`, (at) => this.rti(at)));
  }

  get prescale(): number {
    return PRESCALE[this.tmsk2 & 3];
  }

  /** TCNT at cycle `now`. */
  count(now: number): number {
    return Math.floor((now - this.origin) / this.prescale) & 0xffff;
  }

  reset(now: number): void {
    this.tmsk1 = 0; this.tflg1 = 0; this.tmsk2 = 0; this.tflg2 = 0; this.pactl = 0; this.tctl1 = 0; this.tctl2 = 0;
    this.toc.fill(0xffff);
    this.tic.fill(0);
    this.origin = now;
    this.rtiOrigin = now;
    this.rescheduleAll(now);
  }

  /** Cycle of the first count tick after `now` at which TCNT becomes `value`. */
  private nextTimeOf(value: number, now: number): number {
    const ps = this.prescale;
    const ticks = Math.floor((now - this.origin) / ps);
    let delta = (value - ticks) & 0xffff;
    if (delta === 0) delta = 0x10000;
    return this.origin + (ticks + delta) * ps;
  }

  rescheduleAll(now: number): void {
    for (let i = 0; i < 5; i++) this.scheduleCompare(i, now);
    this.ctx.scheduler.schedule(this.tofEvent, this.nextTimeOf(0, now));
    this.scheduleRti(now);
  }

  private scheduleCompare(i: number, now: number): void {
    this.ctx.scheduler.schedule(this.ocEvents[i], this.nextTimeOf(this.toc[i], now));
  }

  private rtiPeriod(): number {
    return 8192 << (this.pactl & 3);
  }

  private scheduleRti(now: number): void {
    const p = this.rtiPeriod();
    const n = Math.floor((now - this.rtiOrigin) / p) + 1;
    this.ctx.scheduler.schedule(this.rtiEvent, this.rtiOrigin + n * p);
  }

  private compare(i: number, at: number): void {
    if (!(i === 4 && (this.pactl & 4) !== 0)) {
      this.tflg1 |= 0x80 >> i;
      this.update();
    }
    this.scheduleCompare(i, at);
  }

  private overflow(at: number): void {
    this.tflg2 |= 0x80;
    this.update();
    this.ctx.scheduler.schedule(this.tofEvent, this.nextTimeOf(0, at));
  }

  private rti(at: number): void {
    this.tflg2 |= 0x40;
    this.update();
    this.scheduleRti(at);
  }

  /** Drive the interrupt lines from flags and masks. */
  update(): void {
    const f1 = this.tflg1 & this.tmsk1;
    for (let i = 0; i < 5; i++) this.ctx.irq(LINE_OC1 + i, (f1 & (0x80 >> i)) !== 0, 'timer');
    const f2 = this.tflg2 & this.tmsk2;
    this.ctx.irq(LINE_TOF, (f2 & 0x80) !== 0, 'timer');
    this.ctx.irq(LINE_RTI, (f2 & 0x40) !== 0, 'timer');
  }

  read(off: number, now: number): number {
    switch (off) {
      case 0x0e: return this.count(now) >> 8;
      case 0x0f: return this.count(now) & 0xff;
      case 0x20: return this.tctl1;
      case 0x21: return this.tctl2;
      case 0x22: return this.tmsk1;
      case 0x23: return this.tflg1;
      case 0x24: return this.tmsk2;
      case 0x25: return this.tflg2;
      case 0x26: return this.pactl;
    }
    if (off >= 0x10 && off < 0x16) {
      const v = this.tic[(off - 0x10) >> 1];
      return off & 1 ? v & 0xff : v >> 8;
    }
    if (off >= 0x16 && off < 0x20) {
      const v = this.toc[(off - 0x16) >> 1];
      return off & 1 ? v & 0xff : v >> 8;
    }
    return 0;
  }

  /** `prescaleWritable`: inside the 64-cycle window after reset. */
  write(off: number, v: number, now: number, prescaleWritable: boolean): void {
    switch (off) {
      case 0x20: this.tctl1 = v; return;
      case 0x21: this.tctl2 = v; return;
      case 0x22: this.tmsk1 = v; this.update(); return;
      case 0x23: this.tflg1 &= ~v; this.update(); return;
      case 0x24: {
        const oldPs = this.prescale;
        const keep = prescaleWritable ? 0 : 3;
        this.tmsk2 = (v & 0xf0) | (v & 3 & ~keep) | (this.tmsk2 & keep);
        if (this.prescale !== oldPs) {
          // Keep the current count: move the origin to the new rate.
          const ticks = Math.floor((now - this.origin) / oldPs);
          this.origin = now - ticks * this.prescale;
          this.rescheduleAll(now);
        }
        this.update();
        return;
      }
      case 0x25: this.tflg2 &= ~v & 0xf0; this.update(); return;
      case 0x26: {
        const rtrChanged = (v & 3) !== (this.pactl & 3);
        this.pactl = v;
        if (rtrChanged) this.scheduleRti(now);
        return;
      }
    }
    if (off >= 0x10 && off < 0x16) {
      // TIC registers are read-only on the chip.
      return;
    }
    if (off >= 0x16 && off < 0x20) {
      const i = (off - 0x16) >> 1;
      this.toc[i] = off & 1 ? (this.toc[i] & 0xff00) | v : (this.toc[i] & 0xff) | (v << 8);
      this.scheduleCompare(i, now);
    }
  }

  saveState(): Record<string, unknown> {
    return {
      tmsk1: this.tmsk1, tflg1: this.tflg1, tmsk2: this.tmsk2, tflg2: this.tflg2, pactl: this.pactl,
      tctl1: this.tctl1, tctl2: this.tctl2, toc: Array.from(this.toc), tic: Array.from(this.tic),
      origin: this.origin, rtiOrigin: this.rtiOrigin,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.tmsk1 = Number(s.tmsk1); this.tflg1 = Number(s.tflg1); this.tmsk2 = Number(s.tmsk2); this.tflg2 = Number(s.tflg2);
    this.pactl = Number(s.pactl); this.tctl1 = Number(s.tctl1); this.tctl2 = Number(s.tctl2);
    this.toc.set(s.toc as number[]);
    this.tic.set(s.tic as number[]);
    this.origin = Number(s.origin);
    this.rtiOrigin = Number(s.rtiOrigin);
  }
}
