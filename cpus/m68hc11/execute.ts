/**
 * M68HC11 instruction semantics. The dispatch table (4 pages x 256 slots) is built from
 * spec.ts by `buildDispatch`: each row names a handler family (`adda`, `ldx`, `aslm`, ...) and
 * an addressing mode; the family's operation is wrapped once, at build time, in the operand
 * fetch of that mode (`read8_dir`, `ea_idy`, ...), so nothing is decided per instruction but
 * the slot.
 *
 * Condition codes follow the M68HC11 Reference Manual's instruction descriptions:
 *  - H is the carry out of bit 3 and only ADDA/ADDB/ADCA/ADCB/ABA change it;
 *  - subtraction sets C on borrow; NEG sets C when the result is not 0 and V when it is $80;
 *  - shifts and rotates set V = N xor C (after the operation);
 *  - INC/DEC leave C alone and set V on $7F->$80 / $80->$7F;
 *  - loads, stores, logic operations, TST, BSET/BCLR clear V; TST and CLR clear C, COM sets it;
 *  - INX/DEX/INY/DEY change Z only; INS/DES/ABX/ABY/XGDx/TSx/TxS change nothing;
 *  - the X bit can be cleared by TAP and RTI but never set by them (only by reset and XIRQ).
 */
import type { M68HC11 } from './index.js';
import { buildOpcodeTables, type Entry, type Mode, type OpcodeTables, SLOTS } from './spec.js';

export type Handler = (c: M68HC11) => void;

export const F_S = 0x80;
export const F_X = 0x40;
export const F_H = 0x20;
export const F_I = 0x10;
export const F_N = 0x08;
export const F_Z = 0x04;
export const F_V = 0x02;
export const F_C = 0x01;
const NZVC = F_N | F_Z | F_V | F_C;
const NZV = F_N | F_Z | F_V;

// ---- flag helpers ---------------------------------------------------------------------------

/** N and Z of an 8-bit result, V cleared (loads, stores, logic, TST). */
function nz8(c: M68HC11, r: number): number {
  c.ccr = (c.ccr & ~NZV) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0);
  return r;
}

function nz16(c: M68HC11, r: number): number {
  c.ccr = (c.ccr & ~NZV) | ((r & 0x8000) >> 12) | (r === 0 ? F_Z : 0);
  return r;
}

/** a + m + carry-in with H N Z V C. */
function add8(c: M68HC11, a: number, m: number, cin: number): number {
  const s = a + m + cin;
  const r = s & 0xff;
  c.ccr = (c.ccr & ~(F_H | NZVC))
    | ((a ^ m ^ s) & 0x10) << 1
    | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0)
    | ((~(a ^ m) & (a ^ r) & 0x80) >> 6)
    | (s >> 8);
  return r;
}

/** a - m - borrow-in with N Z V C (C = borrow). */
function sub8(c: M68HC11, a: number, m: number, bin: number): number {
  const d = a - m - bin;
  const r = d & 0xff;
  c.ccr = (c.ccr & ~NZVC)
    | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0)
    | (((a ^ m) & (a ^ r) & 0x80) >> 6)
    | (d < 0 ? F_C : 0);
  return r;
}

function add16(c: M68HC11, a: number, m: number): number {
  const s = a + m;
  const r = s & 0xffff;
  c.ccr = (c.ccr & ~NZVC)
    | ((r & 0x8000) >> 12) | (r === 0 ? F_Z : 0)
    | ((~(a ^ m) & (a ^ r) & 0x8000) >> 14)
    | (s >> 16);
  return r;
}

function sub16(c: M68HC11, a: number, m: number): number {
  const d = a - m;
  const r = d & 0xffff;
  c.ccr = (c.ccr & ~NZVC)
    | ((r & 0x8000) >> 12) | (r === 0 ? F_Z : 0)
    | (((a ^ m) & (a ^ r) & 0x8000) >> 14)
    | (d < 0 ? F_C : 0);
  return r;
}

/** Shift/rotate result r with carry-out co: N Z C, V = N xor C. */
function shiftFlags(c: M68HC11, r: number, co: number): number {
  const n = (r >> 7) & 1;
  c.ccr = (c.ccr & ~NZVC) | (n << 3) | (r === 0 ? F_Z : 0) | ((n ^ co) << 1) | co;
  return r;
}

// ---- operation kernels ------------------------------------------------------------------------
// Each family is one function with a switch on a constant operation number captured by the slot's
// handler: the handler calls one known function (V8 inlines it) instead of a per-operation closure.

const enum Un { ASL, ASR, LSR, ROL, ROR, CLR, COM, NEG, INC, DEC, TST }
const UNARY_OPS: Record<string, Un> = {
  asl: Un.ASL, asr: Un.ASR, lsr: Un.LSR, rol: Un.ROL, ror: Un.ROR, clr: Un.CLR, com: Un.COM,
  neg: Un.NEG, inc: Un.INC, dec: Un.DEC, tst: Un.TST,
};

/** One-operand operation on an accumulator or memory byte: returns the result, sets flags. */
function unary(c: M68HC11, k: Un, v: number): number {
  let r: number;
  switch (k) {
    case Un.ASL: return shiftFlags(c, (v << 1) & 0xff, v >> 7);
    case Un.ASR: return shiftFlags(c, (v >> 1) | (v & 0x80), v & 1);
    case Un.LSR: return shiftFlags(c, v >> 1, v & 1);
    case Un.ROL: return shiftFlags(c, ((v << 1) & 0xff) | (c.ccr & F_C), v >> 7);
    case Un.ROR: return shiftFlags(c, (v >> 1) | ((c.ccr & F_C) << 7), v & 1);
    case Un.CLR:
      c.ccr = (c.ccr & ~NZVC) | F_Z;
      return 0;
    case Un.COM:
      r = ~v & 0xff;
      c.ccr = (c.ccr & ~NZVC) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | F_C;
      return r;
    case Un.NEG:
      r = -v & 0xff;
      c.ccr = (c.ccr & ~NZVC) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | (r === 0x80 ? F_V : 0) | (r !== 0 ? F_C : 0);
      return r;
    case Un.INC:
      r = (v + 1) & 0xff;
      c.ccr = (c.ccr & ~NZV) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | (v === 0x7f ? F_V : 0);
      return r;
    case Un.DEC:
      r = (v - 1) & 0xff;
      c.ccr = (c.ccr & ~NZV) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | (v === 0x80 ? F_V : 0);
      return r;
    case Un.TST:
      c.ccr = (c.ccr & ~NZVC) | ((v & 0x80) >> 4) | (v === 0 ? F_Z : 0);
      return v;
  }
}

const enum A8 { ADCA, ADCB, ADDA, ADDB, ANDA, ANDB, BITA, BITB, CMPA, CMPB, EORA, EORB, LDAA, LDAB, ORAA, ORAB, SBCA, SBCB, SUBA, SUBB }
const READ8: Record<string, A8> = {
  adca: A8.ADCA, adcb: A8.ADCB, adda: A8.ADDA, addb: A8.ADDB, anda: A8.ANDA, andb: A8.ANDB,
  bita: A8.BITA, bitb: A8.BITB, cmpa: A8.CMPA, cmpb: A8.CMPB, eora: A8.EORA, eorb: A8.EORB,
  ldaa: A8.LDAA, ldab: A8.LDAB, oraa: A8.ORAA, orab: A8.ORAB, sbca: A8.SBCA, sbcb: A8.SBCB,
  suba: A8.SUBA, subb: A8.SUBB,
};

/** Accumulator op with an 8-bit operand. */
function alu8(c: M68HC11, k: A8, v: number): void {
  switch (k) {
    case A8.ADCA: c.a = add8(c, c.a, v, c.ccr & F_C); return;
    case A8.ADCB: c.b = add8(c, c.b, v, c.ccr & F_C); return;
    case A8.ADDA: c.a = add8(c, c.a, v, 0); return;
    case A8.ADDB: c.b = add8(c, c.b, v, 0); return;
    case A8.ANDA: c.a = nz8(c, c.a & v); return;
    case A8.ANDB: c.b = nz8(c, c.b & v); return;
    case A8.BITA: nz8(c, c.a & v); return;
    case A8.BITB: nz8(c, c.b & v); return;
    case A8.CMPA: sub8(c, c.a, v, 0); return;
    case A8.CMPB: sub8(c, c.b, v, 0); return;
    case A8.EORA: c.a = nz8(c, c.a ^ v); return;
    case A8.EORB: c.b = nz8(c, c.b ^ v); return;
    case A8.LDAA: c.a = nz8(c, v); return;
    case A8.LDAB: c.b = nz8(c, v); return;
    case A8.ORAA: c.a = nz8(c, c.a | v); return;
    case A8.ORAB: c.b = nz8(c, c.b | v); return;
    case A8.SBCA: c.a = sub8(c, c.a, v, c.ccr & F_C); return;
    case A8.SBCB: c.b = sub8(c, c.b, v, c.ccr & F_C); return;
    case A8.SUBA: c.a = sub8(c, c.a, v, 0); return;
    case A8.SUBB: c.b = sub8(c, c.b, v, 0); return;
  }
}

const enum A16 { ADDD, SUBD, CPD, CPX, CPY, LDD, LDS, LDX, LDY }
const READ16: Record<string, A16> = {
  addd: A16.ADDD, subd: A16.SUBD, cpd: A16.CPD, cpx: A16.CPX, cpy: A16.CPY,
  ldd: A16.LDD, lds: A16.LDS, ldx: A16.LDX, ldy: A16.LDY,
};

/** 16-bit op with a 16-bit operand. */
function alu16(c: M68HC11, k: A16, v: number): void {
  let r: number;
  switch (k) {
    case A16.ADDD: r = add16(c, (c.a << 8) | c.b, v); c.a = r >> 8; c.b = r & 0xff; return;
    case A16.SUBD: r = sub16(c, (c.a << 8) | c.b, v); c.a = r >> 8; c.b = r & 0xff; return;
    case A16.CPD: sub16(c, (c.a << 8) | c.b, v); return;
    case A16.CPX: sub16(c, c.x, v); return;
    case A16.CPY: sub16(c, c.y, v); return;
    case A16.LDD: nz16(c, v); c.a = v >> 8; c.b = v & 0xff; return;
    case A16.LDS: c.sp = nz16(c, v); return;
    case A16.LDX: c.x = nz16(c, v); return;
    case A16.LDY: c.y = nz16(c, v); return;
  }
}

const enum St { STAA, STAB, STD, STS, STX, STY, JMP, JSR }
const STORE: Record<string, St> = {
  staa: St.STAA, stab: St.STAB, std: St.STD, sts: St.STS, stx: St.STX, sty: St.STY, jmp: St.JMP, jsr: St.JSR,
};

/** Operations on an effective address: stores, JMP, JSR. */
function toEa(c: M68HC11, k: St, ea: number): void {
  switch (k) {
    case St.STAA: c.wr8(ea, nz8(c, c.a)); return;
    case St.STAB: c.wr8(ea, nz8(c, c.b)); return;
    case St.STD: c.wr16(ea, nz16(c, (c.a << 8) | c.b)); return;
    case St.STS: c.wr16(ea, nz16(c, c.sp)); return;
    case St.STX: c.wr16(ea, nz16(c, c.x)); return;
    case St.STY: c.wr16(ea, nz16(c, c.y)); return;
    case St.JMP: c.pcr = ea; return;
    case St.JSR: c.push16(c.pcr); c.pcr = ea; return;
  }
}

// ---- addressing-mode wrappers (built once per slot) ---------------------------------------------

function eaHandler(k: St, mode: Mode): Handler {
  switch (mode) {
    case 'DIR': return (c) => toEa(c, k, c.fetch8());
    case 'EXT': return (c) => toEa(c, k, c.fetch16());
    case 'IDX': return (c) => toEa(c, k, (c.x + c.fetch8()) & 0xffff);
    case 'IDY': return (c) => toEa(c, k, (c.y + c.fetch8()) & 0xffff);
    default: throw new Error(`execute: no effective address in mode ${mode}`);
  }
}

function read8Handler(k: A8, mode: Mode): Handler {
  switch (mode) {
    case 'IMM8': return (c) => alu8(c, k, c.fetch8());
    case 'DIR': return (c) => alu8(c, k, c.rd8(c.fetch8()));
    case 'EXT': return (c) => alu8(c, k, c.rd8(c.fetch16()));
    case 'IDX': return (c) => alu8(c, k, c.rd8((c.x + c.fetch8()) & 0xffff));
    case 'IDY': return (c) => alu8(c, k, c.rd8((c.y + c.fetch8()) & 0xffff));
    default: throw new Error(`execute: no 8-bit operand in mode ${mode}`);
  }
}

function read16Handler(k: A16, mode: Mode): Handler {
  switch (mode) {
    case 'IMM16': return (c) => alu16(c, k, c.fetch16());
    case 'DIR': return (c) => alu16(c, k, c.rd16(c.fetch8()));
    case 'EXT': return (c) => alu16(c, k, c.rd16(c.fetch16()));
    case 'IDX': return (c) => alu16(c, k, c.rd16((c.x + c.fetch8()) & 0xffff));
    case 'IDY': return (c) => alu16(c, k, c.rd16((c.y + c.fetch8()) & 0xffff));
    default: throw new Error(`execute: no 16-bit operand in mode ${mode}`);
  }
}

/** Memory read-modify-write; TST only reads, CLR only writes. */
function rmwHandler(k: Un, mode: Mode): Handler {
  const ea: (c: M68HC11) => number =
    mode === 'EXT' ? (c) => c.fetch16() : mode === 'IDX' ? (c) => (c.x + c.fetch8()) & 0xffff : (c) => (c.y + c.fetch8()) & 0xffff;
  if (k === Un.TST) return (c) => { unary(c, k, c.rd8(ea(c))); };
  if (k === Un.CLR) return (c) => { c.wr8(ea(c), unary(c, k, 0)); };
  switch (mode) {
    case 'EXT': return (c) => { const a = c.fetch16(); c.wr8(a, unary(c, k, c.rd8(a))); };
    case 'IDX': return (c) => { const a = (c.x + c.fetch8()) & 0xffff; c.wr8(a, unary(c, k, c.rd8(a))); };
    case 'IDY': return (c) => { const a = (c.y + c.fetch8()) & 0xffff; c.wr8(a, unary(c, k, c.rd8(a))); };
    default: throw new Error(`execute: no memory operand in mode ${mode}`);
  }
}

/** Operand address of a bit-manipulation instruction (DIR, IND,X, IND,Y forms). */
function bitEa(mode: Mode): (c: M68HC11) => number {
  switch (mode) {
    case 'BIT_DIR': case 'BRB_DIR': return (c) => c.fetch8();
    case 'BIT_IDX': case 'BRB_IDX': return (c) => (c.x + c.fetch8()) & 0xffff;
    default: return (c) => (c.y + c.fetch8()) & 0xffff;
  }
}

// ---- branches ---------------------------------------------------------------------------------

const enum Cc { BRA, BRN, BHI, BLS, BCC, BCS, BNE, BEQ, BVC, BVS, BPL, BMI, BGE, BLT, BGT, BLE }
const BRANCH: Record<string, Cc> = {
  bra: Cc.BRA, brn: Cc.BRN, bhi: Cc.BHI, bls: Cc.BLS, bcc: Cc.BCC, bcs: Cc.BCS, bne: Cc.BNE, beq: Cc.BEQ,
  bvc: Cc.BVC, bvs: Cc.BVS, bpl: Cc.BPL, bmi: Cc.BMI, bge: Cc.BGE, blt: Cc.BLT, bgt: Cc.BGT, ble: Cc.BLE,
};

/** The branch condition on CCR value f. */
function taken(k: Cc, f: number): boolean {
  const nxv = ((f >> 3) ^ (f >> 1)) & 1;
  switch (k) {
    case Cc.BRA: return true;
    case Cc.BRN: return false;
    case Cc.BHI: return (f & (F_C | F_Z)) === 0;
    case Cc.BLS: return (f & (F_C | F_Z)) !== 0;
    case Cc.BCC: return (f & F_C) === 0;
    case Cc.BCS: return (f & F_C) !== 0;
    case Cc.BNE: return (f & F_Z) === 0;
    case Cc.BEQ: return (f & F_Z) !== 0;
    case Cc.BVC: return (f & F_V) === 0;
    case Cc.BVS: return (f & F_V) !== 0;
    case Cc.BPL: return (f & F_N) === 0;
    case Cc.BMI: return (f & F_N) !== 0;
    case Cc.BGE: return nxv === 0;
    case Cc.BLT: return nxv !== 0;
    case Cc.BGT: return (f & F_Z) === 0 && nxv === 0;
    case Cc.BLE: return (f & F_Z) !== 0 || nxv !== 0;
  }
}

function branch(k: Cc): Handler {
  return (c) => {
    const d = c.fetch8();
    if (taken(k, c.ccr)) c.pcr = (c.pcr + ((d << 24) >> 24)) & 0xffff;
  };
}

// ---- inherent instructions ------------------------------------------------------------------------

function setD(c: M68HC11, d: number): void {
  c.a = (d >> 8) & 0xff;
  c.b = d & 0xff;
}

/** The CCR from a byte (TAP, RTI): X can go from 1 to 0 but not from 0 to 1. */
export function loadCcr(c: M68HC11, v: number): void {
  c.ccr = (v & ~F_X) | (v & c.ccr & F_X);
  c.maskChanged();
}

/** IDIV / FDIV: quotient to X, remainder to D. */
function divide(c: M68HC11, fractional: boolean): void {
  const d = (c.a << 8) | c.b;
  const x = c.x;
  let f = c.ccr & ~(F_Z | F_V | F_C);
  if (x === 0) {
    // Divide by zero: quotient $FFFF, remainder indeterminate (left unchanged here).
    c.x = 0xffff;
    f |= F_C | (fractional ? F_V : 0);
  } else if (fractional && x <= d) {
    // FDIV overflow: quotient $FFFF, remainder indeterminate.
    c.x = 0xffff;
    f |= F_V;
  } else {
    const n = fractional ? d * 65536 : d;
    const q = Math.floor(n / x);
    setD(c, n - q * x);
    c.x = q;
    if (q === 0) f |= F_Z;
  }
  c.ccr = f;
}

const INHERENT: Record<string, Handler> = {
  nop: () => {},
  idiv: (c) => divide(c, false),
  fdiv: (c) => divide(c, true),
  lsrd: (c) => {
    const d = (c.a << 8) | c.b;
    const r = d >> 1;
    const co = d & 1;
    c.ccr = (c.ccr & ~NZVC) | (r === 0 ? F_Z : 0) | (co << 1) | co;
    setD(c, r);
  },
  asld: (c) => {
    const d = (c.a << 8) | c.b;
    const r = (d << 1) & 0xffff;
    const co = d >> 15;
    const n = r >> 15;
    c.ccr = (c.ccr & ~NZVC) | (n << 3) | (r === 0 ? F_Z : 0) | ((n ^ co) << 1) | co;
    setD(c, r);
  },
  tap: (c) => {
    const before = c.ccr;
    loadCcr(c, c.a);
    c.iCleared(before);
  },
  tpa: (c) => { c.a = c.ccr; },
  inx: (c) => { c.x = (c.x + 1) & 0xffff; c.ccr = (c.ccr & ~F_Z) | (c.x === 0 ? F_Z : 0); },
  dex: (c) => { c.x = (c.x - 1) & 0xffff; c.ccr = (c.ccr & ~F_Z) | (c.x === 0 ? F_Z : 0); },
  iny: (c) => { c.y = (c.y + 1) & 0xffff; c.ccr = (c.ccr & ~F_Z) | (c.y === 0 ? F_Z : 0); },
  dey: (c) => { c.y = (c.y - 1) & 0xffff; c.ccr = (c.ccr & ~F_Z) | (c.y === 0 ? F_Z : 0); },
  clv: (c) => { c.ccr &= ~F_V; },
  sev: (c) => { c.ccr |= F_V; },
  clc: (c) => { c.ccr &= ~F_C; },
  sec: (c) => { c.ccr |= F_C; },
  cli: (c) => {
    const before = c.ccr;
    c.ccr &= ~F_I;
    c.iCleared(before);
  },
  sei: (c) => { c.ccr |= F_I; },
  sba: (c) => { c.a = sub8(c, c.a, c.b, 0); },
  cba: (c) => { sub8(c, c.a, c.b, 0); },
  aba: (c) => { c.a = add8(c, c.a, c.b, 0); },
  tab: (c) => { c.b = nz8(c, c.a); },
  tba: (c) => { c.a = nz8(c, c.b); },
  daa: (c) => {
    // Motorola DAA table: the correction from C, H and the two nibbles; V is undefined (cleared).
    const a = c.a;
    const hi = a >> 4;
    const lo = a & 0x0f;
    let corr = 0;
    let carry = c.ccr & F_C;
    if ((c.ccr & F_H) !== 0 || lo > 9) corr |= 0x06;
    if (carry !== 0 || hi > 9 || (hi > 8 && lo > 9)) {
      corr |= 0x60;
      carry = F_C;
    }
    const r = (a + corr) & 0xff;
    c.ccr = (c.ccr & ~NZVC) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | carry;
    c.a = r;
  },
  tsx: (c) => { c.x = (c.sp + 1) & 0xffff; },
  tsy: (c) => { c.y = (c.sp + 1) & 0xffff; },
  txs: (c) => { c.sp = (c.x - 1) & 0xffff; },
  tys: (c) => { c.sp = (c.y - 1) & 0xffff; },
  ins: (c) => { c.sp = (c.sp + 1) & 0xffff; },
  des: (c) => { c.sp = (c.sp - 1) & 0xffff; },
  psha: (c) => c.push8(c.a),
  pshb: (c) => c.push8(c.b),
  pshx: (c) => c.push16(c.x),
  pshy: (c) => c.push16(c.y),
  pula: (c) => { c.a = c.pull8(); },
  pulb: (c) => { c.b = c.pull8(); },
  pulx: (c) => { c.x = c.pull16(); },
  puly: (c) => { c.y = c.pull16(); },
  abx: (c) => { c.x = (c.x + c.b) & 0xffff; },
  aby: (c) => { c.y = (c.y + c.b) & 0xffff; },
  mul: (c) => {
    const r = c.a * c.b;
    setD(c, r);
    c.ccr = (c.ccr & ~F_C) | ((r >> 7) & 1);
  },
  xgdx: (c) => { const t = c.x; c.x = (c.a << 8) | c.b; setD(c, t); },
  xgdy: (c) => { const t = c.y; c.y = (c.a << 8) | c.b; setD(c, t); },
  rts: (c) => { c.pcr = c.pull16(); },
  rti: (c) => {
    const ccr = c.pull8();
    c.b = c.pull8();
    c.a = c.pull8();
    c.x = c.pull16();
    c.y = c.pull16();
    c.pcr = c.pull16();
    loadCcr(c, ccr);
  },
  swi: (c) => {
    c.stackAll();
    c.ccr |= F_I;
    c.pcr = c.rd16(0xfff6);
  },
  wai: (c) => c.wait(),
  stop: (c) => c.stop(),
  // TEST runs only in the chip's test modes; in the single-chip and expanded modes the manual
  // documents it as an illegal opcode (trap through $FFF8).
  test: (c) => c.illegalOpcode(),
  bsr: (c) => {
    const d = c.fetch8();
    c.push16(c.pcr);
    c.pcr = (c.pcr + ((d << 24) >> 24)) & 0xffff;
  },
};

// ---- the dispatch table ---------------------------------------------------------------------------

function handlerFor(e: Entry): Handler {
  const x = e.exec;
  if (x in READ8) return read8Handler(READ8[x], e.mode);
  if (x in READ16) return read16Handler(READ16[x], e.mode);
  if (x in STORE) return eaHandler(STORE[x], e.mode);
  if (x in BRANCH) return branch(BRANCH[x]);
  if (x in INHERENT) return INHERENT[x];
  const base = x.slice(0, -1);
  if (base in UNARY_OPS) {
    const k = UNARY_OPS[base];
    const kind = x[x.length - 1];
    if (kind === 'a') return (c) => { c.a = unary(c, k, c.a); };
    if (kind === 'b') return (c) => { c.b = unary(c, k, c.b); };
    return rmwHandler(k, e.mode);
  }
  const ea = bitEa(e.mode);
  switch (x) {
    case 'bset': return (c) => { const a = ea(c); const m = c.fetch8(); c.wr8(a, nz8(c, c.rd8(a) | m)); };
    case 'bclr': return (c) => { const a = ea(c); const m = c.fetch8(); c.wr8(a, nz8(c, c.rd8(a) & ~m & 0xff)); };
    case 'brset': return (c) => {
      const a = ea(c);
      const m = c.fetch8();
      const d = c.fetch8();
      if ((~c.rd8(a) & m) === 0) c.pcr = (c.pcr + ((d << 24) >> 24)) & 0xffff;
    };
    case 'brclr': return (c) => {
      const a = ea(c);
      const m = c.fetch8();
      const d = c.fetch8();
      if ((c.rd8(a) & m) === 0) c.pcr = (c.pcr + ((d << 24) >> 24)) & 0xffff;
    };
  }
  throw new Error(`execute: no handler family ${x} for ${e.mnemonic}`);
}

export interface Dispatch {
  exec: Handler[];
  tables: OpcodeTables;
}

/**
 * Dense table of 4 x 256 handlers. Prebytes dispatch into their page; empty slots (and the
 * prebyte slots of pages 1-3) take the illegal-opcode trap.
 */
export function buildDispatch(): Dispatch {
  const tables = buildOpcodeTables();
  const illegal: Handler = (c) => c.illegalOpcode();
  const exec: Handler[] = new Array(SLOTS).fill(illegal);
  for (let s = 0; s < SLOTS; s++) {
    const e = tables.entries[s];
    if (e) exec[s] = handlerFor(e);
  }
  const prefix = (page: number): Handler => (c) => {
    const s = page * 256 + c.fetch8();
    c.cyc = tables.cycles[s];
    exec[s](c);
  };
  exec[0x18] = prefix(1);
  exec[0x1a] = prefix(2);
  exec[0xcd] = prefix(3);
  return { exec, tables };
}
