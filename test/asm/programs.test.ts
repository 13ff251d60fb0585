/**
 * The self-checking 8096 programs of firmware/tests/i8096, assembled here by the project's own
 * assembler and run on the i8096-generic board: each prints "PASS <name>: <n> checks" on the
 * console and exits with 0, or prints "FAIL <name>: check <n>" and exits with n.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleFile, assembleText, segmentsOf, type Assembly } from '../../src/asm/assembler.js';
import { createAssembler } from '../../cpus/i8096/asm.js';
import { PROGRAMS as IMAGES, imageOf } from '../../firmware/tests/i8096/build.js';
import { buildMachine, loadBoard, projectRoot } from '../../src/boards/board.js';
import type { Machine } from '../../src/core/machine.js';

const dir = join(projectRoot(), 'firmware', 'tests', 'i8096');
const cpu = createAssembler('i8096');

async function boot(a: Assembly, input = ''): Promise<Machine> {
  const m = await buildMachine(loadBoard('i8096-generic'));
  for (const s of segmentsOf(a.bytes)) m.bus.load(s.addr, s.data);
  m.reset();
  if (input) m.serial().send([...Buffer.from(input, 'latin1')]);
  return m;
}

const PROGRAMS: { name: string; checks: number; input?: string; cycles: number }[] = [
  { name: 'interrupts', checks: 24, cycles: 2_000_000 },
  { name: 'serial', checks: 10, input: '8096\r', cycles: 1_000_000 },
  { name: 'hso', checks: 11, cycles: 1_000_000 },
  { name: 'watchdog', checks: 2, cycles: 3_000_000 },
];

describe('self-checking 8096 programs (assembled by bytebos asm, run on i8096-generic)', () => {
  for (const p of PROGRAMS) {
    it(`${p.name}.a96 passes all its checks`, async () => {
      const a = assembleFile(join(dir, `${p.name}.a96`), { cpu });
      const m = await boot(a, p.input);
      const stop = m.runCycles(p.cycles);
      const out = m.serial().outputText();
      expect(out).toContain(`PASS ${p.name}: ${p.checks} checks\r\n`);
      expect(stop).toMatchObject({ kind: 'exit', code: 0 });
      if (p.name === 'watchdog') {
        expect(m.resets.map((r) => r.reason)).toEqual([expect.stringMatching(/^watchdog timeout/)]);
      } else expect(m.resets).toEqual([]);
    });
  }

  it('a check that does not hold fails with its number (the programs really check)', async () => {
    const file = join(dir, 'interrupts.a96');
    const src = readFileSync(file, 'utf8');
    // Expect EXTINT to run second instead of first among the three simultaneous interrupts.
    const wrong = src.replace('CMPB  ORDER, #7\n', 'CMPB  ORDER, #4\n');
    expect(wrong).not.toBe(src);
    // The checks run in source order, so the failing one is 1 + the checks above that line.
    const before = src.slice(0, src.indexOf('CMPB  ORDER, #7\n'));
    const n = (before.match(/LCALL\s+check/g) ?? []).length + 1;
    const bad = assembleText(wrong, file, { cpu });
    expect(n).toBeGreaterThan(1);
    const m = await boot(bad);
    const stop = m.runCycles(2_000_000);
    expect(m.serial().outputText()).toContain(`FAIL interrupts: check ${n}\r\n`);
    expect(stop).toMatchObject({ kind: 'exit', code: n });
  });

  it('the listing of a program names each included file and line', () => {
    const a = assembleFile(join(dir, 'hso.a96'), { cpu });
    const files = new Set(a.listing.map((l) => l.file!.replace(/\\/g, '/').split('/').pop()));
    expect([...files].sort()).toEqual(['hso.a96', 'report.inc', 'sfr.inc']);
    expect(a.symbols.get('HSO_COMMAND')).toBe(6);
    expect(a.symbols.get('PUTDEC.DIV')).toBeGreaterThan(0x2080);
  });

  for (const name of IMAGES) {
    it(`the committed ${name}.bin and ${name}.lst (run by bytebos test scenarios) equal a fresh assembly`, () => {
      const { image, listing } = imageOf(readFileSync(join(dir, `${name}.a96`), 'utf8'), `${name}.a96`);
      expect(Buffer.from(image).equals(readFileSync(join(dir, `${name}.bin`)))).toBe(true);
      expect(listing).toBe(readFileSync(join(dir, `${name}.lst`), 'utf8'));
    });
  }
});
