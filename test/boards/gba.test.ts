import { describe, expect, it } from 'vitest';
import { buildMachine, loadBoard } from '../../src/boards/board.js';

describe('gba-cpu-test board', () => {
  it('boots in the post-BIOS state with the GBA memory map', async () => {
    const b = loadBoard('gba-cpu-test');
    const m = await buildMachine(b);
    // ldr r0, =0x04000004 ; ldrh r1, [r0] ; str r1, [r0] ; b .
    const code = [0xe59f0008, 0xe1d010b0, 0xe5801000, 0xeafffffe, 0x04000004];
    const bytes = new Uint8Array(code.length * 4);
    code.forEach((w, i) => new DataView(bytes.buffer).setUint32(i * 4, w, true));
    m.bus.load(0x08000000, bytes);
    m.reset();
    for (const [reg, v] of Object.entries(b.reset)) m.cpu.setReg(reg, v);
    expect(m.cpu.pc).toBe(0x08000000);
    expect(m.cpu.getReg('CPSR') & 0x1f).toBe(0x1f);
    expect(m.cpu.getReg('R13')).toBe(0x03007f00);
    expect(m.cpu.getReg('R13_IRQ')).toBe(0x03007fa0);
    expect(m.cpu.getReg('R13_SVC')).toBe(0x03007fe0);
    // ROM mirrors, IWRAM mirror at the top of its area, I/O reads 0.
    expect(m.bus.read32(0x0a000000)).toBe(0xe59f0008);
    expect(m.bus.read32(0x0c000004)).toBe(0xe1d010b0);
    m.bus.write32(0x03007ffc, 0x12345678);
    expect(m.bus.read32(0x03fffffc)).toBe(0x12345678);
    m.bus.write8(0x02000000, 7);
    expect(m.bus.read8(0x02000000)).toBe(7);
    m.runCycles(100);
    expect(m.cpu.getReg('R1')).toBe(0);
    expect(m.cpu.pc).toBe(0x0800000c);
    expect(m.stopReason).toBeNull();
  });
});
