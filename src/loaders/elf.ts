/**
 * ELF32 executables, either byte order. Loads PT_LOAD program headers at their physical address
 * (p_paddr, i.e. the ROM image address of initialised data; p_vaddr when a linker left every
 * p_paddr zero) and, for files without program
 * headers (or none of type PT_LOAD), the SHF_ALLOC sections that have contents at sh_addr. Symbols come from .symtab.
 */
import { InputError, hex } from '../core/errors.js';
import type { LoadedImage, Segment, SymbolInfo } from './types.js';
import { ByteReader, at, checkOverlaps, showName } from './util.js';

/** e_machine values this emulator runs, and the CPU id each maps to. */
export const ELF_MACHINES: Record<number, string> = {
  4: 'm68000', // EM_68K
  40: 'arm7tdmi', // EM_ARM
  46: 'h8300', // EM_H8_300
  70: 'm68hc11', // EM_68HC11
};

/** Names of other common e_machine values, for error messages. */
const OTHER_MACHINES: Record<number, string> = {
  0: 'EM_NONE',
  2: 'SPARC',
  3: 'Intel 80386',
  5: 'Motorola 88000',
  7: 'Intel 80860',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  42: 'SuperH',
  43: 'SPARC V9',
  47: 'H8/300H',
  48: 'H8S',
  50: 'IA-64',
  53: 'Motorola 68HC12',
  62: 'x86-64',
  83: 'Atmel AVR',
  105: 'TI MSP430',
  183: 'AArch64',
  243: 'RISC-V',
};

export function elfMachineName(m: number): string {
  return ELF_MACHINES[m] ?? OTHER_MACHINES[m] ?? 'unknown machine';
}

const PT_LOAD = 1;
const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const SHF_ALLOC = 2;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_SECTION = 3;
const STT_FILE = 4;
const EM_ARM = 40;
const SHN_ABS = 0xfff1;

interface SectionHeader {
  index: number;
  off: number; // where the header itself is
  nameOff: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

export function loadElf(bytes: Uint8Array, file: string): LoadedImage {
  const r = new ByteReader(file, bytes, false);
  r.need(0, 16, 'ELF identification');
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) r.fail(0, 'not an ELF file (bad magic)');
  const cls = bytes[4];
  if (cls === 2) r.fail(4, 'wrong ELF class: ELF64 (only 32-bit ELF is supported)');
  if (cls !== 1) r.fail(4, `wrong ELF class ${cls} (expected 1 = ELF32)`);
  const data = bytes[5];
  if (data !== 1 && data !== 2) r.fail(5, `wrong ELF byte order ${data} (expected 1 = little-endian or 2 = big-endian)`);
  r.bigEndian = data === 2;
  r.need(0, 52, 'ELF header');
  const type = r.u16(16, 'e_type');
  if (type !== 2 && type !== 1) r.fail(16, `ELF type ${type} is not an executable (ET_EXEC) or relocatable file`);
  const machineNo = r.u16(18, 'e_machine');
  const machine = ELF_MACHINES[machineNo];
  if (!machine) r.fail(18, `wrong machine type ${machineNo} (${elfMachineName(machineNo)}); supported: 68000 (4), ARM (40), H8/300 (46), 68HC11 (70)`);
  const expectBig = machine !== 'arm7tdmi';
  if (r.bigEndian !== expectBig && machine !== 'arm7tdmi') {
    r.fail(5, `wrong endianness: ${machine} files are big-endian, this one says little-endian`);
  }
  if (machine === 'arm7tdmi' && r.bigEndian) {
    r.fail(5, 'wrong endianness: big-endian ARM is not supported (the ARM7TDMI boards are little-endian)');
  }
  const entry = r.u32(24, 'e_entry');
  const phoff = r.u32(28, 'e_phoff');
  const shoff = r.u32(32, 'e_shoff');
  const phentsize = r.u16(42, 'e_phentsize');
  const phnum = r.u16(44, 'e_phnum');
  const shentsize = r.u16(46, 'e_shentsize');
  const shnum = r.u16(48, 'e_shnum');
  const shstrndx = r.u16(50, 'e_shstrndx');

  // ---- section headers (needed for names and symbols; optional for loading) -------------
  const sections: SectionHeader[] = [];
  if (shnum > 0 && shoff !== 0) {
    if (shentsize < 40) r.fail(46, `section header size ${shentsize} is smaller than 40`);
    r.need(shoff, shnum * shentsize, `section header table (${shnum} entries of ${shentsize} bytes at ${hex(shoff)})`);
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * shentsize;
      sections.push({
        index: i,
        off: o,
        nameOff: r.u32(o, 'sh_name'),
        name: '',
        type: r.u32(o + 4, 'sh_type'),
        flags: r.u32(o + 8, 'sh_flags'),
        addr: r.u32(o + 12, 'sh_addr'),
        offset: r.u32(o + 16, 'sh_offset'),
        size: r.u32(o + 20, 'sh_size'),
        link: r.u32(o + 24, 'sh_link'),
        entsize: r.u32(o + 36, 'sh_entsize'),
      });
    }
    if (shstrndx !== 0 && shstrndx < sections.length) {
      const ss = sections[shstrndx];
      if (ss.type !== SHT_NOBITS) {
        r.need(ss.offset, ss.size, `section name table (section ${shstrndx} at ${hex(ss.offset)}, header at ${hex(ss.off)})`);
        for (const s of sections) {
          if (s.nameOff >= ss.size) r.fail(s.off, `invalid string-table offset ${hex(s.nameOff)} for the name of section ${s.index} (table has ${hex(ss.size)} bytes)`);
          s.name = r.cstring(ss.offset + s.nameOff, ss.offset + ss.size, `name of section ${s.index}`);
        }
      }
    } else if (shstrndx >= sections.length) {
      r.fail(50, `e_shstrndx ${shstrndx} is not a section (the file has ${sections.length})`);
    }
  }

  // ---- segments --------------------------------------------------------------------------
  const segments: Segment[] = [];
  const where = new Map<Segment, string>();
  let loads = 0;
  const vaddrs: number[] = [];
  if (phnum > 0 && phoff !== 0) {
    if (phentsize < 32) r.fail(42, `program header size ${phentsize} is smaller than 32`);
    r.need(phoff, phnum * phentsize, `program header table (${phnum} entries of ${phentsize} bytes at ${hex(phoff)})`);
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * phentsize;
      if (r.u32(o, 'p_type') !== PT_LOAD) continue;
      loads++;
      const offset = r.u32(o + 4, 'p_offset');
      const vaddr = r.u32(o + 8, 'p_vaddr');
      const paddr = r.u32(o + 12, 'p_paddr');
      const filesz = r.u32(o + 16, 'p_filesz');
      const memsz = r.u32(o + 20, 'p_memsz');
      if (filesz > memsz) r.fail(o + 16, `program header ${i}: p_filesz ${hex(filesz)} is larger than p_memsz ${hex(memsz)}`);
      if (filesz === 0) continue;
      if (offset + filesz > bytes.length) {
        r.fail(o + 4, `program header ${i}: contents at ${hex(offset)} length ${hex(filesz)} lie outside the file (${hex(bytes.length)} bytes)`);
      }
      const seg: Segment = { addr: paddr, data: bytes.slice(offset, offset + filesz), name: segmentName(sections, offset, filesz, i) };
      segments.push(seg);
      vaddrs.push(vaddr);
      where.set(seg, `program header ${i} at ${at(o)}`);
    }
    // Some linkers leave p_paddr zero everywhere: then the virtual addresses are the load addresses.
    if (segments.length > 1 && segments.every((g) => g.addr === 0) && vaddrs.some((v) => v !== 0)) {
      segments.forEach((g, k) => (g.addr = vaddrs[k]));
    }
  }
  if (loads === 0) {
    // No PT_LOAD program headers: load the allocated sections that have contents.
    for (const s of sections) {
      if (!(s.flags & SHF_ALLOC) || s.type === SHT_NOBITS || s.size === 0 || s.type === 0) continue;
      if (s.offset + s.size > bytes.length) {
        r.fail(s.off + 16, `section ${showName(s.name) || s.index} at ${hex(s.offset)} length ${hex(s.size)} lies outside the file (${hex(bytes.length)} bytes)`);
      }
      const seg: Segment = { addr: s.addr, data: bytes.slice(s.offset, s.offset + s.size), name: s.name || `section ${s.index}` };
      segments.push(seg);
      where.set(seg, `section header ${s.index} at ${at(s.off)}`);
    }
  }
  checkOverlaps(file, segments, (s) => where.get(s) ?? '', type === 1 ? ' (this is a relocatable object file: link it first)' : '');

  // ---- symbols ---------------------------------------------------------------------------
  const symbols: SymbolInfo[] = [];
  for (const s of sections) {
    if (s.type !== SHT_SYMTAB) continue;
    const ent = s.entsize || 16;
    if (ent < 16) r.fail(s.off + 36, `symbol entry size ${ent} is smaller than 16`);
    if (s.offset + s.size > bytes.length) {
      r.fail(s.off + 20, `symbol table ${showName(s.name) || s.index} (${Math.floor(s.size / ent)} symbols at ${hex(s.offset)}) runs past the end of the file`);
    }
    if (s.link >= sections.length) r.fail(s.off + 24, `symbol table links to string table section ${s.link}, which does not exist`);
    const str = sections[s.link];
    if (str.type === SHT_NOBITS || str.offset + str.size > bytes.length) {
      r.fail(str.off + 16, `string table ${showName(str.name) || str.index} at ${hex(str.offset)} length ${hex(str.size)} lies outside the file`);
    }
    const isArm = machineNo === EM_ARM;
    for (let o = s.offset + ent, k = 1; o + 16 <= s.offset + s.size; o += ent, k++) {
      const nameOff = r.u32(o, 'st_name');
      const value = r.u32(o + 4, 'st_value');
      const size = r.u32(o + 8, 'st_size');
      const info = r.u8(o + 12, 'st_info');
      const shndx = r.u16(o + 14, 'st_shndx');
      const stt = info & 0xf;
      // Undefined, common (value = alignment) and other special-index symbols have no address; SHN_ABS does.
      if (stt === STT_SECTION || stt === STT_FILE || shndx === 0 || (shndx >= 0xff00 && shndx !== SHN_ABS) || nameOff === 0) continue;
      if (nameOff >= str.size) r.fail(o, `symbol ${k}: invalid string-table offset ${hex(nameOff)} (table has ${hex(str.size)} bytes)`);
      const name = r.cstring(str.offset + nameOff, str.offset + str.size, `name of symbol ${k}`);
      if (name === '' || (isArm && name[0] === '$')) continue; // ARM mapping symbols ($a, $t, $d)
      const kind = stt === STT_FUNC ? 'func' : stt === STT_OBJECT ? 'object' : 'other';
      const sym: SymbolInfo = { name, addr: isArm && kind === 'func' ? (value & ~1) >>> 0 : value, size, kind };
      if (isArm && kind === 'func' && value & 1) sym.thumb = true;
      symbols.push(sym);
    }
  }

  return { file, format: 'elf', segments, entry, symbols, machine, bigEndian: r.bigEndian, bytes };
}

/** Name of a loaded segment: the sections it contains ("text+data") or "segment N". */
function segmentName(sections: SectionHeader[], offset: number, size: number, i: number): string {
  const names = sections
    .filter((s) => s.flags & SHF_ALLOC && s.type !== SHT_NOBITS && s.size > 0 && s.offset >= offset && s.offset + s.size <= offset + size && s.name)
    .map((s) => s.name);
  return names.length ? names.join('+') : `segment ${i}`;
}
