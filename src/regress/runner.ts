/**
 * Runs one scenario: boots the image, performs its steps against virtual time, and returns a
 * JSON-safe result (so worker threads can send it back). Limits are cycles, never wall time,
 * and an `expect` match stops the machine at the instruction that sent the last byte of the
 * match, so two runs of a scenario produce the same trace and output bit for bit.
 *
 * On failure the machine is left where the failing step stopped it; the report carries the
 * step, expected vs actual, the tail of the serial output, the registers, the first divergence
 * from the golden trace (when the scenario has one) and the path of a saved state file that
 * `bytebos debug --state FILE` opens at that point.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError, hex } from '../core/errors.js';
import { describeStop, type Machine, type StopReason } from '../core/machine.js';
import { captureSnapshot, encodeSnapshot } from '../core/snapshot.js';
import { openSession, parseAddress, formatRegs, hexDump, type Session } from '../cli/common.js';
import {
  loadScenario, describeStep, type AddrRef, type AssertStep, type ExitStep, type ExpectStep, type FaultStep,
  type MemorySnapshotStep, type RunStep, type Scenario, type Step, type TraceSnapshotStep,
} from './schema.js';
import { TraceRecorder, readGoldenTrace, writeGolden, parseHexDump, type Divergence } from './trace.js';
import { defaultOsProvider, evaluateOsAssert, OsUnavailable, type OsProvider, type OsReader } from './os-assert.js';
import { formatFailure } from './report.js';
import { projectRoot } from '../boards/board.js';

export interface RunnerOptions {
  /** Write golden files (traces, memory) from this run instead of comparing. */
  updateGolden?: boolean;
  /** Directory for failure reports and state files; null or absent: write none. */
  artifacts?: string | null;
  /** Where the OS state comes from (default: the OS-aware layer of this build). */
  osProvider?: OsProvider;
  /** Paths in results are relative to this directory (default: the working directory). */
  cwd?: string;
}

export interface StepResult {
  index: number;
  kind: string;
  label: string | null;
  line: number | null;
  passed: boolean;
  message: string;
  /** Virtual time and instruction count when the step ended. */
  cycle: number;
  instructions: number;
}

export interface FailureReport {
  /** "step 3 (expect, line 14)" */
  step: string;
  stepIndex: number;
  kind: string;
  line: number | null;
  message: string;
  expected: string | null;
  actual: string | null;
  /** How the machine stopped, when it did on its own (exit, fault, ...). */
  stop: string | null;
  serialTail: string[];
  registers: Record<string, number>;
  registersText: string;
  pc: number;
  cycle: number;
  instruction: number;
  divergence: Divergence | null;
  /** What the golden trace comparison found when it did not diverge ("matched the first N instructions"). */
  traceNote: string | null;
  stateFile: string | null;
  reportFile: string | null;
}

export interface ScenarioResult {
  file: string;
  name: string;
  description: string;
  status: 'passed' | 'failed' | 'error';
  /** For status 'error': the scenario or its image could not be loaded. */
  error: string | null;
  steps: StepResult[];
  failure: FailureReport | null;
  cycles: number;
  instructions: number;
  /** Virtual cycles skipped while the CPU idled waiting for an event. */
  idleCycles: number;
  serial: string;
  log: string[];
  goldenWritten: string[];
  wallMs: number;
}

/** A step failed: what was expected, what happened. */
class StepFail extends Error {
  constructor(
    message: string,
    readonly expected: string | null = null,
    readonly actual: string | null = null,
    readonly stop: StopReason | null = null,
    readonly divergence: Divergence | null = null,
  ) {
    super(message);
  }
}

interface PortState {
  text: string;
  /** Output before this index has been consumed by earlier expects. */
  cursor: number;
}

interface PendingExpect {
  port: string;
  text: string | null;
  regex: RegExp | null;
  match: string | null;
}

function shown(s: string, max = 200): string {
  const t = s.length > max ? '…' + s.slice(s.length - max) : s;
  return JSON.stringify(t);
}

function displayPath(file: string, cwd: string): string {
  const r = relative(cwd, file);
  return (r.startsWith('..') ? file : r).split(sep).join('/');
}

/** File-name-safe form of a scenario path. */
export function slug(file: string): string {
  return file.replace(/\.(ya?ml|json)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+/, '');
}

class ScenarioRun {
  readonly m: Machine;
  readonly ports = new Map<string, PortState>();
  pending: PendingExpect | null = null;
  /** Set once the machine stopped for good (firmware exit, fault, halt). */
  finished: StopReason | null = null;
  readonly budgetEnd: number;
  scenTrace: TraceRecorder | null = null;
  scenTraceActive = false;
  stepTrace: TraceRecorder | null = null;
  osReader: OsReader | null = null;
  readonly goldenWritten: string[] = [];

  constructor(
    readonly sc: Scenario,
    readonly s: Session,
    readonly opts: RunnerOptions,
  ) {
    this.m = s.machine;
    this.budgetEnd = this.m.scheduler.now + sc.maxCycles;
    const names = new Set<string>([sc.port]);
    for (const st of sc.steps) if (st.kind === 'send' || st.kind === 'expect') names.add(st.port);
    for (const name of names) {
      const ps: PortState = { text: '', cursor: 0 };
      this.ports.set(name, ps);
      this.m.serial(name).onOutput((b) => this.onByte(name, ps, b));
    }
    if (sc.trace) {
      const golden = opts.updateGolden ? null : readGoldenTrace(sc.trace.golden);
      if (golden === null && !opts.updateGolden) {
        throw new StepFail(`golden trace ${this.show(sc.trace.golden)} does not exist; run with --update-golden to record it`);
      }
      this.scenTrace = new TraceRecorder(this.m, golden, sc.trace.golden, sc.trace.instructions, Boolean(opts.updateGolden));
      this.scenTraceActive = true;
    }
  }

  private onByte(name: string, ps: PortState, b: number): void {
    ps.text += String.fromCharCode(b);
    const p = this.pending;
    if (p === null || p.port !== name || p.match !== null) return;
    const found = this.search(p, ps, false);
    if (found !== null) {
      p.match = found;
      this.m.stop({ kind: 'expect', pc: this.m.pc(), match: found });
    }
  }

  /** Look for the pending expectation in the unconsumed output; consume through the match. */
  private search(p: PendingExpect, ps: PortState, whole: boolean): string | null {
    if (p.text !== null) {
      // As bytes arrive only a match ending at the newest byte can be new.
      const i = ps.text.indexOf(p.text, whole ? ps.cursor : Math.max(ps.cursor, ps.text.length - p.text.length));
      if (i < 0) return null;
      ps.cursor = i + p.text.length;
      return p.text;
    }
    const re = p.regex!;
    re.lastIndex = ps.cursor;
    const m = re.exec(ps.text);
    if (!m) return null;
    ps.cursor = m.index + m[0].length;
    return m[0];
  }

  private syncEvery(): void {
    const scen = this.scenTraceActive ? this.scenTrace : null;
    const step = this.stepTrace;
    if (scen === null && step === null) {
      this.m.hooks.every = null;
      return;
    }
    this.m.hooks.every = (pc) => {
      if (scen !== null && scen.record(pc)) return true;
      return step !== null && step.record(pc);
    };
  }

  /** A path as reports show it (relative to the working directory when inside it). */
  show(file: string): string {
    return displayPath(file, this.opts.cwd ?? process.cwd());
  }

  private requireRunning(): void {
    if (this.finished) throw new StepFail(`the machine has already stopped: ${describeStop(this.finished)}`, null, null, this.finished);
  }

  /**
   * Run until `deadline` (absolute cycle) or a stop. Internal stops (a scenario trace that is
   * complete) are absorbed; a golden-trace divergence fails the step; exit/fault/halt end the
   * machine for the rest of the scenario.
   */
  private go(deadline: number): StopReason | null {
    this.requireRunning();
    for (;;) {
      this.syncEvery();
      const stop = this.m.runUntilCycle(Math.min(deadline, this.budgetEnd));
      if (stop === null) return null;
      if (stop.kind === 'hook') {
        const d = this.scenTrace?.divergence ?? this.stepTrace?.divergence ?? null;
        if (d) throw new StepFail(`execution diverged from the golden trace ${this.show(d.golden)}: ${d.summary}`, d.expected, d.actual, null, d);
        if (this.scenTraceActive && this.scenTrace!.complete) {
          this.scenTraceActive = false;
          this.m.resume();
          continue;
        }
        return stop;
      }
      if (stop.kind === 'exit' || stop.kind === 'fault' || stop.kind === 'halt') this.finished = stop;
      return stop;
    }
  }

  /** Continue after a stop the step asked for. */
  private resume(): void {
    this.m.resume();
  }

  private deadline(within: number | null): number {
    const now = this.m.scheduler.now;
    return within === null ? this.budgetEnd : Math.min(this.budgetEnd, now + within);
  }

  /** Why a run ended without reaching its goal, as text. */
  private notReached(stop: StopReason | null, within: number | null): string {
    if (stop !== null) return describeStop(stop);
    if (this.m.scheduler.now >= this.budgetEnd) return `the scenario's cycle budget (options.maxCycles = ${this.sc.maxCycles}) ran out`;
    return `not within ${within} cycles`;
  }

  private unexpected(stop: StopReason): never {
    throw new StepFail(`the machine stopped: ${describeStop(stop)}`, null, null, stop);
  }

  addr(ref: AddrRef, what: string): number {
    if (typeof ref === 'number') return ref;
    try {
      return parseAddress(ref, what, this.s.symbols);
    } catch (e) {
      if (e instanceof UserError) throw new StepFail(e.message);
      throw e;
    }
  }

  async step(st: Step): Promise<string> {
    switch (st.kind) {
      case 'send': return this.send(st);
      case 'expect': return this.expect(st);
      case 'run': return this.run(st);
      case 'assert': return this.assert(st);
      case 'snapshot-trace': return this.traceSnapshot(st);
      case 'snapshot-memory': return this.memorySnapshot(st);
      case 'exit': return this.exit(st);
      case 'fault': return this.fault(st);
    }
  }

  send(st: Step & { kind: 'send' }): string {
    this.requireRunning();
    this.m.serial(st.port).send(st.bytes);
    return `sent ${st.bytes.length} bytes to ${st.port}`;
  }

  expect(st: ExpectStep): string {
    const ps = this.ports.get(st.port)!;
    const what = st.text !== null ? shown(st.text) : `/${st.regex!.source}/${st.regex!.flags}`;
    const p: PendingExpect = {
      port: st.port,
      text: st.text,
      regex: st.regex ? new RegExp(st.regex.source, st.regex.flags + 'g') : null,
      match: null,
    };
    const from = ps.cursor;
    const already = this.search(p, ps, true);
    if (already !== null) return `matched ${shown(already)} in output already received`;
    this.pending = p;
    let stop: StopReason | null;
    try {
      stop = this.go(this.deadline(st.within));
    } finally {
      this.pending = null;
    }
    if (stop !== null && stop.kind === 'expect') {
      this.resume();
      return `matched ${shown(p.match!)} at PC=${hex(stop.pc)}, cycle ${this.m.scheduler.now}`;
    }
    const got = ps.text.slice(from);
    throw new StepFail(
      `expected ${what} on ${st.port}: ${this.notReached(stop, st.within)}`,
      st.text ?? `/${st.regex!.source}/${st.regex!.flags}`,
      got.length > 0 ? got.slice(-400) : '(no output since the previous match)',
      stop,
    );
  }

  run(st: RunStep): string {
    const m = this.m;
    if (st.cycles !== null) {
      const target = m.scheduler.now + st.cycles;
      const stop = this.go(target);
      if (stop !== null) this.unexpected(stop);
      if (m.scheduler.now < target) throw new StepFail(`run ${st.cycles} cycles: ${this.notReached(null, null)}`);
      return `ran ${st.cycles} cycles`;
    }
    if (st.instructions !== null) {
      const start = m.cpu.instructions;
      m.hooks.instructionLimit = start + st.instructions;
      let stop: StopReason | null;
      try {
        stop = this.go(this.budgetEnd);
      } finally {
        m.hooks.instructionLimit = Infinity;
      }
      if (stop !== null && stop.kind === 'instruction-limit') {
        this.resume();
        return `ran ${st.instructions} instructions`;
      }
      throw new StepFail(`run ${st.instructions} instructions: ${this.notReached(stop, null)} after ${m.cpu.instructions - start}`, null, null, stop);
    }
    const target = this.addr(st.until!, 'run until') >>> 0;
    const had = m.hooks.breakpoints.has(target);
    m.hooks.breakpoints.add(target);
    let stop: StopReason | null;
    try {
      stop = this.go(this.deadline(st.within));
    } finally {
      if (!had) m.hooks.breakpoints.delete(target);
    }
    if (stop !== null && stop.kind === 'breakpoint' && stop.pc >>> 0 === target) {
      this.resume();
      return `reached ${typeof st.until === 'string' ? `${st.until} (${hex(target)})` : hex(target)} at cycle ${m.scheduler.now}`;
    }
    throw new StepFail(`run until ${st.until}: ${this.notReached(stop, st.within)}`, `PC=${hex(target)}`, `PC=${hex(m.cpu.pc)}`, stop);
  }

  async assert(st: AssertStep): Promise<string> {
    const m = this.m;
    const cpu = m.cpu;
    const fails: string[] = [];
    const exp: string[] = [];
    const act: string[] = [];
    for (const [name, ref] of st.registers) {
      const info = cpu.info.registers.find((r) => r.name === name);
      let v: number;
      try {
        v = cpu.getReg(name);
      } catch {
        v = NaN;
      }
      if (!info && !Number.isFinite(v)) {
        fails.push(`unknown register ${name} (registers: ${cpu.info.registers.map((r) => r.name).join(', ')})`);
        continue;
      }
      const bits = info?.bits ?? 32;
      const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
      const want = (this.addr(ref, `register ${name}`) & mask) >>> 0;
      const got = (v & mask) >>> 0;
      if (want !== got) {
        fails.push(`register ${name}: expected ${hex(want)}${typeof ref === 'string' ? ` (${ref})` : ''}, got ${hex(got)}`);
        exp.push(`${name}=${hex(want)}`);
        act.push(`${name}=${hex(got)}`);
      }
    }
    for (const mc of st.memory) {
      const a = this.addr(mc.address, 'memory address');
      let want: number[];
      if ('bytes' in mc.expect) want = mc.expect.bytes;
      else {
        const { value, size } = mc.expect;
        want = [];
        for (let i = 0; i < size; i++) want.push((value >>> (8 * i)) & 0xff);
        if (cpu.info.bigEndian) want.reverse();
      }
      const got = want.map((_, i) => m.bus.peek8(a + i));
      const at = got.findIndex((b, i) => b !== want[i]);
      if (at >= 0) {
        const hx = (bs: number[]): string => bs.map((b) => b.toString(16).padStart(2, '0')).join(' ');
        fails.push(`memory at ${hex(a)}${typeof mc.address === 'string' ? ` (${mc.address})` : ''}, ${mc.source}: expected ${hx(want)}, got ${hx(got)} (first difference at ${hex(a + at)})`);
        exp.push(`${hex(a)}: ${hx(want)}`);
        act.push(`${hex(a)}: ${hx(got)}`);
      }
    }
    if (st.serial !== null) {
      const text = this.ports.get(this.sc.port)!.text;
      if (!text.includes(st.serial)) {
        fails.push(`serial output does not contain ${shown(st.serial)}`);
        exp.push(`output containing ${shown(st.serial)}`);
        act.push(shown(text, 400));
      }
    }
    if (st.os !== null) {
      const state = (await this.os())();
      const resolveKey = (k: string): number | null => {
        try {
          return parseAddress(k, 'OS object', this.s.symbols);
        } catch {
          return null;
        }
      };
      const osFails = evaluateOsAssert(st.os, state, resolveKey);
      fails.push(...osFails);
    }
    if (fails.length > 0) {
      throw new StepFail(fails.join('; '), exp.length ? exp.join('\n') : null, act.length ? act.join('\n') : null);
    }
    const n = st.registers.length + st.memory.length + (st.serial !== null ? 1 : 0) + (st.os !== null ? 1 : 0);
    return `${n} check${n === 1 ? '' : 's'} held`;
  }

  /** The OS-state reader, created on first use (or at the start when allocations are tracked). */
  async os(): Promise<OsReader> {
    if (this.osReader === null) {
      try {
        this.osReader = await (this.opts.osProvider ?? defaultOsProvider)(this.m, { symbols: this.s.symbols, imageBytes: this.s.image.bytes, options: this.sc.os });
      } catch (e) {
        if (e instanceof OsUnavailable) throw new StepFail(e.message);
        throw new StepFail(`the OS layer could not read this kernel: ${(e as Error).message}`);
      }
    }
    return this.osReader;
  }

  traceSnapshot(st: TraceSnapshotStep): string {
    const m = this.m;
    const update = Boolean(this.opts.updateGolden);
    const golden = update ? null : readGoldenTrace(st.golden);
    if (golden === null && !update) throw new StepFail(`golden trace ${this.show(st.golden)} does not exist; run with --update-golden to record it`);
    const rec = new TraceRecorder(m, golden, st.golden, st.instructions ?? Infinity, update);
    this.stepTrace = rec;
    let stop: StopReason | null;
    let target = -1;
    let deadline = 0;
    try {
      if (st.until !== null) {
        target = this.addr(st.until, 'snapshot until') >>> 0;
        m.hooks.breakpoints.add(target);
      }
      deadline = st.cycles !== null ? m.scheduler.now + st.cycles : this.deadline(st.within);
      stop = this.go(deadline);
    } finally {
      this.stepTrace = null;
      if (target >= 0) m.hooks.breakpoints.delete(target);
      this.syncEvery();
    }
    const ok =
      (st.cycles !== null && stop === null && m.scheduler.now >= deadline) ||
      (st.instructions !== null && stop !== null && stop.kind === 'hook' && rec.complete) ||
      (st.until !== null && stop !== null && stop.kind === 'breakpoint' && stop.pc >>> 0 === target);
    if (!ok) {
      const d = update ? null : rec.finish();
      throw new StepFail(`trace snapshot: ${this.notReached(stop, st.within)} after ${rec.count} instructions`, null, null, stop, d);
    }
    if (stop !== null) this.resume();
    if (update) {
      writeGolden(st.golden, `golden trace of ${this.sc.name}, ${describeStep(st)}: index PC disassembly registers\nregenerate: bytebos test --update-golden ${this.scenarioRef()}`, rec.lines);
      this.goldenWritten.push(st.golden);
      return `wrote ${rec.count} trace lines to ${this.show(st.golden)}`;
    }
    const d = rec.finish();
    if (d) throw new StepFail(`trace differs from ${this.show(st.golden)}: ${d.summary}`, d.expected, d.actual, null, d);
    return `${rec.count} instructions match ${this.show(st.golden)}`;
  }

  memorySnapshot(st: MemorySnapshotStep): string {
    const m = this.m;
    const a = this.addr(st.address, 'snapshot address');
    const dump = hexDump(m, a, st.length);
    if (this.opts.updateGolden) {
      writeGolden(st.golden, `golden memory of ${this.sc.name}, ${describeStep(st)}: ${st.length} bytes at ${hex(a)}\nregenerate: bytebos test --update-golden ${this.scenarioRef()}`, dump.split('\n'));
      this.goldenWritten.push(st.golden);
      return `wrote ${st.length} bytes at ${hex(a)} to ${this.show(st.golden)}`;
    }
    if (!existsSync(st.golden)) throw new StepFail(`golden memory file ${this.show(st.golden)} does not exist; run with --update-golden to record it`);
    const want = parseHexDump(readFileSync(st.golden, 'utf8'));
    let first = -1;
    let count = 0;
    for (let i = 0; i < st.length; i++) {
      const w = want.get(a + i);
      if (w === undefined || w !== m.bus.peek8(a + i)) {
        if (first < 0) first = a + i;
        count++;
      }
    }
    if (first >= 0) {
      const lineAt = first - ((first - a) % 16);
      const len = Math.min(16, a + st.length - lineAt);
      const wantLine: string[] = [];
      for (let i = 0; i < len; i++) wantLine.push(want.get(lineAt + i)?.toString(16).padStart(2, '0') ?? '--');
      throw new StepFail(
        `memory at ${hex(a)} (${st.length} bytes) differs from ${this.show(st.golden)}: ${count} byte${count === 1 ? '' : 's'}, first at ${hex(first)}`,
        `${hex(lineAt, 8)}  ${wantLine.join(' ')}`,
        hexDump(m, lineAt, len),
      );
    }
    return `${st.length} bytes at ${hex(a)} match ${this.show(st.golden)}`;
  }

  exit(st: ExitStep): string {
    const stop = this.go(this.deadline(st.within));
    if (stop !== null && stop.kind === 'exit') {
      if (stop.code === st.code) return `firmware exited with status ${stop.code} at cycle ${this.m.scheduler.now}`;
      throw new StepFail(`expected firmware exit status ${st.code}, got ${stop.code}`, `exit ${st.code}`, `exit ${stop.code}`, stop);
    }
    throw new StepFail(`expected firmware exit status ${st.code}: ${this.notReached(stop, st.within)}`, `exit ${st.code}`, stop ? describeStop(stop) : 'still running', stop);
  }

  fault(st: FaultStep): string {
    const stop = this.go(this.deadline(st.within));
    if (stop !== null && (stop.kind === 'fault' || stop.kind === 'halt')) {
      const text = describeStop(stop);
      if (st.message === null || new RegExp(st.message).test(text)) return text;
      throw new StepFail(`the machine stopped, but the message does not match /${st.message}/`, `/${st.message}/`, text, stop);
    }
    throw new StepFail(`expected a fault or halt: ${this.notReached(stop, st.within)}`, 'fault', stop ? describeStop(stop) : 'still running', stop);
  }

  /** The scenario's path for golden-file headers: relative to the project when inside it. */
  private scenarioRef(): string {
    const r = relative(projectRoot(), resolve(this.sc.file));
    return r.startsWith('..') ? basename(this.sc.file) : r.split(sep).join('/');
  }

  /** End of the scenario: a whole-run golden trace must have matched to its end. */
  finish(): void {
    const t = this.scenTrace;
    if (!t) return;
    if (this.opts.updateGolden) {
      writeGolden(t.goldenFile, `golden trace of ${this.sc.name} (first ${t.limit} instructions): index PC disassembly registers\nregenerate: bytebos test --update-golden ${this.scenarioRef()}`, t.lines);
      this.goldenWritten.push(t.goldenFile);
      return;
    }
    const d = t.finish();
    if (d) throw new StepFail(`execution diverged from the golden trace ${this.show(d.golden)}: ${d.summary}`, d.expected, d.actual, null, d);
  }
}

function serialTail(text: string, lines = 15): string[] {
  const all = text.split(/\r?\n/);
  if (all.length > 0 && all[all.length - 1] === '') all.pop();
  return all.slice(-lines);
}

/** Run the scenario in `file`. Never throws for problems in the scenario or the firmware. */
export async function runScenarioFile(file: string, opts: RunnerOptions = {}): Promise<ScenarioResult> {
  const t0 = performance.now();
  const cwd = opts.cwd ?? process.cwd();
  const shownFile = displayPath(resolve(file), cwd);
  const result: ScenarioResult = {
    file: shownFile, name: shownFile, description: '', status: 'error', error: null, steps: [], failure: null,
    cycles: 0, instructions: 0, idleCycles: 0, serial: '', log: [], goldenWritten: [], wallMs: 0,
  };
  let sc: Scenario;
  let run: ScenarioRun;
  try {
    sc = loadScenario(file);
    result.name = sc.name;
    result.description = sc.description;
    if (!existsSync(sc.image)) throw new UserError(`${shownFile}: image ${displayPath(sc.image, cwd)} does not exist`);
    const session = await openSession(sc.image, {
      board: sc.board, cpu: sc.cpu, base: sc.base, entry: sc.entry, format: sc.format, symbols: sc.symbols, semihosting: sc.semihosting,
    });
    run = new ScenarioRun(sc, session, opts);
    // Allocation tracking must watch the allocator from the first instruction.
    if (sc.os.track === true) await run.os();
  } catch (e) {
    result.error = e instanceof UserError || e instanceof StepFail ? e.message : `internal error: ${(e as Error).stack ?? String(e)}`;
    result.wallMs = performance.now() - t0;
    return result;
  }
  const m = run.m;
  let failedAt: Step | null = null;
  let fail: StepFail | null = null;
  for (const st of sc.steps) {
    try {
      const message = await run.step(st);
      result.steps.push({ index: st.index, kind: st.kind, label: st.label, line: st.line, passed: true, message, cycle: m.scheduler.now, instructions: m.cpu.instructions });
    } catch (e) {
      fail = e instanceof StepFail ? e : new StepFail(`internal error: ${(e as Error).stack ?? String(e)}`);
      failedAt = st;
      result.steps.push({ index: st.index, kind: st.kind, label: st.label, line: st.line, passed: false, message: fail.message, cycle: m.scheduler.now, instructions: m.cpu.instructions });
      break;
    }
  }
  if (!fail) {
    try {
      run.finish();
    } catch (e) {
      fail = e instanceof StepFail ? e : new StepFail(String(e));
    }
  }
  const primary = run.ports.get(sc.port)!;
  result.serial = primary.text;
  result.log = [...m.messages];
  result.cycles = m.scheduler.now;
  result.instructions = m.cpu.instructions;
  result.idleCycles = m.idleCycles;
  result.goldenWritten = run.goldenWritten.map((g) => displayPath(g, cwd));
  if (!fail) {
    result.status = 'passed';
    result.wallMs = performance.now() - t0;
    return result;
  }
  result.status = 'failed';
  const regs: Record<string, number> = {};
  for (const r of m.cpu.info.registers) regs[r.name] = m.cpu.getReg(r.name) >>> 0;
  let divergence = fail.divergence;
  let traceNote: string | null = null;
  if (!divergence && run.scenTrace && !opts.updateGolden) {
    divergence = run.scenTrace.divergence;
    if (!divergence) {
      traceNote = `the run matched the golden trace ${displayPath(run.scenTrace.goldenFile, cwd)} for all ${run.scenTrace.count} instructions compared${run.scenTrace.complete ? '' : ' (up to the failure)'}`;
    }
  }
  if (divergence) divergence = { ...divergence, golden: displayPath(divergence.golden, cwd) };
  const failure: FailureReport = {
    step: failedAt ? describeStep(failedAt) : 'end of scenario',
    stepIndex: failedAt ? failedAt.index : sc.steps.length,
    kind: failedAt ? failedAt.kind : 'trace',
    line: failedAt ? failedAt.line : null,
    message: fail.message,
    expected: fail.expected,
    actual: fail.actual,
    stop: fail.stop ? describeStop(fail.stop) : null,
    serialTail: serialTail(primary.text),
    registers: regs,
    registersText: formatRegs(m),
    pc: m.cpu.pc >>> 0,
    cycle: m.scheduler.now,
    instruction: m.cpu.instructions,
    divergence,
    traceNote,
    stateFile: null,
    reportFile: null,
  };
  if (opts.artifacts) {
    mkdirSync(opts.artifacts, { recursive: true });
    const base = join(opts.artifacts, slug(shownFile));
    const stateFile = `${base}.state`;
    const boardRef = sc.board ?? run.s.board.name;
    writeFileSync(stateFile, encodeSnapshot(captureSnapshot(m, { board: boardRef, image: sc.image, note: `${sc.name}: ${failure.step}: ${fail.message}` })));
    failure.stateFile = displayPath(stateFile, cwd);
    failure.reportFile = displayPath(`${base}.failure.txt`, cwd);
    result.failure = failure;
    writeFileSync(`${base}.failure.txt`, formatFailure(result) + '\n');
  }
  result.failure = failure;
  result.wallMs = performance.now() - t0;
  return result;
}
