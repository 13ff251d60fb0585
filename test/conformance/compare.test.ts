import { describe, expect, it } from 'vitest';
import { Comparison, maskWithout } from '../../src/conformance/compare.js';

describe('vector comparison', () => {
  it('reports register and byte differences, stray writes and halts', () => {
    const c = new Comparison(4);
    c.check('A', 1, 1);
    c.check('B', 2, 3);
    const mem = new Map([[0x10, 5], [0x11, 6], [0x20, 7]]);
    const listed = c.ram([[0x10, 5], [0x11, 9]], (a) => mem.get(a), [0x10, 0x20]);
    expect([...listed]).toEqual([0x10, 0x11]);
    c.halted({ kind: 'illegal', message: 'bad opcode', pc: 0 });
    const r = c.result('t', null);
    expect(r.pass).toBe(false);
    expect(r.mismatches).toEqual([
      { what: 'B', expected: 2, got: 3 },
      { what: 'ram[0x0011]', expected: 9, got: 6 },
      { what: 'stray write ram[0x0020]', expected: -1, got: 7 },
      { what: 'halted: bad opcode', expected: 0, got: 1 },
    ]);
    expect(new Comparison().result('ok', true)).toEqual({ name: 'ok', pass: true, mismatches: [], cyclesMatch: true });
  });

  it('masks out named flag bits', () => {
    expect(maskWithout(['CCR.V', 'CCR.C', 'A'], 'CCR.', { V: 2, C: 1 })).toBe(0xfc);
  });
});
