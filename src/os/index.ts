/**
 * The OS-aware layer: `createOsView(machine, opts)` finds a Byte-BOS(-model) kernel's roots
 * (from symbols, or by discovery in a stripped image) and reads OsState from RAM on demand.
 * Reading never changes the machine. With `track`, it also hooks the allocator's entry and
 * return to record who allocated and freed each chunk (task, PC, virtual time) and to catch
 * double frees as they happen.
 */
import { UserError, hex } from '../core/errors.js';
import type { Machine } from '../core/machine.js';
import type { SymbolTable } from '../loaders/symbols.js';
import type { Finding, HeapChunk, OsState, TaskInfo, HeapInfo } from './types.js';
import { builtinProfiles, loadProfileFile, type Profile } from './profile.js';
import { KernelMemory } from './memory.js';
import { readOsState, type Roots } from './read.js';
import { discoverObjectLists, discoverRoots, findCurrentCandidates, runningTask, taskElements, type ObjectListKind } from './discover.js';
import { callConvention } from './callconv.js';

export type { OsState } from './types.js';

export interface OsViewOptions {
  /** Profile file; default: the shipped profile for the machine's CPU. */
  profile?: string;
  symbols?: SymbolTable | null;
  /** Force discovery even when symbols are available. */
  discover?: boolean;
  /** Image bytes (banner search during discovery). */
  imageBytes?: Uint8Array | null;
  /** Hook the allocator to record chunk origins (needs its symbols). */
  track?: boolean;
}

export interface OsView {
  readonly profile: Profile;
  readonly roots: Roots;
  readonly foundBy: 'symbols' | 'discovery';
  readonly confidence: number;
  readonly notes: string[];
  read(): OsState;
  /**
   * Look at RAM now to narrow down an ambiguous discovery: the current-task pointer must point
   * at the running task at every sample (other pointers to that task, like an idle-task
   * pointer, drop out as soon as another task runs). Cheap; call it while the machine runs.
   */
  sample(): void;
  /** Remove the allocator hooks. */
  detach(): void;
}

export function resolveProfile(machine: Machine, file?: string): Profile {
  if (file) {
    const p = loadProfileFile(file);
    if (!p.cpus.includes(machine.cpu.info.id)) throw new UserError(`${file}: profile "${p.name}" is for ${p.cpus.join(', ')}, not ${machine.cpu.info.id}`);
    return p;
  }
  const list = builtinProfiles(machine.cpu.info.id);
  if (list.length === 0) throw new UserError(`no kernel profile ships for ${machine.cpu.info.id}; give --profile FILE`);
  return list[0];
}

function rootsFromSymbols(p: Profile, symbols: SymbolTable): { roots: Roots; missing: string[] } {
  const roots: Roots = {};
  const missing: string[] = [];
  for (const [name, r] of Object.entries(p.roots)) {
    const a = symbols.byName(r.symbol);
    if (a === undefined) missing.push(r.symbol);
    else roots[name] = a;
  }
  return { roots, missing };
}

export function createOsView(machine: Machine, opts: OsViewOptions = {}): OsView {
  const profile = resolveProfile(machine, opts.profile);
  const mem = new KernelMemory(machine.bus, profile.pointerSize);
  let roots: Roots = {};
  let foundBy: 'symbols' | 'discovery' = 'symbols';
  let confidence = 1;
  let notes: string[] = [];
  let banner: string | null = null;
  const fromSyms = opts.symbols && !opts.discover ? rootsFromSymbols(profile, opts.symbols) : null;
  if (fromSyms && fromSyms.roots.tasks !== undefined) {
    roots = fromSyms.roots;
    notes.push(`roots from symbols (${Object.keys(roots).length} of ${Object.keys(profile.roots).length})`);
    if (fromSyms.missing.length) notes.push(`symbols not found: ${fromSyms.missing.join(', ')}`);
  } else {
    foundBy = 'discovery';
  }
  // Discovery looks at RAM as it is now: a kernel that has not started yet has no lists, so
  // it is retried at each read until it finds the task list.
  let candidates: number[] = [];
  let samples = 0;
  let tied = false;
  let rescans = 0;
  const discover = (): void => {
    const d = discoverRoots(mem, profile, opts.imageBytes ?? null);
    candidates = d.currentCandidates;
    tied = d.tied;
    samples = 1;
    for (const k of Object.keys(roots)) delete roots[k];
    Object.assign(roots, d.roots);
    confidence = d.confidence;
    notes = d.notes;
    banner = d.banner;
  };
  if (foundBy === 'discovery') discover();
  // Kernel objects are created as the firmware runs: look again for the kinds still missing,
  // at most once per million cycles of virtual time (a RAM scan is not free).
  let lastRetry = -Infinity;
  const retryMissing = (): void => {
    const missing = new Set<ObjectListKind>();
    for (const k of ['semaphores', 'mailboxes', 'timers', 'events'] as const) if (profile.lists[k] && roots[k] === undefined) missing.add(k);
    if (profile.heap && roots.heap === undefined) missing.add('heap');
    if (missing.size === 0 || machine.scheduler.now - lastRetry < 1_000_000) return;
    lastRetry = machine.scheduler.now;
    const tasks = profile.lists.tasks && roots.tasks !== undefined ? taskElements(mem, profile, roots.tasks) : [];
    const found = discoverObjectLists(mem, profile, tasks, missing);
    Object.assign(roots, found.roots);
    notes.push(...found.notes);
  };
  const origins = new Map<number, { allocatedBy?: HeapChunk['allocatedBy']; freedBy?: HeapChunk['freedBy'] }>();
  const hookFindings: Finding[] = [];
  const detachers: (() => void)[] = [];
  if (opts.track && profile.allocator && opts.symbols && profile.heap) {
    detachers.push(...installAllocatorHooks(machine, profile, opts.symbols, mem, roots, origins, hookFindings));
  }
  return {
    profile,
    roots,
    foundBy,
    get confidence() {
      return confidence;
    },
    get notes() {
      return notes;
    },
    sample(): void {
      if (foundBy !== 'discovery') return;
      // No list yet, or two equally good task lists: look again as the kernel makes its tasks
      // (the real registry grows; a look-alike pair of kernel pointers does not).
      if (roots.tasks === undefined || (tied && rescans < 64)) {
        if (roots.tasks !== undefined) rescans++;
        discover();
        return;
      }
      const r = runningTask(mem, profile, roots.tasks);
      if (r === null) return;
      if (candidates.length === 0) {
        // No task was running when discovery ran (the kernel had not started): look now.
        const found = findCurrentCandidates(mem, profile, roots.tasks, taskElements(mem, profile, roots.tasks));
        if (found.candidates.length === 0) return;
        candidates = found.candidates;
        roots.current = candidates[0];
        samples = 1;
        notes = notes.filter((n) => !n.startsWith('current-task pointer') && !n.startsWith('no task is marked running') && !n.startsWith('no current-task pointer'));
        notes.push(`current-task pointer at ${hex(candidates[0])}${found.clear ? '' : ` (ambiguous: ${candidates.length} candidates)`}`);
        confidence = Math.min(1, confidence + (found.clear ? 0.2 : 0));
        return;
      }
      if (candidates.length <= 1) return;
      const kept = candidates.filter((a) => mem.ptr(a) === r);
      if (kept.length === 0) return;
      samples++;
      if (kept.length !== candidates.length) {
        candidates = kept;
        roots.current = kept[0];
        notes = notes.filter((n) => !n.startsWith('current-task pointer'));
        notes.push(`current-task pointer at ${hex(kept[0])}${kept.length > 1 ? ` (still ambiguous: ${kept.length} candidates after ${samples} samples)` : ` (confirmed by ${samples} samples)`}`);
        if (kept.length === 1) confidence = Math.min(1, confidence + 0.2);
      }
    },
    read(): OsState {
      if (foundBy === 'discovery' && roots.tasks === undefined) discover();
      else if (foundBy === 'discovery') retryMissing();
      const s = readOsState({
        mem,
        profile,
        roots,
        livePc: machine.cpu.pc,
        liveSp: machine.cpu.getReg(machine.cpu.info.sp),
        cycle: machine.scheduler.now,
        origins,
        hookFindings,
      });
      s.kernel = { profile: profile.name, banner, foundBy, confidence, notes: [...notes] };
      return s;
    },
    detach(): void {
      for (const d of detachers) d();
      machine.syncHooks();
    },
  };
}

/**
 * Hook alloc_fmem/free_fmem (names from the profile): at entry note the caller and the
 * argument, at return (a one-shot hook at the return address) note the result.
 */
function installAllocatorHooks(
  machine: Machine, p: Profile, symbols: SymbolTable, mem: KernelMemory, roots: Roots,
  origins: Map<number, { allocatedBy?: HeapChunk['allocatedBy']; freedBy?: HeapChunk['freedBy'] }>, findings: Finding[],
): (() => void)[] {
  const a = p.allocator!;
  const cc = callConvention(machine.cpu.info.id);
  const allocAt = symbols.byName(a.alloc);
  const freeAt = symbols.byName(a.free);
  if (!cc || allocAt === undefined || freeAt === undefined) return [];
  const header = p.heap!.chunk.header;
  const hooks = machine.hooks;
  const currentTask = (): number | null => (roots.current !== undefined ? mem.ptr(roots.current) || null : null);
  const nameOf = (t: number | null): string | null => (t && p.task.fields.name ? mem.stringField(t, p.task.fields.name) : null);
  type Pending = { sp: number; origin: NonNullable<HeapChunk['allocatedBy']>; hook: { lo: number; hi: number; fn: () => void } };
  const pending: Pending[] = [];
  const onAlloc = (): void => {
    const cpu = machine.cpu;
    const task = currentTask();
    const ret = cc.returnAddress(cpu, mem);
    const entry: Pending = { sp: cpu.getReg(cpu.info.sp) >>> 0, origin: { task, taskName: nameOf(task), pc: ret, cycle: machine.now() }, hook: { lo: ret, hi: ret, fn: () => onReturn(entry) } };
    pending.push(entry);
    // A one-shot hook at the return address (removed when the call returns).
    hooks.ranged.push(entry.hook);
  };
  const onReturn = (e: Pending): void => {
    const cpu = machine.cpu;
    // Recursion or re-entry from an ISR: only the return at the caller's stack depth counts.
    if ((cpu.getReg(cpu.info.sp) >>> 0) < e.sp) return;
    pending.splice(pending.indexOf(e), 1);
    const i = hooks.ranged.indexOf(e.hook);
    if (i >= 0) hooks.ranged.splice(i, 1);
    const ptr = cc.result(cpu);
    if (ptr !== 0) origins.set(ptr - header, { allocatedBy: e.origin });
  };
  const onFree = (): void => {
    const cpu = machine.cpu;
    const ptr = cc.arg(cpu, mem, a.ptrArg);
    const chunk = ptr - header;
    const task = currentTask();
    const origin = { task, taskName: nameOf(task), pc: cc.returnAddress(cpu, mem), cycle: machine.now() };
    const c = p.heap!.chunk;
    if (ptr !== 0 && mem.inRam(chunk, header) && mem.field(chunk, c.state) === c.free) {
      const before = origins.get(chunk)?.freedBy;
      findings.push({
        severity: 'error', kind: 'double-free', address: chunk, task: task ?? undefined,
        message: `double free: ${a.free}(${hex(ptr)}) by ${task ? `"${nameOf(task)}"` : 'an ISR'} at PC=${hex(origin.pc)}, cycle ${origin.cycle}: the chunk at ${hex(chunk)} is already free${before ? ` (freed by ${before.taskName ? `"${before.taskName}"` : 'an ISR'} at PC=${hex(before.pc)}, cycle ${before.cycle})` : ''}`,
      });
    }
    const o = origins.get(chunk) ?? {};
    o.freedBy = origin;
    origins.set(chunk, o);
  };
  const entryHooks = [
    { lo: allocAt, hi: allocAt, fn: (): void => onAlloc() },
    { lo: freeAt, hi: freeAt, fn: (): void => onFree() },
  ];
  hooks.ranged.push(...entryHooks);
  machine.syncHooks();
  return [() => {
    for (const h of [...entryHooks, ...pending.map((x) => x.hook)]) {
      const i = hooks.ranged.indexOf(h);
      if (i >= 0) hooks.ranged.splice(i, 1);
    }
    pending.length = 0;
  }];
}

/** Text tables for `bytebos os` and the debugger. */
export function formatTasks(tasks: TaskInfo[]): string {
  const rows = [['TCB', 'name', 'state', 'pri', 'waiting on', 'PC', 'SP', 'stack used/hw/size']];
  for (const t of tasks) {
    const size = t.stackHigh !== null && t.stackLow !== null ? t.stackHigh - t.stackLow : null;
    rows.push([
      hex(t.address),
      (t.current ? '*' : '') + t.name,
      t.state,
      String(t.priority),
      t.wait ? `${t.wait.type}${t.wait.address !== null ? ` ${hex(t.wait.address)}` : ''}${t.wait.timeout !== null ? ` (${t.wait.timeout} ticks)` : ''}` : '',
      t.savedPc !== null ? hex(t.savedPc) : '?',
      t.savedSp !== null ? hex(t.savedSp) : '?',
      `${t.stackUsed ?? '?'}/${t.stackHighWater ?? '?'}/${size ?? '?'}`,
    ]);
  }
  return table(rows);
}

export function formatHeap(h: HeapInfo): string {
  const rows = [['chunk', 'size', 'state', 'owner', 'allocated by']];
  for (const c of h.chunks) {
    rows.push([
      hex(c.address), String(c.size), c.free ? 'free' : 'used', c.ownerName ?? '',
      c.allocatedBy ? `${c.allocatedBy.taskName ?? '(no task)'} PC=${hex(c.allocatedBy.pc)} @${c.allocatedBy.cycle}` : '',
    ]);
  }
  const sum = `heap${h.name ? ` "${h.name}"` : ''} ${hex(h.start)}..${hex(h.end)}: ${h.chunks.length} chunks, ${h.totalUsed} bytes used, ${h.totalFree} free, largest free ${h.largestFree}, fragmentation ${(h.fragmentation * 100).toFixed(0)}%, ${h.intact ? 'intact' : 'CORRUPT'}`;
  return `${table(rows)}\n${sum}`;
}

export function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd()).join('\n');
}
