/**
 * Self-checking programs of firmware/tests/arm7tdmi on the arm7tdmi-generic board:
 * exceptions.S (modes, banked registers, SWI, undefined, timer IRQ in ARM and Thumb state),
 * fiq.S (FIQ with a second timer on line 1), selftest.c (differential against the host build) and semihost.S (Angel semihosting from ARM
 * and Thumb state).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMachine, loadBoard, projectRoot } from '../../../src/boards/board.js';
import type { Arm7tdmi } from '../../../cpus/arm7tdmi/index.js';

async function boot(image: string, fiqTimer = false) {
  const board = loadBoard('arm7tdmi-generic');
  // fiq.S needs a second timer on the FIQ input (line 1).
  if (fiqTimer) board.devices.push({ type: 'timer', name: 'timer1', base: 0x10000400, stride: 1, irq: 1, options: {} });
  const machine = await buildMachine(board);
  machine.bus.load(0, readFileSync(join(projectRoot(), 'firmware', 'tests', 'arm7tdmi', image)));
  machine.reset();
  return { machine, cpu: machine.cpu as Arm7tdmi };
}

describe('arm7tdmi firmware programs', () => {
  it('exceptions.S passes all its checks (exit 0, console OK)', async () => {
    const { machine } = await boot('exceptions.bin');
    const stop = machine.runCycles(10_000_000);
    expect(stop).toMatchObject({ kind: 'exit', code: 0 });
    expect(machine.serial().outputText()).toBe('exceptions: OK\n');
    // Two waits of three 5000-cycle timer periods were spent in `b .` and skipped as idle.
    expect(machine.idleCycles).toBeGreaterThan(20_000);
    expect(machine.bus.peek32(0x100000 + 0x20)).toBe(3); // IRQ count of the last wait
  });

  it('fiq.S: FIQ banking, preemption of the IRQ handler and F masking', async () => {
    const { machine } = await boot('fiq.bin', true);
    expect(machine.runCycles(10_000_000)).toMatchObject({ kind: 'exit', code: 0 });
    expect(machine.bus.peek32(0x100008)).toBe(0x12); // an FIQ arrived inside the IRQ handler
    expect(machine.bus.peek32(0x100004)).toBeGreaterThanOrEqual(2);
  });

  for (const mode of ['arm', 'thumb']) {
    it(`selftest.c (${mode}, gcc -O2 + libgcc) prints exactly what the host build printed`, async () => {
      const { machine } = await boot(`selftest-${mode}.bin`);
      expect(machine.runCycles(20_000_000)).toMatchObject({ kind: 'exit', code: 0 });
      const expected = readFileSync(join(projectRoot(), 'firmware', 'tests', 'arm7tdmi', 'selftest.expected'), 'latin1');
      expect(machine.serial().outputText()).toBe(expected);
    });
  }

  it('semihost.S: console output and input, clock, exit from Thumb', async () => {
    const { machine, cpu } = await boot('semihost.bin');
    cpu.enableSemihosting(machine);
    machine.serial().send([0x78]);
    const stop = machine.runCycles(1_000_000);
    expect(stop).toMatchObject({ kind: 'exit', code: 0 });
    expect(machine.serial().outputText()).toBe('hello\n!abcxthumb\n');
    expect(machine.bus.peek32(0x100004)).toBe(0); // SYS_WRITE: all bytes written
    expect(machine.bus.peek8(0x100008)).toBe(0x78); // SYS_READC
    expect(machine.bus.peek32(0x100000)).toBe(0); // SYS_CLOCK: < 1/100 s of virtual time
  });

  it('SYS_READC waits for input and SYS_CLOCK follows virtual time', async () => {
    const { machine, cpu } = await boot('semihost.bin');
    cpu.enableSemihosting(machine);
    expect(machine.runCycles(2 * machine.clockHz)).toBeNull(); // two seconds, no input yet
    expect(machine.serial().outputText()).toBe('hello\n!abc');
    machine.serial().send([0x79]);
    expect(machine.runCycles(1_000_000)).toMatchObject({ kind: 'exit', code: 0 });
    expect(machine.bus.peek32(0x100000)).toBe(200); // centiseconds
  });

  it('without semihosting the SWI takes the SWI exception', async () => {
    const { machine, cpu } = await boot('semihost.bin');
    machine.runCycles(200);
    expect(cpu.pc).toBe(0x08);
    expect(cpu.getReg('CPSR') & 0x1f).toBe(0x13);
    expect(machine.serial().outputText()).toBe('');
  });
});
