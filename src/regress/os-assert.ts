/**
 * OS-state assertions (`assert: {os: ...}`) evaluated against the OS-aware layer's reading
 * (src/os/types.ts OsState). The layer is reached through a provider function so the runner
 * works, and says so clearly, in a build without it, and tests can substitute their own.
 */
import type { Machine } from '../core/machine.js';
import type { SymbolTable } from '../loaders/symbols.js';
import type { OsState, TaskInfo } from '../os/types.js';
import type { KernelObjectCheck, OsAssert, Range } from './schema.js';

export type OsReader = () => OsState;

export interface OsProviderContext {
  symbols: SymbolTable;
  /** `options.os` of the scenario (profile name and the like). */
  options: Record<string, unknown>;
}

/** Gives a reader of the OS state for a machine, or throws an Error saying why it cannot. */
export type OsProvider = (machine: Machine, ctx: OsProviderContext) => Promise<OsReader>;

export class OsUnavailable extends Error {}

interface OsModule {
  createOsView(machine: Machine, opts: Record<string, unknown>): { read(): OsState };
}

/** The OS-aware layer of this build (src/os/index.ts), loaded on first use. */
export const defaultOsProvider: OsProvider = async (machine, ctx) => {
  // A computed specifier: the layer is optional at compile time.
  const spec = ['..', 'os', 'index.js'].join('/');
  let mod: Partial<OsModule>;
  try {
    mod = (await import(spec)) as Partial<OsModule>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load|does not exist/i.test((e as Error).message)) {
      throw new OsUnavailable('OS layer not available: this build has no src/os/index.ts (createOsView)');
    }
    throw e;
  }
  if (typeof mod.createOsView !== 'function') throw new OsUnavailable('OS layer not available: src/os/index.ts does not export createOsView');
  const view = mod.createOsView(machine, { symbols: ctx.symbols, ...ctx.options });
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
    const h = s.heap;
    if (!h) out.push('heap: the OS layer found no heap');
    else {
      if (a.heap.intact !== null && h.intact !== a.heap.intact) {
        const why = s.findings.filter((f) => f.kind.startsWith('heap') || f.kind === 'double-free').map((f) => f.message);
        out.push(`heap intact: expected ${a.heap.intact}, got ${h.intact}${why.length ? ` (${why.join('; ')})` : ''}`);
      }
      check(out, 'heap free bytes', h.totalFree, a.heap.free);
      check(out, 'heap used bytes', h.totalUsed, a.heap.used);
      check(out, 'heap largest free block', h.largestFree, a.heap.largestFree);
      check(out, 'heap chunks', h.chunks.length, a.heap.chunks);
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
