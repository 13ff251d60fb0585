/**
 * The serial communication interface (SCI) of the H8/330 family, asynchronous mode, wired to
 * one of the machine's serial ports (`primary` by default). Six byte registers from the base
 * (H'FFD8 on the H8/330):
 *   +0 SMR  bit 7 C/A (sync: not modelled), 6 CHR (7-bit), 5 PE, 4 O/E, 3 STOP (2 stop bits),
 *           2 MP, 1-0 CKS (clock phi/1, /4, /16, /64)
 *   +1 BRR  bit rate N: bit rate = phi / (64 x 4^CKS x (N+1))
 *   +2 SCR  7 TIE, 6 RIE, 5 TE, 4 RE, 3 MPIE, 2 TEIE, 1-0 CKE
 *   +3 TDR  transmit data
 *   +4 SSR  7 TDRE, 6 RDRF, 5 ORER, 4 FER, 3 PER, 2 TEND (read-only), 1 MPB, 0 MPBT.
 *           TDRE, RDRF, ORER, FER and PER are cleared by writing 0 (the manual asks for a read
 *           of 1 first; writing 1 leaves them unchanged). Clearing TDRE clears TEND.
 *   +5 RDR  receive data (read-only)
 * A write of 0 to TDRE with TE set starts transmission: TDR moves to the shift register at
 * once (TDRE is set again, so a second byte may be queued) and the character leaves after its
 * frame time; TEND is set when the shifter empties with TDRE set. A received byte sets RDRF.
 * Scripted input waits while RDRF is set, so no byte is lost to an overrun.
 * Interrupt lines (vector numbers, from options.vector = ERI's, default 27 as on the H8/330):
 * ERI = vector, RXI = vector+1, TXI = vector+2, TEI = vector+3; each is a level that follows
 * its flag and enable bit.
 */
import type { AccessSize } from '../../../src/core/bus.js';
import type { DeviceContext, SerialPort } from '../../../src/core/machine.js';
import { SchedEvent } from '../../../src/core/scheduler.js';
import { BaseDevice } from '../../../src/devices/base.js';

const TIE = 0x80, RIE = 0x40, TE = 0x20, RE = 0x10, TEIE = 0x04;
const TDRE = 0x80, RDRF = 0x40, ORER = 0x20, FER = 0x10, PER = 0x08, TEND = 0x04, MPB = 0x02, MPBT = 0x01;
const CLEARABLE = TDRE | RDRF | ORER | FER | PER;

export class H8Sci extends BaseDevice {
  smr = 0;
  brr = 0xff;
  scr = 0;
  tdr = 0xff;
  ssr = TDRE | TEND;
  rdr = 0;
  /** Byte in the transmit shift register, or -1. */
  private shifting = -1;
  private readonly port: SerialPort;
  private readonly txEv: SchedEvent;
  private readonly rxEv: SchedEvent;
  /** Line levels last reported (ERI, RXI, TXI, TEI). */
  private lines = 0;

  constructor(name: string, ctx: DeviceContext, portName: string, readonly vector: number) {
    super(name, ctx, true);
    this.port = ctx.serial(portName);
    this.txEv = ctx.scheduler.register(new SchedEvent(`${name}.tx`, (at) => this.txDone(at)));
    this.rxEv = ctx.scheduler.register(new SchedEvent(`${name}.rx`, () => this.rxDone()));
    this.port.onInput(() => this.armReceive());
  }

  override reset(): void {
    this.smr = 0;
    this.brr = 0xff;
    this.scr = 0;
    this.tdr = 0xff;
    this.ssr = TDRE | TEND;
    this.rdr = 0;
    this.shifting = -1;
    this.ctx.scheduler.cancel(this.txEv);
    this.ctx.scheduler.cancel(this.rxEv);
    this.updateLines();
  }

  /** CPU clocks per character: frame bits x 64 x 4^CKS x (BRR+1). */
  charCycles(): number {
    const smr = this.smr;
    const bits = 1 + ((smr & 0x40) ? 7 : 8) + ((smr & 0x20) ? 1 : 0) + ((smr & 0x04) ? 1 : 0) + ((smr & 0x08) ? 2 : 1);
    return bits * 64 * 4 ** (smr & 3) * (this.brr + 1);
  }

  read(offset: number, _size: AccessSize): number {
    return this.peek(offset, 1);
  }

  peek(offset: number, _size: AccessSize): number {
    switch (offset) {
      case 0: return this.smr;
      case 1: return this.brr;
      case 2: return this.scr;
      case 3: return this.tdr;
      case 4: return this.ssr;
      case 5: return this.rdr;
      default: return 0xff;
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value & 0xff;
    switch (offset) {
      case 0: this.smr = v; break;
      case 1: this.brr = v; break;
      case 2: {
        const was = this.scr;
        this.scr = v;
        // TE cleared: the transmitter is idle with TDRE set (manual: TE=0 sets TDRE).
        if ((v & TE) === 0) this.ssr |= TDRE;
        if ((v & RE) !== 0 && (was & RE) === 0) this.armReceive();
        break;
      }
      case 3: this.tdr = v; break;
      case 4: {
        const cleared = this.ssr & CLEARABLE & ~v;
        this.ssr = (this.ssr & ~(cleared | MPBT)) | (v & MPBT);
        if (cleared & TDRE) {
          this.ssr &= ~TEND;
          this.startTransmit();
        }
        if (cleared & RDRF) this.armReceive();
        break;
      }
      default: break;
    }
    this.updateLines();
  }

  private startTransmit(): void {
    if ((this.scr & TE) === 0 || this.shifting >= 0 || (this.ssr & TDRE) !== 0) return;
    this.shifting = this.tdr;
    this.ssr |= TDRE;
    this.ctx.scheduler.schedule(this.txEv, this.ctx.now() + this.charCycles());
  }

  private txDone(at: number): void {
    this.port.transmit(this.shifting);
    this.shifting = -1;
    if ((this.ssr & TDRE) === 0 && (this.scr & TE) !== 0) {
      this.shifting = this.tdr;
      this.ssr |= TDRE;
      this.ctx.scheduler.schedule(this.txEv, at + this.charCycles());
    } else this.ssr |= TEND;
    this.updateLines();
  }

  private armReceive(): void {
    if ((this.scr & RE) !== 0 && (this.ssr & RDRF) === 0 && this.port.input.length > 0 && !this.rxEv.scheduled) {
      this.ctx.scheduler.schedule(this.rxEv, this.ctx.now() + this.charCycles());
    }
  }

  private rxDone(): void {
    if ((this.scr & RE) === 0 || (this.ssr & RDRF) !== 0 || this.port.input.length === 0) return;
    this.rdr = this.port.input.shift()!;
    this.ssr = (this.ssr & ~MPB) | RDRF;
    this.updateLines();
  }

  private updateLines(): void {
    const scr = this.scr;
    const ssr = this.ssr;
    const want = ((scr & RIE) && (ssr & (ORER | FER | PER)) ? 1 : 0)
      | ((scr & RIE) && (ssr & RDRF) ? 2 : 0)
      | ((scr & TIE) && (ssr & TDRE) ? 4 : 0)
      | ((scr & TEIE) && (ssr & TEND) ? 8 : 0);
    const diff = want ^ this.lines;
    if (diff === 0) return;
    this.lines = want;
    for (let i = 0; i < 4; i++) {
      if (diff & (1 << i)) this.ctx.irq(this.vector + i, (want & (1 << i)) !== 0, `${this.name}.${['eri', 'rxi', 'txi', 'tei'][i]}`);
    }
  }

  saveState(): Record<string, unknown> {
    return { smr: this.smr, brr: this.brr, scr: this.scr, tdr: this.tdr, ssr: this.ssr, rdr: this.rdr, shifting: this.shifting, lines: this.lines };
  }

  loadState(s: Record<string, unknown>): void {
    this.smr = Number(s.smr);
    this.brr = Number(s.brr);
    this.scr = Number(s.scr);
    this.tdr = Number(s.tdr);
    this.ssr = Number(s.ssr);
    this.rdr = Number(s.rdr);
    this.shifting = Number(s.shifting);
    this.lines = Number(s.lines);
  }
}
