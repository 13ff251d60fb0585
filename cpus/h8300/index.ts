/**
 * Hitachi H8/300 core (the 16-bit H8/300 of the H8/3xx single-chip parts, not the H8/300H).
 *
 * Programming model: eight 16-bit registers R0-R7 (R7 is the stack pointer), each also two
 * byte registers RnH/RnL; a 16-bit PC; the CCR (I UI H U N Z V C). The bus is big-endian and
 * 16 bits wide (BusBE, addrBits 16); a word access at an odd address uses the even address
 * below it. `@aa:8` addresses H'FF00-H'FFFF, where the H8/3xx parts keep their on-chip
 * registers (H'FF88-H'FFFF): a board puts its on-chip peripherals there.
 *
 * Exceptions (manual section "Exception handling"): the reset vector is the word at H'0000.
 * An interrupt pushes PC, then the CCR as a word (CCR in both bytes; RTE takes the upper
 * byte), sets I and jumps through the word at 2 x vector number. Interrupts are taken between
 * instructions, never right after LDC/ANDC/ORC/XORC.
 *
 * Interrupt lines for `setIrq(line)`: the line number is the vector number of the H8/3xx
 * vector table, so a board wires each on-chip or external source to its own vector:
 *   3 NMI (edge-triggered, not masked by I), 4-11 IRQ0-IRQ7, 12 and up the on-chip sources of
 *   the part (H8/330: 12-18 FRT ICIA-FOVI, 19-21 TMR0 CMI0A/CMI0B/OVI0, 22-24 TMR1,
 *   27-30 SCI ERI/RXI/TXI/TEI ...).
 * Lines 4 and up are level-sensitive and masked by CCR.I; when several are asserted the lowest
 * vector number wins (the H8/300's fixed priority order). The source must drop its line when
 * the handler clears the cause (as on the real parts, where the flag stays set until cleared).
 *
 * SLEEP halts instruction execution until an interrupt is accepted; run() then gives the rest
 * of its budget to the machine as idle time. Cycles are states (one state = one system clock).
 */
import type { Bus } from '../../src/core/bus.js';
import {
  ATTN_CORE, ATTN_IRQ, ATTN_STOP, CpuBase, arr, type CpuInfo, type DisasmOptions, type DisasmResult, type PeekFn,
} from '../../src/core/cpu.js';
import type { Machine } from '../../src/core/machine.js';
import { BI, F_I, standardDispatch, type Handler } from './execute.js';
import { disassemble } from './disasm.js';
import { registerH8300Devices } from './peripherals/index.js';

/** States of the interrupt exception sequence (stack PC and CCR, fetch the vector). */
export const IRQ_STATES = 14;
export const VEC_NMI = 3;
/** Highest vector number an H8/300 part uses (the table ends before H'0080 on all of them). */
export const MAX_VECTOR = 63;

const INFO: CpuInfo = {
  id: 'h8300', name: 'Hitachi H8/300', bigEndian: true, addrBits: 16,
  registers: [
    { name: 'R0', bits: 16 }, { name: 'R1', bits: 16 }, { name: 'R2', bits: 16 }, { name: 'R3', bits: 16 },
    { name: 'R4', bits: 16 }, { name: 'R5', bits: 16 }, { name: 'R6', bits: 16 }, { name: 'R7', bits: 16 },
    { name: 'PC', bits: 16 },
    { name: 'CCR', bits: 8, flags: 'IUHUNZVC' },
  ],
  sp: 'R7', stackWidth: 2,
};

export class H8300 extends CpuBase {
  readonly info = INFO;
  /** Word registers R0-R7; `b` views the same bytes (index with execute.ts `BI`). */
  readonly r = new Uint16Array(8);
  readonly b = new Uint8Array(this.r.buffer);
  pcr = 0;
  ccr = F_I;
  /** States of the instruction in progress (handlers add their extras). */
  cyc = 0;
  /** Second word of a 32-bit form (7Bxx, 7Cxx-7Fxx), set by the dispatch trampoline. */
  op2 = 0;
  /** SLEEP: no instructions until an interrupt is accepted. */
  sleeping = false;
  /** The previous instruction was LDC/ANDC/ORC/XORC: no interrupt before the next one. */
  irqInhibit = false;
  /** Levels of lines 0-31 and 32-63. */
  private linesLo = 0;
  private linesHi = 0;
  /** An NMI edge was seen and not yet taken. */
  nmiPending = false;
  private readonly exec: Handler[];
  private readonly states: Uint8Array;
  private readonly machine: Machine | null;
  private readonly rdPages: Int32Array;
  private mem: Uint8Array;
  private readonly pageBits: number;
  private readonly pageMask: number;

  constructor(bus: Bus, machine: Machine | null) {
    super(bus);
    if (!bus.bigEndian) throw new Error('h8300: the bus must be big-endian');
    this.machine = machine;
    this.rdPages = bus.rd;
    this.mem = bus.mem;
    this.pageBits = bus.pageBits;
    this.pageMask = bus.pageMask;
    const d = standardDispatch();
    this.exec = d.exec;
    this.states = d.states;
  }

  get pc(): number { return this.pcr; }
  set pc(v: number) { this.pcr = v & 0xfffe; }

  reset(): void {
    this.ccr = (this.ccr | F_I) & 0xff;
    this.sleeping = false;
    this.irqInhibit = false;
    this.nmiPending = false;
    this.halted = null;
    this.attention &= ~ATTN_CORE;
    this.attention |= ATTN_IRQ;
    this.pcr = this.bus.peek16(0) & 0xfffe;
  }

  // ---- memory -------------------------------------------------------------------------------

  read8(a: number): number { return this.bus.read8(a); }
  write8(a: number, v: number): void { this.bus.write8(a, v); }
  read16(a: number): number { return this.bus.read16(a & 0xfffe); }
  write16(a: number, v: number): void { this.bus.write16(a & 0xfffe, v); }

  /** The word at PC (an immediate, address or displacement); PC advances by 2. */
  fetch16(): number {
    const pc = this.pcr;
    this.pcr = (pc + 2) & 0xffff;
    const p = this.rdPages[pc >>> this.pageBits];
    const o = pc & this.pageMask;
    if (p >= 0 && o < this.pageMask) {
      const m = this.mem;
      return (m[p + o] << 8) | m[p + o + 1];
    }
    return this.bus.read16(pc & 0xfffe);
  }

  push16(v: number): void {
    const sp = (this.r[7] - 2) & 0xffff;
    this.r[7] = sp;
    this.write16(sp, v);
  }

  pop16(): number {
    const sp = this.r[7];
    const v = this.read16(sp);
    this.r[7] = sp + 2;
    return v;
  }

  // ---- interrupts ---------------------------------------------------------------------------

  setIrq(line: number, asserted: boolean): void {
    if (line < 0 || line > MAX_VECTOR) return;
    if (line === VEC_NMI) {
      const was = (this.linesLo & (1 << VEC_NMI)) !== 0;
      if (asserted && !was) this.nmiPending = true;
    }
    if (line < 32) {
      if (asserted) this.linesLo |= 1 << line;
      else this.linesLo &= ~(1 << line);
    } else if (asserted) this.linesHi |= 1 << (line - 32);
    else this.linesHi &= ~(1 << (line - 32));
    this.attention |= ATTN_IRQ;
  }

  /** LDC/ANDC/ORC/XORC changed the CCR: re-evaluate interrupts after the next instruction. */
  maskChanged(): void {
    this.irqInhibit = true;
    this.attention |= ATTN_IRQ;
  }

  enterSleep(): void {
    this.sleeping = true;
    this.attention |= ATTN_CORE | ATTN_IRQ;
  }

  /** The vector number of the interrupt that would be accepted now, or 0. */
  private deliverable(): number {
    if (this.nmiPending) return VEC_NMI;
    if ((this.ccr & F_I) !== 0) return 0;
    const lo = this.linesLo & ~0xf; // lines 0-2 are not interrupt vectors; 3 is the NMI edge
    if (lo !== 0) return 31 - Math.clz32(lo & -lo);
    const hi = this.linesHi;
    if (hi !== 0) return 63 - Math.clz32(hi & -hi);
    return 0;
  }

  /** Accept an interrupt if one is deliverable; returns the states used (0: none). */
  private pollInterrupts(): number {
    if (this.irqInhibit) {
      this.irqInhibit = false;
      return 0;
    }
    const vec = this.deliverable();
    if (vec === 0) {
      this.attention &= ~ATTN_IRQ;
      return 0;
    }
    if (vec === VEC_NMI) this.nmiPending = false;
    if (this.sleeping) {
      this.sleeping = false;
      this.attention &= ~ATTN_CORE;
    }
    this.push16(this.pcr);
    this.push16((this.ccr << 8) | this.ccr);
    this.ccr |= F_I;
    this.pcr = this.read16(vec * 2) & 0xfffe;
    return IRQ_STATES;
  }

  // ---- the loop -----------------------------------------------------------------------------

  run(budget: number): number {
    let used = 0;
    const exec = this.exec;
    const states = this.states;
    const rd = this.rdPages;
    const pageBits = this.pageBits;
    const pageMask = this.pageMask;
    const mem = (this.mem = this.bus.mem);
    while (used < budget) {
      if (this.attention !== 0) {
        this.insnPc = this.pcr;
        this.sliceCycles = used;
        if (this.attention & ATTN_IRQ) {
          const n = this.pollInterrupts();
          if (n > 0) {
            used += n;
            continue;
          }
        }
        if (this.sleeping) {
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
      const p = rd[pc >>> pageBits];
      const o = pc & pageMask;
      let op: number;
      if (p >= 0 && o < pageMask) op = (mem[p + o] << 8) | mem[p + o + 1];
      else op = this.bus.read16(pc & 0xfffe);
      this.pcr = (pc + 2) & 0xffff;
      this.cyc = states[op];
      exec[op](this, op);
      used += this.cyc;
      this.instructions++;
    }
    this.sliceCycles = used;
    return used;
  }

  // ---- registers, disassembly, state --------------------------------------------------------

  getReg(name: string): number {
    const n = name.toUpperCase();
    switch (n) {
      case 'PC': return this.pcr;
      case 'CCR': return this.ccr;
      case 'SP': return this.r[7];
      default: break;
    }
    const m = /^R([0-7])([HL]?)$/.exec(n);
    if (!m) throw new Error(`h8300: unknown register ${name}`);
    const i = Number(m[1]);
    if (m[2] === '') return this.r[i];
    return this.b[BI[i + (m[2] === 'L' ? 8 : 0)]];
  }

  setReg(name: string, value: number): void {
    const n = name.toUpperCase();
    switch (n) {
      case 'PC': this.pcr = value & 0xffff; return;
      case 'CCR': this.ccr = value & 0xff; this.attention |= ATTN_IRQ; return;
      case 'SP': this.r[7] = value; return;
      default: break;
    }
    const m = /^R([0-7])([HL]?)$/.exec(n);
    if (!m) throw new Error(`h8300: unknown register ${name}`);
    const i = Number(m[1]);
    if (m[2] === '') this.r[i] = value;
    else this.b[BI[i + (m[2] === 'L' ? 8 : 0)]] = value;
  }

  disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult {
    return disassemble(addr, peek, opts);
  }

  saveState(): Record<string, unknown> {
    return {
      ...this.saveCommon(),
      r: arr(this.r), pc: this.pcr, ccr: this.ccr, sleeping: this.sleeping, irqInhibit: this.irqInhibit,
      linesLo: this.linesLo, linesHi: this.linesHi, nmiPending: this.nmiPending,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.loadCommon(s);
    this.r.set((s.r as number[]).slice(0, 8));
    this.pcr = Number(s.pc) & 0xffff;
    this.ccr = Number(s.ccr) & 0xff;
    this.sleeping = Boolean(s.sleeping);
    this.irqInhibit = Boolean(s.irqInhibit);
    this.linesLo = Number(s.linesLo ?? 0) | 0;
    this.linesHi = Number(s.linesHi ?? 0) | 0;
    this.nmiPending = Boolean(s.nmiPending);
    this.attention |= ATTN_IRQ;
    if (this.sleeping) this.attention |= ATTN_CORE;
  }

  /** An undefined encoding: the H8/300 has no illegal-instruction trap, so the core halts. */
  illegal(op: number): void {
    this.pcr = this.insnPc;
    this.halt('illegal', `undefined instruction ${op.toString(16).toUpperCase().padStart(4, '0')}${this.op2Text()}`, this.insnPc);
  }

  private op2Text(): string {
    const b0 = this.bus.peek8(this.insnPc);
    return b0 >= 0x7b && b0 <= 0x7f ? ` ${this.op2.toString(16).toUpperCase().padStart(4, '0')}` : '';
  }
}

export function createCpu(bus: Bus, machine: Machine | null, _variant = 'h8300'): H8300 {
  registerH8300Devices();
  return new H8300(bus, machine);
}
