import { describe, expect, it } from 'vitest';
import { Mc6850, ACIA_IRQ, ACIA_OVRN, ACIA_RDRF, ACIA_TDRE } from '../../src/devices/mc6850.js';
import { TestContext } from './helpers.js';

const CTRL = 0;
const DATA = 1;
const RESET = 0x03;
const N81_16 = 0x15; // 8N1, /16, RTS low, no interrupts

function setup(opts: { overrun?: boolean } = {}) {
  const ctx = new TestContext(4_000_000);
  const acia = new Mc6850('acia', ctx, 'primary', 5, { clock: 153600, overrun: opts.overrun ?? false });
  return { ctx, acia, port: ctx.serial('primary') };
}

describe('MC6850 ACIA', () => {
  it('powers up held in master reset: status 0, nothing sent or received until configured', () => {
    const { ctx, acia, port } = setup();
    expect(acia.read(CTRL, 1)).toBe(0);
    acia.write(DATA, 1, 0x41);
    port.send([0x31]);
    ctx.advance(100_000);
    expect(port.output).toEqual([]);
    expect(acia.read(CTRL, 1)).toBe(0);
    acia.write(CTRL, 1, N81_16);
    expect(acia.read(CTRL, 1)).toBe(ACIA_TDRE);
  });

  it('master reset (counter divide 11) clears RDRF, the pending input waits, the IRQ drops', () => {
    const { ctx, acia, port } = setup();
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, 0x95); // receive interrupt on
    port.send([0x31, 0x32]);
    ctx.advance(acia.charCycles());
    expect(acia.read(CTRL, 1)).toBe(ACIA_IRQ | ACIA_TDRE | ACIA_RDRF);
    expect(ctx.line(5)).toBe(true);
    acia.write(CTRL, 1, RESET);
    expect(acia.read(CTRL, 1)).toBe(0);
    expect(ctx.line(5)).toBe(false);
    ctx.advance(10 * acia.charCycles());
    expect(acia.read(CTRL, 1)).toBe(0);
    acia.write(CTRL, 1, N81_16);
    ctx.advance(acia.charCycles());
    expect(acia.read(DATA, 1)).toBe(0x32);
  });

  it('character time follows word select and divide ratio', () => {
    const { acia } = setup();
    const cycles = (cr: number) => {
      acia.write(CTRL, 1, cr);
      return acia.charCycles();
    };
    // 4 MHz CPU, 153600 Hz ACIA clock: one bit at /16 is 4e6*16/153600 = 416.67 cycles.
    expect(cycles(0x15)).toBe(Math.round((4e6 * 10 * 16) / 153600)); // 8N1: 10 bits
    expect(cycles(0x11)).toBe(Math.round((4e6 * 11 * 16) / 153600)); // 8N2: 11 bits
    expect(cycles(0x19)).toBe(Math.round((4e6 * 11 * 16) / 153600)); // 8E1: 11 bits
    expect(cycles(0x09)).toBe(Math.round((4e6 * 10 * 16) / 153600)); // 7E1: 10 bits
    expect(cycles(0x01)).toBe(Math.round((4e6 * 11 * 16) / 153600)); // 7E2: 11 bits
    expect(cycles(0x16)).toBe(Math.round((4e6 * 10 * 64) / 153600)); // /64
    expect(cycles(0x14)).toBe(Math.round((4e6 * 10) / 153600)); // /1
  });

  it('transmits double buffered: TDRE stays set for the first byte, clears for the second until the shifter is free', () => {
    const { ctx, acia, port } = setup();
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, N81_16);
    acia.write(DATA, 1, 0x48);
    expect(port.output).toEqual([0x48]);
    expect(acia.read(CTRL, 1) & ACIA_TDRE).toBe(ACIA_TDRE);
    acia.write(DATA, 1, 0x49);
    expect(acia.read(CTRL, 1) & ACIA_TDRE).toBe(0);
    expect(port.output).toEqual([0x48]);
    ctx.advance(acia.charCycles() - 1);
    expect(acia.read(CTRL, 1) & ACIA_TDRE).toBe(0);
    ctx.advance(1);
    expect(port.output).toEqual([0x48, 0x49]);
    expect(acia.read(CTRL, 1) & ACIA_TDRE).toBe(ACIA_TDRE);
  });

  it('receives one byte per character time; peek of the data register leaves RDRF set', () => {
    const { ctx, acia, port } = setup();
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, N81_16);
    port.send([0x41, 0x42]);
    ctx.advance(acia.charCycles() - 1);
    expect(acia.read(CTRL, 1) & ACIA_RDRF).toBe(0);
    ctx.advance(1);
    expect(acia.peek(CTRL, 1) & ACIA_RDRF).toBe(ACIA_RDRF);
    expect(acia.peek(DATA, 1)).toBe(0x41);
    expect(acia.peek(DATA, 1)).toBe(0x41);
    expect(acia.read(CTRL, 1) & ACIA_RDRF).toBe(ACIA_RDRF);
    // Flow control by default: the second byte waited in the port while RDRF was set.
    ctx.advance(5 * acia.charCycles());
    expect(port.input).toEqual([0x42]);
    expect(acia.read(DATA, 1)).toBe(0x41);
    expect(acia.read(CTRL, 1) & ACIA_RDRF).toBe(0);
    ctx.advance(acia.charCycles());
    expect(acia.read(DATA, 1)).toBe(0x42);
    expect(acia.read(CTRL, 1)).toBe(ACIA_TDRE);
  });

  it('receive interrupt (CR7) follows RDRF on the IRQ line and status bit 7', () => {
    const { ctx, acia, port } = setup();
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, 0x95);
    expect(ctx.line(5)).toBe(false);
    port.send([0x0d]);
    ctx.advance(acia.charCycles());
    expect(ctx.line(5)).toBe(true);
    expect(acia.read(CTRL, 1) & ACIA_IRQ).toBe(ACIA_IRQ);
    acia.peek(DATA, 1);
    expect(ctx.line(5)).toBe(true);
    acia.read(DATA, 1);
    expect(ctx.line(5)).toBe(false);
    expect(acia.read(CTRL, 1) & ACIA_IRQ).toBe(0);
  });

  it('transmit interrupt (CR6-5 = 01) is asserted while TDRE, released while the data register is full', () => {
    const { ctx, acia } = setup();
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, 0x35);
    expect(ctx.line(5)).toBe(true);
    acia.write(DATA, 1, 1); // straight into the shifter
    expect(ctx.line(5)).toBe(true);
    acia.write(DATA, 1, 2); // waits in TDR
    expect(ctx.line(5)).toBe(false);
    ctx.advance(acia.charCycles());
    expect(ctx.line(5)).toBe(true);
    for (const cr of [0x15, 0x55, 0x75]) { // TX interrupt off, RTS high, break
      acia.write(CTRL, 1, cr);
      expect(ctx.line(5)).toBe(false);
    }
  });

  it('break (CR6-5 = 11) holds the data register until the transmitter is released', () => {
    const { ctx, acia, port } = setup();
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, 0x75);
    acia.write(DATA, 1, 0x55);
    ctx.advance(10 * acia.charCycles());
    expect(port.output).toEqual([]);
    expect(acia.read(CTRL, 1) & ACIA_TDRE).toBe(0);
    acia.write(CTRL, 1, N81_16);
    expect(port.output).toEqual([0x55]);
  });

  it('7-bit word formats send and receive 7 bits', () => {
    const { ctx, acia, port } = setup();
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, 0x09); // 7E1
    acia.write(DATA, 1, 0xff);
    expect(port.output).toEqual([0x7f]);
    port.send([0xc1]);
    ctx.advance(acia.charCycles());
    expect(acia.read(DATA, 1)).toBe(0x41);
  });

  it('with options.overrun a byte arriving while RDRF is set is lost and OVRN follows the next data read', () => {
    const { ctx, acia, port } = setup({ overrun: true });
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, 0x95);
    port.send([0x61, 0x62, 0x63]);
    ctx.advance(2 * acia.charCycles());
    expect(acia.read(CTRL, 1) & (ACIA_RDRF | ACIA_OVRN)).toBe(ACIA_RDRF);
    expect(acia.read(DATA, 1)).toBe(0x61);
    expect(acia.read(CTRL, 1) & (ACIA_RDRF | ACIA_OVRN | ACIA_IRQ)).toBe(ACIA_OVRN | ACIA_IRQ);
    expect(ctx.line(5)).toBe(true);
    ctx.advance(acia.charCycles());
    expect(acia.read(CTRL, 1) & ACIA_RDRF).toBe(ACIA_RDRF);
    expect(acia.read(DATA, 1)).toBe(0x63);
    expect(acia.read(CTRL, 1) & (ACIA_RDRF | ACIA_OVRN)).toBe(0);
    expect(ctx.line(5)).toBe(false);
  });

  it('state round-trips through saveState/loadState', () => {
    const { ctx, acia, port } = setup();
    acia.write(CTRL, 1, RESET);
    acia.write(CTRL, 1, 0x95);
    port.send([0x5a]);
    ctx.advance(acia.charCycles());
    const saved = JSON.parse(JSON.stringify(acia.saveState()));
    const other = setup();
    other.acia.loadState(saved);
    expect(other.acia.peek(CTRL, 1)).toBe(acia.peek(CTRL, 1));
    expect(other.acia.read(DATA, 1)).toBe(0x5a);
  });
});
