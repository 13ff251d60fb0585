/**
 * Base for on-board devices: bus access plus snapshot state. Concrete devices keep their
 * state in plain fields created in the constructor.
 */
import type { AccessSize, Device } from '../core/bus.js';
import type { DeviceContext, Stateful } from '../core/machine.js';

export abstract class BaseDevice implements Device, Stateful {
  constructor(
    readonly name: string,
    protected readonly ctx: DeviceContext,
    readonly byteWide: boolean,
  ) {}
  abstract read(offset: number, size: AccessSize): number;
  abstract write(offset: number, size: AccessSize, value: number): void;
  abstract peek(offset: number, size: AccessSize): number;
  abstract saveState(): Record<string, unknown>;
  abstract loadState(s: Record<string, unknown>): void;
  reset(): void {}
}

/**
 * Helpers for devices whose registers are 32 bits wide at 4-byte offsets: a narrower access
 * reads or writes the addressed bytes of the register in the CPU's byte order.
 */
export function sliceOf(reg: number, offset: number, size: AccessSize, bigEndian: boolean): number {
  const byteInReg = offset & 3;
  const shift = bigEndian ? (4 - byteInReg - size) * 8 : byteInReg * 8;
  if (size === 4) return reg >>> 0;
  return (reg >>> shift) & (size === 1 ? 0xff : 0xffff);
}

export function mergeInto(reg: number, offset: number, size: AccessSize, value: number, bigEndian: boolean): number {
  if (size === 4) return value >>> 0;
  const byteInReg = offset & 3;
  const shift = bigEndian ? (4 - byteInReg - size) * 8 : byteInReg * 8;
  const mask = (size === 1 ? 0xff : 0xffff) << shift;
  return ((reg & ~mask) | ((value << shift) & mask)) >>> 0;
}
