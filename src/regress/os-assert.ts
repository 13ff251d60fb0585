/**
 * OS-state assertions (`assert: {os: ...}`) evaluated against the OS-aware layer's reading
 * (src/os/types.ts OsState). The layer is reached through a provider function, so a machine
 * it cannot read (no profile for the CPU) gives a clear failure, and tests can substitute one.
 */
import type { Machine } from '../core/machine.js';
import type { SymbolTable } from '../loaders/symbols.js';
import type { HeapInfo, OsState, TaskInfo } from '../os/types.js';
import { createOsView } from '../os/index.js';
import { UserError } from '../core/errors.js';
import type { HeapCheck, KernelObjectCheck, OsAssert, Range } from './schema.js';

export type OsReader = () => OsState;

export interface OsProviderContext {
  symbols: SymbolTable;
  /** The image file's bytes (banner search when the layer discovers the kernel). */
  imageBytes: Uint8Array | null;
  /** `options.os` of the scenario: profile (file), discover, track. */
  options: Record<string, unknown>;
}

/** Gives a reader of the OS state for a machine, or throws an Error saying why it cannot. */
export type OsProvider = (machine: Machine, ctx: OsProviderContext) => Promise<OsReader>;

export class OsUnavailable extends Error {}

/** The OS-aware layer of this build (src/os/), reading the kernel through its profile. */
export const defaultOsProvider: OsProvider = async (machine, ctx) => {
  let view: { read(): OsState };
  try {
    view = createOsView(machine, {
      symbols: ctx.symbols,
      imageBytes: ctx.imageBytes,
      profile: typeof ctx.options.profile === 'string' ? ctx.options.profile : undefined,
      discover: ctx.options.discover === true,
      track: ctx.options.track === true,
    });
  } catch (e) {
    if (e instanceof UserError) throw new OsUnavailable(`OS layer not available for this machine: ${e.message}`);
    throw e;
  }
  return () => view.read();
};

function inRange(v: number, r: Range): boolean {
  return v >= r.min && v <= r.max;
}

function rangeText(r: Range): string {
  if (r.min === r.max) return String(r.min);
  if (r.max === Infinity) return `at least ${r.min}`;
  if (r.min === 0) return `at most ${r.max}`;
  return `${r.min}..${r.max}`;
}

function check(out: string[], what: string, v: number, r: Range | null): void {
  if (r && !inRange(v, r)) out.push(`${what}: expected ${rangeText(r)}, got ${v}`);
}

function hexAddr(a: number): string {
  return '0x' + (a >>> 0).toString(16).toUpperCase();
}

/**
 * Find a kernel object by key: its name first, else an address (number or symbol) that
 * `resolve` turns into one.
 */
function findObject<T extends { address: number; name: string | null }>(list: T[], key: string, resolve: (key: string) => number | null): T | undefined {
  const byName = list.find((o) => o.name === key);
  if (byName) return byName;
  const a = resolve(key);
  return a === null ? undefined : list.find((o) => o.address >>> 0 === a >>> 0);
}

function objectNames<T extends { address: number; name: string | null }>(list: T[]): string {
  if (list.length === 0) return 'none';
  return list.map((o) => o.name ?? hexAddr(o.address)).join(', ');
}

function checkObjects<T extends { address: number; name: string | null; waiting: number[] }>(
  out: string[], what: string, list: T[], checks: Map<string, KernelObjectCheck>,
  count: (o: T) => number, resolve: (key: string) => number | null, data?: (o: T) => string[],
): void {
  for (const [key, c] of checks) {
    const o = findObject(list, key, resolve);
    if (!o) {
      out.push(`${what} "${key}": not found (the kernel has: ${objectNames(list)})`);
      continue;
    }
    const label = `${what} "${key}"`;
    check(out, `${label} ${what === 'semaphore' ? 'count' : 'messages'}`, count(o), c.count);
    check(out, `${label} waiting tasks`, o.waiting.length, c.waiting);
    if (c.data && data) {
      const got = data(o);
      if (got.length !== c.data.length || got.some((d, i) => d.toLowerCase() !== c.data![i])) {
        out.push(`${label} messages: expected [${c.data.join(', ')}], got [${got.join(', ')}]`);
      }
    }
  }
}

function checkHeap(out: string[], label: string, h: HeapInfo, c: HeapCheck, s: OsState): void {
  if (c.intact !== null && h.intact !== c.intact) {
    const why = s.findings.filter((f) => f.address !== undefined && f.address >= h.start && f.address < h.end).map((f) => f.message);
    out.push(`${label} intact: expected ${c.intact}, got ${h.intact}${why.length ? ` (${why.join('; ')})` : ''}`);
  }
  check(out, `${label} free bytes`, h.totalFree, c.free);
  check(out, `${label} used bytes`, h.totalUsed, c.used);
  check(out, `${label} largest free block`, h.largestFree, c.largestFree);
  check(out, `${label} chunks`, h.chunks.length, c.chunks);
}

function taskLabel(t: TaskInfo): string {
  return t.name || hexAddr(t.address);
}

/** Every failed expectation as one line; empty when all hold. */
export function evaluateOsAssert(a: OsAssert, s: OsState, resolve: (key: string) => number | null): string[] {
  const out: string[] = [];
  if (a.tasks) {
    check(out, 'task count', s.tasks.length, a.tasks.count);
    if (a.tasks.names) {
      const want = [...a.tasks.names].sort();
      const got = s.tasks.map(taskLabel).sort();
      if (want.length !== got.length || want.some((n, i) => n !== got[i])) {
        out.push(`task names: expected [${want.join(', ')}], got [${got.join(', ')}]`);
      }
    }
    for (const [key, c] of a.tasks.each) {
      const t = s.tasks.find((x) => x.name === key) ?? (() => {
        const addr = resolve(key);
        return addr === null ? undefined : s.tasks.find((x) => x.address >>> 0 === addr >>> 0);
      })();
      if (!t) {
        out.push(`task "${key}": not found (tasks: ${s.tasks.map(taskLabel).join(', ') || 'none'})`);
        continue;
      }
      if (c.state !== null && t.state !== c.state) {
        const wait = t.wait ? ` on ${t.wait.type}${t.wait.address !== null ? ` ${hexAddr(t.wait.address)}` : ''}` : '';
        out.push(`task "${key}" state: expected ${c.state}, got ${t.state}${wait}`);
      }
      check(out, `task "${key}" priority`, t.priority, c.priority);
    }
  }
  if (a.heap) {
    if (!s.heap) out.push('heap: the OS layer found no heap');
    else checkHeap(out, 'heap', s.heap, a.heap, s);
  }
  if (a.heaps.size > 0) {
    // Every memory object, with its name (newer layers report them; older ones only `heap`).
    const all = ((s as { heaps?: HeapInfo[] }).heaps ?? (s.heap ? [s.heap] : [])).map((h) => ({ info: h, address: h.address, name: (h as { name?: string | null }).name ?? null }));
    for (const [key, c] of a.heaps) {
      const h = findObject(all, key, resolve);
      if (!h) out.push(`heap "${key}": not found (the kernel has: ${objectNames(all)})`);
      else checkHeap(out, `heap "${key}"`, h.info, c, s);
    }
  }
  checkObjects(out, 'semaphore', s.semaphores, a.semaphores, (o) => o.count, resolve);
  checkObjects(out, 'mailbox', s.mailboxes, a.mailboxes, (o) => o.messages.length, resolve, (o) => o.messages.map((m) => m.data));
  if (a.findings) {
    const errors = s.findings.filter((f) => f.severity === 'error');
    const warnings = s.findings.filter((f) => f.severity === 'warning');
    if (a.findings.errors && !inRange(errors.length, a.findings.errors)) {
      out.push(`OS findings (errors): expected ${rangeText(a.findings.errors)}, got ${errors.length}${errors.length ? `: ${errors.map((f) => f.message).join('; ')}` : ''}`);
    }
    check(out, 'OS findings (warnings)', warnings.length, a.findings.warnings);
    for (const k of a.findings.kinds ?? []) {
      if (!s.findings.some((f) => f.kind === k)) out.push(`OS findings: expected one of kind "${k}", found [${s.findings.map((f) => f.kind).join(', ')}]`);
    }
  }
  return out;
}
