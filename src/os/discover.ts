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
  if (p.lists.tasks) {
    const cands = scanListHeads(mem, p.lists.tasks, t, validTask).sort((x, y) => y.score - x.score || x.head - y.head);
    if (cands.length > 0) {
      const best = cands[0];
      roots.tasks = best.head;
      confidence = cands.length === 1 || cands[1].score < best.score ? 0.9 : 0.6;
      if (!t.magic) confidence -= 0.2;
      notes.push(`task list head at ${hex(best.head)}: ${best.elements.length} task(s) whose links, stack bounds and entry points check out${cands.length > 1 ? ` (${cands.length - 1} weaker candidate(s))` : ''}`);
      // The current-task pointer: a RAM word that points at the task the kernel marks running,
      // outside every TCB and task stack (saved registers there point at tasks too), and not
      // one half of a {first, last} queue head (a neighbouring word pointing at a task).
      const runningState = Object.entries(t.states).find(([, v]) => v === 'running')?.[0];
      const running = best.elements.filter((e) => runningState !== undefined && String(mem.field(e, tf.state)) === runningState);
      const isTask = new Set(best.elements);
      const excluded: [number, number][] = best.elements.map((e) => [e, e + t.size] as [number, number]);
      if (tf.stackLow && tf.stackHigh) for (const e of best.elements) excluded.push([mem.field(e, tf.stackLow), mem.field(e, tf.stackHigh)]);
      const skip = (a: number): boolean => excluded.some(([lo, hi]) => a >= lo && a < hi);
      const hits: { a: number; score: number }[] = [];
      for (const r of running) {
        for (const [lo, hi] of mem.ram) {
          for (let a = lo; a + mem.pointerSize <= hi; a += 2) {
            if (mem.ptr(a) !== r || skip(a)) continue;
            const pairLike = isTask.has(mem.ptr(a - mem.pointerSize)) || isTask.has(mem.ptr(a + mem.pointerSize));
            hits.push({ a, score: (pairLike ? 0 : 2) - Math.abs(a - best.head) / 0x100000 });
          }
        }
      }
      hits.sort((x, y) => y.score - x.score);
      currentCandidates = hits.map((h) => h.a);
      if (hits.length > 0) {
        roots.current = hits[0].a;
        const clear = hits.length === 1 || Math.floor(hits[1].score) < Math.floor(hits[0].score);
        if (!clear) confidence -= 0.2;
        notes.push(`current-task pointer at ${hex(hits[0].a)}${clear ? '' : ` (ambiguous: ${hits.length} candidates)`}`);
      } else {
        confidence -= 0.2;
        notes.push(running.length ? 'no current-task pointer found' : 'no task is marked running');
      }
    } else notes.push('no task list found in RAM');
  }
  const kinds: ['semaphores' | 'mailboxes' | 'timers' | 'events', ObjectSpec | null][] = [
    ['semaphores', p.semaphore], ['mailboxes', p.mailbox], ['timers', p.timer], ['events', p.event],
  ];
  for (const [kind, spec] of kinds) {
    const l = p.lists[kind];
    if (!spec || !l || !spec.magic) continue;
    const cands = scanListHeads(mem, l, spec, () => true).sort((x, y) => y.score - x.score);
    if (cands.length > 0) {
      roots[kind] = cands[0].head;
      notes.push(`${kind} list head at ${hex(cands[0].head)} (${cands[0].elements.length})`);
    }
  }
  if (p.heap && p.lists.heaps && p.heap.magic) {
    const cands = scanListHeads(mem, p.lists.heaps, p.heap, () => true).sort((x, y) => y.score - x.score);
    if (cands.length > 0) {
      roots.heap = cands[0].elements[0];
      notes.push(`memory object at ${hex(roots.heap)} (first of ${cands[0].elements.length} on the memory-object list at ${hex(cands[0].head)})`);
    }
  }
  return { roots, currentCandidates, confidence: Math.max(0, Math.min(1, confidence)), notes, banner };
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
