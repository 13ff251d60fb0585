/**
 * ARM7TDMI core (ARMv4T, ARM and Thumb state), little-endian bus.
 *
 * Interrupt inputs (`setIrq(line, asserted)`), level-sensitive, active while asserted:
 *   line 0 = nIRQ, line 1 = nFIQ.
 *
 * Registers (`getReg`/`setReg`, case-insensitive): R0-R15 are the User/System bank as in the
 * vectors (R15 = address of the next instruction), CPSR, SPSR (of the current mode),
 * SP/LR/PC (the current mode's view), and the banked R8_FIQ..R14_FIQ, R13_/R14_ SVC ABT IRQ UND,
 * SPSR_FIQ/SVC/ABT/IRQ/UND.
 *
 * Options: `createCpu(bus, machine, variant, { semihosting: true })` or
 * `cpu.enableSemihosting(machine)` turns on ARM Angel semihosting (SWI 0x123456 / Thumb 0xAB).
 */
import type { Bus } from '../../src/core/bus.js';
import {
  ATTN_CORE, ATTN_HOOKS, ATTN_IRQ, CpuBase, arr, type CpuInfo, type DisasmOptions, type DisasmResult, type PeekFn,
} from '../../src/core/cpu.js';
import type { Machine } from '../../src/core/machine.js';
import { ARM_TABLES, THUMB_TABLES } from './decode.js';
import { COND_PASS, type Handler } from './execute.js';
import { disassemble } from './disasm.js';
import {
  BANK_ABT, BANK_FIQ, BANK_IRQ, BANK_OF_MODE, BANK_SVC, BANK_UND, BANK_USR, CPSR_F, CPSR_I, CPSR_T,
  MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, REGISTER_INFO, VEC_DABT, VEC_FIQ, VEC_IRQ, VEC_PABT,
} from './registers.js';
import { Semihosting } from './semihosting.js';

export interface Arm7Options {
  semihosting?: boolean;
}

const INFO: CpuInfo = {
  id: 'arm7tdmi',
  name: 'ARM7TDMI',
  bigEndian: false,
  addrBits: 32,
  registers: REGISTER_INFO,
  sp: 'SP',
  stackWidth: 4,
};

const BANK_NAMES: Record<string, number> = { FIQ: BANK_FIQ, IRQ: BANK_IRQ, SVC: BANK_SVC, ABT: BANK_ABT, UND: BANK_UND };

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Page table that sends every fetch to the bus (buses with pages smaller than 4 bytes). */
const NO_FAST_PAGES = new Int32Array(1).fill(-1); // other indexes read as undefined: not >= 0

/** Pending abort kinds (signalled by a memory system through `signalAbort`). */
const ABORT_NONE = 0;
const ABORT_PREFETCH = 1;
const ABORT_DATA = 2;

export class Arm7tdmi extends CpuBase {
  readonly info = INFO;
  /** Registers of the current mode. r[15] is valid only while an instruction executes. */
  readonly r = new Int32Array(16);
  /** R8-R12: [0..4] the non-FIQ bank, [5..9] the FIQ bank; the inactive one is stored here. */
  readonly bankR8 = new Int32Array(10);
  /** R13/R14 pairs per bank (BANK_*); the active bank's pair lives in r[13], r[14]. */
  readonly bankR13 = new Int32Array(12);
  /** SPSR per bank (index 0 unused). */
  readonly spsr = new Int32Array(6);
  fN = 0;
  fZ = 0;
  fC = 0;
  fV = 0;
  /** CPSR bits 27-0 (I, F, T, mode and the reserved bits). */
  cpsrLow = MODE_SVC | CPSR_I | CPSR_F;
  /** CPSR.T as 0/1, for the loop. */
  tbit = 0;
  /** Address of the next instruction (written by handlers that change flow). */
  next = 0;
  /** Shifter carry-out of the last shifter operand. */
  shc = 0;
  mulLo = 0;
  mulHi = 0;
  /** Address of the next instruction outside run(). */
  pcReg = 0;
  /** Asserted interrupt lines: bit 0 IRQ, bit 1 FIQ. */
  irqLines = 0;
  pendingAbort = ABORT_NONE;
  /** Set by `B .`: the CPU spins until an interrupt, so run() may skip to the slice end. */
  idleSpin = false;
  semihost: Semihosting | null = null;
  readonly machine: Machine | null;
  private readonly armHandlers: Handler[] = ARM_TABLES.handlers;
  private readonly armCycles: Uint8Array = ARM_TABLES.cycles;
  private readonly thumbHandlers: Handler[] = THUMB_TABLES.handlers;
  private readonly thumbCycles: Uint8Array = THUMB_TABLES.cycles;

  /** Word and halfword views of the bus's backing store for instruction fetch (see run()). */
  private fetchMem: Uint8Array | null = null;
  private fetch32: Int32Array = new Int32Array(0);
  private fetch16: Uint16Array = new Uint16Array(0);
  private fetchPages: Int32Array = NO_FAST_PAGES;

  constructor(bus: Bus, machine: Machine | null) {
    super(bus);
    this.machine = machine;
  }

  /**
   * Instruction fetch reads whole words/halfwords from the page table's backing store. Pages
   * start at multiples of the page size in the store, so aligned fetches stay aligned there.
   * On a big-endian host, or with pages under 4 bytes, every fetch takes the bus's path.
   */
  private makeFetchViews(): void {
    const mem = this.bus.mem;
    this.fetchMem = mem;
    const usable = HOST_LITTLE_ENDIAN && this.bus.pageBits >= 2 && (mem.byteOffset & 3) === 0;
    this.fetch32 = usable ? new Int32Array(mem.buffer, mem.byteOffset, mem.length >>> 2) : new Int32Array(0);
    this.fetch16 = usable ? new Uint16Array(mem.buffer, mem.byteOffset, mem.length >>> 1) : new Uint16Array(0);
    this.fetchPages = usable ? this.bus.rd : NO_FAST_PAGES;
  }

  get pc(): number {
    return this.pcReg >>> 0;
  }
  set pc(v: number) {
    this.pcReg = v | 0;
  }

  enableSemihosting(machine: Machine | null = this.machine): void {
    this.semihost = new Semihosting(machine);
  }

  /** Power-on reset: SVC mode, IRQ and FIQ disabled, ARM state, PC = 0 (data sheet, "Reset"). */
  reset(): void {
    const old = this.getCpsr();
    this.setCpsr((old & 0xffffff00) | MODE_SVC | CPSR_I | CPSR_F);
    this.spsr[BANK_SVC] = old;
    this.pcReg = 0;
    this.pendingAbort = ABORT_NONE;
    this.idleSpin = false;
    this.halted = null;
    this.instructions = 0;
    this.attention |= ATTN_IRQ;
  }

  // ---- the run loop ------------------------------------------------------------------------------

  run(budget: number): number {
    const r = this.r;
    const bus = this.bus;
    const armH = this.armHandlers, armC = this.armCycles;
    const thH = this.thumbHandlers, thC = this.thumbCycles;
    const condPass = COND_PASS;
    // Instruction fetch straight from the page table (the bus's own fast path, inlined); the
    // backing store does not move while the CPU runs.
    if (bus.mem !== this.fetchMem) this.makeFetchViews();
    const mem32 = this.fetch32;
    const mem16 = this.fetch16;
    const rdPage = this.fetchPages;
    const pageBits = bus.pageBits;
    const pageMask = bus.pageMask;
    let pc = this.pcReg;
    let cyc = 0;
    // Instructions executed since the last write-back to this.instructions (flushed before
    // service code runs and on exit, so hooks and callers always see the exact count).
    let ins = 0;
    for (;;) {
      if (this.attention !== 0) {
        this.instructions += ins;
        ins = 0;
        this.pcReg = pc;
        this.sliceCycles = cyc;
        const stop = this.service(budget);
        pc = this.pcReg;
        cyc = this.sliceCycles;
        if (stop) break;
        if (cyc >= budget) break;
      }
      this.insnPc = pc >>> 0;
      this.sliceCycles = cyc;
      if (this.tbit === 0) {
        const page = rdPage[pc >>> pageBits];
        let op: number;
        if (page >= 0) {
          op = mem32[(page + (pc & pageMask)) >> 2];
        } else {
          op = bus.read32(pc) | 0;
        }
        this.next = (pc + 4) | 0;
        r[15] = (pc + 8) | 0;
        const cond = op >>> 28;
        if (cond === 14 || condPass[(cond << 4) | (this.fN << 3) | (this.fZ << 2) | (this.fC << 1) | this.fV] === 1) {
          const idx = ((op >>> 16) & 0xff0) | ((op >>> 4) & 0xf);
          cyc += armC[idx] + armH[idx](this, op);
        } else {
          cyc += 1;
        }
      } else {
        const page = rdPage[pc >>> pageBits];
        let op: number;
        if (page >= 0) {
          op = mem16[(page + (pc & pageMask)) >> 1];
        } else {
          op = bus.read16(pc);
        }
        this.next = (pc + 2) | 0;
        r[15] = (pc + 4) | 0;
        const idx = op >>> 6;
        cyc += thC[idx] + thH[idx](this, op);
      }
      pc = this.next;
      ins++;
      if (cyc >= budget) break;
    }
    this.instructions += ins;
    this.pcReg = pc;
    this.sliceCycles = cyc;
    return cyc;
  }

  /**
   * Slow path before an instruction: aborts, interrupts, idle skipping, then hooks and stops.
   * Works on this.pcReg / this.sliceCycles. Returns true to leave run().
   */
  private service(budget: number): boolean {
    if (this.attention & ATTN_CORE) {
      this.attention &= ~ATTN_CORE;
      if (this.pendingAbort !== ABORT_NONE) {
        const kind = this.pendingAbort;
        this.pendingAbort = ABORT_NONE;
        if (kind === ABORT_DATA) this.enterException(MODE_ABT, VEC_DABT, (this.insnPc + 8) | 0);
        else this.enterException(MODE_ABT, VEC_PABT, (this.pcReg + 4) | 0);
        this.pcReg = this.next;
        this.sliceCycles += 3;
        return this.serviceCommon(this.pcReg >>> 0);
      }
      if (this.idleSpin) {
        this.idleSpin = false;
        // `B .` loops until an interrupt arrives; nothing can change before the slice ends
        // (events end slices), so consume the rest of the budget in whole iterations.
        if ((this.attention & (ATTN_HOOKS | ATTN_IRQ)) === 0 && this.insnPc === this.pcReg >>> 0) {
          const per = 3;
          const left = budget - this.sliceCycles;
          if (left > per) {
            const n = Math.floor(left / per);
            this.sliceCycles += n * per;
            this.instructions += n;
            if (this.machine) this.machine.idleCycles += n * per;
          }
        }
      }
    }
    if (this.attention & ATTN_IRQ) {
      const lines = this.irqLines;
      if (lines & 2 && (this.cpsrLow & CPSR_F) === 0) {
        this.enterException(MODE_FIQ, VEC_FIQ, (this.pcReg + 4) | 0);
        this.pcReg = this.next;
        this.sliceCycles += 3;
      } else if (lines & 1 && (this.cpsrLow & CPSR_I) === 0) {
        this.enterException(MODE_IRQ, VEC_IRQ, (this.pcReg + 4) | 0);
        this.pcReg = this.next;
        this.sliceCycles += 3;
      } else {
        this.attention &= ~ATTN_IRQ;
      }
    }
    return this.serviceCommon(this.pcReg >>> 0);
  }

  /** Called by `B .` handlers. */
  idleBranch(): void {
    this.idleSpin = true;
    this.attention |= ATTN_CORE;
  }

  /**
   * A memory system reports an abort of the current access: the data abort is taken after the
   * current instruction (LR = instruction + 8); a prefetch abort before the next one (LR = + 4).
   */
  signalAbort(kind: 'data' | 'prefetch'): void {
    this.pendingAbort = kind === 'data' ? ABORT_DATA : ABORT_PREFETCH;
    this.attention |= ATTN_CORE;
  }

  // ---- PSR and banks ---------------------------------------------------------------------------

  getCpsr(): number {
    return ((this.fN << 31) | (this.fZ << 30) | (this.fC << 29) | (this.fV << 28) | this.cpsrLow) >>> 0;
  }

  /** Write the whole CPSR: switches register banks on a mode change, re-evaluates interrupts. */
  setCpsr(v: number): void {
    const oldBank = BANK_OF_MODE[this.cpsrLow & 31];
    const newBank = BANK_OF_MODE[v & 31];
    if (oldBank !== newBank) this.switchBank(oldBank, newBank);
    this.fN = (v >>> 31) & 1;
    this.fZ = (v >>> 30) & 1;
    this.fC = (v >>> 29) & 1;
    this.fV = (v >>> 28) & 1;
    this.cpsrLow = v & 0x0fffffff;
    this.tbit = (v >>> 5) & 1;
    if (this.irqLines !== 0) this.attention |= ATTN_IRQ;
  }

  setThumb(t: number): void {
    this.tbit = t;
    this.cpsrLow = t ? this.cpsrLow | CPSR_T : this.cpsrLow & ~CPSR_T;
  }

  private switchBank(from: number, to: number): void {
    const r = this.r;
    const b = this.bankR13;
    b[from * 2] = r[13];
    b[from * 2 + 1] = r[14];
    r[13] = b[to * 2];
    r[14] = b[to * 2 + 1];
    if (from === BANK_FIQ || to === BANK_FIQ) {
      const save = from === BANK_FIQ ? 5 : 0;
      const load = to === BANK_FIQ ? 5 : 0;
      const k = this.bankR8;
      for (let i = 0; i < 5; i++) {
        k[save + i] = r[8 + i];
        r[8 + i] = k[load + i];
      }
    }
  }

  /**
   * Exception entry (data sheet, "Exceptions"): SPSR_mode <- CPSR, R14_mode <- lr, ARM state,
   * IRQ disabled (and FIQ for FIQ), PC <- vector (written to `next`).
   */
  enterException(mode: number, vector: number, lr: number): void {
    const old = this.getCpsr();
    let v = (old & ~0x3f) | mode | CPSR_I;
    if (mode === MODE_FIQ) v |= CPSR_F;
    this.setCpsr(v);
    this.spsr[BANK_OF_MODE[mode]] = old;
    this.r[14] = lr;
    this.next = vector;
  }

  /** User-bank register i (LDM^/STM^, getReg). */
  userReg(i: number): number {
    const bank = BANK_OF_MODE[this.cpsrLow & 31];
    if (i >= 8 && i <= 12 && bank === BANK_FIQ) return this.bankR8[i - 8];
    if ((i === 13 || i === 14) && bank !== BANK_USR) return this.bankR13[i - 13];
    if (i === 15) return this.pcReg;
    return this.r[i];
  }

  setUserReg(i: number, v: number): void {
    const bank = BANK_OF_MODE[this.cpsrLow & 31];
    if (i >= 8 && i <= 12 && bank === BANK_FIQ) this.bankR8[i - 8] = v;
    else if ((i === 13 || i === 14) && bank !== BANK_USR) this.bankR13[i - 13] = v;
    else if (i === 15) this.pcReg = v | 0;
    else this.r[i] = v;
  }

  // ---- registers by name -------------------------------------------------------------------------

  getReg(name: string): number {
    const n = name.toUpperCase();
    const bank = BANK_OF_MODE[this.cpsrLow & 31];
    switch (n) {
      case 'CPSR': return this.getCpsr();
      case 'SPSR': return bank === BANK_USR ? 0 : this.spsr[bank] >>> 0;
      case 'PC': case 'R15': return this.pcReg >>> 0;
      case 'SP': return this.r[13] >>> 0;
      case 'LR': return this.r[14] >>> 0;
    }
    let m = /^R(\d+)$/.exec(n);
    if (m) {
      const i = Number(m[1]);
      if (i <= 14) return this.userReg(i) >>> 0;
    }
    m = /^R(\d+)_(FIQ|IRQ|SVC|ABT|UND)$/.exec(n);
    if (m) {
      const i = Number(m[1]);
      const b = BANK_NAMES[m[2]];
      if (i >= 8 && i <= 12 && b === BANK_FIQ) return (bank === BANK_FIQ ? this.r[i] : this.bankR8[5 + i - 8]) >>> 0;
      if (i === 13 || i === 14) return (bank === b ? this.r[i] : this.bankR13[b * 2 + i - 13]) >>> 0;
    }
    m = /^SPSR_(FIQ|IRQ|SVC|ABT|UND)$/.exec(n);
    if (m) return this.spsr[BANK_NAMES[m[1]]] >>> 0;
    throw new Error(`arm7tdmi: unknown register ${name}`);
  }

  setReg(name: string, value: number): void {
    const n = name.toUpperCase();
    const v = value | 0;
    const bank = BANK_OF_MODE[this.cpsrLow & 31];
    switch (n) {
      case 'CPSR': this.setCpsr(v); return;
      case 'SPSR': if (bank !== BANK_USR) this.spsr[bank] = v; return;
      case 'PC': case 'R15': this.pcReg = v; return;
      case 'SP': this.r[13] = v; return;
      case 'LR': this.r[14] = v; return;
    }
    let m = /^R(\d+)$/.exec(n);
    if (m) {
      const i = Number(m[1]);
      if (i <= 14) {
        this.setUserReg(i, v);
        return;
      }
    }
    m = /^R(\d+)_(FIQ|IRQ|SVC|ABT|UND)$/.exec(n);
    if (m) {
      const i = Number(m[1]);
      const b = BANK_NAMES[m[2]];
      if (i >= 8 && i <= 12 && b === BANK_FIQ) {
        if (bank === BANK_FIQ) this.r[i] = v;
        else this.bankR8[5 + i - 8] = v;
        return;
      }
      if (i === 13 || i === 14) {
        if (bank === b) this.r[i] = v;
        else this.bankR13[b * 2 + i - 13] = v;
        return;
      }
    }
    m = /^SPSR_(FIQ|IRQ|SVC|ABT|UND)$/.exec(n);
    if (m) {
      this.spsr[BANK_NAMES[m[1]]] = v;
      return;
    }
    throw new Error(`arm7tdmi: unknown register ${name}`);
  }

  setIrq(line: number, asserted: boolean): void {
    const bit = line === 1 ? 2 : 1;
    if (asserted) this.irqLines |= bit;
    else this.irqLines &= ~bit;
    this.attention |= ATTN_IRQ;
  }

  disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult {
    // Without an explicit state, decode in the CPU's current state.
    return disassemble(addr, peek, { ...opts, thumb: opts?.thumb ?? this.tbit === 1 });
  }

  saveState(): Record<string, unknown> {
    return {
      ...this.saveCommon(),
      r: arr(this.r), bankR8: arr(this.bankR8), bankR13: arr(this.bankR13), spsr: arr(this.spsr),
      cpsr: this.getCpsr(), pc: this.pcReg, irqLines: this.irqLines, pendingAbort: this.pendingAbort, idleSpin: this.idleSpin,
      semihosting: this.semihost !== null,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.loadCommon(s);
    // Restore the CPSR first without bank switching, then the raw banks.
    const cpsr = Number(s.cpsr) | 0;
    this.fN = (cpsr >>> 31) & 1;
    this.fZ = (cpsr >>> 30) & 1;
    this.fC = (cpsr >>> 29) & 1;
    this.fV = (cpsr >>> 28) & 1;
    this.cpsrLow = cpsr & 0x0fffffff;
    this.tbit = (cpsr >>> 5) & 1;
    this.r.set(s.r as number[]);
    this.bankR8.set(s.bankR8 as number[]);
    this.bankR13.set(s.bankR13 as number[]);
    this.spsr.set(s.spsr as number[]);
    this.pcReg = Number(s.pc) | 0;
    this.irqLines = Number(s.irqLines) | 0;
    this.pendingAbort = Number(s.pendingAbort) | 0;
    this.idleSpin = s.idleSpin === true;
    if (s.semihosting && this.semihost === null) this.enableSemihosting();
    this.attention |= ATTN_IRQ | (this.pendingAbort !== ABORT_NONE || this.idleSpin ? ATTN_CORE : 0);
  }
}

export function createCpu(bus: Bus, machine: Machine | null, _variant = 'arm7tdmi', opts: Arm7Options = {}): Arm7tdmi {
  const cpu = new Arm7tdmi(bus, machine);
  if (opts.semihosting) cpu.enableSemihosting(machine);
  return cpu;
}

