/**
 * Finding the kernel's roots in a stripped image: locate the banner, then scan RAM for list
 * heads whose lists satisfy the profile's invariants (links that agree in both directions,
 * the right type tags when the kernel keeps them, TCBs whose saved SP lies inside their stack
 * and whose entry point lies in code), and for the current-task pointer (a word in RAM that
 * points to the running task). Reports what it found and how sure it is.
 */
import { hex } from '../core/errors.js';
import type { KernelMemory } from './memory.js';
import type { ListLayout, ObjectSpec, Profile } from './profile.js';
import type { Roots } from './read.js';

export interface Discovery {
  roots: Roots;
  /** Every word that could be the current-task pointer, best first (refined by sampling). */
  currentCandidates: number[];
  /**
   * Another list head scored as well as the chosen one (early in a run a pair of kernel
   * pointers can look like a short task list); discovery should be repeated as the run goes on.
   */
  tied: boolean;
  confidence: number;
  notes: string[];
  banner: string | null;
}

interface Candidate {
  head: number;
  elements: number[];
  score: number;
}

/** Walk a candidate list strictly: any inconsistency rejects it. */
function strictWalk(mem: KernelMemory, head: number, l: ListLayout, spec: ObjectSpec, valid: (a: number) => boolean): number[] | null {
  const first = mem.ptr(head + l.first);
  if (first === 0 || !mem.inRam(first, spec.size)) return null;
  const out: number[] = [];
  const seen = new Set<number>();
  let prev = 0;
  let cur = first;
  while (cur !== 0) {
    if (l.end === 'circular' && cur === first && out.length > 0) break;
    if (seen.has(cur) || out.length > 1024 || !mem.inRam(cur, spec.size)) return null;
    if (spec.magic && mem.field(cur, { offset: spec.magic.offset, type: spec.magic.type }) !== spec.magic.value) return null;
    if (l.prev !== undefined && l.end === 'null' && mem.ptr(cur + l.prev) !== prev) return null;
    if (!valid(cur)) return null;
    seen.add(cur);
    out.push(cur);
    prev = cur;
    cur = mem.ptr(cur + l.next);
  }
  if (l.last !== undefined && l.end === 'null' && mem.ptr(head + l.last) !== prev) return null;
  return out;
}

function scanListHeads(mem: KernelMemory, l: ListLayout, spec: ObjectSpec, valid: (a: number) => boolean): Candidate[] {
  const out: Candidate[] = [];
  const step = 2;
  for (const [lo, hi] of mem.ram) {
    for (let a = lo; a + Math.max(l.first, l.last ?? 0) + mem.pointerSize <= hi; a += step) {
      const first = mem.ptr(a + l.first);
      if (first === 0 || first < lo || first >= hi || (first & 1) !== 0) continue;
      const els = strictWalk(mem, a, l, spec, valid);
      if (els && els.length > 0 && !els.includes(a)) out.push({ head: a, elements: els, score: els.length });
    }
  }
  return out;
}

export function discoverRoots(mem: KernelMemory, p: Profile, romBytes: Uint8Array | null): Discovery {
  const notes: string[] = [];
  const roots: Roots = {};
  let banner: string | null = null;
  if (p.banner && romBytes) {
    const needle = Buffer.from(p.banner, 'latin1');
    const at = Buffer.from(romBytes.buffer, romBytes.byteOffset, romBytes.length).indexOf(needle);
    if (at >= 0) {
      let end = at;
      while (end < romBytes.length && romBytes[end] >= 0x20 && romBytes[end] < 0x7f && end - at < 200) end++;
      banner = Buffer.from(romBytes.subarray(at, end)).toString('latin1');
      notes.push(`banner found at image offset ${hex(at)}`);
    } else notes.push('no banner found');
  }
  const t = p.task;
  const tf = t.fields;
  const validTask = (a: number): boolean => {
    if (tf.stackLow && tf.stackHigh && tf.savedSp) {
      const lo = mem.field(a, tf.stackLow);
      const hi = mem.field(a, tf.stackHigh);
      const sp = mem.field(a, tf.savedSp);
      if (!(lo < hi && sp >= lo - 64 && sp <= hi && mem.inRam(lo, 1))) return false;
    }
    if (tf.entry && !mem.inCode(mem.field(a, tf.entry))) return false;
    return p.task.states[String(mem.field(a, tf.state))] !== undefined;
  };
  let confidence = 0;
  let currentCandidates: number[] = [];
  let tied = false;
  if (p.lists.tasks) {
    const cands = scanListHeads(mem, p.lists.tasks, t, validTask).sort((x, y) => y.score - x.score || x.head - y.head);
    if (cands.length > 0) {
      const best = cands[0];
      roots.tasks = best.head;
      tied = cands.length > 1 && cands[1].score === best.score;
      confidence = cands.length === 1 || cands[1].score < best.score ? 0.9 : 0.6;
      if (!t.magic) confidence -= 0.2;
      notes.push(`task list head at ${hex(best.head)} (when found: ${best.elements.length} task(s) whose links, stack bounds and entry points check out)${cands.length > 1 ? ` (${cands.length - 1} weaker candidate(s))` : ''}`);
      const cur = findCurrentCandidates(mem, p, best.head, best.elements);
      currentCandidates = cur.candidates;
      if (cur.candidates.length > 0) {
        roots.current = cur.candidates[0];
        if (!cur.clear) confidence -= 0.2;
        notes.push(`current-task pointer at ${hex(cur.candidates[0])}${cur.clear ? '' : ` (ambiguous: ${cur.candidates.length} candidates)`}`);
      } else {
        confidence -= 0.2;
        notes.push(cur.running ? 'no current-task pointer found' : 'no task is marked running yet');
      }
    } else notes.push('no task list found in RAM');
  }
  const tasks = roots.tasks !== undefined ? taskElements(mem, p, roots.tasks) : [];
  const others = discoverObjectLists(mem, p, tasks, null);
  Object.assign(roots, others.roots);
  notes.push(...others.notes);
  return { roots, currentCandidates, tied, confidence: Math.max(0, Math.min(1, confidence)), notes, banner };
}

/**
 * The current-task pointer: a RAM word that points at the task the kernel marks running,
 * outside every TCB and task stack (saved registers there point at tasks too), preferring
 * words that are not one half of a {first, last} queue head (a neighbouring word pointing at a
 * task) and words near the task list head (kernel globals sit together). Best first.
 */
export function findCurrentCandidates(
  mem: KernelMemory, p: Profile, head: number, tasks: number[],
): { candidates: number[]; clear: boolean; running: boolean } {
  const t = p.task;
  const tf = t.fields;
  const runningState = Object.entries(t.states).find(([, v]) => v === 'running')?.[0];
  const running = tasks.filter((e) => runningState !== undefined && String(mem.field(e, tf.state)) === runningState);
  const isTask = new Set(tasks);
  const excluded: [number, number][] = tasks.map((e) => [e, e + t.size] as [number, number]);
  if (tf.stackLow && tf.stackHigh) for (const e of tasks) excluded.push([mem.field(e, tf.stackLow), mem.field(e, tf.stackHigh)]);
  const skip = (a: number): boolean => excluded.some(([lo, hi]) => a >= lo && a < hi);
  const hits: { a: number; score: number }[] = [];
  for (const r of running) {
    for (const [lo, hi] of mem.ram) {
      for (let a = lo; a + mem.pointerSize <= hi; a += 2) {
        if (mem.ptr(a) !== r || skip(a)) continue;
        const pairLike = isTask.has(mem.ptr(a - mem.pointerSize)) || isTask.has(mem.ptr(a + mem.pointerSize));
        hits.push({ a, score: (pairLike ? 0 : 2) - Math.abs(a - head) / 0x100000 });
      }
    }
  }
  hits.sort((x, y) => y.score - x.score);
  const clear = hits.length === 1 || (hits.length > 1 && Math.floor(hits[1].score) < Math.floor(hits[0].score));
  return { candidates: hits.map((h) => h.a), clear, running: running.length > 0 };
}

/** Kinds of object list discovery looks for besides the task list. */
export const OBJECT_LIST_KINDS = ['semaphores', 'mailboxes', 'timers', 'events', 'heap'] as const;
export type ObjectListKind = (typeof OBJECT_LIST_KINDS)[number];

/** The tasks on a task list (bounded; for discovery, which already checked the list). */
export function taskElements(mem: KernelMemory, p: Profile, head: number): number[] {
  const l = p.lists.tasks!;
  const out: number[] = [];
  let cur = mem.ptr(head + l.first);
  for (let i = 0; cur !== 0 && i < 1024 && mem.inRam(cur, p.task.size); i++) {
    out.push(cur);
    cur = mem.ptr(cur + l.next);
  }
  return out;
}

/**
 * The list heads of semaphores, message boxes, timers and events, and the memory object that
 * alloc_fmem uses (the one whose heap holds the TCBs, else the largest). Objects appear as the
 * kernel runs, so this is retried for the kinds not found yet (`only`).
 */
export function discoverObjectLists(
  mem: KernelMemory, p: Profile, tasks: number[], only: Set<ObjectListKind> | null,
): { roots: Roots; notes: string[] } {
  const roots: Roots = {};
  const notes: string[] = [];
  const want = (k: ObjectListKind): boolean => only === null || only.has(k);
  const kinds: ['semaphores' | 'mailboxes' | 'timers' | 'events', ObjectSpec | null][] = [
    ['semaphores', p.semaphore], ['mailboxes', p.mailbox], ['timers', p.timer], ['events', p.event],
  ];
  for (const [kind, spec] of kinds) {
    const l = p.lists[kind];
    if (!want(kind) || !spec || !l || !spec.magic) continue;
    const cands = scanListHeads(mem, l, spec, () => true).sort((x, y) => y.score - x.score);
    if (cands.length > 0) {
      roots[kind] = cands[0].head;
      notes.push(`${kind} list head at ${hex(cands[0].head)} (${cands[0].elements.length})`);
    }
  }
  if (want('heap') && p.heap && p.lists.heaps && p.heap.magic) {
    const h = p.heap;
    const cands = scanListHeads(mem, p.lists.heaps, h, () => true).sort((x, y) => y.score - x.score);
    if (cands.length > 0) {
      const range = (m: number): [number, number] => {
        const start = h.fields.start ? mem.field(m, h.fields.start) : 0;
        const size = h.fields.blockSize && h.fields.blockCount ? mem.field(m, h.fields.blockSize) * mem.field(m, h.fields.blockCount) : 0;
        return [start, start + size];
      };
      const score = (m: number): number => {
        const [lo, hi] = range(m);
        return tasks.filter((t) => t >= lo && t < hi).length * 0x100000000 + (hi - lo);
      };
      const best = [...cands[0].elements].sort((x, y) => score(y) - score(x))[0];
      roots.heaps = cands[0].head;
      roots.heap = best;
      notes.push(`memory-object list at ${hex(cands[0].head)} (${cands[0].elements.length}); alloc_fmem's heap taken to be ${hex(best)} (it holds the TCBs)`);
    }
  }
  return { roots, notes };
}

/** The task the kernel marks running, from a task list head (for sampling). */
export function runningTask(mem: KernelMemory, p: Profile, head: number): number | null {
  const l = p.lists.tasks;
  if (!l) return null;
  const runningState = Object.entries(p.task.states).find(([, v]) => v === 'running')?.[0];
  let cur = mem.ptr(head + l.first);
  for (let i = 0; cur !== 0 && i < 1024 && mem.inRam(cur, p.task.size); i++) {
    if (String(mem.field(cur, p.task.fields.state)) === runningState) return cur;
    cur = mem.ptr(cur + l.next);
  }
  return null;
}
