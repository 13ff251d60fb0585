/**
 * H8/300 interpreter speed: the bitwise CRC-32 loop of firmware/tests/h8300/crc32.s (byte
 * loads with post-increment, XOR, SHLR/ROTXR chains, Bcc, DEC), from its committed COFF image
 * on a machine-free bus (64 KB of RAM, so the exit write is plain memory and the program loops
 * for ever). Run: npm run build && node dist/bench/h8300-crc32.js. Prints MIPS (millions of
 * emulated instructions per second).
 */
import b from 'benny';
import { join } from 'node:path';
import { createBus } from '../src/core/bus.js';
import { projectRoot } from '../src/boards/board.js';
import { loadImageFile, placeImage } from '../src/loaders/index.js';
import { createCpu } from '../cpus/h8300/index.js';

function setup() {
  const bus = createBus(true, { addrBits: 16, pageBits: 8, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0, 0x10000);
  placeImage(bus, loadImageFile(join(projectRoot(), 'firmware', 'tests', 'h8300', 'crc32.coff')));
  const cpu = createCpu(bus, null);
  cpu.reset();
  return cpu;
}

const cpu = setup();
const BUDGET = 200_000; // states per run() call
let insns = 0;
let calls = 0;

export const suites = [
  b.suite(
    'h8300',
    b.add('CRC-32 loop, run(200k states)', () => {
      const before = cpu.instructions;
      cpu.run(BUDGET);
      insns += cpu.instructions - before;
      calls++;
    }),
    b.cycle((_r: unknown, summary: { results: { ops: number }[] }) => {
      const perCall = insns / Math.max(1, calls);
      const mips = (summary.results[0].ops * perCall) / 1e6;
      console.log(`h8300 CRC-32: ${mips.toFixed(1)} MIPS (${perCall.toFixed(0)} instructions per call)`);
    }),
    b.complete(),
  ),
];

/** The same loop timed by CPU time, which other processes on a busy machine do not inflate. */
function cpuTimeMips(): number {
  const u0 = process.cpuUsage();
  const i0 = cpu.instructions;
  for (let i = 0; i < 300; i++) cpu.run(BUDGET);
  const u = process.cpuUsage(u0);
  return (cpu.instructions - i0) / ((u.user + u.system) / 1e6) / 1e6;
}

export async function main(): Promise<void> {
  for (const s of suites) await s;
  if (cpu.bus.peek16(0xfb80) !== 0xcbf4 || cpu.bus.peek16(0xfb82) !== 0x3926) throw new Error('h8300 CRC-32: wrong result');
  console.log(`h8300 CRC-32: ${cpuTimeMips().toFixed(1)} MIPS by CPU time`);
}

await main();
