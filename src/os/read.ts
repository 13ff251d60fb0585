/**
 * Turn kernel RAM into an OsState, following a profile. Every walk is bounded, checks each
 * pointer before it follows it, and turns anything inconsistent into a Finding instead of
 * throwing or looping: the RAM of a crashed device is exactly what this has to read.
 */
import { hex } from '../core/errors.js';
import type {
  EventInfo, Finding, HeapChunk, HeapInfo, MailboxInfo, MessageInfo, OsState, SemaphoreInfo, TaskInfo, TimerInfo, TraceRecord,
} from './types.js';
import type { ListLayout, ObjectSpec, Profile } from './profile.js';
import { KernelMemory } from './memory.js';

/** Upper bound on the elements of any one list (a corrupt list must not hang the reader). */
export const WALK_LIMIT = 4096;

export interface Roots {
  /** Root name -> address of the global (see the profile's roots). */
  [name: string]: number;
}

export interface ReadContext {
  mem: KernelMemory;
  profile: Profile;
  roots: Roots;
  /** The running task's live registers: its saved PC/SP in the TCB are stale. */
  livePc: number;
  liveSp: number;
  cycle: number;
  /** Allocation history from the allocator hooks, by chunk address. */
  origins?: Map<number, { allocatedBy?: HeapChunk['allocatedBy']; freedBy?: HeapChunk['freedBy'] }>;
  /** Findings recorded by hooks while the machine ran (double frees...). */
  hookFindings?: Finding[];
}

class Walker {
  readonly findings: Finding[] = [];
  constructor(readonly mem: KernelMemory) {}

  /**
   * Elements of a list whose head is at `root`. Checks that each element is in RAM, that prev
   * links agree, that the list ends where the head's `last` says, and stops on loops.
   */
  list(what: string, root: number, l: ListLayout, objSize: number, magic?: ObjectSpec['magic']): number[] {
    const m = this.mem;
    const out: number[] = [];
    if (!m.inRam(root, l.first + m.pointerSize)) {
      this.findings.push({ severity: 'error', kind: 'bad-pointer', message: `${what}: list head ${hex(root)} is not in RAM`, address: root });
      return out;
    }
    const first = m.ptr(root + l.first);
    const seen = new Set<number>();
    let prev = 0;
    let cur = first;
    while (cur !== 0) {
      if (l.end === 'circular' && cur === first && out.length > 0) break;
      if (seen.has(cur)) {
        this.findings.push({ severity: 'error', kind: 'list-loop', message: `${what}: list loops back to ${hex(cur)} after ${out.length} elements`, address: cur });
        return out;
      }
      if (out.length >= WALK_LIMIT) {
        this.findings.push({ severity: 'error', kind: 'walk-limit', message: `${what}: more than ${WALK_LIMIT} elements; stopped`, address: cur });
        return out;
      }
      if (!m.inRam(cur, objSize)) {
        this.findings.push({ severity: 'error', kind: 'bad-pointer', message: `${what}: element pointer ${hex(cur)}${prev ? ` (after ${hex(prev)})` : ''} is outside RAM`, address: prev || root });
        return out;
      }
      if (magic && m.field(cur, { offset: magic.offset, type: magic.type }) !== magic.value) {
        this.findings.push({ severity: 'error', kind: 'bad-magic', message: `${what}: element at ${hex(cur)} has the wrong type tag (expected ${hex(magic.value)})`, address: cur });
        return out;
      }
      if (l.prev !== undefined) {
        const back = m.ptr(cur + l.prev);
        const want = l.end === 'circular' && out.length === 0 ? back : prev;
        if (back !== want) {
          this.findings.push({ severity: 'error', kind: 'list-broken-link', message: `${what}: ${hex(cur)}.prev is ${hex(back)}, expected ${hex(want)}`, address: cur });
        }
      }
      seen.add(cur);
      out.push(cur);
      prev = cur;
      cur = m.ptr(cur + l.next);
    }
    if (l.last !== undefined && l.end === 'null') {
      const last = m.ptr(root + l.last);
      if (last !== prev) this.findings.push({ severity: 'error', kind: 'list-broken-link', message: `${what}: head says the last element is ${hex(last)}, the walk ended at ${hex(prev)}`, address: root });
    }
    return out;
  }

  /** A NULL-terminated chain through `next` at `nextOff` from `first` (wait queues, messages). */
  chain(what: string, first: number, nextOff: number, size: number): number[] {
    const m = this.mem;
    const out: number[] = [];
    const seen = new Set<number>();
    let cur = first;
    while (cur !== 0) {
      if (seen.has(cur)) {
        this.findings.push({ severity: 'error', kind: 'list-loop', message: `${what}: chain loops back to ${hex(cur)}`, address: cur });
        break;
      }
      if (out.length >= WALK_LIMIT || !m.inRam(cur, size)) {
        this.findings.push({ severity: 'error', kind: out.length >= WALK_LIMIT ? 'walk-limit' : 'bad-pointer', message: `${what}: pointer ${hex(cur)} is outside RAM`, address: cur });
        break;
      }
      seen.add(cur);
      out.push(cur);
      cur = m.ptr(cur + nextOff);
    }
    return out;
  }
}

function objName(mem: KernelMemory, spec: ObjectSpec, a: number): string | null {
  const f = spec.fields.name;
  return f ? mem.stringField(a, f) : null;
}

export function readOsState(ctx: ReadContext): OsState {
  const { mem, profile: p, roots } = ctx;
  const w = new Walker(mem);
  const findings = w.findings;
  const ps = mem.pointerSize;

  // ---- tasks -------------------------------------------------------------------------------
  const current = roots.current !== undefined && mem.inRam(roots.current, ps) ? mem.ptr(roots.current) : 0;
  const taskAddrs = roots.tasks !== undefined && p.lists.tasks ? w.list('task list', roots.tasks, p.lists.tasks, p.task.size, p.task.magic) : [];
  const tf = p.task.fields;
  const names = new Map<number, string>();
  const tasks: TaskInfo[] = taskAddrs.map((a) => {
    const name = mem.stringField(a, tf.name) ?? `task@${hex(a)}`;
    names.set(a, name);
    const rawState = mem.field(a, tf.state);
    let state = p.task.states[String(rawState)] ?? `unknown(${rawState})`;
    const isCurrent = a === current;
    let wait: TaskInfo['wait'] = null;
    if (state.startsWith('waiting')) {
      const type = state.includes(':') ? state.slice(state.indexOf(':') + 1) : 'unknown';
      state = 'waiting';
      const wo = tf.waitObject ? mem.field(a, tf.waitObject) : 0;
      const to = tf.timeout ? mem.field(a, tf.timeout) : p.task.timeoutNone;
      wait = { type, address: wo === 0 ? null : wo, timeout: to === p.task.timeoutNone ? null : to };
    }
    const get = (k: string): number | null => (tf[k] ? mem.field(a, tf[k]) : null);
    const stackLow = get('stackLow');
    const stackHigh = get('stackHigh');
    let savedSp = get('savedSp');
    let savedPc: number | null = null;
    if (isCurrent) {
      savedPc = ctx.livePc;
      savedSp = ctx.liveSp;
    } else if (p.task.savedPc && savedSp !== null && mem.inRam(savedSp + p.task.savedPc.fromSp, 4)) {
      savedPc = mem.field(savedSp, { offset: p.task.savedPc.fromSp, type: p.task.savedPc.type });
    }
    let stackUsed: number | null = null;
    let highWater: number | null = null;
    if (stackLow !== null && stackHigh !== null && stackHigh > stackLow && stackHigh - stackLow <= 1 << 20) {
      if (savedSp !== null) stackUsed = stackHigh - savedSp;
      if (p.task.stackFill !== undefined && mem.inRam(stackLow, stackHigh - stackLow)) {
        let untouched = 0;
        while (stackLow + untouched < stackHigh && mem.u8(stackLow + untouched) === p.task.stackFill) untouched++;
        highWater = stackHigh - stackLow - untouched;
        const guard = p.task.stackGuard ?? 0;
        if (untouched < guard) {
          findings.push({
            severity: 'error', kind: 'stack-overflow', task: a, address: stackLow,
            message: `task "${name}" overflowed its stack: the guard zone at ${hex(stackLow)} (${guard} bytes) is overwritten (high-water ${highWater} of ${stackHigh - stackLow} bytes)`,
          });
        } else if (untouched < guard + 16 && guard > 0) {
          findings.push({ severity: 'warning', kind: 'stack-near-overflow', task: a, address: stackLow, message: `task "${name}" has only ${untouched - guard} untouched stack bytes above its guard zone` });
        }
      }
      if (savedSp !== null && (savedSp < stackLow || savedSp > stackHigh) && !findings.some((f) => f.kind === 'stack-overflow' && f.task === a)) {
        findings.push({ severity: 'error', kind: 'stack-overflow', task: a, address: savedSp, message: `task "${name}": saved SP ${hex(savedSp)} is outside its stack ${hex(stackLow)}..${hex(stackHigh)}` });
      }
    }
    if (p.task.stackFaultFlag !== undefined && tf.flags && (mem.field(a, tf.flags) & p.task.stackFaultFlag) !== 0 && !findings.some((f) => f.kind === 'stack-overflow' && f.task === a)) {
      findings.push({ severity: 'error', kind: 'stack-overflow', task: a, message: `task "${name}": the kernel flagged a stack overflow` });
    }
    return {
      address: a,
      name,
      state: isCurrent && state === 'ready' ? 'running' : state,
      priority: mem.field(a, tf.priority),
      wait,
      savedPc,
      savedSp,
      stackLow,
      stackHigh,
      stackUsed,
      stackHighWater: highWater,
      thisData: get('thisData'),
      current: isCurrent,
      trace: readTrace(mem, p, a),
    };
  });
  if (current !== 0 && taskAddrs.length > 0 && !taskAddrs.includes(current)) {
    findings.push({ severity: 'error', kind: 'bad-pointer', address: current, message: `the current-task pointer ${hex(current)} is not on the task list` });
  }
  const taskName = (a: number | null): string | null => (a === null || a === 0 ? null : names.get(a) ?? `?${hex(a)}`);
  const waiters = (obj: number): number[] => {
    if (!p.waitQueue) return [];
    return w.chain(`waiters of ${hex(obj)}`, mem.ptr(obj + p.waitQueue.first), p.task.queue.next, p.task.size);
  };

  // ---- heap --------------------------------------------------------------------------------
  let heap: HeapInfo | null = null;
  const heaps: HeapInfo[] = [];
  if (p.heap) {
    const objsOnList = p.lists.heaps && roots.heaps !== undefined ? w.list('memory-object list', roots.heaps, p.lists.heaps, p.heap.size, p.heap.magic) : [];
    const main = roots.heap ?? objsOnList[0];
    for (const a of objsOnList.includes(main) || main === undefined ? objsOnList : [main, ...objsOnList]) {
      const h = readHeap(ctx, w, taskName, a);
      heaps.push(h);
      if (a === main) heap = h;
    }
  }

  // ---- semaphores, mailboxes, timers, events --------------------------------------------------
  const objs = (kind: 'semaphores' | 'mailboxes' | 'timers' | 'events', spec: ObjectSpec | null): number[] =>
    spec && p.lists[kind] && roots[kind] !== undefined ? w.list(kind, roots[kind], p.lists[kind]!, spec.size, spec.magic) : [];
  const semaphores: SemaphoreInfo[] = objs('semaphores', p.semaphore).map((a) => ({
    address: a,
    name: objName(mem, p.semaphore!, a),
    count: mem.field(a, p.semaphore!.fields.count),
    waiting: waiters(a),
  }));
  const mailboxes: MailboxInfo[] = objs('mailboxes', p.mailbox).map((a) => {
    const mb = p.mailbox!;
    const msgs = w.chain(`messages of mailbox ${hex(a)}`, mem.field(a, mb.fields.first), mb.message.next, mb.message.header);
    const messages: MessageInfo[] = msgs.map((m) => {
      const size = mem.field(m, mb.message.length);
      const shown = Math.min(size, 256);
      return { address: m, size, data: mem.inRam(m + mb.message.header, shown) ? mem.hex(m + mb.message.header, shown) : '' };
    });
    return { address: a, name: objName(mem, mb, a), messages, waiting: waiters(a) };
  });
  const timers: TimerInfo[] = objs('timers', p.timer).map((a) => {
    const t = p.timer!;
    const flags = t.fields.flags ? mem.field(a, t.fields.flags) : 0;
    return {
      address: a,
      name: objName(mem, t, a),
      active: t.bits.active !== undefined ? (flags & t.bits.active) !== 0 : true,
      remaining: mem.field(a, t.fields.remaining),
      period: t.fields.period ? mem.field(a, t.fields.period) : 0,
      target: t.fields.target ? mem.field(a, t.fields.target) || null : null,
    };
  });
  const events: EventInfo[] = objs('events', p.event).map((a) => {
    const e = p.event!;
    return { address: a, name: objName(mem, e, a), flags: e.fields.flags ? mem.field(a, e.fields.flags) : 0, waiting: waiters(a) };
  });

  // The idle task never blocks: leave it out of the "every task is blocked" check.
  const idle = new Set<number>();
  if (p.task.idleFlag !== undefined && tf.flags) for (const a of taskAddrs) if ((mem.field(a, tf.flags) & p.task.idleFlag) !== 0) idle.add(a);
  findings.push(...findDeadlocks(tasks, semaphores, timers, idle));
  if (ctx.hookFindings) findings.push(...ctx.hookFindings);

  return {
    kernel: { profile: p.name, banner: null, foundBy: 'symbols', confidence: 1, notes: [] },
    cycle: ctx.cycle,
    tasks,
    heap,
    heaps,
    semaphores,
    mailboxes,
    timers,
    events,
    findings,
  };
}

function readTrace(mem: KernelMemory, p: Profile, task: number): TraceRecord[] {
  const tr = p.task.trace;
  const tf = p.task.fields;
  if (!tr || !tf.trace || !tf.traceSize) return [];
  const buf = mem.field(task, tf.trace);
  const size = mem.field(task, tf.traceSize);
  if (buf === 0 || size === 0 || size > 1024 || !mem.inRam(buf, size * tr.recordSize)) return [];
  const pos = tf.tracePos ? mem.field(task, tf.tracePos) % size : 0;
  const out: TraceRecord[] = [];
  for (let i = 0; i < size; i++) {
    const r = buf + ((pos + i) % size) * tr.recordSize;
    const call = mem.field(r, tr.call);
    if (call === 0) continue;
    const values = tr.args.map((f) => mem.field(r, f));
    if (tr.ret) values.push(mem.field(r, tr.ret));
    const raw: number[] = [];
    for (let k = 0; k < tr.recordSize; k++) raw.push(mem.u8(r + k));
    out.push({ kind: 'call', service: tr.calls[String(call)] ?? `call#${call}`, values, raw });
  }
  return out;
}

function readHeap(ctx: ReadContext, w: Walker, taskName: (a: number | null) => string | null, obj: number): HeapInfo {
  const { mem, profile: p } = ctx;
  const h = p.heap!;
  const c = h.chunk;
  const findings = w.findings;
  const name = h.fields.name ? mem.stringField(obj, h.fields.name) : null;
  const label = `heap${name ? ` "${name}"` : ''}`;
  const start = h.fields.start ? mem.field(obj, h.fields.start) : mem.field(obj, h.fields.first);
  let end: number;
  if (h.fields.blockSize && h.fields.blockCount) end = start + mem.field(obj, h.fields.blockSize) * mem.field(obj, h.fields.blockCount);
  else if (h.fields.size) end = start + mem.field(obj, h.fields.size);
  else end = start;
  const chunks: HeapChunk[] = [];
  let intact = true;
  const bad = (kind: string, address: number, message: string): void => {
    intact = false;
    findings.push({ severity: 'error', kind, address, message });
  };
  const seen = new Set<number>();
  let cur = mem.field(obj, h.fields.first);
  let prev = 0;
  let prevEnd = start;
  // A chunk with several inconsistent header fields was most likely overwritten (a buffer
  // overrun from the chunk before it): say so once, by name.
  const problems = new Map<number, string[]>();
  const note = (chunk: number, what: string): void => {
    if (!problems.has(chunk)) problems.set(chunk, []);
    problems.get(chunk)!.push(what);
  };
  while (cur !== 0) {
    if (seen.has(cur)) {
      bad('heap-loop', cur, `${label}: chunk list loops back to ${hex(cur)} after ${chunks.length} chunks`);
      break;
    }
    if (chunks.length >= WALK_LIMIT) {
      bad('walk-limit', cur, `${label}: more than ${WALK_LIMIT} chunks; stopped`);
      break;
    }
    if (!mem.inRam(cur, c.header) || (end > start && (cur < start || cur + c.header > end))) {
      if (prev) note(prev, 'next link');
      bad('heap-pointer-outside-ram', prev || obj, `${label}: chunk pointer ${hex(cur)}${prev ? ` in the chunk at ${hex(prev)}` : ''} is outside the heap ${hex(start)}..${hex(end)}`);
      break;
    }
    seen.add(cur);
    const state = mem.field(cur, c.state);
    const rawSize = mem.field(cur, c.size);
    const total = c.sizeIncludesHeader ? rawSize : rawSize + c.header;
    const owner = c.owner ? mem.field(cur, c.owner) || null : null;
    const free = state === c.free;
    if (state !== c.free && state !== c.used) {
      note(cur, 'state');
      bad('heap-corrupt-header', cur, `${label}: chunk at ${hex(cur)} has a corrupt header (state word ${hex(state)} is neither free ${hex(c.free)} nor used ${hex(c.used)}; size ${rawSize})`);
    }
    if (c.prev !== undefined) {
      const back = mem.ptr(cur + c.prev);
      if (back !== prev) note(cur, 'prev link');
      if (back !== prev) bad('heap-broken-link', cur, `${label}: chunk at ${hex(cur)} has prev ${hex(back)}, expected ${hex(prev)}`);
    }
    if (cur < prevEnd) bad('heap-overlap', cur, `${label}: chunk at ${hex(cur)} overlaps the previous chunk, which ends at ${hex(prevEnd)}`);
    const next = mem.ptr(cur + c.next);
    if (total < c.header || (end > start && cur + total > end)) {
      note(cur, 'size');
      bad('heap-size-mismatch', cur, `${label}: chunk at ${hex(cur)} has size ${rawSize}, which runs outside the heap`);
    } else if (next !== 0 && next !== cur + total) {
      note(cur, 'size/next');
      bad('heap-size-mismatch', cur, `${label}: chunk at ${hex(cur)} has size ${rawSize} but the next chunk is at ${hex(next)} (expected ${hex(cur + total)})`);
    } else if (next === 0 && end > start && cur + total !== end) {
      bad('heap-size-mismatch', cur, `${label}: the last chunk at ${hex(cur)} ends at ${hex(cur + total)}, not at the heap end ${hex(end)}`);
    }
    if (free && chunks.length > 0 && chunks[chunks.length - 1].free) {
      findings.push({ severity: 'warning', kind: 'heap-uncoalesced', address: cur, message: `${label}: free chunks at ${hex(chunks[chunks.length - 1].address)} and ${hex(cur)} are neighbours but were not merged` });
    }
    const o = ctx.origins?.get(cur);
    chunks.push({
      address: cur,
      size: total - c.header,
      free,
      owner: free ? null : owner,
      ownerName: free ? null : taskName(owner),
      ...(o?.allocatedBy ? { allocatedBy: o.allocatedBy } : {}),
      ...(o?.freedBy ? { freedBy: o.freedBy } : {}),
    });
    prevEnd = cur + Math.max(total, c.header);
    prev = cur;
    cur = next;
  }
  for (const [chunk, what] of problems) {
    if (what.length >= 2 || what.includes('state')) {
      findings.push({ severity: 'error', kind: 'heap-corrupt-header', address: chunk, message: `${label}: the header of the chunk at ${hex(chunk)} is corrupt (${[...new Set(what)].join(', ')} inconsistent): overwritten, probably by the chunk before it` });
    }
  }
  if (h.fields.errors) {
    const n = mem.field(obj, h.fields.errors);
    if (n > 0) findings.push({ severity: 'error', kind: 'heap-errors-reported', address: obj, message: `${label}: the kernel counted ${n} heap error(s) (corrupt header or double free)` });
  }
  const freeSizes = chunks.filter((x) => x.free).map((x) => x.size);
  const totalFree = freeSizes.reduce((a, b) => a + b, 0);
  const largest = freeSizes.length ? Math.max(...freeSizes) : 0;
  return {
    address: obj,
    name,
    start,
    end,
    chunks,
    totalFree,
    totalUsed: chunks.filter((x) => !x.free).reduce((a, b) => a + b.size, 0),
    largestFree: largest,
    fragmentation: totalFree > 0 ? 1 - largest / totalFree : 0,
    intact,
  };
}

/**
 * Deadlocks: a cycle of tasks each waiting without timeout on a semaphore that another task of
 * the cycle holds. Holders come from the tasks' trace buffers (a successful sem_down not
 * followed by a sem_up of the same semaphore), when the kernel keeps traces.
 */
function findDeadlocks(tasks: TaskInfo[], sems: SemaphoreInfo[], timers: TimerInfo[], idle: Set<number>): Finding[] {
  const out: Finding[] = [];
  const semAt = new Map(sems.map((s) => [s.address, s]));
  const holders = new Map<number, Set<number>>();
  for (const t of tasks) {
    const held = new Set<number>();
    for (const r of t.trace) {
      if (r.service === 'sem_down' && r.values.length >= 1 && r.values[r.values.length - 1] === 0) held.add(r.values[0]);
      else if (r.service === 'sem_up' && r.values.length >= 1) held.delete(r.values[0]);
    }
    for (const s of held) {
      if (!holders.has(s)) holders.set(s, new Set());
      holders.get(s)!.add(t.address);
    }
  }
  const byAddr = new Map(tasks.map((t) => [t.address, t]));
  const blockedOn = (t: TaskInfo): number | null =>
    t.state === 'waiting' && t.wait && t.wait.type === 'semaphore' && t.wait.timeout === null && t.wait.address !== null && (semAt.get(t.wait.address)?.count ?? 1) <= 0
      ? t.wait.address
      : null;
  const reported = new Set<number>();
  for (const start of tasks) {
    if (reported.has(start.address)) continue;
    const path: { task: TaskInfo; sem: number }[] = [];
    let cur: TaskInfo | undefined = start;
    const onPath = new Set<number>();
    while (cur && !onPath.has(cur.address)) {
      const s = blockedOn(cur);
      if (s === null) break;
      onPath.add(cur.address);
      path.push({ task: cur, sem: s });
      const hs = holders.get(s);
      cur = hs ? byAddr.get([...hs].find((h) => h !== cur!.address) ?? -1) : undefined;
    }
    if (cur && onPath.has(cur.address)) {
      const cycle = path.slice(path.findIndex((x) => x.task.address === cur!.address));
      for (const x of cycle) reported.add(x.task.address);
      const desc = cycle.map((x) => `"${x.task.name}" waits for ${semAt.get(x.sem)?.name ?? hex(x.sem)}`).join(', ');
      out.push({ severity: 'error', kind: 'deadlock', task: cycle[0].task.address, address: cycle[0].sem, message: `deadlock between ${cycle.map((x) => `"${x.task.name}"`).join(' and ')}: ${desc}, each held by another task of the cycle` });
    }
  }
  const live = tasks.filter((t) => t.state !== 'terminated' && !idle.has(t.address));
  if (out.length === 0 && live.length > 0 && live.every((t) => t.state === 'waiting' && t.wait?.timeout === null && t.wait.type !== 'timer') && !timers.some((t) => t.active)) {
    out.push({ severity: 'warning', kind: 'all-tasks-blocked', message: `every task is blocked with no timeout and no timer is running: ${live.map((t) => `"${t.name}"`).join(', ')}` });
  }
  return out;
}
