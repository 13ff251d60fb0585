/**
 * Disassembler: a golden listing of a varied program (assembled once by GNU as from
 * golden/disasm.s into golden/disasm.bin), plus every opcode word of the decode table.
 * Re-bless after an intended change: BYTEBOS_BLESS=1 npx vitest run test/cpus/m68000/disasm.test.ts
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/boards/board.js';
import { disassemble } from '../../../cpus/m68000/disasm.js';
import { decodeTableOnce } from '../../../cpus/m68000/spec.js';
import { DASM_CALL, DASM_ILLEGAL, DASM_RETURN } from '../../../src/core/cpu.js';

// From the project root, so the compiled copy of this test (dist/) finds the files too.
const here = join(projectRoot(), 'test', 'cpus', 'm68000', 'golden');

function listing(bytes: Uint8Array): string {
  const peek = (a: number): number => bytes[a] ?? 0;
  const lines: string[] = [];
  for (let a = 0; a < bytes.length;) {
    const r = disassemble(a, peek);
    const hexBytes = [...bytes.subarray(a, a + r.length)].map((x) => x.toString(16).padStart(2, '0')).join('');
    lines.push(`${a.toString(16).padStart(6, '0')}  ${hexBytes.padEnd(20)}  ${r.text}`);
    a += r.length;
  }
  return lines.join('\n') + '\n';
}

describe('m68000 disassembler', () => {
  it('matches the golden listing', () => {
    const bin = new Uint8Array(readFileSync(join(here, 'disasm.bin')));
    const text = listing(bin);
    const goldenFile = join(here, 'disasm.lst');
    if (process.env.BYTEBOS_BLESS === '1') writeFileSync(goldenFile, text);
    expect(text).toBe(readFileSync(goldenFile, 'utf8'));
  });

  it('reports flow flags and targets', () => {
    const code = (words: number[]): ((a: number) => number) => (a) => {
      const w = words[a >> 1] ?? 0;
      return a & 1 ? w & 0xff : w >> 8;
    };
    const bsr = disassemble(0x1000, (a) => code([0x6100, 0x0100])(a - 0x1000));
    expect(bsr).toMatchObject({ text: 'bsr.w $1102', length: 4, target: 0x1102 });
    expect(bsr.flags & DASM_CALL).toBeTruthy();
    expect(disassemble(0, code([0x4e75])).flags & DASM_RETURN).toBeTruthy();
    expect(disassemble(0, code([0x4afc])).flags & DASM_ILLEGAL).toBeTruthy();
    expect(disassemble(0, code([0x4e7a]))).toMatchObject({ text: 'dc.w $4e7a', length: 2 });
    expect(disassemble(0, code([0x4ef9, 0x00ff, 0x1234])).target).toBe(0xff1234);
  });

  it('decodes every opcode word the table accepts without error and within 10 bytes', () => {
    const table = decodeTableOnce();
    let valid = 0;
    for (let op = 0; op < 65536; op++) {
      const peek = (a: number): number => (a === 0 ? op >> 8 : a === 1 ? op & 0xff : 0);
      const r = disassemble(0, peek);
      expect(r.length).toBeGreaterThanOrEqual(2);
      expect(r.length).toBeLessThanOrEqual(10);
      if (table[op] !== 0xffff) valid++;
      else expect(r.text.startsWith('dc.w')).toBe(true);
    }
    // Regression guard: words the spec table accepts (45,816 instructions + 8,192 line A/F).
    expect(valid).toBe(VALID_OPCODES);
  });
});

const VALID_OPCODES = 54008;
