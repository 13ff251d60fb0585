import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMachine, loadBoard, projectRoot } from '../../../src/boards/board.js';
import { crc32FirmwareReference } from '../../helpers/crc32.js';

const reference = crc32FirmwareReference;

describe('arm7tdmi CRC-32 firmware (gcc -mcpu=arm7tdmi -O2) on arm7tdmi-generic', () => {
  for (const mode of ['arm', 'thumb']) {
    it(`${mode} build computes the reference CRC and exits 0`, async () => {
      const machine = await buildMachine(loadBoard('arm7tdmi-generic'));
      const image = readFileSync(join(projectRoot(), 'firmware', 'tests', 'arm7tdmi', `crc32-${mode}.bin`));
      machine.bus.load(0, image);
      machine.reset();
      const stop = machine.runCycles(50_000_000);
      expect(stop).toEqual({ kind: 'exit', code: 0, pc: expect.any(Number) });
      expect(machine.bus.peek32(0x1ffff4)).toBe(reference(4));
      expect(machine.bus.peek32(0x1ffff8)).toBe(4);
      // Thumb code is denser but needs more instructions for the same work.
      expect(machine.cpu.instructions).toBeGreaterThan(4 * 1024 * 8 * 5);
    });
  }
});
