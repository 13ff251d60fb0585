/**
 * The 8096BH 10-bit A/D converter.
 *
 *   AD_COMMAND (02h, write)  bits 2-0 channel, bit 3 GO: start now (otherwise the conversion
 *                            waits for HSO command 0Fh)
 *   AD_RESULT_LO (02h, read) bits 7-6 result bits 1-0, bit 3 STATUS (busy), bits 2-0 channel
 *   AD_RESULT_HI (03h, read) result bits 9-2
 *
 * A conversion takes 88 states (22 us at 12 MHz) and ends with the A/D interrupt
 * (INT_PENDING bit 1). Channel voltages come from the board (`options.analog`, 0-1023 per
 * channel) or from `setInput`.
 */
import { INT_AD_DONE } from '../registers.js';
import type { SchedEvent } from '../../../src/core/scheduler.js';
import type { Chip } from './context.js';

export const AD_CONVERSION_STATES = 88;

export class AdConverter {
  readonly inputs = new Uint16Array(8);
  command = 0;
  result = 0;
  channel = 0;
  busy = false;
  /** A command without GO waits for the HSO to start it. */
  private armed = false;
  conversions = 0;
  private readonly ev: SchedEvent;

  constructor(private readonly chip: Chip, analog: number[]) {
    analog.slice(0, 8).forEach((v, i) => (this.inputs[i] = v & 0x3ff));
    this.ev = chip.event('adc.done', () => this.done());
  }

  reset(): void {
    this.command = 0;
    this.busy = false;
    this.armed = false;
    this.chip.scheduler.cancel(this.ev);
  }

  setInput(channel: number, value: number): void {
    this.inputs[channel & 7] = Math.max(0, Math.min(0x3ff, Math.round(value)));
  }

  writeCommand(v: number): void {
    this.command = v & 0x0f;
    if (v & 0x08) this.start();
    else this.armed = true;
  }

  /** HSO command 0Fh. */
  hsoStart(): void {
    if (this.armed) this.start();
  }

  private start(): void {
    this.armed = false;
    this.busy = true;
    this.channel = this.command & 7;
    this.chip.scheduler.schedule(this.ev, this.chip.now() + AD_CONVERSION_STATES);
  }

  private done(): void {
    this.busy = false;
    this.result = this.inputs[this.channel];
    this.conversions++;
    this.chip.raise(INT_AD_DONE);
  }

  readLo(): number {
    return ((this.result & 3) << 6) | (this.busy ? 0x08 : 0) | this.channel;
  }
  readHi(): number {
    return (this.result >> 2) & 0xff;
  }

  save(): Record<string, unknown> {
    return { inputs: Array.from(this.inputs), command: this.command, result: this.result, channel: this.channel, busy: this.busy, armed: this.armed, conversions: this.conversions };
  }
  load(s: Record<string, unknown>): void {
    this.inputs.set(s.inputs as number[]);
    this.command = Number(s.command);
    this.result = Number(s.result);
    this.channel = Number(s.channel);
    this.busy = Boolean(s.busy);
    this.armed = Boolean(s.armed);
    this.conversions = Number(s.conversions ?? 0);
  }
}
