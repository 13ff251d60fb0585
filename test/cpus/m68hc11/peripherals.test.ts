/**
 * The register block on the m68hc11-generic board: INIT (block and RAM moves, 64-cycle window),
 * the timer (TCNT and its prescaler, output compare, RTI, TOF: exact cycles), the SCI (frame
 * times, TDRE/TC, receive interrupt line), and a snapshot taken in the middle of a run.
 */
import { describe, expect, it } from 'vitest';
import { buildMachine, loadBoard } from '../../../src/boards/board.js';
import type { Machine } from '../../../src/core/machine.js';
import { applySnapshot, captureSnapshot, decodeSnapshot, encodeSnapshot } from '../../../src/core/snapshot.js';
import { ROM_BASE, imageOf } from '../../../firmware/tests/m68hc11/symbols.js';

const BRA_SELF = [0x20, 0xfe];
const ldaa = (v: number): number[] => [0x86, v];
const staa = (a: number): number[] => [0xb7, a >> 8, a & 0xff];
const ldd = (v: number): number[] => [0xcc, v >> 8, v & 0xff];
const std = (a: number): number[] => [0xfd, a >> 8, a & 0xff];

async function boot(code: number[]): Promise<Machine> {
  const m = await buildMachine(loadBoard('m68hc11-generic'));
  m.bus.load(ROM_BASE, Uint8Array.from(code));
  m.bus.load(0xfffe, Uint8Array.from([ROM_BASE >> 8, ROM_BASE & 0xff]));
  m.reset();
  return m;
}

const peek16 = (m: Machine, a: number): number => m.bus.peek16(a);
/** When a scheduled event of the register block fires (exact), or -1. */
const due = (m: Machine, ev: string): number => m.scheduler.pending().find((e) => e.name === `regs.${ev}`)?.deadline ?? -1;
// The machine stops at instruction boundaries: runUntilCycle(n) may end up to one instruction
// (here BRA *, 3 cycles) past n. Flags are checked a few cycles either side of their deadline.
const EARLY = 4;

describe('m68hc11 register block', () => {
  it('TCNT counts E cycles from reset; PR1:PR0 written in the first 64 cycles divide it', async () => {
    let m = await boot(BRA_SELF);
    m.runCycles(1000);
    expect(peek16(m, 0x100e)).toBe(m.scheduler.now & 0xffff);
    m = await boot([...ldaa(3), ...staa(0x1024), ...BRA_SELF]); // E/16 from cycle 2 (TCNT = 2 then)
    m.runCycles(10_000);
    expect(peek16(m, 0x100e)).toBe(2 + Math.floor((m.scheduler.now - 2) / 16));
    expect(m.bus.peek8(0x1024)).toBe(3);
  });

  it('prescaler and INIT writes after the 64-cycle window are ignored', async () => {
    const wait = Array(40).fill(0x01); // 40 NOPs = 80 cycles
    const m = await boot([...wait, ...ldaa(3), ...staa(0x1024), ...ldaa(0x02), ...staa(0x103d), ...BRA_SELF]);
    m.runCycles(200);
    expect(m.bus.peek8(0x1024)).toBe(0);
    expect(m.bus.peek8(0x103d)).toBe(0x01);
  });

  it('INIT moves the register block and the internal RAM; the RAM under it comes back at reset', async () => {
    const m = await boot([...ldaa(0x82), ...staa(0x103d), ...ldaa(0x5a), ...staa(0x8000), ...BRA_SELF]);
    m.bus.poke8(0x8000, 0x77); // external RAM before the move
    m.runCycles(100);
    expect(m.bus.peek8(0x203d)).toBe(0x82); // registers now at 2000h
    expect(m.bus.peek8(0x103d)).toBe(0xff); // nothing at 1000h any more (open bus)
    expect(m.bus.peek8(0x8000)).toBe(0x5a); // internal RAM at 8000h took the store
    expect(m.bus.isBacked(0x0000, 1)).toBe(false);
    m.reset();
    expect(m.bus.peek8(0x103d)).toBe(0x01);
    expect(m.bus.peek8(0x8000)).toBe(0x77);
    expect(m.bus.isBacked(0x0000, 0x100)).toBe(true);
  });

  it('output compare OC1 sets OC1F exactly when TCNT reaches TOC1, and asserts line 6 when enabled', async () => {
    const m = await boot([...ldd(0x0400), ...std(0x1016), ...ldaa(0x80), ...staa(0x1022), ...BRA_SELF]);
    m.runUntilCycle(20);
    expect(due(m, 'oc1')).toBe(0x400);
    m.runUntilCycle(0x400 - EARLY);
    expect(m.bus.peek8(0x1023) & 0x80).toBe(0);
    m.runUntilCycle(0x400);
    expect(m.bus.peek8(0x1023) & 0x80).toBe(0x80);
    expect(m.irqLevel(6)).toBe(true);
  });

  it('RTI sets RTIF every 8192 E cycles (RTR=0) and 16384 (RTR=1); TOF after 65536', async () => {
    let m = await boot(BRA_SELF);
    expect(due(m, 'rti')).toBe(8192);
    m.runUntilCycle(8192 - EARLY);
    expect(m.bus.peek8(0x1025) & 0x40).toBe(0);
    m.runUntilCycle(8192);
    expect(m.bus.peek8(0x1025) & 0x40).toBe(0x40);
    expect(m.irqLevel(2)).toBe(false); // RTII clear
    m = await boot([...ldaa(1), ...staa(0x1026), ...ldaa(0x40), ...staa(0x1024), ...BRA_SELF]);
    m.runUntilCycle(20);
    expect(due(m, 'rti')).toBe(16384);
    m.runUntilCycle(16384 - EARLY);
    expect(m.bus.peek8(0x1025) & 0x40).toBe(0);
    m.runUntilCycle(16384);
    expect(m.bus.peek8(0x1025) & 0x40).toBe(0x40);
    expect(m.irqLevel(2)).toBe(true);
    expect(due(m, 'tof')).toBe(65536);
    m.runUntilCycle(65536 - EARLY);
    expect(m.bus.peek8(0x1025) & 0x80).toBe(0);
    m.runUntilCycle(65536);
    expect(m.bus.peek8(0x1025) & 0x80).toBe(0x80);
  });

  it('SCI transmit: the byte leaves one frame (10 x 16 x 13 E cycles at BAUD=30h) after the write; TC then sets', async () => {
    const m = await boot([...ldaa(0x30), ...staa(0x102b), ...ldaa(0x08), ...staa(0x102d), ...ldaa(0x41), ...staa(0x102f), ...ldaa(0x42), ...staa(0x102f), ...BRA_SELF]);
    m.runUntilCycle(30);
    const written = 14; // cycle at which the first STAA to SCDR starts
    expect(due(m, 'sci-tx')).toBe(written + 2080);
    expect(m.bus.peek8(0x102e) & 0xc0).toBe(0x00); // second byte waits: TDRE 0, TC 0
    m.runUntilCycle(written + 2080 - EARLY);
    expect(m.serial().outputText()).toBe('');
    m.runUntilCycle(written + 2080);
    expect(m.serial().outputText()).toBe('A');
    expect(m.bus.peek8(0x102e) & 0xc0).toBe(0x80);
    expect(due(m, 'sci-tx')).toBe(written + 2 * 2080);
    m.runUntilCycle(written + 2 * 2080);
    expect(m.serial().outputText()).toBe('AB');
    expect(m.bus.peek8(0x102e) & 0xc0).toBe(0xc0);
  });

  it('SCI receive: RDRF one frame after RE, the SCI line with RIE, SCDR read clears it and lets the next byte in', async () => {
    const m = await boot([...ldaa(0x30), ...staa(0x102b), ...ldaa(0x24), ...staa(0x102d), ...BRA_SELF]);
    m.serial().send([0x31, 0x32]);
    m.runUntilCycle(20);
    expect(due(m, 'sci-rx')).toBe(8 + 2080); // RE set by the STAA at cycle 8
    m.runUntilCycle(8 + 2080 - EARLY);
    expect(m.bus.peek8(0x102e) & 0x20).toBe(0);
    m.runUntilCycle(8 + 2080);
    expect(m.bus.peek8(0x102e) & 0x20).toBe(0x20);
    expect(m.irqLevel(15)).toBe(true);
    expect(m.bus.peek8(0x102f)).toBe(0x31); // peek does not consume
    expect(m.bus.read8(0x102f)).toBe(0x31);
    expect(m.irqLevel(15)).toBe(false);
    m.runCycles(2100);
    expect(m.bus.read8(0x102f)).toBe(0x32);
  });

  it('COP watchdog (option cop): serviced with 55h/AAh it stays quiet; left alone it resets through FFFAh', async () => {
    const spec = loadBoard('m68hc11-generic');
    spec.devices.find((d) => d.type === 'm68hc11-regs')!.options.cop = true;
    const m = await buildMachine(spec);
    // X = 5: five services 20000 cycles apart (each < 32768), then BRA *.
    const code = [
      0xce, 0x00, 0x05, //        LDX #5
      ...ldaa(0x55), ...staa(0x103a), ...ldaa(0xaa), ...staa(0x103a), // E003: service
      0x18, 0xce, 0x07, 0xd0, //  LDY #2000
      0x18, 0x09, 0x01, 0x01, 0x01, 0x26, 0xf9, // DEY; NOP x3; BNE: 13 cycles x 2000 < 32768
      0x09, 0x26, 0xe8, //        DEX; BNE service
      ...BRA_SELF,
    ];
    m.bus.load(ROM_BASE, Uint8Array.from(code));
    m.bus.load(ROM_BASE + 0x100, Uint8Array.from(BRA_SELF));
    m.bus.load(0xfffa, Uint8Array.from([(ROM_BASE + 0x100) >> 8, 0x00]));
    m.bus.load(0xfffe, Uint8Array.from([ROM_BASE >> 8, ROM_BASE & 0xff]));
    m.reset();
    expect(m.bus.peek8(0x103f) & 0x04).toBe(0); // CONFIG NOCOP = 0
    m.runCycles(200_000);
    // Four full waits after the first service, then the fifth service and 32768 more cycles.
    expect(m.resets.length).toBeGreaterThan(0);
    expect(m.resets[0].reason).toMatch(/COP/);
    expect(m.resets[0].cycle).toBeGreaterThan(4 * 26_000 + 32_768);
    expect(m.resets[0].cycle).toBeLessThan(5 * 26_100 + 32_768);
    expect(m.cpu.pc).toBe(ROM_BASE + 0x100);
    // The COP-failure code does not service it either: the next reset is one period later.
    expect(m.resets.length).toBeGreaterThan(1);
    expect(m.resets[1].cycle - m.resets[0].cycle).toBeGreaterThanOrEqual(32_768);
    expect(m.resets[1].cycle - m.resets[0].cycle).toBeLessThanOrEqual(32_768 + 3);
    // The generic board leaves the COP off: the same program never resets.
    const quiet = await boot(code);
    quiet.runCycles(400_000);
    expect(quiet.resets.length).toBe(0);
  });

  it('a snapshot taken in the middle of the interrupt program resumes to the same end', async () => {
    const start = async () => {
      const m = await buildMachine(loadBoard('m68hc11-generic'));
      m.bus.load(ROM_BASE, imageOf('interrupts'));
      m.reset();
      m.serial().send([...Buffer.from('ok')]);
      return m;
    };
    const a = await start();
    const endA = a.runCycles(2_000_000);
    const b = await start();
    b.runCycles(20_000); // inside the RTI step, INIT already moved the block
    const snap = decodeSnapshot(encodeSnapshot(captureSnapshot(b, { board: 'm68hc11-generic' })), 'mem');
    const c = await buildMachine(loadBoard('m68hc11-generic'));
    applySnapshot(c, snap);
    const endC = c.runCycles(2_000_000 - 20_000);
    expect(endA).toMatchObject({ kind: 'exit', code: 0 });
    expect(endC).toEqual(endA);
    expect(c.scheduler.now).toBe(a.scheduler.now);
    expect(c.cpu.instructions).toBe(a.cpu.instructions);
    expect(c.serial().outputText()).toBe('OK');
  });
});
