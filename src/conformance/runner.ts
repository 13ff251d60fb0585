/**
 * The generic per-instruction vector runner: finds and reads vector files (JSON, gzip'd JSON,
 * and the SingleStepTests 68000 binary form), feeds each test to a CPU's adapter and collects
 * per-file results. Format: ../shared/vectors/README.md.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve, basename } from 'node:path';
import { InputError } from '../core/errors.js';
import { projectRoot } from '../boards/board.js';
import type { ConformanceAdapter, TestResult, VectorTest } from './types.js';

/** Where the reference vectors are: $BYTEBOS_VECTORS, else ../shared/vectors beside the checkout. */
export function vectorsRoot(): string | null {
  const env = process.env.BYTEBOS_VECTORS;
  const dir = env && env.length > 0 ? resolve(env) : resolve(projectRoot(), '..', 'shared', 'vectors');
  return existsSync(dir) ? dir : null;
}

/**
 * For tests: the vectors folder of one CPU, or null after a loud warning. Under CI (CI=true)
 * a missing folder throws, so a CI run without vectors fails instead of passing silently.
 */
export function requireVectors(cpuFolder: string): string | null {
  const root = vectorsRoot();
  const dir = root ? join(root, cpuFolder) : null;
  if (dir && existsSync(dir)) return dir;
  const msg =
    `\n${'!'.repeat(78)}\n!! Reference vectors for ${cpuFolder} not found ` +
    `(looked in ${dir ?? '$BYTEBOS_VECTORS or ../shared/vectors'}).\n!! Conformance tests for ${cpuFolder} did NOT run. ` +
    `Set BYTEBOS_VECTORS to the vectors folder.\n${'!'.repeat(78)}\n`;
  if (process.env.CI === 'true') throw new Error(msg);
  process.stderr.write(msg);
  return null;
}

const VECTOR_EXT = /\.(json|json\.gz|json\.bin\.gz|json\.bin)$/;

/** Expand files and directories (recursively) into a sorted list of vector files. */
export function listVectorFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, top: boolean): void => {
    if (!existsSync(p)) throw new InputError(p, '', 'no such file or directory');
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e), false);
    } else if (top || VECTOR_EXT.test(p)) {
      if (basename(p).toLowerCase() !== 'readme.md') out.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

function maybeGunzip(file: string, buf: Buffer): Buffer {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      return gunzipSync(buf);
    } catch (e) {
      throw new InputError(file, '', `corrupt gzip data: ${(e as Error).message}`);
    }
  }
  return buf;
}

/** Read one vector file in any supported form. */
export function loadVectorFile(file: string): VectorTest[] {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(file, '', `cannot read: ${(e as Error).message}`);
  }
  buf = maybeGunzip(file, buf);
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x1a3f5d71) return parseM68kBinary(file, buf);
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new InputError(file, '', `not valid JSON: ${(e as Error).message}`);
  }
  const tests = Array.isArray(json) ? json : (json as { tests?: unknown }).tests;
  if (!Array.isArray(tests)) throw new InputError(file, '', 'expected an array of tests or an object with "tests"');
  tests.forEach((t, i) => {
    if (typeof t !== 'object' || t === null || typeof (t as VectorTest).initial !== 'object' || typeof (t as VectorTest).final !== 'object') {
      throw new InputError(file, `test ${i}`, 'expected an object with "initial" and "final"');
    }
  });
  // File-level fields (state for ARM) are copied into tests that lack them.
  if (!Array.isArray(json)) {
    const top = json as Record<string, unknown>;
    for (const t of tests as VectorTest[]) {
      if (t.state === undefined && top.state !== undefined) t.state = top.state;
    }
  }
  return tests as VectorTest[];
}

const M68K_REGS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'usp', 'ssp', 'sr', 'pc'];

/**
 * The SingleStepTests 68000 binary form, converted to the JSON form's shape:
 * initial/final {d0.., usp, ssp, sr, pc, prefetch:[w,w], ram:[[addr, byte]...]}, length.
 */
export function parseM68kBinary(file: string, buf: Buffer): VectorTest[] {
  let p = 0;
  const need = (n: number, what: string): void => {
    if (p + n > buf.length) throw new InputError(file, `offset 0x${p.toString(16)}`, `truncated ${what}`);
  };
  const u32 = (what: string): number => {
    need(4, what);
    const v = buf.readUInt32LE(p);
    p += 4;
    return v;
  };
  const magic = (m: number, what: string): void => {
    const at = p;
    const v = u32(what);
    if (v !== m) throw new InputError(file, `offset 0x${at.toString(16)}`, `bad ${what} magic 0x${v.toString(16)}`);
  };
  magic(0x1a3f5d71, 'file');
  const count = u32('test count');
  const tests: VectorTest[] = [];
  const state = (): Record<string, unknown> => {
    u32('state length');
    magic(0x01234567, 'state');
    const s: Record<string, unknown> = {};
    for (const r of M68K_REGS) s[r] = u32(`register ${r}`);
    s.prefetch = [u32('prefetch'), u32('prefetch')];
    const n = u32('ram count');
    const ram: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const addr = u32('ram address');
      need(2, 'ram word');
      const w = buf.readUInt16LE(p);
      p += 2;
      ram.push([addr, w >>> 8], [(addr | 1) >>> 0, w & 0xff]);
    }
    s.ram = ram;
    return s;
  };
  for (let t = 0; t < count; t++) {
    const start = p;
    const len = u32('test length');
    magic(0xabc12367, 'test');
    u32('name length');
    magic(0x89abcdef, 'name');
    const sl = u32('string length');
    need(sl, 'name');
    const name = buf.toString('utf8', p, p + sl);
    p += sl;
    const initial = state();
    const final = state();
    u32('transactions length');
    magic(0x456789ab, 'transactions');
    const length = u32('cycle count');
    const tc = u32('transaction count');
    const transactions: unknown[] = [];
    for (let i = 0; i < tc; i++) {
      need(5, 'transaction');
      const kind = buf[p];
      const cyc = buf.readUInt32LE(p + 1);
      p += 5;
      if (kind === 0) transactions.push(['n', cyc]);
      else {
        need(20, 'transaction');
        const fc = buf.readUInt32LE(p);
        const addr = buf.readUInt32LE(p + 4);
        const data = buf.readUInt32LE(p + 8);
        const uds = buf.readUInt32LE(p + 12);
        const lds = buf.readUInt32LE(p + 16);
        p += 20;
        const k = ['n', 'w', 'r', 't', 're', 'we'][kind] ?? `?${kind}`;
        transactions.push([k, cyc, fc, addr, uds + lds === 2 ? '.w' : '.b', data, uds, lds]);
      }
    }
    if (p !== start + len) p = start + len;
    tests.push({ name, initial, final, length, transactions });
  }
  return tests;
}

export interface FileResult {
  file: string;
  passed: number;
  failed: number;
  cyclesCompared: number;
  cyclesMatched: number;
  failures: TestResult[];
}

export interface ConformanceSummary {
  files: FileResult[];
  passed: number;
  failed: number;
  cyclesCompared: number;
  cyclesMatched: number;
}

export interface RunOptions {
  filter?: RegExp;
  /** Keep at most this many failure records per file (all are counted). */
  keepFailures?: number;
  onFile?: (r: FileResult, index: number, total: number) => void;
  onProgress?: (testsDone: number) => void;
}

export function runVectorFiles(adapter: ConformanceAdapter, variant: string, files: string[], opts: RunOptions = {}): ConformanceSummary {
  const harness = adapter.createHarness(variant);
  const keep = opts.keepFailures ?? 20;
  const summary: ConformanceSummary = { files: [], passed: 0, failed: 0, cyclesCompared: 0, cyclesMatched: 0 };
  let done = 0;
  files.forEach((file, index) => {
    const tests = loadVectorFile(file);
    const r: FileResult = { file, passed: 0, failed: 0, cyclesCompared: 0, cyclesMatched: 0, failures: [] };
    for (const t of tests) {
      if (opts.filter && !opts.filter.test(String(t.name))) continue;
      let res: TestResult;
      try {
        res = harness.run(t);
      } catch (e) {
        res = { name: String(t.name), pass: false, mismatches: [], cyclesMatch: null, error: (e as Error).stack ?? String(e) };
      }
      if (res.pass) r.passed++;
      else {
        r.failed++;
        if (r.failures.length < keep) r.failures.push(res);
      }
      if (res.cyclesMatch !== null) {
        r.cyclesCompared++;
        if (res.cyclesMatch) r.cyclesMatched++;
      }
      done++;
      if (opts.onProgress && (done & 1023) === 0) opts.onProgress(done);
    }
    summary.files.push(r);
    summary.passed += r.passed;
    summary.failed += r.failed;
    summary.cyclesCompared += r.cyclesCompared;
    summary.cyclesMatched += r.cyclesMatched;
    opts.onFile?.(r, index, files.length);
  });
  return summary;
}
