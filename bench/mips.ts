/**
 * One way to measure a core's speed: benny times `cpu.run(budget)` calls on a workload that
 * never ends, and the result is printed as MIPS (millions of emulated instructions per second)
 * from benny's median sample, plus the same loop timed by CPU time (which other processes on a
 * busy machine do not inflate).
 */
import b from 'benny';
import type { Cpu } from '../src/core/cpu.js';

export async function mipsBench(label: string, cpu: Cpu, budget: number, unit = 'cycles'): Promise<void> {
  let insns = 0;
  let calls = 0;
  await b.suite(
    label,
    b.add(`${label}, run(${budget / 1000}k ${unit})`, () => {
      const before = cpu.instructions;
      cpu.run(budget);
      insns += cpu.instructions - before;
      calls++;
    }),
    b.cycle((_r: unknown, summary: { results: { ops: number; details: { median: number } }[] }) => {
      const perCall = insns / Math.max(1, calls);
      const med = summary.results[0].details.median; // seconds per call
      console.log(`${label}: ${(perCall / med / 1e6).toFixed(1)} MIPS median (${((summary.results[0].ops * perCall) / 1e6).toFixed(1)} mean; ${perCall.toFixed(0)} instructions per call)`);
    }),
    b.complete(),
  );
  const u0 = process.cpuUsage();
  const i0 = cpu.instructions;
  for (let i = 0; i < 300; i++) cpu.run(budget);
  const u = process.cpuUsage(u0);
  console.log(`${label}: ${((cpu.instructions - i0) / ((u.user + u.system) / 1e6) / 1e6).toFixed(1)} MIPS by CPU time`);
}
