/**
 * MCS-96 assembler in Intel ASM96 syntax, driven by spec.ts (the same table as the executor and
 * the disassembler, so `assemble(disassemble(x))` gives back x).
 *
 *  - `assembleInstruction(text, pc, symbols)`: one instruction to bytes.
 *  - `assembleProgram(source)`: labels (`name:`), `name EQU expr`, `ORG expr`, `DCB`/`DCW`
 *    (numbers, strings in single quotes), `;` comments; passes repeat until every label
 *    settles (an aop's size depends on its value).
 *
 * Operands: `#expr` immediate, `[reg]` indirect, `[reg]+` auto-increment, `expr[reg]` indexed
 * (short when the displacement fits in a signed byte, else long), a plain `expr` is a register
 * (direct) when below 100H and a long-indexed access off the zero register otherwise, like
 * ASM96's extended addressing. Numbers: `0ABH`, `1011B`, `0x1F`, decimal; `'c'` is a character.
 * Expressions: + and - of terms, `$` is the current address. SP names register 18H.
 * Signed multiply/divide are the MUL/MULB/DIV/DIVB mnemonics (FE prefix).
 */
import { buildOpcodeTables, FORMS, type Form, type Variant } from './spec.js';
import { REG_SP } from './registers.js';

export class AsmError extends Error {}

export type Symbols = Map<string, number>;

interface Operand {
  kind: 'imm' | 'ind' | 'inc' | 'idx' | 'dir';
  value: number;
  /** Register of [reg] / expr[reg]. */
  reg: number;
  /** The value depends on a symbol not defined yet (pass 1 of a program). */
  unknown: boolean;
}

const tablesCache = new Map<Variant, ReturnType<typeof buildOpcodeTables>>();

/** (form, opcode slot) pairs per mnemonic for a variant. */
function formsByMnemonic(variant: Variant): Map<string, { form: Form; slots: number[] }[]> {
  let t = tablesCache.get(variant);
  if (!t) tablesCache.set(variant, (t = buildOpcodeTables(variant)));
  const out = new Map<string, { form: Form; slots: number[] }[]>();
  for (const form of FORMS) {
    const slots: number[] = [];
    for (let slot = 0; slot < 512; slot++) if (t.forms[slot] === form) slots.push(slot);
    if (slots.length === 0) continue;
    const list = out.get(form.mnemonic) ?? [];
    list.push({ form, slots });
    out.set(form.mnemonic, list);
  }
  return out;
}

const byMnemonicCache = new Map<Variant, Map<string, { form: Form; slots: number[] }[]>>();

function candidates(variant: Variant, mnemonic: string): { form: Form; slots: number[] }[] {
  let m = byMnemonicCache.get(variant);
  if (!m) byMnemonicCache.set(variant, (m = formsByMnemonic(variant)));
  return m.get(mnemonic) ?? [];
}

// ---- expressions ------------------------------------------------------------------------------

function parseNumber(tok: string): number | null {
  const t = tok.toUpperCase();
  if (/^0X[0-9A-F]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9][0-9A-F]*H$/.test(t)) return parseInt(t.slice(0, -1), 16);
  if (/^[01]+B$/.test(t)) return parseInt(t.slice(0, -1), 2);
  if (/^[0-9]+$/.test(t)) return parseInt(t, 10);
  return null;
}

/** Evaluate `term (+|- term)*`. Undefined symbols count as 0 and set `unknown`. */
function evaluate(text: string, pc: number, symbols: Symbols, strict: boolean): { value: number; unknown: boolean } {
  const s = text.trim();
  if (s.length === 0) throw new AsmError('missing expression');
  let value = 0;
  let unknown = false;
  const re = /\s*([+-]?)\s*('(?:[^']|'')'|[A-Za-z_?@$][\w?@$]*|[0-9][0-9A-Fa-fxXhH]*)\s*/y;
  let pos = 0;
  let first = true;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m || (!first && m[1] === '')) throw new AsmError(`bad expression "${text}"`);
    pos = re.lastIndex;
    first = false;
    const sign = m[1] === '-' ? -1 : 1;
    const tok = m[2];
    let v: number;
    if (tok.startsWith("'")) v = tok.charCodeAt(1);
    else if (tok === '$') v = pc;
    else {
      const n = parseNumber(tok);
      if (n !== null) v = n;
      else {
        const key = tok.toUpperCase();
        if (key === 'SP') v = REG_SP;
        else if (symbols.has(key)) v = symbols.get(key)!;
        else if (strict) throw new AsmError(`undefined symbol "${tok}"`);
        else {
          v = 0;
          unknown = true;
        }
      }
    }
    value += sign * v;
  }
  return { value, unknown };
}

function parseOperand(text: string, pc: number, symbols: Symbols, strict: boolean): Operand {
  const s = text.trim();
  if (s.startsWith('#')) {
    const e = evaluate(s.slice(1), pc, symbols, strict);
    return { kind: 'imm', value: e.value, reg: 0, unknown: e.unknown };
  }
  const m = /^(.*)\[([^\]]+)\](\+?)$/.exec(s);
  if (m) {
    const reg = evaluate(m[2], pc, symbols, strict);
    if (m[1].trim() === '') return { kind: m[3] ? 'inc' : 'ind', value: 0, reg: reg.value, unknown: reg.unknown };
    if (m[3]) throw new AsmError(`"${s}": auto-increment applies to [reg] only`);
    const d = evaluate(m[1], pc, symbols, strict);
    return { kind: 'idx', value: d.value, reg: reg.value, unknown: d.unknown || reg.unknown };
  }
  const e = evaluate(s, pc, symbols, strict);
  return { kind: 'dir', value: e.value, reg: 0, unknown: e.unknown };
}

/** Split operands at top-level commas (not inside quotes). */
function splitOperands(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = false;
  for (const ch of text) {
    if (ch === "'") quote = !quote;
    if (ch === ',' && !quote) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '' || out.length > 0) out.push(cur.trim());
  return out;
}

// ---- one instruction ----------------------------------------------------------------------------

function checkReg(v: number, align: number, what: string): number {
  if (v < 0 || v > 0xff) throw new AsmError(`${what} ${v.toString(16)}h is not a register (00h-FFh)`);
  if (v % align !== 0) throw new AsmError(`${what} ${v.toString(16).toUpperCase()}H is not ${align === 2 ? 'word' : 'long'}-aligned`);
  return v;
}

/** aa value and encoded bytes of an aop. */
function encodeAop(op: Operand, size: Form['size'], pass1: boolean): { aa: number; bytes: number[] } {
  switch (op.kind) {
    case 'imm':
      if (size === 'B') {
        if (!pass1 && (op.value < -128 || op.value > 0xff)) throw new AsmError(`immediate ${op.value} does not fit in a byte`);
        return { aa: 1, bytes: [op.value & 0xff] };
      }
      if (!pass1 && (op.value < -32768 || op.value > 0xffff)) throw new AsmError(`immediate ${op.value} does not fit in a word`);
      return { aa: 1, bytes: [op.value & 0xff, (op.value >> 8) & 0xff] };
    case 'ind':
    case 'inc':
      checkReg(op.reg, 2, 'pointer register');
      return { aa: 2, bytes: [op.reg | (op.kind === 'inc' ? 1 : 0)] };
    case 'idx': {
      checkReg(op.reg, 2, 'index register');
      if (!op.unknown && op.value >= -128 && op.value <= 127) return { aa: 3, bytes: [op.reg, op.value & 0xff] };
      return { aa: 3, bytes: [op.reg | 1, op.value & 0xff, (op.value >> 8) & 0xff] };
    }
    case 'dir':
      if (!op.unknown && op.value >= 0 && op.value <= 0xff) return { aa: 0, bytes: [op.value] };
      // Extended: long-indexed off the zero register.
      return { aa: 3, bytes: [0x01, op.value & 0xff, (op.value >> 8) & 0xff] };
  }
}

interface Encoded {
  bytes: number[];
  form: Form;
}

function tryForm(form: Form, slots: number[], ops: Operand[], pc: number, pass1: boolean): number[] {
  const prefix = form.prefix === 0xfe ? [0xfe] : [];
  // Operands come in assembly order; map them to encoding order.
  const byEnc: (Operand | null)[] = form.enc.map(() => null);
  form.asm.forEach((encIndex, i) => (byEnc[encIndex] = ops[i]));
  let opcode = slots[0] & 0xff;
  const body: number[] = [];
  const rels: { at: number; kind: 'rel8' | 'rel11' | 'rel16'; target: number; unknown: boolean }[] = [];
  form.enc.forEach((field, i) => {
    const op = byEnc[i];
    if (field === 'bit') {
      if (!op || op.kind !== 'dir' || op.value < 0 || op.value > 7) throw new AsmError('bit number must be 0-7');
      opcode = (opcode & ~7) | op.value;
      return;
    }
    if (!op) throw new AsmError('missing operand');
    switch (field) {
      case 'aop': {
        const { aa, bytes } = encodeAop(op, form.size, pass1);
        if (form.bits.includes('a')) {
          const slot = slots.find((s) => (s & 3) === aa);
          if (slot === undefined) throw new AsmError(`${form.mnemonic} has no ${['direct', 'immediate', 'indirect', 'indexed'][aa]} form`);
          opcode = slot & 0xff;
        } else if ((opcode & 3) !== aa) throw new AsmError('wrong addressing mode for this form');
        body.push(...bytes);
        break;
      }
      case 'breg': case 'wreg': case 'lreg': case 'skip': {
        if (op.kind !== 'dir') throw new AsmError(`${field === 'skip' ? 'operand' : field} must be a register`);
        const align = field === 'wreg' ? 2 : field === 'lreg' ? 4 : 1;
        body.push(pass1 && op.unknown ? 0 : checkReg(op.value, align, field));
        break;
      }
      case 'cnt':
        if (op.kind === 'imm') {
          if (!pass1 && (op.value < 0 || op.value > 15)) throw new AsmError('an immediate shift count is 0-15');
          body.push(op.value & 0x0f);
        } else if (op.kind === 'dir') {
          if (!pass1 && (op.value < 0x10 || op.value > 0xff)) throw new AsmError('a shift count register is 10h-FFh');
          body.push(op.value & 0xff);
        } else throw new AsmError('shift count must be #n or a byte register');
        break;
      case 'ind':
        if (op.kind !== 'ind') throw new AsmError('operand must be [wreg]');
        body.push(checkReg(op.reg, 2, 'register'));
        break;
      case 'imm8':
        if (op.kind !== 'imm') throw new AsmError('operand must be #n');
        body.push(op.value & 0xff);
        break;
      case 'rel8': case 'rel11': case 'rel16':
        if (op.kind !== 'dir') throw new AsmError('branch target must be an address');
        rels.push({ at: body.length, kind: field, target: op.value, unknown: op.unknown });
        body.push(0);
        if (field === 'rel16') body.push(0);
        break;
    }
  });
  const bytes = [...prefix, opcode, ...body];
  const next = (pc + bytes.length) & 0xffff;
  for (const r of rels) {
    const at = prefix.length + 1 + r.at;
    let d = ((r.target - next) << 16) >> 16;
    if (r.unknown) d = 0;
    if (r.kind === 'rel8') {
      if (!pass1 && (d < -128 || d > 127)) throw new AsmError(`branch target ${r.target.toString(16)}h is out of range (${d} bytes)`);
      bytes[at] = d & 0xff;
    } else if (r.kind === 'rel11') {
      if (!pass1 && (d < -1024 || d > 1023)) throw new AsmError(`branch target ${r.target.toString(16)}h is out of range (${d} bytes)`);
      bytes[0] = (bytes[0] & ~7) | ((d >> 8) & 7);
      bytes[at] = d & 0xff;
    } else {
      bytes[at] = d & 0xff;
      bytes[at + 1] = (d >> 8) & 0xff;
    }
  }
  return bytes;
}

function encode(text: string, pc: number, symbols: Symbols, variant: Variant, pass1: boolean): Encoded {
  const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(text);
  if (!m) throw new AsmError(`cannot parse "${text}"`);
  const mnemonic = m[1].toUpperCase();
  const cands = candidates(variant, mnemonic);
  if (cands.length === 0) throw new AsmError(`unknown instruction ${mnemonic}${variant === 'i8096' ? ' (on the 8096BH)' : ''}`);
  const ops = splitOperands(m[2]).map((o) => parseOperand(o, pc, symbols, !pass1));
  let firstError: AsmError | null = null;
  for (const { form, slots } of cands) {
    if (form.asm.length !== ops.length) continue;
    try {
      return { bytes: tryForm(form, slots, ops, pc, pass1), form };
    } catch (e) {
      if (!(e instanceof AsmError)) throw e;
      firstError ??= e;
    }
  }
  if (firstError) throw firstError;
  const counts = [...new Set(cands.map((c) => c.form.asm.length))].join(' or ');
  throw new AsmError(`${mnemonic} takes ${counts} operand(s), got ${ops.length}`);
}

/** Assemble one instruction at `pc`. */
export function assembleInstruction(text: string, pc: number, variant: Variant = 'i8096', symbols: Symbols = new Map()): number[] {
  return encode(text, pc, symbols, variant, false).bytes;
}

// ---- programs -------------------------------------------------------------------------------------

export interface AssembledProgram {
  /** Bytes by address. */
  bytes: Map<number, number>;
  symbols: Symbols;
  /** One entry per source line that produced bytes: address, bytes, the line. */
  listing: { addr: number; bytes: number[]; line: number; source: string }[];
}

function parseData(args: string, width: 1 | 2, pc: number, symbols: Symbols, strict: boolean): number[] {
  const out: number[] = [];
  for (const item of splitOperands(args)) {
    if (width === 1 && /^'.*'$/.test(item) && item.length !== 3) {
      for (const ch of item.slice(1, -1).replace(/''/g, "'")) out.push(ch.charCodeAt(0) & 0xff);
      continue;
    }
    const v = evaluate(item, pc, symbols, strict).value;
    if (width === 1) out.push(v & 0xff);
    else out.push(v & 0xff, (v >> 8) & 0xff);
  }
  return out;
}

/** The line without its `;` comment (a `;` inside quotes is text). */
function stripComment(line: string): string {
  let quote = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") quote = !quote;
    else if (ch === ';' && !quote) return line.slice(0, i);
  }
  return line;
}

interface PassResult {
  labels: Symbols;
  bytes: Map<number, number>;
  listing: AssembledProgram['listing'];
}

/**
 * One pass over the source. `previous` holds the symbols of the pass before (forward
 * references); symbols defined earlier in this pass override them. A lenient pass treats
 * undefined symbols as unknown (longest encodings) and skips range checks.
 */
function runPass(lines: string[], previous: Symbols, variant: Variant, strict: boolean): PassResult {
  const labels: Symbols = new Map();
  const known: Symbols = new Map(previous);
  const bytes = new Map<number, number>();
  const listing: AssembledProgram['listing'] = [];
  let pc = 0;
  const define = (name: string, v: number): void => {
    const key = name.toUpperCase();
    if (labels.has(key)) throw new AsmError(`${name} is defined twice`);
    labels.set(key, v);
    known.set(key, v);
  };
  lines.forEach((raw, i) => {
    try {
      let text = stripComment(raw).trim();
      const equ = /^([A-Za-z_?@][\w?@]*)\s+EQU\s+(.+)$/i.exec(text);
      if (equ) {
        define(equ[1], evaluate(equ[2], pc, known, strict).value);
        return;
      }
      const label = /^([A-Za-z_?@][\w?@]*):\s*(.*)$/.exec(text);
      if (label) {
        define(label[1], pc);
        text = label[2];
      }
      if (text === '') return;
      const dir = /^(ORG|DCB|DCW)\s+(.*)$/i.exec(text);
      let out: number[];
      if (dir) {
        const d = dir[1].toUpperCase();
        if (d === 'ORG') {
          pc = evaluate(dir[2], pc, known, true).value & 0xffff;
          return;
        }
        out = parseData(dir[2], d === 'DCB' ? 1 : 2, pc, known, strict);
      } else out = encode(text, pc, known, variant, !strict).bytes;
      out.forEach((b, k) => bytes.set((pc + k) & 0xffff, b));
      listing.push({ addr: pc, bytes: out, line: i + 1, source: text });
      pc = (pc + out.length) & 0xffff;
    } catch (e) {
      if (e instanceof AsmError && !e.message.startsWith('line ')) throw new AsmError(`line ${i + 1}: ${e.message}`);
      throw e;
    }
  });
  return { labels, bytes, listing };
}

function sameSymbols(a: Symbols, b: Symbols): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Assemble a program (see the header for the syntax). Errors name the line. */
export function assembleProgram(source: string, variant: Variant = 'i8096'): AssembledProgram {
  const lines = source.split(/\r?\n/);
  let symbols: Symbols = new Map();
  for (let pass = 0; ; pass++) {
    if (pass === 8) throw new AsmError('labels did not settle after 8 passes');
    const r = runPass(lines, symbols, variant, false);
    const settled = pass > 0 && sameSymbols(r.labels, symbols);
    symbols = r.labels;
    if (settled) break;
  }
  const final = runPass(lines, symbols, variant, true);
  if (!sameSymbols(final.labels, symbols)) throw new AsmError('internal error: the final pass moved a label');
  return { bytes: final.bytes, symbols, listing: final.listing };
}
