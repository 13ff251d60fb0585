/** Whole programs that check themselves against a JavaScript reference. */
import { describe, expect, it } from 'vitest';
import { crc32Reference, crc32Setup } from '../../../firmware/tests/i8096/crc32.js';

describe('i8096 programs', () => {
  it('CRC-32 loop (crc32.a96) computes the same CRC as JavaScript', () => {
    const { cpu, data, resultAddr, loopEnd } = crc32Setup();
    // Run until the program reaches its LJMP back to the start (the CRC has been stored).
    let guard = 0;
    while (cpu.pc !== loopEnd && guard++ < 1_000_000) cpu.step();
    expect(cpu.pc).toBe(loopEnd);
    const got = cpu.bus.read32(resultAddr) >>> 0;
    expect(got.toString(16)).toBe(crc32Reference(data).toString(16));
    expect(cpu.getReg('SP')).toBe(0x0100);
  });
});
