/**
 * The spec table: no overlaps, every documented opcode present, and the disassembler (driven by
 * the same table) prints every vector's instruction exactly as the vector names it.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadVectorFile, requireVectors } from '../../../src/conformance/runner.js';
import { buildOpcodeTables, SPEC, slotOf, MODE_BYTES, type Entry } from '../../../cpus/m68hc11/spec.js';
import { disassemble } from '../../../cpus/m68hc11/disasm.js';
import { DASM_ILLEGAL } from '../../../src/core/cpu.js';

const dir = requireVectors('m68hc11');

describe('m68hc11 spec table', () => {
  it('has 308 documented opcodes (306 in the vectors, plus TEST and WAI) and refuses overlaps', () => {
    const t = buildOpcodeTables();
    expect(t.entries.filter((e) => e !== null).length).toBe(308);
    const dup: Entry[] = [...SPEC, { ...SPEC[0] }];
    expect(() => buildOpcodeTables(dup)).toThrow(/overlaps/);
    expect(() => buildOpcodeTables([{ ...SPEC[0], opcode: 0x18 }])).toThrow(/prebyte/);
  });

  it('flags undefined opcodes as illegal', () => {
    for (const bytes of [[0x41], [0x87], [0x18, 0x00], [0x1a, 0x00], [0xcd, 0x8c]]) {
      const r = disassemble(0, (a) => bytes[a] ?? 0);
      expect(r.flags & DASM_ILLEGAL).toBe(DASM_ILLEGAL);
      expect(r.length).toBe(bytes.length);
    }
  });

  it.runIf(dir !== null)('matches every vector: mnemonic and operand text, length and cycles', () => {
    const t = buildOpcodeTables();
    let n = 0;
    for (const page of ['00', '18', '1a', 'cd']) {
      for (const test of loadVectorFile(join(dir!, `page_${page}.json`))) {
        const bytes = String(test.bytes).split(' ').map((b) => parseInt(b, 16));
        const pc = (test.initial as { regs: { PC: number } }).regs.PC;
        const r = disassemble(pc, (a) => bytes[(a - pc) & 0xffff] ?? 0);
        // name = opcode bytes, then the instruction in Motorola syntax, then [index]
        const words = String(test.name).replace(/ \[\d+\]$/, '').split(' ');
        expect(r.text).toBe(words.slice(page === '00' ? 1 : 2).join(' '));
        expect(r.length).toBe(bytes.length);
        const opcode = page === '00' ? bytes[0] : (bytes[0] << 8) | bytes[1];
        const e = t.entries[slotOf(opcode)]!;
        expect(e.cycles).toBe(test.cycles);
        expect(MODE_BYTES[e.mode] + (page === '00' ? 1 : 2)).toBe(bytes.length);
        n++;
      }
    }
    expect(n).toBe(9180);
  });
});
