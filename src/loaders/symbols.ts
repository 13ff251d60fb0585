/**
 * Symbols: the `--symbols FILE` parser and the table the debugger and CLI use.
 *
 * A symbol file has one symbol per line; '#' starts a comment; blank lines are ignored:
 *   name=address            e.g. `main = 0x1000`, `tick=$2F0`, `vec=1F0h`
 *   address name            e.g. `00001000 main` (bare numbers are hexadecimal, as nm prints)
 *   address T name          nm output: the type letter sets the kind (T/t func, D/B/R object)
 *   address size T name     nm -S output (the size is kept)
 * A GNU ld map file (recognised by its "Memory Configuration" / "Linker script and memory map"
 * headings) contributes its `0x... name` lines; its other lines are skipped.
 * Addresses: 0x1F, $1F, 1Fh and bare 1F are all hexadecimal.
 */
import { readFileSync } from 'node:fs';
import { InputError, hex } from '../core/errors.js';
import type { SymbolInfo } from './types.js';

const NAME = '[A-Za-z_.$][\\w.$@?]*';
const ADDR = '(?:0[xX][0-9A-Fa-f]+|\\$[0-9A-Fa-f]+|[0-9A-Fa-f]+[hH]?)';
const RE_ASSIGN = new RegExp(`^(${NAME})\\s*=\\s*(\\S+)$`);
const RE_ADDR_NAME = new RegExp(`^(${ADDR})\\s+(?:([A-Za-z?-])\\s+)?(${NAME})$`);
/** `nm -S`: address size type name. */
const RE_NM_SIZED = new RegExp(`^([0-9A-Fa-f]+)\\s+([0-9A-Fa-f]+)\\s+([A-Za-z?-])\\s+(${NAME})$`);
const RE_MAP_LINE = /^\s+0x([0-9A-Fa-f]+)\s+([A-Za-z_.$][\w.$]*)\s*$/;

/** Parses an address: 0x.., $.., ..h or bare hex. NaN when it is none of these. */
export function parseSymbolAddress(t: string): number {
  let s = t;
  if (/^0x/i.test(s)) s = s.slice(2);
  else if (s.startsWith('$')) s = s.slice(1);
  else if (/h$/i.test(s)) s = s.slice(0, -1);
  if (!/^[0-9A-Fa-f]{1,8}$/.test(s)) return NaN;
  return parseInt(s, 16) >>> 0;
}

function nmKind(letter: string | undefined): SymbolInfo['kind'] {
  if (!letter) return 'other';
  const l = letter.toUpperCase();
  if (l === 'T' || l === 'W') return 'func';
  if (l === 'D' || l === 'B' || l === 'R' || l === 'G' || l === 'S' || l === 'C') return 'object';
  return 'other';
}

/** Parses symbol-file text; errors name `file` and the line. */
export function parseSymbolText(text: string, file: string): SymbolInfo[] {
  const lines = text.split(/\r?\n/);
  const isMap = /^(Memory Configuration|Linker script and memory map|Archive member included)/m.test(text);
  const out: SymbolInfo[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (isMap) {
      const m = RE_MAP_LINE.exec(raw);
      if (m && m[1].length <= 16) {
        const v = parseInt(m[1].slice(-8), 16) >>> 0;
        if (m[1].length <= 8 || /^0*$/.test(m[1].slice(0, -8))) out.push({ name: m[2], addr: v, size: 0, kind: 'other' });
      }
      continue;
    }
    const hash = raw.indexOf('#');
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (line === '') continue;
    const where = `line ${i + 1}`;
    let m = RE_ASSIGN.exec(line);
    if (m) {
      const addr = parseSymbolAddress(m[2]);
      if (Number.isNaN(addr)) throw new InputError(file, where, `bad address ${JSON.stringify(m[2])} for symbol ${m[1]} (use 0x1F, $1F, 1Fh or 1F)`);
      out.push({ name: m[1], addr, size: 0, kind: 'other' });
      continue;
    }
    m = RE_NM_SIZED.exec(line);
    if (m) {
      const addr = parseSymbolAddress(m[1]);
      const size = parseSymbolAddress(m[2]);
      if (Number.isNaN(addr) || Number.isNaN(size)) throw new InputError(file, where, `bad address or size in ${JSON.stringify(line)} (more than 32 bits)`);
      out.push({ name: m[4], addr, size, kind: nmKind(m[3]) });
      continue;
    }
    m = RE_ADDR_NAME.exec(line);
    if (m) {
      const addr = parseSymbolAddress(m[1]);
      if (Number.isNaN(addr)) throw new InputError(file, where, `bad address ${JSON.stringify(m[1])} (more than 32 bits)`);
      out.push({ name: m[3], addr, size: 0, kind: nmKind(m[2]) });
      continue;
    }
    throw new InputError(file, where, `cannot read ${JSON.stringify(line.length > 40 ? line.slice(0, 40) + '...' : line)}: expected "name=address" or "address name"`);
  }
  return out;
}

/** Reads and parses a symbol file; an unreadable file is an InputError naming it. */
export function parseSymbolFile(path: string): SymbolInfo[] {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(path, '', `cannot read symbol file: ${err.code === 'ENOENT' ? 'no such file' : (err.message ?? String(e))}`);
  }
  return parseSymbolText(text, path);
}

const KIND_RANK: Record<SymbolInfo['kind'], number> = { func: 0, object: 1, other: 2 };

export interface NearestSymbol {
  symbol: SymbolInfo;
  /** addr - symbol.addr (>= 0). */
  offset: number;
}

/**
 * Symbols by name (case-sensitive; a later symbol of the same name replaces the earlier one)
 * and by address (nearest at or below).
 */
export class SymbolTable {
  private readonly names = new Map<string, SymbolInfo>();
  private sorted: SymbolInfo[] | null = null;

  constructor(symbols: Iterable<SymbolInfo> = []) {
    this.addAll(symbols);
  }

  get size(): number {
    return this.names.size;
  }

  add(sym: SymbolInfo): void {
    this.names.set(sym.name, sym);
    this.sorted = null;
  }

  addAll(symbols: Iterable<SymbolInfo>): void {
    for (const s of symbols) this.add(s);
  }

  get(name: string): SymbolInfo | undefined {
    return this.names.get(name);
  }

  /** Address of `name`, or undefined. */
  byName(name: string): number | undefined {
    return this.names.get(name)?.addr;
  }

  /** All symbols by address (at one address: functions, then objects, then others; then by name). */
  all(): SymbolInfo[] {
    if (this.sorted === null) {
      this.sorted = [...this.names.values()].sort(
        (a, b) => a.addr - b.addr || KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    }
    return this.sorted;
  }

  /** The symbol at or below `addr` closest to it, or null when none is. */
  nearest(addr: number): NearestSymbol | null {
    const s = this.all();
    addr >>>= 0;
    let lo = 0;
    let hi = s.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid].addr <= addr) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return null;
    // Prefer the best-ranked symbol at that address (first in sort order).
    let k = found;
    while (k > 0 && s[k - 1].addr === s[found].addr) k--;
    return { symbol: s[k], offset: addr - s[k].addr };
  }

  /**
   * "name" or "name+0x12" for an address, or null when no symbol lies at or below it (or it is
   * farther than `maxOffset` from the nearest one).
   */
  label(addr: number, maxOffset = Infinity): string | null {
    const n = this.nearest(addr);
    if (!n || n.offset > maxOffset) return null;
    return n.offset === 0 ? n.symbol.name : `${n.symbol.name}+${hex(n.offset)}`;
  }
}
