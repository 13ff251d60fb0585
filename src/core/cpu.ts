/**
 * The contract every CPU core implements, and the small base class that gives cores the
 * shared plumbing (attention word, hooks, halt reasons) without costing the hot loop anything.
 *
 * Hot-loop rules for a core's `run(budget)` (see shared STYLE.md):
 *  - keep pc, cycle count and hot registers in locals; write them back on exit;
 *  - before each instruction store the instruction's address in `this.insnPc` and the cycles
 *    used so far in this slice in `this.sliceCycles` (bus and device callbacks read them);
 *  - check `this.attention !== 0` once per instruction; when set, call `this.service(pc)`
 *    and leave the loop if it returns true (stop, breakpoint, yield). Interrupt polling, hooks,
 *    tracing and stops all live behind that one check.
 */
import type { Bus } from './bus.js';
import type { ExecHooks } from './hooks.js';

/** Bits of `CpuBase.attention`. */
export const ATTN_STOP = 1; // leave run() now: the machine wants control (stop or end of slice)
export const ATTN_IRQ = 2; // an interrupt input changed: re-evaluate before the next instruction
export const ATTN_HOOKS = 4; // breakpoints / tracing / instruction limits are active
export const ATTN_CORE = 8; // for a core's own use (trace mode, pending STOP wake-up, ...)

export interface DisasmResult {
  text: string;
  /** Length in bytes. */
  length: number;
  /** DASM_* bits: lets the debugger step over calls and out of subroutines. */
  flags: number;
  /** Branch or call target when the instruction has a static one (for labels). */
  target?: number;
}

export const DASM_CALL = 1; // step over: run until the following instruction
export const DASM_RETURN = 2; // step out finishes after this one
export const DASM_BRANCH = 4; // changes flow (jump/branch), conditional or not
export const DASM_COND = 8; // conditional
export const DASM_ILLEGAL = 16; // not a valid instruction on this CPU

export type PeekFn = (addr: number) => number;

export interface DisasmOptions {
  /** ARM: decode as Thumb. */
  thumb?: boolean;
  /** Symbol lookup for operands. */
  symbol?: (addr: number) => string | undefined;
}

export interface RegisterInfo {
  /** Upper-case name as in the vector READMEs: D0, A7, SR, PC, R15, CPSR, PSW, ... */
  name: string;
  bits: 8 | 16 | 32;
  /** Decoding for the debugger: flag letters from the top bit down, '-' for unused bits. */
  flags?: string;
}

export interface CpuInfo {
  id: string;
  name: string;
  bigEndian: boolean;
  addrBits: number;
  /** Registers in display order. */
  registers: RegisterInfo[];
  /** Name of the register that holds the stack pointer (for the Stack panel). */
  sp: string;
  /** Bytes per stack slot. */
  stackWidth: 1 | 2 | 4;
}

/** Why a CPU stopped executing on its own (not a debugger stop). */
export interface HaltInfo {
  /** Short machine-readable reason: 'double-fault', 'halt', 'illegal', 'stop-no-irq', ... */
  kind: string;
  message: string;
  pc: number;
}

export interface Cpu {
  readonly info: CpuInfo;
  readonly bus: Bus;
  /** Hardware reset: registers to their reset values, PC/SP from the reset vector. */
  reset(): void;
  /**
   * Execute until `budget` cycles are used or attention asks to stop. Returns cycles used
   * (may exceed the budget by the last instruction's length).
   */
  run(budget: number): number;
  /** Exactly one instruction (or interrupt/exception entry). Returns cycles used. */
  step(): number;
  pc: number;
  /** Address of the instruction being executed (valid inside bus/device callbacks). */
  readonly insnPc: number;
  /** Cycles used so far in the current run() slice (valid inside bus/device callbacks). */
  sliceCycles: number;
  /** Instructions executed since reset. */
  instructions: number;
  getReg(name: string): number;
  setReg(name: string, value: number): void;
  /** Drive an interrupt input. Line numbers are the core's: see its README/index. */
  setIrq(line: number, asserted: boolean): void;
  disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult;
  /** JSON-safe state: numbers, strings, arrays, plain objects. */
  saveState(): Record<string, unknown>;
  loadState(s: Record<string, unknown>): void;
  /** Non-null after the CPU halted itself (double fault, HALT); run() then returns at once. */
  halted: HaltInfo | null;
  attention: number;
  hooks: ExecHooks | null;
}

/**
 * Shared plumbing. Cores extend this and implement the abstract parts; all fields are
 * created in the constructor so objects keep one hidden class.
 */
export abstract class CpuBase implements Cpu {
  abstract readonly info: CpuInfo;
  readonly bus: Bus;
  attention = 0;
  hooks: ExecHooks | null = null;
  halted: HaltInfo | null = null;
  insnPc = 0;
  sliceCycles = 0;
  instructions = 0;

  constructor(bus: Bus) {
    this.bus = bus;
  }

  abstract reset(): void;
  abstract run(budget: number): number;
  abstract get pc(): number;
  abstract set pc(v: number);
  abstract getReg(name: string): number;
  abstract setReg(name: string, value: number): void;
  abstract setIrq(line: number, asserted: boolean): void;
  abstract disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult;
  abstract saveState(): Record<string, unknown>;
  abstract loadState(s: Record<string, unknown>): void;

  /** Default single step: a one-cycle budget runs exactly one instruction. */
  step(): number {
    return this.run(1);
  }

  /** Ask the core to leave run() at the next instruction boundary. */
  requestYield(): void {
    this.attention |= ATTN_STOP;
  }

  setHooks(h: ExecHooks | null): void {
    this.hooks = h;
    if (h) this.attention |= ATTN_HOOKS;
    else this.attention &= ~ATTN_HOOKS;
  }

  /**
   * Called by a core's loop when `attention !== 0`, before the instruction at `pc`.
   * Returns true when the loop must exit before executing it. Cores handle ATTN_IRQ and
   * ATTN_CORE themselves first, then call this.
   */
  protected serviceCommon(pc: number): boolean {
    if (this.attention & ATTN_STOP) {
      this.attention &= ~ATTN_STOP;
      return true;
    }
    if (this.attention & ATTN_HOOKS && this.hooks !== null) {
      return this.hooks.beforeInstruction(pc, this);
    }
    return false;
  }

  /** Halt the CPU (double fault, HALT instruction, ...): run() returns and the machine reports it. */
  protected halt(kind: string, message: string, pc: number): void {
    this.halted = { kind, message, pc };
    this.attention |= ATTN_STOP;
  }

  /** Base state every core saves. */
  protected saveCommon(): Record<string, unknown> {
    return { instructions: this.instructions, halted: this.halted };
  }

  protected loadCommon(s: Record<string, unknown>): void {
    this.instructions = Number(s.instructions ?? 0);
    this.halted = (s.halted as HaltInfo | null) ?? null;
  }
}

/** Typed arrays to plain arrays and back, for saveState/loadState. */
export function arr(a: ArrayLike<number>): number[] {
  return Array.from(a);
}
