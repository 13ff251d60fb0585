/**
 * The 68HC11's 64-byte on-chip register block as one bus device (type `m68hc11-regs`, at
 * $1000 after reset). It holds the timer (timer.ts), the SCI (sci.ts) and INIT; the other
 * registers (ports, SPI, A/D, OPTION, HPRIO, CONFIG, ...) are plain storage.
 *
 * INIT ($3D: RAM3-RAM0 REG3-REG0) places the internal RAM and this block on any 4 KB boundary.
 * Like the chip in its normal modes, INIT and the prescaler bits of TMSK2 can be written only
 * in the first 64 E cycles after reset (INIT only once); option `protect: false` lifts that
 * window. Moving the block takes it off its pages and puts it on the new ones; moving the RAM
 * region (option `iram`, default "iram") remaps it with `bus.mapRegion` and then maps back the
 * other regions it uncovered, so external memory under the old place reappears. The registers
 * outrank RAM where they overlap, as on the chip.
 *
 * COP watchdog (option `cop: true`; off by default, as with CONFIG NOCOP = 1): it times out
 * 2^15 x (1, 4, 16, 64) E cycles (OPTION CR1:CR0, written in the 64-cycle window) after the
 * last service, a write of $55 then $AA to COPRST; a timeout resets the chip and the CPU starts
 * from the COP-failure vector at $FFFA. CONFIG reads $0B with the COP on, $0F with it off.
 * The clock monitor is not modelled.
 */
import type { AccessSize, Bus, Device, Region } from '../../../src/core/bus.js';
import type { DeviceContext } from '../../../src/core/machine.js';
import { BaseDevice } from '../../../src/devices/base.js';
import { SchedEvent } from '../../../src/core/scheduler.js';
import { Hc11Sci } from './sci.js';
import { Hc11Timer } from './timer.js';

export const REG_SPAN = 0x40;
export const REG_INIT = 0x3d;
export const REG_OPTION = 0x39;
export const REG_COPRST = 0x3a;
export const REG_CONFIG = 0x3f;
export const VEC_COP = 0xfffa;
const PROTECT_WINDOW = 64;

export interface RegOptions {
  port: string;
  iram: string;
  protect: boolean;
  cop: boolean;
}

export class Hc11Registers extends BaseDevice {
  readonly timer: Hc11Timer;
  readonly sci: Hc11Sci;
  /** Plain registers (everything the timer and SCI do not own). */
  readonly plain = new Uint8Array(REG_SPAN);
  init: number;
  initWritten = false;
  resetCycle = 0;
  /** COPRST sequence: $55 seen, waiting for $AA. */
  copArmed = false;
  private readonly copEvent: SchedEvent;
  private readonly homeBase: number;
  private readonly ram: Region | null;
  private readonly ramHome: number;

  constructor(
    name: string, ctx: DeviceContext, base: number, readonly opts: RegOptions,
    /** Loads the CPU's PC (the COP-failure reset vector). */
    private readonly setPc: (pc: number) => void,
  ) {
    super(name, ctx, true);
    this.copEvent = ctx.scheduler.register(new SchedEvent(`${name}.cop`, () => this.copTimeout()));
    this.timer = new Hc11Timer(name, ctx);
    this.sci = new Hc11Sci(name, ctx, opts.port);
    this.homeBase = base & 0xf000;
    this.ram = ctx.bus.regions.find((r) => r.name === opts.iram) ?? null;
    this.ramHome = this.ram ? this.ram.base & 0xf000 : 0;
    this.init = this.homeInit();
  }

  private homeInit(): number {
    return ((this.ramHome >> 12) << 4) | (this.homeBase >> 12);
  }

  override reset(): void {
    const now = this.ctx.now();
    this.resetCycle = now;
    this.plain.fill(0);
    this.plain[REG_CONFIG] = this.opts.cop ? 0x0b : 0x0f;
    this.initWritten = false;
    this.copArmed = false;
    this.serviceCop(now);
    this.applyInit(this.homeInit());
    this.timer.reset(now);
    this.sci.reset();
  }

  private copPeriod(): number {
    return 0x8000 << (2 * (this.plain[REG_OPTION] & 3));
  }

  private serviceCop(now: number): void {
    if (this.opts.cop) this.ctx.scheduler.schedule(this.copEvent, now + this.copPeriod());
  }

  private copTimeout(): void {
    this.ctx.resetCpu('COP watchdog timeout');
    this.setPc(this.ctx.bus.read16(VEC_COP));
  }

  private inWindow(): boolean {
    return !this.opts.protect || this.ctx.now() - this.resetCycle < PROTECT_WINDOW;
  }

  /** Place the register block and the internal RAM where INIT says. */
  private applyInit(v: number): void {
    const bus = this.ctx.bus;
    const regBase = (v & 0x0f) << 12;
    const ramBase = (v & 0xf0) << 8;
    this.init = v;
    bus.moveDevice(this, regBase);
    const ram = this.ram;
    if (ram && ram.base !== ramBase) {
      const oldLo = ram.base;
      const oldHi = ram.base + ram.size;
      bus.mapRegion(ram, ramBase);
      for (const r of bus.regions) {
        if (r !== ram && r.base < oldHi && r.base + r.size > oldLo) bus.mapRegion(r, r.base);
      }
      bus.mapRegion(ram, ramBase);
    }
  }

  read(offset: number, _size: AccessSize): number {
    if (offset >= 0x0e && offset <= 0x26) return this.timer.read(offset, this.ctx.now());
    if (offset >= 0x2b && offset <= 0x2f) return this.sci.read(offset);
    if (offset === REG_INIT) return this.init;
    return this.plain[offset];
  }

  peek(offset: number, _size: AccessSize): number {
    if (offset >= 0x0e && offset <= 0x26) return this.timer.read(offset, this.ctx.now());
    if (offset >= 0x2b && offset <= 0x2f) return this.sci.peek(offset);
    if (offset === REG_INIT) return this.init;
    return this.plain[offset];
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value & 0xff;
    if (offset >= 0x0e && offset <= 0x26) {
      this.timer.write(offset, v, this.ctx.now(), this.inWindow());
      return;
    }
    if (offset >= 0x2b && offset <= 0x2f) {
      this.sci.write(offset, v, this.ctx.now());
      return;
    }
    if (offset === REG_INIT) {
      if (this.initWritten && this.opts.protect) return;
      if (!this.inWindow()) return;
      this.initWritten = true;
      try {
        this.applyInit(v);
      } catch (e) {
        this.ctx.log(`${this.name}: INIT=$${v.toString(16)} ignored: ${(e as Error).message}`);
      }
      return;
    }
    if (offset === REG_COPRST) {
      if (v === 0x55) this.copArmed = true;
      else if (v === 0xaa && this.copArmed) {
        this.copArmed = false;
        this.serviceCop(this.ctx.now());
      } else this.copArmed = false;
      return;
    }
    if (offset === REG_OPTION) {
      // CR1:CR0 (and the other time-protected bits) only inside the window.
      const keep = this.inWindow() ? 0 : 0x3b;
      const old = this.plain[REG_OPTION];
      this.plain[REG_OPTION] = (v & ~keep) | (old & keep);
      if ((old & 3) !== (this.plain[REG_OPTION] & 3)) this.serviceCop(this.ctx.now());
      return;
    }
    if (offset === REG_CONFIG) return; // EEPROM: not written by a store
    this.plain[offset] = v;
  }

  saveState(): Record<string, unknown> {
    return {
      plain: Array.from(this.plain), init: this.init, initWritten: this.initWritten, resetCycle: this.resetCycle,
      copArmed: this.copArmed,
      timer: this.timer.saveState(), sci: this.sci.saveState(),
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.plain.set(s.plain as number[]);
    this.initWritten = Boolean(s.initWritten);
    this.resetCycle = Number(s.resetCycle);
    this.copArmed = Boolean(s.copArmed);
    this.applyInit(Number(s.init));
    this.timer.loadState(s.timer as Record<string, unknown>);
    this.sci.loadState(s.sci as Record<string, unknown>);
  }
}
