/**
 * MCS-96 instruction semantics. One handler per instruction (the aop addressing mode is decoded
 * by the core's `aopW`/`aopB`/`aopAddr` from the opcode's aa bits); the dispatch table is built
 * from spec.ts by `buildDispatch`.
 *
 * Flag rules follow the Intel instruction-set reference (8XC196 appendix A, Table A-2 and the
 * per-instruction flag columns):
 *  - carry after SUB/CMP/NEG/DEC/SUBC is NOT borrow;
 *  - VT is set whenever V is set and only cleared by CLRVT, JVT, JNVT (and PUSHF/POPF/RST);
 *  - ADDC/SUBC(B) only clear Z (multi-precision zero test);
 *  - right shifts compute ST (a 1 was shifted through C and out); SHL leaves ST alone and sets
 *    V when the MSB changes during the shift;
 *  - DIV/DIVU/DIVB/DIVUB clear V when the quotient fits and set V and VT when it does not
 *    (the destination is then left unchanged: Intel leaves it undefined).
 */
import type { I8096 } from './index.js';
import { buildOpcodeTables, type OpcodeTables, type Variant } from './spec.js';
import { F_C, F_I, F_N, F_ST, F_V, F_VT, F_Z, RESET_PC, VEC_TRAP } from './registers.js';

export type Handler = (c: I8096, op: number) => void;

const NZVC = F_Z | F_N | F_V | F_C;

// ---- flag helpers --------------------------------------------------------------------------

function logic16(c: I8096, res: number): number {
  let f = c.fl & ~NZVC;
  if (res === 0) f |= F_Z;
  if (res & 0x8000) f |= F_N;
  c.fl = f;
  return res;
}

function logic8(c: I8096, res: number): number {
  let f = c.fl & ~NZVC;
  if (res === 0) f |= F_Z;
  if (res & 0x80) f |= F_N;
  c.fl = f;
  return res;
}

function add16(c: I8096, a: number, b: number): number {
  const sum = a + b;
  const res = sum & 0xffff;
  let f = c.fl & ~NZVC;
  if (res === 0) f |= F_Z;
  if (res & 0x8000) f |= F_N;
  if (sum > 0xffff) f |= F_C;
  if (~(a ^ b) & (a ^ res) & 0x8000) f |= F_V | F_VT;
  c.fl = f;
  return res;
}

function add8(c: I8096, a: number, b: number): number {
  const sum = a + b;
  const res = sum & 0xff;
  let f = c.fl & ~NZVC;
  if (res === 0) f |= F_Z;
  if (res & 0x80) f |= F_N;
  if (sum > 0xff) f |= F_C;
  if (~(a ^ b) & (a ^ res) & 0x80) f |= F_V | F_VT;
  c.fl = f;
  return res;
}

function sub16(c: I8096, a: number, b: number): number {
  const res = (a - b) & 0xffff;
  let f = c.fl & ~NZVC;
  if (res === 0) f |= F_Z;
  if (res & 0x8000) f |= F_N;
  if (a >= b) f |= F_C;
  if ((a ^ b) & (a ^ res) & 0x8000) f |= F_V | F_VT;
  c.fl = f;
  return res;
}

function sub8(c: I8096, a: number, b: number): number {
  const res = (a - b) & 0xff;
  let f = c.fl & ~NZVC;
  if (res === 0) f |= F_Z;
  if (res & 0x80) f |= F_N;
  if (a >= b) f |= F_C;
  if ((a ^ b) & (a ^ res) & 0x80) f |= F_V | F_VT;
  c.fl = f;
  return res;
}

/** ADDC/ADDCB: Z can only be cleared. */
function addc(c: I8096, a: number, b: number, bits: number): number {
  const mask = bits === 16 ? 0xffff : 0xff;
  const msb = bits === 16 ? 0x8000 : 0x80;
  const sum = a + b + ((c.fl & F_C) !== 0 ? 1 : 0);
  const res = sum & mask;
  let f = c.fl & ~(F_N | F_V | F_C);
  if (res !== 0) f &= ~F_Z;
  if (res & msb) f |= F_N;
  if (sum > mask) f |= F_C;
  if (~(a ^ b) & (a ^ res) & msb) f |= F_V | F_VT;
  c.fl = f;
  return res;
}

/** SUBC/SUBCB: borrow in is NOT C; Z can only be cleared. */
function subc(c: I8096, a: number, b: number, bits: number): number {
  const mask = bits === 16 ? 0xffff : 0xff;
  const msb = bits === 16 ? 0x8000 : 0x80;
  const diff = a - b - ((c.fl & F_C) !== 0 ? 0 : 1);
  const res = diff & mask;
  let f = c.fl & ~(F_N | F_V | F_C);
  if (res !== 0) f &= ~F_Z;
  if (res & msb) f |= F_N;
  if (diff >= 0) f |= F_C;
  if ((a ^ b) & (a ^ res) & msb) f |= F_V | F_VT;
  c.fl = f;
  return res;
}

// ---- shifts --------------------------------------------------------------------------------

/**
 * Shift count: the count byte is an immediate 0-15, or (16-FFh) the address of a byte register
 * holding the count (0-31 are meaningful).
 */
function shiftCount(c: I8096): number {
  const b = c.fetch8();
  const n = b < 16 ? b : c.rb(b);
  c.cyc += n;
  return n;
}

/** SHL/SHLB/SHLL on a value of `bits` bits. V: the MSB changed at some step. ST unchanged. */
function shiftLeft(c: I8096, v: number, n: number, bits: number): number {
  const top = bits - 1;
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  let f = c.fl & ~(F_Z | F_N | F_V);
  if (n > 0) {
    f &= ~F_C;
    let carry = 0;
    for (let i = 0; i < n; i++) {
      carry = (v >>> top) & 1;
      v = ((v << 1) & mask) >>> 0;
      if (((v >>> top) & 1) !== carry) f |= F_V | F_VT;
    }
    if (carry) f |= F_C;
  }
  if (v === 0) f |= F_Z;
  if ((v >>> top) & 1) f |= F_N;
  c.fl = f;
  return v;
}

/**
 * SHR/SHRA families. C = last bit shifted out; ST = a 1 was shifted into C and then out
 * again (any bit below the last one shifted out); V cleared.
 */
function shiftRight(c: I8096, v: number, n: number, bits: number, arith: boolean): number {
  const top = bits - 1;
  const sign = arith ? (v >>> top) & 1 : 0;
  let f = c.fl & ~(F_Z | F_N | F_V | F_ST);
  if (n > 0) {
    f &= ~F_C;
    let carry = 0;
    let sticky = 0;
    for (let i = 0; i < n; i++) {
      sticky |= carry;
      carry = v & 1;
      v = (v >>> 1) | (sign << top);
      v >>>= 0;
    }
    if (carry) f |= F_C;
    if (sticky) f |= F_ST;
  }
  if (v === 0) f |= F_Z;
  if ((v >>> top) & 1) f |= F_N;
  c.fl = f;
  return v;
}

// ---- handlers ------------------------------------------------------------------------------

function jumpIf(c: I8096, op: number, cond: boolean): void {
  const d = (c.fetch8() << 24) >> 24;
  if (cond) {
    c.pcr = (c.pcr + d) & 0xffff;
    c.cyc += c.xtaken[op];
  }
}

function sext16(v: number): number {
  return (v << 16) >> 16;
}

function sext8(v: number): number {
  return (v << 24) >> 24;
}

export const HANDLERS: Record<string, Handler> = {
  skip(c) { c.fetch8(); },
  nop() {},

  // -- single-register word operations --
  clr(c) { c.ww(c.fetch8(), 0); c.fl = (c.fl & ~NZVC) | F_Z; },
  clrb(c) { c.wb(c.fetch8(), 0); c.fl = (c.fl & ~NZVC) | F_Z; },
  not(c) { const a = c.fetch8(); c.ww(a, logic16(c, ~c.rw(a) & 0xffff)); },
  notb(c) { const a = c.fetch8(); c.wb(a, logic8(c, ~c.rb(a) & 0xff)); },
  neg(c) { const a = c.fetch8(); c.ww(a, sub16(c, 0, c.rw(a))); },
  negb(c) { const a = c.fetch8(); c.wb(a, sub8(c, 0, c.rb(a))); },
  inc(c) { const a = c.fetch8(); c.ww(a, add16(c, c.rw(a), 1)); },
  incb(c) { const a = c.fetch8(); c.wb(a, add8(c, c.rb(a), 1)); },
  dec(c) { const a = c.fetch8(); c.ww(a, sub16(c, c.rw(a), 1)); },
  decb(c) { const a = c.fetch8(); c.wb(a, sub8(c, c.rb(a), 1)); },
  ext(c) {
    const a = c.fetch8();
    const v = sext16(c.rw(a));
    c.wl(a, v);
    let f = c.fl & ~NZVC;
    if (v === 0) f |= F_Z;
    if (v < 0) f |= F_N;
    c.fl = f;
  },
  extb(c) {
    const a = c.fetch8();
    const v = sext8(c.rb(a)) & 0xffff;
    c.ww(a, logic16(c, v));
  },

  // -- shifts --
  shl(c) { const n = shiftCount(c); const a = c.fetch8(); c.ww(a, shiftLeft(c, c.rw(a), n, 16)); },
  shlb(c) { const n = shiftCount(c); const a = c.fetch8(); c.wb(a, shiftLeft(c, c.rb(a), n, 8)); },
  shll(c) { const n = shiftCount(c); const a = c.fetch8(); c.wl(a, shiftLeft(c, c.rl(a), n, 32)); },
  shr(c) { const n = shiftCount(c); const a = c.fetch8(); c.ww(a, shiftRight(c, c.rw(a), n, 16, false)); },
  shrb(c) { const n = shiftCount(c); const a = c.fetch8(); c.wb(a, shiftRight(c, c.rb(a), n, 8, false)); },
  shrl(c) { const n = shiftCount(c); const a = c.fetch8(); c.wl(a, shiftRight(c, c.rl(a), n, 32, false)); },
  shra(c) { const n = shiftCount(c); const a = c.fetch8(); c.ww(a, shiftRight(c, c.rw(a), n, 16, true)); },
  shrab(c) { const n = shiftCount(c); const a = c.fetch8(); c.wb(a, shiftRight(c, c.rb(a), n, 8, true)); },
  shral(c) { const n = shiftCount(c); const a = c.fetch8(); c.wl(a, shiftRight(c, c.rl(a), n, 32, true)); },
  norml(c) {
    const cnt = c.fetch8();
    const a = c.fetch8();
    let v = c.rl(a);
    let n = 0;
    while ((v & 0x80000000) === 0 && n < 31) {
      v = (v << 1) >>> 0;
      n++;
    }
    c.cyc += n;
    c.wl(a, v);
    c.wb(cnt, n);
    let f = c.fl & ~(F_Z | F_N | F_C);
    if (v === 0) f |= F_Z;
    if (v & 0x80000000) f |= F_N;
    c.fl = f;
  },

  // -- jumps and calls --
  sjmp(c, op) {
    const d = ((((op & 7) << 8) | c.fetch8()) << 21) >> 21;
    c.pcr = (c.pcr + d) & 0xffff;
  },
  scall(c, op) {
    const d = ((((op & 7) << 8) | c.fetch8()) << 21) >> 21;
    c.push16(c.pcr);
    c.pcr = (c.pcr + d) & 0xffff;
  },
  ljmp(c) { const d = c.fetch16(); c.pcr = (c.pcr + d) & 0xffff; },
  lcall(c) { const d = c.fetch16(); c.push16(c.pcr); c.pcr = (c.pcr + d) & 0xffff; },
  br(c) { c.pcr = c.rw(c.fetch8() & 0xfe); },
  ret(c) { c.pcr = c.pop16(); },
  jbc(c, op) { const v = c.rb(c.fetch8()); jumpIf(c, op, (v & (1 << (op & 7))) === 0); },
  jbs(c, op) { const v = c.rb(c.fetch8()); jumpIf(c, op, (v & (1 << (op & 7))) !== 0); },
  djnz(c, op) {
    const a = c.fetch8();
    const v = (c.rb(a) - 1) & 0xff;
    c.wb(a, v);
    jumpIf(c, op, v !== 0);
  },
  jnst(c, op) { jumpIf(c, op, (c.fl & F_ST) === 0); },
  jst(c, op) { jumpIf(c, op, (c.fl & F_ST) !== 0); },
  jnh(c, op) { jumpIf(c, op, (c.fl & (F_C | F_Z)) !== F_C); },
  jh(c, op) { jumpIf(c, op, (c.fl & (F_C | F_Z)) === F_C); },
  jgt(c, op) { jumpIf(c, op, (c.fl & (F_N | F_Z)) === 0); },
  jle(c, op) { jumpIf(c, op, (c.fl & (F_N | F_Z)) !== 0); },
  jnc(c, op) { jumpIf(c, op, (c.fl & F_C) === 0); },
  jc(c, op) { jumpIf(c, op, (c.fl & F_C) !== 0); },
  jnvt(c, op) { const t = (c.fl & F_VT) === 0; c.fl &= ~F_VT; jumpIf(c, op, t); },
  jvt(c, op) { const t = (c.fl & F_VT) !== 0; c.fl &= ~F_VT; jumpIf(c, op, t); },
  jnv(c, op) { jumpIf(c, op, (c.fl & F_V) === 0); },
  jv(c, op) { jumpIf(c, op, (c.fl & F_V) !== 0); },
  jge(c, op) { jumpIf(c, op, (c.fl & F_N) === 0); },
  jlt(c, op) { jumpIf(c, op, (c.fl & F_N) !== 0); },
  jne(c, op) { jumpIf(c, op, (c.fl & F_Z) === 0); },
  je(c, op) { jumpIf(c, op, (c.fl & F_Z) !== 0); },

  // -- three-operand ALU: aop, src1, dst --
  and3(c, op) { const b = c.aopW(op); const s = c.fetch8(); c.ww(c.fetch8(), logic16(c, c.rw(s) & b)); },
  add3(c, op) { const b = c.aopW(op); const s = c.fetch8(); c.ww(c.fetch8(), add16(c, c.rw(s), b)); },
  sub3(c, op) { const b = c.aopW(op); const s = c.fetch8(); c.ww(c.fetch8(), sub16(c, c.rw(s), b)); },
  andb3(c, op) { const b = c.aopB(op); const s = c.fetch8(); c.wb(c.fetch8(), logic8(c, c.rb(s) & b)); },
  addb3(c, op) { const b = c.aopB(op); const s = c.fetch8(); c.wb(c.fetch8(), add8(c, c.rb(s), b)); },
  subb3(c, op) { const b = c.aopB(op); const s = c.fetch8(); c.wb(c.fetch8(), sub8(c, c.rb(s), b)); },
  mulu3(c, op) { const b = c.aopW(op); const s = c.fetch8(); c.wl(c.fetch8(), c.rw(s) * b); },
  mulub3(c, op) { const b = c.aopB(op); const s = c.fetch8(); c.ww(c.fetch8(), c.rb(s) * b); },
  mul3(c, op) { const b = sext16(c.aopW(op)); const s = c.fetch8(); c.wl(c.fetch8(), Math.imul(sext16(c.rw(s)), b)); },
  mulb3(c, op) { const b = sext8(c.aopB(op)); const s = c.fetch8(); c.ww(c.fetch8(), (sext8(c.rb(s)) * b) & 0xffff); },

  // -- two-operand ALU: aop, dst --
  and2(c, op) { const b = c.aopW(op); const d = c.fetch8(); c.ww(d, logic16(c, c.rw(d) & b)); },
  or2(c, op) { const b = c.aopW(op); const d = c.fetch8(); c.ww(d, logic16(c, c.rw(d) | b)); },
  xor2(c, op) { const b = c.aopW(op); const d = c.fetch8(); c.ww(d, logic16(c, c.rw(d) ^ b)); },
  add2(c, op) { const b = c.aopW(op); const d = c.fetch8(); c.ww(d, add16(c, c.rw(d), b)); },
  sub2(c, op) { const b = c.aopW(op); const d = c.fetch8(); c.ww(d, sub16(c, c.rw(d), b)); },
  cmp2(c, op) { const b = c.aopW(op); const d = c.fetch8(); sub16(c, c.rw(d), b); },
  addc(c, op) { const b = c.aopW(op); const d = c.fetch8(); c.ww(d, addc(c, c.rw(d), b, 16)); },
  subc(c, op) { const b = c.aopW(op); const d = c.fetch8(); c.ww(d, subc(c, c.rw(d), b, 16)); },
  andb2(c, op) { const b = c.aopB(op); const d = c.fetch8(); c.wb(d, logic8(c, c.rb(d) & b)); },
  orb2(c, op) { const b = c.aopB(op); const d = c.fetch8(); c.wb(d, logic8(c, c.rb(d) | b)); },
  xorb2(c, op) { const b = c.aopB(op); const d = c.fetch8(); c.wb(d, logic8(c, c.rb(d) ^ b)); },
  addb2(c, op) { const b = c.aopB(op); const d = c.fetch8(); c.wb(d, add8(c, c.rb(d), b)); },
  subb2(c, op) { const b = c.aopB(op); const d = c.fetch8(); c.wb(d, sub8(c, c.rb(d), b)); },
  cmpb2(c, op) { const b = c.aopB(op); const d = c.fetch8(); sub8(c, c.rb(d), b); },
  addcb(c, op) { const b = c.aopB(op); const d = c.fetch8(); c.wb(d, addc(c, c.rb(d), b, 8)); },
  subcb(c, op) { const b = c.aopB(op); const d = c.fetch8(); c.wb(d, subc(c, c.rb(d), b, 8)); },
  mulu2(c, op) { const b = c.aopW(op); const d = c.fetch8(); c.wl(d, c.rw(d) * b); },
  mulub2(c, op) { const b = c.aopB(op); const d = c.fetch8(); c.ww(d, c.rb(d) * b); },
  mul2(c, op) { const b = sext16(c.aopW(op)); const d = c.fetch8(); c.wl(d, Math.imul(sext16(c.rw(d)), b)); },
  mulb2(c, op) { const b = sext8(c.aopB(op)); const d = c.fetch8(); c.ww(d, (sext8(c.rb(d)) * b) & 0xffff); },
  divu(c, op) {
    const s = c.aopW(op);
    const d = c.fetch8();
    const n = c.rl(d) >>> 0;
    const q = s === 0 ? Infinity : Math.floor(n / s);
    if (q > 0xffff) { c.fl |= F_V | F_VT; return; }
    c.fl &= ~F_V;
    c.wl(d, ((n - q * s) << 16) | q);
  },
  divub(c, op) {
    const s = c.aopB(op);
    const d = c.fetch8();
    const n = c.rw(d);
    const q = s === 0 ? Infinity : Math.floor(n / s);
    if (q > 0xff) { c.fl |= F_V | F_VT; return; }
    c.fl &= ~F_V;
    c.ww(d, ((n - q * s) << 8) | q);
  },
  div(c, op) {
    const s = sext16(c.aopW(op));
    const d = c.fetch8();
    const n = c.rl(d) | 0;
    const q = s === 0 ? Infinity : Math.trunc(n / s);
    if (q > 32767 || q < -32768) { c.fl |= F_V | F_VT; return; }
    c.fl &= ~F_V;
    c.wl(d, (((n - q * s) & 0xffff) << 16) | (q & 0xffff));
  },
  divb(c, op) {
    const s = sext8(c.aopB(op));
    const d = c.fetch8();
    const n = sext16(c.rw(d));
    const q = s === 0 ? Infinity : Math.trunc(n / s);
    if (q > 127 || q < -128) { c.fl |= F_V | F_VT; return; }
    c.fl &= ~F_V;
    c.ww(d, (((n - q * s) & 0xff) << 8) | (q & 0xff));
  },

  // -- loads, stores, stack --
  ld(c, op) { const v = c.aopW(op); c.ww(c.fetch8(), v); },
  ldb(c, op) { const v = c.aopB(op); c.wb(c.fetch8(), v); },
  ldbze(c, op) { const v = c.aopB(op); c.ww(c.fetch8(), v); },
  ldbse(c, op) { const v = c.aopB(op); c.ww(c.fetch8(), sext8(v) & 0xffff); },
  st(c, op) { const a = c.aopAddr(op, 2); c.mw16(a, c.rw(c.fetch8())); },
  stb(c, op) { const a = c.aopAddr(op, 1); c.mw8(a, c.rb(c.fetch8())); },
  push(c, op) { c.push16(c.aopW(op)); },
  pop(c, op) {
    const a = c.aopAddr(op, 2);
    c.mw16(a, c.pop16());
  },
  pushf(c) {
    c.push16((c.fl << 8) | c.r[8]);
    c.fl = 0;
    c.r[8] = 0;
    c.inhibitIrq();
  },
  popf(c) {
    const v = c.pop16();
    c.fl = (v >> 8) & ~0x04;
    c.r[8] = v & 0xff;
    c.inhibitIrq();
  },
  trap(c) { c.push16(c.pcr); c.pcr = c.mr16(VEC_TRAP); },
  clrc(c) { c.fl &= ~F_C; },
  setc(c) { c.fl |= F_C; },
  di(c) { c.fl &= ~F_I; },
  ei(c) { c.fl |= F_I; c.inhibitIrq(); },
  clrvt(c) { c.fl &= ~F_VT; },
  rst(c) {
    c.pcr = RESET_PC;
    c.fl = 0;
    c.r[8] = 0;
    c.resetInstruction();
  },

  // -- 80C196 additions --
  xch(c, op) {
    const a = c.aopAddr(op, 2);
    const d = c.fetch8();
    const t = c.rw(d);
    c.ww(d, c.mr16(a));
    c.mw16(a, t);
  },
  xchb(c, op) {
    const a = c.aopAddr(op, 1);
    const d = c.fetch8();
    const t = c.rb(d);
    c.wb(d, c.mr8(a));
    c.mw8(a, t);
  },
  cmpl(c) {
    const s = c.fetch8();
    const d = c.fetch8();
    const a = c.rl(d) >>> 0;
    const b = c.rl(s) >>> 0;
    const res = (a - b) >>> 0;
    let f = c.fl & ~NZVC;
    if (res === 0) f |= F_Z;
    if (res & 0x80000000) f |= F_N;
    if (a >= b) f |= F_C;
    if ((a ^ b) & (a ^ res) & 0x80000000) f |= F_V | F_VT;
    c.fl = f;
  },
  bmov(c) {
    const cntReg = c.fetch8();
    const ptrs = c.fetch8();
    let src = c.rw(ptrs);
    let dst = c.rw(ptrs + 2);
    const n = c.rw(cntReg);
    for (let i = 0; i < n; i++) {
      c.mw16(dst, c.mr16(src));
      src = (src + 2) & 0xffff;
      dst = (dst + 2) & 0xffff;
    }
    c.ww(ptrs, src);
    c.ww(ptrs + 2, dst);
    c.cyc += 8 * n;
  },
  djnzw(c, op) {
    const a = c.fetch8();
    const v = (c.rw(a) - 1) & 0xffff;
    c.ww(a, v);
    jumpIf(c, op, v !== 0);
  },
  pusha(c) {
    c.push16((c.fl << 8) | c.r[8]);
    // 80C196KB: the second word is INT_MASK1 (13h) / WSR (14h).
    c.push16((c.rb(0x14) << 8) | c.rb(0x13));
    c.fl = 0;
    c.r[8] = 0;
    c.wb(0x13, 0);
    c.inhibitIrq();
  },
  popa(c) {
    const imask1 = c.pop16();
    c.wb(0x13, imask1 & 0xff);
    c.wb(0x14, (imask1 >> 8) & 0xff);
    const v = c.pop16();
    c.fl = (v >> 8) & ~0x04;
    c.r[8] = v & 0xff;
    c.inhibitIrq();
  },
  idlpd(c) {
    const key = c.fetch8();
    if (key === 1 || key === 2) c.enterIdle(key);
    else c.resetInstruction();
  },
};

/** The executor's view of the spec: handlers and state times per opcode (FE forms at 256+). */
export interface Dispatch {
  exec: Handler[];
  tables: OpcodeTables;
}

/** Build the dispatch table for a variant from spec.ts (the spec refuses overlaps itself). */
export function buildDispatch(variant: Variant, illegal: Handler, prefixFE: Handler): Dispatch {
  const tables = buildOpcodeTables(variant);
  const exec: Handler[] = new Array(512);
  for (let op = 0; op < 512; op++) {
    const form = tables.forms[op];
    if (form === null) {
      exec[op] = illegal;
      continue;
    }
    const h = HANDLERS[form.exec];
    if (!h) throw new Error(`spec: ${form.mnemonic} names handler "${form.exec}", which execute.ts does not define`);
    exec[op] = h;
  }
  if (tables.forms[0xfe] !== null) throw new Error('spec: opcode FE is the signed-multiply/divide prefix and cannot be an instruction');
  exec[0xfe] = prefixFE;
  tables.states[0xfe] = 0;
  return { exec, tables };
}

