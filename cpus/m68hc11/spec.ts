/**
 * The M68HC11 instruction set as one table. The dispatch table (execute.ts `buildDispatch`),
 * the cycle table and the disassembler (disasm.ts) are all derived from it.
 *
 * Opcodes are written with their prebyte: 0x18A0 is `18 A0` (SUBA ind,Y), 0x1AA3 is `1A A3`,
 * 0xCDEE is `CD EE`; a plain number below 0x100 has no prebyte. The four opcode-map pages
 * are kept apart by `PAGE_OF_PREBYTE`; a slot in the dense tables is `page * 256 + opcode`.
 *
 * Rows follow the M68HC11 Reference Manual's instruction tables (Table 10-1 of the MC68HC11A8
 * technical data): one row per mnemonic, the opcode of each addressing mode, and the E-clock
 * count per mode in the same column order, so the row reads like the manual's line:
 *
 *            mnemonic  handler   IMM     DIR     EXT     IND,X   IND,Y      cycles
 *   alu('ADDA', 'adda', 0x8b,   0x9b,   0xbb,   0xab,   0x18ab,  [2, 3, 4, 4, 5]),
 *
 * Branches take the same count whether taken or not (the HC11 always fetches the offset).
 */
import { DASM_BRANCH, DASM_CALL, DASM_COND, DASM_RETURN } from '../../src/core/cpu.js';

/** Addressing modes (operand bytes after the opcode, in Motorola order). */
export type Mode =
  | 'INH' // no operand
  | 'IMM8' | 'IMM16' // #ii / #jjkk
  | 'DIR' // dd: address 00dd
  | 'EXT' // hhll
  | 'IDX' | 'IDY' // ff,X / ff,Y: unsigned 8-bit offset
  | 'REL' // rr: signed offset from the next instruction
  | 'BIT_DIR' | 'BIT_IDX' | 'BIT_IDY' // BSET/BCLR: operand address, then mask
  | 'BRB_DIR' | 'BRB_IDX' | 'BRB_IDY'; // BRSET/BRCLR: operand address, mask, rr

/** Operand bytes of each mode (prebyte and opcode not included). */
export const MODE_BYTES: Record<Mode, number> = {
  INH: 0, IMM8: 1, IMM16: 2, DIR: 1, EXT: 2, IDX: 1, IDY: 1, REL: 1,
  BIT_DIR: 2, BIT_IDX: 2, BIT_IDY: 2, BRB_DIR: 3, BRB_IDX: 3, BRB_IDY: 3,
};

export interface Entry {
  /** Opcode with prebyte (0x18xx, 0x1Axx, 0xCDxx) or without (0x00-0xFF). */
  opcode: number;
  mnemonic: string;
  mode: Mode;
  /** E-clock cycles (Motorola table). */
  cycles: number;
  /** Handler family in execute.ts (the mode picks the operand fetch). */
  exec: string;
  /** DASM_* flags for the debugger. */
  flow: number;
}

/** Opcode-map page of each prebyte (page 0 has none). */
export const PAGE_OF_PREBYTE: Record<number, number> = { 0x18: 1, 0x1a: 2, 0xcd: 3 };
export const PREBYTES = [0x18, 0x1a, 0xcd];
export const PAGE_PREBYTE = [0, 0x18, 0x1a, 0xcd];

/** Dense slot of an opcode with prebyte: page * 256 + opcode. */
export function slotOf(opcode: number): number {
  if (opcode < 0x100) return opcode;
  const page = PAGE_OF_PREBYTE[opcode >> 8];
  if (page === undefined) throw new Error(`spec: ${opcode.toString(16)} has an unknown prebyte`);
  return page * 256 + (opcode & 0xff);
}

const BR = DASM_BRANCH;
const BC = DASM_BRANCH | DASM_COND;
const E: Entry[] = [];

function add(opcode: number, mnemonic: string, mode: Mode, cycles: number, exec: string, flow = 0): void {
  E.push({ opcode, mnemonic, mode, cycles, exec, flow });
}

/** A row of the manual's table: opcodes per mode (null: mode absent) and cycles per mode. */
function row(
  mnemonic: string, exec: string, imm: Mode | null,
  ops: [number | null, number | null, number | null, number | null, number | null],
  cyc: [number, number, number, number, number], flow = 0,
): void {
  const modes: (Mode | null)[] = [imm, 'DIR', 'EXT', 'IDX', 'IDY'];
  for (let i = 0; i < 5; i++) {
    const op = ops[i];
    const mode = modes[i];
    if (op !== null && mode !== null) add(op, mnemonic, mode, cyc[i], exec, flow);
  }
}
const _ = null;
const alu = (m: string, x: string, ops: [number | null, number, number, number, number], cyc: [number, number, number, number, number]): void =>
  row(m, x, 'IMM8', ops, cyc);
const alu16 = (m: string, x: string, ops: [number | null, number, number, number, number], cyc: [number, number, number, number, number]): void =>
  row(m, x, 'IMM16', ops, cyc);
/** Memory read-modify-write (EXT, IND,X, IND,Y) beside the A and B accumulator forms. */
function rmw(m: string, x: string, opA: number | null, ext: number): void {
  if (opA !== null) {
    add(opA, `${m}A`, 'INH', 2, `${x}a`);
    add(opA + 0x10, `${m}B`, 'INH', 2, `${x}b`);
  }
  add(ext, m, 'EXT', 6, `${x}m`);
  add(ext - 0x10, m, 'IDX', 6, `${x}m`);
  add(0x1800 | (ext - 0x10), m, 'IDY', 7, `${x}m`);
}

// ---- accumulator and memory ALU ------------------------------------------------------------
//        mnemonic handler   IMM     DIR     EXT     IND,X   IND,Y       IMM DIR EXT IX IY
alu('ADCA', 'adca', [0x89, 0x99, 0xb9, 0xa9, 0x18a9], [2, 3, 4, 4, 5]);
alu('ADCB', 'adcb', [0xc9, 0xd9, 0xf9, 0xe9, 0x18e9], [2, 3, 4, 4, 5]);
alu('ADDA', 'adda', [0x8b, 0x9b, 0xbb, 0xab, 0x18ab], [2, 3, 4, 4, 5]);
alu('ADDB', 'addb', [0xcb, 0xdb, 0xfb, 0xeb, 0x18eb], [2, 3, 4, 4, 5]);
alu('ANDA', 'anda', [0x84, 0x94, 0xb4, 0xa4, 0x18a4], [2, 3, 4, 4, 5]);
alu('ANDB', 'andb', [0xc4, 0xd4, 0xf4, 0xe4, 0x18e4], [2, 3, 4, 4, 5]);
alu('BITA', 'bita', [0x85, 0x95, 0xb5, 0xa5, 0x18a5], [2, 3, 4, 4, 5]);
alu('BITB', 'bitb', [0xc5, 0xd5, 0xf5, 0xe5, 0x18e5], [2, 3, 4, 4, 5]);
alu('CMPA', 'cmpa', [0x81, 0x91, 0xb1, 0xa1, 0x18a1], [2, 3, 4, 4, 5]);
alu('CMPB', 'cmpb', [0xc1, 0xd1, 0xf1, 0xe1, 0x18e1], [2, 3, 4, 4, 5]);
alu('EORA', 'eora', [0x88, 0x98, 0xb8, 0xa8, 0x18a8], [2, 3, 4, 4, 5]);
alu('EORB', 'eorb', [0xc8, 0xd8, 0xf8, 0xe8, 0x18e8], [2, 3, 4, 4, 5]);
alu('LDAA', 'ldaa', [0x86, 0x96, 0xb6, 0xa6, 0x18a6], [2, 3, 4, 4, 5]);
alu('LDAB', 'ldab', [0xc6, 0xd6, 0xf6, 0xe6, 0x18e6], [2, 3, 4, 4, 5]);
alu('ORAA', 'oraa', [0x8a, 0x9a, 0xba, 0xaa, 0x18aa], [2, 3, 4, 4, 5]);
alu('ORAB', 'orab', [0xca, 0xda, 0xfa, 0xea, 0x18ea], [2, 3, 4, 4, 5]);
alu('SBCA', 'sbca', [0x82, 0x92, 0xb2, 0xa2, 0x18a2], [2, 3, 4, 4, 5]);
alu('SBCB', 'sbcb', [0xc2, 0xd2, 0xf2, 0xe2, 0x18e2], [2, 3, 4, 4, 5]);
alu('SUBA', 'suba', [0x80, 0x90, 0xb0, 0xa0, 0x18a0], [2, 3, 4, 4, 5]);
alu('SUBB', 'subb', [0xc0, 0xd0, 0xf0, 0xe0, 0x18e0], [2, 3, 4, 4, 5]);
row('STAA', 'staa', null, [_, 0x97, 0xb7, 0xa7, 0x18a7], [0, 3, 4, 4, 5]);
row('STAB', 'stab', null, [_, 0xd7, 0xf7, 0xe7, 0x18e7], [0, 3, 4, 4, 5]);

// ---- 16-bit loads, stores, arithmetic and compares -------------------------------------------
alu16('ADDD', 'addd', [0xc3, 0xd3, 0xf3, 0xe3, 0x18e3], [4, 5, 6, 6, 7]);
alu16('SUBD', 'subd', [0x83, 0x93, 0xb3, 0xa3, 0x18a3], [4, 5, 6, 6, 7]);
alu16('CPD', 'cpd', [0x1a83, 0x1a93, 0x1ab3, 0x1aa3, 0xcda3], [5, 6, 7, 7, 7]);
alu16('CPX', 'cpx', [0x8c, 0x9c, 0xbc, 0xac, 0xcdac], [4, 5, 6, 6, 7]);
alu16('CPY', 'cpy', [0x188c, 0x189c, 0x18bc, 0x1aac, 0x18ac], [5, 6, 7, 7, 7]);
alu16('LDD', 'ldd', [0xcc, 0xdc, 0xfc, 0xec, 0x18ec], [3, 4, 5, 5, 6]);
alu16('LDS', 'lds', [0x8e, 0x9e, 0xbe, 0xae, 0x18ae], [3, 4, 5, 5, 6]);
alu16('LDX', 'ldx', [0xce, 0xde, 0xfe, 0xee, 0xcdee], [3, 4, 5, 5, 6]);
alu16('LDY', 'ldy', [0x18ce, 0x18de, 0x18fe, 0x1aee, 0x18ee], [4, 5, 6, 6, 6]);
row('STD', 'std', null, [_, 0xdd, 0xfd, 0xed, 0x18ed], [0, 4, 5, 5, 6]);
row('STS', 'sts', null, [_, 0x9f, 0xbf, 0xaf, 0x18af], [0, 4, 5, 5, 6]);
row('STX', 'stx', null, [_, 0xdf, 0xff, 0xef, 0xcdef], [0, 4, 5, 5, 6]);
row('STY', 'sty', null, [_, 0x18df, 0x18ff, 0x1aef, 0x18ef], [0, 5, 6, 6, 6]);

// ---- read-modify-write: accumulator A, B and memory EXT / IND,X / IND,Y ----------------------
rmw('ASL', 'asl', 0x48, 0x78);
rmw('ASR', 'asr', 0x47, 0x77);
rmw('CLR', 'clr', 0x4f, 0x7f);
rmw('COM', 'com', 0x43, 0x73);
rmw('DEC', 'dec', 0x4a, 0x7a);
rmw('INC', 'inc', 0x4c, 0x7c);
rmw('LSR', 'lsr', 0x44, 0x74);
rmw('NEG', 'neg', 0x40, 0x70);
rmw('ROL', 'rol', 0x49, 0x79);
rmw('ROR', 'ror', 0x46, 0x76);
rmw('TST', 'tst', 0x4d, 0x7d);

// ---- jumps and subroutines --------------------------------------------------------------------
row('JMP', 'jmp', null, [_, _, 0x7e, 0x6e, 0x186e], [0, 0, 3, 3, 4], BR);
row('JSR', 'jsr', null, [_, 0x9d, 0xbd, 0xad, 0x18ad], [0, 5, 6, 6, 7], DASM_CALL);
add(0x8d, 'BSR', 'REL', 6, 'bsr', DASM_CALL);
add(0x39, 'RTS', 'INH', 5, 'rts', DASM_RETURN);
add(0x3b, 'RTI', 'INH', 12, 'rti', DASM_RETURN);
add(0x3f, 'SWI', 'INH', 14, 'swi', DASM_CALL);
// WAI: 12 cycles to stack, then n idle cycles, then 2 to fetch the vector (14 + n in Table 10-1).
add(0x3e, 'WAI', 'INH', 12, 'wai');

// ---- branches (all 3 cycles) -------------------------------------------------------------------
add(0x20, 'BRA', 'REL', 3, 'bra', BR);
add(0x21, 'BRN', 'REL', 3, 'brn', BC);
add(0x22, 'BHI', 'REL', 3, 'bhi', BC);
add(0x23, 'BLS', 'REL', 3, 'bls', BC);
add(0x24, 'BCC', 'REL', 3, 'bcc', BC);
add(0x25, 'BCS', 'REL', 3, 'bcs', BC);
add(0x26, 'BNE', 'REL', 3, 'bne', BC);
add(0x27, 'BEQ', 'REL', 3, 'beq', BC);
add(0x28, 'BVC', 'REL', 3, 'bvc', BC);
add(0x29, 'BVS', 'REL', 3, 'bvs', BC);
add(0x2a, 'BPL', 'REL', 3, 'bpl', BC);
add(0x2b, 'BMI', 'REL', 3, 'bmi', BC);
add(0x2c, 'BGE', 'REL', 3, 'bge', BC);
add(0x2d, 'BLT', 'REL', 3, 'blt', BC);
add(0x2e, 'BGT', 'REL', 3, 'bgt', BC);
add(0x2f, 'BLE', 'REL', 3, 'ble', BC);

// ---- bit manipulation ---------------------------------------------------------------------------
//                                          DIR               IND,X              IND,Y
add(0x14, 'BSET', 'BIT_DIR', 6, 'bset'); add(0x1c, 'BSET', 'BIT_IDX', 7, 'bset'); add(0x181c, 'BSET', 'BIT_IDY', 8, 'bset');
add(0x15, 'BCLR', 'BIT_DIR', 6, 'bclr'); add(0x1d, 'BCLR', 'BIT_IDX', 7, 'bclr'); add(0x181d, 'BCLR', 'BIT_IDY', 8, 'bclr');
add(0x12, 'BRSET', 'BRB_DIR', 6, 'brset', BC); add(0x1e, 'BRSET', 'BRB_IDX', 7, 'brset', BC); add(0x181e, 'BRSET', 'BRB_IDY', 8, 'brset', BC);
add(0x13, 'BRCLR', 'BRB_DIR', 6, 'brclr', BC); add(0x1f, 'BRCLR', 'BRB_IDX', 7, 'brclr', BC); add(0x181f, 'BRCLR', 'BRB_IDY', 8, 'brclr', BC);

// ---- inherent ---------------------------------------------------------------------------------
const inh: [number, string, number][] = [
  // TEST: in the test modes the address bus counts until reset; in the normal modes it takes the
  // illegal-opcode trap (14 cycles, charged by the trap).
  [0x00, 'TEST', 14], [0x01, 'NOP', 2], [0x02, 'IDIV', 41], [0x03, 'FDIV', 41], [0x04, 'LSRD', 3], [0x05, 'ASLD', 3],
  [0x06, 'TAP', 2], [0x07, 'TPA', 2], [0x08, 'INX', 3], [0x09, 'DEX', 3], [0x0a, 'CLV', 2], [0x0b, 'SEV', 2],
  [0x0c, 'CLC', 2], [0x0d, 'SEC', 2], [0x0e, 'CLI', 2], [0x0f, 'SEI', 2], [0x10, 'SBA', 2], [0x11, 'CBA', 2],
  [0x16, 'TAB', 2], [0x17, 'TBA', 2], [0x19, 'DAA', 2], [0x1b, 'ABA', 2],
  [0x30, 'TSX', 3], [0x31, 'INS', 3], [0x32, 'PULA', 4], [0x33, 'PULB', 4], [0x34, 'DES', 3], [0x35, 'TXS', 3],
  [0x36, 'PSHA', 3], [0x37, 'PSHB', 3], [0x38, 'PULX', 5], [0x3a, 'ABX', 3], [0x3c, 'PSHX', 4], [0x3d, 'MUL', 10],
  [0x8f, 'XGDX', 3], [0xcf, 'STOP', 2],
  [0x1808, 'INY', 4], [0x1809, 'DEY', 4], [0x1830, 'TSY', 4], [0x1835, 'TYS', 4], [0x1838, 'PULY', 6],
  [0x183a, 'ABY', 4], [0x183c, 'PSHY', 5], [0x188f, 'XGDY', 4],
];
for (const [op, m, cyc] of inh) add(op, m, 'INH', cyc, m.toLowerCase());

export const SPEC: readonly Entry[] = E;

/** Per-slot view of the table: 4 pages x 256 opcodes. */
export interface OpcodeTables {
  entries: (Entry | null)[];
  cycles: Uint8Array;
}

export const SLOTS = 4 * 256;

/** Expand the table; refuses two rows that claim the same opcode or a row on a prebyte. */
export function buildOpcodeTables(spec: readonly Entry[] = SPEC): OpcodeTables {
  const entries: (Entry | null)[] = new Array(SLOTS).fill(null);
  const cycles = new Uint8Array(SLOTS);
  for (const e of spec) {
    if (e.opcode < 0x100 && PAGE_OF_PREBYTE[e.opcode] !== undefined) {
      throw new Error(`spec: ${e.mnemonic} claims prebyte ${e.opcode.toString(16)}`);
    }
    const s = slotOf(e.opcode);
    const prev = entries[s];
    if (prev !== null) {
      throw new Error(`spec: ${e.mnemonic} ${e.mode} overlaps ${prev.mnemonic} ${prev.mode} at opcode ${e.opcode.toString(16)}`);
    }
    entries[s] = e;
    cycles[s] = e.cycles;
  }
  return { entries, cycles };
}
