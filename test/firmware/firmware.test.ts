/**
 * The reference kernel's committed firmware images: banners, ROM images, and (for every CPU
 * whose core is registered) the selftest's exit status, the demo's golden log, the faults
 * image's kernel state read through the layouts documented in firmware/kernel/README.md, and
 * a byte-for-byte rebuild when the cross toolchains are installed.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { findCpu } from '../../cpus/registry.js';
import { loadBoard, buildMachine, projectRoot } from '../../src/boards/board.js';
import { loadImageFile, type LoadedImage } from '../../src/loaders/index.js';
import { placeImage } from '../../src/loaders/place.js';
import { findBanners } from '../../src/loaders/banner.js';
import type { Machine, StopReason } from '../../src/core/machine.js';

const ROOT = projectRoot();
const FIRMWARE = join(ROOT, 'firmware');
const IMAGES = join(FIRMWARE, 'images');

interface Build {
  label: string;
  cpu: string;
  board: string;
  dir: string;
  suffix: string;
  bannerCpu: string;
}

const BUILDS: Build[] = [
  { label: 'm68000', cpu: 'm68000', board: 'm68000-generic', dir: 'm68000', suffix: '', bannerCpu: '68000' },
  { label: 'arm7tdmi ARM', cpu: 'arm7tdmi', board: 'arm7tdmi-generic', dir: 'arm7tdmi', suffix: '-arm', bannerCpu: 'ARM' },
  { label: 'arm7tdmi Thumb', cpu: 'arm7tdmi', board: 'arm7tdmi-generic', dir: 'arm7tdmi', suffix: '-thumb', bannerCpu: 'THUMB' },
];

const APPS = ['demo', 'selftest', 'faults'];

function imagePath(b: Build, app: string, ext: string): string {
  return join(IMAGES, b.dir, `${app}${b.suffix}.${ext}`);
}

interface RunResult {
  machine: Machine;
  stop: StopReason | null;
  out: string;
  image: LoadedImage;
}

async function runImage(b: Build, app: string, cycles: number, input = ''): Promise<RunResult> {
  const machine = await buildMachine(loadBoard(b.board));
  const image = loadImageFile(imagePath(b, app, 'elf'));
  placeImage(machine.bus, image);
  machine.reset();
  if (input) machine.serial().send(Buffer.from(input, 'latin1'));
  const stop = machine.runCycles(cycles);
  return { machine, stop, out: machine.serial().outputText(), image };
}

function coreMissing(b: Build): boolean {
  const present = Boolean(findCpu(b.cpu)?.load);
  if (!present) {
    console.warn(`\n*** test/firmware: the ${b.cpu} core is not registered in cpus/registry.ts yet; ` +
      `the ${b.label} images are not run ***\n`);
  }
  return !present;
}

// ---- reading kernel objects through the documented layouts ---------------------------------

class KernelView {
  constructor(private readonly m: Machine, private readonly image: LoadedImage) {}
  sym(name: string): number {
    const s = this.image.symbols.find((x) => x.name === name);
    if (!s) throw new Error(`symbol ${name} not in the image`);
    return s.addr;
  }
  u8(a: number): number {
    return this.m.bus.peek8(a);
  }
  u16(a: number): number {
    return this.m.bus.peek16(a);
  }
  u32(a: number): number {
    return this.m.bus.peek32(a) >>> 0;
  }
  str(a: number): string {
    let s = '';
    for (let c = this.u8(a); c !== 0 && s.length < 64; c = this.u8(++a)) s += String.fromCharCode(c);
    return s;
  }
  /** Objects of a registry list, checking the next/prev links on the way. */
  registry(root: string): number[] {
    const head = this.sym(root);
    const out: number[] = [];
    let prev = 0;
    for (let o = this.u32(head); o !== 0; o = this.u32(o)) {
      expect(this.u32(o + 4), `${root}: prev link of ${o.toString(16)}`).toBe(prev);
      out.push(o);
      prev = o;
      if (out.length > 200) throw new Error(`${root}: list does not end`);
    }
    expect(this.u32(head + 4), `${root}: last`).toBe(prev);
    return out;
  }
  byName(root: string, name: string): number {
    const o = this.registry(root).find((x) => this.str(this.u32(x + 8)) === name);
    if (o === undefined) throw new Error(`no object "${name}" on ${root}`);
    return o;
  }
}

const MAGIC: Record<string, number> = {
  bb_task_list: 0x544b, bb_sem_list: 0x534d, bb_mbox_list: 0x4d42, bb_timer_list: 0x544d,
  bb_event_list: 0x4556, bb_mem_list: 0x4d45, bb_device_list: 0x4456,
};

// ---- tests -------------------------------------------------------------------------------------

describe('reference kernel images', () => {
  for (const b of BUILDS) {
    describe(b.label, () => {
      it('has every image, with the reference banner naming the CPU in ELF and binary', () => {
        for (const app of APPS) {
          for (const ext of ['elf', 'bin']) {
            const bytes = new Uint8Array(readFileSync(imagePath(b, app, ext)));
            const banners = findBanners(bytes);
            expect(banners.length, `${app}.${ext}`).toBe(1);
            expect(banners[0]).toMatchObject({ kind: 'reference', cpuText: b.bannerCpu, cpuId: b.cpu });
            expect(banners[0].text).toBe(
              `Byte-BOS-model reference kernel for ${b.bannerCpu} -- Multitasking Operating System (bytebos-emu clean-room kernel)`,
            );
          }
        }
      });

      it('has binaries that hold exactly the ELF load segments from address 0', () => {
        for (const app of APPS) {
          const image = loadImageFile(imagePath(b, app, 'elf'));
          const bin = new Uint8Array(readFileSync(imagePath(b, app, 'bin')));
          const end = Math.max(...image.segments.map((s) => s.addr + s.data.length));
          expect(bin.length, app).toBe(end);
          for (const s of image.segments) expect(Buffer.from(bin.subarray(s.addr, s.addr + s.data.length)).equals(Buffer.from(s.data)), app).toBe(true);
        }
      });

      it('passes its selftest inside the emulator (exit status 0)', async () => {
        if (coreMissing(b)) return;
        const r = await runImage(b, 'selftest', 60_000_000, 'ping\n');
        expect(r.out).toContain('selftest: 12 passed, 0 failed');
        expect(r.out).not.toContain('not ok');
        expect(r.out).not.toContain('# SKIP');
        expect(r.stop).toMatchObject({ kind: 'exit', code: 0 });
      });

      it('prints the golden demo log and exits 0', async () => {
        if (coreMissing(b)) return;
        const golden = readFileSync(join(IMAGES, b.dir, `demo${b.suffix}.log`), 'utf8');
        const r = await runImage(b, 'demo', 40_000_000);
        expect(r.stop).toMatchObject({ kind: 'exit', code: 0 });
        expect(r.out).toBe(golden);
        // Everything the demo made is reachable from the documented roots.
        const k = new KernelView(r.machine, r.image);
        const tasks = k.registry('bb_task_list').map((t) => k.str(k.u32(t + 8)));
        expect(tasks).toEqual(['supervisor', 'idle', 'consumer', 'producer', 'worker-a', 'worker-b', 'heap-user', 'finisher', 'heartbeat', 'isr-listener']);
        const finisher = k.byName('bb_task_list', 'finisher');
        expect(k.u8(finisher + 73)).toBe(7); // terminated
        expect(k.u32(k.sym('bb_current'))).toBe(k.byName('bb_task_list', 'supervisor'));
        const timer = k.byName('bb_timer_list', 'heartbeat');
        expect(k.u32(timer + 36)).toBe(4); // expiries
        expect(k.u32(timer + 32)).toBe(k.byName('bb_event_list', 'heartbeat'));
        // The consumer's trace ring holds its last message-box gets (call 4, box, timeout, OK).
        const consumer = k.byName('bb_task_list', 'consumer');
        const ring = k.u32(consumer + 60);
        expect(k.u16(consumer + 64)).toBe(4);
        const box = k.byName('bb_mbox_list', 'readings');
        const records = [0, 1, 2, 3].map((i) => ({
          call: k.u16(ring + 16 * i), arg0: k.u32(ring + 16 * i + 4), arg1: k.u32(ring + 16 * i + 8), ret: k.u32(ring + 16 * i + 12),
        }));
        expect(records.filter((x) => x.call === 4 && x.arg0 === box && x.arg1 === 0xffffffff && x.ret === 0).length).toBeGreaterThanOrEqual(1);
        // Stacks: filled with 0xA5, guard zones intact in tasks that ended normally.
        const idle = k.u32(k.sym('bb_idle_task'));
        for (const t of [idle, finisher]) for (let a = k.u32(t + 28); a < k.u32(t + 28) + 16; a += 4) expect(k.u32(a)).toBe(0xa5a5a5a5);
      });

      it('leaves the documented fault scenarios in the faults image', async () => {
        if (coreMissing(b)) return;
        const r = await runImage(b, 'faults', 20_000_000);
        expect(r.stop).toBeNull();
        expect(r.out).toMatch(/\*\*\* FAULT: stack overflow in task 'overflow' at 0x[0-9a-f]+\n/);
        expect(r.out).toMatch(/\*\*\* FAULT: heap chunk header corrupted in task 'scribbler' at 0x[0-9a-f]+\n/);
        expect(r.out).toMatch(/\*\*\* FAULT: double free in task 'double-free' at 0x[0-9a-f]+\n/);
        expect(r.out).toContain('faults: all scenarios in place (3 faults reported)');
        const k = new KernelView(r.machine, r.image);
        for (const [root, magic] of Object.entries(MAGIC)) for (const o of k.registry(root)) expect(k.u16(o + 12), root).toBe(magic);
        expect(k.u32(k.sym('bb_fault_count'))).toBe(3);
        // Stack overflow: task stopped (suspended, flag 0x1), its guard zone overwritten.
        const ovf = k.byName('bb_task_list', 'overflow');
        expect(k.u16(ovf + 14) & 1).toBe(1);
        expect(k.u8(ovf + 73)).toBe(6);
        expect(k.u32(k.u32(ovf + 28))).not.toBe(0xa5a5a5a5);
        // Deadlock: left waits for B, right waits for A, each holding the other (count 0).
        const semA = k.byName('bb_sem_list', 'A');
        const semB = k.byName('bb_sem_list', 'B');
        const left = k.byName('bb_task_list', 'left');
        const right = k.byName('bb_task_list', 'right');
        expect([k.u8(left + 73), k.u32(left + 36)]).toEqual([2, semB]);
        expect([k.u8(right + 73), k.u32(right + 36)]).toEqual([2, semA]);
        expect([k.u32(semA + 24), k.u32(semA + 16), k.u32(semB + 16)]).toEqual([0, right, left]);
        // Corrupted header: writing 40 bytes into a 24-byte chunk (28 usable) overran the next
        // chunk's next/prev/size; its state word survived.
        const scratch = k.byName('bb_mem_list', 'scratch');
        const first = k.u32(scratch + 28);
        expect(k.u32(first + 16)).toBe(0x55534544); // USED
        const second = first + k.u32(first + 8);
        expect([k.u32(second), k.u32(second + 8), k.u32(second + 16)]).toEqual([0x55555555, 0x55555555, 0x55534544]);
        expect(k.u32(scratch + 40)).toBe(1);
        // Double free: detected on the system heap, which stays sound.
        const heap = k.sym('bb_heap');
        expect(k.u32(heap + 40)).toBe(1);
        let free = 0;
        for (let c = k.u32(heap + 28), prev = 0; c !== 0; prev = c, c = k.u32(c)) {
          expect(k.u32(c + 4)).toBe(prev);
          expect([0x46524545, 0x55534544]).toContain(k.u32(c + 16));
          if (k.u32(c + 16) === 0x46524545) free += k.u32(c + 8);
        }
        expect(free).toBe(k.u32(heap + 32));
      });
    });
  }
});

function hasToolchains(): boolean {
  const ok = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
  return ok('m68k-linux-gnu-gcc') && ok('arm-none-eabi-gcc') && ok('make');
}

describe('firmware rebuild', () => {
  it('reproduces every committed image byte for byte', () => {
    if (!hasToolchains()) {
      const msg = 'the cross toolchains (gcc-m68k-linux-gnu, gcc-arm-none-eabi) are not installed: ' +
        'the committed firmware images were NOT checked against a rebuild';
      if (process.env.CI === 'true') throw new Error(msg);
      console.warn(`\n***************\n*** ${msg} ***\n***************\n`);
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 'bytebos-fw-'));
    try {
      const r = spawnSync('make', ['-C', FIRMWARE, `OUT=${out}`, '-j2'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      for (const b of BUILDS) {
        for (const app of APPS) {
          for (const ext of ['elf', 'bin']) {
            const rel = join(b.dir, `${app}${b.suffix}.${ext}`);
            expect(existsSync(join(out, rel)), rel).toBe(true);
            const same = Buffer.compare(readFileSync(join(out, rel)), readFileSync(join(IMAGES, rel))) === 0;
            expect(same, `${rel} differs from a rebuild (run make -C firmware and commit)`).toBe(true);
          }
        }
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
