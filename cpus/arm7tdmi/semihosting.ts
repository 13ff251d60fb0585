/**
 * ARM Angel semihosting ("ARM Developer Suite Debug Target Guide", chapter 5; the ARM
 * "Semihosting for AArch32 and AArch64" specification): `SWI 0x123456` in ARM state and
 * `SWI 0xAB` in Thumb state, operation number in r0, parameter (or parameter block address) in r1,
 * result in r0. The call is handled by the emulator instead of taking the SWI exception.
 *
 * Console I/O goes to the machine's primary serial port. Time is virtual: SYS_CLOCK and
 * SYS_TIME count from the start of the run using machine.now() / clockHz.
 * SYS_READC and SYS_READ on the console wait (the SWI is executed again) until input arrives.
 */
import type { Machine } from '../../src/core/machine.js';
import type { Arm7tdmi } from './index.js';

export const SYS_OPEN = 0x01;
export const SYS_CLOSE = 0x02;
export const SYS_WRITEC = 0x03;
export const SYS_WRITE0 = 0x04;
export const SYS_WRITE = 0x05;
export const SYS_READ = 0x06;
export const SYS_READC = 0x07;
export const SYS_ISERROR = 0x08;
export const SYS_ISTTY = 0x09;
export const SYS_SEEK = 0x0a;
export const SYS_FLEN = 0x0c;
export const SYS_CLOCK = 0x10;
export const SYS_TIME = 0x11;
export const SYS_ERRNO = 0x13;
export const SYS_GET_CMDLINE = 0x15;
export const SYS_HEAPINFO = 0x16;
export const SYS_EXIT = 0x18;
export const SYS_EXIT_EXTENDED = 0x20;
export const ADP_STOPPED_APPLICATION_EXIT = 0x20026;

/** Handle returned for ":tt" (the console); every open file is the console here. */
const CONSOLE_HANDLE = 1;

export class Semihosting {
  private readonly unknownLogged = new Set<number>();
  constructor(private readonly machine: Machine | null) {}

  /** Handle the semihosting SWI. Returns true (the SWI exception is not taken). */
  call(c: Arm7tdmi): boolean {
    const r = c.r;
    const opn = r[0] >>> 0;
    const arg = r[1];
    const bus = c.bus;
    const m = this.machine;
    const word = (i: number): number => bus.read32((arg + 4 * i) & ~3) | 0;
    switch (opn) {
      case SYS_WRITEC:
        this.out(bus.read8(arg));
        return true;
      case SYS_WRITE0: {
        for (let a = arg, n = 0; n < 1 << 20; a = (a + 1) | 0, n++) {
          const b = bus.read8(a);
          if (b === 0) break;
          this.out(b);
        }
        return true;
      }
      case SYS_WRITE: {
        const buf = word(1);
        const len = word(2);
        for (let i = 0; i < len; i++) this.out(bus.read8((buf + i) | 0));
        r[0] = 0; // bytes not written
        return true;
      }
      case SYS_READC: {
        const input = m?.serial().input;
        if (!input || input.length === 0) {
          c.next = c.insnPc | 0; // wait for input: execute the SWI again, idle until the slice ends
          c.idleBranch();
          return true;
        }
        r[0] = input.shift() as number;
        return true;
      }
      case SYS_READ: {
        const buf = word(1);
        const len = word(2);
        const input = m?.serial().input;
        if (len > 0 && (!input || input.length === 0)) {
          c.next = c.insnPc | 0;
          c.idleBranch();
          return true;
        }
        let n = 0;
        while (input && n < len && input.length > 0) {
          const b = input.shift() as number;
          bus.write8((buf + n) | 0, b);
          n++;
          if (b === 10) break;
        }
        r[0] = len - n;
        return true;
      }
      case SYS_OPEN:
        r[0] = CONSOLE_HANDLE;
        return true;
      case SYS_CLOSE:
      case SYS_SEEK:
      case SYS_ERRNO:
      case SYS_ISERROR:
        r[0] = 0;
        return true;
      case SYS_ISTTY:
        r[0] = 1;
        return true;
      case SYS_FLEN:
        r[0] = -1;
        return true;
      case SYS_CLOCK:
        r[0] = m ? Math.floor((m.now() * 100) / m.clockHz) | 0 : 0;
        return true;
      case SYS_TIME:
        r[0] = m ? Math.floor(m.now() / m.clockHz) | 0 : 0;
        return true;
      case SYS_GET_CMDLINE: {
        // Block: [buffer, length]; return an empty command line.
        const buf = word(0);
        if (word(1) > 0) bus.write8(buf, 0);
        bus.write32((arg + 4) & ~3, 0);
        r[0] = 0;
        return true;
      }
      case SYS_HEAPINFO: {
        // Block pointer at [r1]: four words (heap base, limit, stack base, limit); 0 = unknown.
        const block = word(0);
        for (let i = 0; i < 4; i++) bus.write32((block + 4 * i) & ~3, 0);
        return true;
      }
      case SYS_EXIT: {
        // AArch32: r1 is the reason. ApplicationExit is success; a small number is taken as
        // the status (hand-written tests); any other reason is a failure.
        const reason = arg >>> 0;
        const code = reason === ADP_STOPPED_APPLICATION_EXIT ? 0 : reason < 256 ? reason : 1;
        this.exit(c, code);
        return true;
      }
      case SYS_EXIT_EXTENDED: {
        const reason = word(0) >>> 0;
        this.exit(c, reason === ADP_STOPPED_APPLICATION_EXIT ? word(1) : 1);
        return true;
      }
      default:
        if (!this.unknownLogged.has(opn)) {
          this.unknownLogged.add(opn);
          m?.log(`semihosting: operation 0x${opn.toString(16)} not supported (PC=0x${(c.insnPc >>> 0).toString(16)})`);
        }
        r[0] = -1;
        return true;
    }
  }

  private out(b: number): void {
    this.machine?.serial().transmit(b & 0xff);
  }

  private exit(c: Arm7tdmi, code: number): void {
    if (this.machine) this.machine.stop({ kind: 'exit', code, pc: c.insnPc >>> 0 });
    else c.attention |= 1;
  }
}
