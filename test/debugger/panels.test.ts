import { describe, expect, it } from 'vitest';
import { ConsoleText, decodeFlags, fit, esc, backStart, disasmRows } from '../../src/debugger/panels.js';
import { DebugEngine } from '../../src/debugger/engine.js';
import { fixtureSession, PROGRAM } from './fixture.js';

describe('debugger panel helpers', () => {
  it('decodes flag registers from their letters', () => {
    expect(decodeFlags(0x2704, 'T-S--III---XNZVC')).toBe('.S I=7 ..Z..');
    expect(decodeFlags(0x8015, 'T-S--III---XNZVC')).toBe('T. I=0 X.Z.C');
    expect(decodeFlags(0x2000001f, 'NZCV---------------------IFTMMMMM')).toMatch(/M=1F$/);
    expect(decodeFlags(0x8000, 'ZNVTC-IS--------')).toBe('Z......');
  });

  it('turns serial bytes into lines (CR LF, bare CR, backspace, tabs, control bytes)', () => {
    const c = new ConsoleText();
    for (const b of Buffer.from('hello\r\nab\bc\tX\x01\r\nline\rLINE\n')) c.push(b);
    expect(c.lines).toEqual(['hello', 'ac      X', 'LINE', '']);
    expect(c.tail(80, 2)).toEqual(['ac      X', 'LINE']);
    const w = new ConsoleText();
    for (const b of Buffer.from('0123456789abcdef\n')) w.push(b);
    expect(w.tail(6, 3)).toEqual(['012345', '6789ab', 'cdef']);
  });

  it('clips and escapes text for blessed', () => {
    expect(fit('abcdef', 4)).toBe('abcd');
    expect(fit('ab', 4)).toBe('ab  ');
    expect(esc('push {r4, lr}')).toBe('push {open}r4, lr{close}');
  });

  it('finds instruction starts backwards in variable-length code', async () => {
    const s = await fixtureSession();
    const e = new DebugEngine(s.machine, { symbols: s.symbols });
    const starts = PROGRAM.map(([a]) => a);
    // From the RET at 20A5, three instructions back is the STB at 209D.
    expect(backStart(e, 0x20a5, 3)).toBe(0x209d);
    expect(backStart(e, 0x208f, 2)).toBe(0x2088);
    const rows = disasmRows(e, 0x2080, 8).filter((r) => !r.label).map((r) => r.addr);
    expect(rows).toEqual(starts.slice(0, rows.length));
    expect(disasmRows(e, 0x2088, 3).map((r) => r.text)).toEqual([expect.stringMatching(/^2088/), 'main:', expect.stringMatching(/^208C  EF0900 +LCALL func/)]);
  });
});
