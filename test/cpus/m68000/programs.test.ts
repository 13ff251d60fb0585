/**
 * Self-checking 68000 programs (firmware/tests/m68000/*.S, built by build.sh) run on the
 * m68000-generic board: each exits through the exit device with 0, or with the number of
 * the check that failed.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMachine, loadBoard, projectRoot } from '../../../src/boards/board.js';

async function run(name: string, cycles = 5_000_000, input = '') {
  const machine = await buildMachine(loadBoard('m68000-generic'));
  machine.bus.load(0, readFileSync(join(projectRoot(), 'firmware', 'tests', 'm68000', `${name}.bin`)));
  machine.reset();
  if (input) machine.serial().send(Buffer.from(input, 'latin1'));
  const stop = machine.runCycles(cycles);
  return { machine, stop };
}

describe('m68000 programs on m68000-generic', () => {
  it('exceptions.S: traps, illegal, line A/F, zero divide, CHK, TRAPV, address error, trace, user mode, STOP and the timer interrupt, RESET', async () => {
    const { machine, stop } = await run('exceptions');
    expect(stop).toEqual({ kind: 'exit', code: 0, pc: expect.any(Number) });
    expect(machine.serial().outputText()).toBe('ok\n');
    // STOP let virtual time skip ahead to the timer.
    expect(machine.idleCycles).toBeGreaterThan(0);
  });

  it('interrupts.S: UART receive interrupts (IPL 4) with the timer (IPL 6) nesting inside the handler, STOP idling', async () => {
    const { machine, stop } = await run('interrupts', 5_000_000, 'abc');
    expect(stop).toEqual({ kind: 'exit', code: 0, pc: expect.any(Number) });
    expect(machine.serial().outputText()).toBe('abcok\n');
    expect(machine.idleCycles).toBeGreaterThan(1000);
  });

  it('selftest.c (gcc -m68000 -O2): console output equals the same C run on the host', async () => {
    const { machine, stop } = await run('selftest', 50_000_000);
    expect(stop).toEqual({ kind: 'exit', code: 0, pc: expect.any(Number) });
    const expected = readFileSync(join(projectRoot(), 'firmware', 'tests', 'm68000', 'selftest.expected'), 'latin1');
    expect(machine.serial().outputText()).toBe(expected);
  });
});
