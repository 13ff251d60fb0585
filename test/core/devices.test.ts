/**
 * The generic devices every board may use: exit, console, uart, timer.
 */
import { describe, expect, it } from 'vitest';
import { buildMachine, parseBoard } from '../../src/boards/board.js';
import type { Machine } from '../../src/core/machine.js';

async function machine(cpu: string, devices: unknown[]): Promise<Machine> {
  const big = cpu === 'm68000';
  const b = parseBoard(JSON.stringify({
    name: 'dev-test', cpu, clock: 1000000,
    memory: [{ name: 'ram', type: 'ram', base: big ? '0x0' : '0x100', size: big ? '0x10000' : '0x7F00' }],
    devices,
  }), 'dev-test.json');
  const m = await buildMachine(b);
  return m;
}

describe('exit device', () => {
  it('a 32-bit store written as two 16-bit bus cycles (68000) gives the whole value', async () => {
    const m = await machine('m68000', [{ type: 'exit', base: '0xFF0300' }]);
    m.bus.write16(0xff0300, 0x0000);
    m.bus.write16(0xff0302, 0x0005);
    expect(m.stopReason).toMatchObject({ kind: 'exit', code: 5 });
  });

  it('byte and word stores give the value written, in either byte order', async () => {
    const le = await machine('i8096', [{ type: 'exit', base: '0x8000' }]);
    le.bus.write8(0x8000, 7);
    expect(le.stopReason).toMatchObject({ kind: 'exit', code: 7 });
    const le16 = await machine('i8096', [{ type: 'exit', base: '0x8000' }]);
    le16.bus.write16(0x8000, 0x1234);
    expect(le16.stopReason).toMatchObject({ kind: 'exit', code: 0x1234 });
    const be = await machine('m68000', [{ type: 'exit', base: '0xFF0300' }]);
    be.bus.write32(0xff0300, 0x101);
    expect(be.stopReason).toMatchObject({ kind: 'exit', code: 0x101 });
  });

  it('a configured code wins over the value written; a later exit after resume starts afresh', async () => {
    const m = await machine('m68000', [{ type: 'exit', base: '0xFF0300', options: { code: 3 } }]);
    m.bus.write8(0xff0300, 0);
    expect(m.stopReason).toMatchObject({ kind: 'exit', code: 3 });
    const n = await machine('m68000', [{ type: 'exit', base: '0xFF0300' }]);
    n.bus.write16(0xff0302, 9);
    expect(n.stopReason).toMatchObject({ code: 9 });
    n.resume();
    n.bus.write16(0xff0302, 4);
    expect(n.stopReason).toMatchObject({ code: 4 });
  });
});

describe('console, uart and timer', () => {
  it('console bytes go to the serial output', async () => {
    const m = await machine('m68000', [{ type: 'console', base: '0xFF0200' }]);
    for (const c of Buffer.from('hi\n')) m.bus.write8(0xff0200, c);
    expect(m.serial().outputText()).toBe('hi\n');
  });

  it('uart receives queued input one character time apart and raises its interrupt while RXRDY', async () => {
    const m = await machine('m68000', [{ type: 'uart', base: '0xFF0000', irq: 4, options: { baud: 10000 } }]);
    m.reset();
    m.bus.write8(0xff0002, 1); // RX interrupt enable
    m.serial().send(Buffer.from('AB'));
    expect(m.bus.read8(0xff0001) & 1).toBe(0);
    // 10 bits at 10000 baud = 1000 cycles at 1 MHz (the CPU runs whole instructions, so stay
    // a few cycles clear of the deadline).
    m.runUntilCycle(960);
    expect(m.bus.read8(0xff0001) & 1).toBe(0);
    m.runUntilCycle(1040);
    expect(m.bus.read8(0xff0001) & 0x81).toBe(0x81);
    expect(m.irqLevel(4)).toBe(true);
    expect(m.bus.peek8(0xff0000)).toBe(0x41); // peek does not consume
    expect(m.bus.read8(0xff0001) & 1).toBe(1);
    expect(m.bus.read8(0xff0000)).toBe(0x41);
    expect(m.irqLevel(4)).toBe(false);
    m.bus.write8(0xff0000, 0x5a);
    expect(m.serial().outputText()).toBe('Z');
  });

  it('timer expires every PERIOD cycles, latches STATUS, drives its IRQ until cleared', async () => {
    const m = await machine('m68000', [{ type: 'timer', base: '0xFF0100', irq: 6 }]);
    m.reset();
    m.bus.write32(0xff0104, 500);
    m.bus.write32(0xff0100, 3); // enable + IRQ
    m.runUntilCycle(470);
    expect(m.bus.read32(0xff010c)).toBe(0);
    m.runUntilCycle(530);
    expect(m.bus.read32(0xff010c)).toBe(1);
    expect(m.irqLevel(6)).toBe(true);
    m.bus.write32(0xff010c, 1);
    expect(m.irqLevel(6)).toBe(false);
    const left = m.bus.read32(0xff0108);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(500);
  });
});
