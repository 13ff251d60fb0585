/** The instruction table: coverage of the opcode map and the overlap check of the generator. */
import { describe, expect, it } from 'vitest';
import { FORMS, buildOpcodeTables, expand } from '../../../cpus/i8096/spec.js';
import { HANDLERS } from '../../../cpus/i8096/execute.js';

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('i8096 spec', () => {
  it('defines exactly the 8096BH opcode map (vector README: covered and unused opcodes)', () => {
    const t = buildOpcodeTables('i8096');
    const unused8096 = [0x10, ...range(0x1c, 0x1f), 0xe4, 0xe5, 0xe6, ...range(0xe8, 0xeb), 0xee, 0xf1];
    const only196 = [0x04, 0x0b, 0x14, 0x1b, 0xc1, 0xc5, 0xcd, 0xe1, 0xe2, 0xec, 0xed, 0xf4, 0xf5, 0xf6];
    for (let op = 0; op < 256; op++) {
      const defined = t.forms[op] !== null || op === 0xfe;
      const expected = !unused8096.includes(op) && !only196.includes(op);
      expect(defined, `opcode ${op.toString(16)}`).toBe(expected);
    }
    const fe = range(0, 255).filter((op) => t.forms[256 + op] !== null);
    expect(fe).toEqual([...range(0x4c, 0x4f), ...range(0x5c, 0x5f), ...range(0x6c, 0x6f), ...range(0x7c, 0x7f), ...range(0x8c, 0x8f), ...range(0x9c, 0x9f)]);
  });

  it('the 80C196 variant adds its opcodes (KC-only TIJMP, BMOVI, DPTS/EPTS stay undefined)', () => {
    const t = buildOpcodeTables('i80c196');
    for (const op of [0x04, 0x0b, 0x14, 0x1b, 0xc1, 0xc5, 0xe1, 0xf4, 0xf5, 0xf6]) expect(t.forms[op], op.toString(16)).not.toBeNull();
    for (const op of [0xcd, 0xe2, 0xec, 0xed]) expect(t.forms[op]).toBeNull();
  });

  it('every form names an existing handler, and aa forms list six state times', () => {
    for (const f of FORMS) {
      expect(HANDLERS[f.exec], f.mnemonic).toBeTypeOf('function');
      if (f.bits.includes('a')) expect(f.states.length, f.mnemonic).toBe(6);
    }
  });

  it('refuses a table with overlapping encodings', () => {
    const clash = { ...FORMS.find((f) => f.mnemonic === 'NOP')!, bits: '1111 11aa', mnemonic: 'BOGUS', states: [1, 1, 1, 1, 1, 1] };
    expect(() => buildOpcodeTables('i8096', [...FORMS, clash])).toThrow(/overlaps/);
  });

  it('expands bit pictures with their fields', () => {
    expect(expand('0011 0bbb').map((e) => [e.opcode, e.field])).toEqual(range(0, 7).map((b) => [0x30 + b, b]));
    expect(expand('0110 01aa').map((e) => e.aa)).toEqual([0, 1, 2, 3]);
  });
});
