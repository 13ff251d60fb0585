/**
 * What every adapter does after stepping one instruction: compare registers and the bytes the
 * vector lists, flag writes to bytes it does not list, flag a halted CPU, and build the result.
 */
import type { HaltInfo } from '../core/cpu.js';
import type { Mismatch, TestResult } from './types.js';

export class Comparison {
  readonly mismatches: Mismatch[] = [];
  constructor(private readonly addrDigits = 4) {}

  private addr(a: number): string {
    return `0x${(a >>> 0).toString(16).padStart(this.addrDigits, '0')}`;
  }

  check(what: string, expected: number, got: number): void {
    if (expected !== got) this.mismatches.push({ what, expected, got });
  }

  /**
   * Compare every byte the vector lists (read with `get`; -1 when nothing is there), then
   * report bytes in `written` that it does not list. Returns the listed addresses.
   */
  ram(final: [number, number][], get: (a: number) => number | undefined, written: Iterable<number>): Set<number> {
    const listed = new Set<number>();
    for (const [a, v] of final) {
      listed.add(a);
      this.check(`ram[${this.addr(a)}]`, v, get(a) ?? -1);
    }
    for (const a of written) if (!listed.has(a)) this.stray(a, -1, get(a) ?? -1);
    return listed;
  }

  /** A byte changed that the vector does not list (`expected` is its value before, or -1). */
  stray(a: number, expected: number, got: number): void {
    this.mismatches.push({ what: `stray write ram[${this.addr(a)}]`, expected, got });
  }

  halted(h: HaltInfo | null): void {
    if (h) this.mismatches.push({ what: `halted: ${h.message}`, expected: 0, got: 1 });
  }

  result(name: unknown, cyclesMatch: boolean | null): TestResult {
    return { name: String(name), pass: this.mismatches.length === 0, mismatches: this.mismatches, cyclesMatch };
  }
}

/** A flags mask without the named don't-care bits ("CCR.V" -> bit of V). */
export function maskWithout(names: Iterable<string>, prefix: string, bits: Record<string, number>, full = 0xff): number {
  let m = full;
  for (const n of names) if (n.startsWith(prefix)) m &= ~(bits[n.slice(prefix.length)] ?? 0);
  return m;
}
