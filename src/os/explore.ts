/**
 * Exploring an unknown kernel: find the linked lists in RAM without a profile or symbols, and
 * describe what their elements hold, so that someone with a real ROM dump can write a profile.
 *
 * A doubly linked list shows itself as pairs of nodes X, Y where the pointer at X+next is Y and
 * the pointer at Y+prev is X again. The scan takes one snapshot of the board's RAM, looks at
 * every pointer-aligned word whose value points into RAM (Y), and for each small `prev` offset
 * checks whether Y+prev points back to a little below the word (that distance is `next`). Links
 * of one (next, prev) pair form paths and cycles (a verified link has one predecessor and one
 * successor), which become the lists. Each list's elements are then compared field by field:
 * a constant (type tag), pointers to names, into code, into RAM or at elements of a found list,
 * a size that equals the distance to the next element, a few distinct small values (state,
 * priority), and so on.
 *
 * Everything reads through the bus's peek (nothing changes the machine), and the work is
 * bounded: at most `maxLinks` verified links, chains of at most `maxChain` elements, at most
 * `maxLists` lists. Garbage RAM yields few or no lists, never an exception or a hang.
 */
import type { Machine } from '../core/machine.js';
import type { Bus } from '../core/bus.js';

export interface ExploreOptions {
  /** Largest next/prev offset tried (default 64). */
  maxOffset?: number;
  /** Longest list or chain followed (default 4096). */
  maxChain?: number;
  /** Lists kept after ranking (default 40). */
  maxLists?: number;
  /** Verified links collected before the scan stops (default 200000). */
  maxLinks?: number;
  /** Bytes of each element described (default 128; less when elements are closer). */
  maxSpan?: number;
  /** Also look for singly linked NULL-terminated chains (default true). */
  chains?: boolean;
}

export type FieldKind =
  | 'next' | 'prev' | 'zero' | 'constant' | 'string' | 'element' | 'ram-pointer' | 'code-pointer'
  | 'size' | 'small-int' | 'enum' | 'varied' | 'unreadable';

export interface ExploreField {
  offset: number;
  /** Bytes read: 1, 2 or 4. */
  size: number;
  kind: FieldKind;
  /** One line for people. */
  summary: string;
  /** The raw value per element (null when unreadable). */
  values: (number | null)[];
  /** kind 'string': the string per element (null for NULL pointers). */
  strings?: (string | null)[];
  /** kind 'element': index (in the result's `lists`) of the list the values point at. */
  list?: number;
  /** kinds 'enum', 'small-int', 'constant': value → how many elements. */
  distinct?: { value: number; count: number }[];
}

export interface ExploreHead {
  /** RAM word that points at the first element. */
  address: number;
  /** The word after it points at the last element (a {first, last} list head). */
  withLast: boolean;
}

export interface ExploredList {
  /** Offsets of the link pointers inside each element. */
  next: number;
  prev: number;
  /** Other (next, prev) offset pairs that link the same elements (the list read backwards...). */
  alsoLinkedBy: { next: number; prev: number }[];
  /** How the ends look: both NULL, a ring, or something else (a sentinel, a partial list). */
  end: 'null' | 'circular' | 'open';
  count: number;
  elements: number[];
  /** Distance between consecutive elements when it is always the same (an array), else null. */
  spacing: number | null;
  /** Bytes of each element described by `fields`. */
  span: number;
  heads: ExploreHead[];
  fields: ExploreField[];
  /** The strings of the first string-pointer field (the elements' names, most likely). */
  names: string[];
  score: number;
}

export interface ExploredChain {
  next: number;
  count: number;
  elements: number[];
  heads: ExploreHead[];
}

export interface ExploreResult {
  cpu: string;
  pointerSize: 2 | 4;
  bigEndian: boolean;
  ram: [number, number][];
  code: [number, number][];
  lists: ExploredList[];
  chains: ExploredChain[];
  stats: { pointerWords: number; links: number; listsFound: number; truncated: boolean; ms: number };
}

/** Pointer size per CPU id (the CPUs Byte-BOS ran on). */
export function pointerSizeFor(cpu: string): 2 | 4 {
  return cpu === 'm68000' || cpu === 'arm7tdmi' ? 4 : 2;
}

/** Alignment of a pointer in memory: the 68000 keeps longs on even addresses. */
function pointerAlignFor(cpu: string, ps: 2 | 4): number {
  return cpu === 'arm7tdmi' ? 4 : Math.min(ps, 2);
}

/** A copy of RAM taken once, read in the CPU's byte order. */
class RamImage {
  readonly lo: number[] = [];
  readonly hi: number[] = [];
  readonly bytes: Uint8Array[] = [];
  constructor(bus: Bus, readonly ranges: [number, number][], readonly bigEndian: boolean, readonly ps: 2 | 4) {
    for (const [lo, hi] of ranges) {
      const b = new Uint8Array(hi - lo);
      for (let i = 0; i < b.length; i++) b[i] = bus.peek8(lo + i);
      this.lo.push(lo);
      this.hi.push(hi);
      this.bytes.push(b);
    }
  }
  /** Region index holding [a, a+len), or -1. */
  region(a: number, len: number): number {
    for (let i = 0; i < this.lo.length; i++) if (a >= this.lo[i] && a + len <= this.hi[i]) return i;
    return -1;
  }
  inRam(a: number, len = 1): boolean {
    return this.region(a, len) >= 0;
  }
  /** Unsigned value of `size` bytes at a, or -1 when not all in RAM. */
  read(a: number, size: number): number {
    const r = this.region(a, size);
    if (r < 0) return -1;
    const b = this.bytes[r];
    const o = a - this.lo[r];
    if (size === 1) return b[o];
    if (size === 2) return this.bigEndian ? (b[o] << 8) | b[o + 1] : (b[o + 1] << 8) | b[o];
    return (this.bigEndian
      ? (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]
      : (b[o + 3] << 24) | (b[o + 2] << 16) | (b[o + 1] << 8) | b[o]) >>> 0;
  }
  ptr(a: number): number {
    return this.read(a, this.ps);
  }
}

const hex = (n: number): string => '0x' + n.toString(16).toUpperCase();

/** Printable ASCII spelling of a value's bytes (most significant first), or '' when not printable. */
function asciiOf(v: number, size: number): string {
  let s = '';
  for (let i = size - 1; i >= 0; i--) {
    const c = (v >>> (i * 8)) & 0xff;
    if (c < 0x20 || c > 0x7e) return '';
    s += String.fromCharCode(c);
  }
  return s;
}

export function explore(machine: Machine, opts: ExploreOptions = {}): ExploreResult {
  const t0 = Date.now();
  const cpu = machine.cpu.info.id;
  const bus = machine.bus;
  const ps = pointerSizeFor(cpu);
  const align = pointerAlignFor(cpu, ps);
  const maxOffset = opts.maxOffset ?? 64;
  const maxChain = opts.maxChain ?? 4096;
  const maxLists = opts.maxLists ?? 40;
  const maxLinks = opts.maxLinks ?? 200_000;
  const maxSpan = opts.maxSpan ?? 128;
  const ramRanges = bus.regions.filter((r) => r.kind === 'ram').map((r) => [r.base, r.base + r.size] as [number, number]);
  const codeRanges = bus.regions.filter((r) => r.kind === 'rom').map((r) => [r.base, r.base + r.size] as [number, number]);
  const ram = new RamImage(bus, ramRanges, bus.bigEndian, ps);
  const inCode = (a: number): boolean => codeRanges.some(([lo, hi]) => a >= lo && a < hi);
  // Where a function can start: even on the 68000 and H8/300; ARM code at 4n or Thumb code
  // at an odd address (bit 0 set), never at 4n+2; anywhere on the 8-bit-bus CPUs. And not in
  // erased or empty ROM.
  const codeAlign = cpu === 'm68000' || cpu === 'h8300' ? 2 : 1;
  const canBeFunction = (v: number): boolean => {
    if (!inCode(v) || ram.inRam(v) || v < 0x40 || v % codeAlign !== 0 || (cpu === 'arm7tdmi' && (v & 3) === 2)) return false;
    const a = cpu === 'arm7tdmi' ? v & ~1 : v;
    const b0 = bus.peek8(a);
    return !(b0 === bus.peek8(a + 1) && b0 === bus.peek8(a + 2) && b0 === bus.peek8(a + 3) && (b0 === 0 || b0 === 0xff));
  };
  const readable = (a: number): boolean => ram.inRam(a) || inCode(a);
  const cstring = (a: number, max = 40): string | null => {
    let s = '';
    for (let i = 0; i < max; i++) {
      if (!readable(a + i)) return null;
      const c = bus.peek8(a + i);
      if (c === 0) return s;
      if (c < 0x20 || c > 0x7e) return null;
      s += String.fromCharCode(c);
    }
    return s;
  };

  // 1. Pointer words: every aligned RAM word whose value is an aligned RAM address.
  const pwAddr: number[] = [];
  const pwVal: number[] = [];
  for (let r = 0; r < ram.lo.length; r++) {
    const start = Math.ceil(ram.lo[r] / align) * align;
    for (let a = start; a + ps <= ram.hi[r]; a += align) {
      const v = ram.ptr(a);
      if (v !== 0 && v % align === 0 && ram.inRam(v, ps)) {
        pwAddr.push(a);
        pwVal.push(v);
      }
    }
  }

  // 2. Verified links X -> Y per (next, prev): Y+prev points back at X = word address - next.
  const links = new Map<number, Map<number, number>>(); // key next*256+prev -> (X -> Y)
  let linkCount = 0;
  let truncated = false;
  outer: for (let i = 0; i < pwAddr.length; i++) {
    const a = pwAddr[i];
    const y = pwVal[i];
    for (let p = 0; p <= maxOffset; p += align) {
      const w = ram.ptr(y + p);
      if (w <= 0) continue;
      const n = a - w;
      if (n < 0 || n > maxOffset || n % align !== 0 || n === p || w === y) continue;
      const key = n * 256 + p;
      let m = links.get(key);
      if (!m) links.set(key, (m = new Map()));
      m.set(w, y);
      if (++linkCount >= maxLinks) {
        truncated = true;
        break outer;
      }
    }
  }

  // 3. Paths and cycles of each link set become lists.
  interface Raw { next: number; prev: number; elements: number[]; end: 'null' | 'circular' | 'open' }
  const raws: Raw[] = [];
  for (const [key, m] of links) {
    const next = Math.floor(key / 256);
    const prev = key % 256;
    const hasPred = new Set(m.values());
    const seen = new Set<number>();
    const walk = (start: number): number[] => {
      const out: number[] = [];
      let x: number | undefined = start;
      while (x !== undefined && !seen.has(x) && out.length < maxChain) {
        seen.add(x);
        out.push(x);
        x = m.get(x);
      }
      return out;
    };
    for (const x of m.keys()) {
      if (hasPred.has(x) || seen.has(x)) continue;
      const els = walk(x);
      const last = els[els.length - 1];
      // The last node's successor is not linked back (else it would be in the path).
      const lastNext = ram.ptr(last + next);
      const firstPrev = ram.ptr(els[0] + prev);
      const end = lastNext === 0 && firstPrev === 0 ? 'null' : 'open';
      raws.push({ next, prev, elements: els, end });
    }
    for (const x of m.keys()) {
      if (seen.has(x)) continue;
      // What is left are rings: start at the lowest address.
      let lo = x;
      let y = m.get(x);
      for (let k = 0; y !== undefined && y !== x && k < maxChain; k++) {
        if (y < lo) lo = y;
        y = m.get(y);
      }
      const els = walk(lo);
      raws.push({ next, prev, elements: els, end: y === x ? 'circular' : 'open' });
    }
  }
  const plausible = raws.filter((r) => r.elements.length >= 3 || (r.elements.length === 2 && r.end !== 'open'));

  // Who points at what (RAM words by the RAM address they hold).
  const refs = new Map<number, number[]>();
  for (let i = 0; i < pwAddr.length; i++) {
    const arr = refs.get(pwVal[i]);
    if (arr) arr.push(pwAddr[i]);
    else refs.set(pwVal[i], [pwAddr[i]]);
  }
  const hasFirstLastHead = (els: number[]): boolean =>
    els.length > 1 && (refs.get(els[0]) ?? []).some((a) => ram.ptr(a + ps) === els[els.length - 1]);

  // The same elements linked through other offset pairs (the list read backwards, or a field
  // that happens to hold the same links) are one list: keep the likeliest pair, note the others.
  const groups = new Map<string, Raw[]>();
  for (const r of plausible) {
    const k = [...r.elements].sort((a, b) => a - b).join(',');
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const pref = (r: Raw): number =>
    (hasFirstLastHead(r.elements) ? 1000 : 0) + (r.end !== 'open' ? 500 : 0) + (Math.abs(r.next - r.prev) === ps ? 300 : 0) - (r.next + r.prev) * 2 + (r.next < r.prev ? 1 : 0);
  const kept: Raw[] = [];
  const alsoOf = new Map<Raw, { next: number; prev: number }[]>();
  for (const g of groups.values()) {
    g.sort((a, b) => pref(b) - pref(a));
    kept.push(g[0]);
    alsoOf.set(g[0], g.slice(1).map((r) => ({ next: r.next, prev: r.prev })));
  }
  // Describing costs more than finding: only the longest, cleanest few hundred are described.
  const describeLimit = Math.max(400, 10 * maxLists);
  if (kept.length > describeLimit) {
    kept.sort((a, b) => (b.end !== 'open' ? 1 : 0) - (a.end !== 'open' ? 1 : 0) || b.elements.length - a.elements.length);
    kept.length = describeLimit;
    truncated = true;
  }

  // 4. Describe each list's elements.
  const nodeList = new Map<number, number>(); // element address -> index in `kept` (first wins)
  kept.forEach((r, i) => r.elements.forEach((e) => { if (!nodeList.has(e)) nodeList.set(e, i); }));
  const lists: ExploredList[] = kept.map((r) => ({ ...describe(r.next, r.prev, r.elements, r.end), alsoLinkedBy: alsoOf.get(r) ?? [] }));

  function spanOf(els: number[], linkEnd: number): { span: number; spacing: number | null } {
    let spacing: number | null = els.length > 2 && els[1] > els[0] ? els[1] - els[0] : null;
    for (let i = 2; i < els.length && spacing !== null; i++) if (els[i] - els[i - 1] !== spacing) spacing = null;
    const sorted = [...els].sort((a, b) => a - b);
    let gap = maxSpan;
    for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
    const span = Math.max(linkEnd, Math.min(maxSpan, spacing !== null && spacing > 0 ? spacing : gap));
    return { span: Math.ceil(span / align) * align, spacing };
  }

  function describe(next: number, prev: number, els: number[], end: 'null' | 'circular' | 'open'): ExploredList {
    const { span, spacing } = spanOf(els, Math.max(next, prev) + ps);
    const fields: ExploreField[] = [];
    const slot = ps;
    for (let o = 0; o + slot <= span; o += slot) {
      if (o === next || o === prev) {
        const values = els.map((e) => { const v = ram.read(e + o, ps); return v < 0 ? null : v; });
        fields.push({ offset: o, size: ps, kind: o === next ? 'next' : 'prev', summary: o === next ? 'link to the next element' : 'link to the previous element', values });
        continue;
      }
      // With 2-byte pointers, 32-bit fields still hold sizes and four-letter codes.
      if (slot === 2 && o + 4 <= span && o + 2 !== next && o + 2 !== prev) {
        const w = classify(els, o, 4);
        const ascii = w.values.every((v) => v === null || asciiOf(v, 4) !== '');
        const halvesSet = w.values.every((v) => v === null || ((v >>> 16) !== 0 && (v & 0xffff) !== 0));
        if (w.kind === 'size' || ((w.kind === 'enum' || w.kind === 'constant') && ascii && halvesSet)) {
          fields.push(w);
          o += 2;
          continue;
        }
        // 16-bit pointers widened to 32 bits by sign extension (gcc on the H8/300 with -mint32).
        const lows = w.values.map((v) => (v === null ? null : v & 0xffff));
        const widened = w.values.every((v) => v === null || v === 0 || (v >>> 16 === 0xffff && ram.inRam(v & 0xffff)) || (v >>> 16 === 0 && ram.inRam(v)));
        if (widened && lows.some((v) => v !== null && v !== 0) && w.values.some((v) => v !== null && v >>> 16 === 0xffff)) {
          const nulls = lows.filter((v) => v === 0).length;
          fields.push({ offset: o, size: 4, kind: 'ram-pointer', summary: `pointer into RAM, sign-extended to 32 bits${nulls ? `, ${nulls} NULL` : ''}`, values: w.values });
          o += 2;
          continue;
        }
      }
      classifySplit(els, o, slot, fields);
    }
    const names: string[] = [];
    const nameField = fields.find((f) => f.kind === 'string');
    for (const s of nameField?.strings ?? []) if (s && !names.includes(s)) names.push(s);
    const hasTag = fields.some((f) => f.kind === 'constant' && f.size >= 2);
    const score = Math.log2(els.length + 1) * 10 + (names.length ? 30 : 0) + (hasTag ? 10 : 0) + (end !== 'open' ? 10 : 0);
    return { next, prev, alsoLinkedBy: [], end, count: els.length, elements: els, spacing, span, heads: [], fields, names, score };
  }

  /** Classify a field; when its values show no pattern, look at its halves instead. */
  function classifySplit(els: number[], o: number, size: number, out: ExploreField[]): void {
    const f = classify(els, o, size);
    if (size > 1 && (f.kind === 'varied' || f.kind === 'enum')) {
      const half = size / 2;
      const a = classify(els, o, half);
      const b = classify(els, o + half, half);
      // An enum splits when it is two fields in one: a tag beside flags, two small values;
      // not when it is one multi-byte code ("FREE"/"USED").
      const ascii = f.values.every((v) => v === null || asciiOf(v, size) !== '');
      const two = a.kind === 'constant' || b.kind === 'constant' || (a.kind !== 'zero' && b.kind !== 'zero' && !ascii);
      if (f.kind === 'varied' || two) {
        classifySplit(els, o, half, out);
        classifySplit(els, o + half, half, out);
        return;
      }
    }
    out.push(f);
  }

  function classify(els: number[], o: number, size: number): ExploreField {
    const values = els.map((e) => {
      const v = ram.read(e + o, size);
      return v < 0 ? null : v;
    });
    const known = values.filter((v): v is number => v !== null);
    const base = { offset: o, size, values };
    if (known.length === 0) return { ...base, kind: 'unreadable', summary: 'outside RAM' };
    const counts = new Map<number, number>();
    for (const v of known) counts.set(v, (counts.get(v) ?? 0) + 1);
    const distinct = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value - b.value);
    const show = (v: number): string => {
      const s = size > 1 ? asciiOf(v, size) : '';
      return s && /[A-Za-z]{2}/.test(s) ? `${hex(v)} "${s}"` : size === 1 || v < 256 ? String(v) : hex(v);
    };
    if (counts.size === 1 && known[0] === 0) return { ...base, kind: 'zero', summary: 'always 0' };
    if (counts.size === 1 && known.length >= 2) return { ...base, kind: 'constant', summary: `constant ${show(known[0])} (type tag or magic?)`, distinct };
    if (els.length >= 3 && known.length === els.length) {
      let isSize = true;
      for (let i = 0; i + 1 < els.length && isSize; i++) isSize = els[i] + (values[i] as number) === els[i + 1];
      if (isSize) return { ...base, kind: 'size', summary: 'size: element + value = next element (a heap chunk?)' };
    }
    const nonNull = known.filter((v) => v !== 0);
    const nulls = known.length - nonNull.length;
    const nullNote = nulls ? `, ${nulls} NULL` : '';
    // Pointers to different things differ in their low bits; values that share them are a
    // tag beside something else, whatever range they fall in.
    const lowSame = size === 4 && counts.size >= 2 && nonNull.length > 0 && nonNull.every((v) => (v & 0xffff) === (nonNull[0] & 0xffff)) && (nonNull[0] & 0xffff) !== 0;
    if (size === ps && nonNull.length > 0 && !lowSame) {
      // Pointers to names.
      if (nonNull.every((v) => readable(v))) {
        const strings = values.map((v) => (v === null || v === 0 ? null : cstring(v)));
        const ok = strings.every((s, i) => values[i] === null || values[i] === 0 || (s !== null && s.length >= 1));
        if (ok && strings.some((s) => s !== null && s.length >= 3)) {
          const shown = strings.filter((s): s is string => s !== null).slice(0, 8).map((s) => `"${s}"`).join(', ');
          return { ...base, kind: 'string', summary: `pointer to a string (name?): ${shown}${nullNote}`, strings };
        }
      }
      if (nonNull.every((v) => ram.inRam(v))) {
        // Pointers at elements of a found list (queues, owners, parents).
        const target = nodeList.get(nonNull[0]);
        if (target !== undefined && nonNull.every((v) => nodeList.get(v) === target)) {
          return { ...base, kind: 'element', summary: `pointer to elements of list #${target}${nullNote}`, list: target };
        }
        // Each element pointing at the same place inside itself (a buffer that follows it).
        const rel = values.map((v, i) => (v === null || v === 0 ? null : v - els[i]));
        const r0 = rel.find((d) => d !== null);
        if (nonNull.length >= 2 && r0 !== undefined && r0 !== null && rel.every((d) => d === null || d === r0)) {
          return { ...base, kind: 'ram-pointer', summary: `pointer to element ${r0 < 0 ? '-' : '+'} ${Math.abs(r0)} (its own buffer?)${nullNote}` };
        }
        return { ...base, kind: 'ram-pointer', summary: `pointer into RAM${nullNote}` };
      }
      if (nonNull.every(canBeFunction) && nonNull.some((v) => v >= 0x100)) {
        const fns = distinct.filter((d) => d.value !== 0).length;
        const targets = distinct.filter((d) => d.value !== 0).slice(0, 4).map((d) => hex(d.value)).join(' ');
        return { ...base, kind: 'code-pointer', summary: `pointer into code (function?): ${fns} distinct: ${targets}${fns > 4 ? ' ...' : ''}${nullNote}`, distinct };
      }
    }
    const list = distinct.slice(0, 6).map((d) => `${show(d.value)}×${d.count}`).join(', ');
    if (known.every((v) => v < 256) && counts.size <= Math.max(2, Math.min(16, known.length - 1))) {
      return { ...base, kind: 'small-int', summary: `small integer, ${counts.size} distinct: ${list} (state/priority?)`, distinct };
    }
    if (counts.size <= Math.min(6, Math.max(2, Math.floor(known.length / 2)))) {
      return { ...base, kind: 'enum', summary: `${counts.size} distinct values: ${list}`, distinct };
    }
    const min = Math.min(...known);
    const max = Math.max(...known);
    return { ...base, kind: 'varied', summary: `varies: ${show(min)} .. ${show(max)}` };
  }

  // 5. Rank, keep the best, find their heads.
  const described = lists.slice();
  lists.sort((a, b) => b.score - a.score || b.count - a.count || a.elements[0] - b.elements[0]);
  const best = lists.slice(0, maxLists);
  // Renumber 'element' references to the ranked order (dropped targets lose their number).
  const index = new Map<ExploredList, number>();
  best.forEach((l, i) => index.set(l, i));
  for (const l of best) {
    for (const f of l.fields) {
      if (f.kind !== 'element' || f.list === undefined) continue;
      const ni = index.get(described[f.list]);
      if (ni === undefined) {
        f.kind = 'ram-pointer';
        f.summary = f.summary.replace(/elements of list #\d+/, 'elements of another list');
        delete f.list;
      } else {
        f.list = ni;
        f.summary = f.summary.replace(/list #\d+/, `list #${ni}`);
      }
    }
  }
  findHeads(best.map((l) => ({ elements: l.elements, heads: l.heads, exclude: (a: number) => l.elements.some((e) => a >= e && a < e + l.span) })));

  // 6. Singly linked NULL-terminated chains through nodes not already in a list.
  const chains: ExploredChain[] = opts.chains === false ? [] : findChains();

  function findHeads(targets: { elements: number[]; heads: ExploreHead[]; exclude: (a: number) => boolean }[]): void {
    const want = new Map<number, number[]>();
    targets.forEach((t, i) => {
      const f = t.elements[0];
      const arr = want.get(f);
      if (arr) arr.push(i);
      else want.set(f, [i]);
    });
    for (let i = 0; i < pwAddr.length; i++) {
      const ts = want.get(pwVal[i]);
      if (!ts) continue;
      for (const ti of ts) {
        const t = targets[ti];
        if (t.heads.length >= 8 || t.exclude(pwAddr[i])) continue;
        t.heads.push({ address: pwAddr[i], withLast: ram.ptr(pwAddr[i] + ps) === t.elements[t.elements.length - 1] && t.elements.length > 1 });
      }
    }
  }

  function findChains(): ExploredChain[] {
    const inList = new Set<number>();
    for (const r of kept) for (const e of r.elements) inList.add(e);
    // Words inside the elements of the lists reported: chains through them are those lists'
    // fields seen again.
    const covered = new Set<number>();
    cover: for (const l of best) {
      for (const e of l.elements) {
        for (let o = 0; o < l.span; o += align) {
          covered.add(e + o);
          if (covered.size >= 1_000_000) break cover;
        }
      }
    }
    const found: ExploredChain[] = [];
    const isPtr = new Set(pwAddr);
    // A budget of words looked at keeps RAM full of pointers from taking seconds.
    let budget = 1_500_000;
    for (let n = 0; n <= maxOffset && budget > 0; n += align) {
      budget -= pwAddr.length;
      if (budget < 0) {
        truncated = true;
        break;
      }
      // Nodes: addresses x with a RAM pointer at x+n, or a NULL there (the last node).
      const succ = new Map<number, number>();
      const hasPred = new Set<number>();
      const shared = new Set<number>(); // nodes two others point at: not a list
      for (let i = 0; i < pwAddr.length; i++) {
        const x = pwAddr[i] - n;
        const y = pwVal[i];
        if (x === y || inList.has(x) || covered.has(pwAddr[i])) continue;
        const yn = ram.ptr(y + n);
        if (yn !== 0 && !isPtr.has(y + n)) continue;
        succ.set(x, y);
        if (hasPred.has(y)) shared.add(y);
        hasPred.add(y);
      }
      for (const [x] of succ) {
        if (hasPred.has(x)) continue;
        const els: number[] = [x];
        const seen = new Set<number>([x]);
        let y = succ.get(x);
        let ok = true;
        while (y !== undefined && els.length < maxChain) {
          if (seen.has(y) || shared.has(y)) { ok = false; break; }
          seen.add(y);
          els.push(y);
          const nx = succ.get(y);
          if (nx === undefined) {
            if (ram.ptr(y + n) !== 0) ok = false;
            break;
          }
          y = nx;
        }
        if (ok && els.length >= 4) found.push({ next: n, count: els.length, elements: els, heads: [] });
      }
      if (found.length > 4 * maxLists) break;
    }
    found.sort((a, b) => b.count - a.count || a.next - b.next || a.elements[0] - b.elements[0]);
    const top = found.slice(0, 10);
    findHeads(top.map((c) => ({ elements: c.elements, heads: c.heads, exclude: (a: number) => c.elements.some((e) => a === e + c.next) })));
    return top;
  }

  return {
    cpu,
    pointerSize: ps,
    bigEndian: bus.bigEndian,
    ram: ramRanges,
    code: codeRanges,
    lists: best,
    chains,
    stats: { pointerWords: pwAddr.length, links: linkCount, listsFound: kept.length, truncated, ms: Date.now() - t0 },
  };
}

/** The readable report. */
export function formatExplore(r: ExploreResult, opts: { maxLists?: number; maxElements?: number } = {}): string {
  const maxLists = opts.maxLists ?? 12;
  const maxEl = opts.maxElements ?? 16;
  const out: string[] = [];
  const ranges = (rs: [number, number][]): string => rs.map(([lo, hi]) => `${hex(lo)}-${hex(hi - 1)}`).join(', ') || 'none';
  out.push(`CPU ${r.cpu}: ${r.pointerSize}-byte pointers, ${r.bigEndian ? 'big' : 'little'}-endian; RAM ${ranges(r.ram)}; code ${ranges(r.code)}`);
  out.push(`${r.stats.pointerWords} RAM words point into RAM; ${r.stats.links} verified next/prev links; ${r.stats.listsFound} doubly linked lists${r.stats.truncated ? ' (scan stopped at the link limit)' : ''}; ${r.stats.ms} ms`);
  if (r.lists.length === 0) out.push('', 'No doubly linked lists found.');
  r.lists.slice(0, maxLists).forEach((l, i) => {
    out.push('');
    const ends = l.end === 'null' ? 'NULL-terminated' : l.end === 'circular' ? 'circular' : 'open ends';
    const also = l.alsoLinkedBy.length ? ` (also linked as ${l.alsoLinkedBy.map((x) => `next +${x.next}/prev +${x.prev}`).join(', ')})` : '';
    out.push(`List #${i}: ${l.count} elements, next at +${l.next}, prev at +${l.prev}${also}, ${ends}${l.spacing !== null ? `, spacing ${l.spacing} bytes (an array?)` : ''}${l.names.length ? `; names: ${l.names.slice(0, 8).map((n) => `"${n}"`).join(', ')}` : ''}`);
    const nameField = l.fields.find((f) => f.kind === 'string');
    const els = l.elements.slice(0, maxEl).map((e, k) => {
      const nm = nameField?.strings?.[k];
      return nm ? `${hex(e)} "${nm}"` : hex(e);
    }).join(' ');
    out.push(`  elements: ${els}${l.count > maxEl ? ` ... (${l.count - maxEl} more)` : ''}`);
    if (l.heads.length) out.push(`  pointed at by: ${l.heads.map((h) => `${hex(h.address)}${h.withLast ? ' ({first, last} head)' : ''}`).join(', ')}`);
    out.push(`  fields (first ${l.span} bytes of each element):`);
    for (const f of l.fields) {
      if (f.kind === 'zero' || f.kind === 'unreadable') continue;
      out.push(`    +${String(f.offset).padEnd(3)} ${String(f.size * 8).padStart(2)}-bit  ${f.summary}`);
    }
    const zeros = l.fields.filter((f) => f.kind === 'zero').map((f) => `+${f.offset}`);
    if (zeros.length) out.push(`    always 0: ${zeros.join(' ')}`);
  });
  if (r.lists.length > maxLists) out.push('', `(${r.lists.length - maxLists} more lists in --json)`);
  if (r.chains.length) {
    out.push('', 'Singly linked NULL-terminated chains (outside the lists above; may be coincidences):');
    for (const c of r.chains) {
      out.push(`  next at +${c.next}: ${c.count} nodes: ${c.elements.slice(0, 8).map(hex).join(' ')}${c.count > 8 ? ' ...' : ''}${c.heads.length ? `; pointed at by ${c.heads.map((h) => hex(h.address)).join(', ')}` : ''}`);
    }
  }
  return out.join('\n');
}
