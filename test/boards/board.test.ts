import { describe, expect, it } from 'vitest';
import { builtinBoards, parseBoard } from '../../src/boards/board.js';
import { InputError } from '../../src/core/errors.js';

const good = {
  name: 't',
  cpu: 'm68000',
  clock: 8000000,
  memory: [
    { name: 'rom', type: 'rom', base: '0x0', size: '0x10000' },
    { name: 'ram', type: 'ram', base: '0x10000', size: '0x10000' },
    { name: 'ram-mirror', type: 'mirror', of: 'ram', base: '0x20000', size: '0x10000' },
  ],
  devices: [{ type: 'exit', base: '0xFF0000' }],
};

function err(o: unknown): string {
  try {
    parseBoard(JSON.stringify(o), 'board.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('board files', () => {
  it('parses a valid board with hex strings and defaults', () => {
    const b = parseBoard(JSON.stringify(good), 'board.json');
    expect(b.memory[1]).toMatchObject({ name: 'ram', type: 'ram', base: 0x10000, size: 0x10000 });
    expect(b.devices[0]).toMatchObject({ type: 'exit', name: 'exit0', base: 0xff0000, stride: 1, irq: null });
    expect(b.unmapped).toEqual({ read: 0xff, policy: 'log', fetch: 'stop' });
    expect(b.imageBase).toBe(0);
  });

  it('names the file and field in every error', () => {
    expect(err({ ...good, cpu: 'z80' })).toMatch(/^board.json: cpu: unknown CPU "z80"/);
    expect(err({ ...good, clock: 'fast' })).toMatch(/^board.json: clock: expected a number/);
    expect(err({ ...good, memory: [{ type: 'ram', base: 0, size: 0 }] })).toMatch(/memory\[0\]\.size: must be at least 1/);
    expect(err({ ...good, memory: [{ type: 'flash', base: 0, size: 16 }] })).toMatch(/memory\[0\]\.type: expected "ram", "rom" or "mirror"/);
    expect(err({ ...good, memory: [{ type: 'ram', base: '0xFFFFFF', size: 16 }] })).toMatch(/outside the 24-bit address space/);
    expect(err({ ...good, memory: [good.memory[0], { name: 'x', type: 'ram', base: '0x8000', size: '0x10000' }] })).toMatch(/regions "rom" and "x" overlap at 0x8000/);
    expect(err({ ...good, memory: [{ name: 'm', type: 'mirror', of: 'nope', base: 0, size: 16 }] })).toMatch(/mirror of unknown region "nope"/);
    expect(err({ ...good, devices: [{ type: 'uart' }] })).toMatch(/devices\[0\]\.base: expected a number/);
    expect(err({ ...good, colour: 'red' })).toMatch(/unknown field "colour"/);
    expect(err({ ...good, unmapped: { policy: 'explode' } })).toMatch(/unmapped.policy: expected "ignore", "log" or "stop"/);
    expect(err({ ...good, unmapped: { fetch: 'jump' } })).toMatch(/unmapped.fetch: expected "stop" or "log"/);
    expect(() => parseBoard('{ nope', 'bad.json')).toThrow(/^bad.json: not valid JSON/);
  });

  it('ships generic boards for the 32-bit cores that validate', () => {
    const names = builtinBoards().map((b) => b.name);
    expect(names).toContain('m68000-generic');
    expect(names).toContain('arm7tdmi-generic');
  });
});
