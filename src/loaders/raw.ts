/** Raw binary: the whole file is one segment at `opts.base` (default 0). */
import { InputError, hex } from '../core/errors.js';
import type { LoadedImage, LoadOptions } from './types.js';

export function loadRaw(bytes: Uint8Array, file: string, opts: LoadOptions = {}): LoadedImage {
  const base = opts.base ?? 0;
  if (!Number.isSafeInteger(base) || base < 0 || base > 0xffffffff) {
    throw new InputError(file, '', `load address ${String(base)} is not a 32-bit address`);
  }
  if (bytes.length === 0) throw new InputError(file, '', 'empty file: nothing to load');
  if (base + bytes.length > 0x1_0000_0000) {
    throw new InputError(file, '', `raw image of ${hex(bytes.length)} bytes at ${hex(base)} runs past the 32-bit address space`);
  }
  return {
    file,
    format: 'raw',
    segments: [{ addr: base, data: bytes.slice(), name: 'raw' }],
    entry: null,
    symbols: [],
    machine: null,
    bigEndian: null,
    bytes,
  };
}
