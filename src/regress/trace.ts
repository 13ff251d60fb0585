/**
 * Golden traces: one line per instruction in the format of `bytebos run --trace` (instruction
 * index, PC, disassembly, registers), compared against a blessed file while the machine runs.
 * The comparison happens line by line in the trace hook, so the machine stops before the first
 * instruction whose state differs: the failure report and the saved state are at that point.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Machine } from '../core/machine.js';
import { traceLine } from '../cli/run.js';

export interface TraceFields {
  index: number;
  pc: string;
  text: string;
  regs: Map<string, string>;
}

export interface Divergence {
  /** Golden file. */
  golden: string;
  /** Instruction index (since reset) of the first differing line. */
  index: number;
  /** Line number in the golden file (1-based), or null past its end. */
  goldenLine: number | null;
  expected: string | null;
  actual: string | null;
  expectedPc: string | null;
  actualPc: string | null;
  expectedText: string | null;
  actualText: string | null;
  registers: { name: string; expected: string | null; actual: string | null }[];
  /** The instruction executed just before (it produced the difference), from the actual run. */
  previous: string | null;
  /** One-line summary. */
  summary: string;
}

const REG_TOKEN = /^([A-Za-z0-9_]+)=([0-9a-fA-F]+)$/;

/** Split a trace line into index, PC, disassembly and registers. */
export function parseTraceLine(line: string): TraceFields | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length < 2 || !/^\d+$/.test(parts[0])) return null;
  let end = parts.length;
  const regs = new Map<string, string>();
  while (end > 2) {
    const m = REG_TOKEN.exec(parts[end - 1]);
    if (!m) break;
    regs.set(m[1], m[2].toLowerCase());
    end--;
  }
  return { index: Number(parts[0]), pc: parts[1], text: parts.slice(2, end).join(' '), regs };
}

/** Golden trace lines (comments starting with # and blank lines skipped). */
export function readGoldenTrace(file: string): string[] | null {
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
}

export function writeGolden(file: string, header: string, lines: string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const head = header.split('\n').map((h) => `# ${h}`).join('\n');
  writeFileSync(file, `${head}\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`);
}

export function describeDivergence(expected: string | null, actual: string | null, index: number, goldenLine: number | null, golden: string, previous: string | null): Divergence {
  const e = expected !== null ? parseTraceLine(expected) : null;
  const a = actual !== null ? parseTraceLine(actual) : null;
  const registers: Divergence['registers'] = [];
  if (e && a) {
    const names = new Set([...e.regs.keys(), ...a.regs.keys()]);
    for (const n of names) {
      const ev = e.regs.get(n) ?? null;
      const av = a.regs.get(n) ?? null;
      if (ev !== av) registers.push({ name: n, expected: ev, actual: av });
    }
  }
  let summary: string;
  if (expected === null) summary = `at instruction ${index} the run goes on past the end of the golden trace`;
  else if (actual === null) summary = `the run stopped at instruction ${index}, the golden trace goes on (next: ${expected.trim()})`;
  else if (e && a && e.pc !== a.pc) summary = `at instruction ${index}: PC ${a.pc} (${a.text}), golden has PC ${e.pc} (${e.text})`;
  else if (registers.length > 0) summary = `at instruction ${index}, PC ${a?.pc ?? '?'} (${a?.text ?? '?'}): ${registers.map((r) => `${r.name}=${r.actual ?? '-'} (golden ${r.expected ?? '-'})`).join(', ')}`;
  else summary = `at instruction ${index}: the lines differ`;
  return {
    golden, index, goldenLine, expected, actual,
    expectedPc: e?.pc ?? null, actualPc: a?.pc ?? null,
    expectedText: e?.text ?? null, actualText: a?.text ?? null,
    registers, previous, summary,
  };
}

/**
 * Records trace lines and compares them against a golden trace as they are produced.
 * `record` returns true when the machine must stop: the traces diverged, or `limit` lines are done.
 */
export class TraceRecorder {
  /** Lines recorded (kept in full when there is no golden to compare with, else the last few). */
  readonly lines: string[] = [];
  count = 0;
  divergence: Divergence | null = null;
  complete = false;
  private last: string | null = null;
  private goldenLineNo: number[] = [];

  constructor(
    readonly machine: Machine,
    readonly golden: string[] | null,
    readonly goldenFile: string,
    readonly limit: number,
    readonly keepAll: boolean,
  ) {
    if (golden) {
      // Map golden lines back to file line numbers (comments were dropped).
      const text = existsSync(goldenFile) ? readFileSync(goldenFile, 'utf8').split('\n') : [];
      for (let i = 0; i < text.length; i++) if (text[i].length > 0 && !text[i].startsWith('#')) this.goldenLineNo.push(i + 1);
    }
  }

  record(pc: number): boolean {
    if (this.complete || this.divergence) return true;
    const m = this.machine;
    const line = traceLine(m, m.cpu.instructions, pc);
    const k = this.count;
    if (this.golden !== null) {
      const g = k < this.golden.length ? this.golden[k] : null;
      if (g === null || g !== line) {
        this.divergence = describeDivergence(g, line, m.cpu.instructions, g === null ? null : this.goldenLineNo[k] ?? null, this.goldenFile, this.last);
        return true;
      }
    }
    if (this.keepAll) this.lines.push(line);
    this.last = line;
    this.count = k + 1;
    if (this.count >= this.limit) {
      this.complete = true;
      return true;
    }
    return false;
  }

  /** At the end of the recorded range: a golden trace longer than the run is a divergence too. */
  finish(): Divergence | null {
    if (this.divergence || this.golden === null) return this.divergence;
    if (this.count < this.golden.length) {
      const k = this.count;
      this.divergence = describeDivergence(this.golden[k], null, this.machine.cpu.instructions, this.goldenLineNo[k] ?? null, this.goldenFile, this.last);
    }
    return this.divergence;
  }
}

/** Memory golden files: `ADDRESS  hex bytes  ascii` lines as `bytebos run --dump` prints them. */
export function parseHexDump(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const raw of text.split('\n')) {
    if (raw.startsWith('#') || raw.trim() === '') continue;
    const m = /^([0-9A-Fa-f]+)\s{2}((?:[0-9A-Fa-f]{2} ?)+)/.exec(raw);
    if (!m) continue;
    const addr = parseInt(m[1], 16);
    const bytes = m[2].trim().split(' ');
    for (let i = 0; i < bytes.length; i++) out.set(addr + i, parseInt(bytes[i], 16));
  }
  return out;
}
