/**
 * Scenario files for `bytebos test`: YAML or JSON, one scenario per file. Parsing validates
 * every field and reports errors as "file: line N, steps[3].within: what is wrong", so a
 * scenario author never meets a stack trace. README "Regression runs: bytebos test" documents
 * the schema; this file is its executable form.
 *
 * Addresses and register values may be symbols; they are kept as text here and resolved when
 * the image (and its symbol table) is loaded.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve, basename, extname } from 'node:path';
import { parseDocument, LineCounter, type Document } from 'yaml';
import { InputError, UserError } from '../core/errors.js';
import { parseEscapes, parseNumber } from '../cli/common.js';

/** A number, or text to resolve against the image's symbols later ("main", "buf+4", "0x100"). */
export type AddrRef = number | string;

/** An inclusive range; a plain number n means {min: n, max: n}. */
export interface Range {
  min: number;
  max: number;
}

export interface StepBase {
  /** Position in the steps list (0-based). */
  index: number;
  /** Line in the scenario file (1-based), or null when unknown. */
  line: number | null;
  /** Optional label from `name:`. */
  label: string | null;
}

export interface SendStep extends StepBase {
  kind: 'send';
  port: string;
  text: string;
  bytes: number[];
}

export interface ExpectStep extends StepBase {
  kind: 'expect';
  port: string;
  /** Literal text, or null when `regex` is used. */
  text: string | null;
  regex: { source: string; flags: string } | null;
  within: number | null;
}

export interface RunStep extends StepBase {
  kind: 'run';
  cycles: number | null;
  instructions: number | null;
  until: AddrRef | null;
  within: number | null;
}

export interface MemoryCheck {
  address: AddrRef;
  /** Expected bytes (from `bytes`, `text` or `value`+`size`). */
  expect: { bytes: number[] } | { value: number; size: 1 | 2 | 4 };
  /** For messages: how the check was written. */
  source: string;
}

export interface TaskCheck {
  state: string | null;
  priority: Range | null;
}

export interface KernelObjectCheck {
  /** semaphores: count; mailboxes: number of queued messages. */
  count: Range | null;
  waiting: Range | null;
  /** mailboxes: expected message bytes (hex), oldest first. */
  data: string[] | null;
}

export interface HeapCheck {
  intact: boolean | null;
  free: Range | null;
  used: Range | null;
  largestFree: Range | null;
  chunks: Range | null;
}

export interface OsAssert {
  tasks: {
    count: Range | null;
    names: string[] | null;
    each: Map<string, TaskCheck>;
  } | null;
  /** The allocator's heap (the profile's `heap` root). */
  heap: HeapCheck | null;
  /** Memory objects by name (or address). */
  heaps: Map<string, HeapCheck>;
  semaphores: Map<string, KernelObjectCheck>;
  mailboxes: Map<string, KernelObjectCheck>;
  findings: { errors: Range | null; warnings: Range | null; kinds: string[] | null } | null;
}

export interface AssertStep extends StepBase {
  kind: 'assert';
  registers: [string, AddrRef][];
  memory: MemoryCheck[];
  os: OsAssert | null;
  /** Serial output (so far) must contain this text. */
  serial: string | null;
}

export interface TraceSnapshotStep extends StepBase {
  kind: 'snapshot-trace';
  golden: string;
  instructions: number | null;
  cycles: number | null;
  until: AddrRef | null;
  within: number | null;
}

export interface MemorySnapshotStep extends StepBase {
  kind: 'snapshot-memory';
  golden: string;
  address: AddrRef;
  length: number;
}

export interface ExitStep extends StepBase {
  kind: 'exit';
  code: number;
  within: number | null;
}

export interface FaultStep extends StepBase {
  kind: 'fault';
  /** Regex the stop message (e.g. "fault at PC=...: address error") must match. */
  message: string | null;
  within: number | null;
}

export type Step = SendStep | ExpectStep | RunStep | AssertStep | TraceSnapshotStep | MemorySnapshotStep | ExitStep | FaultStep;

export interface Scenario {
  file: string;
  name: string;
  description: string;
  /** Absolute path of the image. */
  image: string;
  board: string | undefined;
  cpu: string | undefined;
  base: string | undefined;
  entry: string | undefined;
  format: string | undefined;
  symbols: string | undefined;
  semihosting: boolean;
  /** Total virtual-cycle budget of the scenario. */
  maxCycles: number;
  /** Default serial port for send/expect. */
  port: string;
  /** Options for the OS-aware layer: profile (file), discover, track (allocation origins). */
  os: Record<string, unknown>;
  /** Golden trace of the run's first `instructions` instructions, compared as it runs. */
  trace: { golden: string; instructions: number } | null;
  steps: Step[];
}

export const DEFAULT_MAX_CYCLES = 1_000_000_000;
export const DEFAULT_TRACE_INSTRUCTIONS = 10_000;

type Path = (string | number)[];
type Obj = Record<string, unknown>;

function pathText(p: Path): string {
  let s = '';
  for (const k of p) s += typeof k === 'number' ? `[${k}]` : s ? `.${k}` : k;
  return s;
}

/** Validation context: the file, and where each path is in it. */
class Ctx {
  constructor(
    readonly file: string,
    private readonly doc: Document | null,
    private readonly lc: LineCounter,
  ) {}

  line(p: Path): number | null {
    if (!this.doc) return null;
    for (let n = p.length; n >= 0; n--) {
      const node = this.doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return this.lc.linePos(node.range[0]).line;
    }
    return null;
  }

  fail(p: Path, what: string): never {
    const line = this.line(p);
    const where = [line !== null ? `line ${line}` : '', pathText(p)].filter(Boolean).join(', ');
    throw new InputError(this.file, where, what);
  }

  obj(p: Path, v: unknown, allowed: string[]): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(p, `expected a mapping (key: value), got ${show(v)}`);
    for (const k of Object.keys(v as Obj)) {
      if (!allowed.includes(k)) this.fail([...p, k], `unknown field "${k}" (allowed here: ${allowed.join(', ')})`);
    }
    return v as Obj;
  }

  str(p: Path, v: unknown): string {
    if (typeof v !== 'string') this.fail(p, `expected text, got ${show(v)}`);
    return v;
  }

  optStr(p: Path, v: unknown): string | undefined {
    return v === undefined || v === null ? undefined : this.str(p, typeof v === 'number' ? String(v) : v);
  }

  bool(p: Path, v: unknown): boolean {
    if (typeof v !== 'boolean') this.fail(p, `expected true or false, got ${show(v)}`);
    return v;
  }

  /** Non-negative integer: a YAML/JSON number or text such as "0x100", "5e6", "1_000_000". */
  num(p: Path, v: unknown): number {
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0) this.fail(p, `expected a whole number >= 0, got ${v}`);
      return v;
    }
    if (typeof v === 'string') {
      try {
        return parseNumber(v, pathText(p));
      } catch (e) {
        if (e instanceof UserError) this.fail(p, `expected a number, got ${show(v)}`);
        throw e;
      }
    }
    this.fail(p, `expected a number, got ${show(v)}`);
  }

  optNum(p: Path, v: unknown): number | null {
    return v === undefined || v === null ? null : this.num(p, v);
  }

  /** Any integer (register values may be negative: -1 means all ones). */
  int(p: Path, v: unknown): number {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    return this.num(p, v);
  }

  /** A number, or text naming a symbol (resolved at run time). */
  addr(p: Path, v: unknown): AddrRef {
    if (typeof v === 'number') return this.int(p, v);
    if (typeof v === 'string' && v.trim().length > 0) return v.trim();
    this.fail(p, `expected an address (number or symbol name), got ${show(v)}`);
  }

  range(p: Path, v: unknown): Range {
    if (typeof v === 'number' || typeof v === 'string') {
      const n = this.num(p, v);
      return { min: n, max: n };
    }
    const o = this.obj(p, v, ['min', 'max']);
    const min = o.min === undefined ? 0 : this.num([...p, 'min'], o.min);
    const max = o.max === undefined ? Infinity : this.num([...p, 'max'], o.max);
    if (o.min === undefined && o.max === undefined) this.fail(p, 'give min, max or both');
    if (min > max) this.fail(p, `min (${min}) is greater than max (${max})`);
    return { min, max };
  }

  optRange(p: Path, v: unknown): Range | null {
    return v === undefined || v === null ? null : this.range(p, v);
  }

  list(p: Path, v: unknown): unknown[] {
    if (!Array.isArray(v)) this.fail(p, `expected a list, got ${show(v)}`);
    return v;
  }

  regex(p: Path, source: string, flags = ''): { source: string; flags: string } {
    try {
      new RegExp(source, flags);
    } catch (e) {
      this.fail(p, `bad regular expression: ${(e as Error).message}`);
    }
    return { source, flags };
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

const STEP_KINDS = ['send', 'expect', 'run', 'assert', 'snapshot', 'exit', 'fault'];
const TOP_FIELDS = ['name', 'description', 'image', 'board', 'cpu', 'options', 'trace', 'steps'];
const OPTION_FIELDS = ['base', 'entry', 'format', 'symbols', 'semihosting', 'maxCycles', 'port', 'os'];

/** Read and validate a scenario file (.yaml, .yml or .json). */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read: ${(e as Error).message}`);
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file: string): Scenario {
  const lc = new LineCounter();
  if (extname(file).toLowerCase() === '.json') {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new InputError(file, '', `not valid JSON: ${(e as Error).message}`);
    }
  }
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos ? `line ${e.linePos[0].line}` : '';
    throw new InputError(file, line, `not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const raw = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  const c = new Ctx(file, doc, lc);
  const o = c.obj([], raw, TOP_FIELDS);
  const dir = dirname(resolve(file));
  const name = o.name === undefined ? basename(file).replace(/\.(ya?ml|json)$/i, '') : c.str(['name'], o.name);
  if (o.image === undefined) c.fail([], 'missing "image" (path of the firmware image, relative to this file)');
  const image = resolve(dir, c.str(['image'], o.image));
  const opts = o.options === undefined ? {} : c.obj(['options'], o.options, OPTION_FIELDS);
  const boardText = c.optStr(['board'], o.board);
  // A board given as a path is relative to the scenario file; a bare name is a built-in board.
  const board = boardText !== undefined && (boardText.includes('/') || boardText.endsWith('.json')) ? resolve(dir, boardText) : boardText;
  const symbols = c.optStr(['options', 'symbols'], opts.symbols);
  let trace: Scenario['trace'] = null;
  if (o.trace !== undefined) {
    const t = typeof o.trace === 'string' ? { golden: o.trace } : c.obj(['trace'], o.trace, ['golden', 'instructions']);
    trace = {
      golden: resolve(dir, c.str(['trace', 'golden'], t.golden)),
      instructions: t.instructions === undefined ? DEFAULT_TRACE_INSTRUCTIONS : c.num(['trace', 'instructions'], t.instructions),
    };
  }
  const port = c.optStr(['options', 'port'], opts.port) ?? 'primary';
  if (o.steps === undefined) c.fail([], 'missing "steps" (a list of send/expect/run/assert/snapshot/exit/fault steps)');
  const stepsRaw = c.list(['steps'], o.steps);
  const steps = stepsRaw.map((s, i) => parseStep(c, ['steps', i], s, i, dir, port));
  return {
    file,
    name,
    description: o.description === undefined ? '' : c.str(['description'], o.description),
    image,
    board,
    cpu: c.optStr(['cpu'], o.cpu),
    base: opts.base === undefined ? undefined : String(c.num(['options', 'base'], opts.base)),
    entry: c.optStr(['options', 'entry'], opts.entry),
    format: c.optStr(['options', 'format'], opts.format),
    symbols: symbols === undefined ? undefined : resolve(dir, symbols),
    semihosting: opts.semihosting === undefined ? false : c.bool(['options', 'semihosting'], opts.semihosting),
    maxCycles: opts.maxCycles === undefined ? DEFAULT_MAX_CYCLES : c.num(['options', 'maxCycles'], opts.maxCycles),
    port,
    os: opts.os === undefined ? {} : parseOsOptions(c, ['options', 'os'], opts.os, dir),
    trace,
    steps,
  };
}

function parseOsOptions(c: Ctx, p: Path, v: unknown, dir: string): Record<string, unknown> {
  const o = c.obj(p, v, ['profile', 'discover', 'track']);
  const out: Record<string, unknown> = {};
  if (o.profile !== undefined) out.profile = resolve(dir, c.str([...p, 'profile'], o.profile));
  if (o.discover !== undefined) out.discover = c.bool([...p, 'discover'], o.discover);
  if (o.track !== undefined) out.track = c.bool([...p, 'track'], o.track);
  return out;
}

function parseStep(c: Ctx, p: Path, v: unknown, index: number, dir: string, defaultPort: string): Step {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    c.fail(p, `a step is a mapping with one of: ${STEP_KINDS.join(', ')}; got ${show(v)}`);
  }
  const o = v as Obj;
  const kinds = Object.keys(o).filter((k) => STEP_KINDS.includes(k));
  if (kinds.length !== 1) {
    c.fail(p, kinds.length === 0
      ? `a step needs one of: ${STEP_KINDS.join(', ')} (found: ${Object.keys(o).join(', ') || 'nothing'})`
      : `a step has exactly one kind, found ${kinds.join(' and ')}`);
  }
  const kind = kinds[0];
  const base = {
    index,
    line: c.line(p),
    label: o.name === undefined ? null : c.str([...p, 'name'], o.name),
  };
  const kp = [...p, kind];
  const val = o[kind];
  switch (kind) {
    case 'send': {
      c.obj(p, o, ['send', 'name', 'port']);
      const text = c.str(kp, val);
      return { ...base, kind: 'send', port: c.optStr([...p, 'port'], o.port) ?? defaultPort, text, bytes: parseEscapes(text) };
    }
    case 'expect': {
      c.obj(p, o, ['expect', 'name', 'port', 'within']);
      let text: string | null = null;
      let regex: ExpectStep['regex'] = null;
      if (typeof val === 'string') text = val;
      else {
        const e = c.obj(kp, val, ['text', 'regex', 'flags']);
        if ((e.text === undefined) === (e.regex === undefined)) c.fail(kp, 'give either "text" (literal) or "regex"');
        if (e.text !== undefined) text = c.str([...kp, 'text'], e.text);
        else {
          const flags = e.flags === undefined ? '' : c.str([...kp, 'flags'], e.flags);
          if (!/^[ims]*$/.test(flags)) c.fail([...kp, 'flags'], `flags may be i, m and s, got "${flags}"`);
          regex = c.regex([...kp, 'regex'], c.str([...kp, 'regex'], e.regex), flags);
        }
      }
      if (text !== null && text.length === 0) c.fail(kp, 'the expected text is empty');
      return { ...base, kind: 'expect', port: c.optStr([...p, 'port'], o.port) ?? defaultPort, text, regex, within: c.optNum([...p, 'within'], o.within) };
    }
    case 'run': {
      c.obj(p, o, ['run', 'name', 'within']);
      if (typeof val === 'number' || typeof val === 'string') {
        return { ...base, kind: 'run', cycles: c.num(kp, val), instructions: null, until: null, within: null };
      }
      const r = c.obj(kp, val, ['cycles', 'instructions', 'until']);
      const given = ['cycles', 'instructions', 'until'].filter((k) => r[k] !== undefined);
      if (given.length !== 1) c.fail(kp, 'give exactly one of cycles, instructions, until');
      const within = c.optNum([...p, 'within'], o.within);
      if (within !== null && r.until === undefined) c.fail([...p, 'within'], '"within" goes with run: {until: ...}');
      return {
        ...base, kind: 'run',
        cycles: c.optNum([...kp, 'cycles'], r.cycles),
        instructions: c.optNum([...kp, 'instructions'], r.instructions),
        until: r.until === undefined ? null : c.addr([...kp, 'until'], r.until),
        within,
      };
    }
    case 'assert': {
      c.obj(p, o, ['assert', 'name']);
      const a = c.obj(kp, val, ['registers', 'memory', 'os', 'serial']);
      const registers: [string, AddrRef][] = [];
      if (a.registers !== undefined) {
        const r = c.obj([...kp, 'registers'], a.registers, Object.keys((a.registers as Obj) ?? {}));
        for (const [k, x] of Object.entries(r)) registers.push([k.toUpperCase(), c.addr([...kp, 'registers', k], x)]);
      }
      const memory = a.memory === undefined ? [] : c.list([...kp, 'memory'], a.memory).map((m, i) => parseMemoryCheck(c, [...kp, 'memory', i], m));
      const os = a.os === undefined ? null : parseOsAssert(c, [...kp, 'os'], a.os);
      const serial = a.serial === undefined ? null : c.str([...kp, 'serial'], a.serial);
      if (registers.length === 0 && memory.length === 0 && os === null && serial === null) c.fail(kp, 'nothing to assert (give registers, memory, os or serial)');
      return { ...base, kind: 'assert', registers, memory, os, serial };
    }
    case 'snapshot': {
      c.obj(p, o, ['snapshot', 'name', 'within']);
      const s = c.obj(kp, val, ['trace', 'memory', 'golden', 'instructions', 'cycles', 'until']);
      if ((s.trace === undefined) === (s.memory === undefined)) c.fail(kp, 'give either "trace: <golden file>" or "memory: {address, length}" with "golden: <file>"');
      if (s.trace !== undefined) {
        if (s.golden !== undefined) c.fail([...kp, 'golden'], 'for a trace the golden file is the value of "trace"');
        const given = ['cycles', 'instructions', 'until'].filter((k) => s[k] !== undefined);
        if (given.length !== 1) c.fail(kp, 'a trace snapshot needs exactly one of instructions, cycles, until');
        return {
          ...base, kind: 'snapshot-trace',
          golden: resolve(dir, c.str([...kp, 'trace'], s.trace)),
          instructions: c.optNum([...kp, 'instructions'], s.instructions),
          cycles: c.optNum([...kp, 'cycles'], s.cycles),
          until: s.until === undefined ? null : c.addr([...kp, 'until'], s.until),
          within: c.optNum([...p, 'within'], o.within),
        };
      }
      for (const k of ['instructions', 'cycles', 'until']) if (s[k] !== undefined) c.fail([...kp, k], `"${k}" belongs to trace snapshots`);
      if (o.within !== undefined) c.fail([...p, 'within'], '"within" belongs to trace snapshots');
      if (s.golden === undefined) c.fail(kp, 'a memory snapshot needs "golden: <file>"');
      const m = c.obj([...kp, 'memory'], s.memory, ['address', 'length']);
      if (m.address === undefined || m.length === undefined) c.fail([...kp, 'memory'], 'give address and length');
      const length = c.num([...kp, 'memory', 'length'], m.length);
      if (length === 0 || length > 1 << 24) c.fail([...kp, 'memory', 'length'], `length must be 1..16M, got ${length}`);
      return {
        ...base, kind: 'snapshot-memory',
        golden: resolve(dir, c.str([...kp, 'golden'], s.golden)),
        address: c.addr([...kp, 'memory', 'address'], m.address),
        length,
      };
    }
    case 'exit': {
      c.obj(p, o, ['exit', 'name', 'within']);
      let code: number;
      let within = c.optNum([...p, 'within'], o.within);
      if (typeof val === 'object' && val !== null) {
        const e = c.obj(kp, val, ['code', 'within']);
        code = e.code === undefined ? 0 : c.int([...kp, 'code'], e.code);
        if (e.within !== undefined) within = c.num([...kp, 'within'], e.within);
      } else code = c.int(kp, val);
      return { ...base, kind: 'exit', code, within };
    }
    case 'fault': {
      c.obj(p, o, ['fault', 'name', 'within']);
      let message: string | null = null;
      if (val !== null && val !== true) {
        message = c.str(kp, val);
        c.regex(kp, message);
      }
      return { ...base, kind: 'fault', message, within: c.optNum([...p, 'within'], o.within) };
    }
  }
  throw new Error(`unreachable step kind ${kind}`);
}

function parseMemoryCheck(c: Ctx, p: Path, v: unknown): MemoryCheck {
  const o = c.obj(p, v, ['address', 'bytes', 'text', 'value', 'size']);
  if (o.address === undefined) c.fail(p, 'missing "address"');
  const address = c.addr([...p, 'address'], o.address);
  const forms = ['bytes', 'text', 'value'].filter((k) => o[k] !== undefined);
  if (forms.length !== 1) c.fail(p, 'give exactly one of bytes ("01 02 ff"), text ("hello") or value (with size 1, 2 or 4)');
  if (o.size !== undefined && o.value === undefined) c.fail([...p, 'size'], '"size" goes with "value"');
  if (o.bytes !== undefined) {
    const t = c.str([...p, 'bytes'], typeof o.bytes === 'number' ? String(o.bytes) : o.bytes).replace(/[\s,:]/g, '');
    if (!/^([0-9a-fA-F]{2})+$/.test(t)) c.fail([...p, 'bytes'], 'expected hex bytes such as "01 02 ff"');
    const bytes: number[] = [];
    for (let i = 0; i < t.length; i += 2) bytes.push(parseInt(t.slice(i, i + 2), 16));
    return { address, expect: { bytes }, source: `bytes ${t.toLowerCase()}` };
  }
  if (o.text !== undefined) {
    const text = c.str([...p, 'text'], o.text);
    return { address, expect: { bytes: parseEscapes(text) }, source: `text ${JSON.stringify(text)}` };
  }
  const size = o.size === undefined ? 4 : c.num([...p, 'size'], o.size);
  if (size !== 1 && size !== 2 && size !== 4) c.fail([...p, 'size'], `size must be 1, 2 or 4, got ${size}`);
  const value = c.int([...p, 'value'], o.value);
  return { address, expect: { value, size }, source: `value ${value} (size ${size})` };
}

function parseObjects(c: Ctx, p: Path, v: unknown, what: 'semaphores' | 'mailboxes'): Map<string, KernelObjectCheck> {
  const o = c.obj(p, v, Object.keys((v as Obj) ?? {}));
  const out = new Map<string, KernelObjectCheck>();
  for (const [key, x] of Object.entries(o)) {
    const kp = [...p, key];
    if (typeof x === 'number' || typeof x === 'string') {
      out.set(key, { count: c.range(kp, x), waiting: null, data: null });
      continue;
    }
    const fields = what === 'semaphores' ? ['count', 'waiting'] : ['count', 'waiting', 'data'];
    const e = c.obj(kp, x, fields);
    let data: string[] | null = null;
    if (e.data !== undefined) {
      data = c.list([...kp, 'data'], e.data).map((d, i) => {
        const t = c.str([...kp, 'data', i], d).replace(/[\s,:]/g, '').toLowerCase();
        if (!/^([0-9a-f]{2})*$/.test(t)) c.fail([...kp, 'data', i], 'expected message bytes as hex ("48 65 6c")');
        return t;
      });
    }
    out.set(key, { count: c.optRange([...kp, 'count'], e.count), waiting: c.optRange([...kp, 'waiting'], e.waiting), data });
  }
  return out;
}

function parseHeapCheck(c: Ctx, p: Path, v: unknown): HeapCheck {
  const h = c.obj(p, v, ['intact', 'free', 'used', 'largestFree', 'chunks']);
  return {
    intact: h.intact === undefined ? null : c.bool([...p, 'intact'], h.intact),
    free: c.optRange([...p, 'free'], h.free),
    used: c.optRange([...p, 'used'], h.used),
    largestFree: c.optRange([...p, 'largestFree'], h.largestFree),
    chunks: c.optRange([...p, 'chunks'], h.chunks),
  };
}

function parseOsAssert(c: Ctx, p: Path, v: unknown): OsAssert {
  const o = c.obj(p, v, ['tasks', 'heap', 'heaps', 'semaphores', 'mailboxes', 'findings']);
  let tasks: OsAssert['tasks'] = null;
  if (o.tasks !== undefined) {
    const t = c.obj([...p, 'tasks'], o.tasks, ['count', 'names', 'states', 'priorities']);
    const each = new Map<string, TaskCheck>();
    if (t.states !== undefined) {
      const s = c.obj([...p, 'tasks', 'states'], t.states, Object.keys((t.states as Obj) ?? {}));
      for (const [k, x] of Object.entries(s)) each.set(k, { state: c.str([...p, 'tasks', 'states', k], x), priority: null });
    }
    if (t.priorities !== undefined) {
      const s = c.obj([...p, 'tasks', 'priorities'], t.priorities, Object.keys((t.priorities as Obj) ?? {}));
      for (const [k, x] of Object.entries(s)) {
        const prev = each.get(k);
        each.set(k, { state: prev?.state ?? null, priority: c.range([...p, 'tasks', 'priorities', k], x) });
      }
    }
    tasks = {
      count: c.optRange([...p, 'tasks', 'count'], t.count),
      names: t.names === undefined ? null : c.list([...p, 'tasks', 'names'], t.names).map((n, i) => c.str([...p, 'tasks', 'names', i], n)),
      each,
    };
  }
  const heap = o.heap === undefined ? null : parseHeapCheck(c, [...p, 'heap'], o.heap);
  const heaps = new Map<string, HeapCheck>();
  if (o.heaps !== undefined) {
    const h = c.obj([...p, 'heaps'], o.heaps, Object.keys((o.heaps as Obj) ?? {}));
    for (const [k, x] of Object.entries(h)) heaps.set(k, parseHeapCheck(c, [...p, 'heaps', k], x));
  }
  let findings: OsAssert['findings'] = null;
  if (o.findings !== undefined) {
    const f = c.obj([...p, 'findings'], o.findings, ['errors', 'warnings', 'kinds']);
    findings = {
      errors: c.optRange([...p, 'findings', 'errors'], f.errors),
      warnings: c.optRange([...p, 'findings', 'warnings'], f.warnings),
      kinds: f.kinds === undefined ? null : c.list([...p, 'findings', 'kinds'], f.kinds).map((k, i) => c.str([...p, 'findings', 'kinds', i], k)),
    };
  }
  return {
    tasks,
    heap,
    heaps,
    semaphores: o.semaphores === undefined ? new Map() : parseObjects(c, [...p, 'semaphores'], o.semaphores, 'semaphores'),
    mailboxes: o.mailboxes === undefined ? new Map() : parseObjects(c, [...p, 'mailboxes'], o.mailboxes, 'mailboxes'),
    findings,
  };
}

export function describeStep(s: Step): string {
  const where = s.line !== null ? `, line ${s.line}` : '';
  const kind = s.kind.startsWith('snapshot') ? 'snapshot' : s.kind;
  return `step ${s.index + 1} (${kind}${s.label ? ` "${s.label}"` : ''}${where})`;
}
