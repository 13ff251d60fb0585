/**
 * The MCS-96 instruction set as one table. Everything else is derived from it:
 * the dispatch tables and state-time tables (execute.ts via `buildTables`), the disassembler
 * (disasm.ts) and, later, the assembler.
 *
 * Encoding (Intel MCS-96 manual, "Instruction set" / 8XC196 appendix A, Table A-8):
 *  - `aa` in the opcode's low two bits selects the addressing mode of the one general operand
 *    (the "aop"): 00 direct (a register byte), 01 immediate (1 or 2 bytes, by operand size),
 *    10 indirect (register byte; odd = auto-increment), 11 indexed (register byte, then disp8,
 *    or disp16 when the register byte is odd = long-indexed).
 *  - The aop bytes come first, then the register operands from source to destination:
 *    `ADD Dwreg, Swreg, aop` is 44+aa, aop, Swreg, Dwreg.
 *  - FEh is a prefix that turns MULU/MULUB/DIVU/DIVUB into the signed MUL/MULB/DIV/DIVB.
 *
 * State times are 8096BH values for operands in the register file / internal memory
 * (MCS-96 user's guide, instruction timing table). The vectors do not check timing, so they are
 * this core's best reading of the manual, laid out for comparison with it:
 *   aa forms:  [direct, immediate, indirect, indirect+, short-indexed, long-indexed]
 *   branches:  [not taken, taken]
 *   shifts:    [base] plus one state per bit shifted
 */
import { DASM_BRANCH, DASM_CALL, DASM_COND, DASM_RETURN } from '../../src/core/cpu.js';

/** Operand fields in encoding order (after the opcode byte). */
export type Field =
  | 'aop' // addressing-mode operand selected by aa; immediate size = Form.size
  | 'breg' | 'wreg' | 'lreg' // register byte (8-, 16-, 32-bit register)
  | 'cnt' // shift count: #0-15 immediate, or a byte register (16-FFh) holding the count
  | 'rel8' | 'rel11' | 'rel16' // PC-relative target (rel11 takes its top 3 bits from the opcode)
  | 'bit' // bit number from the opcode's low 3 bits (no byte)
  | 'skip' // SKIP's ignored byte
  | 'ind' // [wreg] of BR (no auto-increment)
  | 'imm8'; // plain byte immediate (IDLPD #key)

export type Size = 'B' | 'W' | 'L' | '-';
export type Variant = 'i8096' | 'i80c196';

export interface Form {
  /** Opcode bit picture, MSB first: 0/1 fixed, `a` addressing mode, `b` bit number, `d` displacement high bits. */
  bits: string;
  /** 0xFE for the signed multiply/divide forms. */
  prefix: number | null;
  mnemonic: string;
  /** Operand fields after the opcode, in byte order. */
  enc: Field[];
  /** Assembly order (destination first): indices into `enc`. */
  asm: number[];
  /** Size of the aop (immediate length, memory access width). */
  size: Size;
  /** Allowed aa values (ST/STB/POP have no immediate form). */
  modes?: number[];
  states: number[];
  /** Handler in execute.ts. */
  exec: string;
  /** DASM_* flags. */
  flow: number;
  /** First CPU that has it. */
  cpu: Variant;
}

const B = DASM_BRANCH;
const BC = DASM_BRANCH | DASM_COND;

function f(
  bits: string, mnemonic: string, enc: Field[], asm: number[], size: Size, states: number[], exec: string,
  extra: Partial<Pick<Form, 'prefix' | 'modes' | 'flow' | 'cpu'>> = {},
): Form {
  return {
    bits, mnemonic, enc, asm, size, states, exec,
    prefix: extra.prefix ?? null, modes: extra.modes, flow: extra.flow ?? 0, cpu: extra.cpu ?? 'i8096',
  };
}

// Common state-time rows.
const W2 = [4, 5, 6, 7, 6, 7]; // word 2-operand ALU / LD
const B2 = [4, 4, 6, 7, 6, 7]; // byte 2-operand ALU / LDB / LDBZE / LDBSE
const W3 = [5, 6, 7, 8, 7, 8];
const B3 = [5, 5, 7, 8, 7, 8];
const MULU2 = [25, 26, 27, 28, 27, 28];
const MULU3 = [26, 27, 28, 29, 28, 29];
const MULUB2 = [17, 17, 19, 20, 19, 20];
const MULUB3 = [18, 18, 20, 21, 20, 21];
const DIVU = [25, 26, 28, 29, 28, 29];
const DIVUB = [17, 17, 20, 21, 20, 21];
/** The FE prefix costs these extra states on the signed forms. */
const plus = (row: number[], n: number): number[] => row.map((s) => s + n);
const STORE = [4, 0, 5, 6, 5, 6];
const PUSH = [8, 8, 11, 12, 11, 12];
const POP = [12, 0, 14, 14, 14, 14];

/** aop, then the destination register (2-operand: `OP dst, aop`). */
const AOP_DST: [Field[], number[]] = [['aop', 'wreg'], [1, 0]];
const AOP_BDST: [Field[], number[]] = [['aop', 'breg'], [1, 0]];
const AOP_LDST: [Field[], number[]] = [['aop', 'lreg'], [1, 0]];
/** aop, src1, dst (3-operand: `OP dst, src1, aop`). */
const AOP_W3: [Field[], number[]] = [['aop', 'wreg', 'wreg'], [2, 1, 0]];
const AOP_B3: [Field[], number[]] = [['aop', 'breg', 'breg'], [2, 1, 0]];
const AOP_L3: [Field[], number[]] = [['aop', 'wreg', 'lreg'], [2, 1, 0]];
const AOP_BW3: [Field[], number[]] = [['aop', 'breg', 'wreg'], [2, 1, 0]];

export const FORMS: Form[] = [
  // ---- 00-1F: single-register operations and shifts --------------------------------------
  f('0000 0000', 'SKIP', ['skip'], [0], '-', [4], 'skip'),
  f('0000 0001', 'CLR', ['wreg'], [0], 'W', [4], 'clr'),
  f('0000 0010', 'NOT', ['wreg'], [0], 'W', [4], 'not'),
  f('0000 0011', 'NEG', ['wreg'], [0], 'W', [4], 'neg'),
  f('0000 0100', 'XCH', ['aop', 'wreg'], [1, 0], 'W', [5], 'xch', { cpu: 'i80c196' }),
  f('0000 0101', 'DEC', ['wreg'], [0], 'W', [4], 'dec'),
  f('0000 0110', 'EXT', ['lreg'], [0], 'L', [4], 'ext'),
  f('0000 0111', 'INC', ['wreg'], [0], 'W', [4], 'inc'),
  f('0000 1000', 'SHR', ['cnt', 'wreg'], [1, 0], 'W', [6], 'shr'),
  f('0000 1001', 'SHL', ['cnt', 'wreg'], [1, 0], 'W', [6], 'shl'),
  f('0000 1010', 'SHRA', ['cnt', 'wreg'], [1, 0], 'W', [6], 'shra'),
  f('0000 1011', 'XCH', ['aop', 'wreg'], [1, 0], 'W', [0, 0, 0, 0, 8, 9], 'xch', { cpu: 'i80c196' }),
  f('0000 1100', 'SHRL', ['cnt', 'lreg'], [1, 0], 'L', [7], 'shrl'),
  f('0000 1101', 'SHLL', ['cnt', 'lreg'], [1, 0], 'L', [7], 'shll'),
  f('0000 1110', 'SHRAL', ['cnt', 'lreg'], [1, 0], 'L', [7], 'shral'),
  f('0000 1111', 'NORML', ['breg', 'lreg'], [1, 0], 'L', [8], 'norml'),
  f('0001 0001', 'CLRB', ['breg'], [0], 'B', [4], 'clrb'),
  f('0001 0010', 'NOTB', ['breg'], [0], 'B', [4], 'notb'),
  f('0001 0011', 'NEGB', ['breg'], [0], 'B', [4], 'negb'),
  f('0001 0100', 'XCHB', ['aop', 'breg'], [1, 0], 'B', [5], 'xchb', { cpu: 'i80c196' }),
  f('0001 0101', 'DECB', ['breg'], [0], 'B', [4], 'decb'),
  f('0001 0110', 'EXTB', ['wreg'], [0], 'W', [4], 'extb'),
  f('0001 0111', 'INCB', ['breg'], [0], 'B', [4], 'incb'),
  f('0001 1000', 'SHRB', ['cnt', 'breg'], [1, 0], 'B', [6], 'shrb'),
  f('0001 1001', 'SHLB', ['cnt', 'breg'], [1, 0], 'B', [6], 'shlb'),
  f('0001 1010', 'SHRAB', ['cnt', 'breg'], [1, 0], 'B', [6], 'shrab'),
  f('0001 1011', 'XCHB', ['aop', 'breg'], [1, 0], 'B', [0, 0, 0, 0, 8, 9], 'xchb', { cpu: 'i80c196' }),

  // ---- 20-3F: short jumps/calls and bit tests ---------------------------------------------
  f('0010 0ddd', 'SJMP', ['rel11'], [0], '-', [8], 'sjmp', { flow: B }),
  f('0010 1ddd', 'SCALL', ['rel11'], [0], '-', [11], 'scall', { flow: DASM_CALL }),
  f('0011 0bbb', 'JBC', ['breg', 'bit', 'rel8'], [0, 1, 2], '-', [5, 9], 'jbc', { flow: BC }),
  f('0011 1bbb', 'JBS', ['breg', 'bit', 'rel8'], [0, 1, 2], '-', [5, 9], 'jbs', { flow: BC }),

  // ---- 40-5F: three-operand ALU -----------------------------------------------------------
  f('0100 00aa', 'AND', ...AOP_W3, 'W', W3, 'and3'),
  f('0100 01aa', 'ADD', ...AOP_W3, 'W', W3, 'add3'),
  f('0100 10aa', 'SUB', ...AOP_W3, 'W', W3, 'sub3'),
  f('0100 11aa', 'MULU', ...AOP_L3, 'W', MULU3, 'mulu3'),
  f('0101 00aa', 'ANDB', ...AOP_B3, 'B', B3, 'andb3'),
  f('0101 01aa', 'ADDB', ...AOP_B3, 'B', B3, 'addb3'),
  f('0101 10aa', 'SUBB', ...AOP_B3, 'B', B3, 'subb3'),
  f('0101 11aa', 'MULUB', ...AOP_BW3, 'B', MULUB3, 'mulub3'),

  // ---- 60-BF: two-operand ALU, loads ------------------------------------------------------
  f('0110 00aa', 'AND', ...AOP_DST, 'W', W2, 'and2'),
  f('0110 01aa', 'ADD', ...AOP_DST, 'W', W2, 'add2'),
  f('0110 10aa', 'SUB', ...AOP_DST, 'W', W2, 'sub2'),
  f('0110 11aa', 'MULU', ...AOP_LDST, 'W', MULU2, 'mulu2'),
  f('0111 00aa', 'ANDB', ...AOP_BDST, 'B', B2, 'andb2'),
  f('0111 01aa', 'ADDB', ...AOP_BDST, 'B', B2, 'addb2'),
  f('0111 10aa', 'SUBB', ...AOP_BDST, 'B', B2, 'subb2'),
  f('0111 11aa', 'MULUB', ...AOP_DST, 'B', MULUB2, 'mulub2'),
  f('1000 00aa', 'OR', ...AOP_DST, 'W', W2, 'or2'),
  f('1000 01aa', 'XOR', ...AOP_DST, 'W', W2, 'xor2'),
  f('1000 10aa', 'CMP', ...AOP_DST, 'W', W2, 'cmp2'),
  f('1000 11aa', 'DIVU', ...AOP_LDST, 'W', DIVU, 'divu'),
  f('1001 00aa', 'ORB', ...AOP_BDST, 'B', B2, 'orb2'),
  f('1001 01aa', 'XORB', ...AOP_BDST, 'B', B2, 'xorb2'),
  f('1001 10aa', 'CMPB', ...AOP_BDST, 'B', B2, 'cmpb2'),
  f('1001 11aa', 'DIVUB', ...AOP_DST, 'B', DIVUB, 'divub'),
  f('1010 00aa', 'LD', ...AOP_DST, 'W', W2, 'ld'),
  f('1010 01aa', 'ADDC', ...AOP_DST, 'W', W2, 'addc'),
  f('1010 10aa', 'SUBC', ...AOP_DST, 'W', W2, 'subc'),
  f('1010 11aa', 'LDBZE', ...AOP_DST, 'B', B2, 'ldbze'),
  f('1011 00aa', 'LDB', ...AOP_BDST, 'B', B2, 'ldb'),
  f('1011 01aa', 'ADDCB', ...AOP_BDST, 'B', B2, 'addcb'),
  f('1011 10aa', 'SUBCB', ...AOP_BDST, 'B', B2, 'subcb'),
  f('1011 11aa', 'LDBSE', ...AOP_DST, 'B', B2, 'ldbse'),

  // ---- C0-CF: stores, stack, 80C196 block moves -------------------------------------------
  f('1100 00aa', 'ST', ...AOP_DST, 'W', STORE, 'st', { modes: [0, 2, 3] }),
  f('1100 0001', 'BMOV', ['wreg', 'lreg'], [1, 0], 'W', [6], 'bmov', { cpu: 'i80c196' }),
  f('1100 01aa', 'STB', ...AOP_BDST, 'B', STORE, 'stb', { modes: [0, 2, 3] }),
  f('1100 0101', 'CMPL', ['lreg', 'lreg'], [1, 0], 'L', [7], 'cmpl', { cpu: 'i80c196' }),
  f('1100 10aa', 'PUSH', ['aop'], [0], 'W', PUSH, 'push'),
  f('1100 11aa', 'POP', ['aop'], [0], 'W', POP, 'pop', { modes: [0, 2, 3] }),

  // ---- D0-DF: conditional jumps (condition = low nibble) ----------------------------------
  f('1101 0000', 'JNST', ['rel8'], [0], '-', [4, 8], 'jnst', { flow: BC }),
  f('1101 0001', 'JNH', ['rel8'], [0], '-', [4, 8], 'jnh', { flow: BC }),
  f('1101 0010', 'JGT', ['rel8'], [0], '-', [4, 8], 'jgt', { flow: BC }),
  f('1101 0011', 'JNC', ['rel8'], [0], '-', [4, 8], 'jnc', { flow: BC }),
  f('1101 0100', 'JNVT', ['rel8'], [0], '-', [4, 8], 'jnvt', { flow: BC }),
  f('1101 0101', 'JNV', ['rel8'], [0], '-', [4, 8], 'jnv', { flow: BC }),
  f('1101 0110', 'JGE', ['rel8'], [0], '-', [4, 8], 'jge', { flow: BC }),
  f('1101 0111', 'JNE', ['rel8'], [0], '-', [4, 8], 'jne', { flow: BC }),
  f('1101 1000', 'JST', ['rel8'], [0], '-', [4, 8], 'jst', { flow: BC }),
  f('1101 1001', 'JH', ['rel8'], [0], '-', [4, 8], 'jh', { flow: BC }),
  f('1101 1010', 'JLE', ['rel8'], [0], '-', [4, 8], 'jle', { flow: BC }),
  f('1101 1011', 'JC', ['rel8'], [0], '-', [4, 8], 'jc', { flow: BC }),
  f('1101 1100', 'JVT', ['rel8'], [0], '-', [4, 8], 'jvt', { flow: BC }),
  f('1101 1101', 'JV', ['rel8'], [0], '-', [4, 8], 'jv', { flow: BC }),
  f('1101 1110', 'JLT', ['rel8'], [0], '-', [4, 8], 'jlt', { flow: BC }),
  f('1101 1111', 'JE', ['rel8'], [0], '-', [4, 8], 'je', { flow: BC }),

  // ---- E0-FF: loops, long jumps, PSW, misc ------------------------------------------------
  f('1110 0000', 'DJNZ', ['breg', 'rel8'], [0, 1], '-', [5, 9], 'djnz', { flow: BC }),
  f('1110 0001', 'DJNZW', ['wreg', 'rel8'], [0, 1], '-', [6, 10], 'djnzw', { flow: BC, cpu: 'i80c196' }),
  f('1110 0011', 'BR', ['ind'], [0], '-', [8], 'br', { flow: B }),
  f('1110 0111', 'LJMP', ['rel16'], [0], '-', [8], 'ljmp', { flow: B }),
  f('1110 1111', 'LCALL', ['rel16'], [0], '-', [13], 'lcall', { flow: DASM_CALL }),
  f('1111 0000', 'RET', [], [], '-', [12], 'ret', { flow: DASM_RETURN }),
  f('1111 0010', 'PUSHF', [], [], '-', [8], 'pushf'),
  f('1111 0011', 'POPF', [], [], '-', [9], 'popf'),
  f('1111 0100', 'PUSHA', [], [], '-', [12], 'pusha', { cpu: 'i80c196' }),
  f('1111 0101', 'POPA', [], [], '-', [12], 'popa', { cpu: 'i80c196' }),
  f('1111 0110', 'IDLPD', ['imm8'], [0], '-', [8], 'idlpd', { cpu: 'i80c196' }),
  f('1111 0111', 'TRAP', [], [], '-', [21], 'trap', { flow: DASM_CALL }),
  f('1111 1000', 'CLRC', [], [], '-', [2], 'clrc'),
  f('1111 1001', 'SETC', [], [], '-', [2], 'setc'),
  f('1111 1010', 'DI', [], [], '-', [2], 'di'),
  f('1111 1011', 'EI', [], [], '-', [2], 'ei'),
  f('1111 1100', 'CLRVT', [], [], '-', [2], 'clrvt'),
  f('1111 1101', 'NOP', [], [], '-', [4], 'nop'),
  f('1111 1111', 'RST', [], [], '-', [16], 'rst', { flow: B }),

  // ---- FE xx: signed multiply and divide --------------------------------------------------
  f('0100 11aa', 'MUL', ...AOP_L3, 'W', plus(MULU3, 4), 'mul3', { prefix: 0xfe }),
  f('0101 11aa', 'MULB', ...AOP_BW3, 'B', plus(MULUB3, 4), 'mulb3', { prefix: 0xfe }),
  f('0110 11aa', 'MUL', ...AOP_LDST, 'W', plus(MULU2, 4), 'mul2', { prefix: 0xfe }),
  f('0111 11aa', 'MULB', ...AOP_DST, 'B', plus(MULUB2, 4), 'mulb2', { prefix: 0xfe }),
  f('1000 11aa', 'DIV', ...AOP_LDST, 'W', plus(DIVU, 4), 'div', { prefix: 0xfe }),
  f('1001 11aa', 'DIVB', ...AOP_DST, 'B', plus(DIVUB, 4), 'divb', { prefix: 0xfe }),
];

/** Whether a form exists on `variant` (the 80C196 has everything the 8096 has). */
export function formOn(form: Form, variant: Variant): boolean {
  return form.cpu === 'i8096' || variant === 'i80c196';
}

/** All opcodes a bit picture matches, with the values of its `a`, `b` and `d` fields. */
export function expand(bits: string): { opcode: number; aa: number; field: number }[] {
  const pic = bits.replace(/\s+/g, '');
  if (pic.length !== 8) throw new Error(`spec: bit picture "${bits}" is not 8 bits`);
  const out: { opcode: number; aa: number; field: number }[] = [];
  for (let v = 0; v < 256; v++) {
    let ok = true;
    let aa = 0;
    let field = 0;
    for (let i = 0; i < 8; i++) {
      const bit = (v >> (7 - i)) & 1;
      const c = pic[i];
      if (c === '0' || c === '1') {
        if (bit !== Number(c)) { ok = false; break; }
      } else if (c === 'a') aa = (aa << 1) | bit;
      else if (c === 'b' || c === 'd') field = (field << 1) | bit;
      else throw new Error(`spec: unknown field letter "${c}" in "${bits}"`);
    }
    if (ok) out.push({ opcode: v, aa, field });
  }
  return out;
}

/** Per-opcode view of the table for one variant: which form, and its state times. */
export interface OpcodeTables {
  /** Form for each opcode (index 0-255) and for each FE-prefixed opcode (256-511). */
  forms: (Form | null)[];
  /** Base state time: the direct/immediate/indirect/short-indexed cost, or the not-taken cost. */
  states: Uint8Array;
  /** Extra states for indirect+ (aa=10, odd register) and long-indexed (aa=11, odd register). */
  extraOdd: Uint8Array;
  /** Extra states when a conditional branch is taken. */
  extraTaken: Uint8Array;
}

/** The aa value and the row index in an aa-form state list. */
const MODE_ROW = [0, 1, 2, 4];

/**
 * Expand the table for `variant`. Refuses two forms that claim the same opcode, so the
 * dispatch table can only be built from an unambiguous spec.
 */
export function buildOpcodeTables(variant: Variant, forms_: readonly Form[] = FORMS): OpcodeTables {
  const forms: (Form | null)[] = new Array(512).fill(null);
  const states = new Uint8Array(512);
  const extraOdd = new Uint8Array(512);
  const extraTaken = new Uint8Array(512);
  for (const form of forms_) {
    if (!formOn(form, variant)) continue;
    const hasAa = form.bits.includes('a');
    for (const { opcode, aa } of expand(form.bits)) {
      if (hasAa && form.modes && !form.modes.includes(aa)) continue;
      const slot = (form.prefix === 0xfe ? 256 : 0) + opcode;
      const prev = forms[slot];
      if (prev !== null) {
        throw new Error(`spec: ${form.mnemonic} (${form.bits}) overlaps ${prev.mnemonic} (${prev.bits}) at opcode ${form.prefix ? 'FE ' : ''}${opcode.toString(16).toUpperCase()}h`);
      }
      forms[slot] = form;
      if (hasAa) {
        const row = MODE_ROW[aa];
        states[slot] = form.states[row];
        if (aa >= 2) extraOdd[slot] = form.states[row + 1] - form.states[row];
      } else {
        states[slot] = form.states[0];
        if (form.states.length === 2) extraTaken[slot] = form.states[1] - form.states[0];
      }
    }
  }
  // Indexed-only 80C196 forms (0B XCH, 1B XCHB) list their costs in the indexed columns.
  for (let op = 0; op < 512; op++) {
    const form = forms[op];
    if (form && !form.bits.includes('a') && form.states.length === 6) {
      states[op] = form.states[4];
      extraOdd[op] = form.states[5] - form.states[4];
    }
  }
  return { forms, states, extraOdd, extraTaken };
}
