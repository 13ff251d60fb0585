/**
 * Builds the dispatch tables from the spec (spec.ts): ARM state is indexed by instruction bits
 * 27-20 and 7-4 (4096 slots), Thumb by bits 15-6 (1024 slots). Every slot gets exactly one row;
 * two rows that can claim the same slot are a spec error and the build throws. Slots no row
 * claims get the undefined-instruction row.
 */
import { ARM_SPEC, ARM_UNDEFINED, THUMB_SPEC, THUMB_UNDEFINED, cycleCount, type SpecRow } from './spec.js';
import { ARM_HANDLERS, THUMB_HANDLERS, type Handler } from './execute.js';

export interface Picture {
  width: number;
  /** Fixed bits. */
  mask: number;
  value: number;
  /** Field letter -> bit positions, most significant first. */
  fields: Map<string, number[]>;
}

export function parsePicture(bits: string, width: number): Picture {
  const s = bits.replace(/\s+/g, '');
  if (s.length !== width) throw new Error(`bit picture "${bits}" has ${s.length} bits, expected ${width}`);
  let mask = 0;
  let value = 0;
  const fields = new Map<string, number[]>();
  for (let i = 0; i < width; i++) {
    const bit = width - 1 - i;
    const ch = s[i];
    if (ch === '0' || ch === '1') {
      mask |= 1 << bit;
      if (ch === '1') value |= 1 << bit;
    } else {
      let f = fields.get(ch);
      if (!f) fields.set(ch, (f = []));
      f.push(bit);
    }
  }
  return { width, mask: mask >>> 0, value: value >>> 0, fields };
}

/** Value of field `letter` of `op` (bits concatenated MSB first), or -1 when the row has none. */
export function fieldOf(p: Picture, op: number, letter: string): number {
  const f = p.fields.get(letter);
  if (!f) return -1;
  let v = 0;
  for (const bit of f) v = (v * 2) + ((op >>> bit) & 1);
  return v;
}

/** ARM dispatch index: bits 27-20 and 7-4. */
export const ARM_INDEX_MASK = 0x0ff000f0;
export function armIndex(op: number): number {
  return ((op >>> 16) & 0xff0) | ((op >>> 4) & 0xf);
}
function armOpOfIndex(idx: number): number {
  return (((idx & 0xff0) << 16) | ((idx & 0xf) << 4)) >>> 0;
}
export const THUMB_INDEX_MASK = 0xffc0;

export interface DispatchTables {
  rows: SpecRow[];
  pictures: Picture[];
  handlers: Handler[];
  cycles: Uint8Array;
}

/** Exported for the generator's own tests (overlap refusal). */
export function buildDispatch(
  spec: SpecRow[], undef: SpecRow, width: number, slots: number, indexMask: number,
  opOfIndex: (i: number) => number, handlers: Record<string, Handler>,
): DispatchTables {
  const parsed = spec.map((row) => {
    const p = parsePicture(row.bits, width);
    if (!handlers[row.exec]) throw new Error(`spec row "${row.bits}" (${row.mnem}) names a missing handler ${row.exec}`);
    return p;
  });
  const undefPic = parsePicture(undef.bits, width);
  const out: DispatchTables = {
    rows: new Array<SpecRow>(slots),
    pictures: new Array<Picture>(slots),
    handlers: new Array<Handler>(slots),
    cycles: new Uint8Array(slots),
  };
  for (let i = 0; i < slots; i++) {
    const op = opOfIndex(i);
    let found = -1;
    for (let k = 0; k < spec.length; k++) {
      const m = parsed[k].mask & indexMask;
      if (((op & m) >>> 0) !== ((parsed[k].value & m) >>> 0)) continue;
      if (found >= 0) {
        throw new Error(
          `overlapping spec rows at dispatch slot 0x${i.toString(16)}: "${spec[found].bits}" (${spec[found].mnem}) and "${spec[k].bits}" (${spec[k].mnem})`,
        );
      }
      found = k;
    }
    const row = found >= 0 ? spec[found] : undef;
    out.rows[i] = row;
    out.pictures[i] = found >= 0 ? parsed[found] : undefPic;
    out.handlers[i] = handlers[row.exec] ?? handlers[undef.exec];
    out.cycles[i] = cycleCount(row.cycles);
  }
  return out;
}

export const buildArmDispatch = (spec: SpecRow[]): DispatchTables =>
  buildDispatch(spec, ARM_UNDEFINED, 32, 4096, ARM_INDEX_MASK, armOpOfIndex, ARM_HANDLERS);
export const buildThumbDispatch = (spec: SpecRow[]): DispatchTables =>
  buildDispatch(spec, THUMB_UNDEFINED, 16, 1024, THUMB_INDEX_MASK, (i) => i << 6, THUMB_HANDLERS);

export const ARM_TABLES = buildArmDispatch(ARM_SPEC);
export const THUMB_TABLES = buildThumbDispatch(THUMB_SPEC);
