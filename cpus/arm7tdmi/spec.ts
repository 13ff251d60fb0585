/**
 * The ARMv4T instruction set of the ARM7TDMI, ARM and Thumb state, as ONE table per state.
 * Everything else is derived from it: the dispatch tables (decode.ts, which refuses
 * overlapping patterns), the disassembler (disasm.ts) and the base cycle costs.
 *
 * Bit pictures are written MSB first; spaces are ignored. '0'/'1' are fixed bits, letters are
 * named fields. Field letters used in ARM pictures:
 *   c cond   S set-flags   n Rn   d Rd   m Rm   s Rs   h RdHi   l RdLo
 *   r rotate   i immediate   a shift amount   t shift type   P U B W L   the usual bits
 *   j/k halfword offset high/low nibble   x register list   f MSR field mask   R CPSR/SPSR
 *   o branch offset   p coprocessor number   N LDC/STC long bit   q don't care (SBO/SBZ,
 *   coprocessor fields)
 * Thumb pictures use the same letters; H/G are the high-register bits of format 5,
 * R the LR/PC bit of PUSH/POP.
 *
 * Cycles: the ARM7TDMI data sheet ("Instruction cycle timings"), written as counts of
 * S (sequential), N (non-sequential) and I (internal) cycles for the common form. Handlers add
 * the variable parts (PC written: +1S+1N; multiplier early termination m; LDM/STM registers).
 * With the zero-wait-state memory this core models, every S, N and I cycle is one clock.
 *
 * Syntax templates (disasm.ts): {c} condition, {s} 'S' suffix, <Kind> operand formatters.
 */

export interface SpecRow {
  /** Bit picture (32 characters ARM, 16 Thumb, spaces ignored). */
  bits: string;
  /** Mnemonic as the manual lists it (lower case). */
  mnem: string;
  /** Disassembly template. */
  syntax: string;
  /** Base cost, e.g. '1S+1N+1I'. */
  cycles: string;
  /** Handler in execute.ts. */
  exec: string;
  /** Control flow for the debugger: b branch, c call, r may return. */
  flow?: 'b' | 'c' | 'r';
}

// ---- ARM state -----------------------------------------------------------------------------

/** Data-processing opcodes (ARM ARM A3.4), in opcode order. kind: d = Rd,Rn,op2; t = test; m = move. */
const DP_OPS: [string, 'd' | 't' | 'm'][] = [
  ['and', 'd'], ['eor', 'd'], ['sub', 'd'], ['rsb', 'd'], ['add', 'd'], ['adc', 'd'], ['sbc', 'd'], ['rsc', 'd'],
  ['tst', 't'], ['teq', 't'], ['cmp', 't'], ['cmn', 't'], ['orr', 'd'], ['mov', 'm'], ['bic', 'd'], ['mvn', 'm'],
];

const bin = (v: number, n: number): string => v.toString(2).padStart(n, '0');
const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);

function dpRows(): SpecRow[] {
  const rows: SpecRow[] = [];
  DP_OPS.forEach(([mn, kind], opc) => {
    const o = bin(opc, 4);
    // Test opcodes exist only with S=1; S=0 is the PSR-transfer / BX / SWP space.
    const s = kind === 't' ? '1' : 'S';
    const head = kind === 't' ? `${mn}{c} <Rn>, ` : kind === 'm' ? `${mn}{s}{c} <Rd>, ` : `${mn}{s}{c} <Rd>, <Rn>, `;
    const flow = kind === 't' ? undefined : ('r' as const);
    rows.push(
      { bits: `cccc 001${o} ${s} nnnn dddd rrrr iiiiiiii`, mnem: mn, syntax: head + '<Imm>', cycles: '1S', exec: `exec${cap(mn)}Imm`, flow },
      { bits: `cccc 000${o} ${s} nnnn dddd aaaaa tt 0 mmmm`, mnem: mn, syntax: head + '<ShiftImm>', cycles: '1S', exec: `exec${cap(mn)}RegImm`, flow },
      { bits: `cccc 000${o} ${s} nnnn dddd ssss 0 tt 1 mmmm`, mnem: mn, syntax: head + '<ShiftReg>', cycles: '1S+1I', exec: `exec${cap(mn)}RegReg`, flow },
    );
  });
  return rows;
}

function armTransferRows(): SpecRow[] {
  const rows: SpecRow[] = [];
  for (const [mn, b, l] of [['str', 0, 0], ['ldr', 0, 1], ['strb', 1, 0], ['ldrb', 1, 1]] as const) {
    const cyc = l ? '1S+1N+1I' : '2N';
    const flow = l && !b ? ('r' as const) : undefined;
    rows.push(
      { bits: `cccc 010P U${b}W${l} nnnn dddd iiiiiiiiiiii`, mnem: mn, syntax: `${mn}{c}{T} <Rd>, <AddrImm12>`, cycles: cyc, exec: `exec${cap(mn)}Imm`, flow },
      { bits: `cccc 011P U${b}W${l} nnnn dddd aaaaa tt 0 mmmm`, mnem: mn, syntax: `${mn}{c}{T} <Rd>, <AddrReg>`, cycles: cyc, exec: `exec${cap(mn)}Reg`, flow },
    );
  }
  // Halfword and signed transfers (ARM ARM A5.3); SH=00 is the multiply/swap space.
  for (const [mn, l, sh] of [['strh', 0, '01'], ['ldrh', 1, '01'], ['ldrsb', 1, '10'], ['ldrsh', 1, '11']] as const) {
    const cyc = l ? '1S+1N+1I' : '2N';
    rows.push(
      { bits: `cccc 000P U1W${l} nnnn dddd jjjj 1${sh}1 kkkk`, mnem: mn, syntax: `${mn}{c} <Rd>, <AddrHalfImm>`, cycles: cyc, exec: `exec${cap(mn)}Imm` },
      { bits: `cccc 000P U0W${l} nnnn dddd qqqq 1${sh}1 mmmm`, mnem: mn, syntax: `${mn}{c} <Rd>, <AddrHalfReg>`, cycles: cyc, exec: `exec${cap(mn)}Reg` },
    );
  }
  return rows;
}

export const ARM_SPEC: SpecRow[] = [
  ...dpRows(),
  // Multiply (ARM ARM A3.5). m = 1..4 multiplier cycles (early termination on Rs).
  { bits: 'cccc 0000 000S dddd qqqq ssss 1001 mmmm', mnem: 'mul', syntax: 'mul{s}{c} <Rd>, <Rm>, <Rs>', cycles: '1S', exec: 'execMul' },
  { bits: 'cccc 0000 001S dddd nnnn ssss 1001 mmmm', mnem: 'mla', syntax: 'mla{s}{c} <Rd>, <Rm>, <Rs>, <Rn>', cycles: '1S+1I', exec: 'execMla' },
  { bits: 'cccc 0000 100S hhhh llll ssss 1001 mmmm', mnem: 'umull', syntax: 'umull{s}{c} <RdLo>, <RdHi>, <Rm>, <Rs>', cycles: '1S+1I', exec: 'execUmull' },
  { bits: 'cccc 0000 101S hhhh llll ssss 1001 mmmm', mnem: 'umlal', syntax: 'umlal{s}{c} <RdLo>, <RdHi>, <Rm>, <Rs>', cycles: '1S+2I', exec: 'execUmlal' },
  { bits: 'cccc 0000 110S hhhh llll ssss 1001 mmmm', mnem: 'smull', syntax: 'smull{s}{c} <RdLo>, <RdHi>, <Rm>, <Rs>', cycles: '1S+1I', exec: 'execSmull' },
  { bits: 'cccc 0000 111S hhhh llll ssss 1001 mmmm', mnem: 'smlal', syntax: 'smlal{s}{c} <RdLo>, <RdHi>, <Rm>, <Rs>', cycles: '1S+2I', exec: 'execSmlal' },
  // Swap (A4.1.108/109).
  { bits: 'cccc 0001 0000 nnnn dddd qqqq 1001 mmmm', mnem: 'swp', syntax: 'swp{c} <Rd>, <Rm>, [<Rn>]', cycles: '1S+2N+1I', exec: 'execSwp' },
  { bits: 'cccc 0001 0100 nnnn dddd qqqq 1001 mmmm', mnem: 'swpb', syntax: 'swpb{c} <Rd>, <Rm>, [<Rn>]', cycles: '1S+2N+1I', exec: 'execSwpb' },
  // PSR transfer (A4.1.38/39) and branch-exchange (A4.1.10).
  { bits: 'cccc 0001 0R00 qqqq dddd qqqq 0000 qqqq', mnem: 'mrs', syntax: 'mrs{c} <Rd>, <Psr>', cycles: '1S', exec: 'execMrs' },
  { bits: 'cccc 0001 0R10 ffff qqqq qqqq 0000 mmmm', mnem: 'msr', syntax: 'msr{c} <PsrFields>, <Rm>', cycles: '1S', exec: 'execMsrReg' },
  { bits: 'cccc 0011 0R10 ffff qqqq rrrr iiiiiiii', mnem: 'msr', syntax: 'msr{c} <PsrFields>, <Imm>', cycles: '1S', exec: 'execMsrImm' },
  { bits: 'cccc 0001 0010 qqqq qqqq qqqq 0001 mmmm', mnem: 'bx', syntax: 'bx{c} <Rm>', cycles: '2S+1N', exec: 'execBx', flow: 'r' },
  ...armTransferRows(),
  // Block transfer (A4.1.20/97).
  { bits: 'cccc 100P USW1 nnnn xxxxxxxxxxxxxxxx', mnem: 'ldm', syntax: 'ldm{Am}{c} <RnWb>, <RegList>{^}', cycles: '1S+1N+1I', exec: 'execLdm', flow: 'r' },
  { bits: 'cccc 100P USW0 nnnn xxxxxxxxxxxxxxxx', mnem: 'stm', syntax: 'stm{Am}{c} <RnWb>, <RegList>{^}', cycles: '2N', exec: 'execStm' },
  // Branches (A4.1.5).
  { bits: 'cccc 1010 oooooooooooooooooooooooo', mnem: 'b', syntax: 'b{c} <Target24>', cycles: '2S+1N', exec: 'execB', flow: 'b' },
  { bits: 'cccc 1011 oooooooooooooooooooooooo', mnem: 'bl', syntax: 'bl{c} <Target24>', cycles: '2S+1N', exec: 'execBl', flow: 'c' },
  // Coprocessor space: the ARM7TDMI has no coprocessor attached, so these take the
  // undefined-instruction trap (data sheet: "Coprocessor instructions on the ARM7TDMI").
  { bits: 'cccc 110P UNWL nnnn qqqq pppp iiiiiiii', mnem: 'ldc/stc', syntax: '<CoprocLdcStc>', cycles: '2S+1I+1N', exec: 'execCoprocessorAbsent' },
  { bits: 'cccc 1110 qqqq qqqq qqqq pppp qqq0 qqqq', mnem: 'cdp', syntax: 'cdp{c} <Coproc>', cycles: '2S+1I+1N', exec: 'execCoprocessorAbsent' },
  { bits: 'cccc 1110 qqqL qqqq qqqq pppp qqq1 qqqq', mnem: 'mrc/mcr', syntax: '<CoprocReg>', cycles: '2S+1I+1N', exec: 'execCoprocessorAbsent' },
  // Software interrupt (A4.1.107).
  { bits: 'cccc 1111 iiiiiiiiiiiiiiiiiiiiiiii', mnem: 'swi', syntax: 'swi{c} <Swi24>', cycles: '2S+1N', exec: 'execSwi', flow: 'c' },
  // Everything not listed (ARMv5 BLX/CLZ/BKPT/QADD/SMLAxy/LDRD/STRD, the undefined space
  // 011xxxxx...xxx1) takes the undefined-instruction trap: see ARM_UNDEFINED.
];

/** The handler of every ARM dispatch slot no row claims. */
export const ARM_UNDEFINED: SpecRow = {
  bits: 'cccc qqqq qqqq qqqq qqqq qqqq qqqq qqqq', mnem: 'undefined', syntax: '<Word>', cycles: '2S+1I+1N', exec: 'execUndefined',
};

// ---- Thumb state ---------------------------------------------------------------------------

const THUMB_ALU = ['and', 'eor', 'lsl', 'lsr', 'asr', 'adc', 'sbc', 'ror', 'tst', 'neg', 'cmp', 'cmn', 'orr', 'mul', 'bic', 'mvn'];
const COND_NAMES = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];

function thumbAluRows(): SpecRow[] {
  return THUMB_ALU.map((mn, i) => {
    const shift = mn === 'lsl' || mn === 'lsr' || mn === 'asr' || mn === 'ror';
    const test = mn === 'tst' || mn === 'cmp' || mn === 'cmn';
    const syntax = test ? `${mn} <Rd>, <Rm>` : mn === 'neg' ? 'negs <Rd>, <Rm>' : `${mn}s <Rd>, <Rm>`;
    return {
      bits: `010000 ${bin(i, 4)} mmm ddd`, mnem: mn, syntax,
      cycles: shift ? '1S+1I' : '1S', exec: `execThumbAlu${cap(mn)}`,
    };
  });
}

function thumbBcondRows(): SpecRow[] {
  return COND_NAMES.map((cc, i) => ({
    bits: `1101 ${bin(i, 4)} oooooooo`, mnem: `b${cc}`, syntax: `b${cc} <Target8>`, cycles: '2S+1N', exec: 'execThumbBcond', flow: 'b' as const,
  }));
}

export const THUMB_SPEC: SpecRow[] = [
  // Format 1: move shifted register.
  { bits: '00000 aaaaa mmm ddd', mnem: 'lsl', syntax: 'lsls <Rd>, <Rm>, #<a>', cycles: '1S', exec: 'execThumbLslImm' },
  { bits: '00001 aaaaa mmm ddd', mnem: 'lsr', syntax: 'lsrs <Rd>, <Rm>, <Amt32>', cycles: '1S', exec: 'execThumbLsrImm' },
  { bits: '00010 aaaaa mmm ddd', mnem: 'asr', syntax: 'asrs <Rd>, <Rm>, <Amt32>', cycles: '1S', exec: 'execThumbAsrImm' },
  // Format 2: add/subtract.
  { bits: '0001100 mmm nnn ddd', mnem: 'add', syntax: 'adds <Rd>, <Rn>, <Rm>', cycles: '1S', exec: 'execThumbAddReg' },
  { bits: '0001101 mmm nnn ddd', mnem: 'sub', syntax: 'subs <Rd>, <Rn>, <Rm>', cycles: '1S', exec: 'execThumbSubReg' },
  { bits: '0001110 iii nnn ddd', mnem: 'add', syntax: 'adds <Rd>, <Rn>, #<i>', cycles: '1S', exec: 'execThumbAddImm3' },
  { bits: '0001111 iii nnn ddd', mnem: 'sub', syntax: 'subs <Rd>, <Rn>, #<i>', cycles: '1S', exec: 'execThumbSubImm3' },
  // Format 3: move/compare/add/subtract immediate.
  { bits: '00100 ddd iiiiiiii', mnem: 'mov', syntax: 'movs <Rd>, #<i>', cycles: '1S', exec: 'execThumbMovImm8' },
  { bits: '00101 ddd iiiiiiii', mnem: 'cmp', syntax: 'cmp <Rd>, #<i>', cycles: '1S', exec: 'execThumbCmpImm8' },
  { bits: '00110 ddd iiiiiiii', mnem: 'add', syntax: 'adds <Rd>, #<i>', cycles: '1S', exec: 'execThumbAddImm8' },
  { bits: '00111 ddd iiiiiiii', mnem: 'sub', syntax: 'subs <Rd>, #<i>', cycles: '1S', exec: 'execThumbSubImm8' },
  // Format 4: ALU operations.
  ...thumbAluRows(),
  // Format 5: high-register operations and branch exchange (H1=1 with BX is ARMv5 BLX).
  { bits: '010001 00 H G mmm ddd', mnem: 'add', syntax: 'add <Hd>, <Hm>', cycles: '1S', exec: 'execThumbHiAdd', flow: 'r' },
  { bits: '010001 01 H G mmm ddd', mnem: 'cmp', syntax: 'cmp <Hd>, <Hm>', cycles: '1S', exec: 'execThumbHiCmp' },
  { bits: '010001 10 H G mmm ddd', mnem: 'mov', syntax: 'mov <Hd>, <Hm>', cycles: '1S', exec: 'execThumbHiMov', flow: 'r' },
  { bits: '010001 11 0 G mmm qqq', mnem: 'bx', syntax: 'bx <Hm>', cycles: '2S+1N', exec: 'execThumbBx', flow: 'r' },
  // Format 6: PC-relative load.
  { bits: '01001 ddd iiiiiiii', mnem: 'ldr', syntax: 'ldr <Rd>, <PcRel>', cycles: '1S+1N+1I', exec: 'execThumbLdrPc' },
  // Formats 7 and 8: load/store with register offset, sign-extended byte/halfword.
  { bits: '0101 000 mmm nnn ddd', mnem: 'str', syntax: 'str <Rd>, [<Rn>, <Rm>]', cycles: '2N', exec: 'execThumbStrReg' },
  { bits: '0101 001 mmm nnn ddd', mnem: 'strh', syntax: 'strh <Rd>, [<Rn>, <Rm>]', cycles: '2N', exec: 'execThumbStrhReg' },
  { bits: '0101 010 mmm nnn ddd', mnem: 'strb', syntax: 'strb <Rd>, [<Rn>, <Rm>]', cycles: '2N', exec: 'execThumbStrbReg' },
  { bits: '0101 011 mmm nnn ddd', mnem: 'ldsb', syntax: 'ldrsb <Rd>, [<Rn>, <Rm>]', cycles: '1S+1N+1I', exec: 'execThumbLdsbReg' },
  { bits: '0101 100 mmm nnn ddd', mnem: 'ldr', syntax: 'ldr <Rd>, [<Rn>, <Rm>]', cycles: '1S+1N+1I', exec: 'execThumbLdrReg' },
  { bits: '0101 101 mmm nnn ddd', mnem: 'ldrh', syntax: 'ldrh <Rd>, [<Rn>, <Rm>]', cycles: '1S+1N+1I', exec: 'execThumbLdrhReg' },
  { bits: '0101 110 mmm nnn ddd', mnem: 'ldrb', syntax: 'ldrb <Rd>, [<Rn>, <Rm>]', cycles: '1S+1N+1I', exec: 'execThumbLdrbReg' },
  { bits: '0101 111 mmm nnn ddd', mnem: 'ldsh', syntax: 'ldrsh <Rd>, [<Rn>, <Rm>]', cycles: '1S+1N+1I', exec: 'execThumbLdshReg' },
  // Formats 9 and 10: load/store with immediate offset.
  { bits: '01100 iiiii nnn ddd', mnem: 'str', syntax: 'str <Rd>, [<Rn>, #<i*4>]', cycles: '2N', exec: 'execThumbStrImm' },
  { bits: '01101 iiiii nnn ddd', mnem: 'ldr', syntax: 'ldr <Rd>, [<Rn>, #<i*4>]', cycles: '1S+1N+1I', exec: 'execThumbLdrImm' },
  { bits: '01110 iiiii nnn ddd', mnem: 'strb', syntax: 'strb <Rd>, [<Rn>, #<i>]', cycles: '2N', exec: 'execThumbStrbImm' },
  { bits: '01111 iiiii nnn ddd', mnem: 'ldrb', syntax: 'ldrb <Rd>, [<Rn>, #<i>]', cycles: '1S+1N+1I', exec: 'execThumbLdrbImm' },
  { bits: '10000 iiiii nnn ddd', mnem: 'strh', syntax: 'strh <Rd>, [<Rn>, #<i*2>]', cycles: '2N', exec: 'execThumbStrhImm' },
  { bits: '10001 iiiii nnn ddd', mnem: 'ldrh', syntax: 'ldrh <Rd>, [<Rn>, #<i*2>]', cycles: '1S+1N+1I', exec: 'execThumbLdrhImm' },
  // Format 11: SP-relative load/store.
  { bits: '10010 ddd iiiiiiii', mnem: 'str', syntax: 'str <Rd>, [sp, #<i*4>]', cycles: '2N', exec: 'execThumbStrSp' },
  { bits: '10011 ddd iiiiiiii', mnem: 'ldr', syntax: 'ldr <Rd>, [sp, #<i*4>]', cycles: '1S+1N+1I', exec: 'execThumbLdrSp' },
  // Format 12: load address.
  { bits: '10100 ddd iiiiiiii', mnem: 'add', syntax: 'add <Rd>, pc, #<i*4>', cycles: '1S', exec: 'execThumbAddPc' },
  { bits: '10101 ddd iiiiiiii', mnem: 'add', syntax: 'add <Rd>, sp, #<i*4>', cycles: '1S', exec: 'execThumbAddSp' },
  // Format 13: add offset to SP.
  { bits: '10110000 0 iiiiiii', mnem: 'add', syntax: 'add sp, #<i*4>', cycles: '1S', exec: 'execThumbAddSpImm' },
  { bits: '10110000 1 iiiiiii', mnem: 'sub', syntax: 'sub sp, #<i*4>', cycles: '1S', exec: 'execThumbSubSpImm' },
  // Format 14: push/pop.
  { bits: '1011 010R xxxxxxxx', mnem: 'push', syntax: 'push <TList>', cycles: '2N', exec: 'execThumbPush' },
  { bits: '1011 110R xxxxxxxx', mnem: 'pop', syntax: 'pop <TList>', cycles: '1S+1N+1I', exec: 'execThumbPop', flow: 'r' },
  // Format 15: multiple load/store.
  { bits: '11000 nnn xxxxxxxx', mnem: 'stmia', syntax: 'stmia <Rn>!, <TList>', cycles: '2N', exec: 'execThumbStmia' },
  { bits: '11001 nnn xxxxxxxx', mnem: 'ldmia', syntax: 'ldmia <Rn><TLdmWb>, <TList>', cycles: '1S+1N+1I', exec: 'execThumbLdmia' },
  // Format 16: conditional branch (cond 1110 is undefined, 1111 is SWI).
  ...thumbBcondRows(),
  // Format 17: software interrupt.
  { bits: '11011111 iiiiiiii', mnem: 'swi', syntax: 'swi #<i>', cycles: '2S+1N', exec: 'execThumbSwi', flow: 'c' },
  // Format 18: unconditional branch.
  { bits: '11100 ooooooooooo', mnem: 'b', syntax: 'b <Target11>', cycles: '2S+1N', exec: 'execThumbB', flow: 'b' },
  // Format 19: long branch with link, two instructions (11101 is the ARMv5 BLX suffix).
  { bits: '11110 ooooooooooo', mnem: 'bl', syntax: '<BlPrefix>', cycles: '1S', exec: 'execThumbBlPrefix', flow: 'c' },
  { bits: '11111 ooooooooooo', mnem: 'bl', syntax: '<BlSuffix>', cycles: '2S+1N', exec: 'execThumbBlSuffix', flow: 'c' },
];

export const THUMB_UNDEFINED: SpecRow = {
  bits: 'qqqqqqqqqqqqqqqq', mnem: 'undefined', syntax: '<Half>', cycles: '2S+1I+1N', exec: 'execThumbUndefined',
};

/** Clock count of a cycle string with zero wait states: '2S+1N+1I' -> 4. */
export function cycleCount(cycles: string): number {
  let total = 0;
  for (const part of cycles.split('+')) {
    const m = /^(\d*)([SNI])$/.exec(part.trim());
    if (!m) throw new Error(`bad cycle cost "${cycles}"`);
    total += m[1] === '' ? 1 : Number(m[1]);
  }
  return total;
}
