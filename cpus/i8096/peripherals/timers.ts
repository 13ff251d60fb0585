/**
 * Timer1 and Timer2 of the 8096BH.
 *
 * Timer1 is a free-running 16-bit counter that increments every 8 states. It is computed from
 * the time it was last zero, never ticked: value = (now - base) / 8. Its overflow sets IOS1.5 and,
 * with IOC1.2, the timer-overflow interrupt (INT_PENDING bit 0); the overflow is one scheduled
 * event per 65536 counts.
 *
 * Timer2 counts T2CLK (or HSI.1) transitions: without an external clock it only changes when
 * the board or a test clocks it (`clock(n)`), when it is reset (IOC0.1, HSO command 0Eh) or on
 * a chip reset. Its overflow sets IOS1.4 and, with IOC1.3, the timer-overflow interrupt.
 */
import { INT_TIMER_OVF } from '../registers.js';
import type { Chip } from './context.js';
import type { SchedEvent } from '../../../src/core/scheduler.js';

export const T1_STATES_PER_COUNT = 8;
const T1_PERIOD = 0x10000 * T1_STATES_PER_COUNT;

export class Timers {
  /** Cycle at which Timer1 was 0 (the latest multiple of its period before now, or reset time). */
  t1Base = 0;
  t2 = 0;
  /** IOS1 bits 4 (T2 overflow) and 5 (T1 overflow). */
  overflowFlags = 0;
  /** IOC1 bits 2 and 3: overflow interrupt enables. */
  ioc1 = 0;
  private readonly ovf: SchedEvent;
  /** Called after Timer2 changes (the HSO CAM compares Timer2 entries). */
  onTimer2: (() => void) | null = null;

  constructor(private readonly chip: Chip) {
    this.ovf = chip.event('timer1.overflow', (at) => this.timer1Overflow(at));
  }

  reset(): void {
    this.t1Base = this.chip.now();
    this.t2 = 0;
    this.overflowFlags = 0;
    this.ioc1 = 0;
    this.chip.scheduler.schedule(this.ovf, this.t1Base + T1_PERIOD);
  }

  timer1(now = this.chip.now()): number {
    return Math.floor((now - this.t1Base) / T1_STATES_PER_COUNT) & 0xffff;
  }

  /**
   * The cycle at which Timer1 next turns to `value`. A value equal to the present count is
   * reached only after a full wrap (80C196KB user's guide, HSO: times below Timer1 + 2 "may
   * cause the match to occur 65,536 counts later").
   */
  timer1When(value: number, now = this.chip.now()): number {
    const ticks = Math.floor((now - this.t1Base) / T1_STATES_PER_COUNT);
    const ahead = (value - ticks) & 0xffff || 0x10000;
    return this.t1Base + (ticks + ahead) * T1_STATES_PER_COUNT;
  }

  private timer1Overflow(at: number): void {
    this.t1Base = at;
    this.overflowFlags |= 0x20;
    if (this.ioc1 & 0x04) this.chip.raise(INT_TIMER_OVF);
    this.chip.scheduler.schedule(this.ovf, at + T1_PERIOD);
  }

  /** Timer2 input transitions (T2CLK or HSI.1). */
  clock(n: number): void {
    for (let i = 0; i < n; i++) {
      this.t2 = (this.t2 + 1) & 0xffff;
      if (this.t2 === 0) {
        this.overflowFlags |= 0x10;
        if (this.ioc1 & 0x08) this.chip.raise(INT_TIMER_OVF);
      }
      this.onTimer2?.();
    }
  }

  resetTimer2(): void {
    this.t2 = 0;
    this.onTimer2?.();
  }

  save(): Record<string, unknown> {
    return { t1Base: this.t1Base, t2: this.t2, overflowFlags: this.overflowFlags, ioc1: this.ioc1 };
  }
  load(s: Record<string, unknown>): void {
    this.t1Base = Number(s.t1Base);
    this.t2 = Number(s.t2);
    this.overflowFlags = Number(s.overflowFlags);
    this.ioc1 = Number(s.ioc1);
  }
}
