/**
 * ARM7TDMI interpreter speed: the gcc -O2 bitwise CRC-32 of firmware/tests/common/crc32.c,
 * built for ARM state and for Thumb state. Run: npm run build && node dist/bench/arm7tdmi-crc32.js.
 * Prints MIPS (millions of emulated instructions per second), median of benny's samples.
 */
import b from 'benny';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBus } from '../src/core/bus.js';
import { projectRoot } from '../src/boards/board.js';
import { Arm7tdmi } from '../cpus/arm7tdmi/index.js';

function setup(mode: 'arm' | 'thumb'): Arm7tdmi {
  const bus = createBus(false, { addrBits: 32, pageBits: 12, openBus: 0, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('rom', 'rom', 0, 0x100000);
  bus.addRegion('ram', 'ram', 0x100000, 0x100000);
  bus.load(0, readFileSync(join(projectRoot(), 'firmware', 'tests', 'arm7tdmi', `crc32-${mode}.bin`)));
  bus.write32(0x1ffff0, 0xffffffff); // iterations: never finish during the benchmark
  const cpu = new Arm7tdmi(bus, null);
  cpu.reset();
  cpu.attention = 0;
  return cpu;
}

const BUDGET = 200_000; // cycles per run() call

function suite(mode: 'arm' | 'thumb'): Promise<unknown> {
  const cpu = setup(mode);
  let insns = 0;
  let calls = 0;
  return b.suite(
    `arm7tdmi-${mode}`,
    b.add(`CRC-32 loop (${mode}), run(200k cycles)`, () => {
      const before = cpu.instructions;
      cpu.run(BUDGET);
      insns += cpu.instructions - before;
      calls++;
    }),
    b.cycle((_r: unknown, summary: { results: { ops: number; details: { median: number } }[] }) => {
      const perCall = insns / Math.max(1, calls);
      const med = summary.results[0].details.median; // seconds per call
      const mips = perCall / med / 1e6;
      console.log(`arm7tdmi CRC-32 ${mode}: ${mips.toFixed(1)} MIPS median (${(summary.results[0].ops * perCall / 1e6).toFixed(1)} mean; ${perCall.toFixed(0)} instructions per call)`);
    }),
    b.complete(),
  );
}

export async function main(): Promise<void> {
  await suite('arm');
  await suite('thumb');
}

await main();
