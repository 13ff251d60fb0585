/**
 * The generic programmable timer used by the generic boards. 32-bit registers (narrower
 * accesses read/write the addressed bytes in the CPU's byte order):
 *
 *   +0x0 CTRL    bit0 ENABLE, bit1 IRQ enable, bit2 ONESHOT (stop after the first expiry)
 *   +0x4 PERIOD  cycles between expiries (>= 1)
 *   +0x8 COUNT   read-only: cycles left until the next expiry (0 when stopped)
 *   +0xC STATUS  bit0 EXPIRED (sticky; the IRQ output follows EXPIRED && IRQ enable);
 *                write 1 to clear
 *
 * The timer schedules its own expiry; it never ticks per cycle.
 */
import type { AccessSize } from '../core/bus.js';
import { SchedEvent } from '../core/scheduler.js';
import type { DeviceContext } from '../core/machine.js';
import { BaseDevice, mergeInto, sliceOf } from './base.js';

export class GenericTimer extends BaseDevice {
  private ctrl = 0;
  private period = 0;
  private expired = 0;
  /** Number of expiries so far (for tests and the debugger). */
  expiries = 0;
  private readonly ev: SchedEvent;

  constructor(name: string, ctx: DeviceContext, readonly irqLine: number | null) {
    super(name, ctx, false);
    this.ev = ctx.scheduler.register(new SchedEvent(`${name}.expire`, (at) => this.expire(at)));
  }

  override reset(): void {
    this.ctrl = 0;
    this.period = 0;
    this.expired = 0;
    this.ctx.scheduler.cancel(this.ev);
    this.update();
  }

  private expire(at: number): void {
    this.expired = 1;
    this.expiries++;
    if ((this.ctrl & 4) !== 0) this.ctrl &= ~1;
    else this.ctx.scheduler.schedule(this.ev, at + this.period);
    this.update();
  }

  private update(): void {
    if (this.irqLine !== null) this.ctx.irq(this.irqLine, this.expired !== 0 && (this.ctrl & 2) !== 0, this.name);
  }

  private restart(): void {
    if ((this.ctrl & 1) !== 0 && this.period > 0) this.ctx.scheduler.schedule(this.ev, this.ctx.now() + this.period);
    else this.ctx.scheduler.cancel(this.ev);
  }

  private reg(index: number): number {
    switch (index) {
      case 0: return this.ctrl;
      case 1: return this.period;
      case 2: return this.ev.scheduled ? Math.max(0, this.ev.deadline - this.ctx.now()) : 0;
      case 3: return this.expired;
      default: return 0;
    }
  }

  read(offset: number, size: AccessSize): number {
    return sliceOf(this.reg(offset >>> 2), offset, size, this.ctx.bus.bigEndian);
  }
  peek(offset: number, size: AccessSize): number {
    return this.read(offset, size);
  }

  write(offset: number, size: AccessSize, value: number): void {
    const index = offset >>> 2;
    const v = mergeInto(this.reg(index), offset, size, value, this.ctx.bus.bigEndian);
    switch (index) {
      case 0: {
        const was = this.ctrl;
        this.ctrl = v & 7;
        if ((was & 1) !== (this.ctrl & 1)) this.restart();
        this.update();
        break;
      }
      case 1:
        this.period = v >>> 0;
        if (this.ctrl & 1) this.restart();
        break;
      case 3:
        if (v & 1) this.expired = 0;
        this.update();
        break;
      default:
        break;
    }
  }

  saveState(): Record<string, unknown> {
    return { ctrl: this.ctrl, period: this.period, expired: this.expired, expiries: this.expiries };
  }
  loadState(s: Record<string, unknown>): void {
    this.ctrl = Number(s.ctrl);
    this.period = Number(s.period);
    this.expired = Number(s.expired);
    this.expiries = Number(s.expiries);
  }
}
