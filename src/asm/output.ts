/**
 * Output files of an assembly. src/loaders reads these formats; these are the writers.
 *
 *  - bin: a raw image from the lowest assembled address (or a given lower base) to the
 *    highest; the caller reports the base (load the file there: `bytebos run x.bin --base
 *    0x2000`); gaps hold `fill` (default FFh, erased EPROM).
 *  - ihex: Intel HEX, 16 data bytes per type-00 record, type-04 records when the address
 *    reaches 64 KiB, type-05 entry when END names one, type-01 end of file.
 *  - srec: Motorola S-records, S0 header, S1/S2/S3 by the highest address (16/24/32 bits), 16
 *    data bytes per record, S9/S8/S7 with the entry point (0 when END names none).
 */
import { segmentsOf, type Assembly } from './assembler.js';
import { AsmError } from './types.js';

export type OutputFormat = 'bin' | 'ihex' | 'srec';
export const OUTPUT_FORMATS: OutputFormat[] = ['bin', 'ihex', 'srec'];

const h2 = (v: number): string => (v & 0xff).toString(16).toUpperCase().padStart(2, '0');

/** `base`: start the image there instead of at the lowest address (it must not be above it). */
export function toBinary(a: Assembly, fill = 0xff, base?: number): { base: number; data: Uint8Array } {
  if (a.bytes.size === 0) throw new AsmError('the program assembled to no bytes, so there is no binary to write');
  let lo = Infinity;
  let hi = -1;
  for (const k of a.bytes.keys()) {
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  if (base !== undefined) {
    if (base > lo) throw new AsmError(`the image base ${base.toString(16).toUpperCase()}h lies above the lowest assembled address ${lo.toString(16).toUpperCase()}h`);
    lo = base;
  }
  const data = new Uint8Array(hi + 1 - lo).fill(fill);
  for (const [k, v] of a.bytes) data[k - lo] = v;
  return { base: lo, data };
}

function ihexRecord(type: number, addr: number, data: ArrayLike<number>): string {
  const rec = [data.length, (addr >> 8) & 0xff, addr & 0xff, type, ...Array.from(data)];
  const sum = rec.reduce((s, b) => s + b, 0);
  return ':' + rec.map(h2).join('') + h2(-sum);
}

export function toIhex(a: Assembly): string {
  const out: string[] = [];
  let upper = 0;
  for (const seg of segmentsOf(a.bytes)) {
    for (let off = 0; off < seg.data.length;) {
      const addr = seg.addr + off;
      if (Math.floor(addr / 0x10000) !== upper) {
        upper = Math.floor(addr / 0x10000);
        out.push(ihexRecord(0x04, 0, [(upper >> 8) & 0xff, upper & 0xff]));
      }
      // A record stays inside one 64 KiB page.
      const n = Math.min(16, seg.data.length - off, 0x10000 - (addr & 0xffff));
      out.push(ihexRecord(0x00, addr & 0xffff, seg.data.subarray(off, off + n)));
      off += n;
    }
  }
  if (a.entry !== null) out.push(ihexRecord(0x05, 0, [a.entry >>> 24, a.entry >>> 16, a.entry >>> 8, a.entry].map((b) => b & 0xff)));
  out.push(ihexRecord(0x01, 0, []));
  return out.join('\n') + '\n';
}

function srecRecord(type: number, addrBytes: number, addr: number, data: ArrayLike<number>): string {
  const ab: number[] = [];
  for (let k = addrBytes - 1; k >= 0; k--) ab.push(Math.floor(addr / 2 ** (8 * k)) & 0xff);
  const rec = [addrBytes + data.length + 1, ...ab, ...Array.from(data)];
  const sum = rec.reduce((s, b) => s + b, 0);
  return `S${type}` + rec.map(h2).join('') + h2(~sum);
}

export function toSrec(a: Assembly, header = 'bytebos asm'): string {
  let hi = 0;
  for (const k of a.bytes.keys()) if (k > hi) hi = k;
  const top = Math.max(hi, a.entry ?? 0);
  const [data, end, ab] = top <= 0xffff ? [1, 9, 2] : top <= 0xffffff ? [2, 8, 3] : [3, 7, 4];
  const out = [srecRecord(0, 2, 0, [...Buffer.from(header, 'latin1')])];
  for (const seg of segmentsOf(a.bytes)) {
    for (let off = 0; off < seg.data.length; off += 16) {
      out.push(srecRecord(data, ab, seg.addr + off, seg.data.subarray(off, Math.min(off + 16, seg.data.length))));
    }
  }
  out.push(srecRecord(end, ab, a.entry ?? 0, []));
  return out.join('\n') + '\n';
}
