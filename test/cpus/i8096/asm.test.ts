/**
 * The assembler against the disassembler: every golden-listing line and every vector's bytes
 * disassemble to text that assembles back to the same bytes (or, where ASM96 syntax cannot tell
 * short- from long-indexed, to an encoding that disassembles to the same text).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsmError, assembleInstruction, assembleProgram } from '../../../cpus/i8096/asm.js';
import { disassemble } from '../../../cpus/i8096/disasm.js';
import type { Variant } from '../../../cpus/i8096/spec.js';
import { projectRoot } from '../../../src/boards/board.js';
import { listVectorFiles, loadVectorFile, requireVectors } from '../../../src/conformance/runner.js';
import { CRC32_PROGRAM, crc32Code } from '../../../firmware/tests/i8096/crc32.js';

function roundTrip(bytes: number[], pc: number, variant: Variant): void {
  const peek = (a: number): number => bytes[(a - pc) & 0xffff] ?? 0;
  const text = disassemble(pc, peek, variant).text;
  const again = assembleInstruction(text, pc, variant);
  if (again.join() !== bytes.join()) {
    const peek2 = (a: number): number => again[(a - pc) & 0xffff] ?? 0;
    expect(disassemble(pc, peek2, variant).text, `${text}: ${bytes.map((b) => b.toString(16))} -> ${again.map((b) => b.toString(16))}`).toBe(text);
  }
}

describe('i8096 assembler', () => {
  it('assembles every line of the golden disassembly back to its bytes', () => {
    const golden = readFileSync(join(projectRoot(), 'test', 'cpus', 'i8096', 'disasm.golden.txt'), 'utf8').trim().split('\n');
    for (const line of golden) {
      const bytes = line.slice(0, 20).trim().split(' ').map((h) => parseInt(h, 16));
      expect(assembleInstruction(line.slice(21), 0x2080, 'i80c196'), line).toEqual(bytes);
    }
    expect(golden.length).toBeGreaterThan(400);
  });

  const dir = requireVectors('i8096');
  it.runIf(dir !== null)('round-trips the bytes of all 9,900 vectors', () => {
    let n = 0;
    for (const file of listVectorFiles([dir!])) {
      for (const t of loadVectorFile(file)) {
        const bytes = String(t.bytes).split(' ').map((h) => parseInt(h, 16));
        roundTrip(bytes, (t.initial as { regs: { PC: number } }).regs.PC, 'i8096');
        n++;
      }
    }
    expect(n).toBe(9900);
  });

  it('reproduces the hand-encoded CRC-32 listing from its source column', () => {
    const src = CRC32_PROGRAM.listing.map((l) => l.slice(22).replace(/;.*$/, '').trim());
    const prog = assembleProgram([`ORG ${CRC32_PROGRAM.origin.replace(/^0x/, '')}H`, ...src].join('\n'));
    const code = crc32Code();
    const origin = Number(CRC32_PROGRAM.origin);
    expect(Array.from({ length: code.length }, (_, i) => prog.bytes.get(origin + i))).toEqual(Array.from(code));
  });

  it('programs: labels (forward and backward), EQU, ORG, DCB/DCW, $, extended addressing', () => {
    const p = assembleProgram(`
      COUNT   EQU 38H
              ORG 2080H
      start:  LDB COUNT, #3
      again:  DJNZ COUNT, again     ; backward
              LD 30H, table         ; 100H and above: long-indexed off the zero register
              SJMP done             ; forward
              DCB 'ab', 0, 'x'
      done:   LJMP $
      table:  DCW 1234H, start
    `);
    const at = (a: number, n: number): number[] => Array.from({ length: n }, (_, i) => p.bytes.get(a + i)!);
    expect(at(0x2080, 3)).toEqual([0xb1, 0x03, 0x38]);
    expect(at(0x2083, 3)).toEqual([0xe0, 0x38, 0xfd]);
    const table = p.symbols.get('TABLE')!;
    expect(at(0x2086, 5)).toEqual([0xa3, 0x01, table & 0xff, table >> 8, 0x30]);
    expect(p.symbols.get('DONE')).toBe(0x208b + 2 + 4);
    expect(at(0x208d, 4)).toEqual([0x61, 0x62, 0x00, 0x78]);
    expect(at(p.symbols.get('DONE')!, 3)).toEqual([0xe7, 0xfd, 0xff]);
    expect(at(table, 4)).toEqual([0x34, 0x12, 0x80, 0x20]);
  });

  it('reports errors with the line', () => {
    expect(() => assembleProgram('  NOP\n  FOO 1')).toThrow(/line 2: unknown instruction FOO/);
    expect(() => assembleInstruction('ADD 31H, 40H', 0x2080)).toThrow(AsmError);
    expect(() => assembleInstruction('ST 30H, #5', 0x2080)).toThrow(/no immediate form/);
    expect(() => assembleInstruction('SJMP 4000H', 0x2080)).toThrow(/out of range/);
    expect(() => assembleInstruction('PUSHA', 0x2080, 'i8096')).toThrow(/on the 8096BH/);
    expect(assembleInstruction('PUSHA', 0x2080, 'i80c196')).toEqual([0xf4]);
    expect(() => assembleProgram('x: NOP\nx: NOP')).toThrow(/defined twice/);
  });
});
