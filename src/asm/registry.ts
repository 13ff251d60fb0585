/**
 * CPUs that have an assembler plug-in (types.ts `CpuAssembler`). To add one: write
 * cpus/<id>/asm.ts exporting a `CpuAssembler` and list it here.
 */
import type { CpuAssembler } from './types.js';

export const ASSEMBLERS: Record<string, () => Promise<CpuAssembler>> = {
  i8096: async () => (await import('../../cpus/i8096/asm.js')).createAssembler('i8096'),
  i80c196: async () => (await import('../../cpus/i8096/asm.js')).createAssembler('i80c196'),
};

export const ASSEMBLER_IDS = Object.keys(ASSEMBLERS);
