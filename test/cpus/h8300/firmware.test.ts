/**
 * firmware/tests/h8300: self-checking H8/300 programs assembled with binutils-h8300-hms and
 * committed as COFF (rebuild and check: firmware/tests/h8300/build.sh [--check]). They run on
 * the h8300-generic board through the project's COFF loader and report through the exit device.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMachine, loadBoard, projectRoot } from '../../../src/boards/board.js';
import { loadImageFile, placeImage } from '../../../src/loaders/index.js';
import type { Machine } from '../../../src/core/machine.js';
import { applySnapshot, captureSnapshot, decodeSnapshot, encodeSnapshot } from '../../../src/core/snapshot.js';

const dir = join(projectRoot(), 'firmware', 'tests', 'h8300');

async function boot(name: string): Promise<Machine> {
  const m = await buildMachine(loadBoard('h8300-generic'));
  const img = loadImageFile(join(dir, `${name}.coff`));
  expect(img.machine).toBe('h8300');
  placeImage(m.bus, img);
  m.reset();
  return m;
}

describe('h8300 firmware on h8300-generic', () => {
  it('selftest: instruction checks, timer interrupts out of SLEEP, SCI by TXI/RXI; exits 0', async () => {
    const m = await boot('selftest');
    m.serial().send([...Buffer.from('ping')]);
    const stop = m.runCycles(2_000_000);
    expect(m.serial().outputText()).toBe('pong:ping');
    expect(stop).toMatchObject({ kind: 'exit', code: 0 });
    // The timer wait slept: five periods of 800 states are mostly idle time.
    expect(m.idleCycles).toBeGreaterThan(2000);
  });

  it('the timer interrupt goes through vector 19 (CMI0A): pointed at the "bad" handler, the program exits 0xEE', async () => {
    const m = await boot('selftest');
    const bad = m.bus.peek16(0x02); // reserved vector 1 holds the address of "bad"
    expect(m.bus.peek16(0x26)).not.toBe(bad);
    m.bus.load(0x26, Uint8Array.from([bad >> 8, bad & 0xff]));
    const stop = m.runCycles(200_000);
    expect(stop).toMatchObject({ kind: 'exit', code: 0xee });
    expect(m.cpu.getReg('R3L')).toBe(0xee);
  });

  it('without input the program waits in the receive loop with check 8 pending', async () => {
    const m = await boot('selftest');
    expect(m.runCycles(300_000)).toBeNull();
    expect(m.serial().outputText()).toBe('pong:');
  });

  it('ctest (C89 from gcc-h8300-hms): data/bss start-up, 32-bit arithmetic, lists, a C interrupt handler, polled SCI; exits 0', async () => {
    const m = await boot('ctest');
    const stop = m.runCycles(2_000_000);
    expect(stop).toMatchObject({ kind: 'exit', code: 0 });
    // xorshift32 from 0x12345678, the 101st value, printed by the program.
    expect(m.serial().outputText()).toBe('Byte-BOS c970bfa5\r\n');
  });

  it('crc32: CRC-32 of "123456789" is 0xCBF43926', async () => {
    const m = await boot('crc32');
    const stop = m.runCycles(1_000_000);
    expect(stop).toMatchObject({ kind: 'exit', code: 0 });
    expect(m.bus.peek16(0xfb80)).toBe(0xcbf4);
    expect(m.bus.peek16(0xfb82)).toBe(0x3926);
  });

  it('selftest resumed from a snapshot taken mid-run (timer running, a reply byte on the wire) ends like the uninterrupted run', async () => {
    const a = await boot('selftest');
    a.serial().send([...Buffer.from('ping')]);
    a.runCycles(2_000); // inside the timer wait (check 7)
    expect(a.cpu.getReg('R3L')).toBe(7);
    const snap1 = encodeSnapshot(captureSnapshot(a, { board: 'h8300-generic' }));
    a.runCycles(18_000); // the reply is being sent
    expect(a.serial().output.length).toBeGreaterThan(0);
    expect(a.serial().output.length).toBeLessThan(9);
    const snap2 = encodeSnapshot(captureSnapshot(a, { board: 'h8300-generic' }));
    const endA = a.runCycles(2_000_000);
    expect(endA).toMatchObject({ kind: 'exit', code: 0 });
    for (const snap of [snap1, snap2]) {
      const b = await boot('selftest');
      applySnapshot(b, decodeSnapshot(snap, 'mem'));
      const endB = b.runCycles(2_000_000);
      expect(endB).toEqual(endA);
      expect(b.scheduler.now).toBe(a.scheduler.now);
      expect(b.cpu.instructions).toBe(a.cpu.instructions);
      expect(a.serial().outputText().endsWith(b.serial().outputText())).toBe(true);
    }
  });
});
