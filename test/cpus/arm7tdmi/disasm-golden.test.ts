/**
 * Golden disassembly listings, compared byte for byte:
 *  - one instruction for every ARM dispatch slot (4096) and every Thumb slot (1024), other
 *    fields filled with a fixed pseudo-random pattern, so every spec row and operand kind shows;
 *  - the gcc-built CRC-32 images of firmware/tests/arm7tdmi (ARM and Thumb).
 * After an intended change, re-bless with: UPDATE_GOLDEN=1 npx vitest run test/cpus/arm7tdmi
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/boards/board.js';
import { disassemble } from '../../../cpus/arm7tdmi/disasm.js';
import type { DisasmResult } from '../../../src/core/cpu.js';

const hex = (v: number, n: number): string => (v >>> 0).toString(16).padStart(n, '0');

function line(addr: number, word: number, width: number, r: DisasmResult): string {
  const fl = r.flags ? ` [${r.flags}]` : '';
  return `${hex(addr, 8)}  ${hex(word, width)}  ${r.text}${fl}`;
}

function armSlots(): string {
  const out: string[] = [];
  for (let idx = 0; idx < 4096; idx++) {
    const filler = Math.imul(idx + 1, 0x9e3779b1) & 0x000fff0f;
    const cond = idx % 17 === 0 ? (idx >>> 4) & 15 : 14;
    const op = ((cond << 28) | ((idx & 0xff0) << 16) | ((idx & 0xf) << 4) | filler) >>> 0;
    const addr = 0x8000 + idx * 4;
    const peek = (a: number): number => (op >>> (((a - addr) & 3) * 8)) & 0xff;
    out.push(line(addr, op, 8, disassemble(addr, peek, {})));
  }
  return out.join('\n') + '\n';
}

function thumbSlots(): string {
  const out: string[] = [];
  for (let idx = 0; idx < 1024; idx++) {
    const op = (idx << 6) | ((idx * 37) & 63);
    const addr = 0x8000 + idx * 2;
    // The following halfword is a BL suffix, so BL prefixes show as one 32-bit call.
    const next = 0xf800 | ((idx * 91) & 0x7ff);
    const peek = (a: number): number => {
      const o = a - addr;
      const h = o < 2 ? op : next;
      return (h >>> ((o & 1) * 8)) & 0xff;
    };
    out.push(line(addr, op, 4, disassemble(addr, peek, { thumb: true })));
  }
  return out.join('\n') + '\n';
}

/** Listing of a CRC-32 image: ARM vectors and start-up, then main in the image's state. */
function image(mode: 'arm' | 'thumb'): string {
  const bin = readFileSync(join(projectRoot(), 'firmware', 'tests', 'arm7tdmi', `crc32-${mode}.bin`));
  const peek = (a: number): number => (a < bin.length ? bin[a] : 0);
  // main's address is the literal the start-up loads into r0 (bit 0 set for Thumb).
  const mainAddr = bin.readUInt32LE(0x40) & ~1;
  const out: string[] = [];
  let a = 0;
  while (a < bin.length) {
    const thumb = mode === 'thumb' && a >= mainAddr;
    const inLiterals = a >= 0x3c && a < mainAddr;
    if (inLiterals) {
      out.push(`${hex(a, 8)}  ${hex(bin.readUInt32LE(a), 8)}  .word`);
      a += 4;
      continue;
    }
    const r = disassemble(a, peek, { thumb });
    const word = r.length === 4 ? bin.readUInt32LE(a) : bin.readUInt16LE(a);
    out.push(line(a, word, r.length * 2, r));
    a += r.length;
  }
  return out.join('\n') + '\n';
}

function golden(name: string, text: string): void {
  // From the source tree, also when this test runs compiled from dist/.
  const file = join(projectRoot(), 'test', 'cpus', 'arm7tdmi', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('arm7tdmi disassembler golden listings', () => {
  it('every ARM dispatch slot', () => golden('arm-slots.txt', armSlots()));
  it('every Thumb dispatch slot', () => golden('thumb-slots.txt', thumbSlots()));
  it('CRC-32 image, ARM', () => golden('crc32-arm.txt', image('arm')));
  it('CRC-32 image, Thumb', () => golden('crc32-thumb.txt', image('thumb')));
});
