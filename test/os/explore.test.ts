/**
 * `bytebos os --explore` on the reference kernel's stripped images: without profile or
 * symbols it must find the task registry and the heap chunk list and describe their fields
 * (checked against the layouts in firmware/kernel/README.md and h8300/README.md), and it must
 * neither throw nor take long on garbage RAM.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSession } from '../../src/cli/common.js';
import { projectRoot } from '../../src/boards/board.js';
import { explore, formatExplore, type ExploredList, type ExploreResult } from '../../src/os/explore.js';

const img = (cpu: string, name: string): string => join(projectRoot(), 'firmware', 'images', cpu, name);

async function exploreImage(cpu: string, file: string, cycles = 3_000_000): Promise<ExploreResult> {
  const s = await openSession(img(cpu, file), { cpu });
  s.machine.runUntilCycle(cycles);
  return explore(s.machine);
}

const field = (l: ExploredList, offset: number, size?: number) => l.fields.find((f) => f.offset === offset && (size === undefined || f.size === size));

/** The list of the given links whose elements have names at `nameAt` (the task registry). */
function taskList(r: ExploreResult, next: number, prev: number, nameAt: number): ExploredList {
  const l = r.lists.find((x) => x.next === next && x.prev === prev && field(x, nameAt)?.kind === 'string' && x.names.includes('idle'));
  expect(l, formatExplore(r)).toBeDefined();
  return l!;
}

function chunkList(r: ExploreResult, next: number, prev: number, sizeAt: number, stateAt: number): ExploredList {
  const l = r.lists.find((x) => x.next === next && x.prev === prev && field(x, sizeAt)?.kind === 'size');
  expect(l, formatExplore(r)).toBeDefined();
  const st = field(l!, stateAt, 4);
  expect(st?.kind).toMatch(/^(enum|constant)$/);
  for (const d of st!.distinct ?? []) expect([0x46524545, 0x55534544]).toContain(d.value); // "FREE" / "USED"
  return l!;
}

const CASES: { cpu: string; file: string; elf: string | null; ps: number; task: { next: number; prev: number; name: number; magic: number }; chunk: { next: number; prev: number; size: number; state: number } }[] = [
  { cpu: 'm68000', file: 'demo.bin', elf: 'demo.elf', ps: 4, task: { next: 0, prev: 4, name: 8, magic: 12 }, chunk: { next: 0, prev: 4, size: 8, state: 16 } },
  { cpu: 'arm7tdmi', file: 'demo-arm.bin', elf: 'demo-arm.elf', ps: 4, task: { next: 0, prev: 4, name: 8, magic: 12 }, chunk: { next: 0, prev: 4, size: 8, state: 16 } },
  { cpu: 'arm7tdmi', file: 'demo-thumb.bin', elf: null, ps: 4, task: { next: 0, prev: 4, name: 8, magic: 12 }, chunk: { next: 0, prev: 4, size: 8, state: 16 } },
  { cpu: 'h8300', file: 'demo.bin', elf: null, ps: 2, task: { next: 0, prev: 2, name: 4, magic: 6 }, chunk: { next: 0, prev: 2, size: 4, state: 10 } },
];

describe('explore on the reference kernel (no profile, no symbols)', () => {
  for (const c of CASES) {
    it(`${c.cpu} ${c.file}: finds the task registry and the heap chunk list`, async () => {
      const r = await exploreImage(c.cpu, c.file);
      expect(r.pointerSize).toBe(c.ps);
      const tasks = taskList(r, c.task.next, c.task.prev, c.task.name);
      expect(tasks.end).toBe('null');
      expect(tasks.names).toEqual(expect.arrayContaining(['supervisor', 'idle', 'consumer', 'producer']));
      expect(tasks.count).toBeGreaterThanOrEqual(5);
      const magic = field(tasks, c.task.magic, 2);
      expect(magic?.kind).toBe('constant');
      expect(magic?.values.every((v) => v === 0x544b)).toBe(true);
      expect(magic?.summary).toContain('"TK"');
      // The registry root {first, last} points at it from outside the elements.
      expect(tasks.heads.some((h) => h.withLast)).toBe(true);
      // Ranked among the most useful lists.
      expect(r.lists.indexOf(tasks)).toBeLessThan(3);

      const chunks = chunkList(r, c.chunk.next, c.chunk.prev, c.chunk.size, c.chunk.state);
      expect(chunks.count).toBeGreaterThanOrEqual(tasks.count);
      // Chunks tile the heap: each element + size is the next one.
      const sizes = field(chunks, c.chunk.size)!.values;
      for (let i = 0; i + 1 < chunks.count; i++) expect(chunks.elements[i] + (sizes[i] as number)).toBe(chunks.elements[i + 1]);

      // The report names them, and --json carries the same data.
      const text = formatExplore(r);
      expect(text).toContain(`next at +${c.task.next}, prev at +${c.task.prev}`);
      expect(text).toContain('"supervisor"');
      const back = JSON.parse(JSON.stringify(r)) as ExploreResult;
      expect(back.lists.length).toBe(r.lists.length);
      expect(back.lists[r.lists.indexOf(tasks)].names).toEqual(tasks.names);
    });

    if (c.elf) {
      it(`${c.cpu}: the {first, last} head it reports is the kernel's bb_task_list`, async () => {
        const s = await openSession(img(c.cpu, c.elf!), {});
        s.machine.runUntilCycle(3_000_000);
        const r = explore(s.machine);
        const root = s.symbols?.byName('bb_task_list');
        expect(root).toBeDefined();
        const tasks = taskList(r, c.task.next, c.task.prev, c.task.name);
        expect(tasks.heads).toContainEqual({ address: root, withLast: true });
      });
    }
  }
});

function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe('explore on garbage', () => {
  for (const [cpu, file] of [['m68000', 'demo.bin'], ['arm7tdmi', 'demo-arm.bin'], ['h8300', 'demo.bin']]) {
    it(`${cpu}: random RAM, and RAM full of pointers into itself: no throw, bounded time`, async () => {
      const s = await openSession(img(cpu, file), { cpu });
      const bus = s.machine.bus;
      const ram = bus.regions.filter((r) => r.kind === 'ram');
      const rnd = random(0x5eed + cpu.length);
      for (const r of ram) for (let a = r.base; a < r.base + r.size; a++) bus.write8(a, rnd() & 0xff);
      let t = Date.now();
      const a = explore(s.machine);
      expect(Date.now() - t).toBeLessThan(5000);
      expect(() => formatExplore(a)).not.toThrow();
      // Words pointing near themselves: the most links a scan can meet.
      const ps = a.pointerSize;
      for (const r of ram) {
        for (let x = r.base; x + ps <= r.base + r.size; x += ps) {
          const v = r.base + ((x - r.base + (rnd() % 64) * 2 - 64 + r.size) % r.size);
          const p = v & ~(ps - 1);
          if (ps === 4) bus.write32(x, p);
          else bus.write16(x, p);
        }
      }
      t = Date.now();
      const b = explore(s.machine);
      expect(Date.now() - t).toBeLessThan(8000);
      expect(b.lists.length).toBeLessThanOrEqual(40);
      for (const l of b.lists) expect(l.count).toBeLessThanOrEqual(4096);
      expect(() => JSON.stringify(b)).not.toThrow();
    });
  }
});

describe('bytebos os --explore', () => {
  it('prints the report, or the same data as JSON, for a stripped image', async () => {
    const { bytebos } = await import('../cli/helpers.js');
    const args = ['os', 'firmware/images/m68000/demo.bin', '--cpu', 'm68000', '--explore', '--after-cycles', '3000000'];
    const text = bytebos(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/List #0: \d+ elements, next at \+0, prev at \+4/);
    expect(text.stdout).toContain('constant 0x544B "TK"');
    const json = bytebos([...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout) as ExploreResult & { cycle: number };
    expect(r.cycle).toBeGreaterThanOrEqual(3_000_000);
    expect(r.lists.some((l) => l.names.includes('supervisor') && l.next === 0 && l.prev === 4)).toBe(true);
    const bad = bytebos([...args, 'tasks']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--explore');
  });
});

describe('explore on hand-made RAM', () => {
  it('finds a circular array-like list with its head, and a singly linked chain', async () => {
    const s = await openSession(img('m68000', 'demo.bin'), { cpu: 'm68000' });
    const bus = s.machine.bus;
    const ram = bus.regions.find((r) => r.kind === 'ram')!;
    for (let a = ram.base; a < ram.base + ram.size; a++) bus.write8(a, 0);
    // Five 32-byte records in a ring: next +8, prev +12, tag "OBJ!" at +0, index at +16,
    // and a {first, last} head elsewhere.
    const ring = ram.base + 0x1000;
    for (let i = 0; i < 5; i++) {
      const e = ring + i * 32;
      bus.write32(e, 0x4f424a21);
      bus.write32(e + 8, ring + ((i + 1) % 5) * 32);
      bus.write32(e + 12, ring + ((i + 4) % 5) * 32);
      bus.write32(e + 16, i % 2);
    }
    const head = ram.base + 0x200;
    bus.write32(head, ring);
    bus.write32(head + 4, ring + 4 * 32);
    // A singly linked chain of six nodes far apart: next at +4, NULL-terminated, head at 0x300.
    const nodes = [0x4000, 0x5200, 0x4800, 0x6000, 0x7400, 0x5a00].map((o) => ram.base + o);
    nodes.forEach((n, i) => {
      bus.write32(n + 4, i + 1 < nodes.length ? nodes[i + 1] : 0);
      bus.write16(n + 10, 0x1234 + i);
    });
    bus.write32(ram.base + 0x300, nodes[0]);

    const r = explore(s.machine);
    const l = r.lists.find((x) => x.next === 8 && x.prev === 12);
    expect(l, formatExplore(r)).toBeDefined();
    expect(l!.end).toBe('circular');
    expect(l!.count).toBe(5);
    expect(l!.elements[0]).toBe(ring);
    expect(l!.spacing).toBe(32);
    expect(l!.heads).toContainEqual({ address: head, withLast: true });
    expect(field(l!, 0, 4)?.kind).toBe('constant');
    expect(field(l!, 0, 4)?.summary).toContain('"OBJ!"');
    expect(field(l!, 16)?.kind).toBe('small-int');
    // The chain is reported from its first node (the head word is a node of it too).
    const c = r.chains.find((x) => x.next === 4 && x.elements.includes(nodes[0]));
    expect(c, formatExplore(r)).toBeDefined();
    expect(c!.elements.slice(-6)).toEqual(nodes);
    expect(formatExplore(r)).toContain('Singly linked');
  });
});
