/**
 * ARM and Thumb disassembler driven by the spec (spec.ts) through the dispatch tables: the row
 * that executes an instruction is the row that prints it. UAL-like syntax: lower case,
 * r0-r12/sp/lr/pc, S and condition after the mnemonic (`addseq`), `push`/`pop` for
 * STMDB/LDMIA sp!. Reads memory only through `peek`.
 */
import {
  DASM_BRANCH, DASM_CALL, DASM_COND, DASM_ILLEGAL, DASM_RETURN,
  type DisasmOptions, type DisasmResult, type PeekFn,
} from '../../src/core/cpu.js';
import { ARM_TABLES, THUMB_TABLES, armIndex, fieldOf, type Picture } from './decode.js';
import type { SpecRow } from './spec.js';

const REG = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'];
const COND = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', '', 'nv'];
const SHIFT = ['lsl', 'lsr', 'asr', 'ror'];

const hex8 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');
/** Immediates: decimal below 10 (and for small negatives), hex otherwise. */
function imm(v: number): string {
  if (v >= 0 && v < 10) return `#${v}`;
  if (v < 0 && v > -10) return `#${v}`;
  return v < 0 ? `#-0x${(-v).toString(16)}` : `#0x${v.toString(16)}`;
}

interface Ctx {
  op: number;
  pic: Picture;
  addr: number;
  thumb: boolean;
  symbol?: (addr: number) => string | undefined;
  target?: number;
  peek: PeekFn;
}

const f = (x: Ctx, letter: string): number => fieldOf(x.pic, x.op, letter);

function targetText(x: Ctx, t: number): string {
  t >>>= 0;
  x.target = t;
  const s = x.symbol?.(t);
  return s ? `${hex8(t)} <${s}>` : hex8(t);
}

function rotImm(op: number): number {
  const rot = (op >>> 7) & 0x1e;
  const i = op & 0xff;
  return rot === 0 ? i : ((i >>> rot) | (i << (32 - rot))) >>> 0;
}

function shiftImmText(x: Ctx): string {
  const m = REG[f(x, 'm')];
  const t = f(x, 't');
  const a = f(x, 'a');
  if (t === 0 && a === 0) return m;
  if (t === 3 && a === 0) return `${m}, rrx`;
  return `${m}, ${SHIFT[t]} #${a === 0 ? 32 : a}`;
}

function regList(list: number, extra?: string): string {
  const names: string[] = [];
  for (let i = 0; i < 16; i++) if (list & (1 << i)) names.push(REG[i]);
  if (extra) names.push(extra);
  return `{${names.join(', ')}}`;
}

function offsetText(up: number, body: string): string {
  return up ? body : `-${body}`;
}

/** `[Rn, off]{!}` or `[Rn], off` from P, U, W and an offset text ('' for none). */
function addressing(x: Ctx, offset: string, zero: boolean): string {
  const rn = REG[f(x, 'n')];
  const p = f(x, 'P');
  const w = f(x, 'W');
  if (p) {
    if (zero) return `[${rn}]${w ? '!' : ''}`;
    return `[${rn}, ${offset}]${w ? '!' : ''}`;
  }
  return `[${rn}], ${offset}`;
}

function pcRelComment(x: Ctx, ea: number): string {
  x.target = ea >>> 0;
  const word = x.peek(ea) | (x.peek(ea + 1) << 8) | (x.peek(ea + 2) << 16) | (x.peek(ea + 3) << 24);
  return ` ; ${hex8(ea)} = ${hex8(word)}`;
}

const OPERANDS: Record<string, (x: Ctx) => string> = {
  Rd: (x) => REG[f(x, 'd')],
  Rn: (x) => REG[f(x, 'n')],
  Rm: (x) => REG[f(x, 'm')],
  Rs: (x) => REG[f(x, 's')],
  RdHi: (x) => REG[f(x, 'h')],
  RdLo: (x) => REG[f(x, 'l')],
  Imm: (x) => imm(rotImm(x.op)),
  ShiftImm: shiftImmText,
  ShiftReg: (x) => `${REG[f(x, 'm')]}, ${SHIFT[f(x, 't')]} ${REG[f(x, 's')]}`,
  AddrImm12: (x) => {
    const i = f(x, 'i');
    const up = f(x, 'U');
    let s = addressing(x, imm(up ? i : -i), i === 0 && up === 1);
    if (f(x, 'n') === 15 && f(x, 'P') === 1 && f(x, 'W') === 0) s += pcRelComment(x, (x.addr + 8 + (up ? i : -i)) | 0);
    return s;
  },
  AddrReg: (x) => addressing(x, offsetText(f(x, 'U'), shiftImmText(x)), false),
  AddrHalfImm: (x) => {
    const i = (f(x, 'j') << 4) | f(x, 'k');
    const up = f(x, 'U');
    return addressing(x, imm(up ? i : -i), i === 0 && up === 1);
  },
  AddrHalfReg: (x) => addressing(x, offsetText(f(x, 'U'), REG[f(x, 'm')]), false),
  RnWb: (x) => REG[f(x, 'n')] + (f(x, 'W') ? '!' : ''),
  RegList: (x) => regList(f(x, 'x')),
  Target24: (x) => targetText(x, x.addr + 8 + ((x.op << 8) >> 6)),
  Psr: (x) => (f(x, 'R') ? 'spsr' : 'cpsr'),
  PsrFields: (x) => {
    const m = f(x, 'f');
    const fl = (m & 8 ? 'f' : '') + (m & 4 ? 's' : '') + (m & 2 ? 'x' : '') + (m & 1 ? 'c' : '');
    return `${f(x, 'R') ? 'spsr' : 'cpsr'}_${fl}`;
  },
  Swi24: (x) => `#0x${(x.op & 0xffffff).toString(16)}`,
  Coproc: (x) => {
    const o = x.op;
    return `p${(o >>> 8) & 15}, #${(o >>> 20) & 15}, c${(o >>> 12) & 15}, c${(o >>> 16) & 15}, c${o & 15}, #${(o >>> 5) & 7}`;
  },
  CoprocReg: (x) => {
    const o = x.op;
    const mn = (o >>> 20) & 1 ? 'mrc' : 'mcr';
    return `${mn}${COND[o >>> 28]} p${(o >>> 8) & 15}, #${(o >>> 21) & 7}, ${REG[(o >>> 12) & 15]}, c${(o >>> 16) & 15}, c${o & 15}, #${(o >>> 5) & 7}`;
  },
  CoprocLdcStc: (x) => {
    const o = x.op;
    const mn = ((o >>> 20) & 1 ? 'ldc' : 'stc') + ((o >>> 22) & 1 ? 'l' : '') + COND[o >>> 28];
    const off = (o & 0xff) << 2;
    const up = (o >>> 23) & 1;
    const rn = REG[(o >>> 16) & 15];
    const ofs = imm(up ? off : -off);
    const a = (o >>> 24) & 1 ? `[${rn}, ${ofs}]${(o >>> 21) & 1 ? '!' : ''}` : `[${rn}], ${ofs}`;
    return `${mn} p${(o >>> 8) & 15}, c${(o >>> 12) & 15}, ${a}`;
  },
  Word: (x) => `.word ${hex8(x.op)} ; undefined`,
  // Thumb
  Hd: (x) => REG[(f(x, 'H') << 3) | f(x, 'd')],
  Hm: (x) => REG[(f(x, 'G') << 3) | f(x, 'm')],
  a: (x) => String(f(x, 'a')),
  Amt32: (x) => `#${f(x, 'a') === 0 ? 32 : f(x, 'a')}`,
  i: (x) => String(f(x, 'i')),
  'i*2': (x) => String(f(x, 'i') * 2),
  'i*4': (x) => String(f(x, 'i') * 4),
  PcRel: (x) => {
    const i = f(x, 'i') * 4;
    return `[pc, #${i}]` + pcRelComment(x, ((x.addr + 4) & ~3) + i);
  },
  TList: (x) => regList(f(x, 'x'), f(x, 'R') === 1 ? ((x.op >>> 11) & 1 ? 'pc' : 'lr') : undefined),
  TLdmWb: (x) => ((f(x, 'x') >>> f(x, 'n')) & 1 ? '' : '!'),
  Target8: (x) => targetText(x, x.addr + 4 + (((x.op & 0xff) << 24) >> 23)),
  Target11: (x) => targetText(x, x.addr + 4 + ((x.op << 21) >> 20)),
  BlPrefix: (x) => {
    const off = (x.op << 21) >> 9;
    return `bl.prefix lr = pc + ${off < 0 ? '-' : ''}0x${Math.abs(off).toString(16)}`;
  },
  BlSuffix: (x) => `bl.suffix pc = lr + 0x${((x.op & 0x7ff) << 1).toString(16)}`,
  Half: (x) => `.hword 0x${x.op.toString(16).padStart(4, '0')} ; undefined`,
};

function render(row: SpecRow, x: Ctx): string {
  let s = row.syntax.replace(/\{(c|s|T|Am|\^)\}/g, (_, k: string) => {
    switch (k) {
      case 'c': return x.thumb ? '' : COND[x.op >>> 28];
      case 's': return f(x, 'S') === 1 ? 's' : '';
      case 'T': return f(x, 'P') === 0 && f(x, 'W') === 1 ? 't' : '';
      case 'Am': {
        const m = (f(x, 'P') << 1) | f(x, 'U');
        return ['da', 'ia', 'db', 'ib'][m] === 'ia' ? '' : ['da', 'ia', 'db', 'ib'][m];
      }
      default: return f(x, 'S') === 1 ? '^' : '';
    }
  });
  s = s.replace(/<([A-Za-z0-9*]+)>/g, (_, k: string) => {
    const fn = OPERANDS[k];
    if (!fn) throw new Error(`disassembler: no operand kind ${k}`);
    return fn(x);
  });
  return s;
}

function flowFlags(row: SpecRow, x: Ctx): number {
  let fl = 0;
  const cond = x.thumb ? 14 : x.op >>> 28;
  switch (row.flow) {
    case 'b': fl = DASM_BRANCH; break;
    case 'c': fl = DASM_CALL; break;
    case 'r': {
      const e = row.exec;
      if (e === 'execBx' || e === 'execThumbBx') {
        const m = e === 'execBx' ? x.op & 15 : (x.op >>> 3) & 15;
        fl = m === 14 ? DASM_RETURN | DASM_BRANCH : DASM_BRANCH;
      } else if (e === 'execLdm') {
        if (x.op & 0x8000) fl = DASM_RETURN | DASM_BRANCH;
      } else if (e === 'execThumbPop') {
        if (x.op & 0x100) fl = DASM_RETURN | DASM_BRANCH;
      } else if (e === 'execThumbHiAdd' || e === 'execThumbHiMov') {
        if (((x.op & 7) | ((x.op >>> 4) & 8)) === 15) fl = ((x.op >>> 3) & 15) === 14 ? DASM_RETURN | DASM_BRANCH : DASM_BRANCH;
      } else if (((x.op >>> 12) & 15) === 15) {
        // Data processing or LDR writing the PC. Returns: `mov pc, lr`, `subs pc, lr, #4`
        // (LR as an operand), `ldr pc, [sp], #4` (a load from the stack).
        const rn = (x.op >>> 16) & 15;
        const isLoad = e.startsWith('execLdr');
        const regOperand = !isLoad && !e.endsWith('Imm') && (x.op & 15) === 14;
        const ret = isLoad ? rn === 13 : rn === 14 || regOperand;
        fl = ret ? DASM_RETURN | DASM_BRANCH : DASM_BRANCH;
      }
      break;
    }
  }
  if (fl !== 0 && cond !== 14) fl |= DASM_COND;
  if (x.thumb && row.exec === 'execThumbBcond') fl |= DASM_COND;
  return fl;
}

export function disassemble(addr: number, peek: PeekFn, opts: DisasmOptions = {}): DisasmResult {
  addr >>>= 0;
  if (opts.thumb) return disassembleThumb(addr, peek, opts);
  const op = (peek(addr) | (peek(addr + 1) << 8) | (peek(addr + 2) << 16) | (peek(addr + 3) << 24)) | 0;
  const idx = armIndex(op);
  const row = ARM_TABLES.rows[idx];
  const x: Ctx = { op, pic: ARM_TABLES.pictures[idx], addr, thumb: false, symbol: opts.symbol, peek };
  let text = render(row, x);
  // UAL: STMDB sp!, {...} is PUSH and LDMIA sp!, {...} is POP.
  if ((row.exec === 'execStm' || row.exec === 'execLdm') && ((op >>> 16) & 15) === 13 && (op & 0x200000) && !(op & 0x400000)) {
    const pu = (op >>> 23) & 3;
    if (row.exec === 'execStm' && pu === 2) text = `push${COND[op >>> 28]} ${regList(op & 0xffff)}`;
    if (row.exec === 'execLdm' && pu === 1) text = `pop${COND[op >>> 28]} ${regList(op & 0xffff)}`;
  }
  const res: DisasmResult = { text, length: 4, flags: flowFlags(row, x) };
  if (row.exec === 'execUndefined') res.flags |= DASM_ILLEGAL;
  if (x.target !== undefined && row.flow !== undefined) res.target = x.target;
  return res;
}

function disassembleThumb(addr: number, peek: PeekFn, opts: DisasmOptions): DisasmResult {
  const op = peek(addr) | (peek(addr + 1) << 8);
  const idx = op >>> 6;
  const row = THUMB_TABLES.rows[idx];
  if (row.exec === 'execThumbBlPrefix') {
    const op2 = peek(addr + 2) | (peek(addr + 3) << 8);
    if ((op2 & 0xf800) === 0xf800) {
      const t = (addr + 4 + ((op << 21) >> 9) + ((op2 & 0x7ff) << 1)) >>> 0;
      const s = opts.symbol?.(t);
      return { text: `bl ${hex8(t)}${s ? ` <${s}>` : ''}`, length: 4, flags: DASM_CALL, target: t };
    }
  }
  const x: Ctx = { op, pic: THUMB_TABLES.pictures[idx], addr, thumb: true, symbol: opts.symbol, peek };
  // LSL #0 is the flag-setting register move (UAL `movs rd, rm`).
  const text = (op & 0xffc0) === 0 ? `movs ${REG[op & 7]}, ${REG[(op >>> 3) & 7]}` : render(row, x);
  const res: DisasmResult = { text, length: 2, flags: flowFlags(row, x) };
  if (row.exec === 'execThumbUndefined') res.flags |= DASM_ILLEGAL;
  if (x.target !== undefined && row.flow !== undefined) res.target = x.target;
  return res;
}
