/**
 * MCS-96 instruction encoder in Intel ASM96 syntax for the CPU-independent assembler
 * (src/asm), driven by spec.ts: the same table as the executor and the disassembler, so
 * `assemble(disassemble(x))` gives back x.
 *
 *  - `createAssembler(variant)`: the `CpuAssembler` plug-in (`bytebos asm --cpu i8096`).
 *  - `assembleInstruction(text, pc, variant, symbols)`: one instruction to bytes.
 *  - `assembleProgram(source, variant)`: a whole source string through the framework.
 *
 * Operands: `#expr` immediate, `[reg]` indirect, `[reg]+` auto-increment, `expr[reg]` indexed,
 * a plain `expr` is a register (direct). SP names register 18H. Signed multiply/divide are the
 * MUL/MULB/DIV/DIVB mnemonics (FE prefix).
 *
 * Short and long forms (deterministic; the framework's `long` flag is set for good on a
 * statement whose size changed between passes):
 *  - `expr[reg]`: short-indexed (disp8) when the displacement is known and fits in -128..127,
 *    else long-indexed (disp16).
 *  - plain `expr` as the aop: direct when known and 00h-FFh, else long-indexed off the zero
 *    register (ASM96 extended addressing: `LD 30H, 4000H` = `LD 30H, 4000H[0]`).
 *  - a value not known yet (forward reference in an early pass) takes the short form.
 *  - with `long` both take the long-indexed form whatever the value.
 * The disassembler prints a long-indexed access with a displacement of 0-7FH the way it prints
 * the short form, so such bytes assemble back only with `long` (test/asm/i8096-roundtrip).
 */
import { buildOpcodeTables, FORMS, type Form, type Variant } from './spec.js';
import { REG_SP } from './registers.js';
import { AsmError, type CpuAssembler, type EncodeContext } from '../../src/asm/types.js';
import { assembleText } from '../../src/asm/assembler.js';
import { evaluate } from '../../src/asm/expr.js';
import { splitOperands } from '../../src/asm/lexer.js';

export { AsmError };

export type Symbols = Map<string, number>;

interface Operand {
  kind: 'imm' | 'ind' | 'inc' | 'idx' | 'dir';
  value: number;
  /** Register of [reg] / expr[reg]. */
  reg: number;
  /** The value depends on a symbol not defined yet (an early pass). */
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

function parseOperand(text: string, ctx: EncodeContext): Operand {
  const s = text.trim();
  if (s.startsWith('#')) {
    const e = ctx.evaluate(s.slice(1));
    return { kind: 'imm', value: e.value, reg: 0, unknown: !e.known };
  }
  const m = /^(.*)\[([^\]]+)\](\+?)$/.exec(s);
  if (m) {
    const reg = ctx.evaluate(m[2]);
    if (m[1].trim() === '') return { kind: m[3] ? 'inc' : 'ind', value: 0, reg: reg.value, unknown: !reg.known };
    if (m[3]) throw new AsmError(`"${s}": auto-increment applies to [reg] only`);
    const d = ctx.evaluate(m[1]);
    return { kind: 'idx', value: d.value, reg: reg.value, unknown: !d.known || !reg.known };
  }
  const e = ctx.evaluate(s);
  return { kind: 'dir', value: e.value, reg: 0, unknown: !e.known };
}

// ---- one instruction ----------------------------------------------------------------------------

function checkReg(v: number, align: number, what: string): number {
  if (v < 0 || v > 0xff) throw new AsmError(`${what} ${v.toString(16)}h is not a register (00h-FFh)`);
  if (v % align !== 0) throw new AsmError(`${what} ${v.toString(16).toUpperCase()}H is not ${align === 2 ? 'word' : 'long'}-aligned`);
  return v;
}

/** aa value and encoded bytes of an aop. */
function encodeAop(op: Operand, size: Form['size'], ctx: EncodeContext): { aa: number; bytes: number[] } {
  switch (op.kind) {
    case 'imm':
      if (size === 'B') {
        if (ctx.final && (op.value < -128 || op.value > 0xff)) throw new AsmError(`immediate ${op.value} does not fit in a byte`);
        return { aa: 1, bytes: [op.value & 0xff] };
      }
      if (ctx.final && (op.value < -32768 || op.value > 0xffff)) throw new AsmError(`immediate ${op.value} does not fit in a word`);
      return { aa: 1, bytes: [op.value & 0xff, (op.value >> 8) & 0xff] };
    case 'ind':
    case 'inc':
      if (!op.unknown) checkReg(op.reg, 2, 'pointer register');
      return { aa: 2, bytes: [(op.reg & 0xfe) | (op.kind === 'inc' ? 1 : 0)] };
    case 'idx': {
      if (!op.unknown) checkReg(op.reg, 2, 'index register');
      const reg = op.reg & 0xfe;
      if (!ctx.long && (op.unknown || (op.value >= -128 && op.value <= 127))) return { aa: 3, bytes: [reg, op.value & 0xff] };
      if (ctx.final && (op.value < -32768 || op.value > 0xffff)) throw new AsmError(`displacement ${op.value} does not fit in 16 bits`);
      return { aa: 3, bytes: [reg | 1, op.value & 0xff, (op.value >> 8) & 0xff] };
    }
    case 'dir':
      if (!ctx.long && (op.unknown || (op.value >= 0 && op.value <= 0xff))) return { aa: 0, bytes: [op.value & 0xff] };
      if (ctx.final && (op.value < -32768 || op.value > 0xffff)) throw new AsmError(`address ${op.value} is outside 0-0FFFFH`);
      // Extended: long-indexed off the zero register.
      return { aa: 3, bytes: [0x01, op.value & 0xff, (op.value >> 8) & 0xff] };
  }
}

function tryForm(form: Form, slots: number[], ops: Operand[], ctx: EncodeContext): number[] {
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
      if (!op || op.kind !== 'dir' || (!op.unknown && (op.value < 0 || op.value > 7))) throw new AsmError('bit number must be 0-7');
      opcode = (opcode & ~7) | (op.value & 7);
      return;
    }
    if (!op) throw new AsmError('missing operand');
    switch (field) {
      case 'aop': {
        const { aa, bytes } = encodeAop(op, form.size, ctx);
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
        body.push(op.unknown ? 0 : checkReg(op.value, align, field));
        break;
      }
      case 'cnt':
        if (op.kind === 'imm') {
          if (ctx.final && (op.value < 0 || op.value > 15)) throw new AsmError('an immediate shift count is 0-15');
          body.push(op.value & 0x0f);
        } else if (op.kind === 'dir') {
          if (ctx.final && (op.value < 0x10 || op.value > 0xff)) throw new AsmError('a shift count register is 10h-FFh');
          body.push(op.value & 0xff);
        } else throw new AsmError('shift count must be #n or a byte register');
        break;
      case 'ind':
        if (op.kind !== 'ind') throw new AsmError('operand must be [wreg]');
        body.push(op.unknown ? 0 : checkReg(op.reg, 2, 'register'));
        break;
      case 'imm8':
        if (op.kind !== 'imm') throw new AsmError('operand must be #n');
        if (ctx.final && (op.value < -128 || op.value > 0xff)) throw new AsmError(`immediate ${op.value} does not fit in a byte`);
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
  const next = (ctx.pc + bytes.length) & 0xffff;
  for (const r of rels) {
    const at = prefix.length + 1 + r.at;
    let d = ((r.target - next) << 16) >> 16;
    if (r.unknown) d = 0;
    const range = (lo: number, hi: number): void => {
      if (ctx.final && (d < lo || d > hi)) throw new AsmError(`branch target ${(r.target & 0xffff).toString(16).toUpperCase()}h is out of range (${d} bytes; ${form.mnemonic} reaches ${lo}..${hi})`);
    };
    if (r.kind === 'rel8') {
      range(-128, 127);
      bytes[at] = d & 0xff;
    } else if (r.kind === 'rel11') {
      range(-1024, 1023);
      bytes[prefix.length] = (bytes[prefix.length] & ~7) | ((d >> 8) & 7);
      bytes[at] = d & 0xff;
    } else {
      bytes[at] = d & 0xff;
      bytes[at + 1] = (d >> 8) & 0xff;
    }
  }
  return bytes;
}

function encodeInstruction(variant: Variant, mnemonic: string, operands: string[], ctx: EncodeContext): number[] {
  const cands = candidates(variant, mnemonic);
  if (cands.length === 0) throw new AsmError(`unknown instruction ${mnemonic}${variant === 'i8096' ? ' (on the 8096BH)' : ''}`);
  const ops = operands.map((o) => parseOperand(o, ctx));
  let firstError: AsmError | null = null;
  for (const { form, slots } of cands) {
    if (form.asm.length !== ops.length) continue;
    try {
      return tryForm(form, slots, ops, ctx);
    } catch (e) {
      if (!(e instanceof AsmError)) throw e;
      firstError ??= e;
    }
  }
  if (firstError) throw firstError;
  const counts = [...new Set(cands.map((c) => c.form.asm.length))].join(' or ');
  throw new AsmError(`${mnemonic} takes ${counts} operand(s), got ${ops.length}`);
}

const PREDEFINED: ReadonlyMap<string, number> = new Map([['SP', REG_SP]]);

/** The assembler plug-in for `variant` (i8096 = 8096BH, i80c196 adds the 80C196KB instructions). */
export function createAssembler(variant: Variant = 'i8096'): CpuAssembler {
  return {
    id: variant,
    littleEndian: true,
    addressBits: 16,
    predefined: PREDEFINED,
    // Mnemonics of the other variant are "instructions" too, so using an 80C196 one on the
    // 8096BH says so instead of "unknown instruction or directive".
    isInstruction: (m) => candidates('i80c196', m).length > 0,
    encode: (m, operands, ctx) => encodeInstruction(variant, m, operands, ctx),
  };
}

/** Assemble one instruction at `pc` (`long`: long forms, see the header). */
export function assembleInstruction(text: string, pc: number, variant: Variant = 'i8096', symbols: Symbols = new Map(), opts: { long?: boolean } = {}): number[] {
  const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(text);
  if (!m) throw new AsmError(`cannot parse "${text}"`);
  const lookup = (name: string): number | undefined => PREDEFINED.get(name.toUpperCase()) ?? symbols.get(name.toUpperCase());
  const ctx: EncodeContext = {
    pc, final: true, long: opts.long ?? false,
    evaluate: (t) => evaluate(t, { pc, strict: true, lookup }),
  };
  const args = m[2].trim();
  return encodeInstruction(variant, m[1].toUpperCase(), args === '' ? [] : splitOperands(args), ctx);
}

export interface AssembledProgram {
  /** Bytes by address. */
  bytes: Map<number, number>;
  symbols: Symbols;
  /** One entry per source line that produced bytes: address, bytes, the line, its statement. */
  listing: { addr: number; bytes: number[]; line: number; source: string }[];
}

/** Assemble a source string that has no file name (errors say "line N: ..."). */
export function assembleProgram(source: string, variant: Variant = 'i8096'): AssembledProgram {
  const a = assembleText(source, null, { cpu: createAssembler(variant) });
  return {
    bytes: a.bytes,
    symbols: a.symbols,
    listing: a.listing.filter((l) => l.bytes.length > 0).map((l) => ({ addr: l.addr, bytes: l.bytes, line: l.line, source: l.statement })),
  };
}
