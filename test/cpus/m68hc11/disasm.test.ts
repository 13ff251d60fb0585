/**
 * Disassembler checks:
 *  - golden listings compared byte for byte: one instruction for every slot of the four opcode
 *    pages (operand bytes 10h 20h 30h), and the code of the built firmware images. After an
 *    intended change, re-bless with: UPDATE_GOLDEN=1 npx vitest run test/cpus/m68hc11
 *  - an independent cross-check of the spec table against GNU objdump (binutils-m68hc1x, when
 *    installed): the same mnemonic and length for every slot, and .byte exactly where the spec
 *    has no instruction.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/boards/board.js';
import { disassemble } from '../../../cpus/m68hc11/disasm.js';
import { PAGE_PREBYTE } from '../../../cpus/m68hc11/spec.js';
import { DASM_ILLEGAL } from '../../../src/core/cpu.js';
import { ROM_BASE, imageOf, symbolsOf } from '../../../firmware/tests/m68hc11/symbols.js';

const GOLDEN = join(projectRoot(), 'test', 'cpus', 'm68hc11', 'golden');
const hex = (v: number, n: number): string => v.toString(16).toUpperCase().padStart(n, '0');

function golden(name: string, text: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** Bytes of slot `s` (page * 256 + opcode): prebyte, opcode, 10h 20h 30h. */
function slotBytes(s: number): number[] {
  const page = s >> 8;
  const head = page === 0 ? [s & 0xff] : [PAGE_PREBYTE[page], s & 0xff];
  return [...head, 0x10, 0x20, 0x30];
}

function listing(addr: number, bytes: ArrayLike<number>, base: number, count: number, symbol?: (a: number) => string | undefined): string {
  const out: string[] = [];
  let a = addr;
  const peek = (x: number): number => bytes[(x - base) & 0xffff] ?? 0xff;
  for (let i = 0; i < count; i++) {
    const r = disassemble(a, peek, { symbol });
    const raw = Array.from({ length: r.length }, (_, k) => hex(peek(a + k), 2)).join(' ');
    out.push(`${hex(a, 4)}  ${raw.padEnd(15)}${r.text}${r.flags ? ` [${r.flags}]` : ''}`);
    a = (a + r.length) & 0xffff;
  }
  return out.join('\n') + '\n';
}

/** objdump's names where they differ from the Motorola manual's. */
const ALIAS: Record<string, string> = { bgnd: 'test' };

function haveObjdump(): boolean {
  try {
    execFileSync('m68hc11-objdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    process.stderr.write('\n!! m68hc11-objdump not installed: the spec table was NOT cross-checked against GNU objdump\n');
    if (process.env.CI === 'true') throw new Error('m68hc11-objdump is needed in CI');
    return false;
  }
}

describe('m68hc11 disassembler', () => {
  it('golden: every slot of the four opcode pages', () => {
    const out: string[] = [];
    for (let s = 0; s < 1024; s++) {
      const page = s >> 8;
      if (page === 0 && (s === 0x18 || s === 0x1a || s === 0xcd)) continue;
      const b = slotBytes(s);
      out.push(listing(0x8000, b, 0x8000, 1).trimEnd());
    }
    golden('slots.txt', out.join('\n') + '\n');
  });

  for (const prog of ['crc32', 'echo', 'interrupts']) {
    it(`golden: ${prog}.bin`, () => {
      const image = imageOf(prog);
      const sym = symbolsOf(prog);
      // The code ends at the last text symbol's instruction run: list up to the first FFh filler.
      let end = 0;
      while (end < image.length && !(image[end] === 0xff && image[end + 1] === 0xff)) end++;
      const out: string[] = [];
      let a = ROM_BASE;
      const peek = (x: number): number => image[x - ROM_BASE] ?? 0xff;
      const names = new Map([...sym].filter(([, v]) => v >= ROM_BASE).map(([k, v]) => [v, k]));
      while (a < ROM_BASE + end) {
        const label = names.get(a);
        if (label) out.push(`${label}:`);
        out.push(listing(a, image, ROM_BASE, 1, (t) => names.get(t)).trimEnd());
        a += disassemble(a, peek).length;
      }
      golden(`${prog}.txt`, out.join('\n') + '\n');
    });
  }

  it.runIf(haveObjdump())('agrees with GNU objdump on the mnemonic and length of every slot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc11dis-'));
    try {
      const buf = new Uint8Array(1024 * 8).fill(0x01); // NOP padding between slots
      for (let s = 0; s < 1024; s++) buf.set(slotBytes(s), s * 8);
      writeFileSync(join(dir, 'all.bin'), buf);
      const text = execFileSync('m68hc11-objdump', ['-b', 'binary', '-m', 'm68hc11', '-D', join(dir, 'all.bin')], { encoding: 'utf8' });
      const theirs = new Map<number, { len: number; mnemonic: string }>();
      let last: { len: number; mnemonic: string } | null = null;
      for (const line of text.split('\n')) {
        const m = /^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+) *(?:\t(\S+))?/.exec(line);
        if (!m) continue;
        const n = m[2].trim().split(' ').length;
        if (m[3] === undefined && last) last.len += n; // objdump wraps after 4 bytes
        else theirs.set(parseInt(m[1], 16), (last = { len: n, mnemonic: m[3] }));
      }
      let compared = 0;
      const bad: string[] = [];
      for (let s = 0; s < 1024; s++) {
        if (s === 0x18 || s === 0x1a || s === 0xcd) continue;
        const t = theirs.get(s * 8)!;
        const b = slotBytes(s);
        const r = disassemble(0, (x) => b[x] ?? 0x01);
        const what = `slot ${hex(s, 3)}: ours ${r.text} / objdump ${t.mnemonic}`;
        if (t.mnemonic === '.byte') {
          if ((r.flags & DASM_ILLEGAL) === 0) bad.push(what);
        } else if (r.text.split(' ')[0].toLowerCase() !== (ALIAS[t.mnemonic] ?? t.mnemonic) || r.length !== t.len) {
          bad.push(`${what} (lengths ${r.length} / ${t.len})`);
        }
        compared++;
      }
      expect(bad).toEqual([]);
      expect(compared).toBe(1021);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
