/**
 * Where a function's arguments, return address and result are at its first instruction, per
 * CPU and its usual C compiler (gcc's ABIs for the 68000, ARM and H8/300). The allocator hooks use it.
 */
import type { Cpu } from '../core/cpu.js';
import type { KernelMemory } from './memory.js';

export interface CallConvention {
  arg(cpu: Cpu, mem: KernelMemory, n: number): number;
  returnAddress(cpu: Cpu, mem: KernelMemory): number;
  result(cpu: Cpu): number;
}

const conventions: Record<string, CallConvention> = {
  // m68k SVR4/gcc: arguments pushed right to left, return address at (SP), int/pointer result in D0.
  m68000: {
    arg: (cpu, mem, n) => mem.u32(cpu.getReg('A7') + 4 + 4 * n),
    returnAddress: (cpu, mem) => mem.u32(cpu.getReg('A7')),
    result: (cpu) => cpu.getReg('D0') >>> 0,
  },
  // AAPCS: first four arguments in R0-R3, return address in LR (bit 0 = Thumb), result in R0.
  arm7tdmi: {
    arg: (cpu, mem, n) => (n < 4 ? cpu.getReg(`R${n}`) >>> 0 : mem.u32(cpu.getReg('R13') + 4 * (n - 4))),
    returnAddress: (cpu) => (cpu.getReg('R14') & ~1) >>> 0,
    result: (cpu) => cpu.getReg('R0') >>> 0,
  },
  // gcc-h8300-hms (3.4): the first three 16-bit arguments in R0-R2 (a 32-bit argument takes a
  // register pair), the rest on the stack above the 16-bit return address; result in R0 (R0:R1).
  h8300: {
    arg: (cpu, mem, n) => (n < 3 ? cpu.getReg(`R${n}`) & 0xffff : mem.u16(cpu.getReg('R7') + 2 + 2 * (n - 3))),
    returnAddress: (cpu, mem) => mem.u16(cpu.getReg('R7')),
    result: (cpu) => cpu.getReg('R0') & 0xffff,
  },
};

export function callConvention(cpu: string): CallConvention | null {
  return conventions[cpu] ?? null;
}
