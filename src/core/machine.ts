/**
 * A machine: one CPU, its bus, the scheduler, devices, interrupt wiring and serial ports.
 * `runCycles` is the only run loop: it gives the CPU slices that end at the next scheduled
 * event, dispatches events between slices, and turns hook causes, halts and device requests
 * into one StopReason. Time is virtual (CPU cycles), so every run is reproducible.
 */
import type { Bus } from './bus.js';
import { ATTN_IRQ, type Cpu } from './cpu.js';
import { ExecHooks } from './hooks.js';
import { Scheduler } from './scheduler.js';
import { hex } from './errors.js';

export type StopReason =
  | { kind: 'exit'; code: number; pc: number }
  | { kind: 'fault'; message: string; pc: number }
  | { kind: 'halt'; message: string; pc: number; halt: string }
  | { kind: 'breakpoint'; pc: number }
  | { kind: 'watchpoint'; pc: number; addr: number; write: boolean }
  | { kind: 'until'; pc: number }
  | { kind: 'expect'; pc: number; match: string }
  | { kind: 'instruction-limit'; pc: number }
  | { kind: 'cycle-limit'; pc: number }
  | { kind: 'hook'; pc: number; detail?: string }
  | { kind: 'user'; pc: number; detail?: string };

export function describeStop(r: StopReason): string {
  switch (r.kind) {
    case 'exit': return `firmware exit with status ${r.code} at PC=${hex(r.pc)}`;
    case 'fault': return `fault at PC=${hex(r.pc)}: ${r.message}`;
    case 'halt': return `CPU halted (${r.halt}) at PC=${hex(r.pc)}: ${r.message}`;
    case 'breakpoint': return `breakpoint at PC=${hex(r.pc)}`;
    case 'watchpoint': return `watchpoint: ${r.write ? 'write to' : 'read of'} ${hex(r.addr)} by PC=${hex(r.pc)}`;
    case 'until': return `reached PC=${hex(r.pc)}`;
    case 'expect': return `serial output matched ${JSON.stringify(r.match)} at PC=${hex(r.pc)}`;
    case 'instruction-limit': return `instruction limit reached at PC=${hex(r.pc)}`;
    case 'cycle-limit': return `cycle limit reached at PC=${hex(r.pc)}`;
    case 'hook': return `stopped by hook at PC=${hex(r.pc)}${r.detail ? `: ${r.detail}` : ''}`;
    case 'user': return `stopped at PC=${hex(r.pc)}${r.detail ? `: ${r.detail}` : ''}`;
  }
}

/** A serial line: bytes the firmware sends (out) and bytes waiting to be received (in). */
export class SerialPort {
  readonly input: number[] = [];
  readonly output: number[] = [];
  private readonly listeners: ((byte: number) => void)[] = [];
  /** Devices waiting for input get told when bytes are queued. */
  private readonly inputListeners: (() => void)[] = [];
  constructor(readonly name: string) {}
  send(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.input.push(bytes[i] & 0xff);
    for (const f of this.inputListeners) f();
  }
  onInput(f: () => void): void {
    this.inputListeners.push(f);
  }
  /** Called by devices when the firmware transmits a byte. */
  transmit(byte: number): void {
    this.output.push(byte & 0xff);
    for (const f of this.listeners) f(byte & 0xff);
  }
  onOutput(f: (byte: number) => void): void {
    this.listeners.push(f);
  }
  outputText(): string {
    return Buffer.from(this.output).toString('latin1');
  }
}

/** What devices see of the machine. */
export interface DeviceContext {
  readonly scheduler: Scheduler;
  readonly bus: Bus;
  readonly clockHz: number;
  /** Exact current cycle (inside a slice too). */
  now(): number;
  /** Wired-OR interrupt line: each source asserts/deasserts independently. */
  irq(line: number, asserted: boolean, source: string): void;
  serial(name?: string): SerialPort;
  stop(reason: StopReason): void;
  log(message: string): void;
  resetCpu(reason: string): void;
  pc(): number;
}

/** A device with state the snapshot must keep. */
export interface Stateful {
  readonly name: string;
  saveState(): Record<string, unknown>;
  loadState(s: Record<string, unknown>): void;
  /** Called on machine reset (power-on state). */
  reset?(): void;
}

export class Machine implements DeviceContext {
  readonly scheduler = new Scheduler();
  readonly hooks = new ExecHooks();
  readonly devices: Stateful[] = [];
  readonly ports = new Map<string, SerialPort>();
  readonly messages: string[] = [];
  /** Called for every log line as it happens (the CLI prints them to stderr). */
  onLog: ((message: string) => void) | null = null;
  stopReason: StopReason | null = null;
  /** Virtual cycles skipped while the CPU was idle (STOP/WFI/IDLE waiting for an event). */
  idleCycles = 0;
  /** Resets performed by devices (watchdog), most recent last. */
  readonly resets: { cycle: number; reason: string }[] = [];
  private inSlice = false;
  private readonly irqSources = new Map<number, Set<string>>();
  cpu!: Cpu;
  bus!: Bus;

  constructor(readonly clockHz: number) {
    this.scheduler.onEarlierDeadline = () => {
      if (this.inSlice) this.cpu.attention |= 1;
    };
  }

  /**
   * What executing from unmapped memory does: 'stop' (default) ends the run with a fault that
   * names the address, as soon as the CPU fetches its instruction there or at the end of the
   * slice it jumped in; 'log' lets it run on open-bus values (the board's `unmapped.fetch`).
   */
  fetchPolicy: 'stop' | 'log' = 'stop';

  attach(cpu: Cpu): void {
    this.cpu = cpu;
    this.bus = cpu.bus;
    this.bus.events = {
      pc: () => this.cpu.insnPc,
      stop: (message) => this.stop({ kind: 'fault', message, pc: this.cpu.insnPc }),
      log: (m) => this.log(m),
      unmappedRead: (addr) => {
        if (this.fetchPolicy === 'stop' && this.inSlice && addr === this.cpu.insnPc) this.wildJump(addr);
      },
    };
  }

  /**
   * The CPU is about to execute from unmapped memory. Cores whose fetches the bus cannot tell
   * from data reads (prefetch queues) call this from their jump path with the jumping PC.
   */
  wildJump(target: number, from?: number): void {
    if (this.fetchPolicy !== 'stop') return;
    const src = from !== undefined ? ` (jump from PC=${hex(from)})` : '';
    this.stop({ kind: 'fault', pc: from ?? target, message: `wild jump: the CPU is executing from unmapped address ${hex(target)}${src}` });
  }

  addDevice<T extends Stateful>(d: T): T {
    if (this.devices.some((x) => x.name === d.name)) throw new Error(`two devices are named ${d.name}`);
    this.devices.push(d);
    return d;
  }

  now(): number {
    return this.inSlice ? this.scheduler.now + this.cpu.sliceCycles : this.scheduler.now;
  }

  pc(): number {
    return this.inSlice ? this.cpu.insnPc : this.cpu.pc;
  }

  irq(line: number, asserted: boolean, source: string): void {
    let set = this.irqSources.get(line);
    if (!set) this.irqSources.set(line, (set = new Set()));
    const before = set.size > 0;
    if (asserted) set.add(source);
    else set.delete(source);
    const after = set.size > 0;
    if (before !== after) {
      this.cpu.setIrq(line, after);
      this.cpu.attention |= ATTN_IRQ;
    }
  }

  saveIrq(): Record<string, string[]> {
    const o: Record<string, string[]> = {};
    for (const [line, set] of this.irqSources) if (set.size > 0) o[String(line)] = [...set].sort();
    return o;
  }

  /** Restore wired-OR line state; the CPU's own view of its inputs comes from its saved state. */
  restoreIrq(o: Record<string, string[]>): void {
    this.irqSources.clear();
    for (const [line, list] of Object.entries(o)) this.irqSources.set(Number(line), new Set(list));
  }

  irqLevel(line: number): boolean {
    return (this.irqSources.get(line)?.size ?? 0) > 0;
  }

  serial(name = 'primary'): SerialPort {
    let p = this.ports.get(name);
    if (!p) this.ports.set(name, (p = new SerialPort(name)));
    return p;
  }

  stop(reason: StopReason): void {
    if (this.stopReason === null) this.stopReason = reason;
    this.cpu.attention |= 1;
  }

  log(message: string): void {
    this.messages.push(message);
    if (this.onLog) this.onLog(message);
  }

  resetCpu(reason: string): void {
    this.resets.push({ cycle: this.now(), reason });
    this.log(`reset: ${reason}`);
    for (const d of this.devices) d.reset?.();
    this.cpu.reset();
    this.cpu.attention |= 1;
  }

  /** Power-on reset of the whole machine. */
  reset(): void {
    for (const d of this.devices) d.reset?.();
    this.cpu.reset();
  }

  /**
   * Run until a stop reason or until virtual time reaches `limit` cycles (absolute).
   * Returns the stop reason, or null when the limit was reached first.
   */
  runUntilCycle(limit: number): StopReason | null {
    const cpu = this.cpu;
    const sched = this.scheduler;
    this.syncHooks();
    while (this.stopReason === null) {
      if (cpu.halted) {
        const h = cpu.halted;
        this.stopReason = { kind: 'halt', halt: h.kind, message: h.message, pc: h.pc };
        break;
      }
      const now = sched.now;
      if (now >= limit) return null;
      const end = Math.min(sched.nextDeadline(), limit);
      if (end <= now) {
        sched.dispatch(now);
        continue;
      }
      sched.sliceEnd = end;
      cpu.sliceCycles = 0;
      this.inSlice = true;
      let used: number;
      try {
        used = cpu.run(end - now);
      } finally {
        this.inSlice = false;
        sched.sliceEnd = Infinity;
      }
      sched.dispatch(now + used);
      if (this.fetchPolicy === 'stop' && this.stopReason === null && !cpu.halted && !this.bus.isMapped(cpu.pc)) this.wildJump(cpu.pc >>> 0);
      const cause = this.hooks.cause;
      if (cause !== null) {
        this.hooks.cause = null;
        if (this.stopReason === null) {
          if (cause.kind === 'breakpoint') this.stopReason = { kind: 'breakpoint', pc: cause.pc };
          else if (cause.kind === 'instruction-limit') this.stopReason = { kind: 'instruction-limit', pc: cause.pc };
          else this.stopReason = { kind: 'hook', pc: cause.pc, detail: cause.detail };
        }
      }
    }
    return this.stopReason;
  }

  /** Run `cycles` more cycles (relative). */
  runCycles(cycles: number): StopReason | null {
    return this.runUntilCycle(this.scheduler.now + cycles);
  }

  /** Clear the stop reason so the machine can continue (the debugger's "go"). */
  resume(): void {
    if (this.stopReason && this.stopReason.kind === 'breakpoint') this.hooks.skipOnce = this.stopReason.pc;
    this.stopReason = null;
  }

  /** Attach hooks to the CPU only when something uses them (zero cost otherwise). */
  syncHooks(): void {
    const c = this.cpu as Cpu & { setHooks?: (h: ExecHooks | null) => void };
    const want = this.hooks.active ? this.hooks : null;
    if (c.hooks !== want) {
      if (c.setHooks) c.setHooks(want);
      else c.hooks = want;
    }
  }
}
