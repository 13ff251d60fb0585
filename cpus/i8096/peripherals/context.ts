/**
 * What the on-chip peripheral models share: the machine (time, scheduler, serial ports,
 * resets) and the core (interrupt pending bits). Times are in states; one state is three
 * XTAL1 periods on the 8096BH, so the board clock is XTAL1 / 3.
 */
import type { DeviceContext } from '../../../src/core/machine.js';
import type { Scheduler } from '../../../src/core/scheduler.js';
import { SchedEvent } from '../../../src/core/scheduler.js';
import type { I8096 } from '../index.js';

export const XTAL_PER_STATE = 3;

export class Chip {
  constructor(
    readonly ctx: DeviceContext,
    readonly cpu: I8096,
    /** Prefix for scheduler event names (unique per machine). */
    readonly name: string,
  ) {}
  get scheduler(): Scheduler {
    return this.ctx.scheduler;
  }
  now(): number {
    return this.ctx.now();
  }
  event(suffix: string, fire: (at: number) => void): SchedEvent {
    return this.ctx.scheduler.register(new SchedEvent(`${this.name}.${suffix}`, fire));
  }
  /** Set an INT_PENDING bit (the core decides when to take it). */
  raise(bit: number): void {
    this.cpu.raiseInterrupt(bit);
  }
}
