/**
 * Adapter for ../shared/vectors/m68hc11 (see its README): registers A, B, X, Y, SP, PC, CCR;
 * `ram` lists every byte the instruction reads or writes; `dont_care` names fields the manual
 * leaves undefined (["A","B"] for the IDIV/FDIV remainder, ["CCR.V"] for DAA), which are not
 * compared. A test also fails when the instruction writes a byte the vector does not list.
 */
import { createBus } from '../../src/core/bus.js';
import type { HaltInfo } from '../../src/core/cpu.js';
import { SparseMemory } from '../../src/conformance/sparse.js';
import { Comparison, maskWithout } from '../../src/conformance/compare.js';
import type { ConformanceAdapter, Harness, TestResult, VectorTest } from '../../src/conformance/types.js';
import { M68HC11, createCpu } from './index.js';

interface State {
  regs: Record<string, number>;
  ram: [number, number][];
}

const REGS = ['A', 'B', 'X', 'Y', 'SP', 'PC', 'CCR'];
const CCR_BITS: Record<string, number> = { S: 0x80, X: 0x40, H: 0x20, I: 0x10, N: 8, Z: 4, V: 2, C: 1 };

class M68hc11Harness implements Harness {
  private readonly mem = new SparseMemory();
  private readonly cpu: M68HC11;

  constructor() {
    const bus = createBus(true, { addrBits: 16, pageBits: 6, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
    bus.fallback = this.mem;
    this.cpu = createCpu(bus, null, 'm68hc11');
  }

  run(test: VectorTest): TestResult {
    const cpu = this.cpu;
    const init = test.initial as unknown as State;
    const fin = test.final as unknown as State;
    const mem = this.mem;
    mem.clear();
    mem.load(init.ram);
    cpu.halted = null;
    cpu.irqLines = 0;
    cpu.waiting = 0;
    for (const r of REGS) cpu.setReg(r, init.regs[r]);
    cpu.attention = 0;
    const before = cpu.instructions;
    const cycles = cpu.step();

    const dontCare = new Set(Array.isArray(test.dont_care) ? (test.dont_care as string[]) : []);
    const ccrMask = maskWithout(dontCare, 'CCR.', CCR_BITS);
    const cmp = new Comparison();
    for (const r of REGS) {
      if (dontCare.has(r)) continue;
      if (r === 'CCR') cmp.check('CCR', fin.regs.CCR & ccrMask, cpu.getReg('CCR') & ccrMask);
      else cmp.check(r, fin.regs[r], cpu.getReg(r));
    }
    cmp.ram(fin.ram, (a) => mem.get(a), mem.written);
    if (cpu.instructions !== before + 1) cmp.mismatches.push({ what: 'instructions executed', expected: 1, got: cpu.instructions - before });
    cmp.halted(cpu.halted as HaltInfo | null);
    const cyclesMatch = typeof test.cycles === 'number' ? test.cycles === cycles : null;
    return cmp.result(test.name, cyclesMatch);
  }
}

export const adapter: ConformanceAdapter = {
  cpu: 'm68hc11',
  createHarness: () => new M68hc11Harness(),
};
