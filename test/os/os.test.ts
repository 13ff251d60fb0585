/**
 * The OS-aware layer on the reference kernel's images: symbols and discovery agree, the faults
 * image's problems are reported by name, and garbage never makes the reader throw or hang.
 */
import { osSummary } from '../helpers/os.js';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSession, type Session } from '../../src/cli/common.js';
import { createOsView, type OsView } from '../../src/os/index.js';
import { parseProfile } from '../../src/os/profile.js';
import { projectRoot } from '../../src/boards/board.js';
import type { OsState } from '../../src/os/types.js';
import { diffOsState, formatOsDiff } from '../../src/os/diff.js';

const img = (cpu: string, name: string): string => join(projectRoot(), 'firmware', 'images', cpu, name);

async function boot(file: string, opts: { cpu?: string } = {}): Promise<Session> {
  return openSession(file, opts);
}

function runSampling(s: Session, os: OsView, cycles: number, steps = 32): void {
  for (let i = 1; i <= steps; i++) {
    s.machine.runUntilCycle(Math.round((cycles * i) / steps));
    os.sample();
  }
}

const summary = osSummary;

const IMAGES: [string, string, string][] = [
  ['arm7tdmi', 'demo-arm.elf', 'demo-arm.bin'],
  ['arm7tdmi', 'demo-thumb.elf', 'demo-thumb.bin'],
  ['m68000', 'demo.elf', 'demo.bin'],
];
const OTHER_IMAGES: [string, string, string][] = [
  ['arm7tdmi', 'selftest-arm.elf', 'selftest-arm.bin'],
  ['arm7tdmi', 'selftest-thumb.elf', 'selftest-thumb.bin'],
  ['arm7tdmi', 'faults-arm.elf', 'faults-arm.bin'],
  ['arm7tdmi', 'faults-thumb.elf', 'faults-thumb.bin'],
  ['m68000', 'selftest.elf', 'selftest.bin'],
  ['m68000', 'faults.elf', 'faults.bin'],
];

describe('OS layer on the reference kernel', () => {
  for (const [cpu, elf, bin] of IMAGES) {
    it(`${cpu} ${elf}: symbol-based and stripped discovery find the same structures`, async () => {
      const a = await boot(img(cpu, elf));
      const osA = createOsView(a.machine, { symbols: a.symbols });
      const b = await boot(img(cpu, bin), { cpu });
      const osB = createOsView(b.machine, { symbols: b.symbols, imageBytes: b.image.bytes });
      expect(osB.foundBy).toBe('discovery');
      const cycles = 3_000_000;
      runSampling(a, osA, cycles);
      runSampling(b, osB, cycles);
      const sa = osA.read();
      const sb = osB.read();
      expect(sa.tasks.length).toBeGreaterThanOrEqual(5);
      expect(new Set(sa.tasks.map((t) => t.priority)).size).toBeGreaterThanOrEqual(3);
      expect(summary(sb)).toEqual(summary(sa));
      expect(sb.kernel.banner).toMatch(/Byte-BOS-model reference kernel for (ARM|THUMB|68000)/);
      expect(sb.kernel.confidence).toBeGreaterThanOrEqual(0.8);
      expect(sa.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(sa.heap?.intact).toBe(true);
      // The running task is the one the live registers belong to.
      const cur = sa.tasks.filter((t) => t.current);
      expect(cur).toHaveLength(1);
      expect(cur[0].savedPc).toBe(a.machine.cpu.pc);
    });
  }

  for (const [cpu, elf, bin] of OTHER_IMAGES) {
    it(`${cpu} ${elf}: stripped discovery finds what the symbols find`, async () => {
      const a = await boot(img(cpu, elf));
      const osA = createOsView(a.machine, { symbols: a.symbols });
      const b = await boot(img(cpu, bin), { cpu });
      const osB = createOsView(b.machine, { symbols: b.symbols, imageBytes: b.image.bytes });
      runSampling(a, osA, 4_000_000);
      runSampling(b, osB, 4_000_000);
      const sa = osA.read();
      expect(sa.tasks.length).toBeGreaterThanOrEqual(2);
      expect(summary(osB.read())).toEqual(summary(sa));
    });
  }

  for (const [cpu, file] of [['arm7tdmi', 'faults-arm.elf'], ['arm7tdmi', 'faults-thumb.elf'], ['m68000', 'faults.elf']]) it(`reports the problems of ${cpu} ${file} by name`, async () => {
    const s = await boot(img(cpu, file));
    const os = createOsView(s.machine, { symbols: s.symbols, track: true });
    s.machine.runCycles(20_000_000);
    const st = os.read();
    const kinds = st.findings.map((f) => f.kind);
    expect(kinds).toContain('stack-overflow');
    expect(kinds).toContain('double-free');
    expect(kinds).toContain('deadlock');
    expect(kinds).toContain('heap-corrupt-header');
    const overflow = st.findings.find((f) => f.kind === 'stack-overflow')!;
    expect(overflow.message).toMatch(/"overflow"/);
    const dl = st.findings.find((f) => f.kind === 'deadlock')!;
    expect(dl.message).toMatch(/"left".*"right"|"right".*"left"/);
    const df = st.findings.find((f) => f.kind === 'double-free')!;
    expect(df.message).toMatch(/"double-free"/);
    expect(st.findings.find((f) => f.kind === 'heap-corrupt-header')!.message).toMatch(/heap "scratch"/);
  });

  it('records who allocated each chunk when the allocator is hooked', async () => {
    const s = await boot(img('arm7tdmi', 'demo-arm.elf'));
    const os = createOsView(s.machine, { symbols: s.symbols, track: true });
    s.machine.runCycles(3_000_000);
    const used = os.read().heap!.chunks.filter((c) => !c.free);
    const traced = used.filter((c) => c.allocatedBy);
    expect(traced.length).toBeGreaterThan(0);
    for (const c of traced) {
      expect(c.allocatedBy!.cycle).toBeLessThanOrEqual(s.machine.scheduler.now);
      expect(c.allocatedBy!.pc).toBeGreaterThan(0);
    }
  });

  it('diffs two points in time: tasks created and ended, chunks allocated, counts changed', async () => {
    const s = await boot(img('m68000', 'demo.elf'));
    const os = createOsView(s.machine, { symbols: s.symbols });
    s.machine.runUntilCycle(1_000_000);
    const a = os.read();
    expect(diffOsState(a, os.read()).changes).toEqual([]);
    s.machine.runUntilCycle(12_000_000);
    const b = os.read();
    const d = diffOsState(a, b);
    const created = d.changes.filter((c) => c.object === 'task' && c.what === 'added').map((c) => c.name);
    expect(created.length).toBeGreaterThan(0);
    for (const n of created) expect(b.tasks.some((t) => t.name === n)).toBe(true);
    for (const n of created) expect(a.tasks.some((t) => t.name === n)).toBe(false);
    const ended = d.changes.filter((c) => c.object === 'task' && c.what === 'state' && c.to === 'terminated');
    expect(ended.length).toBeGreaterThan(0);
    expect(d.changes.some((c) => c.object === 'chunk')).toBe(true);
    expect(formatOsDiff(d)).toMatch(/^changes from cycle 1000000 to cycle 1200000\d/);
  });

  it('reports every task blocked with no timeout and no timer running (idle task left out)', async () => {
    const s = await boot(img('m68000', 'demo.elf'));
    const os = createOsView(s.machine, { symbols: s.symbols });
    s.machine.runUntilCycle(3_000_000);
    const st = os.read();
    const bus = s.machine.bus;
    // Block every task but idle on a semaphore forever, and stop every timer.
    for (const t of st.tasks) {
      if (t.name === 'idle') continue;
      bus.poke8(t.address + 73, 2); // state: waiting on a semaphore
      for (let i = 0; i < 4; i++) bus.poke8(t.address + 40 + i, 0); // no timeout
    }
    for (const tm of st.timers) bus.poke8(tm.address + 15, bus.peek8(tm.address + 15) & ~1);
    const kinds = os.read().findings.map((f) => f.kind);
    expect(kinds).toContain('all-tasks-blocked');
    const f = os.read().findings.find((x) => x.kind === 'all-tasks-blocked')!;
    expect(f.message).not.toMatch(/"idle"/);
    expect(f.message).toMatch(/"supervisor"/);
  });

  it('reading never changes the machine', async () => {
    const s = await boot(img('arm7tdmi', 'demo-arm.elf'));
    s.machine.runCycles(1_000_000);
    const before = Buffer.from(s.machine.bus.mem);
    const pc = s.machine.cpu.pc;
    const os = createOsView(s.machine, { symbols: s.symbols, discover: true });
    os.read();
    os.read();
    expect(Buffer.compare(before, Buffer.from(s.machine.bus.mem))).toBe(0);
    expect(s.machine.cpu.pc).toBe(pc);
  });
});

describe('OS layer on corrupted RAM', () => {
  it('finds broken heap links, loops, bad sizes and pointers outside the heap', async () => {
    const s = await boot(img('arm7tdmi', 'demo-arm.elf'));
    const os = createOsView(s.machine, { symbols: s.symbols });
    s.machine.runCycles(2_000_000);
    const heap = os.read().heap!;
    const bus = s.machine.bus;
    const c1 = heap.chunks[1].address;
    const c2 = heap.chunks[2].address;
    const save = Buffer.from(bus.mem);
    const restore = () => bus.mem.set(save);
    const kindsAfter = (f: () => void): string[] => {
      restore();
      f();
      return os.read().findings.map((x) => x.kind);
    };
    expect(kindsAfter(() => bus.write32(c2 + 4, 0x1234))).toContain('heap-broken-link');
    expect(kindsAfter(() => bus.write32(c2 + 0, c1))).toContain('heap-loop');
    expect(kindsAfter(() => bus.write32(c1 + 8, 8))).toContain('heap-size-mismatch');
    expect(kindsAfter(() => bus.write32(c1 + 0, 0x7000000))).toContain('heap-pointer-outside-ram');
    expect(kindsAfter(() => bus.write32(c1 + 16, 0xdeadbeef))).toContain('heap-corrupt-header');
    restore();
  });

  it('never throws or hangs on 10,000 randomly corrupted kernel states', async () => {
    const s = await boot(img('arm7tdmi', 'demo-arm.elf'));
    const os = createOsView(s.machine, { symbols: s.symbols });
    s.machine.runCycles(2_000_000);
    const st = os.read();
    const bus = s.machine.bus;
    // Targets: every task, the heap chunks, the kernel globals near the roots.
    const spots: [number, number][] = [
      ...st.tasks.map((t) => [t.address, 76] as [number, number]),
      ...(st.heap?.chunks.map((c) => [c.address, 20] as [number, number]) ?? []),
      ...Object.values(os.roots).map((a) => [a, 64] as [number, number]),
    ];
    const save = Buffer.from(bus.mem);
    let seed = 0x2545f491;
    const rnd = (n: number): number => {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const ram = bus.regions.find((r) => r.kind === 'ram')!;
    let withFindings = 0;
    for (let i = 0; i < 10_000; i++) {
      bus.mem.set(save);
      const n = 1 + rnd(4);
      for (let k = 0; k < n; k++) {
        const [base, len] = spots[rnd(spots.length)];
        const a = base + (rnd(len) & ~3);
        const choice = rnd(4);
        const v = choice === 0 ? rnd(0x100000000) : choice === 1 ? ram.base + rnd(ram.size) : choice === 2 ? base : 0;
        bus.write32(a, v);
      }
      const t0 = performance.now();
      let r: OsState;
      try {
        r = os.read();
      } catch (e) {
        throw new Error(`iteration ${i}: reader threw ${(e as Error).stack}`);
      }
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(Array.isArray(r.tasks) && Array.isArray(r.findings)).toBe(true);
      if (r.findings.length > 0) withFindings++;
    }
    bus.mem.set(save);
    // Most corruptions must be noticed (some only change a name or a counter).
    expect(withFindings).toBeGreaterThan(5000);
  });
});

describe('profiles', () => {
  it('names the file and field in errors', () => {
    expect(() => parseProfile('{}', 'p.json')).toThrow(/^p.json: format: expected "bytebos-os-profile"/);
    expect(() => parseProfile(JSON.stringify({ format: 'bytebos-os-profile', version: 2 }), 'p.json')).toThrow(/version: unsupported version 2/);
    const base = { format: 'bytebos-os-profile', version: 1, name: 'x', cpus: ['m68000'], pointerSize: 4, roots: { tasks: { symbol: 't' } } };
    expect(() => parseProfile(JSON.stringify({ ...base, task: { size: 8, fields: { name: { offset: 0, type: 'cstrptr' } } } }), 'p.json')).toThrow(/task.fields: missing field "state"/);
    expect(() => parseProfile(JSON.stringify({ ...base, task: { size: 8, fields: { name: { offset: 0, type: 'float' } } } }), 'p.json')).toThrow(/task.fields.name.type: expected one of/);
  });
});
