/**
 * Image loading: format detection from content and dispatch to the loaders.
 *
 *   detectFormat(bytes)                 -> 'elf' | 'coff' | 'ihex' | 'srec' | 'raw'
 *   loadImageBytes(bytes, file, opts)   -> LoadedImage (opts.format overrides detection,
 *                                          opts.base places a raw binary)
 *   loadImageFile(path, opts)           -> LoadedImage (reads the file first)
 *
 * The rest of the loader API:
 *   place.ts    placeImage(bus, image): number        checks every segment with bus.isBacked,
 *                                                     then writes them with bus.load
 *   symbols.ts  parseSymbolFile(path) / parseSymbolText(text, file): SymbolInfo[]
 *               new SymbolTable(symbols): byName, get, nearest, label ("func+0x12"), all, add
 *   banner.ts   findBanners(bytes): Banner[]          Byte-BOS banners and the CPU they name
 *   raw.ts, ihex.ts, srec.ts, elf.ts, coff.ts        one loader per format
 *
 * Every problem with the input is an InputError naming the file and where in it ("line 12",
 * "offset 0x34"); loaders never let a TypeError or RangeError escape (see test/loaders/fuzz).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { ImageFormat, LoadedImage, LoadOptions } from './types.js';
import { IMAGE_FORMATS } from './types.js';
import { loadRaw } from './raw.js';
import { loadIhex } from './ihex.js';
import { loadSrec } from './srec.js';
import { loadElf } from './elf.js';
import { loadCoff, isCoffMagic } from './coff.js';

export type { ImageFormat, LoadedImage, LoadOptions, Segment, SymbolInfo } from './types.js';
export { IMAGE_FORMATS } from './types.js';
export { placeImage } from './place.js';
export { SymbolTable, parseSymbolFile, parseSymbolText } from './symbols.js';
export { findBanners, type Banner } from './banner.js';

/** First non-blank line of a text file (up to 600 bytes), or null when the start is not text. */
function firstLine(bytes: Uint8Array): string | null {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
  let s = '';
  for (; i < bytes.length && s.length < 600; i++) {
    const c = bytes[i];
    if (c === 0x0a || c === 0x0d) break;
    if (c < 0x20 || c > 0x7e) return null;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * An H8 COFF magic plus a plausible header (1 to 256 sections, no or a 28-byte optional
 * header), so a raw binary that happens to start with 0x83 0x0N stays raw while a truncated
 * COFF file is still reported as COFF.
 */
function looksLikeCoff(bytes: Uint8Array): boolean {
  if (bytes.length < 20 || !isCoffMagic(bytes)) return false;
  const nscns = (bytes[2] << 8) | bytes[3];
  const opthdr = (bytes[16] << 8) | bytes[17];
  return nscns >= 1 && nscns <= 256 && (opthdr === 0 || opthdr === 28);
}

export function detectFormat(bytes: Uint8Array): ImageFormat {
  if (bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return 'elf';
  if (looksLikeCoff(bytes)) return 'coff';
  const line = firstLine(bytes);
  if (line !== null) {
    if (/^:[0-9A-Fa-f]{2,}\s*$/.test(line)) return 'ihex';
    if (/^S[0-9][0-9A-Fa-f]{2,}\s*$/.test(line)) return 'srec';
  }
  return 'raw';
}

export function loadImageBytes(bytes: Uint8Array, file: string, opts: LoadOptions = {}): LoadedImage {
  const format = opts.format ?? detectFormat(bytes);
  switch (format) {
    case 'raw':
      return loadRaw(bytes, file, opts);
    case 'ihex':
      return loadIhex(bytes, file);
    case 'srec':
      return loadSrec(bytes, file);
    case 'elf':
      return loadElf(bytes, file);
    case 'coff':
      return loadCoff(bytes, file);
    default:
      throw new InputError(file, '', `unknown image format ${JSON.stringify(format)} (known: ${IMAGE_FORMATS.join(', ')})`);
  }
}

/** Reads the file; an unreadable or missing file is an InputError naming it. */
export function readImageFile(path: string): Uint8Array {
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory, not an image file' : err.code === 'EACCES' ? 'permission denied' : (err.message ?? String(e));
    throw new InputError(path, '', `cannot read image: ${why}`);
  }
}

export function loadImageFile(path: string, opts: LoadOptions = {}): LoadedImage {
  return loadImageBytes(readImageFile(path), path, opts);
}
