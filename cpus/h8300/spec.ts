/**
 * The H8/300 instruction set as one table (Hitachi H8/300 Series Programming Manual, section 2
 * "Instruction descriptions" and the operation code map). Everything else is derived from it:
 * the dispatch tables (execute.ts `buildDispatch`, which refuses overlapping patterns) and the
 * disassembler (disasm.ts).
 *
 * Bit pictures are MSB first, 16 bits (the first instruction word) or 32 bits (the 7Cxx-7Fxx
 * bit-manipulation forms and EEPMOV, whose second word selects the operation). Field letters:
 *   s, d  byte register, 4 bits (0-7 R0H-R7H, 8-15 R0L-R7L), source / destination
 *   n     byte register holding a bit number (BSET Rn,...; only its low 3 bits count)
 *   S, D  word register R0-R7, 3 bits (the 4th bit of the nibble is 0 on the H8/300)
 *   r     word register used as a pointer by the @Rd bit forms (7C/7D)
 *   x     8-bit immediate        i  bit number #xx:3
 *   a     8-bit absolute address (@aa:8 = H'FF00+aa; @@aa:8 reads the vector at H'00aa)
 *   e     8-bit branch displacement
 * `ext` names a 16-bit word after the picture (immediate, absolute address or displacement).
 *
 * States are the manual's counts for on-chip memory (2 states per bus access), laid out for
 * comparison with its "Number of states" table. EEPMOV adds 4 per byte moved; MOVFPE/MOVTPE
 * are given the count for an E clock in phase (they really wait 9-16 states for it).
 */
import { DASM_BRANCH, DASM_CALL, DASM_COND, DASM_RETURN } from '../../src/core/cpu.js';

/** Operand kinds for the disassembler, in assembly order. */
export type Operand =
  | 'Rs8' | 'Rd8' | 'Rn8' // byte registers from fields s, d, n
  | 'Rs16' | 'Rd16' // word registers from fields S, D
  | 'imm8' | 'imm16' | 'bit' // #xx:8 (field x), #xx:16 (ext), #xx:3 (field i)
  | '@Rs' | '@Rd' | '@Rr' | '@Rs+' | '@-Rd' // register indirect (fields S, D, r)
  | '@(d16,Rs)' | '@(d16,Rd)' // displacement in ext
  | '@aa8' | '@aa16' | '@@aa8' // field a, ext, field a
  | 'rel8' // field e, PC-relative
  | 'CCR' | '#1' | '#2';

export type Ext = 'none' | 'imm16' | 'abs16' | 'disp16';

export interface Form {
  bits: string;
  ext: Ext;
  mnemonic: string;
  ops: Operand[];
  states: number;
  /** Handler name in execute.ts. */
  exec: string;
  /** DASM_* flags. */
  flow: number;
}

function f(bits: string, mnemonic: string, ops: Operand[], states: number, exec: string, ext: Ext = 'none', flow = 0): Form {
  return { bits, ext, mnemonic, ops, states, exec, flow };
}

const BR = DASM_BRANCH;
const BC = DASM_BRANCH | DASM_COND;

/** Bcc condition names in encoding order (4c dd). */
export const CONDITIONS = ['BRA', 'BRN', 'BHI', 'BLS', 'BCC', 'BCS', 'BNE', 'BEQ', 'BVC', 'BVS', 'BPL', 'BMI', 'BGE', 'BLT', 'BGT', 'BLE'];

/** 8-bit ALU ops that exist as Rs,Rd (first byte hi) and #xx:8,Rd (first nibble imm). */
const ALU8: [string, string, string | null, string][] = [
  // mnemonic, reg-form first byte, imm-form first nibble, handler stem
  ['ADD.B', '0000 1000', '1000', 'add8'],
  ['ADDX', '0000 1110', '1001', 'addx'],
  ['CMP.B', '0001 1100', '1010', 'cmp8'],
  ['SUBX', '0001 1110', '1011', 'subx'],
  ['OR.B', '0001 0100', '1100', 'or8'],
  ['XOR.B', '0001 0101', '1101', 'xor8'],
  ['AND.B', '0001 0110', '1110', 'and8'],
  ['SUB.B', '0001 1000', null, 'sub8'],
];

/** Bit instructions: [mnemonic, reg-form/second-word opcode byte, inverted?, states on Rd, states on memory, handler stem]. */
const BIT_IMM: [string, string, boolean, number, number, string, 'test' | 'modify'][] = [
  ['BSET', '0111 0000', false, 2, 8, 'bset', 'modify'],
  ['BNOT', '0111 0001', false, 2, 8, 'bnot', 'modify'],
  ['BCLR', '0111 0010', false, 2, 8, 'bclr', 'modify'],
  ['BTST', '0111 0011', false, 2, 6, 'btst', 'test'],
  ['BOR', '0111 0100', false, 2, 6, 'bor', 'test'],
  ['BIOR', '0111 0100', true, 2, 6, 'bior', 'test'],
  ['BXOR', '0111 0101', false, 2, 6, 'bxor', 'test'],
  ['BIXOR', '0111 0101', true, 2, 6, 'bixor', 'test'],
  ['BAND', '0111 0110', false, 2, 6, 'band', 'test'],
  ['BIAND', '0111 0110', true, 2, 6, 'biand', 'test'],
  ['BLD', '0111 0111', false, 2, 6, 'bld', 'test'],
  ['BILD', '0111 0111', true, 2, 6, 'bild', 'test'],
  ['BST', '0110 0111', false, 2, 8, 'bst', 'modify'],
  ['BIST', '0110 0111', true, 2, 8, 'bist', 'modify'],
];
/** Bit number in a register: BSET/BNOT/BCLR/BTST Rn. */
const BIT_REG: [string, string, number, number, string, 'test' | 'modify'][] = [
  ['BSET', '0110 0000', 2, 8, 'bset', 'modify'],
  ['BNOT', '0110 0001', 2, 8, 'bnot', 'modify'],
  ['BCLR', '0110 0010', 2, 8, 'bclr', 'modify'],
  ['BTST', '0110 0011', 2, 6, 'btst', 'test'],
];

function buildForms(): Form[] {
  const L: Form[] = [];
  // ---- data transfer ------------------------------------------------------------------------
  L.push(f('0000 1100 ssss dddd', 'MOV.B', ['Rs8', 'Rd8'], 2, 'movB_RsRd'));
  L.push(f('0000 1101 0SSS 0DDD', 'MOV.W', ['Rs16', 'Rd16'], 2, 'movW_RsRd'));
  L.push(f('1111 dddd xxxx xxxx', 'MOV.B', ['imm8', 'Rd8'], 2, 'movB_ImmRd'));
  L.push(f('0111 1001 0000 0DDD', 'MOV.W', ['imm16', 'Rd16'], 4, 'movW_ImmRd', 'imm16'));
  L.push(f('0110 1000 0SSS dddd', 'MOV.B', ['@Rs', 'Rd8'], 4, 'movB_IndRd'));
  L.push(f('0110 1000 1DDD ssss', 'MOV.B', ['Rs8', '@Rd'], 4, 'movB_RsInd'));
  L.push(f('0110 1001 0SSS 0DDD', 'MOV.W', ['@Rs', 'Rd16'], 4, 'movW_IndRd'));
  L.push(f('0110 1001 1DDD 0SSS', 'MOV.W', ['Rs16', '@Rd'], 4, 'movW_RsInd'));
  L.push(f('0110 1110 0SSS dddd', 'MOV.B', ['@(d16,Rs)', 'Rd8'], 6, 'movB_DispRd', 'disp16'));
  L.push(f('0110 1110 1DDD ssss', 'MOV.B', ['Rs8', '@(d16,Rd)'], 6, 'movB_RsDisp', 'disp16'));
  L.push(f('0110 1111 0SSS 0DDD', 'MOV.W', ['@(d16,Rs)', 'Rd16'], 6, 'movW_DispRd', 'disp16'));
  L.push(f('0110 1111 1DDD 0SSS', 'MOV.W', ['Rs16', '@(d16,Rd)'], 6, 'movW_RsDisp', 'disp16'));
  L.push(f('0110 1100 0SSS dddd', 'MOV.B', ['@Rs+', 'Rd8'], 6, 'movB_PostincRd'));
  L.push(f('0110 1100 1DDD ssss', 'MOV.B', ['Rs8', '@-Rd'], 6, 'movB_RsPredec'));
  L.push(f('0110 1101 0SSS 0DDD', 'MOV.W', ['@Rs+', 'Rd16'], 6, 'movW_PostincRd'));
  L.push(f('0110 1101 1DDD 0SSS', 'MOV.W', ['Rs16', '@-Rd'], 6, 'movW_RsPredec'));
  L.push(f('0010 dddd aaaa aaaa', 'MOV.B', ['@aa8', 'Rd8'], 4, 'movB_Abs8Rd'));
  L.push(f('0011 ssss aaaa aaaa', 'MOV.B', ['Rs8', '@aa8'], 4, 'movB_RsAbs8'));
  L.push(f('0110 1010 0000 dddd', 'MOV.B', ['@aa16', 'Rd8'], 6, 'movB_Abs16Rd', 'abs16'));
  L.push(f('0110 1010 1000 ssss', 'MOV.B', ['Rs8', '@aa16'], 6, 'movB_RsAbs16', 'abs16'));
  L.push(f('0110 1011 0000 0DDD', 'MOV.W', ['@aa16', 'Rd16'], 6, 'movW_Abs16Rd', 'abs16'));
  L.push(f('0110 1011 1000 0SSS', 'MOV.W', ['Rs16', '@aa16'], 6, 'movW_RsAbs16', 'abs16'));
  L.push(f('0110 1010 0100 dddd', 'MOVFPE', ['@aa16', 'Rd8'], 13, 'movfpe', 'abs16'));
  L.push(f('0110 1010 1100 ssss', 'MOVTPE', ['Rs8', '@aa16'], 13, 'movtpe', 'abs16'));
  L.push(f('0111 1011 0101 1100 0101 1001 1000 1111', 'EEPMOV', [], 8, 'eepmov'));

  // ---- arithmetic and logic -----------------------------------------------------------------
  for (const [mn, reg, imm, stem] of ALU8) {
    L.push(f(`${reg} ssss dddd`, mn, ['Rs8', 'Rd8'], 2, `${stem}_RsRd`));
    if (imm) L.push(f(`${imm} dddd xxxx xxxx`, mn, ['imm8', 'Rd8'], 2, `${stem}_ImmRd`));
  }
  L.push(f('0000 1001 0SSS 0DDD', 'ADD.W', ['Rs16', 'Rd16'], 2, 'add16_RsRd'));
  L.push(f('0001 1001 0SSS 0DDD', 'SUB.W', ['Rs16', 'Rd16'], 2, 'sub16_RsRd'));
  L.push(f('0001 1101 0SSS 0DDD', 'CMP.W', ['Rs16', 'Rd16'], 2, 'cmp16_RsRd'));
  L.push(f('0000 1011 0000 0DDD', 'ADDS', ['#1', 'Rd16'], 2, 'adds1'));
  L.push(f('0000 1011 1000 0DDD', 'ADDS', ['#2', 'Rd16'], 2, 'adds2'));
  L.push(f('0001 1011 0000 0DDD', 'SUBS', ['#1', 'Rd16'], 2, 'subs1'));
  L.push(f('0001 1011 1000 0DDD', 'SUBS', ['#2', 'Rd16'], 2, 'subs2'));
  L.push(f('0000 1010 0000 dddd', 'INC', ['Rd8'], 2, 'inc'));
  L.push(f('0001 1010 0000 dddd', 'DEC', ['Rd8'], 2, 'dec'));
  L.push(f('0000 1111 0000 dddd', 'DAA', ['Rd8'], 2, 'daa'));
  L.push(f('0001 1111 0000 dddd', 'DAS', ['Rd8'], 2, 'das'));
  L.push(f('0001 0111 0000 dddd', 'NOT.B', ['Rd8'], 2, 'not8'));
  L.push(f('0001 0111 1000 dddd', 'NEG', ['Rd8'], 2, 'neg8'));
  L.push(f('0101 0000 ssss 0DDD', 'MULXU', ['Rs8', 'Rd16'], 14, 'mulxu'));
  L.push(f('0101 0001 ssss 0DDD', 'DIVXU', ['Rs8', 'Rd16'], 14, 'divxu'));

  // ---- shifts and rotates -------------------------------------------------------------------
  L.push(f('0001 0000 0000 dddd', 'SHLL.B', ['Rd8'], 2, 'shll'));
  L.push(f('0001 0000 1000 dddd', 'SHAL.B', ['Rd8'], 2, 'shal'));
  L.push(f('0001 0001 0000 dddd', 'SHLR.B', ['Rd8'], 2, 'shlr'));
  L.push(f('0001 0001 1000 dddd', 'SHAR.B', ['Rd8'], 2, 'shar'));
  L.push(f('0001 0010 0000 dddd', 'ROTXL.B', ['Rd8'], 2, 'rotxl'));
  L.push(f('0001 0010 1000 dddd', 'ROTL.B', ['Rd8'], 2, 'rotl'));
  L.push(f('0001 0011 0000 dddd', 'ROTXR.B', ['Rd8'], 2, 'rotxr'));
  L.push(f('0001 0011 1000 dddd', 'ROTR.B', ['Rd8'], 2, 'rotr'));

  // ---- bit manipulation ---------------------------------------------------------------------
  for (const [mn, op, inv, sReg, sMem, stem, kind] of BIT_IMM) {
    const I = inv ? '1' : '0';
    const test = kind === 'test';
    L.push(f(`${op} ${I}iii dddd`, mn, ['bit', 'Rd8'], sReg, `${stem}_ImmRd`));
    L.push(f(`0111 110${test ? 0 : 1} 0rrr 0000 ${op} ${I}iii 0000`, mn, ['bit', '@Rr'], sMem, `${stem}_ImmInd`));
    L.push(f(`0111 111${test ? 0 : 1} aaaa aaaa ${op} ${I}iii 0000`, mn, ['bit', '@aa8'], sMem, `${stem}_ImmAbs8`));
  }
  for (const [mn, op, sReg, sMem, stem, kind] of BIT_REG) {
    const test = kind === 'test';
    L.push(f(`${op} nnnn dddd`, mn, ['Rn8', 'Rd8'], sReg, `${stem}_RnRd`));
    L.push(f(`0111 110${test ? 0 : 1} 0rrr 0000 ${op} nnnn 0000`, mn, ['Rn8', '@Rr'], sMem, `${stem}_RnInd`));
    L.push(f(`0111 111${test ? 0 : 1} aaaa aaaa ${op} nnnn 0000`, mn, ['Rn8', '@aa8'], sMem, `${stem}_RnAbs8`));
  }

  // ---- branches -----------------------------------------------------------------------------
  CONDITIONS.forEach((mn, c) => {
    const cc = c.toString(2).padStart(4, '0');
    L.push(f(`0100 ${cc} eeee eeee`, mn, ['rel8'], 4, 'bcc', 'none', c === 0 ? BR : BC));
  });
  L.push(f('0101 1001 0SSS 0000', 'JMP', ['@Rs'], 4, 'jmp_Ind', 'none', BR));
  L.push(f('0101 1010 0000 0000', 'JMP', ['@aa16'], 6, 'jmp_Abs16', 'abs16', BR));
  L.push(f('0101 1011 aaaa aaaa', 'JMP', ['@@aa8'], 8, 'jmp_Mem8', 'none', BR));
  L.push(f('0101 1101 0SSS 0000', 'JSR', ['@Rs'], 6, 'jsr_Ind', 'none', DASM_CALL));
  L.push(f('0101 1110 0000 0000', 'JSR', ['@aa16'], 8, 'jsr_Abs16', 'abs16', DASM_CALL));
  L.push(f('0101 1111 aaaa aaaa', 'JSR', ['@@aa8'], 8, 'jsr_Mem8', 'none', DASM_CALL));
  L.push(f('0101 0101 eeee eeee', 'BSR', ['rel8'], 6, 'bsr', 'none', DASM_CALL));
  L.push(f('0101 0100 0111 0000', 'RTS', [], 8, 'rts', 'none', DASM_RETURN));
  L.push(f('0101 0110 0111 0000', 'RTE', [], 10, 'rte', 'none', DASM_RETURN));

  // ---- system control -----------------------------------------------------------------------
  L.push(f('0000 0111 xxxx xxxx', 'LDC', ['imm8', 'CCR'], 2, 'ldc_Imm'));
  L.push(f('0000 0011 0000 ssss', 'LDC', ['Rs8', 'CCR'], 2, 'ldc_Rs'));
  L.push(f('0000 0010 0000 dddd', 'STC', ['CCR', 'Rd8'], 2, 'stc'));
  L.push(f('0000 0110 xxxx xxxx', 'ANDC', ['imm8', 'CCR'], 2, 'andc'));
  L.push(f('0000 0100 xxxx xxxx', 'ORC', ['imm8', 'CCR'], 2, 'orc'));
  L.push(f('0000 0101 xxxx xxxx', 'XORC', ['imm8', 'CCR'], 2, 'xorc'));
  L.push(f('0000 0000 0000 0000', 'NOP', [], 2, 'nop'));
  L.push(f('0000 0001 1000 0000', 'SLEEP', [], 2, 'sleep'));
  return L;
}

export const FORMS: Form[] = buildForms();

/** A bit picture without spaces, and its fixed-bit mask/value. */
export interface Pattern {
  bits: string;
  width: 16 | 32;
  mask: number;
  value: number;
}

export function pattern(form: Form): Pattern {
  const bits = form.bits.replace(/ /g, '');
  if (bits.length !== 16 && bits.length !== 32) throw new Error(`h8300 spec: ${form.mnemonic} ${form.bits}: ${bits.length} bits`);
  let mask = 0;
  let value = 0;
  for (const ch of bits) {
    mask = (mask * 2) + (ch === '0' || ch === '1' ? 1 : 0);
    value = (value * 2) + (ch === '1' ? 1 : 0);
  }
  return { bits, width: bits.length as 16 | 32, mask, value };
}

/** Value of field `letter` in `word` (the picture's width), or -1 when the form has none. */
export function field(bits: string, word: number, letter: string): number {
  let v = -1;
  const w = bits.length;
  for (let i = 0; i < w; i++) {
    if (bits[i] !== letter) continue;
    const bit = Math.floor(word / 2 ** (w - 1 - i)) & 1;
    v = v < 0 ? bit : v * 2 + bit;
  }
  return v;
}

/** Instruction length in bytes. */
export function formLength(form: Form): number {
  const p = form.bits.replace(/ /g, '').length / 8;
  return p + (form.ext === 'none' ? 0 : 2);
}
