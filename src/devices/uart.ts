/**
 * The generic UART used by the generic boards. Byte registers:
 *
 *   +0 DATA    read: received byte (clears RXRDY); write: transmit a byte
 *   +1 STATUS  bit0 RXRDY (a byte is waiting), bit1 TXRDY (always 1: transmission is
 *              instantaneous in virtual time), bit7 IRQ (the interrupt output is asserted)
 *   +2 CTRL    bit0 RXIE (interrupt while RXRDY), bit1 TXIE (interrupt while TXRDY)
 *
 * Received bytes come from the serial port's input queue, one per character time
 * (10 bits at `baud`), and wait in the queue while the holding register is full (no overrun:
 * scripted input is never lost).
 */
import type { AccessSize } from '../core/bus.js';
import { SchedEvent } from '../core/scheduler.js';
import type { DeviceContext, SerialPort } from '../core/machine.js';
import { BaseDevice } from './base.js';

export class GenericUart extends BaseDevice {
  private rxFull = false;
  private rxByte = 0;
  private ctrl = 0;
  private readonly port: SerialPort;
  private readonly charCycles: number;
  private readonly rxEvent: SchedEvent;

  constructor(name: string, ctx: DeviceContext, portName: string, baud: number, readonly irqLine: number | null) {
    super(name, ctx, true);
    this.port = ctx.serial(portName);
    this.charCycles = Math.max(1, Math.round((ctx.clockHz * 10) / baud));
    this.rxEvent = ctx.scheduler.register(new SchedEvent(`${name}.rx`, () => this.receive()));
    this.port.onInput(() => this.armReceive());
  }

  override reset(): void {
    this.rxFull = false;
    this.ctrl = 0;
    this.ctx.scheduler.cancel(this.rxEvent);
    this.update();
    this.armReceive();
  }

  private armReceive(): void {
    if (!this.rxFull && this.port.input.length > 0 && !this.rxEvent.scheduled) {
      this.ctx.scheduler.schedule(this.rxEvent, this.ctx.now() + this.charCycles);
    }
  }

  private receive(): void {
    if (this.rxFull || this.port.input.length === 0) return;
    this.rxByte = this.port.input.shift()!;
    this.rxFull = true;
    this.update();
  }

  private status(): number {
    const irq = this.irqWanted();
    return (this.rxFull ? 1 : 0) | 2 | (irq ? 0x80 : 0);
  }

  private irqWanted(): boolean {
    return (this.rxFull && (this.ctrl & 1) !== 0) || (this.ctrl & 2) !== 0;
  }

  private update(): void {
    if (this.irqLine !== null) this.ctx.irq(this.irqLine, this.irqWanted(), this.name);
  }

  read(offset: number, _size: AccessSize): number {
    switch (offset) {
      case 0: {
        const v = this.rxByte;
        if (this.rxFull) {
          this.rxFull = false;
          this.update();
          this.armReceive();
        }
        return v;
      }
      case 1: return this.status();
      case 2: return this.ctrl;
      default: return 0;
    }
  }

  peek(offset: number): number {
    return offset === 0 ? this.rxByte : offset === 1 ? this.status() : offset === 2 ? this.ctrl : 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    if (offset === 0) this.port.transmit(value & 0xff);
    else if (offset === 2) {
      this.ctrl = value & 3;
      this.update();
    }
  }

  saveState(): Record<string, unknown> {
    return { rxFull: this.rxFull, rxByte: this.rxByte, ctrl: this.ctrl };
  }
  loadState(s: Record<string, unknown>): void {
    this.rxFull = Boolean(s.rxFull);
    this.rxByte = Number(s.rxByte);
    this.ctrl = Number(s.ctrl);
  }
}
