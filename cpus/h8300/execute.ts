/**
 * H8/300 instruction semantics, and the dispatch tables built from spec.ts.
 *
 * Every handler receives the core and the first instruction word; `c.pcr` already points past
 * that word. 32-bit forms (7Bxx, 7Cxx-7Fxx) reach their handler through a second-level table
 * indexed by the second word, which the trampoline leaves in `c.op2` (and consumes from the
 * stream). Flags follow the manual's "Condition code" paragraph of each instruction; the
 * vectors' README lists where the two reference emulators differ from it.
 */
import { ATTN_IRQ } from '../../src/core/cpu.js';
import { FORMS, pattern, type Form } from './spec.js';
import type { H8300 } from './index.js';

export type Handler = (c: H8300, op: number) => void;

// CCR bits.
export const F_I = 0x80;
export const F_UI = 0x40;
export const F_H = 0x20;
export const F_U = 0x10;
export const F_N = 0x08;
export const F_Z = 0x04;
export const F_V = 0x02;
export const F_C = 0x01;
/** Bits arithmetic never touches: I, UI, U. */
const KEEP = F_I | F_UI | F_U;

/**
 * Byte-register field (0-7 RnH, 8-15 RnL) to an index into the byte view of the word
 * registers. The word registers are a Uint16Array, so the byte order of the host decides.
 */
export const BI = new Uint8Array(16);
{
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (let f = 0; f < 16; f++) {
    const n = f & 7;
    const low = f >= 8;
    BI[f] = 2 * n + (le ? (low ? 0 : 1) : (low ? 1 : 0));
  }
}

// ---- flag helpers ---------------------------------------------------------------------------

/** MOV, logic: N and Z from the byte, V cleared; H and C kept. */
function nz8(c: H8300, v: number): void {
  c.ccr = (c.ccr & ~(F_N | F_Z | F_V)) | ((v & 0x80) >> 4) | (v === 0 ? F_Z : 0);
}
function nz16(c: H8300, v: number): void {
  c.ccr = (c.ccr & ~(F_N | F_Z | F_V)) | ((v & 0x8000) >> 12) | (v === 0 ? F_Z : 0);
}

function add8(c: H8300, d: number, s: number): number {
  const r = d + s;
  const r8 = r & 0xff;
  c.ccr = (c.ccr & KEEP) | ((((d & 0xf) + (s & 0xf)) & 0x10) << 1) | ((r8 & 0x80) >> 4) | (r8 === 0 ? F_Z : 0)
    | ((((d ^ r) & (s ^ r)) & 0x80) >> 6) | (r >> 8);
  return r8;
}

/** ADDX: carry in; Z only stays set when the result is zero (multi-byte chains). */
function addx8(c: H8300, d: number, s: number): number {
  const cin = c.ccr & F_C;
  const r = d + s + cin;
  const r8 = r & 0xff;
  c.ccr = (c.ccr & (KEEP | (r8 === 0 ? F_Z : 0))) | ((((d & 0xf) + (s & 0xf) + cin) & 0x10) << 1) | ((r8 & 0x80) >> 4)
    | ((((d ^ r) & (s ^ r)) & 0x80) >> 6) | (r >> 8);
  return r8;
}

function sub8(c: H8300, d: number, s: number): number {
  const r = d - s;
  const r8 = r & 0xff;
  c.ccr = (c.ccr & KEEP) | ((((d & 0xf) - (s & 0xf)) & 0x10) << 1) | ((r8 & 0x80) >> 4) | (r8 === 0 ? F_Z : 0)
    | ((((d ^ s) & (d ^ r)) & 0x80) >> 6) | ((r >> 8) & 1);
  return r8;
}

function subx8(c: H8300, d: number, s: number): number {
  const cin = c.ccr & F_C;
  const r = d - s - cin;
  const r8 = r & 0xff;
  c.ccr = (c.ccr & (KEEP | (r8 === 0 ? F_Z : 0))) | ((((d & 0xf) - (s & 0xf) - cin) & 0x10) << 1) | ((r8 & 0x80) >> 4)
    | ((((d ^ s) & (d ^ r)) & 0x80) >> 6) | ((r >> 8) & 1);
  return r8;
}

/** Word arithmetic: H is the carry/borrow at bit 11. */
function add16(c: H8300, d: number, s: number): number {
  const r = d + s;
  const r16 = r & 0xffff;
  c.ccr = (c.ccr & KEEP) | ((((d & 0xfff) + (s & 0xfff)) & 0x1000) >> 7) | ((r16 & 0x8000) >> 12) | (r16 === 0 ? F_Z : 0)
    | ((((d ^ r) & (s ^ r)) & 0x8000) >> 14) | (r >> 16);
  return r16;
}

function sub16(c: H8300, d: number, s: number): number {
  const r = d - s;
  const r16 = r & 0xffff;
  c.ccr = (c.ccr & KEEP) | ((((d & 0xfff) - (s & 0xfff)) & 0x1000) >> 7) | ((r16 & 0x8000) >> 12) | (r16 === 0 ? F_Z : 0)
    | ((((d ^ s) & (d ^ r)) & 0x8000) >> 14) | ((r >> 16) & 1);
  return r16;
}

/** Shifts and rotates: N, Z from the result, V as given, C as given; H kept. */
function shiftFlags(c: H8300, r: number, v: number, carry: number): void {
  c.ccr = (c.ccr & (KEEP | F_H)) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | v | carry;
}

// ---- operand access -------------------------------------------------------------------------

const sF = (op: number): number => (op >> 4) & 15; // s / n field of the second byte
const dF = (op: number): number => op & 15; // d field
const SF = (op: number): number => (op >> 4) & 7; // S / D word fields
const DF = (op: number): number => op & 7;

function getB(c: H8300, f: number): number {
  return c.b[BI[f]];
}
function setB(c: H8300, f: number, v: number): void {
  c.b[BI[f]] = v;
}

// ---- handlers -------------------------------------------------------------------------------

const H: Record<string, Handler> = {};

// Data transfer.
H.movB_RsRd = (c, op) => { const v = getB(c, sF(op)); setB(c, dF(op), v); nz8(c, v); };
H.movW_RsRd = (c, op) => { const v = c.r[SF(op)]; c.r[DF(op)] = v; nz16(c, v); };
H.movB_ImmRd = (c, op) => { const v = op & 0xff; setB(c, (op >> 8) & 15, v); nz8(c, v); };
H.movW_ImmRd = (c, op) => { const v = c.fetch16(); c.r[DF(op)] = v; nz16(c, v); };
H.movB_IndRd = (c, op) => { const v = c.read8(c.r[SF(op)]); setB(c, dF(op), v); nz8(c, v); };
H.movB_RsInd = (c, op) => { const v = getB(c, dF(op)); c.write8(c.r[SF(op)], v); nz8(c, v); };
H.movW_IndRd = (c, op) => { const v = c.read16(c.r[SF(op)]); c.r[DF(op)] = v; nz16(c, v); };
H.movW_RsInd = (c, op) => { const v = c.r[DF(op)]; c.write16(c.r[SF(op)], v); nz16(c, v); };
H.movB_DispRd = (c, op) => { const a = (c.r[SF(op)] + c.fetch16()) & 0xffff; const v = c.read8(a); setB(c, dF(op), v); nz8(c, v); };
H.movB_RsDisp = (c, op) => { const a = (c.r[SF(op)] + c.fetch16()) & 0xffff; const v = getB(c, dF(op)); c.write8(a, v); nz8(c, v); };
H.movW_DispRd = (c, op) => { const a = (c.r[SF(op)] + c.fetch16()) & 0xffff; const v = c.read16(a); c.r[DF(op)] = v; nz16(c, v); };
H.movW_RsDisp = (c, op) => { const a = (c.r[SF(op)] + c.fetch16()) & 0xffff; const v = c.r[DF(op)]; c.write16(a, v); nz16(c, v); };
// @Rs+: the register is incremented first, so a load into the same register wins.
H.movB_PostincRd = (c, op) => {
  const s = SF(op); const a = c.r[s]; c.r[s] = a + 1;
  const v = c.read8(a); setB(c, dF(op), v); nz8(c, v);
};
H.movW_PostincRd = (c, op) => {
  const s = SF(op); const a = c.r[s]; c.r[s] = a + 2;
  const v = c.read16(a); c.r[DF(op)] = v; nz16(c, v);
};
// @-Rd: the source is read before the decrement (MOV Rn,@-Rn stores the old value).
H.movB_RsPredec = (c, op) => {
  const v = getB(c, dF(op)); const d = SF(op); const a = (c.r[d] - 1) & 0xffff; c.r[d] = a;
  c.write8(a, v); nz8(c, v);
};
H.movW_RsPredec = (c, op) => {
  const v = c.r[DF(op)]; const d = SF(op); const a = (c.r[d] - 2) & 0xffff; c.r[d] = a;
  c.write16(a, v); nz16(c, v);
};
H.movB_Abs8Rd = (c, op) => { const v = c.read8(0xff00 | (op & 0xff)); setB(c, (op >> 8) & 15, v); nz8(c, v); };
H.movB_RsAbs8 = (c, op) => { const v = getB(c, (op >> 8) & 15); c.write8(0xff00 | (op & 0xff), v); nz8(c, v); };
H.movB_Abs16Rd = (c, op) => { const v = c.read8(c.fetch16()); setB(c, dF(op), v); nz8(c, v); };
H.movB_RsAbs16 = (c, op) => { const a = c.fetch16(); const v = getB(c, dF(op)); c.write8(a, v); nz8(c, v); };
H.movW_Abs16Rd = (c, op) => { const v = c.read16(c.fetch16()); c.r[DF(op)] = v; nz16(c, v); };
H.movW_RsAbs16 = (c, op) => { const a = c.fetch16(); const v = c.r[DF(op)]; c.write16(a, v); nz16(c, v); };
// MOVFPE/MOVTPE: transfers synchronised with the E clock (6800-family peripherals); the data
// and flags are those of MOV.B @aa:16.
H.movfpe = H.movB_Abs16Rd;
H.movtpe = H.movB_RsAbs16;
/** EEPMOV: R4L bytes from @R5+ to @R6+; ends with R4L = 0. */
H.eepmov = (c) => {
  const r = c.r;
  let n = c.b[BI[12]];
  c.cyc += 4 * n;
  while (n !== 0) {
    c.write8(r[6], c.read8(r[5]));
    r[5] = r[5] + 1;
    r[6] = r[6] + 1;
    n--;
  }
  c.b[BI[12]] = 0;
};

// Arithmetic and logic.
type ByteOp = (c: H8300, d: number, s: number) => number;
function alu8(name: string, fn: ByteOp, store: boolean): void {
  H[`${name}_RsRd`] = (c, op) => {
    const d = dF(op);
    const r = fn(c, getB(c, d), getB(c, sF(op)));
    if (store) setB(c, d, r);
  };
  H[`${name}_ImmRd`] = (c, op) => {
    const d = (op >> 8) & 15;
    const r = fn(c, getB(c, d), op & 0xff);
    if (store) setB(c, d, r);
  };
}
alu8('add8', add8, true);
alu8('addx', addx8, true);
alu8('sub8', sub8, true);
alu8('subx', subx8, true);
alu8('cmp8', sub8, false);
alu8('or8', (c, d, s) => { const r = d | s; nz8(c, r); return r; }, true);
alu8('xor8', (c, d, s) => { const r = d ^ s; nz8(c, r); return r; }, true);
alu8('and8', (c, d, s) => { const r = d & s; nz8(c, r); return r; }, true);
// Specialised copies of the hottest byte ops (no indirect call through `fn`).
H.add8_ImmRd = (c, op) => { const i = BI[(op >> 8) & 15]; c.b[i] = add8(c, c.b[i], op & 0xff); };
H.cmp8_ImmRd = (c, op) => { sub8(c, c.b[BI[(op >> 8) & 15]], op & 0xff); };
H.xor8_RsRd = (c, op) => { const i = BI[op & 15]; const r = c.b[i] ^ c.b[BI[(op >> 4) & 15]]; c.b[i] = r; nz8(c, r); };
H.add16_RsRd = (c, op) => { const d = DF(op); c.r[d] = add16(c, c.r[d], c.r[SF(op)]); };
H.sub16_RsRd = (c, op) => { const d = DF(op); c.r[d] = sub16(c, c.r[d], c.r[SF(op)]); };
H.cmp16_RsRd = (c, op) => { sub16(c, c.r[DF(op)], c.r[SF(op)]); };
H.adds1 = (c, op) => { const d = DF(op); c.r[d] = c.r[d] + 1; };
H.adds2 = (c, op) => { const d = DF(op); c.r[d] = c.r[d] + 2; };
H.subs1 = (c, op) => { const d = DF(op); c.r[d] = c.r[d] - 1; };
H.subs2 = (c, op) => { const d = DF(op); c.r[d] = c.r[d] - 2; };
// INC/DEC: N, Z, V (V for H'7F / H'80 before); H and C kept.
H.inc = (c, op) => {
  const i = BI[dF(op)]; const d = c.b[i]; const r = (d + 1) & 0xff; c.b[i] = r;
  c.ccr = (c.ccr & (KEEP | F_H | F_C)) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | (d === 0x7f ? F_V : 0);
};
H.dec = (c, op) => {
  const i = BI[dF(op)]; const d = c.b[i]; const r = (d - 1) & 0xff; c.b[i] = r;
  c.ccr = (c.ccr & (KEEP | F_H | F_C)) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | (d === 0x80 ? F_V : 0);
};
/**
 * DAA: the manual's table adds 06 when H is set or the low digit is A-F, and 60 (setting C)
 * when C is set or the value is above 99; C is otherwise left as it was. H and V are
 * unpredictable and left unchanged here.
 */
H.daa = (c, op) => {
  const i = BI[dF(op)]; const d = c.b[i]; const ccr = c.ccr;
  let adj = 0;
  let carry = ccr & F_C;
  if ((ccr & F_H) !== 0 || (d & 0xf) > 9) adj = 0x06;
  if (carry !== 0 || d > 0x99) { adj |= 0x60; carry = F_C; }
  const r = (d + adj) & 0xff;
  c.b[i] = r;
  c.ccr = (ccr & ~(F_N | F_Z | F_C)) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0) | carry;
};
/** DAS: subtract 06 when H is set and 60 when C is set; C unchanged. */
H.das = (c, op) => {
  const i = BI[dF(op)]; const d = c.b[i]; const ccr = c.ccr;
  const adj = ((ccr & F_H) !== 0 ? 0x06 : 0) | ((ccr & F_C) !== 0 ? 0x60 : 0);
  const r = (d - adj) & 0xff;
  c.b[i] = r;
  c.ccr = (ccr & ~(F_N | F_Z)) | ((r & 0x80) >> 4) | (r === 0 ? F_Z : 0);
};
H.not8 = (c, op) => { const i = BI[dF(op)]; const r = ~c.b[i] & 0xff; c.b[i] = r; nz8(c, r); };
H.neg8 = (c, op) => { const i = BI[dF(op)]; c.b[i] = sub8(c, 0, c.b[i]); };
H.mulxu = (c, op) => { const d = DF(op); c.r[d] = (c.r[d] & 0xff) * getB(c, sF(op)); };
/**
 * DIVXU: RdL = quotient, RdH = remainder. N is the divisor's sign bit, Z is set for a zero
 * divisor; the rest of the CCR is kept. A zero divisor leaves Rd unchanged (undefined).
 */
H.divxu = (c, op) => {
  const d = DF(op);
  const s = getB(c, sF(op));
  c.ccr = (c.ccr & ~(F_N | F_Z)) | ((s & 0x80) >> 4) | (s === 0 ? F_Z : 0);
  if (s === 0) return;
  const n = c.r[d];
  const q = Math.floor(n / s);
  c.r[d] = ((n - q * s) << 8) | (q & 0xff);
};

// Shifts and rotates (byte registers only on the H8/300).
H.shll = (c, op) => { const i = BI[dF(op)]; const d = c.b[i]; const r = (d << 1) & 0xff; c.b[i] = r; shiftFlags(c, r, 0, d >> 7); };
H.shal = (c, op) => {
  const i = BI[dF(op)]; const d = c.b[i]; const r = (d << 1) & 0xff; c.b[i] = r;
  shiftFlags(c, r, ((d ^ (d << 1)) & 0x80) >> 6, d >> 7);
};
H.shlr = (c, op) => { const i = BI[dF(op)]; const d = c.b[i]; const r = d >> 1; c.b[i] = r; shiftFlags(c, r, 0, d & 1); };
H.shar = (c, op) => { const i = BI[dF(op)]; const d = c.b[i]; const r = (d >> 1) | (d & 0x80); c.b[i] = r; shiftFlags(c, r, 0, d & 1); };
H.rotxl = (c, op) => { const i = BI[dF(op)]; const d = c.b[i]; const r = ((d << 1) | (c.ccr & F_C)) & 0xff; c.b[i] = r; shiftFlags(c, r, 0, d >> 7); };
H.rotl = (c, op) => { const i = BI[dF(op)]; const d = c.b[i]; const r = ((d << 1) | (d >> 7)) & 0xff; c.b[i] = r; shiftFlags(c, r, 0, d >> 7); };
H.rotxr = (c, op) => { const i = BI[dF(op)]; const d = c.b[i]; const r = (d >> 1) | ((c.ccr & F_C) << 7); c.b[i] = r; shiftFlags(c, r, 0, d & 1); };
H.rotr = (c, op) => { const i = BI[dF(op)]; const d = c.b[i]; const r = (d >> 1) | ((d & 1) << 7); c.b[i] = r; shiftFlags(c, r, 0, d & 1); };

// Bit manipulation. A bit operation is a function of (core, operand byte, bit number) that
// returns the new byte (test forms return it unchanged and only touch the CCR).
type BitOp = (c: H8300, v: number, bit: number) => number;
const BIT_OPS: Record<string, [BitOp, boolean]> = {
  bset: [(_c, v, n) => v | (1 << n), true],
  bclr: [(_c, v, n) => v & ~(1 << n), true],
  bnot: [(_c, v, n) => v ^ (1 << n), true],
  btst: [(c, v, n) => { c.ccr = (c.ccr & ~F_Z) | (((v >> n) & 1) === 0 ? F_Z : 0); return v; }, false],
  bld: [(c, v, n) => { c.ccr = (c.ccr & ~F_C) | ((v >> n) & 1); return v; }, false],
  bild: [(c, v, n) => { c.ccr = (c.ccr & ~F_C) | (~(v >> n) & 1); return v; }, false],
  bst: [(c, v, n) => (v & ~(1 << n)) | ((c.ccr & F_C) << n), true],
  bist: [(c, v, n) => (v & ~(1 << n)) | ((~c.ccr & F_C) << n), true],
  band: [(c, v, n) => { c.ccr &= ~F_C | ((v >> n) & 1); return v; }, false],
  biand: [(c, v, n) => { c.ccr &= ~F_C | (~(v >> n) & 1); return v; }, false],
  bor: [(c, v, n) => { c.ccr |= (v >> n) & 1; return v; }, false],
  bior: [(c, v, n) => { c.ccr |= ~(v >> n) & 1; return v; }, false],
  bxor: [(c, v, n) => { c.ccr ^= (v >> n) & 1; return v; }, false],
  bixor: [(c, v, n) => { c.ccr ^= ~(v >> n) & 1; return v; }, false],
};
for (const [stem, [fn, writes]] of Object.entries(BIT_OPS)) {
  // #xx:3,Rd: bit number in bits 6-4 of the second byte.
  H[`${stem}_ImmRd`] = (c, op) => { const i = BI[op & 15]; const v = fn(c, c.b[i], (op >> 4) & 7); if (writes) c.b[i] = v; };
  // #xx:3,@Rd and #xx:3,@aa:8: bit number in bits 6-4 of the fourth byte (c.op2).
  H[`${stem}_ImmInd`] = (c, op) => {
    const a = c.r[(op >> 4) & 7];
    const v = fn(c, c.read8(a), (c.op2 >> 4) & 7);
    if (writes) c.write8(a, v);
  };
  H[`${stem}_ImmAbs8`] = (c, op) => {
    const a = 0xff00 | (op & 0xff);
    const v = fn(c, c.read8(a), (c.op2 >> 4) & 7);
    if (writes) c.write8(a, v);
  };
  // Rn,...: the bit number is the low 3 bits of byte register n.
  H[`${stem}_RnRd`] = (c, op) => { const i = BI[op & 15]; const v = fn(c, c.b[i], getB(c, sF(op)) & 7); if (writes) c.b[i] = v; };
  H[`${stem}_RnInd`] = (c, op) => {
    const a = c.r[(op >> 4) & 7];
    const v = fn(c, c.read8(a), getB(c, (c.op2 >> 4) & 15) & 7);
    if (writes) c.write8(a, v);
  };
  H[`${stem}_RnAbs8`] = (c, op) => {
    const a = 0xff00 | (op & 0xff);
    const v = fn(c, c.read8(a), getB(c, (c.op2 >> 4) & 15) & 7);
    if (writes) c.write8(a, v);
  };
}

// Branches.
/** Condition `cc` (0-15, Bcc encoding order) against a CCR value. */
export function condition(cc: number, ccr: number): boolean {
  const c = ccr & F_C;
  const z = (ccr & F_Z) !== 0;
  const n = (ccr & F_N) !== 0;
  const v = (ccr & F_V) !== 0;
  switch (cc) {
    case 0: return true;
    case 1: return false;
    case 2: return c === 0 && !z;
    case 3: return c !== 0 || z;
    case 4: return c === 0;
    case 5: return c !== 0;
    case 6: return !z;
    case 7: return z;
    case 8: return !v;
    case 9: return v;
    case 10: return !n;
    case 11: return n;
    case 12: return n === v;
    case 13: return n !== v;
    case 14: return !z && n === v;
    default: return z || n !== v;
  }
}
H.bcc = (c, op) => {
  if (condition((op >> 8) & 15, c.ccr)) c.pcr = (c.pcr + ((op << 24) >> 24)) & 0xfffe;
};
H.bsr = (c, op) => {
  const ret = c.pcr;
  c.push16(ret);
  c.pcr = (ret + ((op << 24) >> 24)) & 0xfffe;
};
H.jmp_Ind = (c, op) => { c.pcr = c.r[SF(op)] & 0xfffe; };
H.jmp_Abs16 = (c) => { c.pcr = c.fetch16() & 0xfffe; };
H.jmp_Mem8 = (c, op) => { c.pcr = c.read16(op & 0xff) & 0xfffe; };
// JSR @R7 jumps to R7 as it was before the push.
H.jsr_Ind = (c, op) => { const t = c.r[SF(op)]; c.push16(c.pcr); c.pcr = t & 0xfffe; };
H.jsr_Abs16 = (c) => { const t = c.fetch16(); c.push16(c.pcr); c.pcr = t & 0xfffe; };
H.jsr_Mem8 = (c, op) => { const t = c.read16(op & 0xff); c.push16(c.pcr); c.pcr = t & 0xfffe; };
H.rts = (c) => { c.pcr = c.pop16() & 0xfffe; };
/** RTE: the CCR is the upper (even-address) byte of the stacked word. */
H.rte = (c) => {
  c.ccr = c.pop16() >> 8;
  c.pcr = c.pop16() & 0xfffe;
  c.attention |= ATTN_IRQ;
};

// System control. Interrupts are not accepted right after LDC/ANDC/ORC/XORC (manual 4.x).
H.ldc_Imm = (c, op) => { c.ccr = op & 0xff; c.maskChanged(); };
H.ldc_Rs = (c, op) => { c.ccr = getB(c, dF(op)); c.maskChanged(); };
H.stc = (c, op) => { setB(c, dF(op), c.ccr); };
H.andc = (c, op) => { c.ccr &= op & 0xff; c.maskChanged(); };
H.orc = (c, op) => { c.ccr |= op & 0xff; c.maskChanged(); };
H.xorc = (c, op) => { c.ccr ^= op & 0xff; c.maskChanged(); };
H.nop = () => {};
H.sleep = (c) => { c.enterSleep(); };

export const HANDLERS: Readonly<Record<string, Handler>> = H;

// ---- dispatch tables ------------------------------------------------------------------------

export interface Dispatch {
  /** Per first word: handler, states, form index (-1 undefined). */
  exec: Handler[];
  states: Uint8Array;
  formOf: Int16Array;
  /** Second-level tables for 32-bit forms, by first byte: handler/states/form per second word. */
  second: Map<number, { exec: Handler[]; states: Uint8Array; formOf: Int16Array }>;
}

/** Every value of a picture's variable bits, as words with the fixed bits set. */
function expand(bits: string): number[] {
  let out = [0];
  for (const ch of bits) {
    const next: number[] = [];
    for (const v of out) {
      if (ch === '0' || ch === '1') next.push(v * 2 + (ch === '1' ? 1 : 0));
      else next.push(v * 2, v * 2 + 1);
    }
    out = next;
  }
  return out;
}

let cached: Dispatch | null = null;
let cachedIllegal: Handler | null = null;

/**
 * Build the tables from FORMS. Throws when two forms claim the same encoding or a form names
 * a handler that does not exist.
 */
export function buildDispatch(illegal: Handler, forms: readonly Form[] = FORMS): Dispatch {
  const standard = forms === FORMS;
  if (standard && cached && cachedIllegal === illegal) return cached;
  const exec: Handler[] = new Array(0x10000).fill(illegal);
  const states = new Uint8Array(0x10000);
  const formOf = new Int16Array(0x10000).fill(-1);
  const second = new Map<number, { exec: Handler[]; states: Uint8Array; formOf: Int16Array; first: string }>();
  const claim = (tbl: Int16Array, w: number, fi: number, form: Form): void => {
    if (tbl[w] >= 0) {
      const other = forms[tbl[w]];
      throw new Error(`h8300 spec: ${form.mnemonic} ${form.bits} overlaps ${other.mnemonic} ${other.bits} at ${w.toString(16)}`);
    }
    tbl[w] = fi;
  };
  forms.forEach((form, fi) => {
    const h = HANDLERS[form.exec];
    if (!h) throw new Error(`h8300 spec: no handler ${form.exec}`);
    const p = pattern(form);
    if (p.width === 16) {
      for (const w of expand(p.bits)) {
        claim(formOf, w, fi, form);
        exec[w] = h;
        states[w] = form.states;
      }
      return;
    }
    const first = p.bits.slice(0, 16);
    const fb = parseInt(first.slice(0, 8), 2);
    let sec = second.get(fb);
    if (!sec) {
      sec = { exec: new Array(0x10000).fill(illegal), states: new Uint8Array(0x10000), formOf: new Int16Array(0x10000).fill(-1), first };
      second.set(fb, sec);
      const tbl = sec;
      const trampoline: Handler = (c, op) => {
        const op2 = c.fetch16();
        c.op2 = op2;
        c.cyc = tbl.states[op2];
        tbl.exec[op2](c, op);
      };
      for (const w of expand(first)) {
        claim(formOf, w, fi, form);
        exec[w] = trampoline;
        states[w] = 0;
      }
    } else if (sec.first !== first) {
      throw new Error(`h8300 spec: ${form.mnemonic} ${form.bits}: first word differs from its group's ${sec.first}`);
    }
    for (const w of expand(p.bits.slice(16))) {
      claim(sec.formOf, w, fi, form);
      sec.exec[w] = h;
      sec.states[w] = form.states;
    }
  });
  const d: Dispatch = { exec, states, formOf, second };
  if (standard) {
    cached = d;
    cachedIllegal = illegal;
  }
  return d;
}

/** Undefined encodings: the H8/300 has no illegal-instruction trap, so the core halts. */
const illegalInstruction: Handler = (c, op) => { c.illegal(op); };

/** The tables of the real instruction set, built once and shared by cores and the disassembler. */
export function standardDispatch(): Dispatch {
  return buildDispatch(illegalInstruction);
}
