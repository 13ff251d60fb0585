/** crc32.a96 (the benchmark workload) assembles to exactly the hand-encoded bytes of crc32.json. */
import { describe, expect, it } from 'vitest';
import { CRC32_PROGRAM, crc32Assembly, crc32Code } from '../../firmware/tests/i8096/crc32.js';
import { segmentsOf } from '../../src/asm/assembler.js';

describe('crc32.a96', () => {
  it('is byte for byte the hand-encoded program', () => {
    const segs = segmentsOf(crc32Assembly().bytes);
    expect(segs.length).toBe(1);
    expect(segs[0].addr).toBe(Number(CRC32_PROGRAM.origin));
    expect(Array.from(segs[0].data)).toEqual(Array.from(crc32Code()));
  });
});
