import { describe, expect, it } from 'vitest';
import { Mc68230, PIT_CNTRH, PIT_CPRH, PIT_TCR, PIT_TIVR, PIT_TSR } from '../../src/devices/mc68230.js';
import { TestContext } from './helpers.js';

function setup(clock = 4_000_000) {
  const ctx = new TestContext(4_000_000);
  const pit = new Mc68230('pit', ctx, 2, clock);
  return { ctx, pit };
}

function setCpr(pit: Mc68230, v: number): void {
  pit.write(PIT_CPRH, 1, (v >>> 16) & 0xff);
  pit.write(PIT_CPRH + 1, 1, (v >>> 8) & 0xff);
  pit.write(PIT_CPRH + 2, 1, v & 0xff);
}

function counter(pit: Mc68230, peek = false): number {
  const r = (o: number) => (peek ? pit.peek(o, 1) : pit.read(o, 1));
  return (r(PIT_CNTRH) << 16) | (r(PIT_CNTRH + 1) << 8) | r(PIT_CNTRH + 2);
}

const AUTOVEC_IRQ_ON = 0xe0; // TCR7-5 = 111
const T = 32; // counter clock with the prescaler at CLK = CPU clock

describe('MC68230 PI/T timer', () => {
  it('comes out of reset halted with TIVR and PIVR at 0x0F', () => {
    const { pit } = setup();
    expect(pit.read(PIT_TCR, 1)).toBe(0);
    expect(pit.read(PIT_TIVR, 1)).toBe(0x0f);
    expect(pit.read(0x05, 1)).toBe(0x0f);
    expect(pit.read(PIT_TSR, 1)).toBe(0);
    expect(counter(pit)).toBe(0);
  });

  it('loads CPR on the first counter clock, counts down every 32 CLK, sets ZDS and interrupts at zero', () => {
    const { ctx, pit } = setup();
    setCpr(pit, 100);
    expect([pit.read(PIT_CPRH, 1), pit.read(PIT_CPRH + 1, 1), pit.read(PIT_CPRH + 2, 1)]).toEqual([0, 0, 100]);
    pit.write(PIT_TCR, 1, AUTOVEC_IRQ_ON | 1);
    ctx.advance(T - 1);
    expect(counter(pit)).toBe(0);
    ctx.advance(1);
    expect(counter(pit)).toBe(100);
    ctx.advance(10 * T);
    expect(counter(pit)).toBe(90);
    ctx.advance(90 * T - 1);
    expect(pit.read(PIT_TSR, 1)).toBe(0);
    expect(ctx.line(2)).toBe(false);
    ctx.advance(1);
    expect(counter(pit)).toBe(0);
    expect(pit.read(PIT_TSR, 1)).toBe(1);
    expect(ctx.line(2)).toBe(true);
    expect(pit.zeroDetects).toBe(1);
  });

  it('reloads from CPR after zero detect (TCR4 = 0): period CPR + 1 counter clocks; writing 1 to TSR clears ZDS', () => {
    const { ctx, pit } = setup();
    setCpr(pit, 9);
    pit.write(PIT_TCR, 1, AUTOVEC_IRQ_ON | 1);
    ctx.advance(10 * T);
    expect(pit.read(PIT_TSR, 1)).toBe(1);
    pit.write(PIT_TSR, 1, 0); // writing 0 leaves it
    expect(pit.read(PIT_TSR, 1)).toBe(1);
    pit.write(PIT_TSR, 1, 1);
    expect(pit.read(PIT_TSR, 1)).toBe(0);
    expect(ctx.line(2)).toBe(false);
    ctx.advance(T);
    expect(counter(pit)).toBe(9); // reloaded
    ctx.advance(9 * T);
    expect(pit.read(PIT_TSR, 1)).toBe(1);
    expect(ctx.line(2)).toBe(true);
    // A long run: one zero detect per period, counted by events.
    pit.write(PIT_TSR, 1, 1);
    ctx.advance(1000 * 10 * T);
    expect(pit.zeroDetects).toBe(1002);
  });

  it('rolls over to 0xFFFFFF after zero detect when TCR4 = 1', () => {
    const { ctx, pit } = setup();
    setCpr(pit, 3);
    pit.write(PIT_TCR, 1, AUTOVEC_IRQ_ON | 0x10 | 1);
    ctx.advance(4 * T);
    expect(counter(pit)).toBe(0);
    expect(pit.read(PIT_TSR, 1)).toBe(1);
    ctx.advance(T);
    expect(counter(pit)).toBe(0xffffff);
    ctx.advance(5 * T);
    expect(counter(pit)).toBe(0xfffffa);
  });

  it('the prescaler divides CLK by 32: a 1 MHz CLK under a 4 MHz CPU clocks the counter every 128 cycles', () => {
    const { ctx, pit } = setup(1_000_000);
    expect(pit.tickCycles).toBe(128);
    setCpr(pit, 50);
    pit.write(PIT_TCR, 1, 0xe1);
    ctx.advance(11 * 128);
    expect(counter(pit)).toBe(40);
  });

  it('halting keeps the count; starting again reloads from CPR', () => {
    const { ctx, pit } = setup();
    setCpr(pit, 1000);
    pit.write(PIT_TCR, 1, 0xe1);
    ctx.advance(101 * T);
    expect(counter(pit)).toBe(900);
    pit.write(PIT_TCR, 1, 0xe0);
    ctx.advance(500 * T);
    expect(counter(pit)).toBe(900);
    pit.write(PIT_TCR, 1, 0xe1);
    ctx.advance(T);
    expect(counter(pit)).toBe(1000);
  });

  it('interrupts only in TCR7-5 = 101 (vectored) or 111 (autovectored); ZDS is set in every mode', () => {
    for (const [mode, irq, vectored] of [[0x00, false, false], [0x40, false, false], [0x80, false, false], [0xa0, true, true], [0xc0, false, false], [0xe0, true, false]] as const) {
      const { ctx, pit } = setup();
      setCpr(pit, 1);
      pit.write(PIT_TIVR, 1, 0x40);
      pit.write(PIT_TCR, 1, mode | 1);
      ctx.advance(2 * T);
      expect(pit.read(PIT_TSR, 1), `mode ${mode}`).toBe(1);
      expect(ctx.line(2), `mode ${mode}`).toBe(irq);
      expect(pit.vectored, `mode ${mode}`).toBe(vectored);
      expect(pit.vector).toBe(0x40);
    }
  });

  it('enabling the interrupt while ZDS is set asserts it; TIN-clocked modes do not count', () => {
    const { ctx, pit } = setup();
    setCpr(pit, 2);
    pit.write(PIT_TCR, 1, 0x01);
    ctx.advance(3 * T);
    expect(ctx.line(2)).toBe(false);
    pit.write(PIT_TCR, 1, 0xe1);
    expect(ctx.line(2)).toBe(true);
    const b = setup();
    setCpr(b.pit, 5);
    b.pit.write(PIT_TCR, 1, 0xe0 | 0x04 | 1); // TIN through the prescaler
    b.ctx.advance(100 * T);
    expect(counter(b.pit)).toBe(0);
    expect(b.pit.read(PIT_TSR, 1)).toBe(0);
  });

  it('peek has no side effects and agrees with read', () => {
    const { ctx, pit } = setup();
    setCpr(pit, 20);
    pit.write(PIT_TCR, 1, 0xe1);
    ctx.advance(7 * T + 5);
    expect(counter(pit, true)).toBe(14);
    // Past the zero detect but before its event fires: peek computes it, read applies it.
    ctx.t += 30 * T;
    expect(pit.peek(PIT_TSR, 1)).toBe(1);
    expect(ctx.line(2)).toBe(false);
    expect(pit.zeroDetects).toBe(0);
    expect(pit.read(PIT_TSR, 1)).toBe(1);
    expect(ctx.line(2)).toBe(true);
    expect(pit.zeroDetects).toBe(1);
  });

  it('port registers hold what is written; data registers read output latches and high inputs', () => {
    const { pit } = setup();
    pit.write(0x02, 1, 0xf0); // PADDR: high nibble out
    pit.write(0x08, 1, 0x5a);
    expect(pit.read(0x08, 1)).toBe(0x5f);
    pit.write(0x00, 1, 0x30);
    expect(pit.read(0x00, 1)).toBe(0x30);
    expect(pit.read(0x0d, 1)).toBe(0);
    expect(pit.read(0x1f, 1)).toBe(0);
  });

  it('reset halts the timer and restores reset values', () => {
    const { ctx, pit } = setup();
    setCpr(pit, 1);
    pit.write(PIT_TCR, 1, 0xe1);
    ctx.advance(2 * T);
    expect(ctx.line(2)).toBe(true);
    pit.reset();
    expect(ctx.line(2)).toBe(false);
    expect(pit.read(PIT_TCR, 1)).toBe(0);
    expect(ctx.scheduler.pending()).toEqual([]);
  });
});

describe('MC68230 zero detect count', () => {
  it('counts every zero detect even when one update spans several periods', () => {
    for (const roll of [0, 0x10]) {
      const { ctx, pit } = setup();
      setCpr(pit, roll ? 0 : 1);
      pit.write(PIT_TCR, 1, 0xe1 | roll);
      // Jump far ahead without dispatching events, then let a register read catch up.
      const clocks = roll ? 3 * 0x1000000 + 5 : 2 * 1000 + 1;
      ctx.t += clocks * T;
      pit.read(PIT_TSR, 1);
      // Reload, CPR 1: load, then a zero detect every 2 clocks. Roll, CPR 0: load 0, then
      // a zero detect every 2^24 clocks.
      expect(pit.zeroDetects).toBe(roll ? 3 : 1000);
    }
  });
});
