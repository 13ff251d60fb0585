/**
 * Disassembler: a golden listing of every form of spec.ts (each with two fixed samples of its
 * fields) and of the self-test program, plus structural checks: every undefined first word is
 * reported illegal with length 2, and the length of every form is its picture plus extension.
 * (Every vector's name is also checked against the disassembly in conformance.test.ts.)
 * Re-bless the golden file after an intended change: BLESS=1 npx vitest run test/cpus/h8300/disasm.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../../cpus/h8300/disasm.js';
import { standardDispatch } from '../../../cpus/h8300/execute.js';
import { FORMS, formLength, pattern } from '../../../cpus/h8300/spec.js';
import { DASM_ILLEGAL } from '../../../src/core/cpu.js';
import { projectRoot } from '../../../src/boards/board.js';
import { loadImageFile } from '../../../src/loaders/index.js';

const GOLDEN = join(projectRoot(), 'test', 'cpus', 'h8300', 'disasm.golden.txt');

/** Fill a picture's variable bits from `seed` (a fixed pseudo-random sequence per sample). */
function sample(bits: string, seed: number): number[] {
  let x = seed;
  let word = 0;
  for (const ch of bits) {
    let bit: number;
    if (ch === '0' || ch === '1') bit = ch === '1' ? 1 : 0;
    else {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      bit = (x >>> 16) & 1;
    }
    word = word * 2 + bit;
  }
  const bytes: number[] = [];
  for (let i = bits.length / 8 - 1; i >= 0; i--) bytes.push(Math.floor(word / 2 ** (8 * i)) & 0xff);
  return bytes;
}

function line(addr: number, bytes: number[]): string {
  const peek = (a: number): number => bytes[(a - addr) & 0xffff] ?? 0;
  const d = disassemble(addr, peek);
  const hexs = bytes.slice(0, d.length).map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  return `${addr.toString(16).toUpperCase().padStart(4, '0')}  ${hexs.padEnd(12)} ${d.text}`;
}

function listing(): string {
  const out: string[] = ['; every form, two samples each (ext word 0x1234 / 0xFE02)'];
  FORMS.forEach((form, i) => {
    const bits = form.bits.replace(/ /g, '');
    for (const [seed, ext] of [[i * 2 + 1, [0x12, 0x34]], [i * 2 + 7, [0xfe, 0x02]]] as const) {
      const bytes = [...sample(bits, seed), ...(form.ext === 'none' ? [] : ext)];
      out.push(line(0x1000, bytes));
    }
  });
  out.push('', '; firmware/tests/h8300/selftest.coff, code from the reset vector on');
  const img = loadImageFile(join(projectRoot(), 'firmware', 'tests', 'h8300', 'selftest.coff'));
  const mem = new Uint8Array(0x10000);
  for (const s of img.segments) mem.set(s.data, s.addr);
  const end = img.segments.reduce((m, s) => Math.max(m, s.addr + s.data.length), 0);
  let a = (mem[0] << 8) | mem[1];
  while (a < end) {
    const d = disassemble(a, (x) => mem[x & 0xffff]);
    out.push(line(a, [...mem.subarray(a, a + d.length)]));
    a += d.length;
  }
  return out.join('\n') + '\n';
}

describe('h8300 disassembler', () => {
  it('matches the golden listing', () => {
    const text = listing();
    if (process.env.BLESS) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('reports every undefined first word as illegal, 2 bytes long', () => {
    const d = standardDispatch();
    let illegal = 0;
    for (let w = 0; w < 0x10000; w++) {
      if (d.formOf[w] >= 0) continue;
      const r = disassemble(0x2000, (a) => (a === 0x2000 ? w >> 8 : a === 0x2001 ? w & 0xff : 0));
      expect(r.flags & DASM_ILLEGAL).toBe(DASM_ILLEGAL);
      expect(r.length).toBe(2);
      illegal++;
    }
    expect(illegal).toBeGreaterThan(10000);
  });

  it('gives each form its length and flow flags', () => {
    FORMS.forEach((form, i) => {
      const bytes = [...sample(pattern(form).bits, i + 3), 0x12, 0x34];
      const r = disassemble(0x3000, (a) => bytes[a - 0x3000] ?? 0);
      expect(r.length, form.bits).toBe(formLength(form));
      expect(r.flags, form.bits).toBe(form.flow);
      expect(r.text.split(' ')[0]).toBe(form.mnemonic);
    });
  });
});
