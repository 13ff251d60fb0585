/**
 * Core behaviour the vectors do not cover: reset, interrupts (IRQ/FIQ priority, masking,
 * level sensitivity, Thumb return addresses), aborts, cycle counts, idle skipping, register
 * names, snapshots, and the spec generator's overlap check.
 */
import { describe, expect, it } from 'vitest';
import { createBus } from '../../../src/core/bus.js';
import { Arm7tdmi } from '../../../cpus/arm7tdmi/index.js';
import { ARM_SPEC, THUMB_SPEC } from '../../../cpus/arm7tdmi/spec.js';
import { buildArmDispatch, buildThumbDispatch } from '../../../cpus/arm7tdmi/decode.js';

function setup(words: number[] = [], at = 0x1000): Arm7tdmi {
  const bus = createBus(false, { addrBits: 32, pageBits: 12, openBus: 0, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0, 0x100000);
  words.forEach((w, i) => bus.write32(at + 4 * i, w));
  const cpu = new Arm7tdmi(bus, null);
  cpu.reset();
  cpu.attention = 0;
  cpu.pc = at;
  return cpu;
}

const NOP = 0xe1a00000; // mov r0, r0

describe('arm7tdmi core', () => {
  it('resets into SVC mode, ARM state, IRQ and FIQ disabled, PC 0', () => {
    const cpu = setup();
    cpu.reset();
    expect(cpu.pc).toBe(0);
    expect(cpu.getReg('CPSR') & 0xff).toBe(0xd3);
  });

  it('FIQ has priority over IRQ, saves CPSR and returns to next+4', () => {
    const cpu = setup([NOP, NOP, NOP]);
    cpu.setReg('CPSR', 0x1f); // SYS, interrupts enabled
    cpu.step();
    cpu.setIrq(0, true);
    cpu.setIrq(1, true);
    cpu.step(); // exception entry only
    expect(cpu.pc).toBe(0x1c);
    expect(cpu.getReg('CPSR') & 0xff).toBe(0xd1);
    expect(cpu.getReg('R14_FIQ')).toBe(0x1004 + 4);
    expect(cpu.getReg('SPSR_fiq')).toBe(0x1f);
    // FIQ mode masks both; the IRQ stays pending until F/I clear.
    cpu.step();
    expect(cpu.pc).toBe(0x20);
  });

  it('IRQ is masked by I, level-sensitive, and re-evaluated when MSR clears I', () => {
    // msr cpsr_c, #0x1f ; nop ; nop
    const cpu = setup([0xe321f01f, NOP, NOP]);
    cpu.setReg('CPSR', 0x9f); // SYS, I set
    cpu.setIrq(0, true);
    cpu.step();
    expect(cpu.pc).toBe(0x1004); // masked: executed the MSR
    cpu.step(); // now taken
    expect(cpu.pc).toBe(0x18);
    expect(cpu.getReg('R14_irq')).toBe(0x1008);
    const c2 = setup([NOP, NOP]);
    c2.setReg('CPSR', 0x1f);
    c2.setIrq(0, true);
    c2.setIrq(0, false);
    c2.step();
    expect(c2.pc).toBe(0x1004); // deasserted before the boundary: no interrupt
  });

  it('IRQ from Thumb state: ARM handler, SPSR.T set, LR = next + 4', () => {
    const cpu = setup([0x46c046c0, 0x46c046c0]); // Thumb nops
    cpu.setReg('CPSR', 0x3f); // SYS, Thumb
    cpu.step();
    expect(cpu.pc).toBe(0x1002);
    cpu.setIrq(0, true);
    cpu.step();
    expect(cpu.pc).toBe(0x18);
    expect(cpu.getReg('SPSR_IRQ')).toBe(0x3f);
    expect(cpu.getReg('CPSR') & 0x20).toBe(0);
    expect(cpu.getReg('R14_IRQ')).toBe(0x1006); // subs pc, lr, #4 returns to 0x1002
  });

  it('data abort: LR = instruction + 8; prefetch abort: LR = instruction + 4', () => {
    const cpu = setup([NOP, NOP, NOP]);
    cpu.step();
    cpu.step(); // executes 0x1004
    cpu.signalAbort('data'); // as a memory system does during the access of 0x1004
    cpu.step(); // abort entry before the next instruction
    expect(cpu.pc).toBe(0x10);
    expect(cpu.getReg('R14_ABT')).toBe(0x1004 + 8);
    expect(cpu.getReg('CPSR') & 0x1f).toBe(0x17);
    const c2 = setup([NOP, NOP]);
    c2.signalAbort('prefetch'); // the instruction at 0x1000 was fetched from an aborting address
    c2.step();
    expect(c2.pc).toBe(0x0c);
    expect(c2.getReg('R14_abt')).toBe(0x1004);
  });

  it('SWI and undefined instructions: vectors, modes and return addresses', () => {
    const cpu = setup([0xef000010, 0xe7f000f0]);
    cpu.setReg('CPSR', 0x10);
    cpu.step();
    expect(cpu.pc).toBe(0x08);
    expect(cpu.getReg('R14_SVC')).toBe(0x1004);
    expect(cpu.getReg('SPSR_SVC')).toBe(0x10);
    cpu.pc = 0x1004;
    cpu.step();
    expect(cpu.pc).toBe(0x04);
    expect(cpu.getReg('R14_UND')).toBe(0x1008);
    expect(cpu.getReg('CPSR') & 0xff).toBe(0x9b);
  });

  it('counts ARM7TDMI cycles (S+N+I, zero wait states)', () => {
    const cases: [number[], number, number?][] = [
      [[0xe3a00001], 1], // mov r0, #1: 1S
      [[0xe1a00211], 2], // mov r0, r1, lsl r2: 1S+1I
      [[0xea000000], 3], // b: 2S+1N
      [[0xe5910000], 3], // ldr r0, [r1]: 1S+1N+1I
      [[0xe5810000], 2], // str r0, [r1]: 2N
      [[0xe891000f], 6], // ldmia r1, {r0-r3}: 4S+1N+1I
      [[0xe881000f], 5], // stmia r1, {r0-r3}: 3S+2N
      [[0xe0000291], 2], // mul r0, r1, r2 (r2 small): 1S+1I
      [[0x03a00001], 1], // moveq with Z clear: 1S
      [[0xe1a0f001], 3], // mov pc, r1: 1S + refill
    ];
    for (const [words, cycles] of cases) {
      const cpu = setup(words);
      cpu.setReg('R1', 0x2000);
      cpu.setReg('R2', 3);
      expect(cpu.step(), words[0].toString(16)).toBe(cycles);
    }
  });

  it('`b .` idles to the end of the budget with an exact instruction count', () => {
    const cpu = setup([0xeafffffe]);
    const used = cpu.run(3000);
    expect(used).toBeGreaterThanOrEqual(3000);
    expect(cpu.instructions).toBe(Math.ceil(used / 3));
    expect(cpu.pc).toBe(0x1000);
  });

  it('register names: user bank, banked registers, mixed case, SPSR of the current mode', () => {
    const cpu = setup();
    cpu.setReg('CPSR', 0xd1); // FIQ
    cpu.setReg('R8', 1);
    cpu.setReg('R8_fiq', 2);
    cpu.setReg('R13_svc', 3);
    cpu.setReg('SPSR', 0x10);
    expect(cpu.r[8]).toBe(2); // FIQ's r8 is the visible one
    expect(cpu.getReg('r8')).toBe(1);
    expect(cpu.getReg('SPSR_FIQ')).toBe(0x10);
    cpu.setReg('CPSR', 0xd3);
    expect(cpu.getReg('SP')).toBe(3);
    expect(cpu.r[8]).toBe(1);
    expect(() => cpu.getReg('R16')).toThrow();
  });

  it('saveState/loadState round-trips every bank and the PSRs', () => {
    const cpu = setup([NOP]);
    cpu.setReg('CPSR', 0x600000d1);
    for (let i = 0; i < 15; i++) cpu.setReg(`R${i}`, 100 + i);
    cpu.setReg('R9_FIQ', 7);
    cpu.setReg('R14_und', 8);
    cpu.setReg('SPSR_abt', 0x17);
    cpu.setIrq(0, true);
    const s = JSON.parse(JSON.stringify(cpu.saveState()));
    const other = setup();
    other.loadState(s);
    for (const r of other.info.registers) expect(other.getReg(r.name), r.name).toBe(cpu.getReg(r.name));
    expect(other.irqLines).toBe(1);
  });

  it('the generator refuses overlapping spec rows', () => {
    expect(() => buildArmDispatch([...ARM_SPEC, { ...ARM_SPEC[0], exec: 'execAndImm' }])).toThrow(/overlapping/);
    expect(() => buildThumbDispatch([...THUMB_SPEC, { bits: '0000 0qqq qqqq qqqq', mnem: 'x', syntax: 'x', cycles: '1S', exec: 'execThumbLslImm' }])).toThrow(/overlapping/);
    expect(() => buildArmDispatch([{ ...ARM_SPEC[0], exec: 'execNothing' }])).toThrow(/missing handler/);
  });
});

describe('arm7tdmi at high addresses', () => {
  it('runs, idles and reports addresses above 0x80000000 as unsigned', () => {
    const bus = createBus(false, { addrBits: 32, pageBits: 12, openBus: 0, unmapped: 'ignore', romWrite: 'ignore' });
    bus.addRegion('hi', 'ram', 0xfff00000, 0x100000);
    bus.write32(0xfff00000, 0xe3a00005); // mov r0, #5
    bus.write32(0xfff00004, 0xeafffffe); // b .
    const cpu = new Arm7tdmi(bus, null);
    cpu.reset();
    cpu.attention = 0;
    cpu.pc = 0xfff00000;
    cpu.step();
    expect(cpu.insnPc).toBe(0xfff00000);
    expect(cpu.pc).toBe(0xfff00004);
    cpu.run(3000);
    expect(cpu.pc).toBe(0xfff00004);
    expect(cpu.getReg('R0')).toBe(5);
    expect(cpu.instructions).toBeGreaterThan(900);
  });
});
