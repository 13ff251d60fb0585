/**
 * Motorola MC68000 core.
 *
 * Model: the two-word prefetch queue is kept as the chip keeps it. `pcr` is the address of the
 * next prefetch, `ir` holds the opcode being executed and `irc` the word after it, so between
 * instructions the next opcode is at pcr-4 (that is the PC a user sees: register "PC").
 * Handlers (execute.ts) perform their bus accesses in the order the 68000 microcode does
 * (extension words through the queue, the final prefetch before or after the last write),
 * and every access adds its 4 clocks to `clk`, internal operations add their idle clocks:
 * the cycle count of an instruction is the sum, which also gives the exact timing of an
 * address error raised halfway.
 *
 * Address bus: 24 bits (the bus masks); registers and the stacked fault address keep 32.
 *
 * Interrupt lines (`setIrq`): line n (1..7) is the interrupt priority level n presented on
 * IPL2-0; several asserted lines present the highest. Level 7 is edge-triggered (NMI).
 * Acknowledge: autovector (24 + level) unless `iackVector` is set: a board that has
 * vectored interrupts supplies `cpu.iackVector = (level) => vectorNumber` and returns -1
 * for autovector or 15 (uninitialized) / 24 (spurious) as the chip documents.
 */
import type { Bus } from '../../src/core/bus.js';
import {
  CpuBase, ATTN_CORE, ATTN_IRQ, ATTN_HOOKS, ATTN_STOP, arr,
  type CpuInfo, type DisasmOptions, type DisasmResult, type PeekFn,
} from '../../src/core/cpu.js';
import type { Machine } from '../../src/core/machine.js';
import { HANDLERS } from './execute.js';
import { disassemble } from './disasm.js';

/** Thrown (as this one object) when an access raises an address error; caught by the loop. */
export const ADDRESS_ERROR = { addressError: true };

export const VEC_BUS_ERROR = 2, VEC_ADDRESS_ERROR = 3, VEC_ILLEGAL = 4, VEC_ZERO_DIVIDE = 5, VEC_CHK = 6,
  VEC_TRAPV = 7, VEC_PRIVILEGE = 8, VEC_TRACE = 9, VEC_LINE_A = 10, VEC_LINE_F = 11, VEC_SPURIOUS = 24,
  VEC_TRAP0 = 32;

const REGS = ['D0', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'];

export class M68000 extends CpuBase {
  readonly info: CpuInfo = {
    id: 'm68000',
    name: 'Motorola 68000',
    bigEndian: true,
    addrBits: 24,
    registers: [
      ...REGS.map((name) => ({ name, bits: 32 as const })),
      { name: 'USP', bits: 32 }, { name: 'SSP', bits: 32 },
      { name: 'SR', bits: 16, flags: 'T-S--III---XNZVC' },
      { name: 'PC', bits: 32 },
    ],
    sp: 'A7',
    stackWidth: 4,
  };
  /** D0-D7 then A0-A7; r[15] is the active stack pointer. */
  readonly r = new Int32Array(16);
  /** The inactive stack pointer (USP while supervisor, SSP while user). */
  otherSp = 0;
  /** System byte of SR. */
  s = 1;
  t = 0;
  mask = 7;
  /** Condition codes, each 0 or 1. */
  xf = 0;
  nf = 0;
  zf = 0;
  vf = 0;
  cf = 0;
  /** Address of the next prefetch (32-bit; the bus uses 24). */
  pcr = 0;
  ir = 0;
  irc = 0;
  /**
   * The decoded-instruction latch the address-error frame reports (and whose upper bits fill
   * its status word): the opcode, until the final prefetch moves the next one in.
   */
  ird = 0;
  /** PC stacked by an address error: address of the word in IR plus 2. */
  faultPc = 0;
  /** Clocks used in this run() slice. */
  clk = 0;
  /** Asserted interrupt levels (bit n = line n). */
  irqLines = 0;
  /** Level 7 was asserted and not yet taken (edge-triggered). */
  nmiPending = false;
  stopped = false;
  /** A trace exception is due before the next instruction. */
  tracePending = false;
  /** Details of the access that raised the address error being thrown. */
  faultAddr = 0;
  faultInfo = 0;
  /** Vectored interrupts: the board answers the acknowledge cycle. -1 = autovector. */
  iackVector: ((level: number) => number) | null = null;
  /** RESET instruction: boards reset their devices here. */
  onResetInstruction: (() => void) | null = null;
  readonly machine: Machine | null;
  /** Opcode -> handler, from spec.ts. */
  private readonly handlers = HANDLERS;

  constructor(bus: Bus, machine: Machine | null) {
    super(bus);
    this.machine = machine;
  }

  // ---- status register --------------------------------------------------------------------

  getSR(): number {
    return (this.t << 15) | (this.s << 13) | (this.mask << 8) | (this.xf << 4) | (this.nf << 3) | (this.zf << 2) | (this.vf << 1) | this.cf;
  }

  getCCR(): number {
    return (this.xf << 4) | (this.nf << 3) | (this.zf << 2) | (this.vf << 1) | this.cf;
  }

  setCCR(v: number): void {
    this.xf = (v >> 4) & 1;
    this.nf = (v >> 3) & 1;
    this.zf = (v >> 2) & 1;
    this.vf = (v >> 1) & 1;
    this.cf = v & 1;
  }

  setSR(v: number): void {
    this.setCCR(v);
    this.setSupervisor((v >> 13) & 1);
    this.t = (v >> 15) & 1;
    this.mask = (v >> 8) & 7;
    if (this.t) this.attention |= ATTN_CORE;
    if (this.irqLines !== 0) this.attention |= ATTN_IRQ;
  }

  setSupervisor(s: number): void {
    if (s === this.s) return;
    const sp = this.r[15];
    this.r[15] = this.otherSp;
    this.otherSp = sp;
    this.s = s;
  }

  // ---- bus access ---------------------------------------------------------------------------
  // Function codes: 1 user data, 2 user program, 5 supervisor data, 6 supervisor program.

  /** Raise an address error for an access of a word or long at odd `addr`. */
  addressError(addr: number, read: boolean, program: boolean): never {
    this.faultAddr = addr;
    this.faultInfo = (read ? 0x10 : 0) | (this.s ? 4 : 0) | (program ? 2 : 1);
    throw ADDRESS_ERROR;
  }

  rb(a: number): number {
    this.clk += 4;
    return this.bus.read8(a);
  }
  rw(a: number): number {
    if (a & 1) this.addressError(a, true, false);
    this.clk += 4;
    return this.bus.read16(a);
  }
  /** Long accesses are two word bus cycles, high word first (a 16-bit data bus). */
  rl(a: number): number {
    if (a & 1) this.addressError(a, true, false);
    this.clk += 8;
    const bus = this.bus;
    return (bus.read16(a) << 16) | bus.read16(a + 2);
  }
  /** Program-space reads (PC-relative operands). */
  rwp(a: number): number {
    if (a & 1) this.addressError(a, true, true);
    this.clk += 4;
    return this.bus.read16(a);
  }
  rlp(a: number): number {
    if (a & 1) this.addressError(a, true, true);
    this.clk += 8;
    const bus = this.bus;
    return (bus.read16(a) << 16) | bus.read16(a + 2);
  }
  wb(a: number, v: number): void {
    this.clk += 4;
    this.bus.write8(a, v & 0xff);
  }
  ww(a: number, v: number): void {
    if (a & 1) this.addressError(a, false, false);
    this.clk += 4;
    this.bus.write16(a, v & 0xffff);
  }
  wl(a: number, v: number): void {
    if (a & 1) this.addressError(a, false, false);
    this.clk += 8;
    const bus = this.bus;
    bus.write16(a, v >>> 16);
    bus.write16(a + 2, v & 0xffff);
  }
  /**
   * Long write low word first (-(An) destinations, the order the chip uses there); an odd
   * address faults on that first word, at a+2.
   */
  wlLowFirst(a: number, v: number): void {
    if (a & 1) this.addressError((a + 2) | 0, false, false);
    this.clk += 8;
    this.bus.write16(a + 2, v & 0xffff);
    this.bus.write16(a, v >>> 16);
  }

  /** Take the extension word in IRC and refill IRC (one "np" bus cycle). */
  ext(): number {
    const v = this.irc;
    const a = this.pcr;
    if (a & 1) this.addressError(a, true, true);
    this.clk += 4;
    this.irc = this.bus.read16(a);
    this.pcr = a + 2;
    return v;
  }
  extLong(): number {
    const h = this.ext();
    return (h << 16) | this.ext();
  }
  /** The final prefetch: the next opcode moves to IR and IRC is refilled. */
  prefetch(): void {
    const a = this.pcr;
    this.ir = this.ird = this.irc;
    this.faultPc = a;
    if (a & 1) this.addressError(a, true, true);
    this.clk += 4;
    this.irc = this.bus.read16(a);
    this.pcr = a + 2;
  }
  /** The final prefetch where the microcode loads the decode latch only later (MOVE.l to -(An)). */
  prefetchKeepIrd(): void {
    const a = this.pcr;
    this.ir = this.irc;
    this.faultPc = a;
    this.clk += 4;
    this.irc = this.bus.read16(a);
    this.pcr = a + 2;
  }
  /** Refill both queue words from `target` (jumps, branches, exceptions): np np. */
  jump(target: number): void {
    if (target & 1) this.addressError(target, true, true);
    if (this.bus.rd[(target & 0xffffff) >>> this.bus.pageBits] < 0) this.checkJumpTarget(target);
    this.clk += 4;
    this.ir = this.bus.read16(target);
    this.faultPc = (target + 2) | 0;
    this.clk += 4;
    this.irc = this.bus.read16(target + 2);
    this.pcr = (target + 4) | 0;
  }
  /** A jump to a page without fast reads: tell the machine when nothing is mapped there. */
  private checkJumpTarget(target: number): void {
    if (this.machine && !this.bus.isMapped(target & 0xffffff)) this.machine.wildJump(target & 0xffffff, this.insnPc);
  }

  /** First of the two refill reads (branches do internal work between them). */
  fetchIr(target: number): void {
    if (target & 1) this.addressError(target, true, true);
    if (this.bus.rd[(target & 0xffffff) >>> this.bus.pageBits] < 0) this.checkJumpTarget(target);
    this.clk += 4;
    this.ir = this.bus.read16(target);
    this.pcr = (target + 2) | 0;
  }
  fetchIrc(): void {
    const a = this.pcr;
    this.faultPc = a;
    this.clk += 4;
    this.irc = this.bus.read16(a);
    this.pcr = (a + 2) | 0;
  }

  push16(v: number): void {
    const sp = (this.r[15] - 2) | 0;
    this.r[15] = sp;
    this.ww(sp, v);
  }
  push32(v: number): void {
    const sp = (this.r[15] - 4) | 0;
    this.r[15] = sp;
    this.wl(sp, v);
  }

  // ---- exceptions ---------------------------------------------------------------------------

  /** Enter supervisor state for an exception; returns the SR to stack. */
  private enterException(): number {
    const sr = this.getSR();
    this.setSupervisor(1);
    this.t = 0;
    this.tracePending = false;
    return sr;
  }

  /**
   * Group 1/2 exception: stack PC and SR, fetch the vector, refill the queue.
   * `pc` is the return address; `idle` the internal clocks before the stacking.
   * `executed`: the instruction ran and forced the exception (TRAP, TRAPV, CHK, divide by
   * zero): a pending trace is then taken after this exception, before the handler's first
   * instruction. Illegal and privileged instructions are not executed and are not traced.
   */
  exception(vector: number, pc: number, idle: number, executed = false): void {
    const trace = this.tracePending;
    const sr = this.enterException();
    if (executed) this.tracePending = trace;
    this.clk += idle;
    let sp = this.r[15];
    try {
      // Stacking order of the chip: PC low, SR, PC high.
      sp = (sp - 6) | 0;
      this.r[15] = sp;
      this.ww(sp + 4, pc & 0xffff);
      this.ww(sp, sr);
      this.ww(sp + 2, pc >>> 16);
      const target = this.rl(vector << 2);
      this.fetchIr(target);
      this.clk += 2;
      this.fetchIrc();
    } catch (e) {
      if (e !== ADDRESS_ERROR) throw e;
      this.doubleFault();
    }
  }

  private doubleFault(): void {
    this.halt('double-fault', 'address error during exception processing: the 68000 halts', this.faultPc - 2);
    this.stopped = true;
  }

  /** Address error (group 0): the 7-word frame of MC68000UM 6.3.9.1. */
  addressErrorException(): void {
    const ir = this.ird;
    const info = (ir & 0xffe0) | (this.faultInfo & 0x1f);
    const sr = this.enterException();
    this.clk += 4 + 8; // the aborted access, then internal
    let sp = this.r[15];
    try {
      sp = (sp - 14) | 0;
      this.r[15] = sp;
      const pc = this.faultPc;
      this.ww(sp + 12, pc & 0xffff);
      this.ww(sp + 8, sr);
      this.ww(sp + 10, pc >>> 16);
      this.ww(sp + 6, ir);
      this.ww(sp + 4, this.faultAddr & 0xffff);
      this.ww(sp, info);
      this.ww(sp + 2, this.faultAddr >>> 16);
      const target = this.rl(VEC_ADDRESS_ERROR << 2);
      this.fetchIr(target);
      this.clk += 2;
      this.fetchIrc();
    } catch (e) {
      if (e !== ADDRESS_ERROR) throw e;
      this.doubleFault();
    }
  }

  /** The highest interrupt level that may be taken now, or 0. */
  private deliverableLevel(): number {
    const lines = this.irqLines;
    if (lines === 0) return 0;
    const level = 31 - Math.clz32(lines);
    if (level === 7) return this.nmiPending ? 7 : 0;
    return level > this.mask ? level : 0;
  }

  private takeInterrupt(level: number): void {
    if (level === 7) this.nmiPending = false;
    // The queue holds the next instruction (return there); after STOP the PC still points
    // at STOP's immediate word, the next instruction follows it.
    const pc = this.stopped ? this.pcr : (this.pcr - 4) | 0;
    this.stopped = false;
    const sr = this.enterException();
    this.mask = level;
    let vector = 24 + level;
    if (this.iackVector) {
      const v = this.iackVector(level);
      if (v >= 0) vector = v & 0xff;
    }
    // MC68000UM 8: interrupt 44 clocks (5 reads incl. acknowledge, 3 writes).
    this.clk += 6;
    let sp = this.r[15];
    try {
      sp = (sp - 6) | 0;
      this.r[15] = sp;
      this.ww(sp + 4, pc & 0xffff);
      this.clk += 4 + 4; // acknowledge cycle and internal
      this.ww(sp, sr);
      this.ww(sp + 2, pc >>> 16);
      const target = this.rl(vector << 2);
      this.fetchIr(target);
      this.clk += 2;
      this.fetchIrc();
    } catch (e) {
      if (e !== ADDRESS_ERROR) throw e;
      this.doubleFault();
    }
  }

  // ---- the run loop -------------------------------------------------------------------------

  reset(): void {
    this.r.fill(0);
    this.otherSp = 0;
    this.s = 1;
    this.t = 0;
    this.mask = 7;
    this.setCCR(0);
    this.stopped = false;
    this.tracePending = false;
    this.nmiPending = false;
    this.halted = null;
    this.instructions = 0;
    this.attention &= ATTN_HOOKS;
    if (this.irqLines) this.attention |= ATTN_IRQ;
    this.r[15] = this.bus.read32(0) | 0;
    this.loadPc(this.bus.read32(4) | 0);
  }

  /** Point execution at `addr`: fill the queue from there (no cycles counted). */
  loadPc(addr: number): void {
    this.ir = this.bus.read16(addr);
    this.irc = this.bus.read16(addr + 2);
    this.pcr = (addr + 4) | 0;
    this.faultPc = (addr + 2) | 0;
  }

  get pc(): number {
    return (this.pcr - 4) >>> 0;
  }
  set pc(v: number) {
    this.loadPc(v | 0);
  }

  /**
   * Handle everything behind the attention word. Returns 1 to leave run(), 2 when it used
   * the time (exception taken, STOP idling), 0 to go on with the next instruction.
   */
  private service(budget: number): number {
    if (this.halted) return 1;
    // A trace exception due after the previous instruction comes before interrupts.
    if (this.tracePending) {
      this.tracePending = false;
      // STOP with T set: the trace comes once SR is loaded and ends the stop; the PC then
      // is the instruction after STOP's immediate word.
      const pc = this.stopped ? this.pcr : (this.pcr - 4) | 0;
      this.stopped = false;
      this.exception(VEC_TRACE, pc, 4);
      return 2;
    }
    if (this.attention & ATTN_IRQ) {
      const level = this.deliverableLevel();
      if (level !== 0) {
        this.takeInterrupt(level);
        return 2;
      }
      this.attention &= ~ATTN_IRQ;
    }
    if (this.attention & ATTN_CORE && this.stopped) {
      // No instruction runs while stopped: only a stop request matters here, not the
      // before-instruction hooks (a breakpoint on STOP would fire again on every slice).
      if (this.attention & ATTN_STOP) {
        this.attention &= ~ATTN_STOP;
        return 1;
      }
      const left = budget - this.clk;
      if (left > 0) {
        this.clk += left;
        if (this.machine) this.machine.idleCycles += left;
      }
      return 1;
    }
    if (this.serviceCommonPublic()) return 1;
    if (this.attention & ATTN_CORE) {
      // Trace: T at the start of an instruction means a trace exception after it (taken
      // above, before the next one). ATTN_CORE stays set while T is.
      if (this.t) this.tracePending = true;
      else this.attention &= ~ATTN_CORE;
    }
    return 0;
  }

  private serviceCommonPublic(): boolean {
    return this.serviceCommon((this.pcr - 4) >>> 0);
  }

  run(budget: number): number {
    this.clk = 0;
    const handlers = this.handlers;
    for (;;) {
      try {
        for (;;) {
          if (this.attention !== 0) {
            const a = this.service(budget);
            if (a === 1) return this.finish();
            if (a === 2) {
              if (this.clk >= budget) return this.finish();
              continue;
            }
          }
          const op = this.ir;
          this.ird = op;
          const pcr = this.pcr;
          this.insnPc = (pcr - 4) >>> 0;
          this.sliceCycles = this.clk;
          this.faultPc = pcr - 2;
          handlers[op](this, op);
          this.instructions++;
          if (this.clk >= budget) return this.finish();
        }
      } catch (e) {
        if (e !== ADDRESS_ERROR) throw e;
        this.addressErrorException();
        this.instructions++;
        if (this.clk >= budget) return this.finish();
      }
    }
  }

  private finish(): number {
    this.sliceCycles = this.clk;
    return this.clk;
  }

  override step(): number {
    return this.run(1);
  }

  /** STOP: wait for an interrupt. */
  enterStop(): void {
    this.stopped = true;
    this.attention |= ATTN_CORE;
  }

  // ---- registers, interrupts, state -------------------------------------------------------

  getReg(name: string): number {
    const n = name.toUpperCase();
    const i = REGS.indexOf(n);
    if (i >= 0) return this.r[i] >>> 0;
    switch (n) {
      case 'SP': return this.r[15] >>> 0;
      case 'USP': return (this.s ? this.otherSp : this.r[15]) >>> 0;
      case 'SSP': return (this.s ? this.r[15] : this.otherSp) >>> 0;
      case 'SR': return this.getSR();
      case 'CCR': return this.getCCR();
      case 'PC': return this.pc;
      case 'IR': return this.ir;
      case 'IRC': return this.irc;
    }
    throw new Error(`m68000 has no register ${name}`);
  }

  setReg(name: string, value: number): void {
    const n = name.toUpperCase();
    const i = REGS.indexOf(n);
    if (i >= 0) {
      this.r[i] = value;
      return;
    }
    switch (n) {
      case 'SP': this.r[15] = value; return;
      case 'USP': if (this.s) this.otherSp = value | 0; else this.r[15] = value; return;
      case 'SSP': if (this.s) this.r[15] = value; else this.otherSp = value | 0; return;
      case 'SR': this.setSR(value & 0xa71f); return;
      case 'CCR': this.setCCR(value); return;
      case 'PC': this.pc = value; return;
      case 'IR': this.ir = value & 0xffff; return;
      case 'IRC': this.irc = value & 0xffff; return;
    }
    throw new Error(`m68000 has no register ${name}`);
  }

  setIrq(line: number, asserted: boolean): void {
    if (line < 1 || line > 7) throw new Error(`m68000 interrupt line ${line}: lines are IPL levels 1-7`);
    const bit = 1 << line;
    if (asserted) {
      if (line === 7 && !(this.irqLines & bit)) this.nmiPending = true;
      this.irqLines |= bit;
      this.attention |= ATTN_IRQ;
    } else this.irqLines &= ~bit;
  }

  disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult {
    return disassemble(addr, peek, opts);
  }

  saveState(): Record<string, unknown> {
    return {
      ...this.saveCommon(),
      r: arr(this.r), otherSp: this.otherSp, sr: this.getSR(),
      pcr: this.pcr, ir: this.ir, irc: this.irc, faultPc: this.faultPc,
      irqLines: this.irqLines, nmiPending: this.nmiPending, stopped: this.stopped, tracePending: this.tracePending,
    };
  }

  loadState(st: Record<string, unknown>): void {
    this.loadCommon(st);
    const regs = st.r as number[];
    for (let i = 0; i < 16; i++) this.r[i] = regs[i];
    this.otherSp = Number(st.otherSp) | 0;
    const sr = Number(st.sr);
    // Restore S without swapping stacks: the saved registers are already arranged.
    this.s = (sr >> 13) & 1;
    this.setSR(sr);
    this.pcr = Number(st.pcr) | 0;
    this.ir = Number(st.ir);
    this.irc = Number(st.irc);
    this.faultPc = Number(st.faultPc) | 0;
    this.irqLines = Number(st.irqLines);
    this.nmiPending = Boolean(st.nmiPending);
    this.stopped = Boolean(st.stopped);
    this.tracePending = Boolean(st.tracePending);
    this.attention |= ATTN_IRQ | ATTN_CORE;
  }
}

export function createCpu(bus: Bus, machine: Machine | null, _variant: string): M68000 {
  const cpu = new M68000(bus, machine);
  // RESET drives the reset line of the board's devices (not of the CPU itself).
  if (machine) cpu.onResetInstruction = () => { for (const d of machine.devices) d.reset?.(); };
  return cpu;
}
