/**
 * The MC68000 instruction set as one table. Each row: the bit picture (fixed bits 0/1, named
 * fields as letters), the disassembly format, the sizes, the addressing modes each EA field
 * accepts, the handler in execute.ts, and the manual's timing (MC68000 User's Manual section 8,
 * "Instruction Execution Times"; `+ea` = plus the effective-address time of table 8-1).
 *
 * `buildDecodeTable()` walks every 16-bit word through every row and refuses two rows that
 * accept the same word. The same rows drive the disassembler (disasm.ts).
 *
 * Field letters in the bit picture:
 *   e  6-bit EA, mode (3) then register (3)         E  MOVE destination EA, register then mode
 *   s  size 00 b / 01 w / 10 l                       S  MOVE size 01 b / 11 w / 10 l
 *   z  one size bit 0 w / 1 l                        r, y  register numbers (3 bits)
 *   q  ADDQ/SUBQ data (0 = 8)                        k  MOVEQ data / branch displacement (8)
 *   c  condition (4)                                 v  TRAP vector (4)
 *   t  shift/rotate kind, bit op kind                 d  direction bit                 i  i/r bit
 *   m  register/memory bit (ABCD, ADDX ...)          o  MOVEP operation mode
 */

/** EA mode numbers used everywhere in the core: index into EA classes and timing tables. */
export const EA_DN = 0, EA_AN = 1, EA_IND = 2, EA_POST = 3, EA_PRE = 4, EA_D16 = 5, EA_IDX = 6,
  EA_ABSW = 7, EA_ABSL = 8, EA_PCD = 9, EA_PCX = 10, EA_IMM = 11, EA_BAD = 12;

/** 6-bit EA field (mode<<3 | reg) to EA mode number. */
export const EA_MODE = new Uint8Array(64);
for (let f = 0; f < 64; f++) {
  const m = f >> 3, r = f & 7;
  EA_MODE[f] = m < 7 ? m : r <= 4 ? 7 + r : EA_BAD;
}

const bits = (...m: number[]): number => m.reduce((a, x) => a | (1 << x), 0);
/** Addressing-mode categories of MC68000UM table 2-4. */
export const EA = {
  all: 0xfff,
  data: 0xfff & ~bits(EA_AN),
  mem: 0xfff & ~bits(EA_DN, EA_AN),
  ctrl: bits(EA_IND, EA_D16, EA_IDX, EA_ABSW, EA_ABSL, EA_PCD, EA_PCX),
  alt: bits(EA_DN, EA_AN, EA_IND, EA_POST, EA_PRE, EA_D16, EA_IDX, EA_ABSW, EA_ABSL),
  dataAlt: bits(EA_DN, EA_IND, EA_POST, EA_PRE, EA_D16, EA_IDX, EA_ABSW, EA_ABSL),
  memAlt: bits(EA_IND, EA_POST, EA_PRE, EA_D16, EA_IDX, EA_ABSW, EA_ABSL),
  ctrlAlt: bits(EA_IND, EA_D16, EA_IDX, EA_ABSW, EA_ABSL),
  movemToMem: bits(EA_IND, EA_PRE, EA_D16, EA_IDX, EA_ABSW, EA_ABSL),
  movemToReg: bits(EA_IND, EA_POST, EA_D16, EA_IDX, EA_ABSW, EA_ABSL, EA_PCD, EA_PCX),
  btstData: 0xfff & ~bits(EA_AN, EA_IMM),
} as const;
export type EaClass = keyof typeof EA;

export interface OpSpec {
  /** 16 bits, spaces ignored. */
  bits: string;
  /** Disassembly format: mnemonic (".s" = size suffix) then operands; see disasm.ts. */
  asm: string;
  /** Sizes: 'b','w','l' letters allowed by the size field, or the fixed size. '' = unsized. */
  sizes: string;
  /** Modes accepted by field e (and E). */
  ea?: EaClass;
  eaDst?: EaClass;
  /** Byte size may not use An as the source (ADD.b An,Dn is not an instruction). */
  noByteAn?: boolean;
  /** Handler name in execute.ts. */
  exec: string;
  /** Manual timing, for the reader and the timing test: "b/w,l" or a note. */
  cycles: string;
  flags?: number;
  /** Field values this row does not take (another row has them). */
  exclude?: Record<string, number[]>;
}

/** Disassembler flow flags (same values as DASM_* of src/core/cpu.ts). */
export const F_CALL = 1, F_RET = 2, F_BRANCH = 4, F_COND = 8;

export const OPS: OpSpec[] = [
  // ---- line 0: immediate, bit, MOVEP --------------------------------------------------------
  { bits: '0000 0000 0011 1100', asm: 'ORI.b #i,CCR', sizes: 'b', exec: 'oriToCcr', cycles: '20' },
  { bits: '0000 0000 0111 1100', asm: 'ORI.w #i,SR', sizes: 'w', exec: 'oriToSr', cycles: '20' },
  { bits: '0000 0010 0011 1100', asm: 'ANDI.b #i,CCR', sizes: 'b', exec: 'andiToCcr', cycles: '20' },
  { bits: '0000 0010 0111 1100', asm: 'ANDI.w #i,SR', sizes: 'w', exec: 'andiToSr', cycles: '20' },
  { bits: '0000 1010 0011 1100', asm: 'EORI.b #i,CCR', sizes: 'b', exec: 'eoriToCcr', cycles: '20' },
  { bits: '0000 1010 0111 1100', asm: 'EORI.w #i,SR', sizes: 'w', exec: 'eoriToSr', cycles: '20' },
  { bits: '0000 0000 ss eeeeee', asm: 'ORI.s #i,e', sizes: 'bwl', ea: 'dataAlt', exec: 'oriToEa', cycles: 'Dn 8,16; M 12+ea,20+ea' },
  // ANDI.l #,Dn: some printings of the manual give 14; the chip (and the reference) take 16.
  { bits: '0000 0010 ss eeeeee', asm: 'ANDI.s #i,e', sizes: 'bwl', ea: 'dataAlt', exec: 'andiToEa', cycles: 'Dn 8,16; M 12+ea,20+ea' },
  { bits: '0000 0100 ss eeeeee', asm: 'SUBI.s #i,e', sizes: 'bwl', ea: 'dataAlt', exec: 'subiToEa', cycles: 'Dn 8,16; M 12+ea,20+ea' },
  { bits: '0000 0110 ss eeeeee', asm: 'ADDI.s #i,e', sizes: 'bwl', ea: 'dataAlt', exec: 'addiToEa', cycles: 'Dn 8,16; M 12+ea,20+ea' },
  { bits: '0000 1010 ss eeeeee', asm: 'EORI.s #i,e', sizes: 'bwl', ea: 'dataAlt', exec: 'eoriToEa', cycles: 'Dn 8,16; M 12+ea,20+ea' },
  { bits: '0000 1100 ss eeeeee', asm: 'CMPI.s #i,e', sizes: 'bwl', ea: 'dataAlt', exec: 'cmpiToEa', cycles: 'Dn 8,14; M 8+ea,12+ea' },
  { bits: '0000 1000 00 eeeeee', asm: 'BTST #b,e', sizes: '', ea: 'btstData', exec: 'btstImm', cycles: 'Dn 10; M 8+ea' },
  { bits: '0000 1000 01 eeeeee', asm: 'BCHG #b,e', sizes: '', ea: 'dataAlt', exec: 'bchgImm', cycles: 'Dn 12*; M 12+ea' },
  { bits: '0000 1000 10 eeeeee', asm: 'BCLR #b,e', sizes: '', ea: 'dataAlt', exec: 'bclrImm', cycles: 'Dn 14*; M 12+ea' },
  { bits: '0000 1000 11 eeeeee', asm: 'BSET #b,e', sizes: '', ea: 'dataAlt', exec: 'bsetImm', cycles: 'Dn 12*; M 12+ea' },
  { bits: '0000 rrr1 00 eeeeee', asm: 'BTST Dr,e', sizes: '', ea: 'data', exec: 'btstReg', cycles: 'Dn 6; M 4+ea; # 10' },
  { bits: '0000 rrr1 01 eeeeee', asm: 'BCHG Dr,e', sizes: '', ea: 'dataAlt', exec: 'bchgReg', cycles: 'Dn 8*; M 8+ea' },
  { bits: '0000 rrr1 10 eeeeee', asm: 'BCLR Dr,e', sizes: '', ea: 'dataAlt', exec: 'bclrReg', cycles: 'Dn 10*; M 8+ea' },
  { bits: '0000 rrr1 11 eeeeee', asm: 'BSET Dr,e', sizes: '', ea: 'dataAlt', exec: 'bsetReg', cycles: 'Dn 8*; M 8+ea' },
  { bits: '0000 rrr1 00 001 yyy', asm: 'MOVEP.w (d,Ay),Dr', sizes: 'w', exec: 'movepMemToReg', cycles: '16' },
  { bits: '0000 rrr1 01 001 yyy', asm: 'MOVEP.l (d,Ay),Dr', sizes: 'l', exec: 'movepMemToReg', cycles: '24' },
  { bits: '0000 rrr1 10 001 yyy', asm: 'MOVEP.w Dr,(d,Ay)', sizes: 'w', exec: 'movepRegToMem', cycles: '16' },
  { bits: '0000 rrr1 11 001 yyy', asm: 'MOVEP.l Dr,(d,Ay)', sizes: 'l', exec: 'movepRegToMem', cycles: '24' },
  // ---- lines 1-3: MOVE, MOVEA ---------------------------------------------------------------
  { bits: '00SS EEEEEE eeeeee', asm: 'MOVE.s e,E', sizes: 'bwl', ea: 'all', eaDst: 'dataAlt', noByteAn: true, exec: 'move', cycles: '4+ea+dst (table 8-2, 8-3)' },
  { bits: '00SS rrr001 eeeeee', asm: 'MOVEA.s e,Ar', sizes: 'wl', ea: 'all', exec: 'movea', cycles: '4+ea' },
  // ---- line 4: miscellaneous ------------------------------------------------------------------
  { bits: '0100 0000 ss eeeeee', asm: 'NEGX.s e', sizes: 'bwl', ea: 'dataAlt', exec: 'negx', cycles: 'Dn 4,6; M 8+ea,12+ea' },
  { bits: '0100 0000 11 eeeeee', asm: 'MOVE.w SR,e', sizes: 'w', ea: 'dataAlt', exec: 'moveFromSr', cycles: 'Dn 6; M 8+ea' },
  { bits: '0100 rrr1 10 eeeeee', asm: 'CHK.w e,Dr', sizes: 'w', ea: 'data', exec: 'chk', cycles: '10+ea; trap 40+ea' },
  { bits: '0100 rrr1 11 eeeeee', asm: 'LEA e,Ar', sizes: 'l', ea: 'ctrl', exec: 'lea', cycles: '(An) 4, d16 8, idx 12, abs.w 8, abs.l 12' },
  { bits: '0100 0010 ss eeeeee', asm: 'CLR.s e', sizes: 'bwl', ea: 'dataAlt', exec: 'clr', cycles: 'Dn 4,6; M 8+ea,12+ea' },
  { bits: '0100 0100 ss eeeeee', asm: 'NEG.s e', sizes: 'bwl', ea: 'dataAlt', exec: 'neg', cycles: 'Dn 4,6; M 8+ea,12+ea' },
  { bits: '0100 0100 11 eeeeee', asm: 'MOVE.w e,CCR', sizes: 'w', ea: 'data', exec: 'moveToCcr', cycles: '12+ea' },
  { bits: '0100 0110 ss eeeeee', asm: 'NOT.s e', sizes: 'bwl', ea: 'dataAlt', exec: 'not', cycles: 'Dn 4,6; M 8+ea,12+ea' },
  { bits: '0100 0110 11 eeeeee', asm: 'MOVE.w e,SR', sizes: 'w', ea: 'data', exec: 'moveToSr', cycles: '12+ea' },
  { bits: '0100 1000 00 eeeeee', asm: 'NBCD e', sizes: 'b', ea: 'dataAlt', exec: 'nbcd', cycles: 'Dn 6; M 8+ea' },
  { bits: '0100 1000 0100 0yyy', asm: 'SWAP Dy', sizes: 'w', exec: 'swap', cycles: '4' },
  { bits: '0100 1000 01 eeeeee', asm: 'PEA e', sizes: 'l', ea: 'ctrl', exec: 'pea', cycles: '(An) 12, d16 16, idx 20, abs.w 16, abs.l 20' },
  { bits: '0100 1000 1000 0yyy', asm: 'EXT.w Dy', sizes: 'w', exec: 'extWord', cycles: '4' },
  { bits: '0100 1000 1100 0yyy', asm: 'EXT.l Dy', sizes: 'l', exec: 'extLong', cycles: '4' },
  { bits: '0100 1000 1z eeeeee', asm: 'MOVEM.s L,e', sizes: 'wl', ea: 'movemToMem', exec: 'movemRegsToMem', cycles: '8+4n,8+8n (+ea of table 8-12)' },
  { bits: '0100 1010 ss eeeeee', asm: 'TST.s e', sizes: 'bwl', ea: 'dataAlt', exec: 'tst', cycles: '4+ea' },
  { bits: '0100 1010 11 eeeeee', asm: 'TAS e', sizes: 'b', ea: 'dataAlt', exec: 'tas', cycles: 'Dn 4; M 10+ea' },
  { bits: '0100 1010 1111 1100', asm: 'ILLEGAL', sizes: '', exec: 'illegal', cycles: '34' },
  { bits: '0100 1100 1z eeeeee', asm: 'MOVEM.s e,L', sizes: 'wl', ea: 'movemToReg', exec: 'movemMemToRegs', cycles: '12+4n,12+8n (+ea of table 8-12)' },
  { bits: '0100 1110 0100 vvvv', asm: 'TRAP #v', sizes: '', exec: 'trap', cycles: '34', flags: F_CALL },
  { bits: '0100 1110 0101 0yyy', asm: 'LINK Ay,#w', sizes: '', exec: 'link', cycles: '16' },
  { bits: '0100 1110 0101 1yyy', asm: 'UNLK Ay', sizes: '', exec: 'unlk', cycles: '12' },
  { bits: '0100 1110 0110 0yyy', asm: 'MOVE.l Ay,USP', sizes: 'l', exec: 'moveToUsp', cycles: '4' },
  { bits: '0100 1110 0110 1yyy', asm: 'MOVE.l USP,Ay', sizes: 'l', exec: 'moveFromUsp', cycles: '4' },
  { bits: '0100 1110 0111 0000', asm: 'RESET', sizes: '', exec: 'reset', cycles: '132' },
  { bits: '0100 1110 0111 0001', asm: 'NOP', sizes: '', exec: 'nop', cycles: '4' },
  { bits: '0100 1110 0111 0010', asm: 'STOP #w', sizes: '', exec: 'stop', cycles: '4' },
  { bits: '0100 1110 0111 0011', asm: 'RTE', sizes: '', exec: 'rte', cycles: '20', flags: F_RET | F_BRANCH },
  { bits: '0100 1110 0111 0101', asm: 'RTS', sizes: '', exec: 'rts', cycles: '16', flags: F_RET | F_BRANCH },
  { bits: '0100 1110 0111 0110', asm: 'TRAPV', sizes: '', exec: 'trapv', cycles: '4; trap 34' },
  { bits: '0100 1110 0111 0111', asm: 'RTR', sizes: '', exec: 'rtr', cycles: '20', flags: F_RET | F_BRANCH },
  { bits: '0100 1110 10 eeeeee', asm: 'JSR e', sizes: '', ea: 'ctrl', exec: 'jsr', cycles: '(An) 16, d16 18, idx 22, abs.w 18, abs.l 20', flags: F_CALL | F_BRANCH },
  { bits: '0100 1110 11 eeeeee', asm: 'JMP e', sizes: '', ea: 'ctrl', exec: 'jmp', cycles: '(An) 8, d16 10, idx 14, abs.w 10, abs.l 12', flags: F_BRANCH },
  // ---- line 5: ADDQ, SUBQ, Scc, DBcc -----------------------------------------------------------
  { bits: '0101 qqq0 ss eeeeee', asm: 'ADDQ.s #q,e', sizes: 'bwl', ea: 'alt', noByteAn: true, exec: 'addq', cycles: 'Dn 4,8; An 8,8; M 8+ea,12+ea' },
  { bits: '0101 qqq1 ss eeeeee', asm: 'SUBQ.s #q,e', sizes: 'bwl', ea: 'alt', noByteAn: true, exec: 'subq', cycles: 'Dn 4,8; An 8,8; M 8+ea,12+ea' },
  { bits: '0101 cccc 11 eeeeee', asm: 'Sc e', sizes: 'b', ea: 'dataAlt', exec: 'scc', cycles: 'Dn 4/6; M 8+ea' },
  { bits: '0101 cccc 1100 1yyy', asm: 'DBc Dy,W', sizes: '', exec: 'dbcc', cycles: '10 taken, 12 cc true, 14 expired', flags: F_BRANCH | F_COND },
  // ---- lines 6, 7: branches, MOVEQ -------------------------------------------------------------
  { bits: '0110 0000 kkkk kkkk', asm: 'BRA.x B', sizes: '', exec: 'bra', cycles: '10', flags: F_BRANCH },
  { bits: '0110 0001 kkkk kkkk', asm: 'BSR.x B', sizes: '', exec: 'bsr', cycles: '18', flags: F_CALL | F_BRANCH },
  { bits: '0110 cccc kkkk kkkk', asm: 'Bc.x B', sizes: '', exclude: { c: [0, 1] }, exec: 'bcc', cycles: '10 taken; 8 (.b) / 12 (.w) not taken', flags: F_BRANCH | F_COND },
  { bits: '0111 rrr0 kkkk kkkk', asm: 'MOVEQ #k,Dr', sizes: 'l', exec: 'moveq', cycles: '4' },
  // ---- line 8: OR, DIVU, DIVS, SBCD ----------------------------------------------------------
  { bits: '1000 rrr0 ss eeeeee', asm: 'OR.s e,Dr', sizes: 'bwl', ea: 'data', exec: 'orEaToReg', cycles: '4+ea,6+ea (8+ea Dn/#)' },
  { bits: '1000 rrr1 ss eeeeee', asm: 'OR.s Dr,e', sizes: 'bwl', ea: 'memAlt', exec: 'orRegToEa', cycles: '8+ea,12+ea' },
  { bits: '1000 rrr0 11 eeeeee', asm: 'DIVU.w e,Dr', sizes: 'w', ea: 'data', exec: 'divu', cycles: '<140+ea' },
  { bits: '1000 rrr1 11 eeeeee', asm: 'DIVS.w e,Dr', sizes: 'w', ea: 'data', exec: 'divs', cycles: '<158+ea' },
  { bits: '1000 rrr1 0000 0yyy', asm: 'SBCD Dy,Dr', sizes: 'b', exec: 'sbcdReg', cycles: '6' },
  { bits: '1000 rrr1 0000 1yyy', asm: 'SBCD -(Ay),-(Ar)', sizes: 'b', exec: 'sbcdMem', cycles: '18' },
  // ---- line 9 / D: SUB, SUBA, SUBX, ADD, ADDA, ADDX ----------------------------------------------
  { bits: '1001 rrr0 ss eeeeee', asm: 'SUB.s e,Dr', sizes: 'bwl', ea: 'all', noByteAn: true, exec: 'subEaToReg', cycles: '4+ea,6+ea (8+ea Dn/An/#)' },
  { bits: '1001 rrr1 ss eeeeee', asm: 'SUB.s Dr,e', sizes: 'bwl', ea: 'memAlt', exec: 'subRegToEa', cycles: '8+ea,12+ea' },
  { bits: '1001 rrrz 11 eeeeee', asm: 'SUBA.s e,Ar', sizes: 'wl', ea: 'all', exec: 'suba', cycles: '8+ea,6+ea (8+ea Dn/An/#)' },
  { bits: '1001 rrr1 ss 000 yyy', asm: 'SUBX.s Dy,Dr', sizes: 'bwl', exec: 'subxReg', cycles: '4,8' },
  { bits: '1001 rrr1 ss 001 yyy', asm: 'SUBX.s -(Ay),-(Ar)', sizes: 'bwl', exec: 'subxMem', cycles: '18,30' },
  { bits: '1101 rrr0 ss eeeeee', asm: 'ADD.s e,Dr', sizes: 'bwl', ea: 'all', noByteAn: true, exec: 'addEaToReg', cycles: '4+ea,6+ea (8+ea Dn/An/#)' },
  { bits: '1101 rrr1 ss eeeeee', asm: 'ADD.s Dr,e', sizes: 'bwl', ea: 'memAlt', exec: 'addRegToEa', cycles: '8+ea,12+ea' },
  { bits: '1101 rrrz 11 eeeeee', asm: 'ADDA.s e,Ar', sizes: 'wl', ea: 'all', exec: 'adda', cycles: '8+ea,6+ea (8+ea Dn/An/#)' },
  { bits: '1101 rrr1 ss 000 yyy', asm: 'ADDX.s Dy,Dr', sizes: 'bwl', exec: 'addxReg', cycles: '4,8' },
  { bits: '1101 rrr1 ss 001 yyy', asm: 'ADDX.s -(Ay),-(Ar)', sizes: 'bwl', exec: 'addxMem', cycles: '18,30' },
  // ---- line B: CMP, CMPA, CMPM, EOR ------------------------------------------------------------
  { bits: '1011 rrr0 ss eeeeee', asm: 'CMP.s e,Dr', sizes: 'bwl', ea: 'all', noByteAn: true, exec: 'cmp', cycles: '4+ea,6+ea' },
  { bits: '1011 rrrz 11 eeeeee', asm: 'CMPA.s e,Ar', sizes: 'wl', ea: 'all', exec: 'cmpa', cycles: '6+ea' },
  { bits: '1011 rrr1 ss eeeeee', asm: 'EOR.s Dr,e', sizes: 'bwl', ea: 'dataAlt', exec: 'eor', cycles: 'Dn 4,8; M 8+ea,12+ea' },
  { bits: '1011 rrr1 ss 001 yyy', asm: 'CMPM.s (Ay)+,(Ar)+', sizes: 'bwl', exec: 'cmpm', cycles: '12,20' },
  // ---- line C: AND, MULU, MULS, ABCD, EXG ------------------------------------------------------
  { bits: '1100 rrr0 ss eeeeee', asm: 'AND.s e,Dr', sizes: 'bwl', ea: 'data', exec: 'andEaToReg', cycles: '4+ea,6+ea (8+ea Dn/#)' },
  { bits: '1100 rrr1 ss eeeeee', asm: 'AND.s Dr,e', sizes: 'bwl', ea: 'memAlt', exec: 'andRegToEa', cycles: '8+ea,12+ea' },
  { bits: '1100 rrr0 11 eeeeee', asm: 'MULU.w e,Dr', sizes: 'w', ea: 'data', exec: 'mulu', cycles: '38+2n+ea' },
  { bits: '1100 rrr1 11 eeeeee', asm: 'MULS.w e,Dr', sizes: 'w', ea: 'data', exec: 'muls', cycles: '38+2n+ea' },
  { bits: '1100 rrr1 0000 0yyy', asm: 'ABCD Dy,Dr', sizes: 'b', exec: 'abcdReg', cycles: '6' },
  { bits: '1100 rrr1 0000 1yyy', asm: 'ABCD -(Ay),-(Ar)', sizes: 'b', exec: 'abcdMem', cycles: '18' },
  { bits: '1100 rrr1 0100 0yyy', asm: 'EXG Dr,Dy', sizes: 'l', exec: 'exgDD', cycles: '6' },
  { bits: '1100 rrr1 0100 1yyy', asm: 'EXG Ar,Ay', sizes: 'l', exec: 'exgAA', cycles: '6' },
  { bits: '1100 rrr1 1000 1yyy', asm: 'EXG Dr,Ay', sizes: 'l', exec: 'exgDA', cycles: '6' },
  // ---- line E: shifts and rotates ----------------------------------------------------------------
  { bits: '1110 rrrd ss i00 yyy', asm: 'ASd.s C,Dy', sizes: 'bwl', exec: 'asReg', cycles: '6+2n,8+2n' },
  { bits: '1110 rrrd ss i01 yyy', asm: 'LSd.s C,Dy', sizes: 'bwl', exec: 'lsReg', cycles: '6+2n,8+2n' },
  { bits: '1110 rrrd ss i10 yyy', asm: 'ROXd.s C,Dy', sizes: 'bwl', exec: 'roxReg', cycles: '6+2n,8+2n' },
  { bits: '1110 rrrd ss i11 yyy', asm: 'ROd.s C,Dy', sizes: 'bwl', exec: 'roReg', cycles: '6+2n,8+2n' },
  { bits: '1110 000d 11 eeeeee', asm: 'ASd.w e', sizes: 'w', ea: 'memAlt', exec: 'asMem', cycles: '8+ea' },
  { bits: '1110 001d 11 eeeeee', asm: 'LSd.w e', sizes: 'w', ea: 'memAlt', exec: 'lsMem', cycles: '8+ea' },
  { bits: '1110 010d 11 eeeeee', asm: 'ROXd.w e', sizes: 'w', ea: 'memAlt', exec: 'roxMem', cycles: '8+ea' },
  { bits: '1110 011d 11 eeeeee', asm: 'ROd.w e', sizes: 'w', ea: 'memAlt', exec: 'roMem', cycles: '8+ea' },
  // ---- lines A and F: emulator traps ---------------------------------------------------------
  { bits: '1010 kkkk kkkk kkkk', asm: 'LINEA', sizes: '', exec: 'lineA', cycles: '34' },
  { bits: '1111 kkkk kkkk kkkk', asm: 'LINEF', sizes: '', exec: 'lineF', cycles: '34' },
];

export interface Field { pos: number; len: number }

export interface CompiledOp {
  spec: OpSpec;
  index: number;
  mask: number;
  match: number;
  fields: Record<string, Field>;
  /** Size field position and width (-1: fixed size `fixedSize`), and value -> bytes (-1 invalid). */
  sizePos: number;
  sizeLen: number;
  sizeOf: number[];
  fixedSize: number;
  /** EA fields' positions (-1: none) and accepted-mode masks. */
  eaPos: number;
  eaModes: number;
  eaDstPos: number;
  eaDstModes: number;
}

const SIZE_CODES: Record<string, string[]> = { s: ['b', 'w', 'l', ''], S: ['', 'b', 'l', 'w'], z: ['w', 'l'] };
const BYTES: Record<string, number> = { b: 1, w: 2, l: 4 };

function compile(spec: OpSpec, index: number): CompiledOp {
  const b = spec.bits.replace(/ /g, '');
  if (b.length !== 16) throw new Error(`spec row ${index} (${spec.asm}): bit picture has ${b.length} bits`);
  let mask = 0, match = 0;
  const fields: Record<string, Field> = {};
  for (let i = 0; i < 16; i++) {
    const ch = b[i];
    const bit = 15 - i;
    if (ch === '0' || ch === '1') {
      mask |= 1 << bit;
      if (ch === '1') match |= 1 << bit;
    } else {
      const f = fields[ch];
      if (f) {
        if (f.pos !== bit + 1) throw new Error(`spec row ${index}: field ${ch} is not contiguous`);
        f.pos = bit;
        f.len++;
      } else fields[ch] = { pos: bit, len: 1 };
    }
  }
  const sizeName = ['s', 'S', 'z'].find((n) => fields[n]);
  const sizeField = sizeName ? fields[sizeName] : null;
  const sizeOf = sizeName ? SIZE_CODES[sizeName].map((l) => (l && spec.sizes.includes(l) ? BYTES[l] : -1)) : [];
  return {
    spec, index, mask, match, fields,
    sizePos: sizeField ? sizeField.pos : -1,
    sizeLen: sizeField ? sizeField.len : 0,
    sizeOf,
    fixedSize: BYTES[spec.sizes] ?? 0,
    eaPos: fields.e ? fields.e.pos : -1,
    eaModes: EA[spec.ea ?? 'all'],
    eaDstPos: fields.E ? fields.E.pos : -1,
    eaDstModes: EA[spec.eaDst ?? 'all'],
  };
}

export const COMPILED: CompiledOp[] = OPS.map(compile);

export function field(c: CompiledOp, name: string, op: number): number {
  const f = c.fields[name];
  return f ? (op >>> f.pos) & ((1 << f.len) - 1) : -1;
}

/** Size in bytes selected by the row's size field or the fixed size; 0 unsized, -1 invalid. */
export function opSize(c: CompiledOp, op: number): number {
  if (c.sizePos < 0) return c.fixedSize;
  return c.sizeOf[(op >>> c.sizePos) & ((1 << c.sizeLen) - 1)];
}

/** Does row `c` accept word `op`? (Fixed bits must already match.) */
export function accepts(c: CompiledOp, op: number): boolean {
  const size = opSize(c, op);
  if (size < 0) return false;
  const s = c.spec;
  if (s.exclude) for (const k in s.exclude) if (s.exclude[k].includes(field(c, k, op))) return false;
  if (c.eaPos >= 0) {
    const m = EA_MODE[(op >>> c.eaPos) & 63];
    if (m === EA_BAD || !(c.eaModes & (1 << m))) return false;
    if (s.noByteAn && size === 1 && m === EA_AN) return false;
  }
  if (c.eaDstPos >= 0) {
    const f = (op >>> c.eaDstPos) & 63;
    const m = EA_MODE[((f & 7) << 3) | (f >> 3)];
    if (m === EA_BAD || !(c.eaDstModes & (1 << m))) return false;
  }
  return true;
}

/**
 * The 65536-entry decode table: row index per opcode word, 0xFFFF where no row accepts the
 * word (illegal instruction). Throws when two rows accept the same word.
 */
export function buildDecodeTable(): Uint16Array {
  const t = new Uint16Array(65536).fill(0xffff);
  for (const c of COMPILED) {
    // Visit only the words whose fixed bits match: every value of the free bits.
    const free: number[] = [];
    for (let b = 0; b < 16; b++) if (!(c.mask & (1 << b))) free.push(b);
    for (let k = 0; k < 1 << free.length; k++) {
      let op = c.match;
      for (let i = 0; i < free.length; i++) if (k & (1 << i)) op |= 1 << free[i];
      if (!accepts(c, op)) continue;
      if (t[op] !== 0xffff) {
        const o = COMPILED[t[op]];
        throw new Error(`spec rows overlap at opcode ${op.toString(16).padStart(4, '0')}: "${o.spec.asm}" and "${c.spec.asm}"`);
      }
      t[op] = c.index;
    }
  }
  return t;
}

let decodeTable: Uint16Array | null = null;
export function decodeTableOnce(): Uint16Array {
  return (decodeTable ??= buildDecodeTable());
}
