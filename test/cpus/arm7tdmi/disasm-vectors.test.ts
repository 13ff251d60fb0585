/**
 * Cross-check of the disassembler against the names of the conformance vectors, which are
 * `arm-none-eabi-objdump -M reg-names-raw` output (binutils 2.40). Syntax differs on purpose
 * (sp/lr/pc names, hex immediates, MOV with a shift instead of ASR/LSL/..., `ldm` for LDMIA),
 * so the check compares the normalised mnemonic and the registers in operand order.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { listVectorFiles, requireVectors } from '../../../src/conformance/runner.js';
import { disassemble } from '../../../cpus/arm7tdmi/disasm.js';

const dir = requireVectors('arm7tdmi');

const REG_ALIAS: Record<string, string> = { sp: 'r13', lr: 'r14', pc: 'r15', ip: 'r12', fp: 'r11', sl: 'r10', sb: 'r9' };
const SHIFT_MNEM = /^(lsl|lsr|asr|ror|rrx)(s?)(eq|ne|cs|cc|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|nv)?$/;

function normalise(text: string): { mnem: string; regs: string[] } {
  let t = text.replace(/\s*[@;].*$/, '').trim();
  let nv = false;
  if (t.startsWith('[cond=NV] ')) {
    nv = true;
    t = t.slice(10);
  }
  const sp = t.indexOf(' ');
  let mnem = (sp < 0 ? t : t.slice(0, sp)).replace(/\.n$/, '').replace(/^(stm|ldm)ia$/, '$1');
  const ops = sp < 0 ? '' : t.slice(sp + 1);
  const m = SHIFT_MNEM.exec(mnem);
  if (m) mnem = `mov${m[2]}${m[3] ?? ''}`;
  if (mnem === 'bl(prefix)') mnem = 'bl.prefix';
  if (mnem === 'bl(suffix)') mnem = 'bl.suffix';
  if (nv) mnem += 'nv';
  let regs = (ops.match(/\b(r\d+|sp|lr|pc|ip|fp|sl|sb)\b/g) ?? []).map((r) => REG_ALIAS[r] ?? r);
  // objdump: `nop` for Thumb `mov r8, r8`; `ldmfd sp!`/`stmfd sp!` for one-register pop/push.
  if (mnem === 'nop') return { mnem: 'mov', regs: ['r8', 'r8'] };
  if ((mnem === 'ldmfd' || mnem === 'stmfd') && regs[0] === 'r13' && /^r13!/.test(ops)) {
    mnem = mnem === 'ldmfd' ? 'pop' : 'push';
    regs = regs.slice(1);
  }
  return { mnem, regs };
}

describe('arm7tdmi disassembler vs objdump names of the vectors', () => {
  it.runIf(dir !== null)('agrees on mnemonic and registers for every vector', () => {
    const bad: string[] = [];
    let n = 0;
    for (const file of listVectorFiles([dir as string]).filter((f) => f.endsWith('.json'))) {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { tests: { name: string; bytes: string; state: string; initial: { regs: { R15: number } } }[] };
      for (const t of data.tests) {
        const bytes = t.bytes.split(' ').map((h) => parseInt(h, 16));
        const pc = t.initial.regs.R15;
        const peek = (a: number): number => {
          const o = (a - pc) >>> 0;
          return o < bytes.length ? bytes[o] : 0;
        };
        const mine = normalise(disassemble(pc, peek, { thumb: t.state === 'thumb' }).text);
        const theirs = normalise(t.name.slice(t.name.indexOf(' ') + 1));
        // objdump's bl halves print pseudo-operands (lr = pc+4+...): compare mnemonics only.
        if (theirs.mnem.startsWith('bl.')) theirs.regs = mine.regs;
        n++;
        if (mine.mnem !== theirs.mnem || mine.regs.join(',') !== theirs.regs.join(',')) {
          bad.push(`${t.name}  |  mine: ${disassemble(pc, peek, { thumb: t.state === 'thumb' }).text}`);
        }
      }
    }
    expect(n).toBe(5820);
    expect(bad.slice(0, 30)).toEqual([]);
  });
});
