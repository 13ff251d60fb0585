/**
 * H8/300 disassembler in Hitachi syntax (`MOV.B @(0x1234,R3),R4L`, `BSET #3,@0xFF12:8`,
 * `JSR @@0x20:8`), derived from the spec table through the dispatch tables, so execution and
 * disassembly can never disagree on an encoding. Reads memory only through `peek`.
 */
import { DASM_ILLEGAL, type DisasmOptions, type DisasmResult, type PeekFn } from '../../src/core/cpu.js';
import { standardDispatch } from './execute.js';
import { FORMS, field, formLength, pattern, type Form } from './spec.js';

const hex = (v: number, w: number): string => `0x${v.toString(16).toUpperCase().padStart(w, '0')}`;
const BYTE_REGS = ['R0H', 'R1H', 'R2H', 'R3H', 'R4H', 'R5H', 'R6H', 'R7H', 'R0L', 'R1L', 'R2L', 'R3L', 'R4L', 'R5L', 'R6L', 'R7L'];

/** The dispatch tables (only their form indices are used here). */
const dispatch = standardDispatch;

/** The form at `addr` and its instruction word(s) as one number (16 or 32 bits), or null. */
export function decode(addr: number, peek: PeekFn): { form: Form; word: number } | null {
  const d = dispatch();
  const w1 = (peek(addr & 0xffff) << 8) | peek((addr + 1) & 0xffff);
  const fi = d.formOf[w1];
  if (fi < 0) return null;
  if (pattern(FORMS[fi]).width === 16) return { form: FORMS[fi], word: w1 };
  const sec = d.second.get(w1 >> 8);
  const w2 = (peek((addr + 2) & 0xffff) << 8) | peek((addr + 3) & 0xffff);
  const fi2 = sec ? sec.formOf[w2] : -1;
  if (fi2 < 0) return null;
  return { form: FORMS[fi2], word: w1 * 0x10000 + w2 };
}

export function disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult {
  const dec = decode(addr, peek);
  if (!dec) {
    const w = (peek(addr & 0xffff) << 8) | peek((addr + 1) & 0xffff);
    return { text: `.WORD ${hex(w, 4)}`, length: 2, flags: DASM_ILLEGAL };
  }
  const { form, word } = dec;
  const bits = form.bits.replace(/ /g, '');
  const len = formLength(form);
  const ext = form.ext === 'none' ? 0
    : (peek((addr + len - 2) & 0xffff) << 8) | peek((addr + len - 1) & 0xffff);
  const fld = (letter: string): number => field(bits, word, letter);
  const sym = (a: number, w: number): string => opts?.symbol?.(a) ?? hex(a, w);
  let target: number | undefined;
  const text = form.ops.map((o): string => {
    switch (o) {
      case 'Rs8': return BYTE_REGS[fld('s')];
      case 'Rd8': return BYTE_REGS[fld('d')];
      case 'Rn8': return BYTE_REGS[fld('n')];
      case 'Rs16': return `R${fld('S')}`;
      case 'Rd16': return `R${fld('D')}`;
      case 'imm8': return `#${hex(fld('x'), 2)}`;
      case 'imm16': return `#${hex(ext, 4)}`;
      case 'bit': return `#${fld('i')}`;
      case '@Rs': return `@R${fld('S')}`;
      case '@Rd': return `@R${fld('D')}`;
      case '@Rr': return `@R${fld('r')}`;
      case '@Rs+': return `@R${fld('S')}+`;
      case '@-Rd': return `@-R${fld('D')}`;
      case '@(d16,Rs)': return `@(${hex(ext, 4)},R${fld('S')})`;
      case '@(d16,Rd)': return `@(${hex(ext, 4)},R${fld('D')})`;
      case '@aa8': return `@${hex(0xff00 | fld('a'), 4)}:8`;
      case '@aa16':
        if (form.flow !== 0) target = ext;
        return `@${form.flow !== 0 ? sym(ext, 4) : hex(ext, 4)}:16`;
      case '@@aa8': return `@@${hex(fld('a'), 2)}:8`;
      case 'rel8': {
        const e = fld('e');
        target = (addr + 2 + ((e << 24) >> 24)) & 0xffff;
        return sym(target, 4);
      }
      case 'CCR': return 'CCR';
      case '#1': return '#1';
      case '#2': return '#2';
    }
  }).join(',');
  return {
    text: text ? `${form.mnemonic} ${text}` : form.mnemonic,
    length: len,
    flags: form.flow,
    ...(target !== undefined ? { target } : {}),
  };
}
