/**
 * Motorola MC6850 ACIA (asynchronous communications interface adapter). Two byte registers,
 * selected by RS (register offset 0 or 1; a board places them with `stride`):
 *
 *   offset 0  read: STATUS   write: CONTROL
 *   offset 1  read: RX DATA  write: TX DATA
 *
 * CONTROL (MC6850 data sheet, "Control Register"):
 *   CR1-0  counter divide: 00 /1, 01 /16, 10 /64, 11 master reset
 *   CR4-2  word select: 000 7E2, 001 7O2, 010 7E1, 011 7O1, 100 8N2, 101 8N1, 110 8E1, 111 8O1
 *   CR6-5  transmitter control: 00 RTS low, TX interrupt off; 01 RTS low, TX interrupt on;
 *          10 RTS high, TX interrupt off; 11 RTS low, transmit break, TX interrupt off
 *   CR7    receive interrupt enable (RDRF, overrun)
 * STATUS:
 *   b0 RDRF  receive data register full (cleared by reading RX DATA)
 *   b1 TDRE  transmit data register empty (cleared by writing TX DATA)
 *   b2 DCD, b3 CTS: the modem inputs, tied active (low) on the boards modelled: read 0
 *   b4 FE, b6 PE: never set (the serial port carries whole, correct characters)
 *   b5 OVRN  receiver overrun (only with options.overrun, see below)
 *   b7 IRQ   the IRQ output: (CR7 and (RDRF or OVRN)) or (CR6-5 = 01 and TDRE)
 *
 * Master reset (CR1-0 = 11) clears the status register and holds the receiver and the
 * transmitter until CONTROL is written with another divide ratio. The chip has no RESET pin:
 * the data sheet requires software to master-reset it after power-on, so the power-on state
 * is the master-reset state, and a system reset (machine reset, the 68000 RESET instruction)
 * leaves it alone.
 *
 * Timing: the ACIA's TX/RX clock input is options.clock Hz (default 153600, which is
 * 9600 baud with the /16 ratio); one character takes (1 start + data + parity + stop) bits of
 * (divide ratio / clock) seconds. The transmitter is double buffered: a byte written while
 * the shift register is idle moves there at once (TDRE stays 1) and goes out on the serial
 * port; a second byte waits in TX DATA (TDRE 0) until the first character time ends.
 * In 7-bit word formats only the low 7 bits are sent and received.
 *
 * Receiving: one byte of the serial port's input per character time. By default a byte that
 * arrives while RDRF is still set waits in the port (as if the sender obeyed flow control), so
 * scripted input is never lost. With options.overrun the receiver keeps running as on a bare
 * line: such a byte is lost and OVRN is reported after the byte still in RX DATA has been read
 * (the data sheet's order); reading RX DATA again clears OVRN.
 */
import type { AccessSize } from '../core/bus.js';
import { SchedEvent } from '../core/scheduler.js';
import type { DeviceContext, SerialPort } from '../core/machine.js';
import { BaseDevice } from './base.js';

export const ACIA_RDRF = 0x01;
export const ACIA_TDRE = 0x02;
export const ACIA_OVRN = 0x20;
export const ACIA_IRQ = 0x80;

/** Bits per character (start + data + parity + stop) for each CR4-2 word select. */
const FRAME_BITS = [11, 11, 10, 10, 11, 10, 11, 11];
const DIVIDE = [1, 16, 64];

export interface Mc6850Options {
  /** Frequency of the TX/RX clock inputs in Hz. */
  clock: number;
  /** Model receiver overrun instead of holding input back while RDRF is set. */
  overrun: boolean;
}

export class Mc6850 extends BaseDevice {
  /** Last value written to CONTROL. */
  private cr = 0x03;
  private rdr = 0;
  private rdrf = false;
  private ovrn = false;
  /** A byte was lost while RDRF was set; OVRN shows once RX DATA has been read. */
  private overrunPending = false;
  private tdr = 0;
  private tdrFull = false;
  /** The transmit shift register is sending a character (txEvent is scheduled). */
  private shifting = false;
  private irqOut = false;
  private readonly port: SerialPort;
  private readonly rxEvent: SchedEvent;
  private readonly txEvent: SchedEvent;

  constructor(
    name: string,
    ctx: DeviceContext,
    portName: string,
    readonly irqLine: number | null,
    readonly opts: Mc6850Options,
  ) {
    super(name, ctx, true);
    this.port = ctx.serial(portName);
    this.rxEvent = ctx.scheduler.register(new SchedEvent(`${name}.rx`, () => this.receive()));
    this.txEvent = ctx.scheduler.register(new SchedEvent(`${name}.tx`, () => this.shiftDone()));
    this.port.onInput(() => this.armReceive());
  }

  /** No RESET pin on the MC6850: a system reset does not touch it (see the header). */
  override reset(): void {}

  get inReset(): boolean {
    return (this.cr & 3) === 3;
  }

  /** CPU cycles per character in the current format and divide ratio. */
  charCycles(): number {
    const div = DIVIDE[this.cr & 3] ?? 16;
    const bits = FRAME_BITS[(this.cr >>> 2) & 7];
    return Math.max(1, Math.round((this.ctx.clockHz * bits * div) / this.opts.clock));
  }

  private dataMask(): number {
    return (this.cr & 0x10) !== 0 ? 0xff : 0x7f;
  }

  status(): number {
    if (this.inReset) return 0;
    let s = 0;
    if (this.rdrf) s |= ACIA_RDRF;
    if (!this.tdrFull) s |= ACIA_TDRE;
    if (this.ovrn) s |= ACIA_OVRN;
    if (this.irqWanted()) s |= ACIA_IRQ;
    return s;
  }

  private irqWanted(): boolean {
    if (this.inReset) return false;
    if ((this.cr & 0x80) !== 0 && (this.rdrf || this.ovrn)) return true;
    return (this.cr & 0x60) === 0x20 && !this.tdrFull;
  }

  private update(): void {
    const want = this.irqWanted();
    if (want !== this.irqOut) {
      this.irqOut = want;
      if (this.irqLine !== null) this.ctx.irq(this.irqLine, want, this.name);
    }
  }

  // ---- receiver --------------------------------------------------------------------------

  private armReceive(): void {
    if (this.inReset || this.rxEvent.scheduled || this.port.input.length === 0) return;
    if (this.rdrf && !this.opts.overrun) return;
    this.ctx.scheduler.schedule(this.rxEvent, this.ctx.now() + this.charCycles());
  }

  private receive(): void {
    if (this.inReset || this.port.input.length === 0) return;
    if (this.rdrf) {
      if (!this.opts.overrun) return;
      this.port.input.shift();
      this.overrunPending = true;
    } else {
      this.rdr = this.port.input.shift()! & this.dataMask();
      this.rdrf = true;
    }
    this.update();
    this.armReceive();
  }

  private readData(): number {
    const v = this.rdr;
    if (this.inReset) return v;
    this.rdrf = false;
    this.ovrn = this.overrunPending;
    this.overrunPending = false;
    this.update();
    this.armReceive();
    return v;
  }

  // ---- transmitter -----------------------------------------------------------------------

  private writeData(value: number): void {
    if (this.inReset) return;
    this.tdr = value & 0xff;
    this.tdrFull = true;
    if (!this.shifting) this.startShift();
    this.update();
  }

  private startShift(): void {
    if (!this.tdrFull || (this.cr & 0x60) === 0x60) return; // break holds the data register
    this.tdrFull = false;
    this.shifting = true;
    this.port.transmit(this.tdr & this.dataMask());
    this.ctx.scheduler.schedule(this.txEvent, this.ctx.now() + this.charCycles());
  }

  private shiftDone(): void {
    this.shifting = false;
    this.startShift();
    this.update();
  }

  private writeControl(value: number): void {
    this.cr = value & 0xff;
    if (this.inReset) {
      this.rdrf = false;
      this.ovrn = false;
      this.overrunPending = false;
      this.tdrFull = false;
      this.shifting = false;
      this.ctx.scheduler.cancel(this.rxEvent);
      this.ctx.scheduler.cancel(this.txEvent);
    } else {
      if (!this.shifting) this.startShift(); // leaving break
      this.armReceive();
    }
    this.update();
  }

  // ---- bus -------------------------------------------------------------------------------

  read(offset: number, _size: AccessSize): number {
    return offset === 0 ? this.status() : this.readData();
  }

  peek(offset: number, _size: AccessSize): number {
    return offset === 0 ? this.status() : this.rdr;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    if (offset === 0) this.writeControl(value);
    else this.writeData(value);
  }

  saveState(): Record<string, unknown> {
    return {
      cr: this.cr, rdr: this.rdr, rdrf: this.rdrf, ovrn: this.ovrn, overrunPending: this.overrunPending,
      tdr: this.tdr, tdrFull: this.tdrFull, shifting: this.shifting, irqOut: this.irqOut,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.cr = Number(s.cr);
    this.rdr = Number(s.rdr);
    this.rdrf = Boolean(s.rdrf);
    this.ovrn = Boolean(s.ovrn);
    this.overrunPending = Boolean(s.overrunPending);
    this.tdr = Number(s.tdr);
    this.tdrFull = Boolean(s.tdrFull);
    this.shifting = Boolean(s.shifting);
    this.irqOut = Boolean(s.irqOut);
  }
}
