/**
 * What every image loader produces. Loaders never touch a machine: `placeImage` (place.ts)
 * writes the segments into a board's memory and reports segments that fall outside it.
 */
export type ImageFormat = 'raw' | 'ihex' | 'srec' | 'elf' | 'coff';
export const IMAGE_FORMATS: ImageFormat[] = ['raw', 'ihex', 'srec', 'elf', 'coff'];

export interface Segment {
  /** Load address (physical). */
  addr: number;
  data: Uint8Array;
  /** Section/segment name when the format has one. */
  name?: string;
}

export interface SymbolInfo {
  name: string;
  addr: number;
  size: number;
  kind: 'func' | 'object' | 'other';
  /** ARM: a Thumb function (the file's value had bit 0 set; `addr` has it cleared). */
  thumb?: boolean;
}

export interface LoadedImage {
  /** Path as given by the user (for messages). */
  file: string;
  format: ImageFormat;
  segments: Segment[];
  /** Entry point the format records (ELF e_entry, S7/S8/S9, HEX 03/05, COFF a.out entry). */
  entry: number | null;
  symbols: SymbolInfo[];
  /** CPU id implied by the file's machine field (ELF e_machine, COFF magic), if any. */
  machine: string | null;
  /** Byte order the file declares, if any. */
  bigEndian: boolean | null;
  /** The file's bytes, for banner scanning. */
  bytes: Uint8Array;
  /** Header text the file carries (S-record S0), when present. */
  header?: string;
}

export interface LoadOptions {
  /** Force a format instead of detecting it from content. */
  format?: ImageFormat;
  /** Load address of a raw binary (default 0). */
  base?: number;
}
