/**
 * COFF as written by the h8300-hms GNU toolchain (gcc-h8300-hms / binutils "coff-h8300"),
 * big-endian throughout:
 *
 *   file header (20 bytes): f_magic u16 (0x8300 = H8/300), f_nscns u16, f_timdat u32,
 *     f_symptr u32, f_nsyms u32, f_opthdr u16, f_flags u16
 *   optional a.out header (f_opthdr bytes, normally 28): magic u16, vstamp u16, tsize, dsize,
 *     bsize, entry, text_start, data_start (u32 each)
 *   section headers (40 bytes each): s_name[8], s_paddr, s_vaddr, s_size, s_scnptr, s_relptr,
 *     s_lnnoptr (u32), s_nreloc u16, s_nlnno u16, s_flags u32
 *   symbol table at f_symptr: f_nsyms entries of 18 bytes (auxiliary entries count too):
 *     n_name[8] (or 4 zero bytes + u32 offset into the string table), n_value u32,
 *     n_scnum i16, n_type u16, n_sclass u8, n_numaux u8
 *   string table right after the symbol table: u32 total size (including itself), then
 *     NUL-terminated names.
 *
 * Sections load at s_paddr (the load address; s_vaddr differs only for data copied to RAM at
 * startup). STYP_BSS, STYP_NOLOAD, STYP_DSECT, STYP_PAD and STYP_INFO sections are not loaded,
 * nor are unflagged .stab/.debug/.comment/.line sections.
 */
import { InputError, hex } from '../core/errors.js';
import type { LoadedImage, Segment, SymbolInfo } from './types.js';
import { ByteReader, at, checkOverlaps, showName } from './util.js';

export const COFF_MAGICS: Record<number, { name: string; cpu: string | null }> = {
  0x8300: { name: 'H8/300', cpu: 'h8300' },
  0x8301: { name: 'H8/300H', cpu: null },
  0x8302: { name: 'H8S', cpu: null },
  0x8303: { name: 'H8/300H normal mode', cpu: null },
  0x8304: { name: 'H8S normal mode', cpu: null },
};

const FILHSZ = 20;
const SCNHSZ = 40;
const SYMESZ = 18;

const STYP_DSECT = 0x1;
const STYP_NOLOAD = 0x2;
const STYP_PAD = 0x8;
const STYP_BSS = 0x80;
const STYP_INFO = 0x200;

const C_EXT = 2;
const C_STAT = 3;
const C_LABEL = 6;
const C_EXTDEF = 5;

/** True when `bytes` starts with one of the H8 COFF magics (big-endian). */
export function isCoffMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] << 8) | bytes[1]) in COFF_MAGICS;
}

interface Section {
  index: number; // 1-based, as n_scnum counts
  off: number;
  name: string;
  paddr: number;
  vaddr: number;
  size: number;
  scnptr: number;
  flags: number;
}

export function loadCoff(bytes: Uint8Array, file: string): LoadedImage {
  const r = new ByteReader(file, bytes, true);
  r.need(0, FILHSZ, 'COFF file header');
  const magic = r.u16(0, 'f_magic');
  const m = COFF_MAGICS[magic];
  if (!m) {
    const swapped = ((magic & 0xff) << 8) | (magic >> 8);
    if (COFF_MAGICS[swapped]) r.fail(0, `wrong endianness: COFF magic ${hex(magic, 4)} is a byte-swapped ${COFF_MAGICS[swapped].name} magic (h8300 COFF is big-endian)`);
    r.fail(0, `wrong machine type: COFF magic ${hex(magic, 4)} (expected 0x8300 for H8/300)`);
  }
  if (!m.cpu) r.fail(0, `wrong machine type: ${m.name} COFF (magic ${hex(magic, 4)}); only H8/300 (0x8300) is supported`);
  const nscns = r.u16(2, 'f_nscns');
  const symptr = r.u32(8, 'f_symptr');
  const nsyms = r.u32(12, 'f_nsyms');
  const opthdr = r.u16(16, 'f_opthdr');

  let entry: number | null = null;
  if (opthdr > 0) {
    r.need(FILHSZ, opthdr, 'optional (a.out) header');
    if (opthdr >= 20) entry = r.u32(FILHSZ + 16, 'a.out entry');
  }

  // ---- sections --------------------------------------------------------------------------
  const shoff = FILHSZ + opthdr;
  r.need(shoff, nscns * SCNHSZ, `section header table (${nscns} headers at ${hex(shoff)})`);
  const sections: Section[] = [];
  for (let i = 0; i < nscns; i++) {
    const o = shoff + i * SCNHSZ;
    let name = '';
    for (let k = 0; k < 8 && bytes[o + k] !== 0; k++) name += String.fromCharCode(bytes[o + k]);
    sections.push({
      index: i + 1,
      off: o,
      name,
      paddr: r.u32(o + 8, 's_paddr'),
      vaddr: r.u32(o + 12, 's_vaddr'),
      size: r.u32(o + 16, 's_size'),
      scnptr: r.u32(o + 20, 's_scnptr'),
      flags: r.u32(o + 36, 's_flags'),
    });
  }
  const segments: Segment[] = [];
  const where = new Map<Segment, string>();
  for (const s of sections) {
    if (s.flags & (STYP_BSS | STYP_NOLOAD | STYP_DSECT | STYP_PAD | STYP_INFO)) continue;
    if (s.size === 0 || s.scnptr === 0) continue;
    // STYP_REG (0) debugging/comment sections that a toolchain did not mark STYP_INFO.
    if (s.flags === 0 && /^\.(stab|debug|comment|line)/.test(s.name)) continue;
    if (s.scnptr + s.size > bytes.length) {
      r.fail(s.off + 20, `section ${showName(s.name) || s.index} contents at ${hex(s.scnptr)} length ${hex(s.size)} lie outside the file (${hex(bytes.length)} bytes)`);
    }
    const seg: Segment = { addr: s.paddr, data: bytes.slice(s.scnptr, s.scnptr + s.size), name: s.name || `section ${s.index}` };
    segments.push(seg);
    where.set(seg, `section header ${s.index} at ${at(s.off)}`);
  }
  checkOverlaps(file, segments, (s) => where.get(s) ?? '');

  // ---- symbols ---------------------------------------------------------------------------
  const symbols: SymbolInfo[] = [];
  if (nsyms > 0 && symptr !== 0) {
    const tableEnd = symptr + nsyms * SYMESZ;
    if (tableEnd > bytes.length) {
      r.fail(12, `symbol count ${nsyms} runs past the end of the file (table at ${hex(symptr)} needs ${hex(nsyms * SYMESZ)} bytes, file has ${hex(bytes.length)})`);
    }
    // The string table is optional: absent when no name is longer than 8 characters.
    let strSize = 0;
    if (tableEnd + 4 <= bytes.length) {
      strSize = r.u32(tableEnd, 'string table size');
      if (strSize !== 0 && (strSize < 4 || tableEnd + strSize > bytes.length)) {
        r.fail(tableEnd, `string table size ${hex(strSize)} runs past the end of the file (${hex(bytes.length - tableEnd)} bytes left)`);
      }
    }
    for (let i = 0; i < nsyms; ) {
      const o = symptr + i * SYMESZ;
      let name: string;
      if (bytes[o] === 0 && bytes[o + 1] === 0 && bytes[o + 2] === 0 && bytes[o + 3] === 0) {
        const so = r.u32(o + 4, 'n_offset');
        if (so < 4 || so >= strSize) {
          r.fail(o + 4, `symbol ${i}: invalid string-table offset ${hex(so)} (string table has ${hex(strSize)} bytes)`);
        }
        name = r.cstring(tableEnd + so, tableEnd + strSize, `name of symbol ${i}`);
      } else {
        name = '';
        for (let k = 0; k < 8 && bytes[o + k] !== 0; k++) name += String.fromCharCode(bytes[o + k]);
      }
      const value = r.u32(o + 8, 'n_value');
      const scnum = r.i16(o + 12, 'n_scnum');
      const type = r.u16(o + 14, 'n_type');
      const sclass = r.u8(o + 16, 'n_sclass');
      const numaux = r.u8(o + 17, 'n_numaux');
      if (i + 1 + numaux > nsyms) {
        r.fail(o + 17, `symbol ${i}: ${numaux} auxiliary entries run past the end of the symbol table (${nsyms} entries)`);
      }
      if (scnum > nscns) r.fail(o + 12, `symbol ${i} (${showName(name)}): section number ${scnum} but the file has ${nscns} sections`);
      const isFunc = (type & 0x30) === 0x20; // derived type DT_FCN
      // Local names starting with '.' are section symbols (.text, .rodata) and compiler labels (.L3).
      const localDot = name[0] === '.' && (sclass === C_STAT || sclass === C_LABEL);
      if ((scnum > 0 || scnum === -1) && (sclass === C_EXT || sclass === C_STAT || sclass === C_LABEL || sclass === C_EXTDEF) && name && !localDot) {
        let size = 0;
        if (numaux > 0) {
          const a = o + SYMESZ;
          size = isFunc ? r.u32(a + 4, 'x_fsize') : r.u16(a + 6, 'x_size');
        }
        // A C type (n_type != 0) that is not a function, or a symbol in a data/bss section: an object.
        const kind: SymbolInfo['kind'] = isFunc ? 'func' : type !== 0 || (scnum > 0 && isDataSection(sections[scnum - 1])) ? 'object' : 'other';
        symbols.push({ name, addr: value, size, kind });
      }
      i += 1 + numaux;
    }
  }
  return { file, format: 'coff', segments, entry, symbols, machine: m.cpu, bigEndian: true, bytes };
}

function isDataSection(s: Section): boolean {
  return (s.flags & (0x40 | 0x80)) !== 0; // STYP_DATA | STYP_BSS
}

