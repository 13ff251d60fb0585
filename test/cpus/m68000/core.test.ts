/**
 * Core behaviour the vectors do not cover: state round trip, interrupt acknowledge
 * (autovector, board-supplied vector, level 7 edge), double fault, register access.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBus, type Bus } from '../../../src/core/bus.js';
import { projectRoot } from '../../../src/boards/board.js';
import { M68000 } from '../../../cpus/m68000/index.js';

function machineWith(words: number[], at = 0x400): { bus: Bus; cpu: M68000 } {
  const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0, 0x10000);
  bus.write32(0, 0x8000); // SSP
  bus.write32(4, at); // PC
  words.forEach((w, i) => bus.write16(at + 2 * i, w));
  const cpu = new M68000(bus, null);
  cpu.reset();
  return { bus, cpu };
}

describe('m68000 core', () => {
  it('saveState/loadState resumes a run exactly', () => {
    const make = (): M68000 => {
      const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
      bus.addRegion('rom', 'rom', 0, 0x100000);
      bus.addRegion('ram', 'ram', 0x100000, 0x100000);
      bus.load(0, readFileSync(join(projectRoot(), 'firmware', 'tests', 'm68000', 'crc32.bin')));
      const cpu = new M68000(bus, null);
      cpu.reset();
      return cpu;
    };
    const a = make();
    a.run(123_457);
    const state = JSON.parse(JSON.stringify(a.saveState()));
    const ram = a.bus.mem.slice();
    const b = make();
    b.bus.mem.set(ram);
    b.loadState(state);
    a.run(500_000);
    b.run(500_000);
    for (const r of ['D0', 'D1', 'D2', 'D3', 'D4', 'A0', 'A1', 'A7', 'SR', 'PC', 'USP', 'SSP']) expect(b.getReg(r)).toBe(a.getReg(r));
    expect(b.instructions).toBe(a.instructions);
  });

  it('takes autovectored interrupts above the mask and stacks the return address', () => {
    // 0x400: move.w #$2300,sr ; loop: bra.s loop
    const { bus, cpu } = machineWith([0x46fc, 0x2300, 0x60fe]);
    bus.write32((24 + 5) * 4, 0x600); // autovector level 5
    bus.write16(0x600, 0x4e71); // nop
    cpu.run(40);
    cpu.setIrq(3, true); // at the mask: ignored
    cpu.run(100);
    expect(cpu.pc).toBe(0x404);
    cpu.setIrq(5, true);
    cpu.step();
    expect(cpu.pc).toBe(0x600);
    expect(cpu.getReg('SR') & 0x0700).toBe(0x0500);
    expect(bus.read32(cpu.getReg('A7') + 2)).toBe(0x404); // stacked PC
    expect(bus.read16(cpu.getReg('A7'))).toBe(0x2300); // stacked SR
  });

  it('asks the board for the vector number when iackVector is set', () => {
    const { bus, cpu } = machineWith([0x46fc, 0x2000, 0x60fe]);
    bus.write32(0x40 * 4, 0x700);
    cpu.iackVector = (level) => (level === 2 ? 0x40 : -1);
    cpu.run(40);
    cpu.setIrq(2, true);
    cpu.step();
    expect(cpu.pc).toBe(0x700);
  });

  it('level 7 is edge-triggered and ignores the mask', () => {
    const { bus, cpu } = machineWith([0x60fe]); // reset leaves mask 7
    bus.write32((24 + 7) * 4, 0x600);
    bus.write16(0x600, 0x60fe);
    cpu.setIrq(7, true);
    cpu.step();
    expect(cpu.pc).toBe(0x600);
    cpu.run(200); // still asserted: no second interrupt
    expect(cpu.getReg('A7')).toBe(0x8000 - 6);
  });

  it('halts on an address error while stacking (odd SSP)', () => {
    const { cpu } = machineWith([0x4e40]); // trap #0
    cpu.setReg('A7', 0x7fff);
    cpu.step();
    expect(cpu.halted?.kind).toBe('double-fault');
  });

  it('keeps USP and SSP apart', () => {
    // move.l #$3000,a0 ; move.l a0,usp ; move.w #0,sr (user) ; bra.s *
    const { cpu } = machineWith([0x207c, 0x0000, 0x3000, 0x4e60, 0x46fc, 0x0000, 0x60fe]);
    cpu.run(60);
    expect(cpu.getReg('A7')).toBe(0x3000);
    expect(cpu.getReg('USP')).toBe(0x3000);
    expect(cpu.getReg('SSP')).toBe(0x8000);
    cpu.setReg('SSP', 0x7000);
    expect(cpu.getReg('SSP')).toBe(0x7000);
    expect(() => cpu.getReg('Q9')).toThrow();
  });
});
