/**
 * firmware/tests/m68hc11: the committed images are what build.sh makes of the sources (checked
 * when binutils-m68hc1x is installed), the self-checking interrupt program passes on the
 * m68hc11-generic board, and the CRC-32 program computes the CRC the JavaScript reference does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMachine, loadBoard } from '../../../src/boards/board.js';
import { HC11_TESTS_DIR, ROM_BASE, imageOf } from '../../../firmware/tests/m68hc11/symbols.js';
import { crc32Reference, crc32Setup } from '../../../firmware/tests/m68hc11/crc32.js';
import { runSuite } from '../../../src/regress/suite.js';

function haveTools(): boolean {
  try {
    execFileSync('m68hc11-as', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    process.stderr.write('\n!! m68hc11-as not installed: the committed 68HC11 images were NOT checked against their sources\n');
    if (process.env.CI === 'true') throw new Error('m68hc11-as is needed in CI');
    return false;
  }
}

async function boot(prog: string) {
  const m = await buildMachine(loadBoard('m68hc11-generic'));
  m.bus.load(ROM_BASE, imageOf(prog));
  m.reset();
  return m;
}

describe('m68hc11 firmware', () => {
  it.runIf(haveTools())('build.sh rebuilds every committed image, symbol table and listing byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'hc11-'));
    try {
      execFileSync(join(HC11_TESTS_DIR, 'build.sh'), [out]);
      const built = readdirSync(out).sort();
      expect(built).toContain('interrupts.bin');
      expect(built).toContain('crc32.bin');
      expect(built).toContain('echo.bin');
      for (const f of built) expect(readFileSync(join(out, f)).equals(readFileSync(join(HC11_TESTS_DIR, f))), f).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('interrupts: INIT, SWI, illegal opcode, TAP, RTI, OC2, SCI receive interrupts all check out', async () => {
    const m = await boot('interrupts');
    m.serial().send([...Buffer.from('hi')]);
    const stop = m.runCycles(2_000_000);
    expect(m.messages).toEqual([]);
    expect(stop).toMatchObject({ kind: 'exit', code: 0 });
    expect(m.serial().outputText()).toBe('HI');
    // WAI idled: three RTI periods (8192 E cycles each) and the serial frames were skipped.
    expect(m.idleCycles).toBeGreaterThan(3 * 8192);
  });

  it('echo.yaml passes in the regression runner (banner, SCI receive interrupts, WAI, exit 0)', async () => {
    const { results } = await runSuite([join(HC11_TESTS_DIR, 'echo.yaml')]);
    expect(results.length).toBe(1);
    expect(results[0].error).toBeNull();
    expect(results[0].status).toBe('passed');
  });

  it('crc32: the program computes the reference CRC-32', () => {
    const { cpu, data, resultAddr, loopEnd } = crc32Setup();
    let guard = 0;
    while (cpu.pc !== loopEnd && guard++ < 5_000_000) cpu.step();
    expect(cpu.pc).toBe(loopEnd);
    const got = cpu.bus.peek32(resultAddr);
    expect(got).toBe(crc32Reference(data));
  });
});
