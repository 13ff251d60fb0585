/**
 * What several commands share: number parsing, C escapes, opening an image on a board.
 */
import { readFileSync } from 'node:fs';
import { UserError, InputError, hex } from '../core/errors.js';
import type { Machine } from '../core/machine.js';
import { loadBoard, buildMachine, type BoardSpec } from '../boards/board.js';
import { findCpu, CPU_IDS } from '../../cpus/registry.js';
import { loadImageFile } from '../loaders/index.js';
import { placeImage } from '../loaders/place.js';
import { findBanners } from '../loaders/banner.js';
import { SymbolTable, parseSymbolFile } from '../loaders/symbols.js';
import type { ImageFormat, LoadedImage } from '../loaders/types.js';
import { IMAGE_FORMATS } from '../loaders/types.js';

/** 0x1F, 1Fh, $1F, 31, 0b101 -> number; throws a UserError naming the option. */
export function parseNumber(text: string, what: string): number {
  const t = text.trim().replace(/_/g, '');
  let n = NaN;
  if (/^0x[0-9a-f]+$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^\$[0-9a-f]+$/i.test(t)) n = parseInt(t.slice(1), 16);
  else if (/^[0-9][0-9a-f]*h$/i.test(t)) n = parseInt(t.slice(0, -1), 16);
  else if (/^0b[01]+$/i.test(t)) n = parseInt(t.slice(2), 2);
  else if (/^[0-9]+$/.test(t)) n = parseInt(t, 10);
  else if (/^[0-9.]+e[0-9]+$/i.test(t)) n = Number(t);
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) throw new UserError(`${what}: "${text}" is not a number (use decimal, 0x hex, $hex or hex with h)`);
  return n;
}

/** Address as a number or a symbol name (optionally symbol+offset). */
export function parseAddress(text: string, what: string, symbols: SymbolTable | null): number {
  const m = /^([A-Za-z_.$][\w.$]*)\s*(?:([+-])\s*(\S+))?$/.exec(text.trim());
  if (m && !/^\$[0-9a-f]+$/i.test(text.trim()) && !/^[0-9][0-9a-f]*h$/i.test(text.trim())) {
    const s = symbols?.byName(m[1]);
    if (s === undefined) throw new UserError(`${what}: unknown symbol "${m[1]}"${symbols && symbols.size > 0 ? '' : ' (the image has no symbols; give --symbols FILE)'}`);
    const off = m[3] ? parseNumber(m[3], what) : 0;
    return m[2] === '-' ? s - off : s + off;
  }
  return parseNumber(text, what);
}

/** Text with C escapes (\r \n \t \\ \xNN \0 \e) to bytes. */
export function parseEscapes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) {
      const code = text.charCodeAt(i);
      if (code > 0xff) out.push(...Buffer.from(c, 'utf8'));
      else out.push(code);
      continue;
    }
    const e = text[++i];
    switch (e) {
      case 'n': out.push(10); break;
      case 'r': out.push(13); break;
      case 't': out.push(9); break;
      case '0': out.push(0); break;
      case 'e': out.push(27); break;
      case 'a': out.push(7); break;
      case 'b': out.push(8); break;
      case '\\': out.push(92); break;
      case 'x': {
        const h = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1));
        if (!h) throw new UserError(`--serial-in: "\\x" must be followed by hex digits`);
        out.push(parseInt(h[0], 16));
        i += h[0].length;
        break;
      }
      default: out.push(92, e.charCodeAt(0));
    }
  }
  return out;
}

/** --serial-in value: text with escapes, or @file for the file's bytes. */
export function serialInput(spec: string): number[] {
  if (spec.startsWith('@')) {
    const f = spec.slice(1);
    try {
      return Array.from(readFileSync(f));
    } catch (e) {
      throw new UserError(`--serial-in: cannot read ${f}: ${(e as Error).message}`);
    }
  }
  return parseEscapes(spec);
}

export interface MachineOptions {
  board?: string;
  cpu?: string;
  base?: string;
  entry?: string;
  format?: string;
  semihosting?: boolean;
  symbols?: string;
}

export interface Session {
  machine: Machine;
  image: LoadedImage;
  board: BoardSpec;
  symbols: SymbolTable;
  /** How the board was chosen, for the user. */
  boardReason: string;
}

export function parseFormat(f: string | undefined): ImageFormat | undefined {
  if (f === undefined) return undefined;
  if (!(IMAGE_FORMATS as string[]).includes(f)) throw new UserError(`--format: unknown format "${f}" (known: ${IMAGE_FORMATS.join(', ')})`);
  return f as ImageFormat;
}

export function checkCpuId(id: string): string {
  const d = findCpu(id);
  if (!d) throw new UserError(`--cpu: unknown CPU "${id}" (known: ${CPU_IDS.join(', ')})`);
  return d.id;
}

/** Which CPU an image is for, from the file's machine field or its banner. */
export function impliedCpu(image: LoadedImage): { cpu: string; why: string } | null {
  if (image.machine) return { cpu: image.machine, why: `${image.format.toUpperCase()} machine field` };
  const b = findBanners(image.bytes).find((x) => x.cpuId !== null);
  if (b) return { cpu: b.cpuId!, why: `banner "${b.text}"` };
  return null;
}

/** Load an image, choose and build the board, place the image, reset. */
export async function openSession(imagePath: string, o: MachineOptions): Promise<Session> {
  const format = parseFormat(o.format);
  const image = loadImageFile(imagePath, { format, base: o.base !== undefined ? parseNumber(o.base, '--base') : undefined });
  let cpuId = o.cpu !== undefined ? checkCpuId(o.cpu) : undefined;
  let board: BoardSpec;
  let boardReason: string;
  if (o.board !== undefined) {
    board = loadBoard(o.board);
    boardReason = `--board ${o.board}`;
  } else {
    let why = '--cpu';
    if (!cpuId) {
      const implied = impliedCpu(image);
      if (!implied) {
        throw new UserError(`${imagePath}: cannot tell which CPU this image is for (no ELF/COFF machine field, no Byte-BOS banner); give --board or --cpu`);
      }
      cpuId = implied.cpu;
      why = implied.why;
    }
    const d = findCpu(cpuId)!;
    if (!d.load) throw new UserError(`the ${d.name} core (${d.id}) is not implemented yet`);
    board = loadBoard(d.defaultBoard);
    boardReason = `default board of ${d.id} (from ${why})`;
  }
  const variant = cpuId ?? board.cpu;
  const boardCpu = findCpu(board.cpu)!;
  const wanted = findCpu(variant)!;
  if (wanted.id !== boardCpu.id && !(boardCpu.id === 'i8096' && wanted.id === 'i80c196')) {
    throw new UserError(`--cpu ${variant} does not fit board ${board.name}, which has a ${boardCpu.id}`);
  }
  if (image.machine && image.machine !== boardCpu.id && !(image.machine === 'i8096' && boardCpu.id === 'i80c196')) {
    throw new InputError(imagePath, '', `the image is for ${image.machine}, but board ${board.name} has a ${boardCpu.id}`);
  }
  if (image.format === 'raw' && o.base === undefined) {
    for (const s of image.segments) s.addr += board.imageBase;
  }
  const machine = await buildMachine(board, variant);
  placeImage(machine.bus, image);
  machine.reset();
  for (const [reg, v] of Object.entries(board.reset)) machine.cpu.setReg(reg, v);
  const symbols = new SymbolTable(image.symbols);
  if (o.symbols) symbols.addAll(parseSymbolFile(o.symbols));
  if (o.entry !== undefined) {
    const e = o.entry === 'image' ? image.entry : parseAddress(o.entry, '--entry', symbols);
    if (e === null) throw new UserError(`--entry image: ${imagePath} records no entry point`);
    machine.cpu.pc = e;
  }
  if (o.semihosting) {
    const c = machine.cpu as unknown as { enableSemihosting?: (m: Machine) => void };
    if (!c.enableSemihosting) throw new UserError(`--semihosting is not available on ${machine.cpu.info.id}`);
    c.enableSemihosting(machine);
  }
  return { machine, image, board, symbols, boardReason };
}

export function formatRegs(m: Machine): string {
  const cpu = m.cpu;
  const parts = cpu.info.registers.map((r) => `${r.name}=${hex(cpu.getReg(r.name), r.bits / 4)}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 6) lines.push(parts.slice(i, i + 6).join(' '));
  return lines.join('\n');
}

export function hexDump(m: Machine, addr: number, len: number): string {
  const lines: string[] = [];
  for (let a = addr; a < addr + len; a += 16) {
    const n = Math.min(16, addr + len - a);
    const bytes: number[] = [];
    for (let i = 0; i < n; i++) bytes.push(m.bus.peek8(a + i));
    const hx = bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const asc = bytes.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${(a >>> 0).toString(16).toUpperCase().padStart(8, '0')}  ${hx.padEnd(47)}  ${asc}`);
  }
  return lines.join('\n');
}

export function dumpHex(m: Machine, addr: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += m.bus.peek8(addr + i).toString(16).padStart(2, '0');
  return s;
}
