/**
 * Writes a loaded image into a board's memory. Every segment is checked against the board's
 * RAM/ROM first, so a bad image changes nothing; a segment outside them is an InputError naming
 * the file, the segment and the first address that has no memory.
 */
import { InputError, hex } from '../core/errors.js';
import type { Bus } from '../core/bus.js';
import type { LoadedImage } from './types.js';
import { describeSegment } from './util.js';

/** First address of [addr, addr+len) that has no RAM/ROM, or -1 when all of it is backed. */
export function firstUnbacked(bus: Bus, addr: number, len: number): number {
  if (len <= 0) return -1;
  if (addr < 0 || addr + len - 1 > bus.addrMask) {
    if (addr > bus.addrMask || addr < 0) return addr;
    // Part inside the address space: check it first.
    const inside = firstUnbacked(bus, addr, bus.addrMask - addr + 1);
    return inside >= 0 ? inside : bus.addrMask + 1;
  }
  if (bus.isBacked(addr, len)) return -1;
  const page = 1 << bus.pageBits;
  for (let a = addr; a < addr + len; a = (Math.floor(a / page) + 1) * page) {
    if (!bus.isBacked(a, 1)) return a;
  }
  return -1;
}

function describeMap(bus: Bus): string {
  if (bus.regions.length === 0) return 'the board has no RAM or ROM';
  return 'board memory: ' + bus.regions.map((r) => `${r.name} (${r.kind}) ${hex(r.base)}-${hex(r.base + r.size - 1)}`).join(', ');
}

/** Checks and writes all segments; returns the number of bytes written. */
export function placeImage(bus: Bus, image: LoadedImage): number {
  for (const s of image.segments) {
    const bad = firstUnbacked(bus, s.addr, s.data.length);
    if (bad >= 0) {
      throw new InputError(
        image.file,
        '',
        `${describeSegment(s)} does not fit the board: address ${hex(bad)} is not in RAM or ROM (${describeMap(bus)})`,
      );
    }
  }
  let n = 0;
  for (const s of image.segments) {
    bus.load(s.addr, s.data);
    n += s.data.length;
  }
  return n;
}
