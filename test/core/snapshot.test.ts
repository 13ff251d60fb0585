/**
 * Machine snapshots: a run resumed from a snapshot matches the uninterrupted run bit for bit.
 * Uses the i8096 core running the hand-encoded CRC-32 program on a board with a periodic
 * generic timer, so the scheduler has events in flight when the snapshot is taken.
 */
import { describe, expect, it } from 'vitest';
import { buildMachine, parseBoard } from '../../src/boards/board.js';
import { applySnapshot, captureSnapshot, decodeSnapshot, encodeSnapshot } from '../../src/core/snapshot.js';
import type { Machine } from '../../src/core/machine.js';
import { CRC32_PROGRAM, crc32Code } from '../../firmware/tests/i8096/crc32.js';

const board = parseBoard(JSON.stringify({
  name: 'snap-test',
  cpu: 'i8096',
  clock: 12000000,
  memory: [
    { name: 'ram', type: 'ram', base: '0x0100', size: '0x1F00' },
    { name: 'rom', type: 'rom', base: '0x2000', size: '0x1000' },
    { name: 'ram2', type: 'ram', base: '0x3000', size: '0xC000' },
  ],
  devices: [{ type: 'timer', name: 'tick', base: '0x1000' }],
  unmapped: { policy: 'ignore' },
}), 'snap-test.json');

async function boot(): Promise<Machine> {
  const m = await buildMachine(board);
  m.bus.load(Number(CRC32_PROGRAM.origin), crc32Code());
  const data = new Uint8Array(CRC32_PROGRAM.length);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 0xff;
  m.bus.load(Number(CRC32_PROGRAM.buffer), data);
  m.reset();
  m.cpu.setReg('SP', 0x0100);
  // Program the timer directly: period 777 cycles, enabled, periodic.
  m.bus.write32(0x1004, 777);
  m.bus.write32(0x1000, 1);
  return m;
}

function fingerprint(m: Machine) {
  const regs: Record<string, number> = {};
  for (const r of m.cpu.info.registers) regs[r.name] = m.cpu.getReg(r.name);
  return {
    regs,
    pc: m.cpu.pc,
    cycles: m.scheduler.now,
    instructions: m.cpu.instructions,
    events: m.scheduler.pending(),
    timer: m.devices.find((d) => d.name === 'tick')!.saveState(),
    mem: Buffer.from(m.bus.mem).toString('base64'),
  };
}

describe('machine snapshots', () => {
  it('resumes exactly: snapshot at N, run M more == run N+M uninterrupted', async () => {
    const straight = await boot();
    expect(straight.runCycles(600_000)).toBeNull();
    const expected = fingerprint(straight);

    const first = await boot();
    expect(first.runCycles(250_001)).toBeNull();
    for (const c of Buffer.from('boot log\n')) first.serial().transmit(c);
    const file = encodeSnapshot(captureSnapshot(first, { board: 'snap-test.json' }));

    const resumed = await boot();
    resumed.runCycles(12345); // different state before the restore: all of it must be replaced
    applySnapshot(resumed, decodeSnapshot(file, 'snap.bin'));
    expect(resumed.runUntilCycle(600_000)).toBeNull();
    expect(resumed.serial().outputText()).toBe('boot log\n'); // context for whoever opens it
    const got = fingerprint(resumed);
    expect(got.regs).toEqual(expected.regs);
    expect(got.cycles).toBe(expected.cycles);
    expect(got.instructions).toBe(expected.instructions);
    expect(got.events).toEqual(expected.events);
    expect(got.timer).toEqual(expected.timer);
    expect(got.mem === expected.mem).toBe(true);
    expect((expected.timer as { expiries: number }).expiries).toBeGreaterThan(700);
  });

  it('rejects files that are not snapshots, and snapshots of another CPU', async () => {
    expect(() => decodeSnapshot(Buffer.from('hello'), 'x.state')).toThrow(/x.state: not a bytebos snapshot/);
    const m = await boot();
    const s = captureSnapshot(m, { board: 'snap-test.json' });
    s.cpu = 'm68000';
    expect(() => applySnapshot(m, s)).toThrow(/snapshot is for a m68000/);
  });
});
