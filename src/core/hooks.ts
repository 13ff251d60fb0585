/**
 * Execution hooks for debuggers, tracers and the OS layer. A core only consults them when
 * `ATTN_HOOKS` is set in its attention word, so an unhooked machine pays nothing.
 */
import type { Cpu } from './cpu.js';

export interface StopCause {
  kind: 'breakpoint' | 'instruction-limit' | 'hook';
  pc: number;
  detail?: string;
}

export type ExecHook = (pc: number, cpu: Cpu) => boolean | void;

export class ExecHooks {
  readonly breakpoints = new Set<number>();
  /** Address-range hooks: called before executing an instruction in [lo, hi]. */
  readonly ranged: { lo: number; hi: number; fn: ExecHook }[] = [];
  /** Called before every instruction (tracing). Return true to stop. */
  every: ExecHook | null = null;
  /** Stop when `cpu.instructions` reaches this value. */
  instructionLimit = Infinity;
  /** The breakpoint at this address is skipped once (resuming from a breakpoint). */
  skipOnce = -1;
  /** Why the last stop happened (read by the machine after run() returns). */
  cause: StopCause | null = null;

  /** Returns true when execution must stop before the instruction at `pc`. */
  beforeInstruction(pc: number, cpu: Cpu): boolean {
    if (cpu.instructions >= this.instructionLimit) {
      this.cause = { kind: 'instruction-limit', pc };
      return true;
    }
    if (this.every !== null && this.every(pc, cpu) === true) {
      this.cause = { kind: 'hook', pc };
      return true;
    }
    for (const r of this.ranged) {
      if (pc >= r.lo && pc <= r.hi && r.fn(pc, cpu) === true) {
        this.cause = { kind: 'hook', pc };
        return true;
      }
    }
    if (this.breakpoints.size > 0 && this.breakpoints.has(pc)) {
      if (this.skipOnce === pc) {
        this.skipOnce = -1;
        return false;
      }
      this.cause = { kind: 'breakpoint', pc };
      return true;
    }
    this.skipOnce = -1;
    return false;
  }

  get active(): boolean {
    return (
      this.breakpoints.size > 0 || this.ranged.length > 0 || this.every !== null || this.instructionLimit !== Infinity
    );
  }
}
