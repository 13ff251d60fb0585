/**
 * H8/300 core behaviour the vectors do not cover: the spec generator's overlap check, reset,
 * interrupt entry and priorities (NMI edge, IRQ levels masked by I, no interrupt right after
 * LDC/ANDC/ORC/XORC), SLEEP as idle time, byte-register names, undefined encodings and
 * saveState/loadState.
 */
import { describe, expect, it } from 'vitest';
import { createBus } from '../../../src/core/bus.js';
import { Machine } from '../../../src/core/machine.js';
import { createCpu, type H8300 } from '../../../cpus/h8300/index.js';
import { buildDispatch, standardDispatch } from '../../../cpus/h8300/execute.js';
import { FORMS } from '../../../cpus/h8300/spec.js';

function setup(program: number[], at = 0x100): { cpu: H8300; m: Machine; mem: (a: number) => number } {
  const bus = createBus(true, { addrBits: 16, pageBits: 8, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0, 0x10000);
  const m = new Machine(10_000_000);
  const cpu = createCpu(bus, m);
  m.attach(cpu);
  bus.load(0, Uint8Array.from([at >> 8, at & 0xff]));
  // Vectors 3 (NMI), 4 (IRQ0), 5 (IRQ1), 19: handlers at 0x400 + 0x10 * n, each "INC R6L; RTE".
  for (const v of [3, 4, 5, 19]) {
    const h = 0x400 + 0x10 * v;
    bus.load(v * 2, Uint8Array.from([h >> 8, h & 0xff]));
    bus.load(h, Uint8Array.from([0x0a, 0x0e, 0x56, 0x70]));
  }
  bus.load(at, Uint8Array.from(program));
  cpu.reset();
  cpu.setReg('R7', 0xff00);
  return { cpu, m, mem: (a) => bus.peek8(a) };
}

const NOPS = new Array(40).fill(0);

describe('h8300 spec and dispatch', () => {
  it('refuses overlapping encodings', () => {
    const dup = [...FORMS, { ...FORMS[0], exec: 'nop', bits: '0000 1100 0001 dddd' }];
    expect(() => buildDispatch(() => {}, dup)).toThrow(/overlaps/);
  });

  it('decodes 146+ forms and leaves H8/300H-only encodings undefined', () => {
    const d = standardDispatch();
    expect(FORMS.length).toBeGreaterThan(140);
    for (const w of [0x0b90 /* ADDS #4 */, 0x0100 /* MOV.L prefix */, 0x5700 /* TRAPA */, 0x7910 /* ADD.W #imm */, 0x0d88 /* MOV.W E0,E0 */]) {
      expect(d.formOf[w], w.toString(16)).toBe(-1);
    }
  });
});

describe('h8300 core', () => {
  it('reset loads PC from H\'0000 and sets I', () => {
    const { cpu } = setup([0x00, 0x00], 0x1234);
    expect(cpu.pc).toBe(0x1234);
    expect(cpu.getReg('CCR') & 0x80).toBe(0x80);
  });

  it('byte halves name the halves of the word registers', () => {
    const { cpu } = setup(NOPS);
    cpu.setReg('R3', 0xabcd);
    expect(cpu.getReg('R3H')).toBe(0xab);
    expect(cpu.getReg('R3L')).toBe(0xcd);
    cpu.setReg('R3L', 0x12);
    expect(cpu.getReg('R3')).toBe(0xab12);
    expect(cpu.getReg('SP')).toBe(0xff00);
  });

  it('takes an IRQ only while I is clear: stacks PC and CCR (both bytes), sets I, vectors through 2n', () => {
    // ANDC #0x7F,CCR ; NOP ; NOP ...
    const { cpu, mem } = setup([0x06, 0x7f, ...NOPS]);
    cpu.setIrq(4, true);
    cpu.step(); // ANDC: I clear, but no interrupt right after ANDC
    expect(cpu.pc).toBe(0x102);
    cpu.step(); // NOP at 0x102
    expect(cpu.pc).toBe(0x104);
    cpu.step(); // the interrupt entry
    expect(cpu.pc).toBe(0x400 + 0x10 * 4);
    expect(cpu.getReg('R7')).toBe(0xff00 - 4);
    const ccr = mem(0xfefc);
    expect(mem(0xfefd)).toBe(ccr);
    expect(ccr & 0x80).toBe(0);
    expect((mem(0xfefe) << 8) | mem(0xfeff)).toBe(0x104);
    expect(cpu.getReg('CCR') & 0x80).toBe(0x80);
    cpu.setIrq(4, false);
    cpu.step(); // INC R6L
    cpu.step(); // RTE
    expect(cpu.pc).toBe(0x104);
    expect(cpu.getReg('R6L')).toBe(1);
    expect(cpu.getReg('CCR') & 0x80).toBe(0);
  });

  it('masks IRQs with I; the lowest vector number wins; NMI is edge-triggered and ignores I', () => {
    const { cpu } = setup(NOPS);
    cpu.setIrq(5, true);
    cpu.setIrq(19, true);
    cpu.step();
    expect(cpu.pc).toBe(0x102); // I is set after reset
    cpu.setIrq(3, true);
    cpu.step();
    expect(cpu.pc).toBe(0x400 + 0x10 * 3);
    cpu.step(); // INC
    cpu.step(); // RTE: back with I set (the stacked CCR had I)
    expect(cpu.pc).toBe(0x102);
    cpu.step(); // the NMI line is still high, but it was one edge
    expect(cpu.pc).toBe(0x104);
    cpu.setReg('CCR', 0);
    cpu.step();
    expect(cpu.pc).toBe(0x400 + 0x10 * 5); // IRQ1 (vector 5) before vector 19
  });

  it('SLEEP idles until an interrupt and gives the machine the rest of the budget', () => {
    // ANDC #0x7F,CCR ; SLEEP ; NOP
    const { cpu, m } = setup([0x06, 0x7f, 0x01, 0x80, 0x00, 0x00]);
    const used = cpu.run(1000);
    expect(used).toBe(1000);
    expect(cpu.pc).toBe(0x104);
    expect(cpu.sleeping).toBe(true);
    expect(m.idleCycles).toBe(1000 - 4);
    expect(cpu.instructions).toBe(2);
    cpu.setIrq(4, true);
    cpu.step();
    expect(cpu.sleeping).toBe(false);
    expect(cpu.pc).toBe(0x400 + 0x10 * 4);
  });

  it('halts on an undefined encoding with the PC on it', () => {
    const { cpu } = setup([0x57, 0x00]);
    cpu.step();
    expect(cpu.halted?.kind).toBe('illegal');
    expect(cpu.pc).toBe(0x100);
  });

  it('EEPMOV costs 4 states per byte on top of its base', () => {
    const { cpu } = setup([0x7b, 0x5c, 0x59, 0x8f]);
    cpu.setReg('R4L', 10);
    cpu.setReg('R5', 0x2000);
    cpu.setReg('R6', 0x3000);
    expect(cpu.step()).toBe(8 + 40);
    expect(cpu.getReg('R4L')).toBe(0);
    expect(cpu.getReg('R6')).toBe(0x300a);
  });

  it('saveState/loadState round-trip registers, sleep and pending interrupts', () => {
    const a = setup([0x06, 0x7f, 0x01, 0x80, 0x00, 0x00]);
    a.cpu.setReg('R2', 0x1357);
    a.cpu.run(100);
    a.cpu.setIrq(3, true);
    const s = JSON.parse(JSON.stringify(a.cpu.saveState()));
    const b = setup([0x06, 0x7f, 0x01, 0x80, 0x00, 0x00]);
    b.cpu.loadState(s);
    expect(b.cpu.saveState()).toEqual(s);
    b.cpu.step();
    expect(b.cpu.pc).toBe(0x400 + 0x10 * 3);
    expect(b.cpu.getReg('R2')).toBe(0x1357);
  });
});
