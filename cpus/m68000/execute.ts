/**
 * MC68000 instruction semantics. One handler per row of spec.ts (named after the row's
 * `exec`); HANDLERS maps every opcode word to its handler.
 *
 * Conventions: operands of byte and word size are shifted to the top of a 32-bit int
 * (`sh` = 24, 16 or 0) so one piece of flag arithmetic serves every size; results are
 * shifted back when stored. Bus accesses happen in the order of the 68000 microcode (see
 * index.ts): `c.ext()` takes an extension word through the queue, `c.prefetch()` is the
 * final prefetch, `c.clk += n` adds internal clocks.
 */
import type { M68000 } from './index.js';
import {
  COMPILED, decodeTableOnce,
  EA_DN, EA_AN, EA_IND, EA_POST, EA_PRE, EA_D16, EA_IDX, EA_ABSW, EA_ABSL, EA_PCD, EA_PCX, EA_IMM, EA_MODE,
} from './spec.js';
import {
  VEC_CHK, VEC_ILLEGAL, VEC_LINE_A, VEC_LINE_F, VEC_PRIVILEGE, VEC_TRAP0, VEC_TRAPV, VEC_ZERO_DIVIDE,
} from './index.js';

export type Handler = (c: M68000, op: number) => void;

/** Size in bytes from the standard size field (bits 7-6). */
const SZ = [1, 2, 4, 0];
/** Shift that moves an operand of 1, 2 or 4 bytes to the top of an int. */
const SH = [0, 24, 16, 0, 0];

// ---- effective addresses ----------------------------------------------------------------------

function indexed(c: M68000, base: number): number {
  const e = c.ext();
  let x = c.r[(e >> 12) & 15];
  if (!(e & 0x800)) x = (x << 16) >> 16;
  return (base + x + ((e << 24) >> 24)) | 0;
}

/** Address of a memory operand; performs the mode's side effects and extension fetches. */
export function eaAddr(c: M68000, m: number, reg: number, size: number): number {
  const r = c.r;
  switch (m) {
    case EA_IND: return r[8 + reg];
    case EA_POST: {
      const a = r[8 + reg];
      // A long access to an odd address faults before the register is incremented.
      if (size !== 4 || !(a & 1)) r[8 + reg] = a + (size === 1 && reg === 7 ? 2 : size);
      return a;
    }
    case EA_PRE: {
      c.clk += 2;
      if (size !== 4) c.faultPc += 2;
      const a = (r[8 + reg] - (size === 1 && reg === 7 ? 2 : size)) | 0;
      r[8 + reg] = a;
      return a;
    }
    case EA_D16: return (r[8 + reg] + ((c.ext() << 16) >> 16)) | 0;
    case EA_IDX: c.clk += 2; return indexed(c, r[8 + reg]);
    case EA_ABSW: c.faultPc += 2; return (c.ext() << 16) >> 16;
    case EA_ABSL: c.faultPc += 4; return c.extLong();
    case EA_PCD: { const base = c.pcr - 2; return (base + ((c.ext() << 16) >> 16)) | 0; }
    case EA_PCX: { c.clk += 2; return indexed(c, c.pcr - 2); }
  }
  throw new Error(`m68000: EA mode ${m} has no address`);
}

function readMem(c: M68000, m: number, a: number, size: number): number {
  if (m === EA_PCD || m === EA_PCX) return size === 1 ? c.rb(a) : size === 2 ? c.rwp(a) : c.rlp(a);
  return size === 1 ? c.rb(a) : size === 2 ? c.rw(a) : c.rl(a);
}

/** Source operand, shifted to the top of the int. */
function readEa(c: M68000, m: number, reg: number, size: number): number {
  const sh = SH[size];
  switch (m) {
    case EA_DN: return c.r[reg] << sh;
    case EA_AN: return c.r[8 + reg] << sh;
    case EA_IMM:
      if (size === 4) {
        c.faultPc += 4;
        return c.extLong();
      }
      c.faultPc += 2;
      return c.ext() << sh;
  }
  if (m === EA_PRE && size === 4) {
    // -(An).l reads the low word first.
    const a = eaAddr(c, m, reg, size);
    if (a & 1) c.addressError(a, true, false);
    const lo = c.rw(a + 2);
    return (c.rw(a) << 16) | lo;
  }
  return readMem(c, m, eaAddr(c, m, reg, size), size) << sh;
}

function writeMem(c: M68000, a: number, v: number, size: number): void {
  if (size === 1) c.wb(a, v >>> 24);
  else if (size === 2) c.ww(a, v >>> 16);
  else c.wl(a, v);
}

function setDn(c: M68000, n: number, v: number, size: number): void {
  const r = c.r;
  if (size === 4) r[n] = v;
  else if (size === 2) r[n] = (r[n] & ~0xffff) | (v >>> 16);
  else r[n] = (r[n] & ~0xff) | (v >>> 24);
}

// ---- flags ----------------------------------------------------------------------------------

function addFlags(c: M68000, s: number, d: number): number {
  const r = (s + d) | 0;
  c.nf = r >>> 31;
  c.zf = r === 0 ? 1 : 0;
  c.vf = ((s ^ r) & (d ^ r)) >>> 31;
  c.cf = c.xf = (r >>> 0) < (d >>> 0) ? 1 : 0;
  return r;
}

function subFlags(c: M68000, s: number, d: number): number {
  const r = (d - s) | 0;
  c.nf = r >>> 31;
  c.zf = r === 0 ? 1 : 0;
  c.vf = ((s ^ d) & (r ^ d)) >>> 31;
  c.cf = c.xf = (s >>> 0) > (d >>> 0) ? 1 : 0;
  return r;
}

function cmpFlags(c: M68000, s: number, d: number): void {
  const r = (d - s) | 0;
  c.nf = r >>> 31;
  c.zf = r === 0 ? 1 : 0;
  c.vf = ((s ^ d) & (r ^ d)) >>> 31;
  c.cf = (s >>> 0) > (d >>> 0) ? 1 : 0;
}

function logicFlags(c: M68000, r: number): number {
  c.nf = r >>> 31;
  c.zf = r === 0 ? 1 : 0;
  c.vf = 0;
  c.cf = 0;
  return r;
}

function addxFlags(c: M68000, s: number, d: number, sh: number): number {
  const sum = (s >>> 0) + (d >>> 0) + c.xf * 2 ** sh;
  const r = sum | 0;
  c.nf = r >>> 31;
  if (r !== 0) c.zf = 0;
  c.vf = ((s ^ r) & (d ^ r)) >>> 31;
  c.cf = c.xf = sum > 0xffffffff ? 1 : 0;
  return r;
}

function subxFlags(c: M68000, s: number, d: number, sh: number): number {
  const diff = (d >>> 0) - (s >>> 0) - c.xf * 2 ** sh;
  const r = diff | 0;
  c.nf = r >>> 31;
  if (r !== 0) c.zf = 0;
  c.vf = ((s ^ d) & (r ^ d)) >>> 31;
  c.cf = c.xf = diff < 0 ? 1 : 0;
  return r;
}

export function testCond(c: M68000, cc: number): boolean {
  switch (cc) {
    case 0: return true;
    case 1: return false;
    case 2: return (c.cf | c.zf) === 0;
    case 3: return (c.cf | c.zf) !== 0;
    case 4: return c.cf === 0;
    case 5: return c.cf !== 0;
    case 6: return c.zf === 0;
    case 7: return c.zf !== 0;
    case 8: return c.vf === 0;
    case 9: return c.vf !== 0;
    case 10: return c.nf === 0;
    case 11: return c.nf !== 0;
    case 12: return c.nf === c.vf;
    case 13: return c.nf !== c.vf;
    case 14: return c.zf === 0 && c.nf === c.vf;
    default: return c.zf !== 0 || c.nf !== c.vf;
  }
}

// ---- exceptions raised by instructions ----------------------------------------------------------

/** Privilege violation: the PC stacked is the instruction's own address. */
function privilege(c: M68000): void {
  c.exception(VEC_PRIVILEGE, c.faultPc - 2, 4);
}

function illegal(c: M68000): void {
  c.exception(VEC_ILLEGAL, c.faultPc - 2, 4);
}

// ---- binary ALU: <ea>,Dn and Dn,<ea> --------------------------------------------------------------

/** Binary operation kinds (a switch, not closures: keeps the call sites monomorphic). */
const ALU_ADD = 0, ALU_SUB = 1, ALU_AND = 2, ALU_OR = 3, ALU_EOR = 4, ALU_CMP = 5;

function alu(c: M68000, kind: number, s: number, d: number): number {
  switch (kind) {
    case ALU_ADD: return addFlags(c, s, d);
    case ALU_SUB: return subFlags(c, s, d);
    case ALU_AND: return logicFlags(c, s & d);
    case ALU_OR: return logicFlags(c, s | d);
    case ALU_EOR: return logicFlags(c, s ^ d);
    default: cmpFlags(c, s, d); return d;
  }
}

function aluEaToReg(c: M68000, op: number, kind: number): void {
  const size = SZ[(op >> 6) & 3];
  const m = EA_MODE[op & 63];
  const sh = SH[size];
  const n = (op >> 9) & 7;
  if (m === EA_DN) {
    const r = alu(c, kind, c.r[op & 7] << sh, c.r[n] << sh);
    c.prefetch();
    if (size === 4) { c.clk += 4; c.r[n] = r; } else setDn(c, n, r, size);
    return;
  }
  const s = readEa(c, m, op & 7, size);
  const r = alu(c, kind, s, c.r[n] << sh);
  c.prefetch();
  if (size === 4) c.clk += m === EA_AN || m === EA_IMM ? 4 : 2;
  setDn(c, n, r, size);
}

function aluRegToEa(c: M68000, op: number, kind: number): void {
  const size = SZ[(op >> 6) & 3];
  const m = EA_MODE[op & 63];
  const sh = SH[size];
  const s = c.r[(op >> 9) & 7] << sh;
  if (m === EA_DN) {
    // EOR Dn,Dn only
    const reg = op & 7;
    const r = alu(c, kind, s, c.r[reg] << sh);
    c.prefetch();
    if (size === 4) { c.clk += 4; c.r[reg] = r; } else setDn(c, reg, r, size);
    return;
  }
  const a = eaAddr(c, m, op & 7, size);
  const d = readMem(c, m, a, size) << sh;
  const r = alu(c, kind, s, d);
  c.prefetch();
  writeMem(c, a, r, size);
}

function aluImmToEa(c: M68000, op: number, kind: number): void {
  const size = SZ[(op >> 6) & 3];
  const sh = SH[size];
  c.faultPc += size === 4 ? 4 : 2;
  const s = size === 4 ? c.extLong() : c.ext() << sh;
  const m = EA_MODE[op & 63];
  if (m === EA_DN) {
    const reg = op & 7;
    const r = alu(c, kind, s, c.r[reg] << sh);
    c.prefetch();
    if (kind === ALU_CMP) {
      if (size === 4) c.clk += 2;
      return;
    }
    if (size === 4) c.clk += 4;
    setDn(c, reg, r, size);
    return;
  }
  const a = eaAddr(c, m, op & 7, size);
  const d = readMem(c, m, a, size) << sh;
  const r = alu(c, kind, s, d);
  c.prefetch();
  if (kind !== ALU_CMP) writeMem(c, a, r, size);
}

const addEaToReg: Handler = (c, op) => aluEaToReg(c, op, ALU_ADD);
const subEaToReg: Handler = (c, op) => aluEaToReg(c, op, ALU_SUB);
const andEaToReg: Handler = (c, op) => aluEaToReg(c, op, ALU_AND);
const orEaToReg: Handler = (c, op) => aluEaToReg(c, op, ALU_OR);
const addRegToEa: Handler = (c, op) => aluRegToEa(c, op, ALU_ADD);
const subRegToEa: Handler = (c, op) => aluRegToEa(c, op, ALU_SUB);
const andRegToEa: Handler = (c, op) => aluRegToEa(c, op, ALU_AND);
const orRegToEa: Handler = (c, op) => aluRegToEa(c, op, ALU_OR);
const eor: Handler = (c, op) => aluRegToEa(c, op, ALU_EOR);
const addiToEa: Handler = (c, op) => aluImmToEa(c, op, ALU_ADD);
const subiToEa: Handler = (c, op) => aluImmToEa(c, op, ALU_SUB);
const andiToEa: Handler = (c, op) => aluImmToEa(c, op, ALU_AND);
const oriToEa: Handler = (c, op) => aluImmToEa(c, op, ALU_OR);
const eoriToEa: Handler = (c, op) => aluImmToEa(c, op, ALU_EOR);
const cmpiToEa: Handler = (c, op) => aluImmToEa(c, op, ALU_CMP);

const cmp: Handler = (c, op) => {
  const size = SZ[(op >> 6) & 3];
  const m = EA_MODE[op & 63];
  const s = readEa(c, m, op & 7, size);
  cmpFlags(c, s, c.r[(op >> 9) & 7] << SH[size]);
  c.prefetch();
  if (size === 4) c.clk += 2;
};

/** ADDA, SUBA, CMPA: word sources are sign-extended, the whole An is used. */
function addressArith(c: M68000, op: number, kind: number): void {
  const long = (op & 0x100) !== 0;
  const m = EA_MODE[op & 63];
  let s = readEa(c, m, op & 7, long ? 4 : 2);
  if (!long) s >>= 16;
  const n = 8 + ((op >> 9) & 7);
  c.prefetch();
  if (kind === 2) {
    cmpFlags(c, s, c.r[n]);
    c.clk += 2;
    return;
  }
  c.clk += !long || m === EA_DN || m === EA_AN || m === EA_IMM ? 4 : 2;
  c.r[n] = kind === 0 ? c.r[n] + s : c.r[n] - s;
}
const adda: Handler = (c, op) => addressArith(c, op, 0);
const suba: Handler = (c, op) => addressArith(c, op, 1);
const cmpa: Handler = (c, op) => addressArith(c, op, 2);

function quick(c: M68000, op: number, sub: boolean): void {
  const size = SZ[(op >> 6) & 3];
  const m = EA_MODE[op & 63];
  const q = ((op >> 9) & 7) || 8;
  const reg = op & 7;
  if (m === EA_AN) {
    c.prefetch();
    c.clk += 4;
    c.r[8 + reg] = sub ? c.r[8 + reg] - q : c.r[8 + reg] + q;
    return;
  }
  const sh = SH[size];
  if (m === EA_DN) {
    const d = c.r[reg] << sh;
    const r = sub ? subFlags(c, q << sh, d) : addFlags(c, q << sh, d);
    c.prefetch();
    if (size === 4) c.clk += 4;
    setDn(c, reg, r, size);
    return;
  }
  const a = eaAddr(c, m, reg, size);
  const d = readMem(c, m, a, size) << sh;
  const r = sub ? subFlags(c, q << sh, d) : addFlags(c, q << sh, d);
  c.prefetch();
  writeMem(c, a, r, size);
}
const addq: Handler = (c, op) => quick(c, op, false);
const subq: Handler = (c, op) => quick(c, op, true);

function extended(c: M68000, op: number, sub: boolean, memory: boolean): void {
  const size = SZ[(op >> 6) & 3];
  const sh = SH[size];
  const ry = op & 7, rx = (op >> 9) & 7;
  if (!memory) {
    const s = c.r[ry] << sh, d = c.r[rx] << sh;
    const r = sub ? subxFlags(c, s, d, sh) : addxFlags(c, s, d, sh);
    c.prefetch();
    if (size === 4) c.clk += 4;
    setDn(c, rx, r, size);
    return;
  }
  let s: number, d: number;
  if (size === 4) {
    c.faultPc = c.pcr;
    c.clk += 2;
    s = readLongPredec(c, ry);
    d = readLongPredec(c, rx);
  } else {
    c.faultPc = c.pcr - 2; // word -(An) adds 2 to the stacked PC itself
    s = readEa(c, EA_PRE, ry, size);
    c.faultPc = c.pcr - 2;
    c.clk -= 2; // the second predecrement costs nothing
    d = readEa(c, EA_PRE, rx, size);
  } // the second predecrement overlaps the first read
  const a = c.r[8 + rx];
  const r = sub ? subxFlags(c, s, d, sh) : addxFlags(c, s, d, sh);
  c.prefetch();
  if (size === 4) {
    c.ww(a + 2, r & 0xffff);
    c.ww(a, r >>> 16);
  } else writeMem(c, a, r, size);
}
const addxReg: Handler = (c, op) => extended(c, op, false, false);
const addxMem: Handler = (c, op) => extended(c, op, false, true);
const subxReg: Handler = (c, op) => extended(c, op, true, false);
const subxMem: Handler = (c, op) => extended(c, op, true, true);

/** ADDX/SUBX.l -(An): the low word is read first and an odd address faults there, before An changes. */
function readLongPredec(c: M68000, reg: number): number {
  const a = (c.r[8 + reg] - 4) | 0;
  if (a & 1) c.addressError((a + 2) | 0, true, false);
  const lo = c.rw(a + 2);
  const hi = c.rw(a);
  c.r[8 + reg] = a;
  return (hi << 16) | lo;
}

const cmpm: Handler = (c, op) => {
  const size = SZ[(op >> 6) & 3];
  c.faultPc = c.pcr;
  const ry = op & 7, rx = (op >> 9) & 7;
  // CMPM.l: an odd address faults after An has been stepped by 2.
  if (size === 4 && c.r[8 + ry] & 1) {
    const a = c.r[8 + ry];
    c.r[8 + ry] = a + 2;
    c.addressError(a, true, false);
  }
  const s = readEa(c, EA_POST, ry, size);
  // The second operand's register is stepped after its read.
  const ax = c.r[8 + rx];
  const d = readMem(c, EA_POST, ax, size) << SH[size];
  c.r[8 + rx] = ax + (size === 1 && rx === 7 ? 2 : size);
  cmpFlags(c, s, d);
  c.prefetch();
};

// ---- BCD -------------------------------------------------------------------------------------

function bcdAdd(c: M68000, s: number, d: number): number {
  const x = c.xf;
  const bin = s + d + x;
  let corr = 0;
  if ((s & 15) + (d & 15) + x > 9) corr = 6;
  let carry = 0;
  if (bin > 0x99) { corr += 0x60; carry = 1; }
  const r = (bin + corr) & 0xff;
  c.vf = (~bin & r & 0x80) ? 1 : 0;
  c.cf = c.xf = carry;
  if (r !== 0) c.zf = 0;
  c.nf = r >> 7;
  return r;
}

function bcdSub(c: M68000, s: number, d: number): number {
  const x = c.xf;
  const bin = (d - s - x) & 0x1ff;
  let corr = 0;
  if ((d & 15) - (s & 15) - x < 0) corr = 6;
  let carry = 0;
  if (d - s - x < 0) { corr += 0x60; carry = 1; }
  const r = (bin - corr) & 0xff;
  if ((d - s - x) >= 0 && bin - corr < 0) carry = 1;
  c.vf = (bin & ~r & 0x80) ? 1 : 0;
  c.cf = c.xf = carry;
  if (r !== 0) c.zf = 0;
  c.nf = r >> 7;
  return r;
}

function bcdOp(c: M68000, op: number, sub: boolean, memory: boolean): void {
  const ry = op & 7, rx = (op >> 9) & 7;
  if (!memory) {
    const r = sub ? bcdSub(c, c.r[ry] & 0xff, c.r[rx] & 0xff) : bcdAdd(c, c.r[ry] & 0xff, c.r[rx] & 0xff);
    c.prefetch();
    c.clk += 2;
    setDn(c, rx, r << 24, 1);
    return;
  }
  const s = readEa(c, EA_PRE, ry, 1) >>> 24;
  c.clk -= 2;
  const d = readEa(c, EA_PRE, rx, 1) >>> 24;
  const r = sub ? bcdSub(c, s, d) : bcdAdd(c, s, d);
  c.prefetch();
  c.wb(c.r[8 + rx], r);
}
const abcdReg: Handler = (c, op) => bcdOp(c, op, false, false);
const abcdMem: Handler = (c, op) => bcdOp(c, op, false, true);
const sbcdReg: Handler = (c, op) => bcdOp(c, op, true, false);
const sbcdMem: Handler = (c, op) => bcdOp(c, op, true, true);

const nbcd: Handler = (c, op) => {
  const m = EA_MODE[op & 63];
  if (m === EA_DN) {
    const r = bcdSub(c, c.r[op & 7] & 0xff, 0);
    c.prefetch();
    c.clk += 2;
    setDn(c, op & 7, r << 24, 1);
    return;
  }
  const a = eaAddr(c, m, op & 7, 1);
  const r = bcdSub(c, c.rb(a), 0);
  c.prefetch();
  c.wb(a, r);
};

// ---- single-operand ------------------------------------------------------------------------

const UN_NEG = 0, UN_NEGX = 1, UN_NOT = 2, UN_CLR = 3;

function unaryOp(c: M68000, kind: number, d: number, sh: number): number {
  switch (kind) {
    case UN_NEG: return subFlags(c, d, 0);
    case UN_NEGX: return subxFlags(c, d, 0, sh);
    case UN_NOT: return logicFlags(c, ~d & (-1 << sh));
    default: return logicFlags(c, 0);
  }
}

function unary(c: M68000, op: number, kind: number): void {
  const size = SZ[(op >> 6) & 3];
  const sh = SH[size];
  const m = EA_MODE[op & 63];
  if (m === EA_DN) {
    const r = unaryOp(c, kind, c.r[op & 7] << sh, sh);
    c.prefetch();
    if (size === 4) c.clk += 2;
    setDn(c, op & 7, r, size);
    return;
  }
  const a = eaAddr(c, m, op & 7, size);
  const d = readMem(c, m, a, size) << sh;
  const r = unaryOp(c, kind, d, sh);
  c.prefetch();
  writeMem(c, a, r, size);
}
const neg: Handler = (c, op) => unary(c, op, UN_NEG);
const negx: Handler = (c, op) => unary(c, op, UN_NEGX);
const not: Handler = (c, op) => unary(c, op, UN_NOT);
const clr: Handler = (c, op) => unary(c, op, UN_CLR);

const tst: Handler = (c, op) => {
  const size = SZ[(op >> 6) & 3];
  logicFlags(c, readEa(c, EA_MODE[op & 63], op & 7, size));
  c.prefetch();
};

const tas: Handler = (c, op) => {
  const m = EA_MODE[op & 63];
  if (m === EA_DN) {
    const v = c.r[op & 7] << 24;
    logicFlags(c, v);
    c.prefetch();
    c.r[op & 7] |= 0x80;
    return;
  }
  const a = eaAddr(c, m, op & 7, 1);
  const v = c.rb(a);
  logicFlags(c, v << 24);
  c.clk += 2;
  c.wb(a, v | 0x80);
  c.prefetch();
};

const scc: Handler = (c, op) => {
  const t = testCond(c, (op >> 8) & 15);
  const m = EA_MODE[op & 63];
  if (m === EA_DN) {
    c.prefetch();
    if (t) c.clk += 2;
    setDn(c, op & 7, t ? -1 : 0, 1);
    return;
  }
  const a = eaAddr(c, m, op & 7, 1);
  c.rb(a);
  c.prefetch();
  c.wb(a, t ? 0xff : 0);
};

// ---- MOVE ---------------------------------------------------------------------------------------

const MOVE_SIZE = [0, 1, 4, 2];

const move: Handler = (c, op) => {
  const size = MOVE_SIZE[(op >> 12) & 3];
  const v = readEa(c, EA_MODE[op & 63], op & 7, size);
  const dm = EA_MODE[(op >> 3) & 0x38 | (op >> 9) & 7];
  const dr = (op >> 9) & 7;
  if (dm === EA_DN) {
    logicFlags(c, v);
    c.prefetch();
    setDn(c, dr, v, size);
    return;
  }
  if (dm === EA_PRE) {
    // No extra clocks for a -(An) destination; the prefetch comes before the write.
    if (size === 4) {
      const a = (c.r[8 + dr] - 4) | 0;
      logicFlags(c, v);
      c.prefetchKeepIrd();
      c.wlLowFirst(a, v); // an odd address faults before An is written
      c.r[8 + dr] = a;
      return;
    }
    c.clk -= 2;
    const a = eaAddr(c, dm, dr, size);
    logicFlags(c, v);
    c.prefetch();
    writeMem(c, a, v, size);
    return;
  }
  const faultPc = c.pcr; // an address error on the write stacks the PC before the destination's extension words
  // (An)+ is incremented after the write: an address error leaves it unchanged.
  // abs.L after a memory source: the low address word is used from IRC, refilled only after
  // the write; after a register source both words come first. Either way an address error
  // stacks the PC of the low address word.
  const sm = EA_MODE[op & 63];
  const regSrc = sm === EA_DN || sm === EA_AN || sm === EA_IMM;
  const absL = dm === EA_ABSL;
  const lateAbsL = absL && !regSrc;
  let a: number;
  if (dm === EA_POST) a = c.r[8 + dr];
  else if (absL) {
    a = c.ext() << 16;
    a |= lateAbsL ? c.irc : c.ext();
  } else a = eaAddr(c, dm, dr, size);
  c.faultPc = absL ? c.pcr - 2 : faultPc;
  if (size === 4) {
    // The flags are complete only after the write: an address error there sees partial ones.
    if (dm === EA_IND || dm === EA_POST || (absL && !regSrc)) {
      if (!regSrc) logicFlags(c, v << 16);
    } else if (regSrc && dm !== EA_ABSW && !absL) {
      c.nf = v >>> 31;
      c.zf = (v >>> 16) === 0 ? 1 : 0;
    } else logicFlags(c, v);
    writeMem(c, a, v, 4);
    logicFlags(c, v);
  } else {
    logicFlags(c, v);
    writeMem(c, a, v, size);
  }
  if (dm === EA_POST) c.r[8 + dr] = a + (size === 1 && dr === 7 ? 2 : size);
  if (lateAbsL) c.ext();
  c.prefetch();
};

const movea: Handler = (c, op) => {
  const size = MOVE_SIZE[(op >> 12) & 3];
  let v = readEa(c, EA_MODE[op & 63], op & 7, size);
  if (size === 2) v >>= 16;
  c.prefetch();
  c.r[8 + ((op >> 9) & 7)] = v;
};

const moveq: Handler = (c, op) => {
  const v = (op << 24) >> 24;
  logicFlags(c, v);
  c.prefetch();
  c.r[(op >> 9) & 7] = v;
};

// ---- address and control -------------------------------------------------------------------------

/** Control-mode address for JMP/JSR: the last extension word is used from IRC, not refilled. */
function controlAddr(c: M68000, m: number, reg: number): number {
  const r = c.r;
  switch (m) {
    case EA_IND: return r[8 + reg];
    case EA_D16: c.clk += 2; return (r[8 + reg] + ((c.irc << 16) >> 16)) | 0;
    case EA_IDX: c.clk += 6; return indexNoFetch(c, r[8 + reg]);
    case EA_ABSW: c.clk += 2; return (c.irc << 16) >> 16;
    case EA_ABSL: { const h = c.ext(); return (h << 16) | c.irc; }
    case EA_PCD: c.clk += 2; return (c.pcr - 2 + ((c.irc << 16) >> 16)) | 0;
    default: c.clk += 6; return indexNoFetch(c, c.pcr - 2);
  }
}

function indexNoFetch(c: M68000, base: number): number {
  const e = c.irc;
  let x = c.r[(e >> 12) & 15];
  if (!(e & 0x800)) x = (x << 16) >> 16;
  return (base + x + ((e << 24) >> 24)) | 0;
}

const jmp: Handler = (c, op) => {
  c.jump(controlAddr(c, EA_MODE[op & 63], op & 7));
};

const jsr: Handler = (c, op) => {
  const m = EA_MODE[op & 63];
  const target = controlAddr(c, m, op & 7);
  // Return address: the word after the instruction (modes with one extension word leave it
  // in IRC, abs.L consumed its first word through the queue).
  const ret = m === EA_IND ? c.pcr - 2 : c.pcr;
  // The first fetch at the target comes before the return address is pushed; an address
  // error there stacks the PC past the extension words (pcr).
  if (m !== EA_IND) c.faultPc = c.pcr;
  c.fetchIr(target);
  c.push32(ret);
  c.fetchIrc();
};

const lea: Handler = (c, op) => {
  const m = EA_MODE[op & 63];
  const a = eaAddr(c, m, op & 7, 4);
  if (m === EA_IDX || m === EA_PCX) c.clk += 2;
  c.prefetch();
  c.r[8 + ((op >> 9) & 7)] = a;
};

const pea: Handler = (c, op) => {
  const m = EA_MODE[op & 63];
  const a = eaAddr(c, m, op & 7, 4);
  if (m === EA_IDX || m === EA_PCX) c.clk += 2;
  c.prefetch();
  c.push32(a);
};

const bra: Handler = (c, op) => {
  const d8 = (op << 24) >> 24;
  const base = c.pcr - 2;
  const target = d8 === 0 ? (base + ((c.irc << 16) >> 16)) | 0 : (base + d8) | 0;
  c.clk += 2;
  c.jump(target);
};

const bsr: Handler = (c, op) => {
  const d8 = (op << 24) >> 24;
  const base = c.pcr - 2;
  const target = d8 === 0 ? (base + ((c.irc << 16) >> 16)) | 0 : (base + d8) | 0;
  c.clk += 2;
  c.push32(d8 === 0 ? c.pcr : base);
  c.faultPc = target; // an odd target stacks the target itself
  c.jump(target);
};

const bcc: Handler = (c, op) => {
  const d8 = (op << 24) >> 24;
  if (testCond(c, (op >> 8) & 15)) {
    const base = c.pcr - 2;
    c.clk += 2;
    c.jump(d8 === 0 ? (base + ((c.irc << 16) >> 16)) | 0 : (base + d8) | 0);
    return;
  }
  c.clk += 4;
  if (d8 === 0) c.ext();
  c.prefetch();
};

const dbcc: Handler = (c, op) => {
  const base = c.pcr - 2;
  const target = (base + ((c.irc << 16) >> 16)) | 0;
  if (testCond(c, (op >> 8) & 15)) {
    c.clk += 4;
    c.ext();
    c.prefetch();
    return;
  }
  const reg = op & 7;
  const cnt = ((c.r[reg] & 0xffff) - 1) & 0xffff;
  c.clk += 2;
  if (cnt !== 0xffff) {
    c.faultPc = c.pcr;
    c.jump(target); // an odd target faults before the counter is written
    c.r[reg] = (c.r[reg] & ~0xffff) | cnt;
    return;
  }
  c.r[reg] = (c.r[reg] & ~0xffff) | cnt;
  c.rwp(target);
  c.ext();
  c.prefetch();
};

const rts: Handler = (c) => {
  const sp = c.r[15];
  const t = c.rl(sp);
  c.r[15] = sp + 4;
  c.jump(t);
};

const rtr: Handler = (c) => {
  const sp = c.r[15];
  const ccr = c.rw(sp);
  const t = c.rl(sp + 2);
  c.r[15] = sp + 6;
  c.setCCR(ccr);
  c.jump(t);
};

const rte: Handler = (c) => {
  if (!c.s) return privilege(c);
  const sp = c.r[15];
  const sr = c.rw(sp);
  const t = c.rl(sp + 2);
  c.r[15] = sp + 6;
  c.setSR(sr);
  c.jump(t);
};

const link: Handler = (c, op) => {
  const n = 8 + (op & 7);
  const v = c.r[n]; // LINK A7 pushes the value before the decrement
  const sp = (c.r[15] - 4) | 0;
  c.faultPc = c.pcr;
  c.r[15] = sp;
  c.wl(sp, v);
  c.r[n] = sp;
  c.r[15] = (sp + ((c.ext() << 16) >> 16)) | 0;
  c.prefetch();
};

const unlk: Handler = (c, op) => {
  const n = 8 + (op & 7);
  const a = c.r[n];
  c.faultPc = c.pcr;
  const v = c.rl(a);
  c.r[15] = a + 4;
  c.r[n] = v;
  c.prefetch();
};

// ---- MOVEM ------------------------------------------------------------------------------------

const movemRegsToMem: Handler = (c, op) => {
  const list = c.ext();
  const long = (op & 0x40) !== 0;
  const m = EA_MODE[op & 63];
  const step = long ? 4 : 2;
  if (m === EA_PRE) {
    const an = 8 + (op & 7);
    let a = c.r[an];
    // Register order is reversed for -(An): bit 0 = A7 ... bit 15 = D0.
    for (let i = 0; i < 16; i++) {
      if (list & (1 << i)) {
        a = (a - step) | 0;
        c.faultPc = c.pcr;
        const v = c.r[15 - i];
        if (long) c.wlLowFirst(a, v);
        else c.ww(a, v);
      }
    }
    c.r[an] = a;
    c.prefetch();
    return;
  }
  let a = eaAddr(c, m, op & 7, step);
  c.faultPc = c.pcr;
  for (let i = 0; i < 16; i++) {
    if (list & (1 << i)) {
      if (long) c.wl(a, c.r[i]);
      else c.ww(a, c.r[i]);
      a = (a + step) | 0;
    }
  }
  c.prefetch();
};

const movemMemToRegs: Handler = (c, op) => {
  const list = c.ext();
  const long = (op & 0x40) !== 0;
  const m = EA_MODE[op & 63];
  const step = long ? 4 : 2;
  const pc = m === EA_PCD || m === EA_PCX;
  let a = m === EA_POST ? c.r[8 + (op & 7)] : eaAddr(c, m, op & 7, step);
  c.faultPc = c.pcr;
  for (let i = 0; i < 16; i++) {
    if (list & (1 << i)) {
      c.r[i] = long ? (pc ? c.rlp(a) : c.rl(a)) : ((pc ? c.rwp(a) : c.rw(a)) << 16) >> 16;
      a = (a + step) | 0;
    }
  }
  // The chip reads one more word than it needs.
  if (pc) c.rwp(a); else c.rw(a);
  if (m === EA_POST) c.r[8 + (op & 7)] = a;
  c.prefetch();
};

// ---- MOVEP ------------------------------------------------------------------------------------

const movepMemToReg: Handler = (c, op) => {
  const a = (c.r[8 + (op & 7)] + ((c.ext() << 16) >> 16)) | 0;
  const n = (op >> 9) & 7;
  if (op & 0x40) {
    const v = (c.rb(a) << 24) | (c.rb(a + 2) << 16) | (c.rb(a + 4) << 8) | c.rb(a + 6);
    c.r[n] = v;
  } else {
    const v = (c.rb(a) << 8) | c.rb(a + 2);
    c.r[n] = (c.r[n] & ~0xffff) | v;
  }
  c.prefetch();
};

const movepRegToMem: Handler = (c, op) => {
  const a = (c.r[8 + (op & 7)] + ((c.ext() << 16) >> 16)) | 0;
  const v = c.r[(op >> 9) & 7];
  if (op & 0x40) {
    c.wb(a, v >>> 24);
    c.wb(a + 2, v >>> 16);
    c.wb(a + 4, v >>> 8);
    c.wb(a + 6, v);
  } else {
    c.wb(a, v >>> 8);
    c.wb(a + 2, v);
  }
  c.prefetch();
};

// ---- shifts and rotates ------------------------------------------------------------------------

/**
 * Shift `v` (shifted to the top, `bits` wide) by `cnt` (0-63) of kind 0 AS, 1 LS, 2 ROX, 3 RO.
 * Sets flags and returns the result (top-aligned).
 */
function shift(c: M68000, kind: number, left: boolean, v: number, cnt: number, bits: number): number {
  let r = v;
  let carry = 0;
  let ovf = 0;
  if (cnt === 0) {
    c.vf = 0;
    c.cf = kind === 2 ? c.xf : 0;
    c.nf = r >>> 31;
    c.zf = r === 0 ? 1 : 0;
    return r;
  }
  const low = 32 - bits; // value of the lowest used bit position
  switch (kind) {
    case 0: { // arithmetic
      if (left) {
        if (cnt < bits) {
          const m = -1 << (31 - cnt); // the bits that pass through the sign position
          const top = r & m;
          ovf = top !== 0 && top !== m ? 1 : 0;
          carry = (r >>> (32 - cnt)) & 1;
          r <<= cnt;
        } else {
          ovf = r !== 0 ? 1 : 0;
          carry = cnt === bits ? r & (1 << low) ? 1 : 0 : 0;
          r = 0;
        }
      } else if (cnt < bits) {
        carry = (r >>> (low + cnt - 1)) & 1;
        r = (r >> cnt) & (-1 << low);
      } else {
        carry = r >>> 31;
        r = r >> 31;
        r &= -1 << low;
      }
      c.xf = carry;
      break;
    }
    case 1: // logical
      if (left) {
        if (cnt <= bits) {
          carry = (r >>> (32 - cnt)) & 1;
          r = cnt === 32 ? 0 : r << cnt;
        } else {
          carry = 0;
          r = 0;
        }
      } else if (cnt <= bits) {
        carry = (r >>> (low + cnt - 1)) & 1;
        r = cnt === 32 ? 0 : (r >>> cnt) & (-1 << low);
      } else {
        carry = 0;
        r = 0;
      }
      c.xf = carry;
      break;
    case 2: { // rotate through X
      let x = c.xf;
      for (let i = 0; i < cnt; i++) {
        if (left) {
          const out = r >>> 31;
          r = (r << 1) | (x << low);
          x = out;
        } else {
          const out = (r >>> low) & 1;
          r = ((r >>> 1) | (x << 31)) & ~((1 << low) - 1);
          x = out;
        }
      }
      c.xf = carry = x;
      break;
    }
    default: // rotate
      for (let i = 0; i < cnt; i++) {
        if (left) {
          carry = r >>> 31;
          r = (r << 1) | (carry << low);
        } else {
          carry = (r >>> low) & 1;
          r = ((r >>> 1) | (carry << 31)) & ~((1 << low) - 1);
        }
      }
      break;
  }
  r |= 0;
  c.cf = carry;
  c.vf = ovf;
  c.nf = r >>> 31;
  c.zf = r === 0 ? 1 : 0;
  return r;
}

function shiftReg(c: M68000, op: number, kind: number): void {
  const size = SZ[(op >> 6) & 3];
  const sh = SH[size];
  const reg = op & 7;
  const cnt = op & 0x20 ? c.r[(op >> 9) & 7] & 63 : ((op >> 9) & 7) || 8;
  const r = shift(c, kind, (op & 0x100) !== 0, c.r[reg] << sh, cnt, size * 8);
  c.prefetch();
  c.clk += (size === 4 ? 4 : 2) + 2 * cnt;
  setDn(c, reg, r, size);
}

function shiftMem(c: M68000, op: number, kind: number): void {
  const m = EA_MODE[op & 63];
  const a = eaAddr(c, m, op & 7, 2);
  const v = c.rw(a) << 16;
  const r = shift(c, kind, (op & 0x100) !== 0, v, 1, 16);
  c.prefetch();
  c.ww(a, r >>> 16);
}
const asReg: Handler = (c, op) => shiftReg(c, op, 0);
const lsReg: Handler = (c, op) => shiftReg(c, op, 1);
const roxReg: Handler = (c, op) => shiftReg(c, op, 2);
const roReg: Handler = (c, op) => shiftReg(c, op, 3);
const asMem: Handler = (c, op) => shiftMem(c, op, 0);
const lsMem: Handler = (c, op) => shiftMem(c, op, 1);
const roxMem: Handler = (c, op) => shiftMem(c, op, 2);
const roMem: Handler = (c, op) => shiftMem(c, op, 3);

// ---- bit operations -------------------------------------------------------------------------------

/** kind: 0 BTST, 1 BCHG, 2 BCLR, 3 BSET. */
function bitOp(c: M68000, op: number, bit: number, kind: number): void {
  const m = EA_MODE[op & 63];
  if (m === EA_DN) {
    const reg = op & 7;
    const b = bit & 31;
    const v = c.r[reg];
    c.zf = (v >>> b) & 1 ? 0 : 1;
    c.prefetch();
    if (kind === 0) {
      c.clk += 2;
      return;
    }
    c.clk += (kind === 2 ? 4 : 2) + (b >= 16 ? 2 : 0);
    c.r[reg] = kind === 1 ? v ^ (1 << b) : kind === 2 ? v & ~(1 << b) : v | (1 << b);
    return;
  }
  const b = bit & 7;
  if (m === EA_IMM) {
    // BTST Dn,#data
    const v = c.ext() & 0xff;
    c.zf = (v >>> b) & 1 ? 0 : 1;
    c.prefetch();
    c.clk += 2;
    return;
  }
  const a = eaAddr(c, m, op & 7, 1);
  const v = c.rb(a); // byte access: no alignment, so program and data space read alike
  c.zf = (v >>> b) & 1 ? 0 : 1;
  c.prefetch();
  if (kind === 0) return;
  c.wb(a, kind === 1 ? v ^ (1 << b) : kind === 2 ? v & ~(1 << b) : v | (1 << b));
}
const btstReg: Handler = (c, op) => bitOp(c, op, c.r[(op >> 9) & 7], 0);
const bchgReg: Handler = (c, op) => bitOp(c, op, c.r[(op >> 9) & 7], 1);
const bclrReg: Handler = (c, op) => bitOp(c, op, c.r[(op >> 9) & 7], 2);
const bsetReg: Handler = (c, op) => bitOp(c, op, c.r[(op >> 9) & 7], 3);
const btstImm: Handler = (c, op) => bitOp(c, op, c.ext(), 0);
const bchgImm: Handler = (c, op) => bitOp(c, op, c.ext(), 1);
const bclrImm: Handler = (c, op) => bitOp(c, op, c.ext(), 2);
const bsetImm: Handler = (c, op) => bitOp(c, op, c.ext(), 3);

// ---- multiply, divide, CHK -------------------------------------------------------------------------

const mulu: Handler = (c, op) => {
  const s = readEa(c, EA_MODE[op & 63], op & 7, 2) >>> 16;
  const n = (op >> 9) & 7;
  const r = Math.imul(s, c.r[n] & 0xffff);
  logicFlags(c, r);
  c.prefetch();
  let ones = 0;
  for (let v = s; v; v &= v - 1) ones++;
  c.clk += 34 + 2 * ones;
  c.r[n] = r;
};

const muls: Handler = (c, op) => {
  const s = readEa(c, EA_MODE[op & 63], op & 7, 2) >> 16;
  const n = (op >> 9) & 7;
  const r = Math.imul(s, (c.r[n] << 16) >> 16);
  logicFlags(c, r);
  c.prefetch();
  // 38 + 2n, n = number of 01 or 10 pairs in the source with a 0 appended.
  const p = ((s << 1) ^ s) & 0xffff;
  let ones = 0;
  for (let v = p; v; v &= v - 1) ones++;
  c.clk += 34 + 2 * ones;
  c.r[n] = r;
};

const divu: Handler = (c, op) => {
  const s = readEa(c, EA_MODE[op & 63], op & 7, 2) >>> 16;
  const n = (op >> 9) & 7;
  if (s === 0) {
    c.clk += 4;
    c.vf = 0; c.cf = 0;
    c.exception(VEC_ZERO_DIVIDE, c.pcr - 2, 4, true);
    return;
  }
  const d = c.r[n] >>> 0;
  const q = Math.floor(d / s);
  c.prefetch();
  c.clk += divuClocks(d, s) - 4;
  c.cf = 0;
  if (q > 0xffff) {
    c.vf = 1;
    c.nf = 1;
    c.zf = 0;
    return;
  }
  const rem = d - q * s;
  c.vf = 0;
  c.nf = (q >> 15) & 1;
  c.zf = q === 0 ? 1 : 0;
  c.r[n] = (rem << 16) | q;
};

/** DIVU clocks without the effective address (MC68000UM gives only the maximum, 140). */
function divuClocks(dividend: number, divisor: number): number {
  if ((dividend >>> 16) >= divisor) return 10;
  let clocks = 38;
  const hd = divisor * 65536;
  let dv = dividend;
  for (let i = 0; i < 15; i++) {
    const top = dv >= 0x80000000;
    dv = (dv * 2) % 0x100000000;
    if (top) dv -= hd;
    else {
      clocks += 2;
      if (dv >= hd) { dv -= hd; clocks--; }
    }
    if (dv < 0) dv += 0x100000000;
  }
  return clocks * 2;
}

const divs: Handler = (c, op) => {
  const s = readEa(c, EA_MODE[op & 63], op & 7, 2) >> 16;
  const n = (op >> 9) & 7;
  if (s === 0) {
    c.clk += 4;
    c.vf = 0; c.cf = 0;
    c.exception(VEC_ZERO_DIVIDE, c.pcr - 2, 4, true);
    return;
  }
  const d = c.r[n];
  const q = Math.trunc(d / s);
  c.prefetch();
  c.clk += divsClocks(d, s) - 4;
  c.cf = 0;
  if (q > 32767 || q < -32768) {
    c.vf = 1;
    c.nf = 1;
    c.zf = 0;
    return;
  }
  const rem = d - q * s;
  c.vf = 0;
  c.nf = q < 0 ? 1 : 0;
  c.zf = q === 0 ? 1 : 0;
  c.r[n] = (rem << 16) | (q & 0xffff);
};

function divsClocks(dividend: number, divisor: number): number {
  let clocks = 6;
  if (dividend < 0) clocks++;
  const ad = Math.abs(dividend), as = Math.abs(divisor);
  if (Math.floor(ad / 65536) >= as) return (clocks + 2) * 2;
  let q = Math.floor(ad / as);
  clocks += 55;
  if (divisor >= 0) clocks += dividend >= 0 ? -1 : 1;
  for (let i = 0; i < 15; i++) {
    if (!(q & 0x8000)) clocks++;
    q = (q << 1) & 0xffff;
  }
  return clocks * 2;
}

const chk: Handler = (c, op) => {
  const bound = readEa(c, EA_MODE[op & 63], op & 7, 2) >> 16;
  const v = (c.r[(op >> 9) & 7] << 16) >> 16;
  c.zf = v === 0 ? 1 : 0;
  c.vf = 0;
  c.cf = 0;
  if (v < 0 || v > bound) {
    c.nf = v < 0 ? 1 : 0;
    // Measured on the reference: when Dn <= bound the trap comes from the sign test, two
    // clocks later unless the 16-bit Dn - bound came out positive (it overflowed).
    const diff = (v - bound) & 0xffff;
    c.clk += v <= bound && (diff === 0 || diff & 0x8000) ? 10 : 8;
    c.exception(VEC_CHK, c.pcr - 2, 0, true);
    return;
  }
  c.nf = 0;
  c.prefetch();
  c.clk += 6;
};

// ---- status register, privileged, traps --------------------------------------------------------

const moveFromSr: Handler = (c, op) => {
  const m = EA_MODE[op & 63];
  const sr = c.getSR();
  if (m === EA_DN) {
    c.prefetch();
    c.clk += 2;
    setDn(c, op & 7, sr << 16, 2);
    return;
  }
  const a = eaAddr(c, m, op & 7, 2);
  c.rw(a);
  c.prefetch();
  c.ww(a, sr);
};

const moveToCcr: Handler = (c, op) => {
  const v = readEa(c, EA_MODE[op & 63], op & 7, 2) >>> 16;
  c.setCCR(v);
  c.clk += 4;
  c.prefetch();
  c.clk += 4;
};

const moveToSr: Handler = (c, op) => {
  if (!c.s) return privilege(c);
  const v = readEa(c, EA_MODE[op & 63], op & 7, 2) >>> 16;
  c.setSR(v & 0xa71f);
  c.clk += 4;
  c.prefetch();
  c.clk += 4;
};

function ccrImm(c: M68000, f: (ccr: number, imm: number) => number): void {
  const imm = c.ext();
  c.setCCR(f(c.getCCR(), imm) & 0x1f);
  c.clk += 8;
  c.prefetch();
  c.clk += 4;
}

function srImm(c: M68000, f: (sr: number, imm: number) => number): void {
  if (!c.s) return privilege(c);
  const imm = c.ext();
  c.setSR(f(c.getSR(), imm) & 0xa71f);
  c.clk += 8;
  c.prefetch();
  c.clk += 4;
}
const oriToCcr: Handler = (c) => ccrImm(c, (a, b) => a | b);
const andiToCcr: Handler = (c) => ccrImm(c, (a, b) => a & b);
const eoriToCcr: Handler = (c) => ccrImm(c, (a, b) => a ^ b);
const oriToSr: Handler = (c) => srImm(c, (a, b) => a | b);
const andiToSr: Handler = (c) => srImm(c, (a, b) => a & b);
const eoriToSr: Handler = (c) => srImm(c, (a, b) => a ^ b);

const moveToUsp: Handler = (c, op) => {
  if (!c.s) return privilege(c);
  c.otherSp = c.r[8 + (op & 7)];
  c.prefetch();
};

const moveFromUsp: Handler = (c, op) => {
  if (!c.s) return privilege(c);
  c.r[8 + (op & 7)] = c.otherSp;
  c.prefetch();
};

const reset: Handler = (c) => {
  if (!c.s) return privilege(c);
  c.onResetInstruction?.();
  c.clk += 128;
  c.prefetch();
};

const nop: Handler = (c) => c.prefetch();

const stop: Handler = (c) => {
  if (!c.s) return privilege(c);
  // The immediate stays in IRC and the PC does not move until an interrupt ends the STOP.
  c.setSR(c.irc & 0xa71f);
  c.clk += 4;
  c.enterStop();
};

const trap: Handler = (c, op) => {
  c.exception(VEC_TRAP0 + (op & 15), c.pcr - 2, 4, true);
};

const trapv: Handler = (c) => {
  if (c.vf) {
    c.exception(VEC_TRAPV, c.pcr - 2, 0, true);
    c.clk += 4;
    return;
  }
  c.prefetch();
};

const lineA: Handler = (c) => c.exception(VEC_LINE_A, c.faultPc - 2, 4);
const lineF: Handler = (c) => c.exception(VEC_LINE_F, c.faultPc - 2, 4);
const illegalOp: Handler = (c) => illegal(c);

// ---- register-only --------------------------------------------------------------------------------

const swap: Handler = (c, op) => {
  const v = c.r[op & 7];
  const r = (v << 16) | (v >>> 16);
  logicFlags(c, r);
  c.prefetch();
  c.r[op & 7] = r;
};

const extWord: Handler = (c, op) => {
  const v = (c.r[op & 7] << 24) >> 24;
  logicFlags(c, v << 16);
  c.prefetch();
  setDn(c, op & 7, v << 16, 2);
};

const extLong: Handler = (c, op) => {
  const v = (c.r[op & 7] << 16) >> 16;
  logicFlags(c, v);
  c.prefetch();
  c.r[op & 7] = v;
};

const exgDD: Handler = (c, op) => exchange(c, (op >> 9) & 7, op & 7);
const exgAA: Handler = (c, op) => exchange(c, 8 + ((op >> 9) & 7), 8 + (op & 7));
const exgDA: Handler = (c, op) => exchange(c, (op >> 9) & 7, 8 + (op & 7));
function exchange(c: M68000, i: number, j: number): void {
  const t = c.r[i];
  c.r[i] = c.r[j];
  c.r[j] = t;
  c.prefetch();
  c.clk += 2;
}

// ---- the table ----------------------------------------------------------------------------------

const BY_NAME: Record<string, Handler> = {
  oriToCcr, oriToSr, andiToCcr, andiToSr, eoriToCcr, eoriToSr,
  oriToEa, andiToEa, subiToEa, addiToEa, eoriToEa, cmpiToEa,
  btstImm, bchgImm, bclrImm, bsetImm, btstReg, bchgReg, bclrReg, bsetReg,
  movepMemToReg, movepRegToMem, move, movea,
  negx, moveFromSr, chk, lea, clr, neg, moveToCcr, not, moveToSr, nbcd, swap, pea, extWord, extLong,
  movemRegsToMem, tst, tas, illegal: illegalOp, movemMemToRegs, trap, link, unlk, moveToUsp, moveFromUsp,
  reset, nop, stop, rte, rts, trapv, rtr, jsr, jmp,
  addq, subq, scc, dbcc, bra, bsr, bcc, moveq,
  orEaToReg, orRegToEa, divu, divs, sbcdReg, sbcdMem,
  subEaToReg, subRegToEa, suba, subxReg, subxMem,
  addEaToReg, addRegToEa, adda, addxReg, addxMem,
  cmp, cmpa, eor, cmpm,
  andEaToReg, andRegToEa, mulu, muls, abcdReg, abcdMem, exgDD, exgAA, exgDA,
  asReg, lsReg, roxReg, roReg, asMem, lsMem, roxMem, roMem, lineA, lineF,
};

function buildHandlers(): Handler[] {
  const decode = decodeTableOnce();
  const rows = COMPILED.map((c) => {
    const h = BY_NAME[c.spec.exec];
    if (!h) throw new Error(`m68000 spec row "${c.spec.asm}" names handler ${c.spec.exec}, which execute.ts lacks`);
    return h;
  });
  const t: Handler[] = new Array(65536);
  for (let op = 0; op < 65536; op++) t[op] = decode[op] === 0xffff ? illegalOp : rows[decode[op]];
  return t;
}

export const HANDLERS: Handler[] = buildHandlers();
