/**
 * The 68HC11 SCI (asynchronous serial port, M68HC11 Reference Manual section 9), wired to a
 * machine serial port.
 *
 *   2B BAUD   TCLR - SCP1 SCP0 RCKB SCR2 SCR1 SCR0   bit time = 16 x (1,3,4,13)[SCP] x 2^SCR E cycles
 *   2C SCCR1  R8 T8 - M WAKE - - -                    M: 9 data bits (11-bit frames)
 *   2D SCCR2  TIE TCIE RIE ILIE TE RE RWU SBK
 *   2E SCSR   TDRE TC RDRF IDLE OR NF FE -            read only
 *   2F SCDR   read: receive data register; write: transmit data register
 *
 * Transmit: the transmit data register is double buffered. A byte written while the shifter is
 * idle moves to the shifter at once (TDRE stays 1, TC goes 0) and reaches the serial port one
 * frame time later; a byte written while the shifter is busy waits in the data register
 * (TDRE 0). TC sets when the shifter runs dry. Writing SCDR is the whole clearing sequence
 * (the SCSR read the manual asks for first is not checked).
 * Receive (RE set): queued input bytes arrive one frame time apart; a byte waits in the port's
 * queue while RDRF is set, so scripted input is never lost (OR is never set). Reading SCDR
 * clears RDRF. IDLE, NF, FE, wake-up and break are not modelled.
 * The SCI interrupt (line 15) is (TIE & TDRE) | (TCIE & TC) | (RIE & RDRF).
 */
import { SchedEvent } from '../../../src/core/scheduler.js';
import type { DeviceContext, SerialPort } from '../../../src/core/machine.js';

export const LINE_SCI = 15;
const SCP = [1, 3, 4, 13];

const TDRE = 0x80;
const TC = 0x40;
const RDRF = 0x20;
const TIE = 0x80;
const TCIE = 0x40;
const RIE = 0x20;
const RE = 0x04;

export class Hc11Sci {
  baud = 0;
  sccr1 = 0;
  sccr2 = 0;
  scsr = TDRE | TC;
  rdr = 0;
  tdr = 0;
  shifter = 0;
  shifting = false;
  private readonly port: SerialPort;
  private readonly txEvent: SchedEvent;
  private readonly rxEvent: SchedEvent;

  constructor(name: string, private readonly ctx: DeviceContext, portName: string) {
    this.port = ctx.serial(portName);
    this.txEvent = ctx.scheduler.register(new SchedEvent(`${name}.sci-tx`, (at) => this.txDone(at)));
    this.rxEvent = ctx.scheduler.register(new SchedEvent(`${name}.sci-rx`, () => this.receive()));
    this.port.onInput(() => this.armReceive());
  }

  /** E cycles per frame (start + 8 or 9 data + stop bits). */
  frameCycles(): number {
    const bit = 16 * SCP[(this.baud >> 4) & 3] * (1 << (this.baud & 7));
    return bit * ((this.sccr1 & 0x10) !== 0 ? 11 : 10);
  }

  reset(): void {
    this.baud = 0; this.sccr1 = 0; this.sccr2 = 0; this.scsr = TDRE | TC;
    this.rdr = 0; this.tdr = 0; this.shifter = 0; this.shifting = false;
    this.ctx.scheduler.cancel(this.txEvent);
    this.ctx.scheduler.cancel(this.rxEvent);
    this.update();
  }

  private armReceive(): void {
    if ((this.sccr2 & RE) !== 0 && (this.scsr & RDRF) === 0 && this.port.input.length > 0 && !this.rxEvent.scheduled) {
      this.ctx.scheduler.schedule(this.rxEvent, this.ctx.now() + this.frameCycles());
    }
  }

  private receive(): void {
    if ((this.sccr2 & RE) === 0 || (this.scsr & RDRF) !== 0 || this.port.input.length === 0) return;
    this.rdr = this.port.input.shift()!;
    this.scsr |= RDRF;
    this.update();
  }

  private startShift(byte: number, now: number): void {
    this.shifter = byte;
    this.shifting = true;
    this.scsr &= ~TC;
    this.ctx.scheduler.schedule(this.txEvent, now + this.frameCycles());
  }

  private txDone(at: number): void {
    this.port.transmit(this.shifter);
    if ((this.scsr & TDRE) === 0) {
      this.scsr |= TDRE;
      this.startShift(this.tdr, at);
    } else {
      this.shifting = false;
      this.scsr |= TC;
    }
    this.update();
  }

  update(): void {
    const s = this.scsr;
    const c = this.sccr2;
    const want = ((c & TIE) !== 0 && (s & TDRE) !== 0) || ((c & TCIE) !== 0 && (s & TC) !== 0) || ((c & RIE) !== 0 && (s & RDRF) !== 0);
    this.ctx.irq(LINE_SCI, want, 'sci');
  }

  read(off: number): number {
    switch (off) {
      case 0x2b: return this.baud;
      case 0x2c: return this.sccr1;
      case 0x2d: return this.sccr2;
      case 0x2e: return this.scsr;
      case 0x2f: {
        const v = this.rdr;
        if (this.scsr & RDRF) {
          this.scsr &= ~RDRF;
          this.update();
          this.armReceive();
        }
        return v;
      }
    }
    return 0;
  }

  peek(off: number): number {
    switch (off) {
      case 0x2b: return this.baud;
      case 0x2c: return this.sccr1;
      case 0x2d: return this.sccr2;
      case 0x2e: return this.scsr;
      case 0x2f: return this.rdr;
    }
    return 0;
  }

  write(off: number, v: number, now: number): void {
    switch (off) {
      case 0x2b: this.baud = v; return;
      case 0x2c: this.sccr1 = v; return;
      case 0x2d:
        this.sccr2 = v;
        this.update();
        this.armReceive();
        return;
      case 0x2f:
        if ((this.sccr2 & 0x08) === 0) return; // TE clear: the transmitter is off
        if (!this.shifting) this.startShift(v, now);
        else {
          this.tdr = v;
          this.scsr &= ~TDRE;
        }
        this.update();
        return;
    }
  }

  saveState(): Record<string, unknown> {
    return {
      baud: this.baud, sccr1: this.sccr1, sccr2: this.sccr2, scsr: this.scsr,
      rdr: this.rdr, tdr: this.tdr, shifter: this.shifter, shifting: this.shifting,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.baud = Number(s.baud); this.sccr1 = Number(s.sccr1); this.sccr2 = Number(s.sccr2); this.scsr = Number(s.scsr);
    this.rdr = Number(s.rdr); this.tdr = Number(s.tdr); this.shifter = Number(s.shifter); this.shifting = Boolean(s.shifting);
  }
}
