/** `bytebos asm` through the compiled CLI: outputs, listing, errors and exit status. */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytebos, root } from '../cli/helpers.js';
import { loadIhex } from '../../src/loaders/ihex.js';
import { loadSrec } from '../../src/loaders/srec.js';

const tmp = mkdtempSync(join(tmpdir(), 'bytebos-asm-'));
const prog = join(root, 'firmware', 'tests', 'i8096', 'interrupts.a96');

describe('bytebos asm', () => {
  it('writes a bin from --base, a listing, and the image runs to PASS on the board', () => {
    const out = join(tmp, 'int.bin');
    const lst = join(tmp, 'int.lst');
    const r = bytebos(['asm', prog, '--cpu', 'i8096', '--base', '0x2000', '-o', out, '--list', lst]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/int\.bin: \d+ bytes, base 2000h \(2000h-2[0-9A-F]{3}h; load it there: --base 0x2000\); \d+ symbols, 3 passes; listing /);
    const listing = readFileSync(lst, 'utf8');
    expect(listing).toMatch(/^2080  A1 00 FF 18 +\d+  start: +LD +SP, #0FF00H$/m);
    expect(listing).toMatch(/^; .*sfr\.inc$/m);
    expect(listing).toMatch(/^PUTDEC\.DIV +2[0-9A-F]{3}$/m);
    const run = bytebos(['run', out, '--cpu', 'i8096', '--max-cycles', '3000000', '-q']);
    expect(run.stdout).toBe('PASS interrupts: 24 checks\r\n');
    expect(run.code).toBe(0);
  });

  it('Intel HEX and S-records by --format or by the output name; the entry from END', () => {
    const src = join(tmp, 'tiny.a96');
    writeFileSync(src, 'SIZE EQU 2\n        ORG 2080H\nstart:  LDB 30H, #SIZE\n        SJMP start\n        END start\n');
    expect(bytebos(['asm', src, '--cpu', 'i8096', '-o', join(tmp, 'tiny.hex')]).code).toBe(0);
    const hex = loadIhex(readFileSync(join(tmp, 'tiny.hex')), 'tiny.hex');
    expect(hex.segments.map((s) => [s.addr, Array.from(s.data)])).toEqual([[0x2080, [0xb1, 2, 0x30, 0x27, 0xfb]]]);
    expect(hex.entry).toBe(0x2080);
    expect(bytebos(['asm', src, '--cpu', 'i8096', '--format', 'srec', '-o', join(tmp, 'tiny.out')]).code).toBe(0);
    const s = loadSrec(readFileSync(join(tmp, 'tiny.out')), 'tiny.out');
    expect(s.segments.map((x) => Array.from(x.data))).toEqual([[0xb1, 2, 0x30, 0x27, 0xfb]]);
    expect(s.header).toBe('tiny.a96');
    // -D defines a symbol; -q prints no summary.
    const r = bytebos(['asm', src, '--cpu', 'i8096', '-D', 'EXTRA=5', '-q', '-o', join(tmp, 'd.bin')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(existsSync(join(tmp, 'd.bin'))).toBe(true);
  });

  it('errors: file:line: what, exit 2; unknown CPU; unreadable source', () => {
    const bad = join(tmp, 'bad.a96');
    writeFileSync(bad, '        ORG 2080H\n        LD  31H, #1\n');
    let r = bytebos(['asm', bad, '--cpu', 'i8096', '-o', join(tmp, 'bad.bin')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`bytebos: ${bad}:2: wreg 31H is not word-aligned\n`);
    const inc = join(tmp, 'inc.a96');
    writeFileSync(inc, 'NOP\nINCLUDE "bad.a96"\n');
    r = bytebos(['asm', inc, '--cpu', 'i8096', '-o', join(tmp, 'inc.bin')]);
    expect(r.stderr).toBe(`bytebos: ${join(tmp, 'bad.a96')}:2: wreg 31H is not word-aligned\n`);
    r = bytebos(['asm', bad, '--cpu', 'm68000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cpu m68000: no assembler for this CPU \(assemblers: i8096, i80c196\)/);
    r = bytebos(['asm', join(tmp, 'missing.a96'), '--cpu', 'i8096']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.a96: cannot read/);
    r = bytebos(['asm', bad, '--cpu', 'i8096', '--format', 'elf']);
    expect(r.code).toBe(2);
  });
});
