/**
 * Motorola M68HC11 core (the CPU of the MC68HC11A8/E9 family).
 *
 * Registers: A, B (D = A:B), X, Y, SP, PC, CCR = S X H I N Z V C. The bus is big-endian,
 * 16-bit addresses; a 16-bit access at $FFFF wraps to $0000. The on-chip register block,
 * RAM placement (INIT) and the peripherals are bus devices (peripherals/, device type
 * `m68hc11-regs`); the core only sees interrupt lines.
 *
 * Interrupt lines for `setIrq(line)` (levels; the machine ORs its sources per line), in
 * priority order after XIRQ:
 *    0  IRQ pin          vector $FFF2   masked by I
 *    1  XIRQ pin         vector $FFF4   masked by X (non-maskable once X is cleared)
 *    2  RTI    $FFF0     3  IC1  $FFEE     4  IC2  $FFEC     5  IC3  $FFEA
 *    6  OC1    $FFE8     7  OC2  $FFE6     8  OC3  $FFE4     9  OC4  $FFE2
 *   10  OC5/IC4 $FFE0   11  TOF  $FFDE    12  PAOVF $FFDC  13  PAIF $FFDA
 *   14  SPI    $FFD8    15  SCI  $FFD6
 * i.e. line n >= 2 vectors through $FFF4 - 2n. XIRQ is taken first when X is clear; otherwise
 * the lowest-numbered asserted line is taken when I is clear (the reset priority of the
 * manual's table; HPRIO's PSEL promotion is not modelled). Entry stacks PC, Y, X, A, B, CCR
 * (9 bytes, CCR at the lowest address), sets I (and X for XIRQ) and loads the vector:
 * 14 E cycles, or 2 (the vector fetch) when WAI has stacked already: WAI is 12 + n + 2.
 *
 * WAI stacks the registers and idles (run() hands the machine the rest of the budget and
 * counts it in machine.idleCycles) until an unmasked interrupt. STOP with S set is a NOP;
 * with S clear the CPU idles until IRQ (I clear: serviced), XIRQ (X clear: serviced; X set:
 * execution resumes after STOP), or reset; the other lines do not wake it. The peripherals
 * keep their event schedule while stopped (the chip's clocks would stop).
 * Illegal opcodes (including TEST, which only runs in test modes) stack the address of the
 * opcode's first byte (its prebyte when it has one) and trap through $FFF8.
 */
import type { Bus } from '../../src/core/bus.js';
import {
  ATTN_CORE, ATTN_IRQ, ATTN_STOP, CpuBase, type CpuInfo, type DisasmOptions, type DisasmResult, type PeekFn,
} from '../../src/core/cpu.js';
import type { Machine } from '../../src/core/machine.js';
import { buildDispatch, F_I, F_S, F_X, loadCcr, type Handler } from './execute.js';
import { disassemble } from './disasm.js';
import { registerM68hc11Devices } from './peripherals/index.js';

export const VEC_RESET = 0xfffe;
export const VEC_ILLEGAL = 0xfff8;
export const VEC_SWI = 0xfff6;
export const VEC_XIRQ = 0xfff4;
export const VEC_IRQ = 0xfff2;
export const LINE_IRQ = 0;
export const LINE_XIRQ = 1;

/** Vector of an interrupt line (see the header). */
export function lineVector(line: number): number {
  if (line === LINE_IRQ) return VEC_IRQ;
  if (line === LINE_XIRQ) return VEC_XIRQ;
  return VEC_XIRQ - 2 * line;
}

const IRQ_CYCLES = 14;
/** After WAI the registers are stacked already: only the vector fetch (MC68HC11A8 Table 10-1). */
const IRQ_AFTER_WAI_CYCLES = 2;
const ILLEGAL_CYCLES = 14;

/** `waiting` values. */
const RUNNING = 0;
const WAI = 1;
const STOPPED = 2;

const INFO: CpuInfo = {
  id: 'm68hc11', name: 'Motorola 68HC11', bigEndian: true, addrBits: 16,
  registers: [
    { name: 'A', bits: 8 },
    { name: 'B', bits: 8 },
    { name: 'D', bits: 16 },
    { name: 'X', bits: 16 },
    { name: 'Y', bits: 16 },
    { name: 'SP', bits: 16 },
    { name: 'PC', bits: 16 },
    { name: 'CCR', bits: 8, flags: 'SXHINZVC' },
  ],
  sp: 'SP', stackWidth: 1,
};

export class M68HC11 extends CpuBase {
  readonly info = INFO;
  a = 0;
  b = 0;
  x = 0;
  y = 0;
  sp = 0;
  pcr = 0;
  ccr = F_S | F_X | F_I;
  /** E cycles of the instruction in progress. */
  cyc = 0;
  /** Asserted interrupt lines (bit n = line n). */
  irqLines = 0;
  /** RUNNING, WAI (registers stacked, waiting) or STOPPED. */
  waiting = RUNNING;
  /** CLI/TAP just cleared I: the next instruction runs before an I-maskable interrupt. */
  iDelay = false;
  readonly exec: Handler[];
  readonly cycles: Uint8Array;
  private readonly machine: Machine | null;
  private readonly rdPages: Int32Array;
  private readonly wrPages: Int32Array;
  private mem: Uint8Array;
  private readonly pageBits: number;
  private readonly pageMask: number;

  constructor(bus: Bus, machine: Machine | null) {
    super(bus);
    this.machine = machine;
    const d = buildDispatch();
    this.exec = d.exec;
    this.cycles = d.tables.cycles;
    this.rdPages = bus.rd;
    this.wrPages = bus.wr;
    this.mem = bus.mem;
    this.pageBits = bus.pageBits;
    this.pageMask = bus.pageMask;
  }

  get pc(): number { return this.pcr; }
  set pc(v: number) { this.pcr = v & 0xffff; }

  reset(): void {
    this.ccr = F_S | F_X | F_I;
    this.waiting = RUNNING;
    this.iDelay = false;
    this.halted = null;
    this.attention &= ~ATTN_CORE;
    if (this.irqLines !== 0) this.attention |= ATTN_IRQ;
    this.mem = this.bus.mem;
    this.pcr = this.rd16(VEC_RESET);
  }

  // ---- memory ---------------------------------------------------------------------------------

  rd8(a: number): number {
    const p = this.rdPages[a >>> this.pageBits];
    return p >= 0 ? this.mem[p + (a & this.pageMask)] : this.bus.slowRead(a, 1);
  }
  wr8(a: number, v: number): void {
    const p = this.wrPages[a >>> this.pageBits];
    if (p >= 0) this.mem[p + (a & this.pageMask)] = v;
    else this.bus.slowWrite(a, 1, v & 0xff);
  }
  /** Big-endian word; the second byte wraps at $FFFF. */
  rd16(a: number): number {
    return (this.rd8(a) << 8) | this.rd8((a + 1) & 0xffff);
  }
  wr16(a: number, v: number): void {
    this.wr8(a, v >> 8);
    this.wr8((a + 1) & 0xffff, v & 0xff);
  }
  fetch8(): number {
    const pc = this.pcr;
    this.pcr = (pc + 1) & 0xffff;
    const p = this.rdPages[pc >>> this.pageBits];
    return p >= 0 ? this.mem[p + (pc & this.pageMask)] : this.bus.slowRead(pc, 1);
  }
  fetch16(): number {
    const hi = this.fetch8();
    return (hi << 8) | this.fetch8();
  }
  /** The HC11 SP points at the next free byte: write, then decrement. */
  push8(v: number): void {
    this.wr8(this.sp, v);
    this.sp = (this.sp - 1) & 0xffff;
  }
  pull8(): number {
    this.sp = (this.sp + 1) & 0xffff;
    return this.rd8(this.sp);
  }
  push16(v: number): void {
    this.push8(v & 0xff);
    this.push8(v >> 8);
  }
  pull16(): number {
    const hi = this.pull8();
    return (hi << 8) | this.pull8();
  }

  /** Interrupt/SWI frame: PCL PCH YL YH XL XH A B CCR (CCR ends at the lowest address). */
  stackAll(): void {
    this.push16(this.pcr);
    this.push16(this.y);
    this.push16(this.x);
    this.push8(this.a);
    this.push8(this.b);
    this.push8(this.ccr);
  }

  // ---- interrupts ---------------------------------------------------------------------------

  setIrq(line: number, asserted: boolean): void {
    if (line < 0 || line > 15) return;
    if (asserted) this.irqLines |= 1 << line;
    else this.irqLines &= ~(1 << line);
    this.attention |= ATTN_IRQ;
  }

  /** CLI, TAP, RTI: a mask bit may have cleared while a line is asserted. */
  maskChanged(): void {
    if (this.irqLines !== 0) this.attention |= ATTN_IRQ;
  }

  /**
   * CLI and TAP clearing I: "one E-clock cycle delay in the clearing mechanism for the I bit",
   * so the instruction after them always runs before a pending maskable interrupt (RM, CLI).
   */
  iCleared(before: number): void {
    if ((before & F_I) !== 0 && (this.ccr & F_I) === 0) {
      this.iDelay = true;
      this.attention |= ATTN_IRQ; // the next boundary ends the delay
    }
    this.maskChanged();
  }

  /** Take the highest-priority deliverable interrupt; returns the cycles used (0: none). */
  private pollInterrupts(): number {
    const lines = this.irqLines;
    const ccr = this.ccr;
    const delay = this.iDelay;
    this.iDelay = false;
    let vector: number;
    let mask: number;
    if ((lines & (1 << LINE_XIRQ)) !== 0 && (ccr & F_X) === 0) {
      vector = VEC_XIRQ;
      mask = F_X | F_I;
    } else if ((lines & ~(1 << LINE_XIRQ)) !== 0 && (ccr & F_I) === 0
      && (this.waiting !== STOPPED || (lines & (1 << LINE_IRQ)) !== 0)) {
      // Leave ATTN_IRQ set: the lines are looked at again after the next instruction.
      if (delay) return 0;
      const rest = lines & ~(1 << LINE_XIRQ);
      const line = 31 - Math.clz32(rest & -rest);
      vector = lineVector(line);
      mask = F_I;
    } else {
      if (this.waiting === STOPPED && (lines & (1 << LINE_XIRQ)) !== 0) {
        // XIRQ while X is set: the STOP-continue mechanism, no interrupt.
        this.wake();
      }
      this.attention &= ~ATTN_IRQ;
      return 0;
    }
    let n = IRQ_CYCLES;
    if (this.waiting === WAI) n = IRQ_AFTER_WAI_CYCLES;
    else this.stackAll();
    this.wake();
    this.ccr |= mask;
    this.pcr = this.rd16(vector);
    return n;
  }

  wait(): void {
    this.stackAll();
    this.waiting = WAI;
    this.attention |= ATTN_CORE | ATTN_IRQ;
  }

  stop(): void {
    if (this.ccr & F_S) return;
    this.waiting = STOPPED;
    this.attention |= ATTN_CORE | ATTN_IRQ;
  }

  private wake(): void {
    this.waiting = RUNNING;
    this.attention &= ~ATTN_CORE;
  }

  /** Illegal opcode trap: the stacked PC is the opcode's first byte (prebyte included). */
  illegalOpcode(): void {
    this.pcr = this.insnPc;
    this.cyc = ILLEGAL_CYCLES;
    this.stackAll();
    this.ccr |= F_I;
    this.pcr = this.rd16(VEC_ILLEGAL);
  }

  // ---- the loop -----------------------------------------------------------------------------

  run(budget: number): number {
    let used = 0;
    /** Instructions not yet added to this.instructions (flushed before service code runs). */
    let count = 0;
    const exec = this.exec;
    const cycles = this.cycles;
    const rdPages = this.rdPages;
    const pageBits = this.pageBits;
    const pageMask = this.pageMask;
    const mem = (this.mem = this.bus.mem);
    while (used < budget) {
      if (this.attention !== 0) {
        this.instructions += count;
        count = 0;
        this.insnPc = this.pcr;
        this.sliceCycles = used;
        if (this.attention & ATTN_IRQ) {
          const n = this.pollInterrupts();
          if (n > 0) {
            used += n;
            continue;
          }
        }
        if (this.waiting !== RUNNING) {
          if ((this.attention & ATTN_STOP) !== 0 && this.serviceCommon(this.pcr)) break;
          if (this.machine) this.machine.idleCycles += budget - used;
          used = budget;
          break;
        }
        if ((this.attention & ~(ATTN_IRQ | ATTN_CORE)) !== 0 && this.serviceCommon(this.pcr)) break;
        if (this.halted) break;
      }
      const pc = this.pcr;
      this.insnPc = pc;
      this.sliceCycles = used;
      this.pcr = (pc + 1) & 0xffff;
      const page = rdPages[pc >>> pageBits];
      const op = page >= 0 ? mem[page + (pc & pageMask)] : this.bus.slowRead(pc, 1);
      this.cyc = cycles[op];
      exec[op](this);
      used += this.cyc;
      count++;
    }
    this.instructions += count;
    this.sliceCycles = used;
    return used;
  }

  // ---- registers, disassembly, state --------------------------------------------------------

  getReg(name: string): number {
    switch (name.toUpperCase()) {
      case 'A': return this.a;
      case 'B': return this.b;
      case 'D': return (this.a << 8) | this.b;
      case 'X': return this.x;
      case 'Y': return this.y;
      case 'SP': return this.sp;
      case 'PC': return this.pcr;
      case 'CCR': return this.ccr;
      default: throw new Error(`m68hc11: unknown register ${name}`);
    }
  }

  /** Sets any CCR value (a debugger or test may set X, unlike TAP). */
  setReg(name: string, value: number): void {
    switch (name.toUpperCase()) {
      case 'A': this.a = value & 0xff; break;
      case 'B': this.b = value & 0xff; break;
      case 'D': this.a = (value >> 8) & 0xff; this.b = value & 0xff; break;
      case 'X': this.x = value & 0xffff; break;
      case 'Y': this.y = value & 0xffff; break;
      case 'SP': this.sp = value & 0xffff; break;
      case 'PC': this.pcr = value & 0xffff; break;
      case 'CCR': this.ccr = value & 0xff; this.maskChanged(); break;
      default: throw new Error(`m68hc11: unknown register ${name}`);
    }
  }

  disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult {
    return disassemble(addr, peek, opts);
  }

  saveState(): Record<string, unknown> {
    return {
      ...this.saveCommon(),
      a: this.a, b: this.b, x: this.x, y: this.y, sp: this.sp, pc: this.pcr, ccr: this.ccr,
      irqLines: this.irqLines, waiting: this.waiting, iDelay: this.iDelay,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.loadCommon(s);
    this.a = Number(s.a) & 0xff;
    this.b = Number(s.b) & 0xff;
    this.x = Number(s.x) & 0xffff;
    this.y = Number(s.y) & 0xffff;
    this.sp = Number(s.sp) & 0xffff;
    this.pcr = Number(s.pc) & 0xffff;
    this.ccr = Number(s.ccr) & 0xff;
    this.irqLines = Number(s.irqLines ?? 0);
    this.waiting = Number(s.waiting ?? 0);
    this.iDelay = Boolean(s.iDelay);
    this.attention |= ATTN_IRQ;
    if (this.waiting !== RUNNING) this.attention |= ATTN_CORE;
    else this.attention &= ~ATTN_CORE;
  }
}

export { loadCcr };

export function createCpu(bus: Bus, machine: Machine | null, _variant: string): M68HC11 {
  registerM68hc11Devices();
  return new M68HC11(bus, machine);
}
