/**
 * Core behaviour the single-instruction vectors cannot show: interrupt lines, priorities and
 * masks, the interrupt frame, WAI and STOP idling, the illegal-opcode trap, registers, state.
 */
import { describe, expect, it } from 'vitest';
import { createBus } from '../../../src/core/bus.js';
import { Machine } from '../../../src/core/machine.js';
import { createCpu, lineVector, type M68HC11 } from '../../../cpus/m68hc11/index.js';

const CODE = 0x8000;
const STACK = 0x01ff;

function setup(code: number[], machine: Machine | null = null): M68HC11 {
  const bus = createBus(true, { addrBits: 16, pageBits: 6, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0, 0x10000);
  const cpu = createCpu(bus, machine, 'm68hc11');
  bus.load(CODE, Uint8Array.from(code));
  // Every vector FFC0-FFFD points at 9000h + its offset, so the handler address names the vector.
  for (let v = 0xffc0; v < 0xfffe; v += 2) bus.load(v, Uint8Array.from([0x90, v & 0xff]));
  bus.load(0xfffe, Uint8Array.from([CODE >> 8, CODE & 0xff]));
  cpu.reset();
  cpu.setReg('SP', STACK);
  return cpu;
}

const frame = (cpu: M68HC11): number[] => Array.from({ length: 9 }, (_, i) => cpu.bus.peek8(cpu.sp + 1 + i));

describe('m68hc11 core', () => {
  it('resets with S, X and I set and the PC from FFFEh', () => {
    const cpu = setup([0x01]);
    expect(cpu.getReg('PC')).toBe(CODE);
    expect(cpu.getReg('CCR')).toBe(0xd0);
  });

  it('documents the line numbering: IRQ FFF2, XIRQ FFF4, RTI FFF0 ... SCI FFD6', () => {
    expect(lineVector(0)).toBe(0xfff2);
    expect(lineVector(1)).toBe(0xfff4);
    expect(lineVector(2)).toBe(0xfff0);
    expect(lineVector(6)).toBe(0xffe8);
    expect(lineVector(10)).toBe(0xffe0);
    expect(lineVector(15)).toBe(0xffd6);
  });

  it('IRQ waits for CLI and one more instruction, then stacks PC, Y, X, A, B, CCR and vectors through FFF2h with I set', () => {
    const cpu = setup([0x01, 0x0e, 0x01, 0x01]); // NOP; CLI; NOP; NOP
    cpu.setReg('A', 0x11); cpu.setReg('B', 0x22); cpu.setReg('X', 0x3344); cpu.setReg('Y', 0x5566);
    cpu.setIrq(0, true);
    expect(cpu.step()).toBe(2); // I set: NOP runs
    expect(cpu.pc).toBe(CODE + 1);
    cpu.step(); // CLI
    expect(cpu.step()).toBe(2); // the instruction after CLI always runs (the I-bit delay)
    const n = cpu.step(); // the interrupt entry
    expect(n).toBe(14);
    expect(cpu.pc).toBe(0x90f2);
    expect(cpu.getReg('CCR') & 0x10).toBe(0x10);
    expect(cpu.sp).toBe(STACK - 9);
    expect(frame(cpu)).toEqual([0xc0, 0x22, 0x11, 0x33, 0x44, 0x55, 0x66, CODE >> 8, (CODE + 3) & 0xff]);
  });

  it('XIRQ is not masked by I once X is clear, sets X and I; lower lines wait', () => {
    const cpu = setup([0x01, 0x01]);
    cpu.setIrq(1, true);
    cpu.setIrq(0, true);
    cpu.step(); // X still set from reset: nothing
    expect(cpu.pc).toBe(CODE + 1);
    cpu.setReg('CCR', 0x10); // X clear, I set
    cpu.step();
    expect(cpu.pc).toBe(0x90f4);
    expect(cpu.getReg('CCR') & 0x50).toBe(0x50);
  });

  it('takes the lowest-numbered on-chip line first (RTI before SCI) and ignores lines above 15', () => {
    const cpu = setup([0x01]);
    cpu.setReg('CCR', 0x00);
    cpu.setIrq(16, true);
    cpu.setIrq(15, true);
    cpu.setIrq(2, true);
    cpu.step();
    expect(cpu.pc).toBe(0x90f0);
  });

  it('RTI clears X from the frame but cannot set it, and re-enables a pending IRQ', () => {
    const cpu = setup([0x3b, 0x01]); // RTI
    cpu.setReg('CCR', 0x10);
    cpu.setIrq(0, true);
    cpu.attention = 0; // as if the line had been asserted long ago, while I was set
    // Frame with CCR = X|I set: X stays clear, I from the frame.
    cpu.bus.load(STACK - 8, Uint8Array.from([0x40, 1, 2, 0, 3, 0, 4, 0x80, 0x01]));
    cpu.setReg('SP', STACK - 9);
    cpu.attention = 0;
    cpu.step();
    expect(cpu.getReg('CCR')).toBe(0x00);
    expect(cpu.pc).toBe(0x8001);
    expect([cpu.getReg('B'), cpu.getReg('A'), cpu.getReg('X'), cpu.getReg('Y')]).toEqual([1, 2, 3, 4]);
    expect(cpu.step()).toBe(14); // I cleared by RTI: the waiting IRQ is taken at once
    expect(cpu.pc).toBe(0x90f2);
  });

  it('WAI stacks once, idles for the whole budget (counted as idle cycles), and the interrupt only vectors', () => {
    const m = new Machine(2_000_000);
    const cpu = setup([0x0e, 0x3e, 0x01], m); // CLI; WAI; NOP
    cpu.step();
    expect(cpu.step()).toBe(12);
    expect(cpu.sp).toBe(STACK - 9);
    expect(cpu.run(1000)).toBe(1000);
    expect(m.idleCycles).toBe(1000);
    expect(cpu.pc).toBe(CODE + 2);
    cpu.setIrq(4, true);
    expect(cpu.step()).toBe(2);
    expect(cpu.pc).toBe(0x90ec);
    expect(cpu.sp).toBe(STACK - 9);
    expect(frame(cpu)[8]).toBe((CODE + 2) & 0xff);
  });

  it('STOP idles with S clear; only IRQ (I clear) or XIRQ wake it; XIRQ with X set continues after STOP', () => {
    const cpu = setup([0xcf, 0x01, 0xcf, 0x01]);
    cpu.setReg('CCR', 0x40); // S clear, X set, I clear
    cpu.step();
    cpu.setIrq(2, true); // RTI does not wake STOP
    expect(cpu.run(500)).toBe(500);
    expect(cpu.pc).toBe(CODE + 1);
    cpu.setIrq(2, false);
    cpu.setIrq(1, true); // XIRQ while X is set: STOP-continue
    cpu.step();
    expect(cpu.pc).toBe(CODE + 2);
    cpu.setIrq(1, false);
    cpu.step(); // STOP again
    cpu.setIrq(0, true);
    expect(cpu.step()).toBe(14);
    expect(cpu.pc).toBe(0x90f2);
  });

  it('TAP clearing I delays a pending IRQ by one instruction too; the delay does not outlive it', () => {
    const cpu = setup([0x4f, 0x06, 0x01, 0x0e, 0x01, 0x01]); // CLRA; TAP; NOP; CLI; NOP; NOP
    cpu.setIrq(0, true);
    cpu.step(); // CLRA
    cpu.step(); // TAP: I 1 -> 0
    expect(cpu.step()).toBe(2); // NOP runs
    expect(cpu.step()).toBe(14); // then the IRQ
    const late = setup([0x0e, 0x01, 0x01, 0x01]); // CLI with no line asserted
    late.step();
    late.step();
    late.setIrq(0, true); // asserted later: taken at the next boundary, no delay left over
    expect(late.step()).toBe(14);
  });

  it('STOP with S set is a NOP', () => {
    const cpu = setup([0xcf, 0x01]);
    expect(cpu.step()).toBe(2);
    expect(cpu.pc).toBe(CODE + 1);
  });

  it('TEST and undefined opcodes (prebyte included) trap through FFF8h, stacking the first byte\'s address', () => {
    for (const code of [[0x00], [0x41], [0x18, 0x00], [0x1a, 0x01], [0xcd, 0x08]]) {
      const cpu = setup([0x01, ...code]);
      cpu.step();
      expect(cpu.step()).toBe(14);
      expect(cpu.pc).toBe(0x90f8);
      expect(frame(cpu).slice(7)).toEqual([CODE >> 8, (CODE + 1) & 0xff]);
    }
  });

  it('D is A:B; registers and state round-trip', () => {
    const cpu = setup([0x3e]);
    cpu.setReg('D', 0x1234);
    expect([cpu.getReg('A'), cpu.getReg('B')]).toEqual([0x12, 0x34]);
    cpu.setReg('X', 0xbeef); cpu.setReg('Y', 0xcafe); cpu.setReg('CCR', 0x2b);
    cpu.step(); // WAI: waiting
    cpu.setIrq(3, true);
    const s = JSON.parse(JSON.stringify(cpu.saveState()));
    const other = setup([]);
    other.loadState(s);
    expect(other.saveState()).toEqual(cpu.saveState());
    expect(other.step()).toBe(2); // still in WAI: only the vector fetch
    expect(other.pc).toBe(0x90ee);
  });
});
