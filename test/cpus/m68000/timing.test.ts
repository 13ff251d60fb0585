/**
 * The manual's timing in spec.ts against the clocks the core spends: every JSON vector
 * that runs to completion (no exception) and whose row's timing is a formula of table
 * 8-1 (effective address times) is checked. The vectors themselves check the core's
 * clocks; this checks that the table a reader sees says the same.
 */
import { describe, expect, it } from 'vitest';
import { listVectorFiles, loadVectorFile, requireVectors } from '../../../src/conformance/runner.js';
import { COMPILED, EA_MODE, decodeTableOnce, field, opSize, type CompiledOp } from '../../../cpus/m68000/spec.js';
import { M68000Harness } from '../../../cpus/m68000/conformance.js';

// MC68000UM table 8-1, by EA mode number (Dn An (An) (An)+ -(An) d16 idx abs.w abs.l d16pc idxpc #).
const EA_BW = [0, 0, 4, 4, 6, 8, 10, 8, 12, 8, 10, 4];
const EA_L = [0, 0, 8, 8, 10, 12, 14, 12, 16, 12, 14, 8];
// MOVE destination times (tables 8-2/8-3 minus the source part): -(An) costs no extra clocks.
const DST_BW = [0, 0, 4, 4, 4, 8, 10, 8, 12];
const DST_L = [0, 0, 8, 8, 8, 12, 14, 12, 16];
const BY_NAME: Record<string, number> = { '(An)': 2, d16: 5, idx: 6, 'abs.w': 7, 'abs.l': 8 };

/** Manual clocks for row `c` executing `op`, or null when the row's note is not a formula. */
export function manualClocks(c: CompiledOp, op: number): number | null {
  const t = c.spec.cycles;
  const size = opSize(c, op);
  const e = field(c, 'e', op);
  const m = e >= 0 ? EA_MODE[e] : -1;
  const ea = m < 0 ? 0 : size === 4 ? EA_L[m] : EA_BW[m];
  const pick = (bw: string, l?: string): number => Number(size === 4 && l !== undefined ? l : bw);
  if (/\dn\b|[*<]|trap|taken|table 8-12/.test(t) && !t.startsWith("(An)")) return null;
  if (t.startsWith('4+ea+dst')) {
    const f = field(c, 'E', op);
    const dm = EA_MODE[((f & 7) << 3) | (f >> 3)];
    return 4 + ea + (size === 4 ? DST_L[dm] : DST_BW[dm]);
  }
  if (t.startsWith('(An)')) {
    for (const part of t.split(', ')) {
      const [name, v] = part.split(' ');
      const mm = BY_NAME[name];
      if (mm === m || (mm === 5 && m === 9) || (mm === 6 && m === 10)) return Number(v);
    }
    return null;
  }
  let m1: RegExpMatchArray | null;
  if ((m1 = t.match(/^Dn (\d+)(?:,(\d+))?;(?: An (\d+),(\d+);)? M (\d+)\+ea(?:,(\d+)\+ea)?(?:; # (\d+))?$/))) {
    if (m === 0) return pick(m1[1], m1[2]);
    if (m === 11 && m1[7] !== undefined) return Number(m1[7]);
    if (m === 1) return m1[3] === undefined ? null : pick(m1[3], m1[4]);
    return pick(m1[5], m1[6]) + ea;
  }
  if ((m1 = t.match(/^(\d+)\+ea(?:,(\d+)\+ea)?(?: \((\d+)\+ea (Dn\/An\/#|Dn\/#)\))?$/))) {
    if (m1[3] !== undefined && size === 4 && (m === 0 || m === 11 || (m === 1 && m1[4] === 'Dn/An/#'))) return Number(m1[3]) + ea;
    return pick(m1[1], m1[2]) + ea;
  }
  if ((m1 = t.match(/^(\d+)(?:,(\d+))?$/))) return pick(m1[1], m1[2]);
  return null;
}

const dir = requireVectors('m68000');

describe('m68000 spec timing', () => {
  it.runIf(dir !== null)('agrees with the clocks of every completed JSON vector it can express', () => {
    const files = listVectorFiles([dir as string]).filter((f) => f.endsWith('.json.gz') && !f.includes('/full/'));
    const decode = decodeTableOnce();
    const harness = new M68000Harness();
    const wrong: string[] = [];
    let compared = 0;
    for (const file of files) {
      for (const t of loadVectorFile(file)) {
        const tr = t.transactions as unknown[][];
        // Skip exceptions: address errors, and any read of the vector table.
        if (tr.some((x) => x[0] === 're' || x[0] === 'we' || (x[0] === 'r' && (x[3] as number) < 0x400 && (x[2] === 5 || x[2] === 6)))) continue;
        const ini = t.initial as { prefetch: number[] };
        const op = ini.prefetch[0];
        const row = decode[op];
        if (row === 0xffff) continue;
        const c = COMPILED[row];
        if (/STOP|RESET|TRAP|CHK|ILLEGAL|LINE/.test(c.spec.asm)) continue;
        const want = manualClocks(c, op);
        if (want === null) continue;
        const r = harness.run(t);
        expect(r.pass).toBe(true);
        compared++;
        if (want !== t.length) wrong.push(`${t.name}: manual ${want}, vector ${t.length as number} (${c.spec.cycles})`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(compared).toBeGreaterThan(3000);
  }, 60_000);
});
