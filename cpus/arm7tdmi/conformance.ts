/**
 * Conformance adapter for ../shared/vectors/arm7tdmi (see its README): loads the registers of
 * every bank named in `initial`, runs one instruction from R15 (the instruction address), and
 * compares every register of `final` (minus the `ignore` bits) and every listed RAM byte. A
 * write to a byte the vector does not list fails the test.
 */
import { createBus } from '../../src/core/bus.js';
import { SparseMemory } from '../../src/conformance/sparse.js';
import type { ConformanceAdapter, Harness, Mismatch, TestResult, VectorTest } from '../../src/conformance/types.js';
import { Arm7tdmi } from './index.js';

interface ArmState {
  regs: Record<string, number>;
  ram: [number, number][];
}

function createHarness(_variant: string): Harness {
  const bus = createBus(false, { addrBits: 32, pageBits: 12, openBus: 0, unmapped: 'ignore', romWrite: 'ignore' });
  const mem = new SparseMemory();
  bus.fallback = mem;
  const cpu = new Arm7tdmi(bus, null);
  return {
    run(test: VectorTest): TestResult {
      const init = test.initial as unknown as ArmState;
      const fin = test.final as unknown as ArmState;
      const ignore = (test.ignore ?? {}) as Record<string, number>;
      mem.clear();
      mem.load(init.ram);
      cpu.r.fill(0);
      cpu.bankR8.fill(0);
      cpu.bankR13.fill(0);
      cpu.spsr.fill(0);
      cpu.irqLines = 0;
      cpu.setCpsr(init.regs.CPSR);
      for (const [k, v] of Object.entries(init.regs)) if (k !== 'CPSR') cpu.setReg(k, v);
      cpu.attention = 0;
      cpu.step();
      const mismatches: Mismatch[] = [];
      for (const [k, v] of Object.entries(fin.regs)) {
        const got = cpu.getReg(k) >>> 0;
        const mask = ~(ignore[k] ?? 0);
        if (((got ^ v) & mask) !== 0) mismatches.push({ what: k, expected: v >>> 0, got });
      }
      const listed = new Set<number>();
      for (const [a, b] of fin.ram) {
        listed.add(a >>> 0);
        const got = mem.get(a) ?? -1;
        if (got !== b) mismatches.push({ what: `ram[0x${(a >>> 0).toString(16).padStart(8, '0')}]`, expected: b, got });
      }
      for (const a of mem.written) {
        if (!listed.has(a)) mismatches.push({ what: `write outside listed ram at 0x${a.toString(16).padStart(8, '0')}`, expected: -1, got: mem.get(a) ?? -1 });
      }
      return { name: String(test.name), pass: mismatches.length === 0, mismatches, cyclesMatch: null };
    },
  };
}

export const adapter: ConformanceAdapter = { cpu: 'arm7tdmi', createHarness };
