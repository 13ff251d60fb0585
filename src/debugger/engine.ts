/**
 * The debugger engine: a UI-free controller over a Machine. It owns breakpoints (with
 * conditions and task filters), watchpoints, the step/over/out/until/go operations, a ring of
 * recent PCs and the instruction trace. The UI (ui.ts) and the tests drive it the same way:
 * start an operation (`go`, `step`, `over`, `out`, `until`), then call `tick(ms)` until it
 * returns false (the UI does that from a timer so the screen stays live), or `finish()` to run
 * synchronously. `pause()` stops a running operation between slices, which is always an
 * instruction boundary.
 *
 * Step over: for an instruction the disassembler flags DASM_CALL, run until the following
 * instruction is reached with the stack pointer back at (or above) its value before the call,
 * so recursion is handled. Step out: count calls and returns that actually transfer control
 * (a conditional one may fall through) and stop after a return taken at depth 0 from the frame
 * where `out` started: stack pointer at or above its start value (the stack grows down on
 * every CPU here) and the same CPU mode (an ARM IRQ handler's return does not count). ARM's BL
 * pushes nothing, so the depth count, not the stack pointer, tells a leaf callee's return from
 * ours. With an OS layer, both also require the task that was running at the start, so
 * another task running the same code does not end the step.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Machine, StopReason } from '../core/machine.js';
import { describeStop } from '../core/machine.js';
import type { Watch } from '../core/bus.js';
import { DASM_BRANCH, DASM_CALL, DASM_RETURN, type Cpu, type DisasmResult } from '../core/cpu.js';
import type { SymbolTable } from '../loaders/symbols.js';
import type { OsState } from '../os/types.js';
import { compile, ExprError, type Compiled, type ExprContext } from './expr.js';

export type OsProvider = (machine: Machine) => OsState | null;

export interface Breakpoint {
  id: number;
  addr: number;
  /** Source text of the condition, or null. */
  condition: string | null;
  /** Break only while this task is the running one (name, case-insensitive), or null. */
  task: string | null;
  enabled: boolean;
  hits: number;
}

export type WatchMode = 'r' | 'w' | 'rw';

export interface Watchpoint {
  id: number;
  addr: number;
  len: number;
  mode: WatchMode;
  condition: string | null;
  hits: number;
}

export type OpKind = 'go' | 'step' | 'over' | 'out' | 'until';

export interface EngineOptions {
  symbols?: SymbolTable | null;
  /** The OS-aware layer: reads kernel state, or null when no kernel is recognised. */
  os?: OsProvider | null;
  /** Power-on reset of the session (board reset registers, --entry); default machine.reset(). */
  reset?: (machine: Machine) => void;
  /** Entries kept in the PC history ring (default 256). */
  historySize?: number;
}

/** Thrown for bad user input (bad expression, unknown symbol, bad arguments). */
export class DebugError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DebugError';
  }
}

interface BpEntry extends Breakpoint {
  cond: Compiled | null;
}

interface WpEntry extends Watchpoint {
  cond: Compiled | null;
  watch: Watch;
}

type RangedHook = Machine['hooks']['ranged'][number];

/** Longest instruction of each CPU, in bytes. */
export const MAX_INSN_LEN: Record<string, number> = { m68000: 10, arm7tdmi: 4, i8096: 7, i80c196: 7, m68hc11: 5, h8300: 4 };

const K_CALL = 1;
const K_RETURN = 2;
const K_INDIRECT = 3;
/** In the flag cache: a branch whose target the disassembler could not give. */
const F_INDIRECT = 0x80;

interface OutState {
  sp0: number;
  mode: number;
  /** Calls taken minus returns taken since `out` started. */
  depth: number;
  /** K_* kind of the previous instruction, its address and fall-through address, and whether a return there would leave the frame. */
  prevKind: number;
  prevPc: number;
  prevNext: number;
  prevFrameOk: boolean;
}

export class DebugEngine {
  readonly machine: Machine;
  readonly cpu: Cpu;
  symbols: SymbolTable | null;
  os: OsProvider | null;
  /** True while an operation runs (between `go`/`step`/... and its stop). */
  running = false;
  /** What the current or last operation is. */
  op: OpKind | null = null;
  lastStop: StopReason | null = null;
  lastStopText = 'stopped';
  /** Called whenever an operation ends. */
  onStop: ((text: string) => void) | null = null;
  /** Called when an operation starts (before the first instruction runs). */
  onStart: (() => void) | null = null;

  private readonly bps = new Map<number, BpEntry>();
  private readonly wps = new Map<number, WpEntry>();
  private nextBp = 1;
  private nextWp = 1;

  private readonly historyRing: Float64Array;
  private historyCount = 0;
  private historyOn = true;
  private readonly everyHook = (pc: number, cpu: Cpu): boolean => this.everyInstruction(pc, cpu);

  private traceFd: number | null = null;
  private traceFile: string | null = null;
  private traceBuf: string[] = [];
  traceLines = 0;

  /** Register values when the last operation started (for change highlighting). */
  private prevRegs = new Map<string, number>();
  private readonly regNames: string[];

  // State of the operation in progress.
  private startInsns = 0;
  private opHooks: RangedHook[] = [];
  private outState: OutState | null = null;
  /** Name of the running task when the operation started (OS layer), for over/out. */
  private startTask: string | null = null;
  /** Flags and length of the instruction at each address, for step out (cleared per operation). */
  private readonly flagCache = new Map<number, number>();
  private opDone: string | null = null;
  private chunk: number;
  private readonly resetFn: (m: Machine) => void;
  private osCache: { state: OsState | null; error: string | null; at: number; insns: number } | null = null;

  constructor(machine: Machine, opts: EngineOptions = {}) {
    this.machine = machine;
    this.cpu = machine.cpu;
    this.symbols = opts.symbols ?? null;
    this.os = opts.os ?? null;
    this.resetFn = opts.reset ?? ((m) => m.reset());
    this.historyRing = new Float64Array(Math.max(1, opts.historySize ?? 256));
    this.regNames = this.cpu.info.registers.map((r) => r.name);
    this.chunk = Math.max(1000, Math.floor(machine.clockHz / 500));
    this.updateEvery();
    this.snapshotRegs();
  }

  // ---- registers, memory, expressions -----------------------------------------------------

  /** Canonical register name for what the user typed (case-insensitive; SP/PC aliases), or null. */
  regName(name: string): string | null {
    const u = name.toUpperCase();
    if (this.regNames.includes(u)) return u;
    if (u === 'SP') return this.cpu.info.sp;
    if (u === 'PC') return 'PC';
    return null;
  }

  getReg(name: string): number {
    const n = this.regName(name);
    if (n === null) throw new DebugError(`unknown register "${name}" (registers: ${this.regNames.join(' ')})`);
    return n === 'PC' && !this.regNames.includes('PC') ? this.cpu.pc >>> 0 : this.cpu.getReg(n) >>> 0;
  }

  setReg(name: string, value: number): void {
    const n = this.regName(name);
    if (n === null) throw new DebugError(`unknown register "${name}" (registers: ${this.regNames.join(' ')})`);
    if (n === 'PC') this.cpu.pc = value >>> 0;
    else this.cpu.setReg(n, value >>> 0);
    this.osCache = null;
  }

  sp(): number {
    return this.cpu.getReg(this.cpu.info.sp) >>> 0;
  }

  /** True when the register differs from its value when the last operation started. */
  changed(name: string): boolean {
    const prev = this.prevRegs.get(name);
    return prev !== undefined && prev !== (this.cpu.getReg(name) >>> 0);
  }

  private snapshotRegs(): void {
    for (const n of this.regNames) this.prevRegs.set(n, this.cpu.getReg(n) >>> 0);
  }

  exprContext(vars?: Record<string, number>): ExprContext {
    const bus = this.machine.bus;
    return {
      reg: (n) => (this.regName(n) !== null ? this.getReg(n) : undefined),
      sym: (n) => {
        if (!this.symbols) return undefined;
        const exact = this.symbols.byName(n);
        if (exact !== undefined) return exact;
        const lower = n.toLowerCase();
        const found = this.symbols.all().find((s) => s.name.toLowerCase() === lower);
        return found?.addr;
      },
      peek8: (a) => bus.peek8(a >>> 0),
      peek16: (a) => bus.peek16(a >>> 0),
      peek32: (a) => bus.peek32(a >>> 0),
      vars,
    };
  }

  /** Evaluate an expression now; errors become DebugError with the position. */
  evaluate(text: string, vars?: Record<string, number>): number {
    try {
      return compile(text)(this.exprContext(vars));
    } catch (e) {
      if (e instanceof ExprError) throw new DebugError(exprMessage(text, e));
      throw e;
    }
  }

  /** Parse an expression for repeated evaluation (conditions). */
  compileExpr(text: string): Compiled {
    try {
      return compile(text);
    } catch (e) {
      if (e instanceof ExprError) throw new DebugError(exprMessage(text, e));
      throw e;
    }
  }

  /** "name" / "name+0x12" for an address, or null. */
  label(addr: number, maxOffset = 0x10000): string | null {
    return this.symbols?.label(addr >>> 0, maxOffset) ?? null;
  }

  /** Whether ARM code at the PC is Thumb (CPSR T bit). */
  private thumb(): boolean {
    return this.cpu.info.id === 'arm7tdmi' && (this.cpu.getReg('CPSR') & 0x20) !== 0;
  }

  disassemble(addr: number): DisasmResult {
    const bus = this.machine.bus;
    const syms = this.symbols;
    try {
      return this.cpu.disassemble(addr >>> 0, (a) => bus.peek8(a >>> 0), {
        thumb: this.thumb(),
        symbol: syms && syms.size > 0 ? (a) => syms.label(a >>> 0, 0) ?? undefined : undefined,
      });
    } catch (e) {
      return { text: `?? (${(e as Error).message})`, length: 1, flags: 0 };
    }
  }

  /** Smallest instruction alignment of the CPU (for scrolling back through code). */
  codeAlign(): number {
    const id = this.cpu.info.id;
    if (id === 'arm7tdmi') return this.thumb() ? 2 : 4;
    if (id === 'm68000') return 2;
    return 1;
  }

  // ---- breakpoints and watchpoints --------------------------------------------------------

  addBreakpoint(addr: number, condition: string | null = null, task: string | null = null): Breakpoint {
    const cond = condition ? this.compileExpr(condition) : null;
    const bp: BpEntry = { id: this.nextBp++, addr: addr >>> 0, condition: condition || null, task, enabled: true, hits: 0, cond };
    this.bps.set(bp.id, bp);
    this.syncBreakpoints();
    return publicBp(bp);
  }

  /** Remove one breakpoint by id, or all when id is omitted. Returns how many were removed. */
  clearBreakpoint(id?: number): number {
    if (id === undefined) {
      const n = this.bps.size;
      this.bps.clear();
      this.syncBreakpoints();
      return n;
    }
    if (!this.bps.delete(id)) throw new DebugError(`no breakpoint #${id} (bplist shows them)`);
    this.syncBreakpoints();
    return 1;
  }

  /** F9: remove the breakpoints at `addr`, or add one when there is none. Returns true when one was added. */
  toggleBreakpoint(addr: number): boolean {
    const at = [...this.bps.values()].filter((b) => b.addr === addr >>> 0);
    if (at.length > 0) {
      for (const b of at) this.bps.delete(b.id);
      this.syncBreakpoints();
      return false;
    }
    this.addBreakpoint(addr);
    return true;
  }

  setBreakpointEnabled(id: number, enabled: boolean): void {
    const b = this.bps.get(id);
    if (!b) throw new DebugError(`no breakpoint #${id} (bplist shows them)`);
    b.enabled = enabled;
    this.syncBreakpoints();
  }

  breakpoints(): Breakpoint[] {
    return [...this.bps.values()].map(publicBp);
  }

  /** 'enabled' when an enabled breakpoint is at `addr`, 'disabled' when only disabled ones are. */
  breakpointState(addr: number): 'enabled' | 'disabled' | null {
    let st: 'enabled' | 'disabled' | null = null;
    for (const b of this.bps.values()) {
      if (b.addr !== addr >>> 0) continue;
      if (b.enabled) return 'enabled';
      st = 'disabled';
    }
    return st;
  }

  hasBreakpoint(addr: number): boolean {
    for (const b of this.bps.values()) if (b.addr === addr >>> 0) return true;
    return false;
  }

  private syncBreakpoints(): void {
    const set = this.machine.hooks.breakpoints;
    set.clear();
    for (const b of this.bps.values()) if (b.enabled) set.add(b.addr);
  }

  /** Whether a stop at a breakpoint address satisfies some breakpoint there (condition, task). */
  private breakpointMatches(pc: number): boolean {
    let matched = false;
    for (const b of this.bps.values()) {
      if (!b.enabled || b.addr !== pc >>> 0) continue;
      if (b.task !== null) {
        const cur = this.currentTaskName();
        if (cur === null || cur.toLowerCase() !== b.task.toLowerCase()) continue;
      }
      if (b.cond !== null) {
        let v: number;
        try {
          v = b.cond(this.exprContext());
        } catch (e) {
          // A condition that cannot be evaluated stops, so the user sees why.
          this.lastStopText = `breakpoint #${b.id}: condition error: ${(e as Error).message}`;
          v = 1;
        }
        if (v === 0) continue;
      }
      b.hits++;
      matched = true;
    }
    return matched;
  }

  addWatchpoint(addr: number, len: number, mode: WatchMode, condition: string | null = null): Watchpoint {
    if (len < 1) throw new DebugError('watchpoint length must be at least 1');
    const cond = condition ? this.compileExpr(condition) : null;
    const id = this.nextWp++;
    const lo = addr >>> 0;
    const hi = (lo + len - 1) >>> 0;
    const entry: WpEntry = {
      id, addr: lo, len, mode, condition: condition || null, hits: 0, cond,
      watch: {
        lo, hi, read: mode !== 'w', write: mode !== 'r',
        fn: (a, _size, value, isWrite) => {
          if (!this.running) return;
          if (isWrite ? mode === 'r' : mode === 'w') return;
          if (entry.cond !== null) {
            try {
              if (entry.cond(this.exprContext({ wpaddr: a, wpdata: value })) === 0) return;
            } catch {
              /* stop and let the user look */
            }
          }
          entry.hits++;
          this.machine.stop({ kind: 'watchpoint', pc: this.machine.pc(), addr: a >>> 0, write: isWrite });
        },
      },
    };
    this.wps.set(id, entry);
    this.machine.bus.addWatch(entry.watch);
    return publicWp(entry);
  }

  clearWatchpoint(id?: number): number {
    const one = id === undefined ? undefined : this.wps.get(id);
    if (id !== undefined && one === undefined) throw new DebugError(`no watchpoint #${id} (wplist shows them)`);
    const list = one ? [one] : [...this.wps.values()];
    for (const w of list) {
      this.machine.bus.removeWatch(w.watch);
      this.wps.delete(w.id);
    }
    return list.length;
  }

  watchpoints(): Watchpoint[] {
    return [...this.wps.values()].map(publicWp);
  }

  // ---- history and trace ------------------------------------------------------------------

  private everyInstruction(pc: number, cpu: Cpu): boolean {
    if (this.historyOn) {
      this.historyRing[this.historyCount % this.historyRing.length] = pc;
      this.historyCount++;
    }
    if (this.traceFd !== null) this.traceInstruction(pc, cpu);
    const o = this.outState;
    if (o !== null && this.stepOutCheck(o, pc)) {
      this.opDone = 'out';
      return true;
    }
    return false;
  }

  /**
   * Step out bookkeeping, before the instruction at `pc`: looks at whether the previous
   * instruction was a call or return that transferred control (pc is not the next address),
   * counts call depth, and finishes when a return taken at depth 0 left the frame where `out`
   * started: stack pointer at or above its start value, same CPU mode, same task.
   */
  private stepOutCheck(o: OutState, pc: number): boolean {
    // Inside the previous instruction: a core that runs a Thumb BL pair as two halves.
    if (pc > o.prevPc && pc < o.prevNext) return false;
    if (o.prevKind !== 0 && pc !== o.prevNext) {
      const isReturn = o.prevKind === K_RETURN || (o.prevKind === K_INDIRECT && this.followsCall(pc));
      if (o.prevKind === K_CALL) o.depth++;
      else if (isReturn) {
        if (o.depth > 0) o.depth--;
        else if (o.prevFrameOk && this.sameTask()) return true;
      }
    }
    const f = this.insnInfo(pc);
    const flags = f >>> 8;
    o.prevKind = flags & DASM_CALL ? K_CALL : flags & DASM_RETURN ? K_RETURN : flags & F_INDIRECT ? K_INDIRECT : 0;
    o.prevPc = pc;
    o.prevNext = (pc + (f & 0xff)) >>> 0;
    o.prevFrameOk = o.prevKind !== 0 && o.depth === 0 && this.sp() >= o.sp0 && this.cpuMode() === o.mode;
    return false;
  }

  /** Cached (flags << 8 | length) of the instruction at `addr`; F_INDIRECT marks a branch without a static target. */
  private insnInfo(addr: number): number {
    let f = this.flagCache.get(addr);
    if (f === undefined) {
      const d = this.disassemble(addr);
      let flags = d.flags & (DASM_CALL | DASM_RETURN);
      if (d.flags & DASM_BRANCH && d.target === undefined) flags |= F_INDIRECT;
      f = (flags << 8) | (Math.max(1, d.length) & 0xff);
      this.flagCache.set(addr, f);
    }
    return f;
  }

  /**
   * Whether `addr` directly follows a call instruction: where a computed jump lands when it
   * is a return the disassembler cannot flag as one (Thumb v4T's `pop {r1}; bx r1`).
   */
  private followsCall(addr: number): boolean {
    const max = MAX_INSN_LEN[this.cpu.info.id] ?? 8;
    for (let k = this.codeAlign(); k <= max && k <= addr; k += this.codeAlign()) {
      const f = this.insnInfo((addr - k) >>> 0);
      if ((f & 0xff) === k && (f >>> 8) & DASM_CALL) return true;
    }
    return false;
  }

  /** The part of the CPU state that tells interrupt/exception context from normal code. */
  private cpuMode(): number {
    const id = this.cpu.info.id;
    if (id === 'arm7tdmi') return this.cpu.getReg('CPSR') & 0x1f;
    return 0;
  }

  /** True when no OS layer is known or the running task is the one the operation started in. */
  private sameTask(): boolean {
    if (this.startTask === null) return true;
    return this.currentTaskName() === this.startTask;
  }

  /**
   * The PC history costs a call per instruction; with it off (and no trace or step out in
   * progress) an unhooked machine runs at full speed.
   */
  get historyEnabled(): boolean {
    return this.historyOn;
  }

  set historyEnabled(on: boolean) {
    this.historyOn = on;
    this.updateEvery();
  }

  private updateEvery(): void {
    const want = this.historyOn || this.traceFd !== null || this.outState !== null;
    this.machine.hooks.every = want ? this.everyHook : null;
  }

  /** Most recent PCs, oldest first (at most `n`). */
  history(n = this.historyRing.length): number[] {
    const size = this.historyRing.length;
    const count = Math.min(n, this.historyCount, size);
    const out: number[] = [];
    for (let i = this.historyCount - count; i < this.historyCount; i++) out.push(this.historyRing[i % size]);
    return out;
  }

  traceStart(file: string): void {
    this.traceStop();
    try {
      this.traceFd = openSync(file, 'w');
      this.updateEvery();
    } catch (e) {
      throw new DebugError(`trace: cannot open ${file}: ${(e as Error).message}`);
    }
    this.traceFile = file;
    this.traceLines = 0;
  }

  /** Stop tracing; returns the file and line count, or null when no trace was on. */
  traceStop(): { file: string; lines: number } | null {
    if (this.traceFd === null) return null;
    this.flushTrace();
    closeSync(this.traceFd);
    const r = { file: this.traceFile!, lines: this.traceLines };
    this.traceFd = null;
    this.updateEvery();
    this.traceFile = null;
    return r;
  }

  get tracing(): string | null {
    return this.traceFile;
  }

  private traceInstruction(pc: number, cpu: Cpu): void {
    const d = this.disassemble(pc);
    const regs = this.regNames.filter((n) => n !== 'PC').map((n) => `${n}=${hexw(cpu.getReg(n) >>> 0, 0)}`).join(' ');
    this.traceBuf.push(`${cpu.instructions} ${hexw(pc, 8)}  ${d.text.padEnd(32)} ${regs}\n`);
    this.traceLines++;
    if (this.traceBuf.length >= 4096) this.flushTrace();
  }

  private flushTrace(): void {
    if (this.traceFd !== null && this.traceBuf.length > 0) writeSync(this.traceFd, this.traceBuf.join(''));
    this.traceBuf = [];
  }

  // ---- execution control ------------------------------------------------------------------

  private begin(kind: OpKind): void {
    if (this.running) throw new DebugError('the machine is running (F6 or "pause" stops it)');
    if (this.cpu.halted) throw new DebugError(`the CPU is halted (${this.cpu.halted.message}); "reset" restarts it`);
    this.machine.resume();
    this.machine.hooks.skipOnce = this.cpu.pc >>> 0;
    this.snapshotRegs();
    this.startInsns = this.cpu.instructions;
    this.op = kind;
    this.opDone = null;
    this.flagCache.clear();
    this.startTask = kind === 'over' || kind === 'out' ? this.currentTaskName() : null;
    this.running = true;
    this.osCache = null;
    this.onStart?.();
  }

  /** Run freely, or until `addr` (MAME's `go addr`). */
  go(addr?: number): void {
    if (addr !== undefined) {
      this.until(addr);
      this.op = 'go';
      return;
    }
    this.begin('go');
  }

  /** Execute `n` instructions (stepping into calls). */
  step(n = 1): void {
    if (n < 1) throw new DebugError('step count must be at least 1');
    this.begin('step');
    this.machine.hooks.instructionLimit = this.cpu.instructions + n;
  }

  /** Step over a call (or step one instruction when the current one is not a call). */
  over(): void {
    const pc = this.cpu.pc >>> 0;
    const d = this.disassemble(pc);
    if (!(d.flags & DASM_CALL)) {
      this.step(1);
      this.op = 'over';
      return;
    }
    const next = (pc + d.length) >>> 0;
    const sp0 = this.sp();
    this.begin('over');
    this.addOpHook(next, () => {
      if (this.cpu.instructions > this.startInsns && this.sp() >= sp0 && this.sameTask()) {
        this.opDone = 'over';
        return true;
      }
      return false;
    });
  }

  /** Run until the current subroutine returns. */
  out(): void {
    this.begin('out');
    this.outState = { sp0: this.sp(), mode: this.cpuMode(), depth: 0, prevKind: 0, prevPc: -1, prevNext: -1, prevFrameOk: false };
    this.updateEvery();
  }

  /** Run until the PC reaches `addr` (not counting the instruction at the current PC). */
  until(addr: number): void {
    this.begin('until');
    this.addOpHook(addr >>> 0, () => {
      if (this.cpu.instructions > this.startInsns) {
        this.opDone = 'until';
        return true;
      }
      return false;
    });
  }

  private addOpHook(addr: number, fn: () => boolean): void {
    const h: RangedHook = { lo: addr, hi: addr, fn };
    this.opHooks.push(h);
    this.machine.hooks.ranged.push(h);
  }

  /** Stop a running operation (F6). */
  pause(): void {
    if (!this.running) return;
    this.end({ kind: 'user', pc: this.cpu.pc >>> 0, detail: 'paused' });
  }

  /**
   * Advance the running operation for about `ms` milliseconds of wall time. Returns true while
   * it is still running.
   */
  tick(ms = 30): boolean {
    if (!this.running) return false;
    const t0 = performance.now();
    for (;;) {
      const s0 = performance.now();
      const r = this.machine.runCycles(this.chunk);
      const dt = performance.now() - s0;
      if (r !== null && this.handleStop(r)) return false;
      // Aim at ~4 ms per call from the measured speed, never more than 1/10 s of virtual time
      // (idle stretches run fast; the code after them may not).
      const rate = this.chunk / Math.max(dt, 0.05);
      this.chunk = Math.max(1000, Math.min(Math.floor(this.machine.clockHz / 10), Math.floor(rate * 4)));
      if (performance.now() - t0 >= ms) return true;
    }
  }

  /**
   * Run the current operation to its end synchronously, or until `maxCycles` of virtual time
   * pass (then it is paused). Returns the stop text.
   */
  finish(maxCycles = Infinity): string {
    const limit = this.machine.scheduler.now + maxCycles;
    while (this.running) {
      const left = limit - this.machine.scheduler.now;
      if (left <= 0) {
        this.end({ kind: 'cycle-limit', pc: this.cpu.pc >>> 0 });
        break;
      }
      const r = this.machine.runCycles(Math.min(this.chunk, left));
      if (r !== null) this.handleStop(r);
    }
    return this.lastStopText;
  }

  /** Returns true when the operation ended. */
  private handleStop(r: StopReason): boolean {
    if (r.kind === 'breakpoint' && this.opDone === null) {
      this.lastStopText = '';
      if (!this.breakpointMatches(r.pc)) {
        this.machine.resume();
        return false;
      }
    }
    this.end(r);
    return true;
  }

  private end(r: StopReason): void {
    const h = this.machine.hooks;
    h.instructionLimit = Infinity;
    if (this.opHooks.length > 0) {
      for (const x of this.opHooks) {
        const i = h.ranged.indexOf(x);
        if (i >= 0) h.ranged.splice(i, 1);
      }
      this.opHooks = [];
    }
    this.outState = null;
    this.updateEvery();
    this.flushTrace();
    this.running = false;
    this.lastStop = r;
    this.osCache = null;
    this.lastStopText = this.stopText(r);
    this.opDone = null;
    this.onStop?.(this.lastStopText);
  }

  private stopText(r: StopReason): string {
    const where = this.where(r.pc);
    if (this.opDone !== null || r.kind === 'instruction-limit') {
      if (this.opDone === 'until') return `reached ${where}`;
      const what = this.opDone === 'over' ? 'stepped over' : this.opDone === 'out' ? 'stepped out' : 'stepped';
      return `${what} to ${where}`;
    }
    switch (r.kind) {
      case 'breakpoint': {
        const ids = [...this.bps.values()].filter((b) => b.addr === r.pc >>> 0).map((b) => `#${b.id}`);
        const prefix = this.lastStopText.startsWith('breakpoint #') ? `${this.lastStopText}; ` : '';
        return `${prefix}breakpoint ${ids.join(',')} at ${where}`;
      }
      case 'watchpoint': {
        const w = [...this.wps.values()].find((x) => r.addr >= x.addr && r.addr < x.addr + x.len);
        return `watchpoint${w ? ` #${w.id}` : ''}: ${r.write ? 'write to' : 'read of'} ${hexw(r.addr, 0)}${this.labelSuffix(r.addr)} by ${this.where(r.pc)}; now at ${this.where(this.cpu.pc)}`;
      }
      case 'user':
        return `${r.detail ?? 'stopped'} at ${where}`;
      case 'cycle-limit':
        return `time limit reached at ${where}`;
      default:
        return describeStop(r);
    }
  }

  where(pc: number): string {
    return `${hexw(pc, 0)}${this.labelSuffix(pc)}`;
  }

  private labelSuffix(addr: number): string {
    const l = this.label(addr);
    return l ? ` (${l})` : '';
  }

  /** Power-on reset of the machine; breakpoints and watchpoints stay. */
  reset(): void {
    if (this.running) this.pause();
    this.resetFn(this.machine);
    this.machine.stopReason = null;
    this.machine.hooks.cause = null;
    this.lastStop = null;
    this.lastStopText = `reset; PC=${this.where(this.cpu.pc)}`;
    this.osCache = null;
    this.snapshotRegs();
  }

  // ---- OS-aware layer ---------------------------------------------------------------------

  /**
   * Kernel state from the OS provider, cached while the machine is stopped (and for `maxAgeMs`
   * while it runs). `error` is set when the provider threw.
   */
  osRead(maxAgeMs = 250): { state: OsState | null; error: string | null } {
    if (!this.os) return { state: null, error: null };
    const now = performance.now();
    const c = this.osCache;
    if (c && (this.running ? now - c.at < maxAgeMs : c.insns === this.cpu.instructions)) return { state: c.state, error: c.error };
    let state: OsState | null = null;
    let error: string | null = null;
    try {
      state = this.os(this.machine);
    } catch (e) {
      error = (e as Error).message;
    }
    this.osCache = { state, error, at: now, insns: this.cpu.instructions };
    return { state, error };
  }

  currentTaskName(): string | null {
    if (!this.os) return null;
    let st: OsState | null = null;
    try {
      st = this.os(this.machine);
    } catch {
      return null;
    }
    return st?.tasks.find((t) => t.current)?.name ?? null;
  }

  dispose(): void {
    this.traceStop();
    this.clearWatchpoint();
    if (this.machine.hooks.every) this.machine.hooks.every = null;
    this.machine.hooks.breakpoints.clear();
  }
}

function publicBp(b: BpEntry): Breakpoint {
  return { id: b.id, addr: b.addr, condition: b.condition, task: b.task, enabled: b.enabled, hits: b.hits };
}

function publicWp(w: WpEntry): Watchpoint {
  return { id: w.id, addr: w.addr, len: w.len, mode: w.mode, condition: w.condition, hits: w.hits };
}

export function exprMessage(text: string, e: ExprError): string {
  return `${e.message} in "${text.trim()}"${text.length > 1 ? ` at column ${e.pos + 1}` : ''}`;
}

/** Upper-case hex, zero-padded to `digits` (0 = no padding). */
export function hexw(v: number, digits: number): string {
  return (v >>> 0).toString(16).toUpperCase().padStart(digits, '0');
}
