/**
 * Motorola MC68230 PI/T (parallel interface/timer): the timer in full, the parallel ports as
 * plain registers. 32 byte registers selected by RS5-RS1 (register offsets 0x00-0x1F; a board
 * places them with `stride`, e.g. on the odd bytes of a 16-bit bus):
 *
 *   0x00 PGCR  0x01 PSRR  0x02 PADDR 0x03 PBDDR 0x04 PCDDR 0x05 PIVR  0x06 PACR  0x07 PBCR
 *   0x08 PADR  0x09 PBDR  0x0A PAAR  0x0B PBAR  0x0C PCDR  0x0D PSR
 *   0x10 TCR   0x11 TIVR  0x13-0x15 CPRH/M/L (counter preload)  0x17-0x19 CNTRH/M/L (count)
 *   0x1A TSR; the others are null registers (read 0, writes ignored).
 *
 * Timer (MC68230 data sheet, "Timer"):
 *   TCR7-5  TOUT/TIACK control: 00x port C pins (no timer interrupt); 01x TOUT square wave
 *           (no interrupt); 100/101 vectored timer interrupt disabled/enabled (the PI/T answers
 *           the interrupt acknowledge with TIVR); 110/111 autovectored interrupt
 *           disabled/enabled.
 *   TCR4    zero detect control: 0 the counter is reloaded from CPR on the clock after zero
 *           detect; 1 it rolls over to 0xFFFFFF and keeps counting.
 *   TCR2-1  clock control: 00 CLK/32 (prescaler), TCR0 alone enables; 01 CLK/32 gated by the
 *           TIN enable input; 10 TIN through the prescaler; 11 TIN clocks the counter.
 *   TCR0    timer enable (run/halt).
 *   TSR bit 0 ZDS: set when the counter decrements to zero, cleared by writing 1.
 * The timer interrupt output is ZDS while TCR7-5 is 101 or 111.
 *
 * Model of the count: the PI/T's CLK is options.clock Hz (default the CPU clock); with the
 * prescaler one counter clock is 32 CLK periods (rounded to whole CPU cycles). The first
 * counter clock after the timer starts loads the counter from CPR; each later clock decrements
 * it; reaching zero sets ZDS. So with TCR4 = 0 zero detect repeats every (CPR + 1) counter
 * clocks. While halted the counter keeps its value (and can be read); CPR can be written at
 * any time and is used at the next load. Nothing drives TIN on the boards modelled: mode 01
 * counts as if the enable input were held active, modes 10 and 11 do not count.
 *
 * The counter is not ticked: its value is computed from the cycle at which it last had a known
 * value, and the zero detect is a scheduled event.
 *
 * Parallel ports: the registers hold what is written; a data register reads the output latch
 * on output pins and 1 on input pins (nothing drives the pins); PSR reads 0; port interrupts
 * and handshakes are not modelled.
 */
import type { AccessSize } from '../core/bus.js';
import { SchedEvent } from '../core/scheduler.js';
import type { DeviceContext } from '../core/machine.js';
import { BaseDevice } from './base.js';

export const PIT_TCR = 0x10;
export const PIT_TIVR = 0x11;
export const PIT_CPRH = 0x13;
export const PIT_CNTRH = 0x17;
export const PIT_TSR = 0x1a;

const ROLL = 0x1000000;

/** Where the count stands, and the zero detects on the way there. */
interface CountState {
  value: number;
  loaded: boolean;
  zeroDetects: number;
}

export class Mc68230 extends BaseDevice {
  /** Port registers 0x00-0x0D as written. */
  private readonly ports = new Uint8Array(14);
  private tcr = 0;
  private tivr = 0x0f;
  private cpr = 0;
  private counter = 0;
  /** The counter has been loaded from CPR since the timer last started. */
  private loaded = false;
  private zds = 0;
  /** Cycle of the last counter clock accounted for in `counter` (prescaler phase). */
  private anchor = 0;
  private irqOut = false;
  /** Zero detects so far, however late software looked (for tests and the debugger). */
  zeroDetects = 0;
  readonly tickCycles: number;
  private readonly zdEvent: SchedEvent;
  private readonly scratch: CountState = { value: 0, loaded: false, zeroDetects: 0 };

  constructor(name: string, ctx: DeviceContext, readonly irqLine: number | null, clockHz: number) {
    super(name, ctx, true);
    this.tickCycles = Math.max(1, Math.round((32 * ctx.clockHz) / clockHz));
    this.zdEvent = ctx.scheduler.register(new SchedEvent(`${name}.zero`, (at) => this.zeroEvent(at)));
    this.resetRegisters();
  }

  private resetRegisters(): void {
    this.ports.fill(0);
    this.ports[0x05] = 0x0f; // PIVR
    this.tcr = 0;
    this.tivr = 0x0f;
    this.cpr = 0;
    this.counter = 0;
    this.loaded = false;
    this.zds = 0;
    this.anchor = 0;
  }

  /** The RESET pin: every register to its reset value, the timer halted. */
  override reset(): void {
    this.resetRegisters();
    this.ctx.scheduler.cancel(this.zdEvent);
    this.update();
  }

  /** true when the counter is being clocked. */
  get running(): boolean {
    const clk = (this.tcr >>> 1) & 3;
    return (this.tcr & 1) !== 0 && clk <= 1;
  }

  private interruptEnabled(): boolean {
    const m = this.tcr >>> 5;
    return m === 5 || m === 7;
  }

  /** The PI/T answers the interrupt acknowledge with TIVR (TCR7-5 = 101). */
  get vectored(): boolean {
    return this.tcr >>> 5 === 5;
  }

  get vector(): number {
    return this.tivr;
  }

  get irqAsserted(): boolean {
    return this.irqOut;
  }

  private update(): void {
    const want = this.zds !== 0 && this.interruptEnabled();
    if (want !== this.irqOut) {
      this.irqOut = want;
      if (this.irqLine !== null) this.ctx.irq(this.irqLine, want, this.name);
    }
  }

  /** Advance a count by `n` counter clocks (pure: result in `s`). */
  private advance(s: CountState, n: number): void {
    s.zeroDetects = 0;
    if (n <= 0) return;
    if (!s.loaded) {
      s.loaded = true;
      s.value = this.cpr;
      n--;
    }
    if (n === 0) return;
    const p = this.cpr;
    if ((this.tcr & 0x10) !== 0) {
      // Roll over: plain modulo-2^24 down count; zero is first reached after `value` clocks
      // (2^24 from zero), then every 2^24.
      const first = s.value === 0 ? ROLL : s.value;
      if (n >= first) s.zeroDetects = 1 + Math.floor((n - first) / ROLL);
      s.value = (((s.value - n) % ROLL) + ROLL) % ROLL;
      return;
    }
    if (n <= s.value) {
      s.value -= n;
      if (s.value === 0) s.zeroDetects = 1;
      return;
    }
    // Down to zero (a zero detect unless already there), then cycles of reload + p clocks.
    if (s.value > 0) s.zeroDetects = 1;
    n -= s.value;
    if (p === 0) {
      s.value = 0;
      return;
    }
    const m = n % (p + 1);
    s.zeroDetects += Math.floor(n / (p + 1));
    s.value = m === 0 ? 0 : p - (m - 1);
  }

  /** Counter clocks from the current state to the next zero detect (Infinity: none). */
  private clocksToZero(): number {
    const p = this.cpr;
    const roll = (this.tcr & 0x10) !== 0;
    if (!this.loaded) {
      if (p > 0) return 1 + p;
      return roll ? 1 + ROLL : Infinity;
    }
    if (this.counter > 0) return this.counter;
    if (roll) return ROLL;
    return p > 0 ? 1 + p : Infinity;
  }

  /** Bring `counter` up to date with the clocks elapsed until `now`. */
  private sync(now: number): void {
    if (!this.running) return;
    const n = Math.floor((now - this.anchor) / this.tickCycles);
    if (n <= 0) return;
    const s = this.scratch;
    s.value = this.counter;
    s.loaded = this.loaded;
    this.advance(s, n);
    this.counter = s.value;
    this.loaded = s.loaded;
    this.anchor += n * this.tickCycles;
    if (s.zeroDetects > 0) {
      this.zds = 1;
      this.zeroDetects += s.zeroDetects;
      this.update();
    }
  }

  private schedule(): void {
    const sched = this.ctx.scheduler;
    if (!this.running) {
      sched.cancel(this.zdEvent);
      return;
    }
    const k = this.clocksToZero();
    if (k === Infinity) sched.cancel(this.zdEvent);
    else sched.schedule(this.zdEvent, this.anchor + k * this.tickCycles);
  }

  private zeroEvent(at: number): void {
    this.sync(at);
    this.schedule();
  }

  /** The counter's value now, without changing anything. */
  private counterNow(): number {
    if (!this.running) return this.counter;
    const n = Math.floor((this.ctx.now() - this.anchor) / this.tickCycles);
    const s = this.scratch;
    s.value = this.counter;
    s.loaded = this.loaded;
    this.advance(s, n);
    return s.value;
  }

  private zdsNow(): number {
    if (this.zds !== 0 || !this.running) return this.zds;
    const n = Math.floor((this.ctx.now() - this.anchor) / this.tickCycles);
    const s = this.scratch;
    s.value = this.counter;
    s.loaded = this.loaded;
    this.advance(s, n);
    return s.zeroDetects > 0 ? 1 : 0;
  }

  private writeTcr(value: number): void {
    const now = this.ctx.now();
    this.sync(now);
    const wasRunning = this.running;
    this.tcr = value & 0xf7;
    if (this.running && !wasRunning) {
      this.loaded = false;
      this.anchor = now;
    }
    this.schedule();
    this.update();
  }

  private portRead(reg: number): number {
    switch (reg) {
      case 0x08: return (this.ports[0x08] & this.ports[0x02]) | (~this.ports[0x02] & 0xff); // PADR
      case 0x09: return (this.ports[0x09] & this.ports[0x03]) | (~this.ports[0x03] & 0xff); // PBDR
      case 0x0a: case 0x0b: return 0xff; // alternate registers: the pins
      case 0x0c: return (this.ports[0x0c] & this.ports[0x04]) | (~this.ports[0x04] & 0xff); // PCDR
      case 0x0d: return 0; // PSR
      default: return this.ports[reg];
    }
  }

  private readReg(reg: number, live: boolean): number {
    if (reg < 0x0e) return this.portRead(reg);
    switch (reg) {
      case PIT_TCR: return this.tcr;
      case PIT_TIVR: return this.tivr;
      case PIT_CPRH: return (this.cpr >>> 16) & 0xff;
      case PIT_CPRH + 1: return (this.cpr >>> 8) & 0xff;
      case PIT_CPRH + 2: return this.cpr & 0xff;
      case PIT_CNTRH: case PIT_CNTRH + 1: case PIT_CNTRH + 2: {
        if (live) this.sync(this.ctx.now());
        const c = live ? this.counter : this.counterNow();
        return (c >>> ((PIT_CNTRH + 2 - reg) * 8)) & 0xff;
      }
      case PIT_TSR: {
        if (live) {
          this.sync(this.ctx.now());
          return this.zds;
        }
        return this.zdsNow();
      }
      default: return 0;
    }
  }

  read(offset: number, _size: AccessSize): number {
    return this.readReg(offset & 0x1f, true);
  }

  peek(offset: number, _size: AccessSize): number {
    return this.readReg(offset & 0x1f, false);
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const reg = offset & 0x1f;
    const v = value & 0xff;
    if (reg < 0x0e) {
      if (reg !== 0x0d && reg !== 0x0a && reg !== 0x0b) this.ports[reg] = v;
      return;
    }
    switch (reg) {
      case PIT_TCR: this.writeTcr(v); break;
      case PIT_TIVR: this.tivr = v; break;
      case PIT_CPRH: case PIT_CPRH + 1: case PIT_CPRH + 2: {
        // CPR only matters at the next load or reload: account for the clocks so far with
        // the old value first.
        this.sync(this.ctx.now());
        const shift = (PIT_CPRH + 2 - reg) * 8;
        this.cpr = ((this.cpr & ~(0xff << shift)) | (v << shift)) & 0xffffff;
        this.schedule();
        break;
      }
      case PIT_TSR:
        if ((v & 1) !== 0) {
          this.sync(this.ctx.now());
          this.zds = 0;
          this.update();
        }
        break;
      default: break;
    }
  }

  saveState(): Record<string, unknown> {
    return {
      ports: [...this.ports], tcr: this.tcr, tivr: this.tivr, cpr: this.cpr, counter: this.counter,
      loaded: this.loaded, zds: this.zds, anchor: this.anchor, irqOut: this.irqOut, zeroDetects: this.zeroDetects,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.ports.set(s.ports as number[]);
    this.tcr = Number(s.tcr);
    this.tivr = Number(s.tivr);
    this.cpr = Number(s.cpr);
    this.counter = Number(s.counter);
    this.loaded = Boolean(s.loaded);
    this.zds = Number(s.zds);
    this.anchor = Number(s.anchor);
    this.irqOut = Boolean(s.irqOut);
    this.zeroDetects = Number(s.zeroDetects);
  }
}
