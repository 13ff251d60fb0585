/**
 * Disassembler: a golden listing of every opcode and addressing variant (generated from
 * spec.ts with fixed operand bytes), and a length/mnemonic check against every vector's bytes.
 * Re-bless the golden file after an intended change: BLESS=1 npx vitest run test/cpus/i8096/disasm.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../../cpus/i8096/disasm.js';
import { buildOpcodeTables, type Variant } from '../../../cpus/i8096/spec.js';
import { DASM_ILLEGAL } from '../../../src/core/cpu.js';
import { listVectorFiles, loadVectorFile, requireVectors } from '../../../src/conformance/runner.js';
import { projectRoot } from '../../../src/boards/board.js';

// From the source tree even when this file runs compiled from dist/.
const GOLDEN = join(projectRoot(), 'test', 'cpus', 'i8096', 'disasm.golden.txt');

/** Operand byte samples per addressing mode: aa=10 and 11 get both register parities. */
function samples(variant: Variant): number[][] {
  const t = buildOpcodeTables(variant);
  const out: number[][] = [];
  for (let slot = 0; slot < 512; slot++) {
    const form = t.forms[slot];
    if (!form) continue;
    const op = slot & 0xff;
    const head = slot >= 256 ? [0xfe, op] : [op];
    const aopVariants: number[][] = [];
    if (form.enc.includes('aop')) {
      const m = op & 3;
      if (m === 0) aopVariants.push([0x5a]);
      else if (m === 1) aopVariants.push(form.size === 'B' ? [0x9c] : [0x34, 0xa2]);
      else if (m === 2) aopVariants.push([0x5a], [0x5b]);
      else aopVariants.push([0x5a, 0x12], [0x5a, 0xf0], [0x5b, 0x34, 0x12], [0x01, 0x00, 0x40]);
    } else aopVariants.push([]);
    for (const aop of aopVariants) {
      const bytes = [...head];
      let regs = [0x30, 0x34, 0x38];
      for (const field of form.enc) {
        switch (field) {
          case 'aop': bytes.push(...aop); break;
          case 'breg': case 'wreg': case 'lreg': bytes.push(regs[0]); regs = regs.slice(1); break;
          case 'cnt': bytes.push(op === 0x0f ? 0x3c : 0x05); break;
          case 'rel8': bytes.push(0xf0); break;
          case 'rel11': bytes.push(0x10); break;
          case 'rel16': bytes.push(0x00, 0x10); break;
          case 'skip': bytes.push(0xaa); break;
          case 'ind': bytes.push(0x18); break;
          case 'imm8': bytes.push(0x01); break;
          case 'bit': break;
        }
      }
      out.push(bytes);
    }
    if (form.enc.includes('cnt')) {
      const bytes = [...head, 0x3c, 0x30];
      out.push(bytes);
    }
  }
  return out;
}

function listing(variant: Variant): string {
  const lines: string[] = [];
  const org = 0x2080;
  for (const bytes of samples(variant)) {
    const r = disassemble(org, (a) => bytes[a - org] ?? 0, variant);
    expect(r.length).toBe(bytes.length);
    const hexBytes = bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    lines.push(`${hexBytes.padEnd(20)} ${r.text}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('i8096 disassembler', () => {
  it('matches the golden listing (80C196 superset, origin 2080h)', () => {
    const text = listing('i80c196');
    if (process.env.BLESS === '1') writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('marks 80C196-only and undefined opcodes as illegal on the 8096BH', () => {
    for (const bytes of [[0xf4], [0x10], [0xfe, 0x00], [0xc1, 0x30, 0x34]]) {
      const r = disassemble(0x2080, (a) => bytes[a - 0x2080] ?? 0, 'i8096');
      expect(r.flags & DASM_ILLEGAL).toBe(DASM_ILLEGAL);
    }
    expect(disassemble(0x2080, (a) => [0xf4][a - 0x2080] ?? 0, 'i80c196').text).toBe('PUSHA');
  });

  const dir = requireVectors('i8096');
  it.runIf(dir !== null)('decodes every vector instruction with its length and mnemonic', () => {
    let n = 0;
    for (const file of listVectorFiles([dir!])) {
      for (const t of loadVectorFile(file)) {
        const bytes = String(t.bytes).split(' ').map((h) => parseInt(h, 16));
        const pc = (t.initial as { regs: { PC: number } }).regs.PC;
        const r = disassemble(pc, (a) => bytes[(a - pc) & 0xffff] ?? 0, 'i8096');
        const mnemonic = String(t.name).split(' ').find((w) => /^[A-Z]{2,}$/.test(w));
        expect(r.length, String(t.name)).toBe(bytes.length);
        expect(r.text.split(' ')[0], String(t.name)).toBe(mnemonic);
        n++;
      }
    }
    expect(n).toBe(9900);
  });
});
