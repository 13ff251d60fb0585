/**
 * Adapter for ../shared/vectors/h8300 (see its README): registers R0-R7, PC, CCR; `ram` lists
 * the instruction bytes and every data byte; `undefined` names results the manual leaves
 * undefined ("R2", "CCR.N", ...), which are not compared. A test also fails when the
 * instruction writes a byte the vector does not list, or when the core halts.
 */
import { createBus } from '../../src/core/bus.js';
import { SparseMemory } from '../../src/conformance/sparse.js';
import type { ConformanceAdapter, Harness, Mismatch, TestResult, VectorTest } from '../../src/conformance/types.js';
import { H8300, createCpu } from './index.js';

interface State {
  regs: Record<string, number>;
  ram: [number, number][];
}

const REGS = ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'PC', 'CCR'];
const CCR_BITS: Record<string, number> = { I: 0x80, UI: 0x40, H: 0x20, U: 0x10, N: 0x08, Z: 0x04, V: 0x02, C: 0x01 };

function hex(v: number, w = 4): string {
  return v.toString(16).padStart(w, '0');
}

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

    const skipRegs = new Set<string>();
    let ccrMask = 0xff;
    for (const u of (test.undefined as string[] | undefined) ?? []) {
      if (u.startsWith('CCR.')) ccrMask &= ~(CCR_BITS[u.slice(4)] ?? 0);
      else skipRegs.add(u.toUpperCase());
    }
    const mismatches: Mismatch[] = [];
    const check = (what: string, expected: number, got: number): void => {
      if (expected !== got) mismatches.push({ what, expected, got });
    };
    for (const r of REGS) {
      if (skipRegs.has(r)) continue;
      if (r === 'CCR') check('CCR', fin.regs.CCR & ccrMask, cpu.getReg('CCR') & ccrMask);
      else check(r, fin.regs[r], cpu.getReg(r));
    }
    const listed = new Set<number>();
    for (const [a, v] of fin.ram) {
      listed.add(a);
      check(`ram[0x${hex(a)}]`, v, mem.get(a) ?? -1);
    }
    for (const a of mem.written) {
      if (!listed.has(a)) mismatches.push({ what: `stray write ram[0x${hex(a)}]`, expected: -1, got: mem.get(a) ?? -1 });
    }
    if (cpu.halted) mismatches.push({ what: `halted: ${cpu.halted.message}`, expected: 0, got: 1 });
    return { name: String(test.name), pass: mismatches.length === 0, mismatches, cyclesMatch: null };
  }
}

export const adapter: ConformanceAdapter = {
  cpu: 'h8300',
  createHarness: (variant: string) => new H8300Harness(variant),
};
