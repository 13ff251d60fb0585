/**
 * Adapter for ../shared/vectors/h8300 (see its README): registers R0-R7, PC, CCR; `ram` lists
 * the instruction bytes and every data byte; `undefined` names results the manual leaves
 * undefined ("R2", "CCR.N", ...), which are not compared. A test also fails when the
 * instruction writes a byte the vector does not list, or when the core halts.
 */
import { createBus } from '../../src/core/bus.js';
import { SparseMemory } from '../../src/conformance/sparse.js';
import { Comparison, maskWithout } from '../../src/conformance/compare.js';
import type { ConformanceAdapter, Harness, TestResult, VectorTest } from '../../src/conformance/types.js';
import { H8300, createCpu } from './index.js';

interface State {
  regs: Record<string, number>;
  ram: [number, number][];
}

const REGS = ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'PC', 'CCR'];
const CCR_BITS: Record<string, number> = { I: 0x80, UI: 0x40, H: 0x20, U: 0x10, N: 0x08, Z: 0x04, V: 0x02, C: 0x01 };


class H8300Harness implements Harness {
  private readonly mem = new SparseMemory();
  private readonly cpu: H8300;

  constructor(variant: string) {
    const bus = createBus(true, { addrBits: 16, pageBits: 8, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
    bus.fallback = this.mem;
    this.cpu = createCpu(bus, null, variant);
  }

  run(test: VectorTest): TestResult {
    const cpu = this.cpu;
    const init = test.initial as unknown as State;
    const fin = test.final as unknown as State;
    const mem = this.mem;
    mem.clear();
    mem.load(init.ram);
    cpu.reset();
    for (const r of REGS) cpu.setReg(r, init.regs[r]);
    cpu.attention = 0;
    cpu.irqInhibit = false;
    cpu.step();

    const undef = (test.undefined as string[] | undefined) ?? [];
    const skipRegs = new Set(undef.filter((u) => !u.startsWith('CCR.')).map((u) => u.toUpperCase()));
    const ccrMask = maskWithout(undef, 'CCR.', CCR_BITS);
    const cmp = new Comparison();
    for (const r of REGS) {
      if (skipRegs.has(r)) continue;
      if (r === 'CCR') cmp.check('CCR', fin.regs.CCR & ccrMask, cpu.getReg('CCR') & ccrMask);
      else cmp.check(r, fin.regs[r], cpu.getReg(r));
    }
    cmp.ram(fin.ram, (a) => mem.get(a), mem.written);
    cmp.halted(cpu.halted);
    return cmp.result(test.name, null);
  }
}

export const adapter: ConformanceAdapter = {
  cpu: 'h8300',
  createHarness: (variant: string) => new H8300Harness(variant),
};
