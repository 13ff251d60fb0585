/**
 * The 8096BH watchdog: a 16-bit counter of states, started and cleared by writing 1Eh then
 * E1h to WATCHDOG (0Ah). If it is not cleared within 65536 states of the last clear it
 * overflows and resets the chip (`machine.resetCpu`, which records and logs the reset).
 * Before the first clear sequence it does not run.
 */
import type { Chip } from './context.js';
import type { SchedEvent } from '../../../src/core/scheduler.js';

export const WATCHDOG_STATES = 0x10000;

export class Watchdog {
  running = false;
  private armed = false; // 1Eh seen, waiting for E1h
  expiries = 0;
  private readonly ev: SchedEvent;

  constructor(private readonly chip: Chip) {
    this.ev = chip.event('watchdog', () => this.expire());
  }

  reset(): void {
    this.running = false;
    this.armed = false;
    this.chip.scheduler.cancel(this.ev);
  }

  write(v: number): void {
    if (v === 0x1e) {
      this.armed = true;
      return;
    }
    if (v === 0xe1 && this.armed) {
      this.running = true;
      this.chip.scheduler.schedule(this.ev, this.chip.now() + WATCHDOG_STATES);
    }
    this.armed = false;
  }

  /** States until the watchdog resets the chip, or -1 when it is not running. */
  remaining(): number {
    return this.ev.scheduled ? this.ev.deadline - this.chip.now() : -1;
  }

  private expire(): void {
    this.expiries++;
    this.chip.ctx.resetCpu(`watchdog timeout (${WATCHDOG_STATES} states without the 1Eh/E1h sequence)`);
  }

  save(): Record<string, unknown> {
    return { running: this.running, armed: this.armed, expiries: this.expiries };
  }
  load(s: Record<string, unknown>): void {
    this.running = Boolean(s.running);
    this.armed = Boolean(s.armed);
    this.expiries = Number(s.expiries ?? 0);
  }
}
