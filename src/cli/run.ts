/**
 * `bytebos run`: boot an image headless, feed the serial port, stop on a condition, report.
 * Exit status: 0 success (or firmware exit 0), 1 expectation not met / firmware-reported
 * failure, 2 bad input, 3 machine fault or halt, 124 limit reached before --expect/--until,
 * 130 interrupted (Ctrl-C).
 */
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { UserError, hex } from '../core/errors.js';
import { describeStop, type Machine, type StopReason } from '../core/machine.js';
import { openSession, parseAddress, parseNumber, serialInput, formatRegs, hexDump, dumpHex, type MachineOptions } from './common.js';
import { Progress } from './progress.js';

export interface RunOptions extends MachineOptions {
  maxCycles?: string;
  maxInstructions?: string;
  until?: string;
  serialIn?: string;
  /** name=text|@file: input for another serial port (e.g. the MEX68KECB's "host" ACIA). */
  portIn?: string[];
  serialOut?: string;
  expect?: string;
  trace?: string;
  regs?: boolean;
  dump?: string[];
  json?: boolean;
  quiet?: boolean;
}

export interface RunResult {
  stop: StopReason | null;
  exitCode: number;
  machine: Machine;
}

/** A trace line: instruction index, PC, disassembly, then registers. Golden-file friendly. */
export function traceLine(m: Machine, index: number, pc: number): string {
  const cpu = m.cpu;
  const d = cpu.disassemble(pc, (a) => m.bus.peek8(a));
  const regs = cpu.info.registers.map((r) => `${r.name}=${(cpu.getReg(r.name) >>> 0).toString(16)}`).join(' ');
  return `${index} ${hex(pc, Math.ceil(cpu.info.addrBits / 4))} ${d.text.padEnd(28)} ${regs}`;
}

export function exitCodeFor(stop: StopReason | null, hadGoal: boolean): number {
  if (stop === null) return hadGoal ? 124 : 0;
  switch (stop.kind) {
    case 'exit': return stop.code === 0 ? 0 : 1;
    case 'expect':
    case 'until': return 0;
    case 'fault':
    case 'halt': return 3;
    case 'instruction-limit':
    case 'cycle-limit': return hadGoal ? 124 : 0;
    case 'user': return 130;
    default: return 0;
  }
}

export async function runCommand(imagePath: string, o: RunOptions): Promise<number> {
  const s = await openSession(imagePath, o);
  const m = s.machine;
  const cpu = m.cpu;
  const json = Boolean(o.json);
  const maxCycles = o.maxCycles !== undefined ? parseNumber(o.maxCycles, '--max-cycles') : Infinity;
  if (o.maxInstructions !== undefined) m.hooks.instructionLimit = parseNumber(o.maxInstructions, '--max-instructions');
  let untilPc = -1;
  if (o.until !== undefined) {
    untilPc = parseAddress(o.until, '--until', s.symbols);
    m.hooks.breakpoints.add(untilPc);
  }
  const dumps = (o.dump ?? []).map((d) => {
    const mm = /^(.+):(.+)$/.exec(d);
    if (!mm) throw new UserError(`--dump: expected <addr>:<len>, got "${d}"`);
    return { addr: parseAddress(mm[1], '--dump', s.symbols), len: parseNumber(mm[2], '--dump length') };
  });
  let expect: RegExp | null = null;
  if (o.expect !== undefined) {
    try {
      expect = new RegExp(o.expect, 'm');
    } catch (e) {
      throw new UserError(`--expect: bad regular expression: ${(e as Error).message}`);
    }
  }
  const port = m.serial();
  let out: WriteStream | null = null;
  const toStdout = !json && (o.serialOut === undefined || o.serialOut === '-');
  if (o.serialOut !== undefined && o.serialOut !== '-') out = createWriteStream(o.serialOut);
  let text = '';
  port.onOutput((b) => {
    if (toStdout) process.stdout.write(Buffer.from([b]));
    if (out) out.write(Buffer.from([b]));
    if (expect) {
      text += String.fromCharCode(b);
      const mt = expect.exec(text);
      if (mt) {
        m.stop({ kind: 'expect', pc: m.pc(), match: mt[0] });
        expect = null;
      }
    }
  });
  if (o.serialIn !== undefined) port.send(serialInput(o.serialIn));
  for (const spec of o.portIn ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UserError(`--port-in: expected <port>=<text|@file>, got "${spec}"`);
    const name = spec.slice(0, eq);
    if (!m.ports.has(name)) throw new UserError(`--port-in: board ${s.board.name} has no serial port "${name}" (ports: ${[...m.ports.keys()].join(', ')})`);
    m.serial(name).send(serialInput(spec.slice(eq + 1)));
  }
  if (!json && !o.quiet) m.onLog = (msg) => process.stderr.write(`bytebos: ${msg}\n`);

  let trace: WriteStream | null = null;
  if (o.trace) {
    trace = createWriteStream(o.trace);
    const t = trace;
    m.hooks.every = (pc) => {
      t.write(traceLine(m, cpu.instructions, pc) + '\n');
    };
  }

  const onSigint = (): void => m.stop({ kind: 'user', pc: m.pc(), detail: 'interrupted' });
  process.on('SIGINT', onSigint);
  const progress = new Progress('running', maxCycles === Infinity ? 0 : maxCycles, json);
  const slice = Math.max(10_000, Math.floor(m.clockHz / 20));
  let stop: StopReason | null = null;
  try {
    for (;;) {
      const target = Math.min(maxCycles, m.scheduler.now + slice);
      stop = m.runUntilCycle(target);
      if (stop !== null) break;
      if (m.scheduler.now >= maxCycles) {
        stop = { kind: 'cycle-limit', pc: cpu.pc };
        break;
      }
      progress.update(m.scheduler.now);
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    process.off('SIGINT', onSigint);
    progress.done();
  }
  if (stop.kind === 'breakpoint' && stop.pc === untilPc) stop = { kind: 'until', pc: stop.pc };
  const hadGoal = o.expect !== undefined || o.until !== undefined;
  const code = exitCodeFor(stop, hadGoal);
  if (trace) await new Promise((r) => trace!.end(r));
  if (out) await new Promise((r) => out!.end(r));

  if (json) {
    const regs: Record<string, number> = {};
    for (const r of cpu.info.registers) regs[r.name] = cpu.getReg(r.name) >>> 0;
    const dump: Record<string, string> = {};
    for (const d of dumps) dump[hex(d.addr)] = dumpHex(m, d.addr, d.len);
    const obj = {
      stop: stop.kind,
      message: describeStop(stop),
      exitCode: code,
      firmwareExit: stop.kind === 'exit' ? stop.code : null,
      cycles: m.scheduler.now,
      instructions: cpu.instructions,
      idleCycles: m.idleCycles,
      pc: cpu.pc >>> 0,
      regs,
      dump,
      serial: port.outputText(),
      ports: Object.fromEntries([...m.ports].filter(([n]) => n !== 'primary').map(([n, p]) => [n, p.outputText()])),
      log: m.messages,
      resets: m.resets,
      board: s.board.name,
      image: { file: imagePath, format: s.image.format },
    };
    process.stdout.write(JSON.stringify(obj, null, 2) + '\n');
  } else {
    if (!o.quiet) {
      const extra = hadGoal && code === 124 ? ` before ${o.expect !== undefined ? '--expect matched' : '--until was reached'}` : '';
      process.stderr.write(`bytebos: ${describeStop(stop)}${extra} (${m.scheduler.now} cycles, ${cpu.instructions} instructions)\n`);
    }
    if (o.regs) process.stdout.write(formatRegs(m) + '\n');
    for (const d of dumps) process.stdout.write(hexDump(m, d.addr, d.len) + '\n');
  }
  return code;
}

export function writeJsonFile(file: string, v: unknown): void {
  writeFileSync(file, JSON.stringify(v, null, 2) + '\n');
}
