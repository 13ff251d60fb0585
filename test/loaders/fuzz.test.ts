/**
 * Loader fuzzing: every mutated input must either load or throw an InputError; any other
 * exception (TypeError, RangeError, a plain Error...) fails the test and prints the format,
 * seed, iteration and the input (base64) so the case can be replayed.
 *
 * Each format gets FUZZ_ITERATIONS mutated inputs (default 10,000; the whole file runs in a few
 * seconds). For a long run:
 *     FUZZ_ITERATIONS=1000000 FUZZ_SEED=12345 npx vitest run test/loaders/fuzz.test.ts
 * FUZZ_SEED (default 0x5EED) picks another deterministic sequence; FUZZ_STATS=1 prints how many
 * inputs loaded and how many were rejected per format (FUZZ_STATS=2 also counts the error kinds). A failure message gives
 * `seed` and `iteration`; mutate(seeds, iterationSeed(seed, format, iteration)) rebuilds it.
 *
 * Mutations start from valid seeds built here and from the toolchain fixtures: bit flips,
 * truncation, byte insertion and deletion, overwriting length/offset fields with random and
 * boundary values (targeting the ELF/COFF header, program/section header and symbol fields of
 * the seed), block duplication, and for the text formats, digit and line edits.
 * Loaded images also go through placeImage on a small board, findBanners and SymbolTable.
 */
import { describe, it, expect } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { createBus } from '../../src/core/bus.js';
import { loadImageBytes, detectFormat } from '../../src/loaders/index.js';
import { placeImage } from '../../src/loaders/place.js';
import { findBanners } from '../../src/loaders/banner.js';
import { SymbolTable, parseSymbolText } from '../../src/loaders/symbols.js';
import type { ImageFormat, LoadedImage } from '../../src/loaders/types.js';
import { buildCoff, buildElf, buildIhex, buildSrec, coffFuncAux, ascii } from './build.js';
import { fixture, text } from './helpers.js';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
/** Per-test time limit, scaled for long runs. */
const TIMEOUT = Math.max(30_000, ITERATIONS * 2);

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function iterationSeed(seed: number, format: string, i: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const c of format) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return Math.imul(h ^ i, 0x85ebca6b) >>> 0;
}

const BOUNDARY = [0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const HEX = '0123456789ABCDEF';

/** A header field of a seed: offset, size in bytes, byte order. */
interface Field {
  off: number;
  size: 2 | 4;
  le: boolean;
}

/** The length, count, offset and address fields of a valid ELF or COFF seed's headers. */
function headerFields(format: ImageFormat, b: Uint8Array): Field[] {
  const out: Field[] = [];
  if (format === 'elf') {
    const le = b[5] === 1;
    const dv = new DataView(b.buffer, b.byteOffset, b.length);
    const u16 = (o: number) => dv.getUint16(o, le);
    const u32 = (o: number) => dv.getUint32(o, le);
    for (const o of [24, 28, 32]) out.push({ off: o, size: 4, le });
    for (const o of [42, 44, 46, 48, 50]) out.push({ off: o, size: 2, le });
    const phoff = u32(28);
    for (let i = 0; i < u16(44); i++) for (let k = 0; k < 6; k++) out.push({ off: phoff + i * 32 + 4 * k, size: 4, le });
    const shoff = u32(32);
    for (let i = 0; i < u16(48); i++) for (const k of [0, 4, 8, 12, 16, 20, 24, 36]) out.push({ off: shoff + i * 40 + k, size: 4, le });
  } else if (format === 'coff') {
    const dv = new DataView(b.buffer, b.byteOffset, b.length);
    for (const o of [2, 16]) out.push({ off: o, size: 2, le: false });
    for (const o of [8, 12, 36]) out.push({ off: o, size: 4, le: false });
    const sh = 20 + dv.getUint16(16);
    for (let i = 0; i < dv.getUint16(2); i++) for (const k of [8, 12, 16, 20, 36]) out.push({ off: sh + i * 40 + k, size: 4, le: false });
    const symptr = dv.getUint32(8);
    const nsyms = dv.getUint32(12);
    for (let i = 0; i < nsyms; i++) out.push({ off: symptr + i * 18 + 4, size: 4, le: false }, { off: symptr + i * 18 + 12, size: 2, le: false });
    if (nsyms) out.push({ off: symptr + nsyms * 18, size: 4, le: false });
  }
  return out;
}

function mutateBinary(src: Uint8Array, rnd: () => number, fields: Field[] = []): Uint8Array {
  let b = Array.from(src);
  const int = (n: number) => Math.floor(rnd() * n);
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    if (fields.length && rnd() < 0.35) {
      // a header field with a boundary value, a value near the file size, or a random one
      const f = fields[int(fields.length)];
      const v = rnd() < 0.4 ? BOUNDARY[int(BOUNDARY.length)] : rnd() < 0.5 ? b.length + int(64) - 32 : int(0x100000000);
      for (let k = 0; k < f.size && f.off + k < b.length; k++) {
        const shift = f.le ? 8 * k : 8 * (f.size - 1 - k);
        b[f.off + k] = (v >>> shift) & 0xff;
      }
      continue;
    }
    const op = int(8);
    const pos = int(Math.max(1, b.length));
    switch (op) {
      case 0: // bit flips
        for (let k = 1 + int(8); k > 0 && b.length; k--) b[int(b.length)] ^= 1 << int(8);
        break;
      case 1: // truncation
        b = b.slice(0, int(b.length + 1));
        break;
      case 2: // insertion
        b.splice(pos, 0, ...Array.from({ length: 1 + int(8) }, () => int(256)));
        break;
      case 3: // deletion
        b.splice(pos, 1 + int(8));
        break;
      case 4: // a 32-bit field with a boundary or random value (aligned, where headers keep lengths)
      case 5: {
        const at = pos & ~3;
        const v = rnd() < 0.5 ? BOUNDARY[int(BOUNDARY.length)] : rnd() < 0.5 ? int(b.length * 2) : int(0x100000000);
        const le = rnd() < 0.5;
        for (let k = 0; k < 4 && at + k < b.length; k++) b[at + k] = le ? (v >>> (8 * k)) & 0xff : (v >>> (24 - 8 * k)) & 0xff;
        break;
      }
      case 6: {
        // a 16-bit field (counts, entry sizes)
        const at = pos & ~1;
        const v = rnd() < 0.5 ? BOUNDARY[int(BOUNDARY.length)] & 0xffff : int(0x10000);
        if (at + 1 < b.length) {
          b[at] = v >>> 8;
          b[at + 1] = v & 0xff;
        }
        break;
      }
      default: {
        // duplicate a block somewhere else
        const len = 1 + int(32);
        const from = int(Math.max(1, b.length));
        const chunk = b.slice(from, from + len);
        b.splice(int(b.length + 1), 0, ...chunk);
      }
    }
  }
  return Uint8Array.from(b);
}

function mutateText(src: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  if (rnd() < 0.3) return mutateBinary(src, rnd);
  let s = Array.from(src, (c) => String.fromCharCode(c)).join('');
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    const lines = s.split('\n');
    const li = int(lines.length);
    let line = lines[li];
    switch (int(7)) {
      case 0: // change a hex digit (checksums usually catch it)
        if (line.length > 1) {
          const p = 1 + int(line.length - 1);
          line = line.slice(0, p) + HEX[int(16)] + line.slice(p + 1);
        }
        break;
      case 1: // change a digit and fix nothing else: the byte count
        if (line.length > 3) line = line.slice(0, 1 + int(2)) + HEX[int(16)] + HEX[int(16)] + line.slice(3 + int(2));
        break;
      case 2: // drop or duplicate a line
        if (rnd() < 0.5) lines.splice(li, 1);
        else lines.splice(li, 0, line);
        break;
      case 3: // swap two lines
        {
          const lj = int(lines.length);
          [lines[li], lines[lj]] = [lines[lj], lines[li]];
        }
        break;
      case 4: // truncate a line
        line = line.slice(0, int(line.length + 1));
        break;
      case 5: // insert random characters
        {
          const p = int(line.length + 1);
          const junk = Array.from({ length: 1 + int(3) }, () => (rnd() < 0.7 ? HEX[int(16)] : String.fromCharCode(int(128)))).join('');
          line = line.slice(0, p) + junk + line.slice(p);
        }
        break;
      default: // change the record type character
        if (line.length > 2) line = line[0] + (line[0] === 'S' ? String(int(10)) : line[1]) + line.slice(2);
        if (line[0] === ':' && line.length > 9) line = line.slice(0, 7) + HEX[int(16)] + HEX[int(16)] + line.slice(9);
    }
    lines[li] = line;
    s = lines.join('\n');
  }
  return text(s);
}

function seedsFor(format: ImageFormat): Uint8Array[] {
  const data = (n: number, k = 1) => Uint8Array.from({ length: n }, (_, i) => (i * k + 3) & 0xff);
  switch (format) {
    case 'elf':
      return [
        fixture('m68k.elf'),
        fixture('arm.elf'),
        fixture('hc11.elf'),
        buildElf({
          bigEndian: true, machine: 46, entry: 0x100,
          sections: [
            { name: '.text', addr: 0x100, data: data(32) },
            { name: '.data', addr: 0xfd80, paddr: 0x120, data: data(8, 5), flags: 3 },
            { name: '.bss', addr: 0xfd88, data: new Uint8Array(8), flags: 3, nobits: true },
          ],
          symbols: [{ name: 'start', value: 0x100, size: 32, type: 2 }, { name: 'v', value: 0xfd80, size: 8, type: 1, shndx: 2 }],
        }),
        buildElf({ bigEndian: true, machine: 4, programHeaders: false, sections: [{ name: '.text', addr: 0x400, data: data(16) }], symbols: [{ name: 'f', value: 0x400, type: 2 }] }),
      ];
    case 'coff':
      return [
        fixture('h8.coff'),
        buildCoff({
          entry: 0x100,
          sections: [
            { name: '.vectors', paddr: 0, data: data(4), flags: 0x40 },
            { name: '.text', paddr: 0x100, data: data(24), flags: 0x20 },
            { name: '.data', paddr: 0x118, vaddr: 0xfd80, data: data(6, 3), flags: 0x40 },
            { name: '.bss', paddr: 0xfd86, data: new Uint8Array(10), flags: 0x80 },
          ],
          symbols: [
            { name: '.file', value: 0, scnum: -2, sclass: 103, aux: [ascii('a.c'.padEnd(18, '\0'))] },
            { name: '_main', value: 0x100, scnum: 2, type: 0x20, sclass: 2, aux: [coffFuncAux(24)] },
            { name: '_a_long_symbol_name', value: 0xfd80, scnum: 3, type: 4, sclass: 2 },
            { name: '_local_bss_buffer', value: 0xfd86, scnum: 4, sclass: 3 },
          ],
        }),
        buildCoff({ entry: null, sections: [{ name: '.text', paddr: 0x40, data: data(12), flags: 0x20 }] }),
      ];
    case 'ihex':
      return [
        fixture('m68k.hex'),
        fixture('arm.hex'),
        text(buildIhex([{ addr: 0x1fff0, data: data(40) }, { addr: 0x30000, data: data(5) }], 0x12345678)),
        text(buildIhex([{ addr: 0x2fff8, data: data(20) }], 0x100, { segmented: true, eol: '\r\n' })),
      ];
    case 'srec':
      return [
        fixture('m68k.s19'),
        fixture('hc11.s19'),
        fixture('hc11.s3'),
        text(buildSrec([{ addr: 0x1000, data: data(50) }, { addr: 0x2000, data: data(3) }], 0x1000, { addrBytes: 2, count: true })),
      ];
    case 'raw':
      return [data(64), fixture('m68k.elf')];
  }
}

function checkImage(img: LoadedImage): void {
  expect(img.segments.every((s) => s.data instanceof Uint8Array && s.addr >= 0 && s.addr + s.data.length <= 0x100000000)).toBe(true);
  const sorted = img.segments.filter((s) => s.data.length).sort((a, b) => a.addr - b.addr);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i].addr).toBeGreaterThanOrEqual(sorted[i - 1].addr + sorted[i - 1].data.length);
  for (const s of img.symbols) expect(s.addr >>> 0).toBe(s.addr);
}

function smallBoard() {
  const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('rom', 'rom', 0, 0x20000);
  bus.addRegion('ram', 'ram', 0x100000, 0x10000);
  return bus;
}

const FORMATS: ImageFormat[] = ['elf', 'coff', 'ihex', 'srec', 'raw'];

describe('loader fuzzing', () => {
  for (const format of FORMATS) {
    it(`${format}: ${ITERATIONS} mutated inputs load or throw InputError`, () => {
      const seeds = seedsFor(format);
      const fields = seeds.map((s) => headerFields(format, s));
      // Every seed is valid as built.
      for (const s of seeds) checkImage(loadImageBytes(s, `seed.${format}`, { format }));
      const bus = smallBoard();
      const binary = format === 'elf' || format === 'coff' || format === 'raw';
      let loaded = 0;
      let rejected = 0;
      const kinds = process.env.FUZZ_STATS === '2' ? new Map<string, number>() : null;
      for (let i = 0; i < ITERATIONS; i++) {
        const rnd = prng(iterationSeed(SEED, format, i));
        const k = Math.floor(rnd() * seeds.length);
        const input = binary ? mutateBinary(seeds[k], rnd, fields[k]) : mutateText(seeds[k], rnd);
        try {
          // Alternate forced format and content detection, as the CLI does either.
          const img = loadImageBytes(input, 'fuzz', i % 4 === 3 ? {} : { format });
          checkImage(img);
          try {
            placeImage(bus, img);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
          }
          new SymbolTable(img.symbols).label(0x100);
          findBanners(img.bytes);
          loaded++;
        } catch (e) {
          if (e instanceof InputError) {
            rejected++;
            if (kinds) {
              const key = e.message.replace(/^fuzz: /, '').replace(/0x[0-9A-F]+|\d+|"[^"]*"|'[^']*'/g, '#').slice(0, 70);
              kinds.set(key, (kinds.get(key) ?? 0) + 1);
            }
            continue;
          }
          const b64 = Buffer.from(input).toString('base64');
          throw new Error(
            `${format} seed=${SEED} iteration=${i} detected=${detectFormat(input)}: ${(e as Error)?.stack ?? String(e)}\ninput (base64, ${input.length} bytes): ${b64.length > 4000 ? b64.slice(0, 4000) + '...' : b64}`,
          );
        }
      }
      if (process.env.FUZZ_STATS) console.info(`${format}: ${loaded} loaded, ${rejected} rejected`);
      if (kinds) console.info([...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${n}\t${k}`).join('\n'));
      expect(loaded + rejected).toBe(ITERATIONS);
      if (format !== 'raw' && ITERATIONS >= 1000) {
        // The mutations must exercise both paths.
        expect(rejected).toBeGreaterThan(ITERATIONS / 10);
        expect(loaded).toBeGreaterThan(0);
      }
    }, TIMEOUT);
  }

  it(`symbol files: ${ITERATIONS} mutated inputs parse or throw InputError`, () => {
    const seed = text('# syms\nmain = 0x1000\ntick=$2F0\n00002000 T f\nvec=1F0h\n');
    const map = fixture('m68k.map');
    for (let i = 0; i < ITERATIONS; i++) {
      const rnd = prng(iterationSeed(SEED, 'sym', i));
      const input = mutateText(rnd() < 0.5 ? seed : map, rnd);
      const s = Array.from(input, (c) => String.fromCharCode(c)).join('');
      try {
        new SymbolTable(parseSymbolText(s, 'fuzz.sym')).label(0x1000);
      } catch (e) {
        if (!(e instanceof InputError)) throw new Error(`symbols seed=${SEED} iteration=${i}: ${String(e)}\n${JSON.stringify(s)}`);
      }
    }
  }, TIMEOUT);
});
