/**
 * The memory bus: a page table over one typed array of backing store (RAM and ROM regions,
 * mirrors) plus memory-mapped devices behind one class (`MmioRange`).
 *
 * Fast path: `rd[page]` / `wr[page]` hold the index in `mem` of the page's first byte, or -1
 * when the access must take the slow path (device, ROM write, watchpoint, unmapped). The slow
 * path is one method per direction, so call sites stay monomorphic.
 *
 * Endianness is a property of the subclass (BusBE / BusLE); a core only ever sees one of them.
 */
import { hex } from './errors.js';

export type AccessSize = 1 | 2 | 4;

/** What an unmapped access or a ROM write does (per board). */
export type FaultPolicy = 'ignore' | 'log' | 'stop';

/**
 * A memory-mapped device. Offsets are relative to the range base (after `stride` division).
 * `read` may have side effects (a UART data register pops a byte); `peek` never does.
 * Values are logical: the bus has already dealt with the CPU's byte order.
 */
export interface Device {
  readonly name: string;
  read(offset: number, size: AccessSize): number;
  write(offset: number, size: AccessSize, value: number): void;
  peek(offset: number, size: AccessSize): number;
  /**
   * true: the device only understands byte accesses; the bus splits wider ones into bytes in
   * the CPU's byte order (like an 8-bit peripheral on a wider bus).
   */
  readonly byteWide: boolean;
}

/** A device placed on the bus: `span` bytes from `base`, registers `stride` bytes apart. */
export class MmioRange {
  constructor(
    readonly base: number,
    readonly span: number,
    readonly device: Device,
    readonly stride: number = 1,
  ) {}
  /** Register offset for an address, or -1 when the address falls between strided registers. */
  offsetOf(addr: number): number {
    const d = addr - this.base;
    if (this.stride === 1) return d;
    return d % this.stride === 0 ? d / this.stride : -1;
  }
  /** true when `addr` is one of this device's register addresses. */
  contains(addr: number): boolean {
    return addr >= this.base && addr < this.base + this.span && (this.stride === 1 || (addr - this.base) % this.stride === 0);
  }
}

export type RegionKind = 'ram' | 'rom';

export interface Region {
  name: string;
  kind: RegionKind;
  /** Where the region currently appears (may change at run time, see `mapRegion`). */
  base: number;
  size: number;
  /** Index of the region's first byte in `Bus.mem`. */
  store: number;
  /** Additional places the same bytes appear (mirrors). */
  mirrors: number[];
}

export interface Watch {
  lo: number;
  hi: number; // inclusive
  read: boolean;
  write: boolean;
  fn: (addr: number, size: AccessSize, value: number, isWrite: boolean) => void;
}

export interface BusEvents {
  /** Current instruction address, for log messages. */
  pc(): number;
  /** An unmapped access or ROM write that the board wants to stop the run. */
  stop(reason: string): void;
  log(message: string): void;
  /** Told about every unmapped read before it is reported (the machine spots wild jumps). */
  unmappedRead?(addr: number): void;
}

export interface BusOptions {
  addrBits: number;
  /** log2 of the page size. RAM/ROM regions must be page aligned. */
  pageBits: number;
  /** Value of each byte of an unmapped read (documented per board). */
  openBus: number;
  unmapped: FaultPolicy;
  romWrite: FaultPolicy;
}

export abstract class Bus {
  readonly addrBits: number;
  readonly addrMask: number;
  readonly pageBits: number;
  readonly pageMask: number;
  readonly pages: number;
  abstract readonly bigEndian: boolean;
  /** Backing store of every RAM and ROM region. */
  mem: Uint8Array;
  /** Per page: index of the page in `mem` for a fast read, or -1. */
  readonly rd: Int32Array;
  /** Per page: index of the page in `mem` for a fast write, or -1. */
  readonly wr: Int32Array;
  /** Per page: where the page's backing store is (or -1 when nothing is mapped there). */
  readonly backing: Int32Array;
  /** Per page: 1 when the backing store is read-only. */
  readonly readOnly: Uint8Array;
  /** Per page: devices that overlap the page (null for none). */
  readonly io: (MmioRange[] | null)[];
  readonly regions: Region[] = [];
  readonly ranges: MmioRange[] = [];
  watches: Watch[] = [];
  /** Answers accesses to unmapped addresses instead of the open-bus value (test harnesses). */
  fallback: Device | null = null;
  openBus: number;
  unmappedPolicy: FaultPolicy;
  romWritePolicy: FaultPolicy;
  events: BusEvents;
  private readonly logged = new Set<string>();
  /** Log lines about unmapped/ROM accesses are capped: a wild jump must not flood the log. */
  static readonly LOG_LIMIT = 32;
  /** Accesses not logged because the cap was reached. */
  unloggedAccesses = 0;
  private storeUsed = 0;

  constructor(opts: BusOptions, events?: BusEvents) {
    this.addrBits = opts.addrBits;
    this.addrMask = opts.addrBits >= 32 ? 0xffffffff : (1 << opts.addrBits) - 1;
    this.pageBits = opts.pageBits;
    this.pageMask = (1 << opts.pageBits) - 1;
    this.pages = 2 ** (opts.addrBits - opts.pageBits);
    this.rd = new Int32Array(this.pages).fill(-1);
    this.wr = new Int32Array(this.pages).fill(-1);
    this.backing = new Int32Array(this.pages).fill(-1);
    this.readOnly = new Uint8Array(this.pages);
    this.io = new Array(this.pages).fill(null);
    this.mem = new Uint8Array(0);
    this.openBus = opts.openBus & 0xff;
    this.unmappedPolicy = opts.unmapped;
    this.romWritePolicy = opts.romWrite;
    this.events = events ?? { pc: () => 0, stop: () => {}, log: () => {} };
  }

  // ---- building the map -------------------------------------------------------------------

  /** Allocate backing store for regions added later in one piece (avoids copying as it grows). */
  reserve(bytes: number): void {
    if (this.mem.length >= this.storeUsed + bytes) return;
    const grown = new Uint8Array(this.storeUsed + bytes);
    grown.set(this.mem.subarray(0, this.storeUsed));
    this.mem = grown;
  }

  /** Add a RAM or ROM region. Its store is zero-filled (ROM is filled by the image loader). */
  addRegion(name: string, kind: RegionKind, base: number, size: number): Region {
    this.checkAligned(name, base, size);
    const store = this.storeUsed;
    if (this.mem.length < store + size) this.reserve(size);
    this.storeUsed += size;
    const r: Region = { name, kind, base, size, store, mirrors: [] };
    this.regions.push(r);
    this.mapPages(r, base);
    return r;
  }

  /** Make `region`'s bytes appear at `base` too. */
  addMirror(region: Region, base: number, size = region.size): void {
    this.checkAligned(`${region.name} mirror`, base, size);
    region.mirrors.push(base);
    for (let off = 0; off < size; off += 1 << this.pageBits) {
      const p = (base + off) >>> this.pageBits;
      this.setPage(p, region.store + (off % region.size), region.kind === 'rom');
    }
  }

  /**
   * Move a region at run time (68HC11 INIT register, bank switching). The pages it leaves
   * become unmapped unless another region is mapped over them by the caller afterwards.
   */
  mapRegion(region: Region, newBase: number): void {
    this.checkAligned(region.name, newBase, region.size);
    for (let off = 0; off < region.size; off += 1 << this.pageBits) {
      const p = (region.base + off) >>> this.pageBits;
      if (this.backing[p] === region.store + off) this.setPage(p, -1, false);
    }
    region.base = newBase;
    this.mapPages(region, newBase);
  }

  /** Replace the contents of the pages at `base` with another region (bank switch). */
  private mapPages(r: Region, base: number): void {
    for (let off = 0; off < r.size; off += 1 << this.pageBits) {
      this.setPage((base + off) >>> this.pageBits, r.store + off, r.kind === 'rom');
    }
  }

  private setPage(p: number, store: number, readOnly: boolean): void {
    this.backing[p] = store;
    this.readOnly[p] = readOnly ? 1 : 0;
    this.refreshPage(p);
  }

  private checkAligned(name: string, base: number, size: number): void {
    if (size <= 0 || (base & this.pageMask) !== 0 || (size & this.pageMask) !== 0) {
      throw new Error(
        `region ${name} at ${hex(base)} size ${hex(size)} is not aligned to the bus page size ${hex(1 << this.pageBits)}`,
      );
    }
    if (base + size - 1 > this.addrMask) {
      throw new Error(`region ${name} at ${hex(base)} size ${hex(size)} lies outside the ${this.addrBits}-bit address space`);
    }
  }

  /** Place a device. Its pages take the slow path; other bytes of those pages keep working. */
  addDevice(base: number, span: number, device: Device, stride = 1): MmioRange {
    const r = new MmioRange(base, span, device, stride);
    for (const o of this.ranges) {
      for (let a = Math.max(base, o.base); a < Math.min(base + span, o.base + o.span); a++) {
        if (r.contains(a) && o.contains(a)) {
          throw new Error(`device ${device.name} at ${hex(base)} overlaps device ${o.device.name} at ${hex(o.base)} (address ${hex(a)})`);
        }
      }
    }
    this.ranges.push(r);
    const first = base >>> this.pageBits;
    const last = (base + span - 1) >>> this.pageBits;
    for (let p = first; p <= last; p++) {
      (this.io[p] ??= []).push(r);
      this.refreshPage(p);
    }
    return r;
  }

  /** Take a device off the bus; its pages get their fast path back where nothing else needs the slow one. */
  removeDevice(range: MmioRange): void {
    const i = this.ranges.indexOf(range);
    if (i < 0) return;
    this.ranges.splice(i, 1);
    const first = range.base >>> this.pageBits;
    const last = (range.base + range.span - 1) >>> this.pageBits;
    for (let p = first; p <= last; p++) {
      const list = this.io[p];
      if (list === null) continue;
      const rest = list.filter((r) => r !== range);
      this.io[p] = rest.length > 0 ? rest : null;
      this.refreshPage(p);
    }
  }

  /** Move a device to another base at run time (the 68HC11's INIT register moves its register block). */
  moveDevice(device: Device, newBase: number): MmioRange {
    const old = this.ranges.find((r) => r.device === device);
    if (!old) throw new Error(`device ${device.name} is not on the bus`);
    if (old.base === newBase) return old;
    this.removeDevice(old);
    try {
      return this.addDevice(newBase, old.span, device, old.stride);
    } catch (e) {
      this.addDevice(old.base, old.span, device, old.stride);
      throw e;
    }
  }

  addWatch(w: Watch): void {
    this.watches.push(w);
    for (let p = w.lo >>> this.pageBits; p <= w.hi >>> this.pageBits; p++) this.refreshPage(p);
  }

  removeWatch(w: Watch): void {
    this.watches = this.watches.filter((x) => x !== w);
    for (let p = w.lo >>> this.pageBits; p <= w.hi >>> this.pageBits; p++) this.refreshPage(p);
  }

  private watched(p: number): boolean {
    const lo = p << this.pageBits;
    const hi = lo + this.pageMask;
    for (const w of this.watches) if (w.lo <= hi >>> 0 && w.hi >= lo >>> 0) return true;
    return false;
  }

  private refreshPage(p: number): void {
    const b = this.backing[p];
    const slow = this.io[p] !== null || this.watched(p);
    this.rd[p] = slow ? -1 : b;
    this.wr[p] = slow || this.readOnly[p] ? -1 : b;
  }

  // ---- loading ----------------------------------------------------------------------------

  /** Write bytes into RAM or ROM backing store regardless of write protection (image loading). */
  load(addr: number, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) {
      const a = (addr + i) & this.addrMask;
      const b = this.backing[a >>> this.pageBits];
      if (b < 0) throw new Error(`no memory at ${hex(a)}`);
      this.mem[b + (a & this.pageMask)] = data[i];
    }
  }

  /** true when something answers at `addr`: RAM, ROM, a device, or the fallback. */
  isMapped(addr: number): boolean {
    addr = (addr & this.addrMask) >>> 0;
    const p = addr >>> this.pageBits;
    if (this.backing[p] >= 0 || this.fallback) return true;
    const list = this.io[p];
    return list !== null && list.some((r) => r.contains(addr));
  }

  /** true when every byte of [addr, addr+len) is backed by RAM or ROM. */
  isBacked(addr: number, len: number): boolean {
    for (let p = addr >>> this.pageBits; p <= (addr + len - 1) >>> this.pageBits; p++) {
      if (p >= this.pages || this.backing[p] < 0) return false;
    }
    return true;
  }

  // ---- side-effect-free reads ---------------------------------------------------------------

  /** Byte at `addr` without side effects: for debuggers, disassemblers and the OS layer. */
  peek8(addr: number): number {
    addr = (addr & this.addrMask) >>> 0;
    const p = addr >>> this.pageBits;
    const list = this.io[p];
    if (list !== null) {
      for (const r of list) {
        if (r.contains(addr)) return r.device.peek(r.offsetOf(addr), 1) & 0xff;
      }
    }
    const b = this.backing[p];
    if (b >= 0) return this.mem[b + (addr & this.pageMask)];
    if (this.fallback) return this.fallback.peek(addr, 1) & 0xff;
    return this.openBus;
  }

  peek16(addr: number): number {
    const a = this.peek8(addr);
    const b = this.peek8(addr + 1);
    return this.bigEndian ? (a << 8) | b : (b << 8) | a;
  }

  peek32(addr: number): number {
    const h = this.peek16(addr);
    const l = this.peek16(addr + 2);
    return (this.bigEndian ? ((h << 16) | l) : ((l << 16) | h)) >>> 0;
  }

  /** Write without side effects on devices (debugger memory edits): RAM/ROM only. */
  poke8(addr: number, v: number): boolean {
    addr = (addr & this.addrMask) >>> 0;
    const b = this.backing[addr >>> this.pageBits];
    if (b < 0) return false;
    this.mem[b + (addr & this.pageMask)] = v & 0xff;
    return true;
  }

  // ---- the slow path ------------------------------------------------------------------------

  /** Any access that the page table could not satisfy directly. */
  slowRead(addr: number, size: AccessSize): number {
    addr = (addr & this.addrMask) >>> 0;
    const p = addr >>> this.pageBits;
    const list = this.io[p];
    if (list !== null) {
      for (const r of list) {
        if (r.contains(addr)) {
          if (size === 1 || (!r.device.byteWide && r.stride === 1 && addr + size <= r.base + r.span)) {
            const v = r.device.read(r.offsetOf(addr), size);
            if (this.watches.length) this.checkWatch(addr, size, v, false);
            return v;
          }
          return this.composeRead(addr, size);
        }
      }
    }
    if (size > 1 && ((addr & this.pageMask) + size > this.pageMask + 1 || list !== null)) {
      return this.composeRead(addr, size);
    }
    const b = this.backing[p];
    let v: number;
    if (b >= 0) {
      const i = b + (addr & this.pageMask);
      const m = this.mem;
      if (size === 1) v = m[i];
      else if (size === 2) v = this.bigEndian ? (m[i] << 8) | m[i + 1] : (m[i + 1] << 8) | m[i];
      else v = this.bigEndian
        ? ((m[i] << 24) | (m[i + 1] << 16) | (m[i + 2] << 8) | m[i + 3]) >>> 0
        : ((m[i + 3] << 24) | (m[i + 2] << 16) | (m[i + 1] << 8) | m[i]) >>> 0;
    } else if (this.fallback) {
      if (size > 1 && this.fallback.byteWide) return this.composeRead(addr, size);
      v = this.fallback.read(addr, size);
    } else {
      v = this.unmappedRead(addr, size);
    }
    if (this.watches.length) this.checkWatch(addr, size, v, false);
    return v;
  }

  slowWrite(addr: number, size: AccessSize, value: number): void {
    addr = (addr & this.addrMask) >>> 0;
    const p = addr >>> this.pageBits;
    const list = this.io[p];
    if (this.watches.length) this.checkWatch(addr, size, value, true);
    if (list !== null) {
      for (const r of list) {
        if (r.contains(addr)) {
          if (size === 1 || (!r.device.byteWide && r.stride === 1 && addr + size <= r.base + r.span)) {
            r.device.write(r.offsetOf(addr), size, size === 1 ? value & 0xff : value);
            return;
          }
          this.composeWrite(addr, size, value);
          return;
        }
      }
    }
    if (size > 1 && ((addr & this.pageMask) + size > this.pageMask + 1 || list !== null)) {
      this.composeWrite(addr, size, value);
      return;
    }
    const b = this.backing[p];
    if (b >= 0) {
      if (this.readOnly[p]) {
        this.romWrite(addr, size, value);
        return;
      }
      const i = b + (addr & this.pageMask);
      const m = this.mem;
      if (size === 1) m[i] = value;
      else if (size === 2) {
        if (this.bigEndian) { m[i] = value >>> 8; m[i + 1] = value; } else { m[i] = value; m[i + 1] = value >>> 8; }
      } else if (this.bigEndian) {
        m[i] = value >>> 24; m[i + 1] = value >>> 16; m[i + 2] = value >>> 8; m[i + 3] = value;
      } else {
        m[i] = value; m[i + 1] = value >>> 8; m[i + 2] = value >>> 16; m[i + 3] = value >>> 24;
      }
      return;
    }
    if (this.fallback) {
      if (size > 1 && this.fallback.byteWide) this.composeWrite(addr, size, value);
      else this.fallback.write(addr, size, value);
      return;
    }
    this.unmappedWrite(addr, size, value);
  }

  private composeRead(addr: number, size: AccessSize): number {
    let v = 0;
    if (this.bigEndian) {
      for (let i = 0; i < size; i++) v = (v << 8) | this.slowRead(addr + i, 1);
    } else {
      for (let i = size - 1; i >= 0; i--) v = (v << 8) | this.slowRead(addr + i, 1);
    }
    return size === 4 ? v >>> 0 : v;
  }

  private composeWrite(addr: number, size: AccessSize, value: number): void {
    for (let i = 0; i < size; i++) {
      const shift = this.bigEndian ? (size - 1 - i) * 8 : i * 8;
      this.slowWrite(addr + i, 1, (value >>> shift) & 0xff);
    }
  }

  private openBusValue(size: AccessSize): number {
    const b = this.openBus;
    return size === 1 ? b : size === 2 ? (b << 8) | b : ((b << 24) | (b << 16) | (b << 8) | b) >>> 0;
  }

  private unmappedRead(addr: number, size: AccessSize): number {
    if (this.events.unmappedRead) this.events.unmappedRead(addr);
    this.report('unmapped-read', addr, `read of ${size} byte(s) from unmapped address ${hex(addr)}`, this.unmappedPolicy);
    return this.openBusValue(size);
  }

  private unmappedWrite(addr: number, size: AccessSize, value: number): void {
    this.report('unmapped-write', addr, `write of ${hex(value)} (${size} byte(s)) to unmapped address ${hex(addr)}`, this.unmappedPolicy);
  }

  private romWrite(addr: number, size: AccessSize, value: number): void {
    this.report('rom-write', addr, `write of ${hex(value)} (${size} byte(s)) to ROM at ${hex(addr)} ignored`, this.romWritePolicy);
  }

  /** Devices call this for registers they do not implement. */
  unimplemented(device: string, offset: number, what: string): void {
    this.report(`unimpl-${device}`, offset, `${device}: ${what} (register offset ${hex(offset)}) not implemented`, this.unmappedPolicy);
  }

  private report(kind: string, addr: number, msg: string, policy: FaultPolicy): void {
    if (policy === 'ignore') return;
    const pc = this.events.pc();
    const full = `PC=${hex(pc)}: ${msg}`;
    if (policy === 'stop') {
      this.events.stop(full);
      return;
    }
    const key = `${kind}:${addr}`;
    if (this.logged.has(key)) return;
    if (this.logged.size >= Bus.LOG_LIMIT) {
      if (this.unloggedAccesses++ === 0) this.events.log(`${full} (further unmapped and ROM-write accesses are counted, not logged)`);
      return;
    }
    this.logged.add(key);
    this.events.log(full);
  }

  private checkWatch(addr: number, size: AccessSize, value: number, isWrite: boolean): void {
    const end = addr + size - 1;
    for (const w of this.watches) {
      if (w.lo <= end && w.hi >= addr && (isWrite ? w.write : w.read)) w.fn(addr, size, value, isWrite);
    }
  }

  // ---- the fast path (endianness-specific parts in subclasses) ------------------------------

  read8(addr: number): number {
    addr &= this.addrMask;
    const b = this.rd[addr >>> this.pageBits];
    if (b >= 0) return this.mem[b + (addr & this.pageMask)];
    return this.slowRead(addr, 1);
  }

  write8(addr: number, value: number): void {
    addr &= this.addrMask;
    const b = this.wr[addr >>> this.pageBits];
    if (b >= 0) this.mem[b + (addr & this.pageMask)] = value;
    else this.slowWrite(addr, 1, value & 0xff);
  }

  abstract read16(addr: number): number;
  abstract read32(addr: number): number;
  abstract write16(addr: number, value: number): void;
  abstract write32(addr: number, value: number): void;

  // ---- snapshots ----------------------------------------------------------------------------

  saveMap(): { regions: { name: string; base: number }[]; devices?: { name: string; base: number }[] } {
    return {
      regions: this.regions.map((r) => ({ name: r.name, base: r.base })),
      devices: this.ranges.map((r) => ({ name: r.device.name, base: r.base })),
    };
  }

  restoreMap(s: { regions: { name: string; base: number }[]; devices?: { name: string; base: number }[] }): void {
    for (const saved of s.regions) {
      const r = this.regions.find((x) => x.name === saved.name);
      if (!r) throw new Error(`snapshot names a memory region this board does not have: ${saved.name}`);
      if (r.base !== saved.base) this.mapRegion(r, saved.base);
    }
    for (const saved of s.devices ?? []) {
      const r = this.ranges.find((x) => x.device.name === saved.name);
      if (!r) throw new Error(`snapshot names a device this board does not have: ${saved.name}`);
      if (r.base !== saved.base) this.moveDevice(r.device, saved.base);
    }
  }
}

export class BusBE extends Bus {
  readonly bigEndian = true;
  read16(addr: number): number {
    addr &= this.addrMask;
    const o = addr & this.pageMask;
    const b = this.rd[addr >>> this.pageBits];
    if (b >= 0 && o < this.pageMask) {
      const m = this.mem;
      const i = b + o;
      return (m[i] << 8) | m[i + 1];
    }
    return this.slowRead(addr, 2);
  }
  read32(addr: number): number {
    addr &= this.addrMask;
    const o = addr & this.pageMask;
    const b = this.rd[addr >>> this.pageBits];
    if (b >= 0 && o <= this.pageMask - 3) {
      const m = this.mem;
      const i = b + o;
      return ((m[i] << 24) | (m[i + 1] << 16) | (m[i + 2] << 8) | m[i + 3]) >>> 0;
    }
    return this.slowRead(addr, 4);
  }
  write16(addr: number, value: number): void {
    addr &= this.addrMask;
    const o = addr & this.pageMask;
    const b = this.wr[addr >>> this.pageBits];
    if (b >= 0 && o < this.pageMask) {
      const m = this.mem;
      const i = b + o;
      m[i] = value >>> 8;
      m[i + 1] = value;
    } else this.slowWrite(addr, 2, value & 0xffff);
  }
  write32(addr: number, value: number): void {
    addr &= this.addrMask;
    const o = addr & this.pageMask;
    const b = this.wr[addr >>> this.pageBits];
    if (b >= 0 && o <= this.pageMask - 3) {
      const m = this.mem;
      const i = b + o;
      m[i] = value >>> 24;
      m[i + 1] = value >>> 16;
      m[i + 2] = value >>> 8;
      m[i + 3] = value;
    } else this.slowWrite(addr, 4, value >>> 0);
  }
}

export class BusLE extends Bus {
  readonly bigEndian = false;
  read16(addr: number): number {
    addr &= this.addrMask;
    const o = addr & this.pageMask;
    const b = this.rd[addr >>> this.pageBits];
    if (b >= 0 && o < this.pageMask) {
      const m = this.mem;
      const i = b + o;
      return m[i] | (m[i + 1] << 8);
    }
    return this.slowRead(addr, 2);
  }
  read32(addr: number): number {
    addr &= this.addrMask;
    const o = addr & this.pageMask;
    const b = this.rd[addr >>> this.pageBits];
    if (b >= 0 && o <= this.pageMask - 3) {
      const m = this.mem;
      const i = b + o;
      return (m[i] | (m[i + 1] << 8) | (m[i + 2] << 16) | (m[i + 3] << 24)) >>> 0;
    }
    return this.slowRead(addr, 4);
  }
  write16(addr: number, value: number): void {
    addr &= this.addrMask;
    const o = addr & this.pageMask;
    const b = this.wr[addr >>> this.pageBits];
    if (b >= 0 && o < this.pageMask) {
      const m = this.mem;
      const i = b + o;
      m[i] = value;
      m[i + 1] = value >>> 8;
    } else this.slowWrite(addr, 2, value & 0xffff);
  }
  write32(addr: number, value: number): void {
    addr &= this.addrMask;
    const o = addr & this.pageMask;
    const b = this.wr[addr >>> this.pageBits];
    if (b >= 0 && o <= this.pageMask - 3) {
      const m = this.mem;
      const i = b + o;
      m[i] = value;
      m[i + 1] = value >>> 8;
      m[i + 2] = value >>> 16;
      m[i + 3] = value >>> 24;
    } else this.slowWrite(addr, 4, value >>> 0);
  }
}

export function createBus(bigEndian: boolean, opts: BusOptions, events?: BusEvents): Bus {
  return bigEndian ? new BusBE(opts, events) : new BusLE(opts, events);
}
