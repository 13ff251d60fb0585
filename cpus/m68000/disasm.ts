/**
 * MC68000 disassembler in Motorola syntax, driven by the rows of spec.ts (the same table
 * that builds the execution dispatch). Reads memory only through `peek`.
 *
 * Output style: lower-case mnemonics and registers, `$` hex, `(d16,An)`, `(d8,An,Xn.w)`,
 * `($1234).w`, `($12345678).l`, PC-relative operands printed with their target address
 * (`($1234,pc)`, which is what an assembler expects), branch targets absolute.
 */
import { DASM_BRANCH, DASM_CALL, DASM_COND, DASM_ILLEGAL, DASM_RETURN, type DisasmOptions, type DisasmResult, type PeekFn } from '../../src/core/cpu.js';
import {
  COMPILED, decodeTableOnce, field, opSize, EA_MODE,
  EA_DN, EA_AN, EA_IND, EA_POST, EA_PRE, EA_D16, EA_IDX, EA_ABSW, EA_ABSL, EA_PCD, EA_PCX, EA_IMM,
  F_CALL, F_RET, F_BRANCH, F_COND, type CompiledOp,
} from './spec.js';

const CC = ['t', 'f', 'hi', 'ls', 'cc', 'cs', 'ne', 'eq', 'vc', 'vs', 'pl', 'mi', 'ge', 'lt', 'gt', 'le'];
const BCC = ['ra', 'sr', 'hi', 'ls', 'cc', 'cs', 'ne', 'eq', 'vc', 'vs', 'pl', 'mi', 'ge', 'lt', 'gt', 'le'];
const SIZE_LETTER = ['', 'b', 'w', '', 'l'];

function hex(v: number, digits = 0): string {
  const s = (v >>> 0).toString(16);
  return '$' + (digits ? s.padStart(digits, '0') : s);
}

function signedHex(v: number): string {
  return v < 0 ? '-' + hex(-v) : hex(v);
}

class Reader {
  pos: number;
  constructor(readonly peek: PeekFn, start: number) {
    this.pos = start;
  }
  word(): number {
    const v = (this.peek(this.pos) << 8) | this.peek(this.pos + 1);
    this.pos = (this.pos + 2) >>> 0;
    return v;
  }
  long(): number {
    const h = this.word();
    return ((h << 16) | this.word()) >>> 0;
  }
}

function regName(n: number): string {
  return n < 8 ? `d${n}` : n === 15 ? 'sp' : `a${n - 8}`;
}

function indexSuffix(ext: number): string {
  return `${regName((ext >> 12) & 15)}.${ext & 0x800 ? 'l' : 'w'}`;
}

/** One EA operand; `size` 1/2/4 selects the immediate width. */
function ea(rd: Reader, mode: number, reg: number, size: number, sym?: (a: number) => string | undefined): string {
  switch (mode) {
    case EA_DN: return `d${reg}`;
    case EA_AN: return reg === 7 ? 'sp' : `a${reg}`;
    case EA_IND: return `(${regName(8 + reg)})`;
    case EA_POST: return `(${regName(8 + reg)})+`;
    case EA_PRE: return `-(${regName(8 + reg)})`;
    case EA_D16: return `(${signedHex((rd.word() << 16) >> 16)},${regName(8 + reg)})`;
    case EA_IDX: {
      const e = rd.word();
      return `(${signedHex((e << 24) >> 24)},${regName(8 + reg)},${indexSuffix(e)})`;
    }
    case EA_ABSW: {
      const v = (rd.word() << 16) >> 16;
      return `(${hex(v & 0xffff, 4)}).w`;
    }
    case EA_ABSL: {
      const v = rd.long();
      const s = sym?.(v & 0xffffff);
      return s ?? `(${hex(v, 8)}).l`;
    }
    case EA_PCD: {
      const base = rd.pos;
      const t = (base + ((rd.word() << 16) >> 16)) >>> 0;
      return `(${sym?.(t & 0xffffff) ?? hex(t & 0xffffff)},pc)`;
    }
    case EA_PCX: {
      const base = rd.pos;
      const e = rd.word();
      const t = (base + ((e << 24) >> 24)) >>> 0;
      return `(${sym?.(t & 0xffffff) ?? hex(t & 0xffffff)},pc,${indexSuffix(e)})`;
    }
    case EA_IMM:
      return '#' + (size === 4 ? hex(rd.long()) : size === 2 ? hex(rd.word()) : hex(rd.word() & 0xff));
  }
  return '?';
}

/** MOVEM register list; `predec` lists are stored reversed (bit 0 = a7). */
function regList(mask: number, predec: boolean): string {
  const on = (i: number): boolean => ((predec ? mask >> (15 - i) : mask >> i) & 1) !== 0;
  const parts: string[] = [];
  for (const base of [0, 8]) {
    let i = 0;
    while (i < 8) {
      if (!on(base + i)) { i++; continue; }
      let j = i;
      while (j + 1 < 8 && on(base + j + 1)) j++;
      const a = regName(base + i).replace('sp', 'a7'), b = regName(base + j).replace('sp', 'a7');
      parts.push(i === j ? a : `${a}-${b}`);
      i = j + 1;
    }
  }
  return parts.join('/') || '0';
}

export function disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult {
  const rd = new Reader(peek, addr >>> 0);
  const op = rd.word();
  const row = decodeTableOnce()[op];
  if (row === 0xffff) return { text: `dc.w ${hex(op, 4)}`, length: 2, flags: DASM_ILLEGAL };
  const c = COMPILED[row];
  return format(c, op, rd, addr >>> 0, opts?.symbol);
}

function format(c: CompiledOp, op: number, rd: Reader, addr: number, sym?: (a: number) => string | undefined): DisasmResult {
  const spec = c.spec;
  const size = opSize(c, op);
  const [mn, operandText = ''] = spec.asm.split(' ');
  let flags = 0;
  const sf = spec.flags ?? 0;
  if (sf & F_CALL) flags |= DASM_CALL;
  if (sf & F_RET) flags |= DASM_RETURN;
  if (sf & F_BRANCH) flags |= DASM_BRANCH;
  if (sf & F_COND) flags |= DASM_COND;
  let target: number | undefined;

  const cond = field(c, 'c', op);
  const d8 = field(c, 'k', op);
  let branchWord = false;
  if (mn.startsWith('B') && mn.endsWith('.x') && ((d8 << 24) >> 24) === 0) branchWord = true;

  let name = mn
    .replace(/^Sc/, 'S' + (cond >= 0 ? CC[cond] : ''))
    .replace(/^DBc/, 'DB' + (cond >= 0 ? CC[cond] : ''))
    .replace(/^Bc/, 'B' + (cond >= 0 ? BCC[cond] : ''))
    .replace(/d\./, (field(c, 'd', op) ? 'L' : 'R') + '.')
    .replace(/\.s$/, '.' + SIZE_LETTER[size])
    .replace(/\.x$/, branchWord ? '.w' : '.s')
    .toLowerCase();
  if (mn === 'LINEA' || mn === 'LINEF') name = `dc.w`;

  // MOVEM <ea>,list: the list word precedes the EA's extension words.
  const parts = operandText ? operandText.split(',') : [];
  let movemMask = -1;
  if (parts.includes('L')) movemMask = rd.word();

  const eaField = field(c, 'e', op);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    switch (p) {
      case 'e': out.push(ea(rd, EA_MODE[eaField], eaField & 7, size, sym)); break;
      case 'E': {
        const f = field(c, 'E', op);
        out.push(ea(rd, EA_MODE[((f & 7) << 3) | (f >> 3)], f >> 3, size, sym));
        break;
      }
      case '#i': out.push('#' + (size === 4 ? hex(rd.long()) : size === 2 ? hex(rd.word()) : hex(rd.word() & 0xff))); break;
      case '#b': out.push('#' + (rd.word() & 0xff)); break;
      case '#q': out.push('#' + (field(c, 'q', op) || 8)); break;
      case '#k': out.push('#' + signedHex((d8 << 24) >> 24)); break;
      case '#v': out.push('#' + field(c, 'v', op)); break;
      case '#w': {
        const w = rd.word();
        out.push('#' + (mn === 'LINK' ? signedHex((w << 16) >> 16) : hex(w)));
        break;
      }
      case 'Dr': out.push(`d${field(c, 'r', op)}`); break;
      case 'Dy': out.push(`d${field(c, 'y', op)}`); break;
      case 'Ar': out.push(regName(8 + field(c, 'r', op))); break;
      case 'Ay': out.push(regName(8 + field(c, 'y', op))); break;
      case '-(Ay)': out.push(`-(${regName(8 + field(c, 'y', op))})`); break;
      case '-(Ar)': out.push(`-(${regName(8 + field(c, 'r', op))})`); break;
      case '(Ay)+': out.push(`(${regName(8 + field(c, 'y', op))})+`); break;
      case '(Ar)+': out.push(`(${regName(8 + field(c, 'r', op))})+`); break;
      case '(d': { // MOVEP "(d,Ay)" split by the comma
        const w = (rd.word() << 16) >> 16;
        out.push(`(${signedHex(w)},${regName(8 + field(c, 'y', op))})`);
        i++;
        break;
      }
      case 'L': out.push(regList(movemMask, EA_MODE[eaField] === EA_PRE)); break;
      case 'C': out.push(field(c, 'i', op) ? `d${field(c, 'r', op)}` : '#' + (field(c, 'r', op) || 8)); break;
      case 'B': {
        const base = (addr + 2) >>> 0;
        const disp = branchWord ? (rd.word() << 16) >> 16 : (d8 << 24) >> 24;
        target = (base + disp) & 0xffffff;
        out.push(sym?.(target) ?? hex(target));
        break;
      }
      case 'W': {
        const base = (addr + 2) >>> 0;
        target = (base + ((rd.word() << 16) >> 16)) & 0xffffff;
        out.push(sym?.(target) ?? hex(target));
        break;
      }
      case 'CCR': case 'SR': case 'USP': out.push(p.toLowerCase()); break;
      default: out.push(p.toLowerCase());
    }
  }
  if (mn === 'LINEA' || mn === 'LINEF') out.push(hex(op, 4));
  // Static targets for jumps and calls through absolute or PC-relative addresses.
  if ((mn === 'JMP' || mn === 'JSR') && target === undefined) {
    const m = EA_MODE[eaField];
    const t = jumpTarget(rd.peek, addr, m);
    if (t !== undefined) target = t;
  }
  if (mn === 'ILLEGAL' || mn === 'LINEA' || mn === 'LINEF') flags |= DASM_ILLEGAL;
  const text = out.length ? `${name} ${out.join(',')}` : name;
  const length = (rd.pos - addr) >>> 0;
  return target === undefined ? { text, length, flags } : { text, length, flags, target };
}

function jumpTarget(peek: PeekFn, addr: number, m: number): number | undefined {
  const w = (a: number): number => (peek(a) << 8) | peek(a + 1);
  if (m === EA_ABSW) return ((w(addr + 2) << 16) >> 16) & 0xffffff;
  if (m === EA_ABSL) return ((w(addr + 2) << 16) | w(addr + 4)) & 0xffffff;
  if (m === EA_PCD) return (addr + 2 + ((w(addr + 2) << 16) >> 16)) & 0xffffff;
  return undefined;
}
