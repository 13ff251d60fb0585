/**
 * The CPU-independent assembler: symbols, directives and passes around a CPU's instruction
 * encoder (types.ts `CpuAssembler`).
 *
 * Symbols are case-insensitive (kept in upper case). A label whose name starts with `.` is
 * local: it belongs to the last global (not `.`) label above it (EQU constants do not count)
 * and is stored as
 * `GLOBAL.LOCAL`, so `.loop` can be reused under every routine and reached from elsewhere as
 * `routine.loop`. Names the CPU predefines (8096: SP) cannot be redefined.
 *
 * Directives (case-insensitive):
 *   ORG expr                  set the address
 *   name EQU expr, name = expr  constant (may refer to later labels)
 *   DB/DCB/BYTE items         bytes: expressions (-128..255) or quoted strings
 *   DW/DCW/WORD items         16-bit words in the CPU's byte order (-32768..65535)
 *   DL/DCL/LONG items         32-bit words
 *   DS/DSB/RMB n, DSW n, DSL n   reserve n bytes / words / longs (no bytes are emitted)
 *   ALIGN n                   reserve up to the next multiple of n
 *   INCLUDE "file"            read another source file here
 *   END [entry]               stop reading; the optional value is the entry point
 *   IF expr / IFDEF name / IFNDEF name, ELSE, ENDIF   conditional assembly (nestable)
 * ORG, DS, ALIGN and IF need values known where they stand (no forward references); IFDEF
 * asks whether the name is defined above the line (or predefined, or given with -D).
 *
 * Passes: every pass encodes every statement with the symbol values of the pass before
 * (forward references start unknown, and an unknown value takes the short form). The passes
 * repeat until no label moves and no statement changes size; then a final pass checks ranges
 * and undefined symbols and produces the bytes. Sizes only grow: a statement whose size
 * changed between passes is encoded in its long forms (`EncodeContext.long`) from then on, so
 * the result is deterministic and the passes end (an encoder's long forms are its longest, so a
 * statement grows at most twice: to its natural size, then to its long form).
 */
import { readFileSync } from 'node:fs';
import { evaluate, type ExprEnv } from './expr.js';
import { splitOperands, readQuoted } from './lexer.js';
import { readSource, type SourceOptions, type Statement } from './source.js';
import { AsmError, type CpuAssembler, type EncodeContext, type ExprValue } from './types.js';

export interface AsmOptions extends SourceOptions {
  cpu: CpuAssembler;
  /** Symbols defined before the first line (command-line -D). */
  defines?: ReadonlyMap<string, number>;
  /** Give up when the sizes have not settled after this many passes (default 32). */
  maxPasses?: number;
}

/** One source line in the listing. */
export interface ListingLine {
  file: string | null;
  line: number;
  /** The line as written. */
  text: string;
  /** Operation and operands without label and comment ('' when none). */
  statement: string;
  /** The label defined on this line, as written. */
  label: string | null;
  /** Address of the line's first byte (the current address for lines without bytes). */
  addr: number;
  bytes: number[];
  /** EQU lines: the value. */
  value?: number;
  /** 'insn' for instructions, 'data' for DB/DW/DL, 'other' for the rest. */
  kind: 'insn' | 'data' | 'other';
  depth: number;
}

export interface Assembly {
  cpu: string;
  /** Assembled bytes by address. */
  bytes: Map<number, number>;
  /** Labels and constants, upper case (locals as GLOBAL.LOCAL). */
  symbols: Map<string, number>;
  listing: ListingLine[];
  /** END's operand, if given. */
  entry: number | null;
  /** Passes run, the final one included. */
  passes: number;
}

interface SymbolEntry {
  value: number;
  known: boolean;
}

const DATA_WIDTH: Record<string, number> = { DB: 1, DCB: 1, BYTE: 1, DW: 2, DCW: 2, WORD: 2, DL: 4, DCL: 4, LONG: 4 };
const RESERVE_WIDTH: Record<string, number> = { DS: 1, DSB: 1, RMB: 1, DSW: 2, DSL: 4 };
const CONDITIONALS = new Set(['IF', 'IFDEF', 'IFNDEF', 'ELSE', 'ENDIF']);
const DIRECTIVES = new Set(['ORG', 'EQU', 'INCLUDE', 'END', 'ALIGN', ...CONDITIONALS, ...Object.keys(DATA_WIDTH), ...Object.keys(RESERVE_WIDTH)]);

export function isDirective(op: string): boolean {
  return DIRECTIVES.has(op);
}

/** Per-statement state carried from pass to pass. */
interface Sizing {
  size: number;
  long: boolean;
}

class Pass {
  readonly defined = new Map<string, SymbolEntry>();
  readonly bytes = new Map<number, number>();
  /** Which listing line wrote each byte (final pass: overlap messages). */
  private readonly owner = new Map<number, number>();
  readonly listing: ListingLine[] = [];
  pc = 0;
  scope = '';
  entry: number | null = null;
  changed = false;

  constructor(
    private readonly cpu: CpuAssembler,
    private readonly previous: ReadonlyMap<string, SymbolEntry>,
    private readonly sizing: Sizing[],
    readonly final: boolean,
  ) {}

  /** Full name of a symbol as written (locals get their scope). */
  fullName(name: string): string {
    const up = name.toUpperCase();
    return up.startsWith('.') ? this.scope + up : up;
  }

  lookup(name: string): number | undefined {
    const key = this.fullName(name);
    const p = this.cpu.predefined.get(key);
    if (p !== undefined) return p;
    const here = this.defined.get(key);
    if (here) return here.known ? here.value : undefined;
    const before = this.previous.get(key);
    return before && before.known ? before.value : undefined;
  }

  env(pc: number): ExprEnv {
    return { pc, strict: this.final, lookup: (n) => this.lookup(n) };
  }

  evaluate(text: string, pc = this.pc): ExprValue {
    return evaluate(text, this.env(pc));
  }

  /** A value needed now (ORG, DS, ALIGN): no forward references. */
  evaluateNow(text: string, what: string): number {
    const v = this.evaluate(text);
    if (!v.known) throw new AsmError(`${what} needs a value known at this point ("${text}" uses a symbol defined further down)`);
    return v.value;
  }

  /** Define a symbol; a global label (not an EQU constant) opens the scope of local labels. */
  define(name: string, v: SymbolEntry, label: boolean): void {
    if (label && !name.startsWith('.')) this.scope = name.toUpperCase();
    const key = this.fullName(name);
    if (this.cpu.predefined.has(key)) throw new AsmError(`${name} is a predefined name of the ${this.cpu.id} and cannot be redefined`);
    if (this.defined.has(key)) throw new AsmError(`${name} is defined twice`);
    this.defined.set(key, v);
  }

  emit(line: ListingLine, bytes: number[]): void {
    const limit = 2 ** this.cpu.addressBits;
    if (this.pc + bytes.length > limit) throw new AsmError(`the bytes run past the end of the address space (${(limit - 1).toString(16).toUpperCase()}h)`);
    if (this.final) {
      const idx = this.listing.length - 1;
      bytes.forEach((b, k) => {
        const a = this.pc + k;
        const prev = this.owner.get(a);
        if (prev !== undefined) {
          const o = this.listing[prev];
          throw new AsmError(`address ${a.toString(16).toUpperCase()}h was already assembled by ${o.file ?? 'line'}${o.file ? ':' : ' '}${o.line}`);
        }
        this.owner.set(a, idx);
        this.bytes.set(a, b & 0xff);
      });
    }
    line.bytes = bytes;
    this.pc += bytes.length;
  }

  data(args: string, width: number): number[] {
    const out: number[] = [];
    const lo = width === 4 ? -0x80000000 : -(2 ** (8 * width - 1));
    const hi = width === 4 ? 0xffffffff : 2 ** (8 * width) - 1;
    for (const item of splitOperands(args)) {
      if ((item.startsWith("'") || item.startsWith('"')) && readQuoted(item, 0).end === item.length) {
        const chars = readQuoted(item, 0).chars;
        if (chars.length !== 1 || width === 1) {
          if (width !== 1) throw new AsmError(`a string is data for DB only, not for ${width === 2 ? 'DW' : 'DL'}`);
          for (const ch of chars) {
            const c = ch.charCodeAt(0);
            if (c > 0xff) throw new AsmError(`character "${ch}" is not a byte`);
            out.push(c);
          }
          continue;
        }
      }
      const v = this.evaluate(item, this.pc + out.length);
      if (this.final && (v.value < lo || v.value > hi)) throw new AsmError(`${item} = ${v.value} does not fit in ${width === 1 ? 'a byte' : width === 2 ? 'a word' : '32 bits'}`);
      const bytes: number[] = [];
      for (let k = 0; k < width; k++) bytes.push((v.value >>> (8 * k)) & 0xff);
      out.push(...(this.cpu.littleEndian ? bytes : bytes.reverse()));
    }
    return out;
  }

  statement(st: Statement, index: number): boolean {
    const line: ListingLine = {
      file: st.file, line: st.line, text: st.text, statement: st.op ? `${st.op}${st.args ? ' ' + st.args : ''}` : '', label: st.label,
      addr: this.pc, bytes: [], kind: 'other', depth: st.depth,
    };
    this.listing.push(line);
    const op = st.op;
    if (op === 'EQU') {
      if (!st.label) throw new AsmError('EQU needs a name');
      const v = this.evaluate(st.args);
      this.define(st.label, v, false);
      line.value = v.value;
      return true;
    }
    if (st.label) this.define(st.label, { value: this.pc, known: true }, true);
    if (op === 'INCLUDE' && st.error) throw st.error;
    if (op === null || op === 'INCLUDE') return true;
    if (op === 'END') {
      if (st.depth > 0) return true;
      if (st.args) this.entry = this.evaluate(st.args).value;
      return false;
    }
    if (op === 'ORG') {
      const v = this.evaluateNow(st.args, 'ORG');
      if (v < 0 || v >= 2 ** this.cpu.addressBits) throw new AsmError(`ORG ${st.args} is outside the address space`);
      this.pc = v;
      line.addr = v;
      return true;
    }
    if (op === 'ALIGN') {
      const n = this.evaluateNow(st.args, 'ALIGN');
      if (n <= 0) throw new AsmError('ALIGN needs a positive value');
      this.pc = Math.ceil(this.pc / n) * n;
      return true;
    }
    const reserve = RESERVE_WIDTH[op];
    if (reserve !== undefined) {
      const n = this.evaluateNow(st.args, op);
      if (n < 0) throw new AsmError(`${op} needs a count of 0 or more`);
      this.pc += n * reserve;
      if (this.pc > 2 ** this.cpu.addressBits) throw new AsmError(`${op} runs past the end of the address space`);
      return true;
    }
    const width = DATA_WIDTH[op];
    if (width !== undefined) {
      if (st.args === '') throw new AsmError(`${op} needs at least one value`);
      line.kind = 'data';
      this.emit(line, this.data(st.args, width));
      return true;
    }
    if (!this.cpu.isInstruction(op)) {
      const hint = st.label === null && /^\S/.test(st.text) && st.args !== '' ? ' (a label needs a colon)' : '';
      throw new AsmError(`unknown instruction ${op}${hint}`);
    }
    line.kind = 'insn';
    const operands = st.args === '' ? [] : splitOperands(st.args);
    const pc = this.pc;
    const sizing = this.sizing[index];
    const encode = (long: boolean): number[] => {
      const ctx: EncodeContext = { pc, final: this.final, long, evaluate: (t) => this.evaluate(t, pc) };
      return this.cpu.encode(op, operands, ctx);
    };
    let bytes = encode(sizing.long);
    if (sizing.size >= 0 && bytes.length !== sizing.size) {
      if (!sizing.long) {
        sizing.long = true;
        bytes = encode(true);
      }
      if (bytes.length < sizing.size) throw new AsmError(`internal error: ${op} shrank from ${sizing.size} to ${bytes.length} bytes in its long form`);
    }
    if (bytes.length !== sizing.size) {
      this.changed = true;
      sizing.size = bytes.length;
    }
    this.emit(line, bytes);
    return true;
  }

  /** Open IF blocks: whether lines are assembled, whether a branch was taken, ELSE seen. */
  private readonly conds: { active: boolean; taken: boolean; sawElse: boolean; st: Statement }[] = [];

  private active(): boolean {
    return this.conds.length === 0 || this.conds[this.conds.length - 1].active;
  }

  /** IF/IFDEF/IFNDEF/ELSE/ENDIF. */
  private conditional(st: Statement): void {
    const op = st.op!;
    this.listing.push({
      file: st.file, line: st.line, text: st.text, statement: `${op}${st.args ? ' ' + st.args : ''}`, label: null,
      addr: this.pc, bytes: [], kind: 'other', depth: st.depth,
    });
    if (st.label) throw new AsmError(`${op} takes no label`);
    if (op === 'ELSE' || op === 'ENDIF') {
      const top = this.conds[this.conds.length - 1];
      if (!top) throw new AsmError(`${op} without IF`);
      if (st.args) throw new AsmError(`unexpected text after ${op}: ${st.args}`);
      if (op === 'ENDIF') {
        this.conds.pop();
        return;
      }
      if (top.sawElse) throw new AsmError('a second ELSE for the same IF');
      top.sawElse = true;
      const outer = this.conds.length < 2 || this.conds[this.conds.length - 2].active;
      top.active = outer && !top.taken;
      top.taken = true;
      return;
    }
    if (!this.active()) {
      this.conds.push({ active: false, taken: true, sawElse: false, st });
      return;
    }
    let on: boolean;
    if (op === 'IF') on = this.evaluateNow(st.args, 'IF') !== 0;
    else {
      if (!/^[A-Za-z_?@.][A-Za-z0-9_?@.]*$/.test(st.args)) throw new AsmError(`${op} needs a symbol name`);
      const key = this.fullName(st.args);
      const defined = this.cpu.predefined.has(key) || this.defined.has(key);
      on = op === 'IFDEF' ? defined : !defined;
    }
    this.conds.push({ active: on, taken: on, sawElse: false, st });
  }

  run(statements: Statement[]): void {
    let i = 0;
    try {
      for (; i < statements.length; i++) {
        const st = statements[i];
        if (st.op !== null && CONDITIONALS.has(st.op)) {
          this.conditional(st);
          continue;
        }
        if (!this.active()) {
          this.listing.push({ file: st.file, line: st.line, text: st.text, statement: '', label: null, addr: this.pc, bytes: [], kind: 'other', depth: st.depth });
          continue;
        }
        if (!this.statement(st, i)) break;
      }
      const open = this.conds[this.conds.length - 1];
      if (open) {
        i = statements.indexOf(open.st);
        throw new AsmError(`${open.st.op} without ENDIF`);
      }
    } catch (e) {
      const st = statements[Math.min(i, statements.length - 1)];
      if (e instanceof AsmError && !e.located && st) throw new AsmError(e.what, st.file, st.line);
      throw e;
    }
  }
}

function sameSymbols(a: ReadonlyMap<string, SymbolEntry>, b: ReadonlyMap<string, SymbolEntry>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.value !== v.value || w.known !== v.known) return false;
  }
  return true;
}

/** Assemble statements already read (see readSource). */
export function assembleStatements(statements: Statement[], opts: AsmOptions): Assembly {
  const maxPasses = opts.maxPasses ?? 32;
  const sizing: Sizing[] = statements.map(() => ({ size: -1, long: false }));
  const start = new Map<string, SymbolEntry>();
  for (const [k, v] of opts.defines ?? []) start.set(k.toUpperCase(), { value: v, known: true });
  let previous = start;
  let passes = 0;
  for (;;) {
    if (passes === maxPasses) throw new AsmError(`the sizes did not settle after ${maxPasses} passes`);
    const p = new Pass(opts.cpu, previous, sizing, false);
    for (const [k, v] of start) p.defined.set(k, v);
    p.run(statements);
    passes++;
    const settled = passes > 1 && !p.changed && sameSymbols(p.defined, previous);
    previous = p.defined;
    if (settled) break;
  }
  const final = new Pass(opts.cpu, previous, sizing, true);
  for (const [k, v] of start) final.defined.set(k, v);
  final.run(statements);
  passes++;
  if (final.changed || !sameSymbols(final.defined, previous)) throw new AsmError('internal error: the final pass moved a label');
  const symbols = new Map<string, number>();
  for (const [k, v] of final.defined) symbols.set(k, v.value);
  return { cpu: opts.cpu.id, bytes: final.bytes, symbols, listing: final.listing, entry: final.entry, passes };
}

/** Assemble source text; `name` is the file name used in messages and for includes (null: none). */
export function assembleText(text: string, name: string | null, opts: AsmOptions): Assembly {
  return assembleStatements(readSource(text, name, opts), opts);
}

/** Assemble a source file. */
export function assembleFile(path: string, opts: AsmOptions): Assembly {
  let text: string;
  try {
    text = (opts.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
  } catch (e) {
    throw new AsmError(`${path}: cannot read: ${(e as Error).message}`);
  }
  return assembleText(text, path, opts);
}

/** Contiguous runs of assembled bytes, lowest address first. */
export function segmentsOf(bytes: ReadonlyMap<number, number>): { addr: number; data: Uint8Array }[] {
  const addrs = [...bytes.keys()].sort((a, b) => a - b);
  const out: { addr: number; data: Uint8Array }[] = [];
  let i = 0;
  while (i < addrs.length) {
    let j = i;
    while (j + 1 < addrs.length && addrs[j + 1] === addrs[j] + 1) j++;
    out.push({ addr: addrs[i], data: Uint8Array.from(addrs.slice(i, j + 1).map((a) => bytes.get(a)!)) });
    i = j + 1;
  }
  return out;
}
