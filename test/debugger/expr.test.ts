import { describe, expect, it } from 'vitest';
import { compile, evaluate, ExprError, tokenize, type ExprContext } from '../../src/debugger/expr.js';

const mem = new Uint8Array(0x100);
for (let i = 0; i < mem.length; i++) mem[i] = i;
const regs: Record<string, number> = { D0: 0x10, A7: 0x80, PC: 0x1234, SR: 0x2700 };
const syms: Record<string, number> = { main: 0x1000, Task_Start: 0x2000, 'buf.end': 0x40 };

const ctx: ExprContext = {
  reg: (n) => regs[n.toUpperCase()],
  sym: (n) => syms[n],
  peek8: (a) => mem[a & 0xff],
  peek16: (a) => (mem[a & 0xff] << 8) | mem[(a + 1) & 0xff],
  peek32: (a) => ((mem[a & 0xff] << 24) | (mem[(a + 1) & 0xff] << 16) | (mem[(a + 2) & 0xff] << 8) | mem[(a + 3) & 0xff]) >>> 0,
};
const ev = (s: string, vars?: Record<string, number>): number => evaluate(s, vars ? { ...ctx, vars } : ctx);

describe('debugger expressions', () => {
  it('reads numbers as hex by default, with the usual prefixes and # for decimal', () => {
    expect(ev('10')).toBe(0x10);
    expect(ev('1F00')).toBe(0x1f00);
    expect(ev('0x1f00')).toBe(0x1f00);
    expect(ev('$1F00')).toBe(0x1f00);
    expect(ev('1F00h')).toBe(0x1f00);
    expect(ev('#100')).toBe(100);
    expect(ev("'A'")).toBe(65);
    expect(ev('FFFFFFFF')).toBe(0xffffffff);
  });

  it('applies C precedence and parentheses', () => {
    expect(ev('2+3*4')).toBe(14);
    expect(ev('(2+3)*4')).toBe(20);
    expect(ev('1<<4|1')).toBe(0x11);
    expect(ev('F0 & 3C ^ 0F')).toBe((0xf0 & 0x3c) ^ 0x0f);
    expect(ev('10-1-1')).toBe(0xe);
    expect(ev('#100/#7')).toBe(14);
    expect(ev('#100%#7')).toBe(2);
    expect(ev('1+2==3 && 4>3')).toBe(1);
    expect(ev('1 || 0 && 0')).toBe(1);
    expect(ev('5 >= 6')).toBe(0);
    expect(ev('5 != 6')).toBe(1);
    expect(ev('100 >> 4')).toBe(0x10);
  });

  it('wraps to unsigned 32 bits', () => {
    expect(ev('-1')).toBe(0xffffffff);
    expect(ev('~0')).toBe(0xffffffff);
    expect(ev('0-1')).toBe(0xffffffff);
    expect(ev('FFFFFFFF+2')).toBe(1);
    expect(ev('80000000*2')).toBe(0);
    expect(ev('!5')).toBe(0);
    expect(ev('!0')).toBe(1);
    expect(ev('1<<#32')).toBe(0);
  });

  it('resolves registers case-insensitively and symbols', () => {
    expect(ev('d0')).toBe(0x10);
    expect(ev('A7+4')).toBe(0x84);
    expect(ev('pc')).toBe(0x1234);
    expect(ev('main+10')).toBe(0x1010);
    expect(ev('Task_Start')).toBe(0x2000);
    expect(ev('buf.end')).toBe(0x40);
    expect(ev('sr & 700')).toBe(0x700);
  });

  it('reads memory with b@ w@ l@', () => {
    expect(ev('b@10')).toBe(0x10);
    expect(ev('w@10')).toBe(0x1011);
    expect(ev('l@10')).toBe(0x10111213);
    expect(ev('b@(d0+1)')).toBe(0x11);
    expect(ev('w@buf.end+2')).toBe(0x4041 + 2);
    expect(ev('b@b@20')).toBe(0x20);
    expect(ev('L@A7')).toBe(0x80818283);
  });

  it('uses extra variables such as wpdata', () => {
    expect(ev('wpdata == 5', { wpdata: 5 })).toBe(1);
  });

  it('reports errors with a position', () => {
    const bad: [string, RegExp][] = [
      ['', /empty expression/],
      ['1+', /ends too early/],
      ['(1+2', /"\)" expected/],
      ['nosuch+1', /unknown register or symbol "nosuch"/],
      ['1 2', /missing operator/],
      ['1/0', /division by zero/],
      ['1%0', /division by zero/],
      ['12G', /bad number/],
      ['1 @ 2', /unexpected "@"/],
      ['123456789', /wider than 32 bits/],
      ['#x', /decimal digits/],
    ];
    for (const [s, re] of bad) {
      let err: unknown = null;
      try {
        ev(s);
      } catch (e) {
        err = e;
      }
      expect(err, s).toBeInstanceOf(ExprError);
      expect((err as Error).message, s).toMatch(re);
    }
    try {
      ev('1 + nosuch');
    } catch (e) {
      expect((e as ExprError).pos).toBe(4);
    }
  });

  it('compiles once and evaluates against changing state', () => {
    const f = compile('d0 == 11');
    expect(f(ctx)).toBe(0);
    regs.D0 = 0x11;
    expect(f(ctx)).toBe(1);
    regs.D0 = 0x10;
  });

  it('tokenizes names with dots and dollars, and b@ as a memory operator', () => {
    expect(tokenize('b@x').map((t) => t.t)).toEqual(['mem', 'name', 'end']);
    expect(tokenize('_a.b$c').map((t) => t.t)).toEqual(['name', 'end']);
  });
});
