/**
 * The h8300-generic board's on-chip devices driven from the bus, with virtual time advanced by
 * a SLEEPing CPU: 8-bit timer counting and compare-match flags, SCI frame timing and flags.
 */
import { describe, expect, it } from 'vitest';
import { buildMachine, loadBoard } from '../../../src/boards/board.js';
import type { Machine } from '../../../src/core/machine.js';

const TCR0 = 0xffc8, TCSR0 = 0xffc9, TCORA0 = 0xffca, TCORB0 = 0xffcb, TCNT0 = 0xffcc;
const SMR = 0xffd8, BRR = 0xffd9, SCR = 0xffda, TDR = 0xffdb, SSR = 0xffdc, RDR = 0xffdd;

/** A machine whose CPU sleeps with interrupts masked, so time passes without instructions. */
async function idleMachine(): Promise<Machine> {
  const m = await buildMachine(loadBoard('h8300-generic'));
  m.bus.load(0, Uint8Array.from([0x01, 0x00]));
  m.bus.load(0x100, Uint8Array.from([0x01, 0x80, 0x40, 0xfc])); // SLEEP ; BRA -4
  m.reset();
  return m;
}

describe('h8300 8-bit timer', () => {
  it('counts at phi/8, sets CMFA on reaching TCORA and clears on match A (period TCORA+1)', async () => {
    const m = await idleMachine();
    const b = m.bus;
    b.write8(TCORA0, 99);
    b.write8(TCORB0, 50);
    b.write8(TCR0, 0x09); // clear on A, phi/8, no interrupts
    m.runCycles(8 * 40 + 4);
    expect(b.read8(TCNT0)).toBe(40);
    expect(b.read8(TCSR0) & 0xe0).toBe(0);
    m.runCycles(8 * 20);
    expect(b.read8(TCNT0)).toBe(60);
    expect(b.read8(TCSR0) & 0xe0).toBe(0x80); // CMFB at 50
    m.runCycles(8 * 50);
    expect(b.read8(TCNT0)).toBe(10); // 110 counts: 0..99, then 0..10
    expect(b.read8(TCSR0) & 0xe0).toBe(0xc0);
    b.write8(TCSR0, 0x00); // clear the flags
    expect(b.read8(TCSR0) & 0xe0).toBe(0);
    m.runCycles(8 * 100 * 1000); // a thousand periods later: flags again, count in phase
    expect(b.read8(TCNT0)).toBe(10);
    expect(b.read8(TCSR0) & 0xe0).toBe(0xc0);
  });

  it('raises CMIA on its vector (19) while CMFA and CMIEA are set', async () => {
    const m = await idleMachine();
    const b = m.bus;
    b.write8(TCORA0, 9);
    b.write8(TCR0, 0x49);
    expect(m.irqLevel(19)).toBe(false);
    m.runCycles(8 * 10 + 8);
    expect(m.irqLevel(19)).toBe(true);
    b.write8(TCSR0, 0x00);
    expect(m.irqLevel(19)).toBe(false);
  });

  it('overflows from H\'FF to 0 without clearing and sets OVF', async () => {
    const m = await idleMachine();
    const b = m.bus;
    b.write8(TCNT0, 0xfe);
    b.write8(TCR0, 0x23); // OVIE, phi/1024
    m.runCycles(1024 * 3);
    expect(b.read8(TCSR0) & 0x20).toBe(0x20);
    expect(m.irqLevel(21)).toBe(true);
  });
});

describe('h8300 SCI', () => {
  it('sends a byte in 10 x 64 x (BRR+1) states, sets TEND, and raises TXI/TEI as enabled', async () => {
    const m = await idleMachine();
    const b = m.bus;
    b.write8(SMR, 0);
    b.write8(BRR, 3); // 2560 states per character
    b.write8(SCR, 0x24); // TE, TEIE
    expect(b.read8(SSR) & 0x84).toBe(0x84); // TDRE, TEND
    expect(m.irqLevel(30)).toBe(true);
    b.write8(TDR, 0x41);
    b.write8(SSR, 0x7f); // clear TDRE: start
    expect(b.read8(SSR) & 0x84).toBe(0x80); // TDR already moved to the shifter
    expect(m.irqLevel(30)).toBe(false);
    m.runCycles(2500);
    expect(m.serial().output).toEqual([]);
    m.runCycles(100);
    expect(m.serial().outputText()).toBe('A');
    expect(b.read8(SSR) & 0x04).toBe(0x04);
    expect(m.irqLevel(30)).toBe(true);
    b.write8(SCR, 0xa0); // TIE, TE
    expect(m.irqLevel(29)).toBe(true);
  });

  it('receives queued bytes one at a time: RDRF, RXI, the next waits until RDRF is cleared', async () => {
    const m = await idleMachine();
    const b = m.bus;
    b.write8(BRR, 0); // 640 states per character
    b.write8(SCR, 0x50); // RIE, RE
    m.serial().send([0x31, 0x32]);
    m.runCycles(700);
    expect(b.read8(SSR) & 0x40).toBe(0x40);
    expect(m.irqLevel(28)).toBe(true);
    expect(b.read8(RDR)).toBe(0x31);
    m.runCycles(2000);
    expect(b.read8(RDR)).toBe(0x31); // no overrun: the second byte waits
    b.write8(SSR, 0xbf); // clear RDRF
    expect(m.irqLevel(28)).toBe(false);
    m.runCycles(700);
    expect(b.read8(RDR)).toBe(0x32);
    expect(b.peek8(RDR)).toBe(0x32);
  });
});
