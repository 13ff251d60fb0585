/**
 * Sparse memory for vector harnesses: a bus fallback device over a Map, so tests may use any
 * address in a 32-bit space. Records every byte written, so a harness can fail a test that
 * writes outside the bytes the vector lists.
 */
import type { AccessSize, Device } from '../core/bus.js';

export class SparseMemory implements Device {
  readonly name = 'sparse';
  readonly byteWide = true;
  readonly bytes = new Map<number, number>();
  readonly written = new Set<number>();
  /** Value of a byte nobody loaded (vectors say such reads must not matter). */
  background = 0;

  clear(): void {
    this.bytes.clear();
    this.written.clear();
  }

  load(ram: ArrayLike<[number, number]> | [number, number][]): void {
    for (let i = 0; i < ram.length; i++) {
      const [a, b] = ram[i];
      this.bytes.set(a >>> 0, b & 0xff);
    }
  }

  read(offset: number, _size: AccessSize): number {
    const v = this.bytes.get(offset >>> 0);
    return v === undefined ? this.background : v;
  }
  peek(offset: number, size: AccessSize): number {
    return this.read(offset, size);
  }
  write(offset: number, _size: AccessSize, value: number): void {
    this.bytes.set(offset >>> 0, value & 0xff);
    this.written.add(offset >>> 0);
  }
  get(addr: number): number | undefined {
    return this.bytes.get(addr >>> 0);
  }
}
