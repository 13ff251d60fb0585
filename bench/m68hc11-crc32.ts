/**
 * 68HC11 interpreter speed: the bitwise CRC-32 loop of firmware/tests/m68hc11/crc32.s
 * (extended-mode LSR/ROR, direct-page loads/stores, immediate EOR, BCC/BNE, DECB/DEY).
 * Run: npm run build && node dist/bench/m68hc11-crc32.js. Prints MIPS (millions of emulated
 * instructions per second).
 */
import b from 'benny';
import { crc32Setup } from '../firmware/tests/m68hc11/crc32.js';

const { cpu } = crc32Setup();
const BUDGET = 200_000; // E cycles per run() call
let insns = 0;
let calls = 0;

export const suites = [
  b.suite(
    'm68hc11',
    b.add('CRC-32 loop, run(200k cycles)', () => {
      const before = cpu.instructions;
      cpu.run(BUDGET);
      insns += cpu.instructions - before;
      calls++;
    }),
    b.cycle((_r: unknown, summary: { results: { ops: number }[] }) => {
      const perCall = insns / Math.max(1, calls);
      const mips = (summary.results[0].ops * perCall) / 1e6;
      console.log(`m68hc11 CRC-32: ${mips.toFixed(1)} MIPS (${perCall.toFixed(0)} instructions per call)`);
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
  console.log(`m68hc11 CRC-32: ${cpuTimeMips().toFixed(1)} MIPS by CPU time`);
}

await main();
