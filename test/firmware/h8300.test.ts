/**
 * The reference kernel on the H8/300 (firmware/kernel/h8300, images in firmware/images/h8300):
 * selftest, the demo's log against the 68000's, the faults image through the OS-aware layer
 * with the h8300 profile (16-bit pointers), symbols against stripped discovery, and a
 * byte-for-byte rebuild when gcc-h8300-hms is installed.
 */
import { osSummary } from '../helpers/os.js';
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { projectRoot } from '../../src/boards/board.js';
import { openSession, type Session } from '../../src/cli/common.js';
import { createOsView, type OsView } from '../../src/os/index.js';
import type { OsState } from '../../src/os/types.js';
import { findBanners } from '../../src/loaders/banner.js';
import { loadImageFile } from '../../src/loaders/index.js';
import { callConvention } from '../../src/os/callconv.js';

const FIRMWARE = join(projectRoot(), 'firmware');
const IMAGES = join(FIRMWARE, 'images');
const img = (name: string): string => join(IMAGES, 'h8300', name);
const APPS = ['demo', 'selftest', 'faults'];
const BANNER = 'Byte-BOS-model reference kernel for H8/300 -- Multitasking Operating System (bytebos-emu clean-room kernel)';

async function boot(file: string, input = ''): Promise<Session> {
  const s = await openSession(file, file.endsWith('.bin') ? { cpu: 'h8300' } : {});
  if (input) s.machine.serial().send(Buffer.from(input, 'latin1'));
  return s;
}

function runSampling(s: Session, os: OsView, from: number, to: number, steps = 32): void {
  for (let i = 1; i <= steps; i++) {
    s.machine.runUntilCycle(from + Math.round(((to - from) * i) / steps));
    os.sample();
  }
}

/*
 * The stripped views are made at reset. On this build bb_current and bb_ready[] sit just below
 * bb_task_list, so while only one or two tasks exist {bb_current, bb_ready[0].first} is an
 * equally good short task list; discovery keeps sampling while such a tie stands and settles
 * on the real registry once the application has made its tasks.
 */
const WARM = 0;

const summary = osSummary;

describe('reference kernel on the H8/300', () => {
  it('has every image, COFF with symbols and raw binary from address 0, with the banner', () => {
    for (const app of APPS) {
      const coff = loadImageFile(img(`${app}.coff`));
      expect(coff.symbols.some((s) => s.name === '_bb_current'), app).toBe(true);
      const bin = new Uint8Array(readFileSync(img(`${app}.bin`)));
      const end = Math.max(...coff.segments.map((s) => s.addr + s.data.length));
      expect(bin.length, app).toBe(end);
      for (const s of coff.segments) expect(Buffer.from(bin.subarray(s.addr, s.addr + s.data.length)).equals(Buffer.from(s.data)), app).toBe(true);
      const banners = findBanners(bin);
      expect(banners.length, app).toBe(1);
      expect(banners[0]).toMatchObject({ kind: 'reference', cpuId: 'h8300', text: BANNER });
    }
  });

  it('passes its selftest (every case, UART input included) and exits 0', async () => {
    const s = await boot(img('selftest.coff'), 'ping\n');
    const stop = s.machine.runCycles(60_000_000);
    const out = s.machine.serial().outputText();
    expect(out).toContain('selftest: 12 passed, 0 failed');
    expect(out).not.toContain('not ok');
    expect(out).not.toContain('# SKIP');
    expect(stop).toMatchObject({ kind: 'exit', code: 0 });
  });

  it('prints the 68000 demo log (banner and heap addresses aside) and its golden log', async () => {
    const s = await boot(img('demo.coff'));
    const stop = s.machine.runCycles(40_000_000);
    expect(stop).toMatchObject({ kind: 'exit', code: 0 });
    const out = s.machine.serial().outputText();
    expect(out).toBe(readFileSync(img('demo.log'), 'utf8'));
    // Same scenes, same order, same numbers as on the 68000, except the banner and scene 3,
    // whose offsets and sizes follow the H8/300 layouts (14-byte chunk headers, 54-byte TCBs)
    // and its 30 KB heap.
    const m68k = readFileSync(join(IMAGES, 'm68000', 'demo.log'), 'utf8').split('\n');
    const h8 = out.split('\n');
    expect(h8[0]).toBe(BANNER);
    expect(h8.length).toBe(m68k.length);
    const heapLine = /^heap: /;
    for (let i = 1; i < m68k.length; i++) {
      if (heapLine.test(m68k[i])) expect(h8[i].replace(/0x[0-9a-f]+|\d+/g, 'N'), `line ${i + 1}`).toBe(m68k[i].replace(/0x[0-9a-f]+|\d+/g, 'N'));
      else expect(h8[i], `line ${i + 1}`).toBe(m68k[i]);
    }
    expect(h8.filter((l) => heapLine.test(l)).length).toBe(10);
    expect(out).toContain('heap: all freed: 23216 bytes free (as before), check ok');
  });

  it('reads the demo through the h8300 profile: symbols and stripped discovery agree', async () => {
    const a = await boot(img('demo.coff'));
    const osA = createOsView(a.machine, { symbols: a.symbols });
    expect(osA.profile.pointerSize).toBe(2);
    const b = await boot(img('demo.bin'));
    b.machine.runUntilCycle(WARM);
    const osB = createOsView(b.machine, { symbols: b.symbols, imageBytes: b.image.bytes });
    expect(osB.foundBy).toBe('discovery');
    runSampling(a, osA, 0, 3_000_000);
    runSampling(b, osB, WARM, 3_000_000);
    const sa = osA.read();
    const sb = osB.read();
    expect(sa.tasks.length).toBeGreaterThanOrEqual(5);
    expect(new Set(sa.tasks.map((t) => t.priority)).size).toBeGreaterThanOrEqual(3);
    expect(sa.tasks.map((t) => t.name).slice(0, 2)).toEqual(['supervisor', 'idle']);
    for (const t of sa.tasks) {
      expect(t.stackLow! >= 0x8000 && t.stackHigh! <= 0xfb80 && t.stackLow! < t.stackHigh!, t.name).toBe(true);
      if (!t.current && t.state !== 'terminated') expect(t.savedPc! > 0 && t.savedPc! < 0x8000, t.name).toBe(true);
    }
    expect(summary(sb)).toEqual(summary(sa));
    expect(sb.kernel.banner).toBe(BANNER);
    expect(sb.kernel.confidence).toBeGreaterThanOrEqual(0.8);
    expect(sa.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(sa.heap?.intact).toBe(true);
    expect(sa.semaphores.map((x) => x.name)).toEqual(expect.arrayContaining(['done', 'counter', 'uart0.rx']));
    expect(sa.mailboxes.map((x) => x.name)).toEqual(['readings']);
    const cur = sa.tasks.filter((t) => t.current);
    expect(cur).toHaveLength(1);
    expect(cur[0].savedPc).toBe(a.machine.cpu.pc);
  });

  for (const app of ['selftest', 'faults']) {
    it(`${app}: stripped discovery finds what the symbols find`, async () => {
      const a = await boot(img(`${app}.coff`));
      const osA = createOsView(a.machine, { symbols: a.symbols });
      const b = await boot(img(`${app}.bin`));
      b.machine.runUntilCycle(WARM);
      const osB = createOsView(b.machine, { symbols: b.symbols, imageBytes: b.image.bytes });
      runSampling(a, osA, 0, 4_000_000);
      runSampling(b, osB, WARM, 4_000_000);
      const sa = osA.read();
      expect(sa.tasks.length).toBeGreaterThanOrEqual(2);
      expect(summary(osB.read())).toEqual(summary(sa));
    });
  }

  it('reports an interrupt nobody handles (NMI, vector 3) and exits with 0x100 + vector', async () => {
    const s = await boot(img('demo.coff'));
    s.machine.runUntilCycle(2_000_000);
    s.machine.cpu.setIrq(3, true);
    const stop = s.machine.runCycles(2_000_000);
    expect(stop).toMatchObject({ kind: 'exit', code: 0x103 });
    const m = /\*\*\* CPU EXCEPTION 3 \(NMI\) at PC 0x([0-9a-f]+) in task '([a-z-]+)'\n/.exec(s.machine.serial().outputText());
    expect(m).not.toBeNull();
    expect(parseInt(m![1], 16)).toBeLessThan(0x8000); // an address in ROM code
    expect(m![2]).not.toBe('-');
  });

  it('reports the problems of the faults image by name', async () => {
    const s = await boot(img('faults.coff'));
    const os = createOsView(s.machine, { symbols: s.symbols, track: true });
    expect(s.machine.runCycles(20_000_000)).toBeNull();
    const out = s.machine.serial().outputText();
    expect(out).toMatch(/\*\*\* FAULT: stack overflow in task 'overflow' at 0x[89a-f][0-9a-f]{3}\n/);
    expect(out).toContain('faults: all scenarios in place (3 faults reported)');
    const st = os.read();
    const kinds = st.findings.map((f) => f.kind);
    expect(kinds).toContain('stack-overflow');
    expect(kinds).toContain('deadlock');
    expect(kinds).toContain('heap-corrupt-header');
    const overflow = st.findings.find((f) => f.kind === 'stack-overflow')!;
    expect(overflow.message).toMatch(/"overflow"/);
    expect(out).toContain(`'overflow' at 0x${overflow.address!.toString(16)}\n`);
    const dl = st.findings.find((f) => f.kind === 'deadlock')!;
    expect(dl.message).toMatch(/"left".*"right"|"right".*"left"/);
    // The double free: counted by the kernel, and caught by the allocator hooks (the H8/300
    // calling convention in src/os/callconv.ts) with the task that did it.
    expect(st.findings.find((f) => f.kind === 'heap-errors-reported' && /heap "heap"/.test(f.message))).toBeDefined();
    expect(callConvention('h8300')).not.toBeNull();
    expect(st.findings.find((f) => f.kind === 'double-free')!.message).toMatch(/"double-free"/);
    expect(st.findings.find((f) => f.kind === 'heap-corrupt-header')!.message).toMatch(/heap "scratch"/);
  });
});

function h8Toolchain(): boolean {
  const ok = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
  return ok('h8300-hms-gcc') && ok('h8300-hms-ld') && ok('make');
}

describe('H8/300 firmware rebuild', () => {
  it('reproduces every committed H8/300 image byte for byte', () => {
    if (!h8Toolchain()) {
      // CI installs only the 68000 and ARM toolchains so far: a loud notice, never a failure.
      console.warn('\n***************\n*** gcc-h8300-hms / binutils-h8300-hms are not installed: the committed H8/300 ' +
        'firmware images were NOT checked against a rebuild ***\n***************\n');
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 'bytebos-fw-h8-'));
    try {
      const r = spawnSync('make', ['-C', FIRMWARE, `OUT=${out}`, 'h8300'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      for (const app of APPS) {
        for (const ext of ['coff', 'bin']) {
          const rel = join('h8300', `${app}.${ext}`);
          expect(existsSync(join(out, rel)), rel).toBe(true);
          const same = Buffer.compare(readFileSync(join(out, rel)), readFileSync(join(IMAGES, rel))) === 0;
          expect(same, `${rel} differs from a rebuild (run make -C firmware h8300 and commit)`).toBe(true);
        }
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
