import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMachine, loadBoard, projectRoot } from '../../../src/boards/board.js';
import { crc32FirmwareReference } from '../../helpers/crc32.js';

const reference = crc32FirmwareReference;

describe('m68000 CRC-32 firmware (gcc -m68000 -O2) on m68000-generic', () => {
  it('computes the reference CRC and exits 0', async () => {
    const machine = await buildMachine(loadBoard('m68000-generic'));
    machine.bus.load(0, readFileSync(join(projectRoot(), 'firmware', 'tests', 'm68000', 'crc32.bin')));
    machine.reset();
    const stop = machine.runCycles(100_000_000);
    expect(stop).toEqual({ kind: 'exit', code: 0, pc: expect.any(Number) });
    expect(machine.bus.peek32(0x1ffff4)).toBe(reference(4));
    expect(machine.bus.peek32(0x1ffff8)).toBe(4);
    expect(machine.cpu.instructions).toBeGreaterThan(4 * 1024 * 8 * 8);
  });
});
