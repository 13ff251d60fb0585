/**
 * The CPU-independent assembler with a toy CPU (so the framework is tested apart from any real
 * encoder) and with the 8096 plug-in: directives, local labels, includes, passes, errors,
 * listing and output writers (read back by src/loaders).
 */
import { describe, expect, it } from 'vitest';
import { assembleText, type AsmOptions } from '../../src/asm/assembler.js';
import { formatListing } from '../../src/asm/listing.js';
import { toBinary, toIhex, toSrec } from '../../src/asm/output.js';
import { AsmError, type CpuAssembler } from '../../src/asm/types.js';
import { loadIhex } from '../../src/loaders/ihex.js';
import { loadSrec } from '../../src/loaders/srec.js';
import { createAssembler } from '../../cpus/i8096/asm.js';

/**
 * Toy big-endian CPU: NOP = 00; JMP a = 10 a (a < 100h) or 11 hi lo; LDI #v = 20 v.
 * `encodes` counts encoder calls per pass.
 */
function toyCpu(): CpuAssembler & { calls: number } {
  const cpu = {
    id: 'toy', littleEndian: false, addressBits: 16, predefined: new Map([['R0', 0]]), calls: 0,
    isInstruction: (m: string) => ['NOP', 'JMP', 'LDI'].includes(m),
    encode(m: string, ops: string[], ctx: Parameters<CpuAssembler['encode']>[2]): number[] {
      cpu.calls++;
      if (m === 'NOP') return [0];
      if (m === 'LDI') {
        if (!ops[0]?.startsWith('#')) throw new AsmError('LDI needs #value');
        const v = ctx.evaluate(ops[0].slice(1));
        if (ctx.final && (v.value < 0 || v.value > 255)) throw new AsmError('LDI takes a byte');
        return [0x20, v.value & 0xff];
      }
      if (ops.length !== 1) throw new AsmError('JMP takes one operand');
      const v = ctx.evaluate(ops[0]);
      if (!ctx.long && (!v.known || v.value < 0x100)) return [0x10, v.value & 0xff];
      return [0x11, (v.value >> 8) & 0xff, v.value & 0xff];
    },
  };
  return cpu;
}

const bytesAt = (m: Map<number, number>, a: number, n: number): (number | undefined)[] => Array.from({ length: n }, (_, i) => m.get(a + i));

function fs(files: Record<string, string>): AsmOptions['readFile'] {
  return (p: string) => {
    const k = p.replace(/\\/g, '/');
    if (!(k in files)) throw new Error(`ENOENT ${k}`);
    return files[k];
  };
}

describe('assembler framework (toy CPU)', () => {
  it('ORG, EQU, =, DB/DW/DL (big-endian), strings, DS/DSW/DSL, ALIGN, $', () => {
    const a = assembleText(`
N       EQU 3
M       = N * 2
        ORG 100H
top:    DB 1, -1, 'ab', "c", 'x'+1, N
        DW 1234H, top
        DL 12345678H
gap:    DS 2
gap2:   DSW 1
gap3:   DSL 1
        ALIGN 8
al:     DCB $ & 0FFH
        BYTE M
        WORD 1
        LONG -1
`, 'mem.s', { cpu: toyCpu() });
    expect(bytesAt(a.bytes, 0x100, 7)).toEqual([1, 0xff, 0x61, 0x62, 0x63, 0x79, 3]);
    expect(bytesAt(a.bytes, 0x107, 4)).toEqual([0x12, 0x34, 0x01, 0x00]);
    expect(bytesAt(a.bytes, 0x10b, 4)).toEqual([0x12, 0x34, 0x56, 0x78]);
    expect(a.symbols.get('GAP')).toBe(0x10f);
    expect(a.symbols.get('GAP2')).toBe(0x111);
    expect(a.symbols.get('GAP3')).toBe(0x113);
    expect(a.bytes.has(0x111)).toBe(false);
    expect(a.symbols.get('AL')).toBe(0x118);
    expect(bytesAt(a.bytes, 0x118, 9)).toEqual([0x18, 6, 0, 1, 0xff, 0xff, 0xff, 0xff, undefined]);
    expect(a.symbols.get('M')).toBe(6);
  });

  it('local labels belong to the last global label; other scopes reach them by full name', () => {
    const a = assembleText(`
        ORG 10H
one:    NOP
.loop:  JMP .loop
two:    NOP
K       EQU 5               ; a constant does not open a scope
.loop:  JMP .loop
        JMP one.loop
`, 'l.s', { cpu: toyCpu() });
    expect(a.symbols.has('K.LOOP')).toBe(false);
    // A line with only a label shows its address in the listing.
    expect(formatListing(assembleText('ORG 10H\nalone:\n NOP', 'x.s', { cpu: toyCpu() }))).toMatch(/^0010 {31}2  alone:$/m);
    expect(a.symbols.get('ONE.LOOP')).toBe(0x11);
    expect(a.symbols.get('TWO.LOOP')).toBe(0x14);
    expect(bytesAt(a.bytes, 0x11, 2)).toEqual([0x10, 0x11]);
    expect(bytesAt(a.bytes, 0x14, 4)).toEqual([0x10, 0x14, 0x10, 0x11]);
  });

  it('forward references start short, grow to long forms when needed, never shrink, and settle', () => {
    // JMP far is short in pass 1 (unknown), long once far is known (>= 100H). The code
    // after it moves, so `near` moves, and so on: the passes repeat until nothing changes.
    const src = `
        ORG 0F0H
        JMP far
        JMP near
near:   NOP
        DS  far0 - $
far0:   EQU 100H
far:    NOP
`.replace('far0:   EQU', 'far0    EQU');
    const cpu = toyCpu();
    expect(() => assembleText(src, 'f.s', { cpu })).toThrow(/f\.s:6: DS needs a value known at this point/);
    const a = assembleText(`
        ORG 0F0H
        JMP far
        JMP near
near:   NOP
        DS  10H
far:    NOP
`, 'f.s', { cpu });
    expect(a.symbols.get('FAR')).toBe(0x106);
    expect(bytesAt(a.bytes, 0xf0, 6)).toEqual([0x11, 0x01, 0x06, 0x10, 0xf5, 0]);
    // x depends on the JMP's own size: 100h while it is short, FCh once it is long. A short
    // JMP would make it long again, so without "never shrink" the passes would oscillate.
    const b = assembleText(`
        ORG 0
        JMP x
end:    NOP
x       EQU 108H - 4 * end
`, 'g.s', { cpu });
    expect(b.symbols.get('X')).toBe(0xfc);
    expect(bytesAt(b.bytes, 0, 4)).toEqual([0x11, 0x00, 0xfc, 0]);
    expect(b.passes).toBeGreaterThanOrEqual(3);
  });

  it('random programs of forward and backward jumps settle with every jump encoding its label', () => {
    let seed = 7;
    let mixed = 0;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let prog = 0; prog < 200; prog++) {
      const n = 5 + rnd(40);
      const lines: string[] = [`ORG ${0x80 + rnd(0x80)}`];
      for (let i = 0; i < n; i++) {
        const k = rnd(4);
        const body = k === 0 ? 'NOP' : k === 1 ? `DS ${rnd(24)}` : `JMP L${rnd(n)}`;
        lines.push(`L${i}: ${body}`);
      }
      const src = lines.join('\n');
      const a = assembleText(src, 'r.s', { cpu: toyCpu() });
      const b = assembleText(src, 'r.s', { cpu: toyCpu() });
      expect([...a.bytes]).toEqual([...b.bytes]);
      expect(a.passes).toBeLessThan(12);
      for (const l of a.listing) {
        const m = /JMP (L\d+)/.exec(l.text);
        if (!m) continue;
        const target = a.symbols.get(m[1])!;
        const got = l.bytes[0] === 0x10 ? l.bytes[1] : (l.bytes[1] << 8) | l.bytes[2];
        expect(got, `${src}\n${l.text}`).toBe(target);
        // Short whenever the long form was never needed: a long JMP means its target is, or
        // was in an earlier pass, at 100H or above.
        if (l.bytes[0] === 0x10) expect(target).toBeLessThan(0x100);
      }
      const ops = a.listing.map((l) => l.bytes[0]);
      if (ops.includes(0x10) && ops.includes(0x11)) mixed++;
      // Labels sit where the sizes put them.
      let pc = a.listing[0].addr;
      for (const l of a.listing.slice(1)) {
        expect(l.addr).toBe(pc);
        const ds = /DS (\d+)/.exec(l.text);
        pc += ds ? Number(ds[1]) : l.bytes.length;
      }
    }
    expect(mixed).toBeGreaterThan(50); // programs with both short and long jumps
  });

  it('growth is deterministic: a statement that once grew keeps its long form', () => {
    // `jmp lab` (lab = FEh + its own growth) sits right at the boundary.
    const src = `
        ORG 0FCH
        JMP lab
        NOP
lab:    NOP
`;
    const a = assembleText(src, 'd.s', { cpu: toyCpu() });
    const b = assembleText(src, 'd.s', { cpu: toyCpu() });
    expect([...a.bytes]).toEqual([...b.bytes]);
    // lab is FFh with a short JMP, so the short form is final.
    expect(bytesAt(a.bytes, 0xfc, 4)).toEqual([0x10, 0xff, 0, 0]);
    const c = assembleText(src.replace('ORG 0FCH', 'ORG 0FDH'), 'd.s', { cpu: toyCpu() });
    // lab would be 100h with the short form: the JMP grows to 3 bytes and lab is 101h.
    expect(bytesAt(c.bytes, 0xfd, 5)).toEqual([0x11, 0x01, 0x01, 0, 0]);
  });

  it('includes: relative to the including file, then the include folders; END ends only its file', () => {
    const readFile = fs({
      'src/main.s': 'ORG 10H\nINCLUDE "defs.inc"\nINCLUDE lib.inc\nLDI #VAL\nEND\nNOP',
      'src/defs.inc': 'VAL EQU 42\nEND\nthis is not read',
      'inc/lib.inc': "lib: NOP\nINCLUDE 'deep.inc'",
      'inc/deep.inc': 'deep: JMP lib',
    });
    const a = assembleText(readFile!('src/main.s'), 'src/main.s', { cpu: toyCpu(), readFile, includeDirs: ['inc'] });
    expect(bytesAt(a.bytes, 0x10, 6)).toEqual([0, 0x10, 0x10, 0x20, 42, undefined]);
    const files = new Set(a.listing.map((l) => `${l.file}:${l.line}`));
    expect(files).toContain('inc/deep.inc:1');
    expect(files).toContain('src/defs.inc:2');
    expect(files).not.toContain('src/main.s:6');
    expect(formatListing(a)).toMatch(/; inc\/lib\.inc\n0010  00\s+1  lib: NOP/);
  });

  it('include errors: missing file and cycles name the INCLUDE line', () => {
    const readFile = fs({ 'a.s': 'NOP\nINCLUDE "b.s"', 'b.s': '\nINCLUDE "a.s"' });
    expect(() => assembleText('INCLUDE "nope.inc"', 'm.s', { cpu: toyCpu(), readFile })).toThrow(/^m\.s:1: cannot read include file "nope.inc"/);
    expect(() => assembleText(readFile!('a.s'), 'a.s', { cpu: toyCpu(), readFile })).toThrow(/^b\.s:2: "a\.s" is already being read \(include cycle\)/);
  });

  it('errors say file:line: what', () => {
    const cpu = toyCpu();
    const err = (src: string): string => {
      try {
        assembleText(src, 'e.s', { cpu });
      } catch (e) {
        expect(e).toBeInstanceOf(AsmError);
        expect((e as AsmError).exitCode).toBe(2);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err('NOP\n  FOO 1')).toBe('e.s:2: unknown instruction FOO');
    expect(err('start NOP')).toBe('e.s:1: unknown instruction START (a label needs a colon)');
    expect(err('x: NOP\nx: NOP')).toBe('e.s:2: x is defined twice');
    expect(err('.a: NOP\n.A: NOP')).toBe('e.s:2: .A is defined twice');
    expect(err('R0: NOP')).toMatch(/^e\.s:1: R0 is a predefined name/);
    expect(err('JMP nowhere')).toBe('e.s:1: undefined symbol "nowhere"');
    expect(err('DB 256')).toBe('e.s:1: 256 = 256 does not fit in a byte');
    expect(err('DW 10000H')).toMatch(/^e\.s:1: .* does not fit in a word/);
    expect(err("DW 'ab'")).toMatch(/^e\.s:1: a string is data for DB only/);
    expect(err('DB')).toBe('e.s:1: DB needs at least one value');
    expect(err('ORG later\nlater: NOP')).toMatch(/^e\.s:1: ORG needs a value known at this point/);
    expect(err('ORG 10000H')).toMatch(/outside the address space/);
    expect(err('ORG 0FFFFH\nJMP 1234H')).toMatch(/^e\.s:2: the bytes run past the end of the address space/);
    expect(err('ORG 10H\nNOP\nORG 10H\nNOP')).toBe('e.s:4: address 10h was already assembled by e.s:2');
    expect(err('LDI 3')).toBe('e.s:1: LDI needs #value');
    expect(err('EQU 3')).toMatch(/^e\.s:1: /);
    expect(err("DB 'abc")).toMatch(/^e\.s:1: unterminated string/);
    expect(err('NOP\n  LDI #(1+')).toMatch(/^e\.s:2: missing value/);
    expect(() => assembleText('FOO', null, { cpu })).toThrow(/^line 1: unknown instruction FOO$/);
  });

  it('IF/ELSE/ENDIF, IFDEF/IFNDEF, nesting; skipped lines are listed without an address', () => {
    const src = `
        ORG 10H
        IF SIZE > 4
        DB 1
        IF SIZE > 8
        DB 2
        ELSE
        DB 3
        ENDIF
        ELSE
        DB 4
        ENDIF
        IF 0
        INCLUDE "missing.inc"     ; not read: the branch is off
        ENDIF
        IFDEF FAST
        DB 5
        ENDIF
        IFNDEF FAST
        DB 6
        ENDIF
`;
    const run = (size: number, fast: boolean): (number | undefined)[] => {
      const defines = new Map([['SIZE', size], ...(fast ? [['FAST', 1] as [string, number]] : [])]);
      const a = assembleText(src, 'c.s', { cpu: toyCpu(), defines });
      return bytesAt(a.bytes, 0x10, 3);
    };
    expect(run(10, false)).toEqual([1, 2, 6]);
    expect(run(6, true)).toEqual([1, 3, 5]);
    expect(run(2, false)).toEqual([4, 6, undefined]);
    const a = assembleText(src, 'c.s', { cpu: toyCpu(), defines: new Map([['SIZE', 10]]) });
    expect(formatListing(a)).toMatch(/^ {35}8          DB 3$/m);
  });

  it('IF errors', () => {
    const err = (src: string): string => {
      try {
        assembleText(src, 'i.s', { cpu: toyCpu(), readFile: fs({}) });
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err('NOP\nIF 1\nNOP')).toBe('i.s:2: IF without ENDIF');
    expect(err('ELSE')).toBe('i.s:1: ELSE without IF');
    expect(err('IF 1\nELSE\nELSE\nENDIF')).toBe('i.s:3: a second ELSE for the same IF');
    expect(err('IF later\nENDIF\nlater: NOP')).toMatch(/^i\.s:1: IF needs a value known at this point/);
    expect(err('IF 1\nINCLUDE "gone.inc"\nENDIF')).toMatch(/^i\.s:2: cannot read include file "gone.inc"/);
    expect(err('x: IF 1\nENDIF')).toBe('i.s:1: IF takes no label');
  });

  it('defines from the command line, END entry point', () => {
    const a = assembleText('ORG 20H\nstart: LDI #SIZE\nEND start', 'x.s', { cpu: toyCpu(), defines: new Map([['size', 9]]) });
    expect(bytesAt(a.bytes, 0x20, 2)).toEqual([0x20, 9]);
    expect(a.entry).toBe(0x20);
  });
});

describe('listing and output writers', () => {
  const src = `; demo
COUNT   EQU 38H
        ORG 2080H
start:  LDB COUNT, #3       ; comment
.again: DJNZ COUNT, .again
        LJMP far
        DB 'long string of data'
        ORG 3000H
far:    RET
        END start
`;
  const a = assembleText(src, 'demo.a96', { cpu: createAssembler('i8096') });

  it('listing: address, bytes, line, source; EQU values; data continues on further rows; symbols', () => {
    const lst = formatListing(a, { title: 'demo' });
    expect(lst).toBe(`; demo
ADDR  BYTES                     LINE  SOURCE
                                   1  ; demo
=0038                              2  COUNT   EQU 38H
2080                               3          ORG 2080H
2080  B1 03 38                     4  start:  LDB COUNT, #3       ; comment
2083  E0 38 FD                     5  .again: DJNZ COUNT, .again
2086  E7 77 0F                     6          LJMP far
2089  6C 6F 6E 67 20 73 74 72      7          DB 'long string of data'
2091  69 6E 67 20 6F 66 20 64
2099  61 74 61
3000                               8          ORG 3000H
3000  F0                           9  far:    RET
3001                              10          END start

; symbols
COUNT        0038
FAR          3000
START        2080
START.AGAIN  2083
`);
  });

  it('bin: from the lowest address, gaps filled', () => {
    const { base, data } = toBinary(a);
    expect(base).toBe(0x2080);
    expect(data.length).toBe(0x3001 - 0x2080);
    expect(data[0x2080 - base]).toBe(0xb1);
    expect(data[0x2fff - base]).toBe(0xff);
    expect(toBinary(a, 0).data[0x2fff - base]).toBe(0);
  });

  it('ihex and srec read back through src/loaders with the same bytes and entry', () => {
    for (const [text, load] of [[toIhex(a), loadIhex], [toSrec(a, 'demo'), loadSrec]] as const) {
      const img = load(Buffer.from(text), 'x');
      const got = new Map<number, number>();
      for (const s of img.segments) s.data.forEach((b, i) => got.set(s.addr + i, b));
      expect([...got].sort((x, y) => x[0] - y[0])).toEqual([...a.bytes].sort((x, y) => x[0] - y[0]));
      expect(img.entry).toBe(0x2080);
    }
    expect(toSrec(a, 'demo').split('\n')[0]).toBe('S00700006465656D6F'.slice(0, 4) + toSrec(a, 'demo').split('\n')[0].slice(4));
  });

  it('ihex: records above 64 KiB get an extended linear address (a CPU with wider addresses)', () => {
    const wide = { ...toyCpu(), addressBits: 24 };
    const b = assembleText('ORG 0FFFEH\nDB 1,2,3,4\nEND 12345H', 'w.s', { cpu: wide });
    const img = loadIhex(Buffer.from(toIhex(b)), 'w.hex');
    const got = new Map<number, number>();
    for (const s of img.segments) s.data.forEach((v, i) => got.set(s.addr + i, v));
    expect([...got]).toEqual([[0xfffe, 1], [0xffff, 2], [0x10000, 3], [0x10001, 4]]);
    expect(img.entry).toBe(0x12345);
    const s = loadSrec(Buffer.from(toSrec(b)), 'w.s28');
    expect(s.entry).toBe(0x12345);
    expect(toSrec(b).split('\n')[1].startsWith('S2')).toBe(true);
  });
});
