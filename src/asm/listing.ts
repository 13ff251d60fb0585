/**
 * The listing: one row per source line with the address, the bytes it produced (8 per row;
 * longer data continues on rows of its own), the line number in its file and the line as
 * written. EQU rows show `=value` in the address column. A `; file` row marks each switch
 * between the main file and an included one. The symbol table follows, sorted by name.
 *
 *   ; bytebos asm: prog.a96 (i8096), 3 passes
 *   ADDR  BYTES                    LINE  SOURCE
 *   2080  A1 00 FF 18                12  start:  LD SP, #0FF00H
 */
import type { Assembly } from './assembler.js';

const PER_ROW = 8;

function hex(v: number, w: number): string {
  return (v >>> 0).toString(16).toUpperCase().padStart(w, '0');
}

export function formatListing(a: Assembly, opts: { title?: string; addressBits?: number; symbols?: boolean } = {}): string {
  // Wide enough for the addresses and for every EQU value.
  const aw = Math.max(4, Math.ceil((opts.addressBits ?? 16) / 4));
  let w = aw;
  for (const l of a.listing) if (l.value !== undefined) w = Math.max(w, (l.value >>> 0).toString(16).length);
  const bytesCol = PER_ROW * 3;
  const out: string[] = [];
  if (opts.title) out.push(`; ${opts.title}`);
  out.push(`${'ADDR'.padEnd(w + 1)} ${'BYTES'.padEnd(bytesCol)} ${'LINE'.padStart(5)}  SOURCE`);
  let file: string | null | undefined;
  for (const l of a.listing) {
    if (l.file !== file) {
      if (file !== undefined) out.push(`; ${l.file ?? '(source)'}`);
      file = l.file;
    }
    const addrCol = l.value !== undefined ? '=' + hex(l.value, aw) : l.statement !== '' || l.label !== null ? hex(l.addr, aw) : '';
    const first = l.bytes.slice(0, PER_ROW).map((b) => hex(b, 2)).join(' ');
    out.push(`${addrCol.padEnd(w + 1)} ${first.padEnd(bytesCol)} ${String(l.line).padStart(5)}  ${l.text.replace(/\t/g, '        ')}`.trimEnd());
    for (let k = PER_ROW; k < l.bytes.length; k += PER_ROW) {
      out.push(`${hex(l.addr + k, aw).padEnd(w + 1)} ${l.bytes.slice(k, k + PER_ROW).map((b) => hex(b, 2)).join(' ')}`);
    }
  }
  if (opts.symbols !== false && a.symbols.size > 0) {
    out.push('', '; symbols');
    const names = [...a.symbols.keys()].sort();
    const nw = Math.max(...names.map((n) => n.length));
    for (const n of names) out.push(`${n.padEnd(nw)}  ${hex(a.symbols.get(n)!, aw)}`);
  }
  return out.join('\n') + '\n';
}
