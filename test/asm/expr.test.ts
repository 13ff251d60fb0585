import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/asm/expr.js';
import { parseNumber, splitOperands, stripComment } from '../../src/asm/lexer.js';
import { AsmError } from '../../src/asm/types.js';

const syms = new Map([['FOO', 0x1234], ['BAR.X', 7]]);
const env = { pc: 0x2080, strict: true, lookup: (n: string) => syms.get(n.toUpperCase()) };
const ev = (t: string): number => evaluate(t, env).value;

describe('asm expressions', () => {
  it('numbers in every form', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('42D')).toBe(42);
    expect(parseNumber('0x2A')).toBe(42);
    expect(parseNumber('2AH')).toBe(42);
    expect(parseNumber('0FFh')).toBe(255);
    expect(parseNumber('0b101010')).toBe(42);
    expect(parseNumber('101010B')).toBe(42);
    expect(parseNumber('52Q')).toBe(42);
    expect(parseNumber('52o')).toBe(42);
    expect(parseNumber('1_000')).toBe(1000);
    expect(parseNumber('0BH')).toBe(11);
    expect(parseNumber('FFH')).toBeNull();
    expect(parseNumber('12Z')).toBeNull();
  });

  it('C precedence, parentheses, unary operators', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('1 | 2 ^ 3 & 6')).toBe(1 | (2 ^ (3 & 6)));
    expect(ev('1 << 4 + 1')).toBe(32);
    expect(ev('100H >> 4')).toBe(16);
    expect(ev('-8 >> 1')).toBe(-4);
    expect(ev('~0 & 0FFH')).toBe(255);
    expect(ev('-(3 - 5)')).toBe(2);
    expect(ev('17 / 5')).toBe(3);
    expect(ev('-17 / 5')).toBe(-3);
    expect(ev('17 % 5')).toBe(2);
    expect(ev('- -1')).toBe(1);
    expect(ev('3 > 2')).toBe(1);
    expect(ev('3 >= 4')).toBe(0);
    expect(ev('2 <= 2 && 1 < 2')).toBe(1);
    expect(ev('1 == 2 || 3 != 3')).toBe(0);
    expect(ev('!0 + !5')).toBe(1);
    expect(ev('1 << 2 < 5')).toBe(1);
    expect(ev('6 & 3 == 3')).toBe(6 & 1);
  });

  it('symbols, $, character constants, HIGH/LOW', () => {
    expect(ev('foo + 1')).toBe(0x1235);
    expect(ev('bar.x')).toBe(7);
    expect(ev('$ + 2')).toBe(0x2082);
    expect(ev("'A'")).toBe(65);
    expect(ev("'''' ")).toBe(39);
    expect(ev('"0" + 9')).toBe(0x39);
    expect(ev('HIGH(FOO)')).toBe(0x12);
    expect(ev('low(foo + 1)')).toBe(0x35);
  });

  it('unknown symbols: an error in the final pass, unknown before', () => {
    expect(() => ev('nope + 1')).toThrow(/undefined symbol "nope"/);
    expect(evaluate('nope + 1', { ...env, strict: false })).toEqual({ value: 1, known: false });
    expect(evaluate('4 / nope', { ...env, strict: false })).toEqual({ value: 0, known: false });
  });

  it('clear errors', () => {
    expect(() => ev('1 +')).toThrow(/missing value/);
    expect(() => ev('(1')).toThrow(/expected "\)"/);
    expect(() => ev('1 2')).toThrow(/unexpected "2"/);
    expect(() => ev('3 / 0')).toThrow(/division by zero/);
    expect(() => ev('12Z')).toThrow(/bad number "12Z"/);
    expect(() => ev("'ab'")).toThrow(/string/);
    expect(() => ev("'ab")).toThrow(/unterminated/);
    expect(() => ev('1 ! 2')).toThrow(AsmError);
  });

  it('line helpers: comments outside quotes, operands split at top-level commas', () => {
    expect(stripComment("  DB ';', 1 ; note")).toBe("  DB ';', 1 ");
    expect(stripComment("  DB 'it''s;' ; x")).toBe("  DB 'it''s;' ");
    expect(splitOperands("30H, 12H[40H], ','")).toEqual(['30H', '12H[40H]', "','"]);
    expect(splitOperands('HIGH(1,2), 3')).toEqual(['HIGH(1,2)', '3']);
    expect(() => splitOperands('1,,2')).toThrow(/empty operand/);
  });
});
