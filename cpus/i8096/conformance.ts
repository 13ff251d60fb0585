/**
 * Adapter for ../shared/vectors/i8096 (see its README): registers PC, PSW (flags in the high
 * byte, INT_MASK in the low byte) and SP; `ram` lists register-file bytes (00h-FFh) and memory
 * bytes; `psw_dont_care` masks PSW bits Intel leaves undefined. A test also fails when the
 * instruction changes a register-file byte or writes a memory byte that the vector does not list
 * (unlisted register bytes hold a non-zero pattern so that writing 0 there is noticed too).
 */
import { createBus } from '../../src/core/bus.js';
import { SparseMemory } from '../../src/conformance/sparse.js';
import { Comparison } from '../../src/conformance/compare.js';
import type { ConformanceAdapter, Harness, TestResult, VectorTest } from '../../src/conformance/types.js';
import { I8096, createCpu } from './index.js';

interface State {
  regs: Record<string, number>;
  ram: [number, number][];
}


class I8096Harness implements Harness {
  private readonly mem = new SparseMemory();
  private readonly cpu: I8096;
  private readonly before = new Uint8Array(0x100);

  constructor(variant: string) {
    const bus = createBus(false, { addrBits: 16, pageBits: 8, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
    bus.fallback = this.mem;
    this.cpu = createCpu(bus, null, variant);
  }

  run(test: VectorTest): TestResult {
    const cpu = this.cpu;
    const init = test.initial as unknown as State;
    const fin = test.final as unknown as State;
    const mem = this.mem;
    mem.clear();
    cpu.reset();
    cpu.r.fill(0);
    // Unlisted register-file RAM gets a pattern, so a stray write is seen even when it writes 0.
    for (let a = 0x1a; a < 0x100; a++) cpu.r[a] = (a * 0x9d + 0x5b) & 0xff;
    cpu.attention = 0;
    for (const [a, v] of init.ram) {
      if (a < 0x100) cpu.r[a] = v;
      else mem.bytes.set(a, v);
    }
    cpu.setReg('PC', init.regs.PC);
    cpu.setReg('PSW', init.regs.PSW);
    cpu.setReg('SP', init.regs.SP);
    cpu.attention = 0;
    cpu.irqInhibit = false;
    this.before.set(cpu.r.subarray(0, 0x100));
    cpu.step();

    const dontCare = typeof test.psw_dont_care === 'number' ? test.psw_dont_care : 0;
    const cmp = new Comparison();
    cmp.check('PC', fin.regs.PC, cpu.getReg('PC'));
    cmp.check('PSW', fin.regs.PSW & ~dontCare, cpu.getReg('PSW') & ~dontCare);
    cmp.check('SP', fin.regs.SP, cpu.getReg('SP'));
    const listed = cmp.ram(fin.ram, (a) => (a < 0x100 ? cpu.r[a] : mem.get(a)), mem.written);
    // Stray writes: register-file bytes that changed (SP and INT_MASK are compared as registers).
    for (let a = 0; a < 0x100; a++) {
      if (a === 0x18 || a === 0x19 || a === 0x08 || listed.has(a)) continue;
      if (cpu.r[a] !== this.before[a]) cmp.stray(a, this.before[a], cpu.r[a]);
    }
    cmp.halted(cpu.halted);
    return cmp.result(test.name, null);
  }
}

export const adapter: ConformanceAdapter = {
  cpu: 'i8096',
  createHarness: (variant: string) => new I8096Harness(variant),
};
