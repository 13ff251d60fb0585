/**
 * ARM7TDMI processor modes, register banks and register names (ARM7TDMI data sheet,
 * "Operating modes" and "Registers"; ARM ARM A2.3-A2.5).
 *
 * Bank numbers index the banked R13/R14 pairs and the SPSRs:
 *   0 usr/sys, 1 fiq, 2 irq, 3 svc, 4 abt, 5 und.
 * R8-R12 have two banks: FIQ and everything else.
 */
import type { RegisterInfo } from '../../src/core/cpu.js';

export const MODE_USR = 0x10;
export const MODE_FIQ = 0x11;
export const MODE_IRQ = 0x12;
export const MODE_SVC = 0x13;
export const MODE_ABT = 0x17;
export const MODE_UND = 0x1b;
export const MODE_SYS = 0x1f;

export const BANK_USR = 0;
export const BANK_FIQ = 1;
export const BANK_IRQ = 2;
export const BANK_SVC = 3;
export const BANK_ABT = 4;
export const BANK_UND = 5;

/** Mode bits (CPSR[4:0]) to bank number. Invalid modes use the user bank (ARM ARM: UNPREDICTABLE). */
export const BANK_OF_MODE = new Uint8Array(32);
BANK_OF_MODE[MODE_FIQ] = BANK_FIQ;
BANK_OF_MODE[MODE_IRQ] = BANK_IRQ;
BANK_OF_MODE[MODE_SVC] = BANK_SVC;
BANK_OF_MODE[MODE_ABT] = BANK_ABT;
BANK_OF_MODE[MODE_UND] = BANK_UND;

export const MODE_NAMES: Record<number, string> = {
  [MODE_USR]: 'usr', [MODE_FIQ]: 'fiq', [MODE_IRQ]: 'irq', [MODE_SVC]: 'svc',
  [MODE_ABT]: 'abt', [MODE_UND]: 'und', [MODE_SYS]: 'sys',
};

/** Suffix of banked register names per bank (upper case, as getReg expects). */
export const BANK_SUFFIX = ['', 'FIQ', 'IRQ', 'SVC', 'ABT', 'UND'];

export const CPSR_N = 0x80000000;
export const CPSR_Z = 0x40000000;
export const CPSR_C = 0x20000000;
export const CPSR_V = 0x10000000;
export const CPSR_I = 0x80;
export const CPSR_F = 0x40;
export const CPSR_T = 0x20;

/** Exception vectors (ARM7TDMI data sheet, "Exception vectors"). */
export const VEC_RESET = 0x00;
export const VEC_UNDEF = 0x04;
export const VEC_SWI = 0x08;
export const VEC_PABT = 0x0c;
export const VEC_DABT = 0x10;
export const VEC_IRQ = 0x18;
export const VEC_FIQ = 0x1c;

const CPSR_FLAGS = 'NZCV-------------------IFTMMMMM';

export const REGISTER_INFO: RegisterInfo[] = [
  ...Array.from({ length: 16 }, (_, i) => ({ name: `R${i}`, bits: 32 as const })),
  { name: 'CPSR', bits: 32, flags: CPSR_FLAGS },
  { name: 'SPSR', bits: 32, flags: CPSR_FLAGS },
  { name: 'SP', bits: 32 },
  { name: 'LR', bits: 32 },
  { name: 'PC', bits: 32 },
  ...[8, 9, 10, 11, 12, 13, 14].map((i) => ({ name: `R${i}_FIQ`, bits: 32 as const })),
  ...['SVC', 'ABT', 'IRQ', 'UND'].flatMap((m) => [
    { name: `R13_${m}`, bits: 32 as const },
    { name: `R14_${m}`, bits: 32 as const },
  ]),
  ...['FIQ', 'SVC', 'ABT', 'IRQ', 'UND'].map((m) => ({ name: `SPSR_${m}`, bits: 32 as const, flags: CPSR_FLAGS })),
];
