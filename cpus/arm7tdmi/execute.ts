/**
 * ARMv4T semantics, one handler per spec row (spec.ts). A handler gets the core and the
 * instruction word and returns the cycles it adds to the row's base cost (spec `cycles`).
 *
 * Conventions while a handler runs (set by the run loop in index.ts):
 *  - c.r[15] holds the address of the instruction + 8 (ARM) or + 4 (Thumb), the value an
 *    instruction reads as PC. The ARM7TDMI reads PC as + 12 when the shift amount comes from a
 *    register and when it stores R15 (STR, STM): data sheet, "Using R15 as an operand".
 *  - c.next holds the address of the next instruction; a handler that changes flow writes it.
 *  - Flags live in c.fN/fZ/fC/fV (0 or 1); the rest of the CPSR in c.cpsrLow.
 */
import type { Arm7tdmi } from './index.js';
import { BANK_OF_MODE, MODE_SVC, MODE_UND, MODE_USR, VEC_SWI, VEC_UNDEF } from './registers.js';

export type Handler = (c: Arm7tdmi, op: number) => number;

/** Cycles added when an instruction writes the PC (refill: +1S+1N). */
const PC_REFILL = 2;

/** Condition code table: COND_PASS[(cond << 4) | NZCV]. NV never executes on the ARM7TDMI. */
export const COND_PASS = new Uint8Array(256);
for (let cond = 0; cond < 16; cond++) {
  for (let f = 0; f < 16; f++) {
    const n = (f >> 3) & 1, z = (f >> 2) & 1, c = (f >> 1) & 1, v = f & 1;
    let p: boolean;
    switch (cond) {
      case 0: p = z === 1; break;
      case 1: p = z === 0; break;
      case 2: p = c === 1; break;
      case 3: p = c === 0; break;
      case 4: p = n === 1; break;
      case 5: p = n === 0; break;
      case 6: p = v === 1; break;
      case 7: p = v === 0; break;
      case 8: p = c === 1 && z === 0; break;
      case 9: p = c === 0 || z === 1; break;
      case 10: p = n === v; break;
      case 11: p = n !== v; break;
      case 12: p = z === 0 && n === v; break;
      case 13: p = z === 1 || n !== v; break;
      case 14: p = true; break;
      default: p = false;
    }
    COND_PASS[(cond << 4) | f] = p ? 1 : 0;
  }
}

export function condPasses(c: Arm7tdmi, cond: number): boolean {
  return COND_PASS[(cond << 4) | (c.fN << 3) | (c.fZ << 2) | (c.fC << 1) | c.fV] === 1;
}

// ---- helpers --------------------------------------------------------------------------------

function popcount16(x: number): number {
  x = x - ((x >>> 1) & 0x5555);
  x = (x & 0x3333) + ((x >>> 2) & 0x3333);
  x = (x + (x >>> 4)) & 0x0f0f;
  return (x + (x >>> 8)) & 0x1f;
}

/** ARMv4 unaligned word load: the aligned word rotated right by 8 * addr[1:0]. */
function readWordRotated(c: Arm7tdmi, addr: number): number {
  const v = c.bus.read32(addr & ~3);
  const s = (addr & 3) << 3;
  return s === 0 ? v | 0 : (v >>> s) | (v << (32 - s));
}

/** LDRH: an odd address reads the halfword at addr-1 rotated right by 8 (ARM7TDMI). */
function readHalfRotated(c: Arm7tdmi, addr: number): number {
  const h = c.bus.read16(addr & ~1);
  return addr & 1 ? (h >>> 8) | (h << 24) : h;
}

/** LDRSH: an odd address behaves as LDRSB on the ARM7TDMI. */
function readHalfSigned(c: Arm7tdmi, addr: number): number {
  if (addr & 1) return (c.bus.read8(addr) << 24) >> 24;
  return (c.bus.read16(addr) << 16) >> 16;
}

/** Multiplier early termination (data sheet, "Multiply"): m for a signed multiplier operand. */
function mulCyclesSigned(rs: number): number {
  if ((rs >> 8) === 0 || (rs >> 8) === -1) return 1;
  if ((rs >> 16) === 0 || (rs >> 16) === -1) return 2;
  if ((rs >> 24) === 0 || (rs >> 24) === -1) return 3;
  return 4;
}
function mulCyclesUnsigned(rs: number): number {
  if ((rs >>> 8) === 0) return 1;
  if ((rs >>> 16) === 0) return 2;
  if ((rs >>> 24) === 0) return 3;
  return 4;
}

/** 32x32 -> 64 unsigned multiply into c.mulLo/c.mulHi, exact without BigInt. */
function mulU64(c: Arm7tdmi, a: number, b: number): void {
  const aL = a & 0xffff, aH = a >>> 16, bL = b & 0xffff, bH = b >>> 16;
  const ll = aL * bL, lh = aL * bH, hl = aH * bL, hh = aH * bH;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  c.mulLo = ((mid << 16) | (ll & 0xffff)) | 0;
  c.mulHi = (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}
function add64(c: Arm7tdmi, lo: number, hi: number): void {
  const sum = (c.mulLo >>> 0) + (lo >>> 0);
  c.mulLo = sum | 0;
  c.mulHi = (c.mulHi + hi + (sum > 0xffffffff ? 1 : 0)) | 0;
}

// ---- shifter operands (ARM ARM A5.1) ----------------------------------------------------------
// Each returns the operand and leaves the shifter carry-out in c.shc.

/** 8-bit immediate rotated right by twice the 4-bit rotate field. */
function shImm(c: Arm7tdmi, op: number): number {
  const rot = (op >>> 7) & 0x1e;
  const imm = op & 0xff;
  if (rot === 0) {
    c.shc = c.fC;
    return imm;
  }
  const v = (imm >>> rot) | (imm << (32 - rot));
  c.shc = v >>> 31;
  return v;
}

/** Rm shifted by a 5-bit immediate; amount 0 encodes LSL #0, LSR #32, ASR #32 and RRX. */
function shRegImm(c: Arm7tdmi, op: number): number {
  const m = c.r[op & 15];
  const amt = (op >>> 7) & 31;
  switch ((op >>> 5) & 3) {
    case 0: // LSL
      if (amt === 0) {
        c.shc = c.fC;
        return m;
      }
      c.shc = (m >>> (32 - amt)) & 1;
      return m << amt;
    case 1: // LSR
      if (amt === 0) {
        c.shc = m >>> 31;
        return 0;
      }
      c.shc = (m >>> (amt - 1)) & 1;
      return (m >>> amt) | 0;
    case 2: // ASR
      if (amt === 0) {
        c.shc = m >>> 31;
        return m >> 31;
      }
      c.shc = (m >> (amt - 1)) & 1;
      return m >> amt;
    default: // ROR, RRX
      if (amt === 0) {
        c.shc = m & 1;
        return (c.fC << 31) | (m >>> 1);
      }
      c.shc = (m >>> (amt - 1)) & 1;
      return (m >>> amt) | (m << (32 - amt));
  }
}

/** Rm shifted by the bottom byte of Rs; R15 as Rm reads PC+12. */
function shRegReg(c: Arm7tdmi, op: number): number {
  const rm = op & 15;
  const m = rm === 15 ? (c.r[15] + 4) | 0 : c.r[rm];
  const s = c.r[(op >>> 8) & 15] & 0xff;
  if (s === 0) {
    c.shc = c.fC;
    return m;
  }
  switch ((op >>> 5) & 3) {
    case 0: // LSL
      if (s < 32) {
        c.shc = (m >>> (32 - s)) & 1;
        return m << s;
      }
      c.shc = s === 32 ? m & 1 : 0;
      return 0;
    case 1: // LSR
      if (s < 32) {
        c.shc = (m >>> (s - 1)) & 1;
        return (m >>> s) | 0;
      }
      c.shc = s === 32 ? m >>> 31 : 0;
      return 0;
    case 2: // ASR
      if (s < 32) {
        c.shc = (m >> (s - 1)) & 1;
        return m >> s;
      }
      c.shc = m >>> 31;
      return m >> 31;
    default: { // ROR
      const k = s & 31;
      if (k === 0) {
        c.shc = m >>> 31;
        return m;
      }
      c.shc = (m >>> (k - 1)) & 1;
      return (m >>> k) | (m << (32 - k));
    }
  }
}

/** Rn of a data-processing instruction; with a register-specified shift R15 reads PC+12. */
function rnRegShift(c: Arm7tdmi, op: number): number {
  const n = (op >>> 16) & 15;
  return n === 15 ? (c.r[15] + 4) | 0 : c.r[n];
}

// ---- data-processing cores --------------------------------------------------------------------

/** Rd = PC with S=1: CPSR <- SPSR of the current mode, then the branch (A4.1, "<op>S pc"). */
function writePcRestoringCpsr(c: Arm7tdmi, value: number): number {
  const bank = BANK_OF_MODE[c.cpsrLow & 31];
  if (bank !== 0) c.setCpsr(c.spsr[bank]);
  c.next = c.tbit !== 0 ? value & ~1 : value & ~3;
  return PC_REFILL;
}

/** AND/EOR/ORR/BIC/MOV/MVN: write Rd, and with S set N, Z and the shifter carry. */
function dpLogic(c: Arm7tdmi, op: number, res: number): number {
  const rd = (op >>> 12) & 15;
  if (rd === 15) {
    if (op & 0x100000) return writePcRestoringCpsr(c, res);
    c.next = res & ~3;
    return PC_REFILL;
  }
  c.r[rd] = res;
  if (op & 0x100000) {
    c.fN = res >>> 31;
    c.fZ = res === 0 ? 1 : 0;
    c.fC = c.shc;
  }
  return 0;
}

/** ADD/ADC/SUB/SBC/RSB/RSC as a + b + carry-in (subtraction passes ~b and carry 1). */
function dpArith(c: Arm7tdmi, op: number, a: number, b: number, cin: number): number {
  const res = (a + b + cin) | 0;
  const rd = (op >>> 12) & 15;
  if (rd === 15) {
    if (op & 0x100000) return writePcRestoringCpsr(c, res);
    c.next = res & ~3;
    return PC_REFILL;
  }
  c.r[rd] = res;
  if (op & 0x100000) {
    c.fN = res >>> 31;
    c.fZ = res === 0 ? 1 : 0;
    c.fC = (a >>> 0) + (b >>> 0) + cin > 0xffffffff ? 1 : 0;
    c.fV = ((a ^ res) & (b ^ res)) >>> 31;
  }
  return 0;
}

function testLogic(c: Arm7tdmi, res: number): number {
  c.fN = res >>> 31;
  c.fZ = res === 0 ? 1 : 0;
  c.fC = c.shc;
  return 0;
}

function testArith(c: Arm7tdmi, a: number, b: number, cin: number): number {
  const res = (a + b + cin) | 0;
  c.fN = res >>> 31;
  c.fZ = res === 0 ? 1 : 0;
  c.fC = (a >>> 0) + (b >>> 0) + cin > 0xffffffff ? 1 : 0;
  c.fV = ((a ^ res) & (b ^ res)) >>> 31;
  return 0;
}

const rn = (c: Arm7tdmi, op: number): number => c.r[(op >>> 16) & 15];

// AND
export function execAndImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rn(c, op) & shImm(c, op)); }
export function execAndRegImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rn(c, op) & shRegImm(c, op)); }
export function execAndRegReg(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rnRegShift(c, op) & shRegReg(c, op)); }
// EOR
export function execEorImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rn(c, op) ^ shImm(c, op)); }
export function execEorRegImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rn(c, op) ^ shRegImm(c, op)); }
export function execEorRegReg(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rnRegShift(c, op) ^ shRegReg(c, op)); }
// SUB
export function execSubImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, rn(c, op), ~shImm(c, op), 1); }
export function execSubRegImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, rn(c, op), ~shRegImm(c, op), 1); }
export function execSubRegReg(c: Arm7tdmi, op: number): number { const a = rnRegShift(c, op); return dpArith(c, op, a, ~shRegReg(c, op), 1); }
// RSB
export function execRsbImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, shImm(c, op), ~rn(c, op), 1); }
export function execRsbRegImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, shRegImm(c, op), ~rn(c, op), 1); }
export function execRsbRegReg(c: Arm7tdmi, op: number): number { const a = rnRegShift(c, op); return dpArith(c, op, shRegReg(c, op), ~a, 1); }
// ADD
export function execAddImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, rn(c, op), shImm(c, op), 0); }
export function execAddRegImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, rn(c, op), shRegImm(c, op), 0); }
export function execAddRegReg(c: Arm7tdmi, op: number): number { const a = rnRegShift(c, op); return dpArith(c, op, a, shRegReg(c, op), 0); }
// ADC (the carry-in is read before the shifter overwrites nothing: shifters never write fC)
export function execAdcImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, rn(c, op), shImm(c, op), c.fC); }
export function execAdcRegImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, rn(c, op), shRegImm(c, op), c.fC); }
export function execAdcRegReg(c: Arm7tdmi, op: number): number { const a = rnRegShift(c, op); return dpArith(c, op, a, shRegReg(c, op), c.fC); }
// SBC
export function execSbcImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, rn(c, op), ~shImm(c, op), c.fC); }
export function execSbcRegImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, rn(c, op), ~shRegImm(c, op), c.fC); }
export function execSbcRegReg(c: Arm7tdmi, op: number): number { const a = rnRegShift(c, op); return dpArith(c, op, a, ~shRegReg(c, op), c.fC); }
// RSC
export function execRscImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, shImm(c, op), ~rn(c, op), c.fC); }
export function execRscRegImm(c: Arm7tdmi, op: number): number { return dpArith(c, op, shRegImm(c, op), ~rn(c, op), c.fC); }
export function execRscRegReg(c: Arm7tdmi, op: number): number { const a = rnRegShift(c, op); return dpArith(c, op, shRegReg(c, op), ~a, c.fC); }
// TST
export function execTstImm(c: Arm7tdmi, op: number): number { return testLogic(c, rn(c, op) & shImm(c, op)); }
export function execTstRegImm(c: Arm7tdmi, op: number): number { return testLogic(c, rn(c, op) & shRegImm(c, op)); }
export function execTstRegReg(c: Arm7tdmi, op: number): number { return testLogic(c, rnRegShift(c, op) & shRegReg(c, op)); }
// TEQ
export function execTeqImm(c: Arm7tdmi, op: number): number { return testLogic(c, rn(c, op) ^ shImm(c, op)); }
export function execTeqRegImm(c: Arm7tdmi, op: number): number { return testLogic(c, rn(c, op) ^ shRegImm(c, op)); }
export function execTeqRegReg(c: Arm7tdmi, op: number): number { return testLogic(c, rnRegShift(c, op) ^ shRegReg(c, op)); }
// CMP
export function execCmpImm(c: Arm7tdmi, op: number): number { return testArith(c, rn(c, op), ~shImm(c, op), 1); }
export function execCmpRegImm(c: Arm7tdmi, op: number): number { return testArith(c, rn(c, op), ~shRegImm(c, op), 1); }
export function execCmpRegReg(c: Arm7tdmi, op: number): number { const a = rnRegShift(c, op); return testArith(c, a, ~shRegReg(c, op), 1); }
// CMN
export function execCmnImm(c: Arm7tdmi, op: number): number { return testArith(c, rn(c, op), shImm(c, op), 0); }
export function execCmnRegImm(c: Arm7tdmi, op: number): number { return testArith(c, rn(c, op), shRegImm(c, op), 0); }
export function execCmnRegReg(c: Arm7tdmi, op: number): number { const a = rnRegShift(c, op); return testArith(c, a, shRegReg(c, op), 0); }
// ORR
export function execOrrImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rn(c, op) | shImm(c, op)); }
export function execOrrRegImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rn(c, op) | shRegImm(c, op)); }
export function execOrrRegReg(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rnRegShift(c, op) | shRegReg(c, op)); }
// MOV
export function execMovImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, shImm(c, op)); }
export function execMovRegImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, shRegImm(c, op)); }
export function execMovRegReg(c: Arm7tdmi, op: number): number { return dpLogic(c, op, shRegReg(c, op)); }
// BIC
export function execBicImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rn(c, op) & ~shImm(c, op)); }
export function execBicRegImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rn(c, op) & ~shRegImm(c, op)); }
export function execBicRegReg(c: Arm7tdmi, op: number): number { return dpLogic(c, op, rnRegShift(c, op) & ~shRegReg(c, op)); }
// MVN
export function execMvnImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, ~shImm(c, op)); }
export function execMvnRegImm(c: Arm7tdmi, op: number): number { return dpLogic(c, op, ~shRegImm(c, op)); }
export function execMvnRegReg(c: Arm7tdmi, op: number): number { return dpLogic(c, op, ~shRegReg(c, op)); }

// ---- multiply (A4.1.40 MUL, A4.1.34 MLA, UMULL/UMLAL/SMULL/SMLAL) ----------------------------
// C (and V for the long forms) are UNPREDICTABLE on ARMv4 after S; this core leaves them unchanged.

export function execMul(c: Arm7tdmi, op: number): number {
  const rs = c.r[(op >>> 8) & 15];
  const res = Math.imul(c.r[op & 15], rs);
  c.r[(op >>> 16) & 15] = res;
  if (op & 0x100000) {
    c.fN = res >>> 31;
    c.fZ = res === 0 ? 1 : 0;
  }
  return mulCyclesSigned(rs);
}

export function execMla(c: Arm7tdmi, op: number): number {
  const rs = c.r[(op >>> 8) & 15];
  const res = (Math.imul(c.r[op & 15], rs) + c.r[(op >>> 12) & 15]) | 0;
  c.r[(op >>> 16) & 15] = res;
  if (op & 0x100000) {
    c.fN = res >>> 31;
    c.fZ = res === 0 ? 1 : 0;
  }
  return mulCyclesSigned(rs);
}

function writeLong(c: Arm7tdmi, op: number): void {
  c.r[(op >>> 12) & 15] = c.mulLo;
  c.r[(op >>> 16) & 15] = c.mulHi;
  if (op & 0x100000) {
    c.fN = c.mulHi >>> 31;
    c.fZ = (c.mulHi | c.mulLo) === 0 ? 1 : 0;
  }
}

export function execUmull(c: Arm7tdmi, op: number): number {
  const rs = c.r[(op >>> 8) & 15];
  mulU64(c, c.r[op & 15] >>> 0, rs >>> 0);
  writeLong(c, op);
  return mulCyclesUnsigned(rs);
}

export function execUmlal(c: Arm7tdmi, op: number): number {
  const rs = c.r[(op >>> 8) & 15];
  const lo = c.r[(op >>> 12) & 15], hi = c.r[(op >>> 16) & 15];
  mulU64(c, c.r[op & 15] >>> 0, rs >>> 0);
  add64(c, lo, hi);
  writeLong(c, op);
  return mulCyclesUnsigned(rs);
}

export function execSmull(c: Arm7tdmi, op: number): number {
  const rs = c.r[(op >>> 8) & 15];
  const rm = c.r[op & 15];
  mulU64(c, rm >>> 0, rs >>> 0);
  mulS64Fix(c, rm, rs);
  writeLong(c, op);
  return mulCyclesSigned(rs);
}

export function execSmlal(c: Arm7tdmi, op: number): number {
  const rs = c.r[(op >>> 8) & 15];
  const rm = c.r[op & 15];
  const lo = c.r[(op >>> 12) & 15], hi = c.r[(op >>> 16) & 15];
  mulU64(c, rm >>> 0, rs >>> 0);
  mulS64Fix(c, rm, rs);
  add64(c, lo, hi);
  writeLong(c, op);
  return mulCyclesSigned(rs);
}

/**
 * Turns the unsigned 64-bit product of two signed operands into the signed one: subtract
 * b<<32 when a < 0 and a<<32 when b < 0 (mod 2^64).
 */
function mulS64Fix(c: Arm7tdmi, a: number, b: number): void {
  let hi = c.mulHi;
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  c.mulHi = hi;
}

// ---- swap -------------------------------------------------------------------------------------

export function execSwp(c: Arm7tdmi, op: number): number {
  const addr = c.r[(op >>> 16) & 15];
  const v = readWordRotated(c, addr);
  c.bus.write32(addr & ~3, c.r[op & 15]);
  c.r[(op >>> 12) & 15] = v;
  return 0;
}

export function execSwpb(c: Arm7tdmi, op: number): number {
  const addr = c.r[(op >>> 16) & 15];
  const v = c.bus.read8(addr);
  c.bus.write8(addr, c.r[op & 15] & 0xff);
  c.r[(op >>> 12) & 15] = v;
  return 0;
}

// ---- PSR transfer -----------------------------------------------------------------------------

export function execMrs(c: Arm7tdmi, op: number): number {
  const bank = BANK_OF_MODE[c.cpsrLow & 31];
  // MRS of the SPSR in usr/sys is UNPREDICTABLE; this core returns the CPSR there.
  c.r[(op >>> 12) & 15] = op & 0x400000 && bank !== 0 ? c.spsr[bank] : c.getCpsr();
  return 0;
}

function msr(c: Arm7tdmi, op: number, value: number): number {
  let mask = 0;
  if (op & 0x10000) mask |= 0xff;
  if (op & 0x20000) mask |= 0xff00;
  if (op & 0x40000) mask |= 0xff0000;
  if (op & 0x80000) mask |= 0xff000000;
  const bank = BANK_OF_MODE[c.cpsrLow & 31];
  if (op & 0x400000) {
    if (bank !== 0) c.spsr[bank] = (c.spsr[bank] & ~mask) | (value & mask);
  } else {
    // User mode may only write the flags field (ARM ARM A4.1.39).
    if ((c.cpsrLow & 31) === MODE_USR) mask &= 0xff000000;
    c.setCpsr((c.getCpsr() & ~mask) | (value & mask));
  }
  return 0;
}

export function execMsrReg(c: Arm7tdmi, op: number): number { return msr(c, op, c.r[op & 15]); }
export function execMsrImm(c: Arm7tdmi, op: number): number {
  const rot = (op >>> 7) & 0x1e;
  const imm = op & 0xff;
  return msr(c, op, rot === 0 ? imm : (imm >>> rot) | (imm << (32 - rot)));
}

// ---- branches ---------------------------------------------------------------------------------

export function execB(c: Arm7tdmi, op: number): number {
  c.next = (c.r[15] + ((op << 8) >> 6)) | 0;
  if ((op & 0xffffff) === 0xfffffe) c.idleBranch();
  return 0;
}

export function execBl(c: Arm7tdmi, op: number): number {
  c.r[14] = (c.r[15] - 4) | 0;
  c.next = (c.r[15] + ((op << 8) >> 6)) | 0;
  return 0;
}

export function execBx(c: Arm7tdmi, op: number): number {
  const t = c.r[op & 15];
  if (t & 1) {
    c.setThumb(1);
    c.next = t & ~1;
  } else {
    c.next = t & ~3;
  }
  return 0;
}

// ---- single data transfer (A4.1.23 LDR, A4.1.99 STR, ...) ------------------------------------

/** Address for LDR/STR; performs the writeback (pre-indexed with W, or post-indexed). */
function transferAddress(c: Arm7tdmi, op: number, offset: number): number {
  const n = (op >>> 16) & 15;
  const base = c.r[n];
  const moved = op & 0x800000 ? (base + offset) | 0 : (base - offset) | 0;
  if (op & 0x1000000) {
    if (op & 0x200000) c.r[n] = moved;
    return moved;
  }
  c.r[n] = moved; // post-indexed always writes back (W=1 is the T variant)
  return base;
}

function loadWord(c: Arm7tdmi, op: number, addr: number): number {
  const v = readWordRotated(c, addr);
  const d = (op >>> 12) & 15;
  if (d === 15) {
    c.next = v & ~3; // ARMv4T: no interworking on loads to PC
    return PC_REFILL;
  }
  c.r[d] = v;
  return 0;
}

/** Value stored from Rd: R15 is stored as PC+12 on the ARM7TDMI. */
function storeValue(c: Arm7tdmi, op: number): number {
  const d = (op >>> 12) & 15;
  return d === 15 ? (c.r[15] + 4) | 0 : c.r[d];
}

function regOffset(c: Arm7tdmi, op: number): number {
  return shRegImm(c, op);
}

export function execLdrImm(c: Arm7tdmi, op: number): number { return loadWord(c, op, transferAddress(c, op, op & 0xfff)); }
export function execLdrReg(c: Arm7tdmi, op: number): number { return loadWord(c, op, transferAddress(c, op, regOffset(c, op))); }

export function execLdrbImm(c: Arm7tdmi, op: number): number {
  const v = c.bus.read8(transferAddress(c, op, op & 0xfff));
  return setLoaded(c, op, v);
}
export function execLdrbReg(c: Arm7tdmi, op: number): number {
  const v = c.bus.read8(transferAddress(c, op, regOffset(c, op)));
  return setLoaded(c, op, v);
}

function setLoaded(c: Arm7tdmi, op: number, v: number): number {
  const d = (op >>> 12) & 15;
  if (d === 15) {
    c.next = v & ~3;
    return PC_REFILL;
  }
  c.r[d] = v;
  return 0;
}

export function execStrImm(c: Arm7tdmi, op: number): number {
  const v = storeValue(c, op);
  c.bus.write32(transferAddress(c, op, op & 0xfff) & ~3, v);
  return 0;
}
export function execStrReg(c: Arm7tdmi, op: number): number {
  const v = storeValue(c, op);
  c.bus.write32(transferAddress(c, op, regOffset(c, op)) & ~3, v);
  return 0;
}
export function execStrbImm(c: Arm7tdmi, op: number): number {
  const v = storeValue(c, op);
  c.bus.write8(transferAddress(c, op, op & 0xfff), v & 0xff);
  return 0;
}
export function execStrbReg(c: Arm7tdmi, op: number): number {
  const v = storeValue(c, op);
  c.bus.write8(transferAddress(c, op, regOffset(c, op)), v & 0xff);
  return 0;
}

// Halfword and signed transfers: immediate offset is bits 11-8 and 3-0.
const halfImm = (op: number): number => ((op >>> 4) & 0xf0) | (op & 0xf);
const halfReg = (c: Arm7tdmi, op: number): number => c.r[op & 15];

export function execStrhImm(c: Arm7tdmi, op: number): number {
  const v = storeValue(c, op);
  c.bus.write16(transferAddress(c, op, halfImm(op)) & ~1, v & 0xffff);
  return 0;
}
export function execStrhReg(c: Arm7tdmi, op: number): number {
  const v = storeValue(c, op);
  c.bus.write16(transferAddress(c, op, halfReg(c, op)) & ~1, v & 0xffff);
  return 0;
}
export function execLdrhImm(c: Arm7tdmi, op: number): number { return setLoaded(c, op, readHalfRotated(c, transferAddress(c, op, halfImm(op)))); }
export function execLdrhReg(c: Arm7tdmi, op: number): number { return setLoaded(c, op, readHalfRotated(c, transferAddress(c, op, halfReg(c, op)))); }
export function execLdrsbImm(c: Arm7tdmi, op: number): number { return setLoaded(c, op, (c.bus.read8(transferAddress(c, op, halfImm(op))) << 24) >> 24); }
export function execLdrsbReg(c: Arm7tdmi, op: number): number { return setLoaded(c, op, (c.bus.read8(transferAddress(c, op, halfReg(c, op))) << 24) >> 24); }
export function execLdrshImm(c: Arm7tdmi, op: number): number { return setLoaded(c, op, readHalfSigned(c, transferAddress(c, op, halfImm(op)))); }
export function execLdrshReg(c: Arm7tdmi, op: number): number { return setLoaded(c, op, readHalfSigned(c, transferAddress(c, op, halfReg(c, op)))); }

// ---- block transfer (A4.1.20 LDM, A4.1.97 STM) -------------------------------------------------

/** Lowest address of a block transfer of `bytes` bytes (IA, IB, DA, DB). */
function blockStart(op: number, base: number, bytes: number): number {
  const up = op & 0x800000, pre = op & 0x1000000;
  if (up) return pre ? (base + 4) | 0 : base;
  return pre ? (base - bytes) | 0 : (base - bytes + 4) | 0;
}

export function execLdm(c: Arm7tdmi, op: number): number {
  const n = (op >>> 16) & 15;
  let list = op & 0xffff;
  let count = popcount16(list);
  let bytes = count << 2;
  if (list === 0) {
    list = 0x8000;
    count = 1;
    bytes = 0x40;
  }
  const base = c.r[n];
  let addr = blockStart(op, base, bytes);
  // Writeback first: with the base in the list the loaded value wins (ARMv4).
  if (op & 0x200000) c.r[n] = op & 0x800000 ? (base + bytes) | 0 : (base - bytes) | 0;
  const bus = c.bus;
  const userBank = (op & 0x400000) !== 0 && (list & 0x8000) === 0;
  for (let i = 0; i < 15; i++) {
    if (list & (1 << i)) {
      const v = bus.read32(addr & ~3) | 0;
      if (userBank) c.setUserReg(i, v);
      else c.r[i] = v;
      addr = (addr + 4) | 0;
    }
  }
  if (list & 0x8000) {
    const v = bus.read32(addr & ~3) | 0;
    if (op & 0x400000) {
      // LDM^ with PC: CPSR <- SPSR (exception return).
      const bank = BANK_OF_MODE[c.cpsrLow & 31];
      if (bank !== 0) c.setCpsr(c.spsr[bank]);
      c.next = c.tbit !== 0 ? v & ~1 : v & ~3;
    } else {
      c.next = v & ~3;
    }
    return count - 1 + PC_REFILL;
  }
  return count - 1;
}

export function execStm(c: Arm7tdmi, op: number): number {
  const n = (op >>> 16) & 15;
  let list = op & 0xffff;
  let count = popcount16(list);
  let bytes = count << 2;
  if (list === 0) {
    list = 0x8000;
    count = 1;
    bytes = 0x40;
  }
  const base = c.r[n];
  let addr = blockStart(op, base, bytes);
  const wb = op & 0x200000 ? (op & 0x800000 ? (base + bytes) | 0 : (base - bytes) | 0) : base;
  const userBank = (op & 0x400000) !== 0;
  const bus = c.bus;
  let first = true;
  for (let i = 0; i < 16; i++) {
    if (list & (1 << i)) {
      const v = i === 15 ? (c.r[15] + 4) | 0 : userBank ? c.userReg(i) : c.r[i];
      bus.write32(addr & ~3, v);
      addr = (addr + 4) | 0;
      // The base is written back after the first transfer: a base that is not the lowest
      // register in the list is stored as the new value (ARM7TDMI).
      if (first) {
        first = false;
        if (op & 0x200000) c.r[n] = wb;
      }
    }
  }
  return count - 1;
}

// ---- exceptions --------------------------------------------------------------------------------

export function execSwi(c: Arm7tdmi, op: number): number {
  if (c.semihost !== null && (op & 0xffffff) === 0x123456 && c.semihost.call(c)) return 0;
  c.enterException(MODE_SVC, VEC_SWI, c.next);
  return 0;
}

export function execUndefined(c: Arm7tdmi, _op: number): number {
  c.enterException(MODE_UND, VEC_UNDEF, c.next);
  return 0;
}

export function execCoprocessorAbsent(c: Arm7tdmi, _op: number): number {
  c.enterException(MODE_UND, VEC_UNDEF, c.next);
  return 0;
}

// ================================ Thumb ==========================================================

const lo3 = (op: number): number => op & 7;
const mid3 = (op: number): number => (op >>> 3) & 7;

function setNZ(c: Arm7tdmi, v: number): void {
  c.fN = v >>> 31;
  c.fZ = v === 0 ? 1 : 0;
}

function addFlags(c: Arm7tdmi, a: number, b: number, cin: number): number {
  const res = (a + b + cin) | 0;
  c.fN = res >>> 31;
  c.fZ = res === 0 ? 1 : 0;
  c.fC = (a >>> 0) + (b >>> 0) + cin > 0xffffffff ? 1 : 0;
  c.fV = ((a ^ res) & (b ^ res)) >>> 31;
  return res;
}

// Format 1
export function execThumbLslImm(c: Arm7tdmi, op: number): number {
  const m = c.r[mid3(op)];
  const amt = (op >>> 6) & 31;
  let res = m;
  if (amt !== 0) {
    c.fC = (m >>> (32 - amt)) & 1;
    res = m << amt;
  }
  c.r[lo3(op)] = res;
  setNZ(c, res);
  return 0;
}
export function execThumbLsrImm(c: Arm7tdmi, op: number): number {
  const m = c.r[mid3(op)];
  const amt = (op >>> 6) & 31;
  let res: number;
  if (amt === 0) {
    c.fC = m >>> 31;
    res = 0;
  } else {
    c.fC = (m >>> (amt - 1)) & 1;
    res = (m >>> amt) | 0;
  }
  c.r[lo3(op)] = res;
  setNZ(c, res);
  return 0;
}
export function execThumbAsrImm(c: Arm7tdmi, op: number): number {
  const m = c.r[mid3(op)];
  const amt = (op >>> 6) & 31;
  let res: number;
  if (amt === 0) {
    c.fC = m >>> 31;
    res = m >> 31;
  } else {
    c.fC = (m >> (amt - 1)) & 1;
    res = m >> amt;
  }
  c.r[lo3(op)] = res;
  setNZ(c, res);
  return 0;
}

// Format 2
export function execThumbAddReg(c: Arm7tdmi, op: number): number {
  c.r[lo3(op)] = addFlags(c, c.r[mid3(op)], c.r[(op >>> 6) & 7], 0);
  return 0;
}
export function execThumbSubReg(c: Arm7tdmi, op: number): number {
  c.r[lo3(op)] = addFlags(c, c.r[mid3(op)], ~c.r[(op >>> 6) & 7], 1);
  return 0;
}
export function execThumbAddImm3(c: Arm7tdmi, op: number): number {
  c.r[lo3(op)] = addFlags(c, c.r[mid3(op)], (op >>> 6) & 7, 0);
  return 0;
}
export function execThumbSubImm3(c: Arm7tdmi, op: number): number {
  c.r[lo3(op)] = addFlags(c, c.r[mid3(op)], ~((op >>> 6) & 7), 1);
  return 0;
}

// Format 3
export function execThumbMovImm8(c: Arm7tdmi, op: number): number {
  const v = op & 0xff;
  c.r[(op >>> 8) & 7] = v;
  c.fN = 0;
  c.fZ = v === 0 ? 1 : 0;
  return 0;
}
export function execThumbCmpImm8(c: Arm7tdmi, op: number): number {
  addFlags(c, c.r[(op >>> 8) & 7], ~(op & 0xff), 1);
  return 0;
}
export function execThumbAddImm8(c: Arm7tdmi, op: number): number {
  const d = (op >>> 8) & 7;
  c.r[d] = addFlags(c, c.r[d], op & 0xff, 0);
  return 0;
}
export function execThumbSubImm8(c: Arm7tdmi, op: number): number {
  const d = (op >>> 8) & 7;
  c.r[d] = addFlags(c, c.r[d], ~(op & 0xff), 1);
  return 0;
}

// Format 4: Rd op= Rm (the manual calls the source Rs).
export function execThumbAluAnd(c: Arm7tdmi, op: number): number { const d = lo3(op); const v = c.r[d] & c.r[mid3(op)]; c.r[d] = v; setNZ(c, v); return 0; }
export function execThumbAluEor(c: Arm7tdmi, op: number): number { const d = lo3(op); const v = c.r[d] ^ c.r[mid3(op)]; c.r[d] = v; setNZ(c, v); return 0; }
export function execThumbAluOrr(c: Arm7tdmi, op: number): number { const d = lo3(op); const v = c.r[d] | c.r[mid3(op)]; c.r[d] = v; setNZ(c, v); return 0; }
export function execThumbAluBic(c: Arm7tdmi, op: number): number { const d = lo3(op); const v = c.r[d] & ~c.r[mid3(op)]; c.r[d] = v; setNZ(c, v); return 0; }
export function execThumbAluMvn(c: Arm7tdmi, op: number): number { const v = ~c.r[mid3(op)]; c.r[lo3(op)] = v; setNZ(c, v); return 0; }
export function execThumbAluTst(c: Arm7tdmi, op: number): number { setNZ(c, c.r[lo3(op)] & c.r[mid3(op)]); return 0; }
export function execThumbAluAdc(c: Arm7tdmi, op: number): number { const d = lo3(op); c.r[d] = addFlags(c, c.r[d], c.r[mid3(op)], c.fC); return 0; }
export function execThumbAluSbc(c: Arm7tdmi, op: number): number { const d = lo3(op); c.r[d] = addFlags(c, c.r[d], ~c.r[mid3(op)], c.fC); return 0; }
export function execThumbAluNeg(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = addFlags(c, 0, ~c.r[mid3(op)], 1); return 0; }
export function execThumbAluCmp(c: Arm7tdmi, op: number): number { addFlags(c, c.r[lo3(op)], ~c.r[mid3(op)], 1); return 0; }
export function execThumbAluCmn(c: Arm7tdmi, op: number): number { addFlags(c, c.r[lo3(op)], c.r[mid3(op)], 0); return 0; }
export function execThumbAluMul(c: Arm7tdmi, op: number): number {
  const d = lo3(op);
  const rd = c.r[d];
  const v = Math.imul(rd, c.r[mid3(op)]);
  c.r[d] = v;
  setNZ(c, v); // C is UNPREDICTABLE on ARMv4: left unchanged
  return mulCyclesSigned(rd);
}

/** Thumb register shifts: the carry rules of the ARM register-specified shift. */
function thumbShift(c: Arm7tdmi, op: number, type: number): number {
  const d = lo3(op);
  const m = c.r[d];
  const s = c.r[mid3(op)] & 0xff;
  let res = m;
  if (s !== 0) {
    switch (type) {
      case 0:
        if (s < 32) { c.fC = (m >>> (32 - s)) & 1; res = m << s; }
        else { c.fC = s === 32 ? m & 1 : 0; res = 0; }
        break;
      case 1:
        if (s < 32) { c.fC = (m >>> (s - 1)) & 1; res = (m >>> s) | 0; }
        else { c.fC = s === 32 ? m >>> 31 : 0; res = 0; }
        break;
      case 2:
        if (s < 32) { c.fC = (m >> (s - 1)) & 1; res = m >> s; }
        else { c.fC = m >>> 31; res = m >> 31; }
        break;
      default: {
        const k = s & 31;
        if (k === 0) c.fC = m >>> 31;
        else { c.fC = (m >>> (k - 1)) & 1; res = (m >>> k) | (m << (32 - k)); }
      }
    }
  }
  c.r[d] = res;
  setNZ(c, res);
  return 0;
}
export function execThumbAluLsl(c: Arm7tdmi, op: number): number { return thumbShift(c, op, 0); }
export function execThumbAluLsr(c: Arm7tdmi, op: number): number { return thumbShift(c, op, 1); }
export function execThumbAluAsr(c: Arm7tdmi, op: number): number { return thumbShift(c, op, 2); }
export function execThumbAluRor(c: Arm7tdmi, op: number): number { return thumbShift(c, op, 3); }

// Format 5: high registers. R15 reads as the instruction address + 4.
const hiD = (op: number): number => (op & 7) | ((op >>> 4) & 8);
const hiM = (op: number): number => (op >>> 3) & 15;

export function execThumbHiAdd(c: Arm7tdmi, op: number): number {
  const d = hiD(op);
  const v = (c.r[d] + c.r[hiM(op)]) | 0;
  if (d === 15) {
    c.next = v & ~1;
    return PC_REFILL;
  }
  c.r[d] = v;
  return 0;
}
export function execThumbHiCmp(c: Arm7tdmi, op: number): number {
  addFlags(c, c.r[hiD(op)], ~c.r[hiM(op)], 1);
  return 0;
}
export function execThumbHiMov(c: Arm7tdmi, op: number): number {
  const d = hiD(op);
  const v = c.r[hiM(op)];
  if (d === 15) {
    c.next = v & ~1;
    return PC_REFILL;
  }
  c.r[d] = v;
  return 0;
}
export function execThumbBx(c: Arm7tdmi, op: number): number {
  const t = c.r[hiM(op)];
  if (t & 1) {
    c.next = t & ~1;
  } else {
    c.setThumb(0);
    c.next = t & ~3;
  }
  return 0;
}

// Format 6
export function execThumbLdrPc(c: Arm7tdmi, op: number): number {
  c.r[(op >>> 8) & 7] = c.bus.read32(((c.r[15] & ~3) + ((op & 0xff) << 2)) | 0) | 0;
  return 0;
}

// Formats 7 and 8
const regAddr = (c: Arm7tdmi, op: number): number => (c.r[mid3(op)] + c.r[(op >>> 6) & 7]) | 0;
export function execThumbStrReg(c: Arm7tdmi, op: number): number { c.bus.write32(regAddr(c, op) & ~3, c.r[lo3(op)]); return 0; }
export function execThumbStrhReg(c: Arm7tdmi, op: number): number { c.bus.write16(regAddr(c, op) & ~1, c.r[lo3(op)] & 0xffff); return 0; }
export function execThumbStrbReg(c: Arm7tdmi, op: number): number { c.bus.write8(regAddr(c, op), c.r[lo3(op)] & 0xff); return 0; }
export function execThumbLdsbReg(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = (c.bus.read8(regAddr(c, op)) << 24) >> 24; return 0; }
export function execThumbLdrReg(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = readWordRotated(c, regAddr(c, op)); return 0; }
export function execThumbLdrhReg(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = readHalfRotated(c, regAddr(c, op)); return 0; }
export function execThumbLdrbReg(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = c.bus.read8(regAddr(c, op)); return 0; }
export function execThumbLdshReg(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = readHalfSigned(c, regAddr(c, op)); return 0; }

// Formats 9 and 10
const immAddr = (c: Arm7tdmi, op: number, scale: number): number => (c.r[mid3(op)] + (((op >>> 6) & 31) << scale)) | 0;
export function execThumbStrImm(c: Arm7tdmi, op: number): number { c.bus.write32(immAddr(c, op, 2) & ~3, c.r[lo3(op)]); return 0; }
export function execThumbLdrImm(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = readWordRotated(c, immAddr(c, op, 2)); return 0; }
export function execThumbStrbImm(c: Arm7tdmi, op: number): number { c.bus.write8(immAddr(c, op, 0), c.r[lo3(op)] & 0xff); return 0; }
export function execThumbLdrbImm(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = c.bus.read8(immAddr(c, op, 0)); return 0; }
export function execThumbStrhImm(c: Arm7tdmi, op: number): number { c.bus.write16(immAddr(c, op, 1) & ~1, c.r[lo3(op)] & 0xffff); return 0; }
export function execThumbLdrhImm(c: Arm7tdmi, op: number): number { c.r[lo3(op)] = readHalfRotated(c, immAddr(c, op, 1)); return 0; }

// Format 11
const spAddr = (c: Arm7tdmi, op: number): number => (c.r[13] + ((op & 0xff) << 2)) | 0;
export function execThumbStrSp(c: Arm7tdmi, op: number): number { c.bus.write32(spAddr(c, op) & ~3, c.r[(op >>> 8) & 7]); return 0; }
export function execThumbLdrSp(c: Arm7tdmi, op: number): number { c.r[(op >>> 8) & 7] = readWordRotated(c, spAddr(c, op)); return 0; }

// Formats 12 and 13
export function execThumbAddPc(c: Arm7tdmi, op: number): number { c.r[(op >>> 8) & 7] = ((c.r[15] & ~3) + ((op & 0xff) << 2)) | 0; return 0; }
export function execThumbAddSp(c: Arm7tdmi, op: number): number { c.r[(op >>> 8) & 7] = (c.r[13] + ((op & 0xff) << 2)) | 0; return 0; }
export function execThumbAddSpImm(c: Arm7tdmi, op: number): number { c.r[13] = (c.r[13] + ((op & 0x7f) << 2)) | 0; return 0; }
export function execThumbSubSpImm(c: Arm7tdmi, op: number): number { c.r[13] = (c.r[13] - ((op & 0x7f) << 2)) | 0; return 0; }

// Format 14
export function execThumbPush(c: Arm7tdmi, op: number): number {
  const list = op & 0xff;
  const lr = (op >>> 8) & 1;
  const count = popcount16(list) + lr;
  let addr = (c.r[13] - (count << 2)) | 0;
  c.r[13] = addr;
  const bus = c.bus;
  for (let i = 0; i < 8; i++) {
    if (list & (1 << i)) {
      bus.write32(addr & ~3, c.r[i]);
      addr = (addr + 4) | 0;
    }
  }
  if (lr) bus.write32(addr & ~3, c.r[14]);
  return count - 1;
}
export function execThumbPop(c: Arm7tdmi, op: number): number {
  const list = op & 0xff;
  const pc = (op >>> 8) & 1;
  const count = popcount16(list) + pc;
  let addr = c.r[13];
  const bus = c.bus;
  for (let i = 0; i < 8; i++) {
    if (list & (1 << i)) {
      c.r[i] = bus.read32(addr & ~3) | 0;
      addr = (addr + 4) | 0;
    }
  }
  let extra = count - 1;
  if (pc) {
    c.next = bus.read32(addr & ~3) & ~1; // ARMv4T: stays in Thumb state
    addr = (addr + 4) | 0;
    extra += PC_REFILL;
  }
  c.r[13] = addr;
  return extra;
}

// Format 15 (empty list: R15 transferred, base += 0x40 on the ARM7TDMI)
export function execThumbStmia(c: Arm7tdmi, op: number): number {
  const n = (op >>> 8) & 7;
  const list = op & 0xff;
  let addr = c.r[n];
  const bus = c.bus;
  if (list === 0) {
    bus.write32(addr & ~3, (c.r[15] + 2) | 0);
    c.r[n] = (addr + 0x40) | 0;
    return 0;
  }
  const wb = (addr + (popcount16(list) << 2)) | 0;
  let first = true;
  for (let i = 0; i < 8; i++) {
    if (list & (1 << i)) {
      bus.write32(addr & ~3, c.r[i]);
      addr = (addr + 4) | 0;
      if (first) {
        first = false;
        c.r[n] = wb;
      }
    }
  }
  return popcount16(list) - 1;
}
export function execThumbLdmia(c: Arm7tdmi, op: number): number {
  const n = (op >>> 8) & 7;
  const list = op & 0xff;
  let addr = c.r[n];
  const bus = c.bus;
  if (list === 0) {
    c.next = bus.read32(addr & ~3) & ~1;
    c.r[n] = (addr + 0x40) | 0;
    return PC_REFILL;
  }
  c.r[n] = (addr + (popcount16(list) << 2)) | 0; // a loaded base overrides the writeback
  for (let i = 0; i < 8; i++) {
    if (list & (1 << i)) {
      c.r[i] = bus.read32(addr & ~3) | 0;
      addr = (addr + 4) | 0;
    }
  }
  return popcount16(list) - 1;
}

// Format 16: the spec cost 2S+1N is the taken branch; not taken costs 1S.
export function execThumbBcond(c: Arm7tdmi, op: number): number {
  if (!condPasses(c, (op >>> 8) & 15)) return -2;
  c.next = (c.r[15] + (((op & 0xff) << 24) >> 23)) | 0;
  return 0;
}

// Format 17
export function execThumbSwi(c: Arm7tdmi, op: number): number {
  if (c.semihost !== null && (op & 0xff) === 0xab && c.semihost.call(c)) return 0;
  c.enterException(MODE_SVC, VEC_SWI, c.next);
  return 0;
}

// Format 18
export function execThumbB(c: Arm7tdmi, op: number): number {
  c.next = (c.r[15] + ((op << 21) >> 20)) | 0;
  if ((op & 0x7ff) === 0x7fe) c.idleBranch();
  return 0;
}

// Format 19: two instructions; LR carries the high part of the offset.
export function execThumbBlPrefix(c: Arm7tdmi, op: number): number {
  c.r[14] = (c.r[15] + ((op << 21) >> 9)) | 0;
  return 0;
}
export function execThumbBlSuffix(c: Arm7tdmi, op: number): number {
  const ret = c.next | 1;
  c.next = (c.r[14] + ((op & 0x7ff) << 1)) & ~1;
  c.r[14] = ret;
  return 0;
}

export function execThumbUndefined(c: Arm7tdmi, _op: number): number {
  c.enterException(MODE_UND, VEC_UNDEF, c.next);
  return 0;
}

// ---- tables by name (the spec refers to handlers by these names) --------------------------------

export const ARM_HANDLERS: Record<string, Handler> = {
  execAndImm, execAndRegImm, execAndRegReg, execEorImm, execEorRegImm, execEorRegReg,
  execSubImm, execSubRegImm, execSubRegReg, execRsbImm, execRsbRegImm, execRsbRegReg,
  execAddImm, execAddRegImm, execAddRegReg, execAdcImm, execAdcRegImm, execAdcRegReg,
  execSbcImm, execSbcRegImm, execSbcRegReg, execRscImm, execRscRegImm, execRscRegReg,
  execTstImm, execTstRegImm, execTstRegReg, execTeqImm, execTeqRegImm, execTeqRegReg,
  execCmpImm, execCmpRegImm, execCmpRegReg, execCmnImm, execCmnRegImm, execCmnRegReg,
  execOrrImm, execOrrRegImm, execOrrRegReg, execMovImm, execMovRegImm, execMovRegReg,
  execBicImm, execBicRegImm, execBicRegReg, execMvnImm, execMvnRegImm, execMvnRegReg,
  execMul, execMla, execUmull, execUmlal, execSmull, execSmlal, execSwp, execSwpb,
  execMrs, execMsrReg, execMsrImm, execBx, execB, execBl,
  execLdrImm, execLdrReg, execLdrbImm, execLdrbReg, execStrImm, execStrReg, execStrbImm, execStrbReg,
  execStrhImm, execStrhReg, execLdrhImm, execLdrhReg, execLdrsbImm, execLdrsbReg, execLdrshImm, execLdrshReg,
  execLdm, execStm, execSwi, execUndefined, execCoprocessorAbsent,
};

export const THUMB_HANDLERS: Record<string, Handler> = {
  execThumbLslImm, execThumbLsrImm, execThumbAsrImm, execThumbAddReg, execThumbSubReg, execThumbAddImm3,
  execThumbSubImm3, execThumbMovImm8, execThumbCmpImm8, execThumbAddImm8, execThumbSubImm8,
  execThumbAluAnd, execThumbAluEor, execThumbAluLsl, execThumbAluLsr, execThumbAluAsr, execThumbAluAdc,
  execThumbAluSbc, execThumbAluRor, execThumbAluTst, execThumbAluNeg, execThumbAluCmp, execThumbAluCmn,
  execThumbAluOrr, execThumbAluMul, execThumbAluBic, execThumbAluMvn,
  execThumbHiAdd, execThumbHiCmp, execThumbHiMov, execThumbBx, execThumbLdrPc,
  execThumbStrReg, execThumbStrhReg, execThumbStrbReg, execThumbLdsbReg, execThumbLdrReg, execThumbLdrhReg,
  execThumbLdrbReg, execThumbLdshReg, execThumbStrImm, execThumbLdrImm, execThumbStrbImm, execThumbLdrbImm,
  execThumbStrhImm, execThumbLdrhImm, execThumbStrSp, execThumbLdrSp, execThumbAddPc, execThumbAddSp,
  execThumbAddSpImm, execThumbSubSpImm, execThumbPush, execThumbPop, execThumbStmia, execThumbLdmia,
  execThumbBcond, execThumbSwi, execThumbB, execThumbBlPrefix, execThumbBlSuffix, execThumbUndefined,
};
