/** The 80C196 variant's additional instructions, and undefined opcodes on both variants. */
import { describe, expect, it } from 'vitest';
import { createBus } from '../../../src/core/bus.js';
import { createCpu, type I8096 } from '../../../cpus/i8096/index.js';

function cpuWith(variant: string, code: number[], at = 0x2080): I8096 {
  const bus = createBus(false, { addrBits: 16, pageBits: 8, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0x100, 0xff00);
  const cpu = createCpu(bus, null, variant);
  bus.load(at, Uint8Array.from(code));
  cpu.reset();
  cpu.setReg('SP', 0x8000);
  cpu.pc = at;
  return cpu;
}

describe('80C196 instructions', () => {
  it('XCH direct and indexed swap a register with the operand', () => {
    const cpu = cpuWith('i80c196', [
      0x04, 0x32, 0x30, //          XCH  30H, 32H
      0x0b, 0x34, 0x02, 0x30, //    XCH  30H, 2H[34H]
    ]);
    cpu.ww(0x30, 0x1111);
    cpu.ww(0x32, 0x2222);
    cpu.ww(0x34, 0x4000);
    cpu.bus.write16(0x4002, 0x3333);
    cpu.step();
    expect([cpu.rw(0x30), cpu.rw(0x32)]).toEqual([0x2222, 0x1111]);
    cpu.step();
    expect([cpu.rw(0x30), cpu.bus.read16(0x4002)]).toEqual([0x3333, 0x2222]);
  });

  it('CMPL compares longs (carry = no borrow)', () => {
    const cpu = cpuWith('i80c196', [0xc5, 0x34, 0x30, 0xc5, 0x30, 0x34]); // CMPL 30H, 34H ; CMPL 34H, 30H
    cpu.wl(0x30, 0x00010000);
    cpu.wl(0x34, 0x0000ffff);
    cpu.step();
    expect(cpu.getReg('PSW') & 0xe800).toBe(0x0800); // C, not Z/N/V
    cpu.step();
    expect(cpu.getReg('PSW') & 0xe800).toBe(0x4000); // N, borrow
  });

  it('BMOV moves CNT words and advances both pointers', () => {
    const cpu = cpuWith('i80c196', [0xc1, 0x38, 0x30]); // BMOV 30H, 38H
    cpu.ww(0x30, 0x4000);
    cpu.ww(0x32, 0x5000);
    cpu.ww(0x38, 3);
    for (let i = 0; i < 3; i++) cpu.bus.write16(0x4000 + 2 * i, 0xa000 + i);
    cpu.step();
    expect([0, 1, 2].map((i) => cpu.bus.read16(0x5000 + 2 * i))).toEqual([0xa000, 0xa001, 0xa002]);
    expect([cpu.rw(0x30), cpu.rw(0x32)]).toEqual([0x4006, 0x5006]);
  });

  it('DJNZW loops on a word counter', () => {
    const cpu = cpuWith('i80c196', [0x07, 0x34, 0xe1, 0x30, 0xfb]); // INC 34H ; DJNZW 30H, 2080H
    cpu.ww(0x30, 300);
    let n = 0;
    while (cpu.pc !== 0x2085 && n++ < 10000) cpu.step();
    expect(cpu.rw(0x34)).toBe(300);
    expect(cpu.rw(0x30)).toBe(0);
  });

  it('PUSHA pushes PSW/INT_MASK and INT_MASK1/WSR and clears the masks; POPA restores them', () => {
    const cpu = cpuWith('i80c196', [0xf4, 0xf5]);
    cpu.setReg('PSW', 0x8a55);
    cpu.setReg('INT_MASK1', 0x21);
    cpu.setReg('WSR', 0x0f);
    cpu.step();
    expect(cpu.getReg('SP')).toBe(0x7ffc);
    expect(cpu.bus.read16(0x7ffe)).toBe(0x8a55);
    expect(cpu.bus.read16(0x7ffc)).toBe(0x0f21);
    expect(cpu.getReg('PSW')).toBe(0);
    expect(cpu.getReg('INT_MASK1')).toBe(0);
    cpu.step();
    expect(cpu.getReg('SP')).toBe(0x8000);
    expect(cpu.getReg('PSW')).toBe(0x8a55);
    expect(cpu.getReg('INT_MASK1')).toBe(0x21);
  });

  it('INT_PEND1 interrupts vector through 2030H + 2n and outrank the INT_PENDING bank', () => {
    const cpu = cpuWith('i80c196', [0xfd, 0xfd, 0xfd]);
    cpu.bus.write16(0x200e, 0x3000); // EXTINT
    cpu.bus.write16(0x2032, 0x3100); // RI (INT_PEND1 bit 1)
    cpu.setReg('PSW', 0x0280);
    cpu.setReg('INT_MASK1', 0x02);
    cpu.setReg('INT_PENDING', 0x80);
    cpu.setIrq(9, true); // RI
    cpu.step();
    expect(cpu.pc).toBe(0x3100);
    expect(cpu.getReg('INT_PEND1')).toBe(0);
    expect(cpu.getReg('INT_PENDING')).toBe(0x80);
  });

  it('IDLPD #1 sleeps, consuming whole budgets, until an enabled interrupt is pending', () => {
    const cpu = cpuWith('i80c196', [0xf6, 0x01, 0xfd]);
    cpu.bus.write16(0x200e, 0x3000);
    cpu.bus.load(0x3000, Uint8Array.of(0xfd));
    cpu.setReg('PSW', 0x0280); // I, INT_MASK bit 7
    cpu.step();
    const before = cpu.instructions;
    expect(cpu.run(5000)).toBe(5000);
    expect(cpu.instructions).toBe(before);
    cpu.setIrq(7, true);
    cpu.run(100);
    expect(cpu.idleMode).toBe(0);
    expect(cpu.bus.read16(cpu.getReg('SP'))).toBe(0x2082);
  });

  it('undefined opcodes trap through 2012H on the 80C196 and halt the 8096BH', () => {
    const c196 = cpuWith('i80c196', [0x10]);
    c196.bus.write16(0x2012, 0x3456);
    c196.step();
    expect(c196.pc).toBe(0x3456);
    expect(c196.bus.read16(c196.getReg('SP'))).toBe(0x2081);
    const c96 = cpuWith('i8096', [0xf4]);
    c96.step();
    expect(c96.halted?.kind).toBe('illegal');
    expect(c96.pc).toBe(0x2080);
  });
});
