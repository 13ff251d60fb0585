/**
 * Property test: every encodable 8096 instruction form (each opcode of each variant, each
 * addressing variant of its general operand, both shift-count kinds, forward and backward
 * branches) with pseudo-random operand bytes is disassembled, and the text assembles back to
 * the same bytes.
 *
 * The one ambiguity is documented in cpus/i8096/asm.ts: a long-indexed operand whose 16-bit
 * displacement is 0-7FH prints like the short-indexed form (FF80H-FFFFH print unsigned, so
 * they stay long), and the assembler
 * picks the short form by default; such bytes come back with the long forms (`long`, what a
 * statement that grew during the passes gets), and only those may differ by default.
 */
import { describe, expect, it } from 'vitest';
import { assembleInstruction } from '../../cpus/i8096/asm.js';
import { disassemble } from '../../cpus/i8096/disasm.js';
import { buildOpcodeTables, type Variant } from '../../cpus/i8096/spec.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 16;
  };
}

interface Case {
  bytes: number[];
  /** The aop is long-indexed with a displacement in -128..127. */
  ambiguous: boolean;
  what: string;
}

/** Instances of the opcode in `slot`, one per addressing variant of its aop. */
function cases(variant: Variant, slot: number, next: () => number): Case[] {
  const t = buildOpcodeTables(variant);
  const form = t.forms[slot]!;
  const op = slot & 0xff;
  const prefix = slot >= 256 ? [0xfe] : [];
  const b = (): number => next() & 0xff;
  const alignedReg = (align: number): number => {
    const r = [0x18, 0x1a, 0x20, 0x30, 0x40, 0x7c, 0xf0, 0xfc][next() & 7];
    return r & ~(align - 1);
  };
  // Variants of the aop (by the opcode's aa bits), of the shift count and of rel targets.
  const aa = op & 3;
  const aopVariants: { bytes: () => number[]; ambiguous: boolean; what: string }[] = [];
  if (form.enc.includes('aop')) {
    if (aa === 0) aopVariants.push({ bytes: () => [b()], ambiguous: false, what: 'direct' });
    if (aa === 1) aopVariants.push({ bytes: () => (form.size === 'B' ? [b()] : [b(), b()]), ambiguous: false, what: 'immediate' });
    if (aa === 2) {
      aopVariants.push({ bytes: () => [alignedReg(2)], ambiguous: false, what: 'indirect' });
      aopVariants.push({ bytes: () => [alignedReg(2) | 1], ambiguous: false, what: 'indirect+' });
    }
    if (aa === 3) {
      aopVariants.push({ bytes: () => [alignedReg(2), next() & 0x7f], ambiguous: false, what: 'short-indexed +' });
      aopVariants.push({ bytes: () => [alignedReg(2), 0x80 | (next() & 0x7f)], ambiguous: false, what: 'short-indexed -' });
      aopVariants.push({ bytes: () => [alignedReg(2) | 1, b(), 0x01 + (next() % 0xfe)], ambiguous: false, what: 'long-indexed' });
      aopVariants.push({ bytes: () => [1, b(), 0x20 + (next() & 0x5f)], ambiguous: false, what: 'extended (long-indexed off 0)' });
      aopVariants.push({ bytes: () => [alignedReg(2) | 1, next() & 0x7f, 0x00], ambiguous: true, what: 'long-indexed, small +' });
      aopVariants.push({ bytes: () => [alignedReg(2) | 1, 0x80 | (next() & 0x7f), 0xff], ambiguous: false, what: 'long-indexed FFxxH (printed unsigned, so long)' });
      aopVariants.push({ bytes: () => [1, next() & 0x7f, 0x00], ambiguous: true, what: 'extended, address below 80H' });
    }
  } else aopVariants.push({ bytes: () => [], ambiguous: false, what: 'no aop' });
  const cntVariants = form.enc.includes('cnt') ? [() => [next() & 15], () => [0x10 + (next() % 0xf0)]] : [() => []];
  const relVariants = [0, 1];

  const out: Case[] = [];
  for (const aop of aopVariants) {
    for (const cnt of cntVariants) {
      for (const dir of relVariants) {
        const body: number[] = [];
        for (const field of form.enc) {
          switch (field) {
            case 'aop': body.push(...aop.bytes()); break;
            case 'breg': case 'skip': body.push(b()); break;
            case 'wreg': body.push(alignedReg(2)); break;
            case 'lreg': body.push(alignedReg(4)); break;
            case 'cnt': body.push(...cnt()); break;
            case 'ind': body.push(alignedReg(2)); break;
            case 'imm8': body.push(b()); break;
            case 'rel8': case 'rel11': body.push(dir ? next() & 0x7f : 0x80 | (next() & 0x7f)); break;
            case 'rel16': body.push(b(), dir ? next() & 0x7f : 0x80 | (next() & 0x7f)); break;
            case 'bit': break;
          }
        }
        out.push({ bytes: [...prefix, op, ...body], ambiguous: aop.ambiguous, what: `${form.mnemonic} ${aop.what}` });
        if (!form.enc.some((f) => f.startsWith('rel'))) break;
      }
    }
  }
  return out;
}

describe('i8096 assembler: disassemble -> assemble gives the same bytes', () => {
  for (const variant of ['i8096', 'i80c196'] as Variant[]) {
    it(`every encodable form of the ${variant}`, () => {
      const t = buildOpcodeTables(variant);
      const next = rng(variant === 'i8096' ? 96 : 196);
      let checked = 0;
      let viaLong = 0;
      const forms = new Set<string>();
      for (let slot = 0; slot < 512; slot++) {
        if (!t.forms[slot]) continue;
        for (let rep = 0; rep < 4; rep++) {
          for (const c of cases(variant, slot, next)) {
            const pc = next() & 0xffff;
            const peek = (a: number): number => c.bytes[(a - pc) & 0xffff] ?? 0;
            const d = disassemble(pc, peek, variant);
            expect(d.length, d.text).toBe(c.bytes.length);
            const again = assembleInstruction(d.text, pc, variant);
            if (c.ambiguous) {
              expect(assembleInstruction(d.text, pc, variant, new Map(), { long: true }), `${c.what}: ${d.text}`).toEqual(c.bytes);
              // The default is the short form: same text, fewer bytes.
              const peek2 = (a: number): number => again[(a - pc) & 0xffff] ?? 0;
              expect(disassemble(pc, peek2, variant).text).toBe(d.text);
              expect(again.length, `${c.what}: ${d.text} ${c.bytes.map((x) => x.toString(16))} -> ${again.map((x) => x.toString(16))}`).toBe(c.bytes.length - 1);
              viaLong++;
            } else {
              expect(again, `${c.what} at ${pc.toString(16)}: ${d.text}`).toEqual(c.bytes);
            }
            forms.add(`${slot}:${c.what}`);
            checked++;
          }
        }
      }
      // 8096BH: 225 opcodes (+ 6 FE forms x 4 modes); the 80C196 adds its own.
      expect(forms.size).toBeGreaterThan(variant === 'i8096' ? 300 : 320);
      expect(checked).toBeGreaterThan(1500);
      expect(viaLong).toBeGreaterThan(100);
    });
  }
});
