/**
 * Adapter for the SingleStepTests 68000 vectors (../shared/vectors/m68000): JSON and the
 * converted binary form share one shape. The vector `pc` is the address of the next prefetch
 * and `prefetch` the queue (IR, IRC): exactly this core's `pcr`, `ir` and `irc`.
 * Compared: D0-D7, A0-A6, USP, SSP, SR, PC, the prefetch queue, every listed RAM byte, and
 * that nothing outside the listed bytes was written; `length` against the clocks used.
 */
import { createBus } from '../../src/core/bus.js';
import { SparseMemory } from '../../src/conformance/sparse.js';
import type { ConformanceAdapter, Harness, Mismatch, TestResult, VectorTest } from '../../src/conformance/types.js';
import { M68000 } from './index.js';

const DREGS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6'];

interface M68kState {
  [k: string]: unknown;
  usp: number;
  ssp: number;
  sr: number;
  pc: number;
  prefetch: [number, number];
  ram: [number, number][];
}

export class M68000Harness implements Harness {
  readonly mem = new SparseMemory();
  readonly cpu: M68000;

  constructor() {
    const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
    bus.fallback = this.mem;
    this.cpu = new M68000(bus, null);
  }

  load(s: M68kState): void {
    const c = this.cpu;
    this.mem.clear();
    this.mem.load(s.ram);
    for (let i = 0; i < 15; i++) c.r[i] = s[DREGS[i]] as number;
    c.halted = null;
    c.stopped = false;
    c.tracePending = false;
    c.attention = 0;
    c.irqLines = 0;
    const sr = s.sr;
    c.s = (sr >> 13) & 1;
    c.r[15] = c.s ? s.ssp : s.usp;
    c.otherSp = c.s ? s.usp | 0 : s.ssp | 0;
    c.setSR(sr);
    c.pcr = s.pc | 0;
    c.ir = s.prefetch[0];
    c.irc = s.prefetch[1];
  }

  run(test: VectorTest): TestResult {
    const ini = test.initial as M68kState;
    const fin = test.final as M68kState;
    this.load(ini);
    const c = this.cpu;
    const cycles = c.step();
    const mm: Mismatch[] = [];
    const cmp = (what: string, expected: number, got: number): void => {
      if ((expected >>> 0) !== (got >>> 0)) mm.push({ what, expected: expected >>> 0, got: got >>> 0 });
    };
    for (let i = 0; i < 15; i++) cmp(DREGS[i].toUpperCase(), fin[DREGS[i]] as number, c.r[i]);
    cmp('USP', fin.usp, c.getReg('USP'));
    cmp('SSP', fin.ssp, c.getReg('SSP'));
    cmp('SR', fin.sr, c.getSR());
    cmp('PC', fin.pc, c.pcr);
    cmp('IR', fin.prefetch[0], c.ir);
    cmp('IRC', fin.prefetch[1], c.irc);
    const listed = new Set<number>();
    for (const [a, b] of fin.ram) {
      listed.add(a >>> 0);
      cmp(`ram[0x${a.toString(16).padStart(6, '0')}]`, b, this.mem.get(a) ?? this.mem.background);
    }
    for (const a of this.mem.written) {
      if (!listed.has(a)) mm.push({ what: `write outside the listed ram at 0x${a.toString(16)}`, expected: -1, got: this.mem.get(a) ?? 0 });
    }
    const length = typeof test.length === 'number' ? test.length : null;
    return {
      name: test.name,
      pass: mm.length === 0,
      mismatches: mm,
      cyclesMatch: length === null ? null : length === cycles,
      ...(length !== null && length !== cycles ? { error: `cycles: expected ${length}, got ${cycles}` } : {}),
    };
  }
}

export const adapter: ConformanceAdapter = {
  cpu: 'm68000',
  createHarness: () => new M68000Harness(),
};
