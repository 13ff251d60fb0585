/**
 * firmware/tests/i8096/echo.*: the listing is the source of the hand-encoded image. The image
 * must match the listing byte for byte, every listed instruction must disassemble to its
 * source text, and the scenario must pass in the regression runner.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../../cpus/i8096/disasm.js';
import { runSuite } from '../../../src/regress/suite.js';
import { buildMachine, loadBoard } from '../../../src/boards/board.js';
import { applySnapshot, captureSnapshot, decodeSnapshot, encodeSnapshot } from '../../../src/core/snapshot.js';
import { projectRoot } from '../../../src/boards/board.js';

const dir = join(projectRoot(), 'firmware', 'tests', 'i8096');
const BASE = 0x2000;

function listing(): { addr: number; bytes: number[]; source: string }[] {
  return readFileSync(join(dir, 'echo.lst'), 'utf8')
    .split('\n')
    .filter((l) => /^[0-9A-F]{4}  /.test(l))
    .map((l) => ({
      addr: parseInt(l.slice(0, 4), 16),
      bytes: l.slice(6).startsWith(';') ? [] : l.slice(6, 22).trim().split(/\s+/).map((h) => parseInt(h, 16)),
      source: l.slice(6).startsWith(';') ? l.slice(6) : l.slice(22).trim(),
    }));
}

describe('i8096 firmware: echo', () => {
  const image = readFileSync(join(dir, 'echo.bin'));

  it('echo.bin holds the bytes of echo.lst', () => {
    for (const line of listing()) {
      const got = Array.from(image.subarray(line.addr - BASE, line.addr - BASE + line.bytes.length));
      expect(got, line.source).toEqual(line.bytes);
    }
  });

  it('each instruction disassembles to its listed source', () => {
    const peek = (a: number): number => image[a - BASE] ?? 0xff;
    for (const line of listing().filter((l) => !l.source.startsWith(';'))) {
      const r = disassemble(line.addr, peek, 'i8096');
      expect(r.text).toBe(line.source);
      expect(r.length).toBe(line.bytes.length);
    }
  });

  it('the scenario passes (banner, echo, exit 0)', async () => {
    const { results } = await runSuite([join(dir, 'echo.yaml')]);
    expect(results[0].error).toBeNull();
    expect(results[0].status).toBe('passed');
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
