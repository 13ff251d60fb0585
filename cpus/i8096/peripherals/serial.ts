/**
 * The 8096BH serial port, wired to one of the machine's serial ports (`primary` by default).
 *
 *   SP_CON (11h, write)  bits 1-0 mode (0 shift register, 1 8-bit async, 2/3 9-bit async),
 *                        bit 2 PEN (parity), bit 3 REN (receive enable), bit 4 TB8
 *   SP_STAT (11h, read)  bit 7 RB8 (or RPE), bit 6 RI, bit 5 TI; reading clears all three
 *   SBUF (07h)           read: receive buffer; write: transmit
 *   BAUD_RATE (0Eh, write) written twice, low byte first; bit 15 selects XTAL1 as the clock,
 *                        B = bits 14-0: modes 1-3 run at XTAL1 / (64 (B+1)), mode 0 at XTAL1 / (4 (B+1))
 *
 * A character takes 8 (mode 0), 10 (mode 1) or 11 (modes 2, 3) bit times. TI and RI both set
 * the serial interrupt (INT_PENDING bit 6). The receiver does not need RI clear (as on the
 * chip), but the next byte of the port's queue waits until the program has read SBUF or
 * cleared RI, so scripted input is never lost to an overrun.
 * The T2CLK baud source is treated like XTAL1 (logged once): boards have no T2CLK signal.
 */
import { INT_SERIAL } from '../registers.js';
import type { SerialPort } from '../../../src/core/machine.js';
import type { SchedEvent } from '../../../src/core/scheduler.js';
import { XTAL_PER_STATE, type Chip } from './context.js';

export class SerialUnit {
  spCon = 0;
  /** SP_STAT: RB8 0x80, RI 0x40, TI 0x20. */
  spStat = 0;
  rxBuf = 0;
  /** The program has read SBUF since the last byte arrived. */
  rxTaken = true;
  baud = 0;
  /** The next BAUD_RATE write is the high byte. */
  private baudHigh = false;
  txBusy = false;
  private txByte = 0;
  /** Holding register: the next byte to send, or -1. */
  private txNext = -1;
  private warnedT2 = false;
  private readonly port: SerialPort;
  private readonly txEv: SchedEvent;
  private readonly rxEv: SchedEvent;

  constructor(private readonly chip: Chip, portName: string) {
    this.port = chip.ctx.serial(portName);
    this.txEv = chip.event('serial.tx', (at) => this.txDone(at));
    this.rxEv = chip.event('serial.rx', () => this.rxDone());
    this.port.onInput(() => this.armReceive());
  }

  reset(): void {
    this.spCon = 0;
    this.spStat = 0;
    this.rxBuf = 0;
    this.rxTaken = true;
    this.baud = 0;
    this.baudHigh = false;
    this.txBusy = false;
    this.txNext = -1;
    this.chip.scheduler.cancel(this.txEv);
    this.chip.scheduler.cancel(this.rxEv);
  }

  get mode(): number {
    return this.spCon & 3;
  }

  /** States per character at the current mode and baud rate. */
  charStates(): number {
    if ((this.baud & 0x8000) === 0 && !this.warnedT2 && this.baud !== 0) {
      this.warnedT2 = true;
      this.chip.ctx.log(`${this.chip.name}: serial baud clock T2CLK is not modelled; using XTAL1`);
    }
    const b = (this.baud & 0x7fff) + 1;
    const mode = this.mode;
    const xtalPerBit = mode === 0 ? 4 * b : 64 * b;
    const bits = mode === 0 ? 8 : mode === 1 ? 10 : 11;
    return Math.max(1, Math.round((xtalPerBit * bits) / XTAL_PER_STATE));
  }

  writeBaud(v: number): void {
    this.baud = this.baudHigh ? (this.baud & 0xff) | (v << 8) : (this.baud & 0xff00) | v;
    this.baudHigh = !this.baudHigh;
  }

  writeCon(v: number): void {
    this.spCon = v & 0x1f;
    this.armReceive();
  }

  /** SP_STAT read: clears RB8/RPE, RI and TI. */
  readStat(): number {
    const v = this.spStat;
    this.spStat = 0;
    this.armReceive();
    return v;
  }

  readBuf(): number {
    if (!this.rxTaken) {
      this.rxTaken = true;
      this.armReceive();
    }
    return this.rxBuf;
  }

  /**
   * A byte written while another is on the wire waits in a one-byte holding register (the
   * 80C196's double buffer; on the 8096BH such a write is a program error, kept harmless here).
   */
  writeBuf(v: number): void {
    if (!this.txBusy) {
      this.txByte = v & 0xff;
      this.txBusy = true;
      this.chip.scheduler.schedule(this.txEv, this.chip.now() + this.charStates());
    } else this.txNext = v & 0xff;
  }

  private txDone(at: number): void {
    this.txBusy = false;
    this.port.transmit(this.txByte);
    if (this.txNext >= 0) {
      this.txByte = this.txNext;
      this.txNext = -1;
      this.txBusy = true;
      this.chip.scheduler.schedule(this.txEv, at + this.charStates());
    }
    // 8096BH: TB8 is cleared after each transmission.
    this.spCon &= ~0x10;
    this.spStat |= 0x20;
    this.chip.raise(INT_SERIAL);
  }

  private canReceive(): boolean {
    return (this.spCon & 0x08) !== 0 && (this.rxTaken || (this.spStat & 0x40) === 0);
  }

  private armReceive(): void {
    if (this.canReceive() && this.port.input.length > 0 && !this.rxEv.scheduled) {
      this.chip.scheduler.schedule(this.rxEv, this.chip.now() + this.charStates());
    }
  }

  private rxDone(): void {
    if (!this.canReceive() || this.port.input.length === 0) return;
    this.rxBuf = this.port.input.shift()!;
    this.rxTaken = false;
    // The 9th bit of modes 2/3 arrives as the stop bit (1); no parity errors on a clean line.
    this.spStat = (this.spStat & ~0x80) | (this.mode >= 2 ? 0x80 : 0) | 0x40;
    this.chip.raise(INT_SERIAL);
  }

  save(): Record<string, unknown> {
    return { spCon: this.spCon, spStat: this.spStat, rxBuf: this.rxBuf, rxTaken: this.rxTaken, baud: this.baud, baudHigh: this.baudHigh, txBusy: this.txBusy, txByte: this.txByte, txNext: this.txNext };
  }
  load(s: Record<string, unknown>): void {
    this.spCon = Number(s.spCon);
    this.spStat = Number(s.spStat);
    this.rxBuf = Number(s.rxBuf);
    this.rxTaken = s.rxTaken === undefined ? true : Boolean(s.rxTaken);
    this.baud = Number(s.baud);
    this.baudHigh = Boolean(s.baudHigh);
    this.txBusy = Boolean(s.txBusy);
    this.txByte = Number(s.txByte);
    this.txNext = Number(s.txNext ?? -1);
  }
}
