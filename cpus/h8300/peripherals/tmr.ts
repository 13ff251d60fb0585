/**
 * One channel of the H8/330 8-bit timer (TMR0 at H'FFC8, TMR1 at H'FFD0). Five byte registers:
 *   +0 TCR   7 CMIEB, 6 CMIEA, 5 OVIE, 4-3 CCLR (00 none, 01 clear on match A, 10 on match B,
 *            11 external: not modelled), 2-0 CKS (000 stopped, 001 phi/8, 010 phi/64,
 *            011 phi/1024, 1xx external clock: not modelled, counts nothing)
 *   +1 TCSR  7 CMFB, 6 CMFA, 5 OVF (cleared by writing 0), 3-0 output select (stored)
 *   +2 TCORA, +3 TCORB  compare registers
 *   +4 TCNT  the counter
 * The counter is not ticked: it is computed from virtual time when read or written, and the
 * next compare match or overflow is scheduled as an event while any of its interrupts is
 * enabled. The prescaler runs from power-on, so a count edge falls on a multiple of the
 * divisor. A match sets its flag when TCNT becomes equal to TCOR; with clearing on that match
 * the counter then goes to 0 on the next count (period TCOR+1). OVF is set when TCNT wraps
 * from H'FF to 0 by counting.
 * Interrupt lines (vector numbers from options.vector = CMIA's, default 19 = TMR0 on the
 * H8/330): CMIA = vector, CMIB = vector+1, OVI = vector+2, each a level = flag AND enable.
 */
import type { AccessSize } from '../../../src/core/bus.js';
import type { DeviceContext } from '../../../src/core/machine.js';
import { SchedEvent } from '../../../src/core/scheduler.js';
import { BaseDevice } from '../../../src/devices/base.js';

const CMIEB = 0x80, CMIEA = 0x40, OVIE = 0x20;
const CMFB = 0x80, CMFA = 0x40, OVF = 0x20;
const DIVISORS = [0, 8, 64, 1024, 0, 0, 0, 0];

export class H8Tmr extends BaseDevice {
  tcr = 0;
  tcsr = 0x10;
  tcora = 0xff;
  tcorb = 0xff;
  tcnt = 0;
  /** Absolute count edge (cycle / divisor) up to which `tcnt` is exact. */
  private edge = 0;
  private lines = 0;
  private readonly ev: SchedEvent;

  constructor(name: string, ctx: DeviceContext, readonly vector: number) {
    super(name, ctx, true);
    this.ev = ctx.scheduler.register(new SchedEvent(`${name}.match`, (at) => this.fire(at)));
  }

  override reset(): void {
    this.tcr = 0;
    this.tcsr = 0x10;
    this.tcora = 0xff;
    this.tcorb = 0xff;
    this.tcnt = 0;
    this.edge = 0;
    this.ctx.scheduler.cancel(this.ev);
    this.updateLines();
  }

  private divisor(): number {
    return DIVISORS[this.tcr & 7];
  }

  /** One count: clear on a match, otherwise count up; then set the flags of the new value. */
  private count(): void {
    const cclr = (this.tcr >> 3) & 3;
    const t = this.tcnt;
    if ((cclr === 1 && t === this.tcora) || (cclr === 2 && t === this.tcorb)) this.tcnt = 0;
    else {
      this.tcnt = (t + 1) & 0xff;
      if (this.tcnt === 0) this.tcsr |= OVF;
    }
    if (this.tcnt === this.tcora) this.tcsr |= CMFA;
    if (this.tcnt === this.tcorb) this.tcsr |= CMFB;
  }

  /** Bring TCNT and the flags up to cycle `now`. */
  private sync(now: number): void {
    const div = this.divisor();
    if (div === 0) {
      this.edge = -1;
      return;
    }
    const e = Math.floor(now / div);
    if (this.edge < 0) this.edge = e; // the clock was just started
    let n = e - this.edge;
    this.edge = e;
    // After 256 counts the counter is inside its cycle and every flag of the cycle is set;
    // whole periods after that change nothing.
    const first = Math.min(n, 256);
    for (let i = 0; i < first; i++) this.count();
    n -= first;
    if (n > 0) {
      const cclr = (this.tcr >> 3) & 3;
      const period = cclr === 1 ? this.tcora + 1 : cclr === 2 ? this.tcorb + 1 : 256;
      n %= period;
      while (n-- > 0) this.count();
    }
  }

  /** Counts from now until the next count that sets an enabled flag (at most one period). */
  private countsToEvent(): number {
    const enabled = ((this.tcr & CMIEA) ? CMFA : 0) | ((this.tcr & CMIEB) ? CMFB : 0) | ((this.tcr & OVIE) ? OVF : 0);
    if (enabled === 0) return 0;
    const save = [this.tcnt, this.tcsr];
    let k = 0;
    let found = false;
    this.tcsr = 0;
    while (!found && k < 512) {
      k++;
      this.count();
      found = (this.tcsr & enabled) !== 0;
    }
    this.tcnt = save[0];
    this.tcsr = save[1];
    return found ? k : 0;
  }

  private reschedule(now: number): void {
    const div = this.divisor();
    const k = div === 0 ? 0 : this.countsToEvent();
    if (k === 0) {
      this.ctx.scheduler.cancel(this.ev);
      return;
    }
    const at = (Math.floor(now / div) + k) * div;
    this.ctx.scheduler.schedule(this.ev, at);
  }

  private fire(at: number): void {
    this.sync(at);
    this.updateLines();
    this.reschedule(at);
  }

  read(offset: number, _size: AccessSize): number {
    this.sync(this.ctx.now());
    return this.peek(offset, 1);
  }

  peek(offset: number, _size: AccessSize): number {
    switch (offset) {
      case 0: return this.tcr;
      case 1: return this.tcsr | 0x10;
      case 2: return this.tcora;
      case 3: return this.tcorb;
      case 4: return this.tcnt;
      default: return 0xff;
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const now = this.ctx.now();
    this.sync(now);
    const v = value & 0xff;
    switch (offset) {
      case 0:
        this.tcr = v;
        if (this.divisor() === 0) this.edge = -1;
        else if (this.edge < 0) this.edge = Math.floor(now / this.divisor());
        break;
      case 1: this.tcsr = (this.tcsr & v & (CMFB | CMFA | OVF)) | (v & 0x0f); break;
      case 2: this.tcora = v; break;
      case 3: this.tcorb = v; break;
      case 4: this.tcnt = v; break;
      default: break;
    }
    this.updateLines();
    this.reschedule(now);
  }

  private updateLines(): void {
    const tcr = this.tcr;
    const f = this.tcsr;
    const want = ((tcr & CMIEA) && (f & CMFA) ? 1 : 0) | ((tcr & CMIEB) && (f & CMFB) ? 2 : 0) | ((tcr & OVIE) && (f & OVF) ? 4 : 0);
    const diff = want ^ this.lines;
    if (diff === 0) return;
    this.lines = want;
    for (let i = 0; i < 3; i++) {
      if (diff & (1 << i)) this.ctx.irq(this.vector + i, (want & (1 << i)) !== 0, `${this.name}.${['cmia', 'cmib', 'ovi'][i]}`);
    }
  }

  saveState(): Record<string, unknown> {
    return { tcr: this.tcr, tcsr: this.tcsr, tcora: this.tcora, tcorb: this.tcorb, tcnt: this.tcnt, edge: this.edge, lines: this.lines };
  }

  loadState(s: Record<string, unknown>): void {
    this.tcr = Number(s.tcr);
    this.tcsr = Number(s.tcsr);
    this.tcora = Number(s.tcora);
    this.tcorb = Number(s.tcorb);
    this.tcnt = Number(s.tcnt);
    this.edge = Number(s.edge);
    this.lines = Number(s.lines);
  }
}
