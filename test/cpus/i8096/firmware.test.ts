/**
 * firmware/tests/i8096/<name>.a96 are the sources. Each committed image must be what the
 * assembler makes of it (rebuild: node dist/firmware/tests/i8096/build.js), every instruction
 * must survive disassembly and reassembly, and the scenarios must pass in the regression runner.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../../cpus/i8096/disasm.js';
import { assembleInstruction, assembleProgram } from '../../../cpus/i8096/asm.js';
import { PROGRAMS, imageOf } from '../../../firmware/tests/i8096/build.js';
import { runSuite } from '../../../src/regress/suite.js';
import { buildMachine, loadBoard } from '../../../src/boards/board.js';
import { applySnapshot, captureSnapshot, decodeSnapshot, encodeSnapshot } from '../../../src/core/snapshot.js';
import { projectRoot } from '../../../src/boards/board.js';

const dir = join(projectRoot(), 'firmware', 'tests', 'i8096');
const BASE = 0x2000;

describe('i8096 firmware', () => {
  const image = readFileSync(join(dir, 'echo.bin'));

  for (const name of PROGRAMS) {
    const source = readFileSync(join(dir, `${name}.a96`), 'utf8');

    it(`${name}.bin is up to date with ${name}.a96`, () => {
      expect(Buffer.from(imageOf(source).image).equals(readFileSync(join(dir, `${name}.bin`)))).toBe(true);
    });

    it(`${name}: each instruction disassembles to text that assembles to the same bytes`, () => {
      const p = assembleProgram(source);
      const peek = (a: number): number => p.bytes.get(a) ?? 0xff;
      let n = 0;
      for (const l of p.listing) {
        if (/^DC[BW]\b/i.test(l.source)) continue;
        const r = disassemble(l.addr, peek, 'i8096');
        expect(r.length, l.source).toBe(l.bytes.length);
        expect(assembleInstruction(r.text, l.addr), `${l.source} / ${r.text}`).toEqual(l.bytes);
        n++;
      }
      expect(n).toBeGreaterThan(30);
    });
  }

  it('the scenarios pass (echo: banner, echo, exit 0; ticks: 10 timer interrupts, watchdog kept quiet)', async () => {
    const { results } = await runSuite(PROGRAMS.map((n) => join(dir, `${n}.yaml`)));
    for (const r of results) {
      expect(r.error, r.name).toBeNull();
      expect(r.status, r.name).toBe('passed');
    }
  });

  it('a run resumed from a snapshot taken mid-echo ends exactly like the uninterrupted run', async () => {
    const boot = async () => {
      const m = await buildMachine(loadBoard('i8096-generic'));
      m.bus.load(BASE, image);
      m.reset();
      m.serial().send([...Buffer.from('snapshot test\r')]);
      return m;
    };
    const a = await boot();
    a.runCycles(20_000); // inside the banner: a character is on the wire
    expect(a.serial().output.length).toBeGreaterThan(0);
    const snap = encodeSnapshot(captureSnapshot(a, { board: 'i8096-generic' }));
    const endA = a.runCycles(2_000_000);
    const b = await boot();
    applySnapshot(b, decodeSnapshot(snap, 'mem'));
    const outBefore = a.serial().outputText();
    const endB = b.runCycles(2_000_000);
    expect(endA?.kind).toBe('exit');
    expect(endB).toEqual(endA);
    expect(b.scheduler.now).toBe(a.scheduler.now);
    expect(b.cpu.instructions).toBe(a.cpu.instructions);
    expect(outBefore.endsWith(b.serial().outputText())).toBe(true);
    expect(b.serial().outputText()).toContain('bye');
  });
});
