/**
 * Kernel profiles: JSON files that describe where a Byte-BOS(-model) kernel keeps its objects
 * in RAM, so the OS-aware layer can read a real image once someone has worked out its
 * layout. The layer knows the Byte-BOS object model (tasks, memory objects with chunk lists,
 * semaphores, message boxes, timers, events); the profile says where each field lives.
 * Schema: README "Kernel profiles". Every error names the file and the field.
 */
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { projectRoot } from '../boards/board.js';

export type FieldType = 'u8' | 'u16' | 'u32' | 'i8' | 'i16' | 'i32' | 'ptr' | 'cstr' | 'cstrptr';

export interface Field {
  offset: number;
  type: FieldType;
  /** cstr: inline characters (at most this many). */
  length?: number;
}

/** How a list of objects hangs off a root. */
export interface ListLayout {
  /** Offsets in the root of the first/last element pointers (last optional). */
  first: number;
  last?: number;
  /** Offsets in each element of its next/prev links (prev optional). */
  next: number;
  prev?: number;
  /** 'null': the last element's next is 0; 'circular': it points back to the first. */
  end: 'null' | 'circular';
}

export interface RootSpec {
  /** Symbol name of the global. */
  symbol: string;
}

export interface ObjectSpec {
  /** Bytes the object occupies (bounds checks). */
  size: number;
  /** A type tag the kernel keeps in the object (helps discovery and catches garbage). */
  magic?: { offset: number; type: FieldType; value: number };
  /** Semantic field name -> location. Names per kind: see README. */
  fields: Record<string, Field>;
  /** Named bit masks of the object's `flags` field (timer: active, periodic; event: pending). */
  bits: Record<string, number>;
}

export interface TaskSpec extends ObjectSpec {
  /** Raw state value -> 'ready' | 'running' | 'waiting:<type>' | 'suspended' | 'terminated'. */
  states: Record<string, string>;
  /** Value of the timeout field that means "no timeout". */
  timeoutNone: number;
  /** Saved PC: read at savedSp + offset (the port's context frame). */
  savedPc?: { fromSp: number; type: FieldType };
  /** Byte the kernel fills stacks with. */
  stackFill?: number;
  /** Size of the guard zone at the bottom of a stack (bytes that must keep the fill). */
  stackGuard?: number;
  /** Task flags bit that means "the kernel detected a stack overflow". */
  stackFaultFlag?: number;
  /** Task flags bit that marks the idle task (it never blocks; deadlock checks leave it out). */
  idleFlag?: number;
  trace?: {
    recordSize: number;
    call: Field;
    seq?: Field;
    args: Field[];
    ret?: Field;
    calls: Record<string, string>;
  };
  /** Link fields used by wait queues (semaphore waiters etc.). */
  queue: { next: number; prev?: number };
}

export interface HeapSpec extends ObjectSpec {
  chunk: {
    header: number;
    next: number;
    prev?: number;
    size: Field;
    owner?: Field;
    state: Field;
    free: number;
    used: number;
    /** true: size counts the header too. */
    sizeIncludesHeader: boolean;
  };
}

export interface MailboxSpec extends ObjectSpec {
  message: { header: number; next: number; prev?: number; length: Field };
}

export interface Profile {
  file: string;
  name: string;
  description: string;
  cpus: string[];
  pointerSize: 2 | 4;
  banner: string | null;
  roots: Record<string, RootSpec>;
  /** Registries: root name -> list layout over objects of a kind. */
  lists: {
    tasks?: ListLayout;
    semaphores?: ListLayout;
    mailboxes?: ListLayout;
    timers?: ListLayout;
    events?: ListLayout;
    heaps?: ListLayout;
  };
  /** Wait queues inside waitable objects (first task pointer offset within the object). */
  waitQueue: { first: number; last?: number } | null;
  task: TaskSpec;
  heap: HeapSpec | null;
  semaphore: ObjectSpec | null;
  mailbox: MailboxSpec | null;
  timer: ObjectSpec | null;
  event: ObjectSpec | null;
  /** Hooks for who-allocated-what: function symbols whose entry/return the layer watches. */
  allocator: { alloc: string; free: string; sizeArg: number; ptrArg: number } | null;
}

type Json = Record<string, unknown>;
const TYPES: FieldType[] = ['u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'ptr', 'cstr', 'cstrptr'];

class P {
  constructor(readonly file: string) {}
  fail(path: string, what: string): never {
    throw new InputError(this.file, path, what);
  }
  obj(v: unknown, path: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'expected an object');
    return v as Json;
  }
  num(v: unknown, path: string): number {
    const n = typeof v === 'string' && /^(0x[0-9a-f]+|-?\d+)$/i.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) this.fail(path, `expected an integer, got ${JSON.stringify(v)}`);
    return n;
  }
  str(v: unknown, path: string): string {
    if (typeof v !== 'string' || !v) this.fail(path, `expected a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  }
  field(v: unknown, path: string): Field {
    const o = this.obj(v, path);
    const type = o.type as FieldType;
    if (!TYPES.includes(type)) this.fail(`${path}.type`, `expected one of ${TYPES.join(', ')}, got ${JSON.stringify(o.type)}`);
    const f: Field = { offset: this.num(o.offset, `${path}.offset`), type };
    if (o.length !== undefined) f.length = this.num(o.length, `${path}.length`);
    if (f.offset < 0) this.fail(`${path}.offset`, 'must not be negative');
    return f;
  }
  fields(v: unknown, path: string, required: string[]): Record<string, Field> {
    const o = this.obj(v, path);
    const out: Record<string, Field> = {};
    for (const [k, fv] of Object.entries(o)) out[k] = this.field(fv, `${path}.${k}`);
    for (const r of required) if (!out[r]) this.fail(path, `missing field "${r}"`);
    return out;
  }
  objectSpec(v: unknown, path: string, required: string[]): ObjectSpec {
    const o = this.obj(v, path);
    const bits: Record<string, number> = {};
    for (const [k, b] of Object.entries(this.obj(o.bits ?? {}, `${path}.bits`))) bits[k] = this.num(b, `${path}.bits.${k}`);
    const spec: ObjectSpec = { size: this.num(o.size, `${path}.size`), fields: this.fields(o.fields, `${path}.fields`, required), bits };
    if (o.magic !== undefined) {
      const m = this.obj(o.magic, `${path}.magic`);
      const f = this.field(m, `${path}.magic`);
      spec.magic = { offset: f.offset, type: f.type, value: this.num(m.value, `${path}.magic.value`) };
    }
    return spec;
  }
  list(v: unknown, path: string): ListLayout {
    const o = this.obj(v, path);
    const end = o.end ?? 'null';
    if (end !== 'null' && end !== 'circular') this.fail(`${path}.end`, 'expected "null" or "circular"');
    const l: ListLayout = { first: this.num(o.first, `${path}.first`), next: this.num(o.next, `${path}.next`), end };
    if (o.last !== undefined) l.last = this.num(o.last, `${path}.last`);
    if (o.prev !== undefined) l.prev = this.num(o.prev, `${path}.prev`);
    return l;
  }
}

export function parseProfile(text: string, file: string): Profile {
  const p = new P(file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, '', `not valid JSON: ${(e as Error).message}`);
  }
  const o = p.obj(raw, '');
  if (o.format !== 'bytebos-os-profile') p.fail('format', 'expected "bytebos-os-profile"');
  if (o.version !== 1) p.fail('version', `unsupported version ${JSON.stringify(o.version)} (this build reads 1)`);
  const ps = p.num(o.pointerSize, 'pointerSize');
  if (ps !== 2 && ps !== 4) p.fail('pointerSize', 'expected 2 or 4');
  const roots: Record<string, RootSpec> = {};
  for (const [k, v] of Object.entries(p.obj(o.roots, 'roots'))) roots[k] = { symbol: p.str(p.obj(v, `roots.${k}`).symbol, `roots.${k}.symbol`) };
  const lists: Profile['lists'] = {};
  for (const [k, v] of Object.entries(p.obj(o.lists ?? {}, 'lists'))) {
    if (!['tasks', 'semaphores', 'mailboxes', 'timers', 'events', 'heaps'].includes(k)) p.fail(`lists.${k}`, 'unknown list (tasks, semaphores, mailboxes, timers, events, heaps)');
    if (!roots[k]) p.fail(`lists.${k}`, `no root named "${k}" in roots`);
    (lists as Record<string, ListLayout>)[k] = p.list(v, `lists.${k}`);
  }
  const t = p.obj(o.task, 'task');
  const taskBase = p.objectSpec(t, 'task', ['name', 'state', 'priority']);
  const states: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.obj(t.states, 'task.states'))) states[String(p.num(k, `task.states key ${k}`))] = p.str(v, `task.states.${k}`);
  const q = p.obj(t.queue, 'task.queue');
  const task: TaskSpec = {
    ...taskBase,
    states,
    timeoutNone: t.timeoutNone === undefined ? 0 : p.num(t.timeoutNone, 'task.timeoutNone'),
    queue: { next: p.num(q.next, 'task.queue.next'), ...(q.prev !== undefined ? { prev: p.num(q.prev, 'task.queue.prev') } : {}) },
  };
  if (t.savedPc !== undefined) {
    const sp = p.obj(t.savedPc, 'task.savedPc');
    const f = p.field({ offset: sp.fromSp, type: sp.type }, 'task.savedPc');
    task.savedPc = { fromSp: f.offset, type: f.type };
  }
  if (t.stackFill !== undefined) task.stackFill = p.num(t.stackFill, 'task.stackFill') & 0xff;
  if (t.stackGuard !== undefined) task.stackGuard = p.num(t.stackGuard, 'task.stackGuard');
  if (t.stackFaultFlag !== undefined) task.stackFaultFlag = p.num(t.stackFaultFlag, 'task.stackFaultFlag');
  if (t.idleFlag !== undefined) task.idleFlag = p.num(t.idleFlag, 'task.idleFlag');
  if (t.trace !== undefined) {
    const tr = p.obj(t.trace, 'task.trace');
    const calls: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.obj(tr.calls ?? {}, 'task.trace.calls'))) calls[String(p.num(k, 'task.trace.calls key'))] = p.str(v, `task.trace.calls.${k}`);
    if (!Array.isArray(tr.args)) p.fail('task.trace.args', 'expected an array of fields');
    task.trace = {
      recordSize: p.num(tr.recordSize, 'task.trace.recordSize'),
      call: p.field(tr.call, 'task.trace.call'),
      args: (tr.args as unknown[]).map((a, i) => p.field(a, `task.trace.args[${i}]`)),
      calls,
      ...(tr.seq !== undefined ? { seq: p.field(tr.seq, 'task.trace.seq') } : {}),
      ...(tr.ret !== undefined ? { ret: p.field(tr.ret, 'task.trace.ret') } : {}),
    };
  }
  let heap: HeapSpec | null = null;
  if (o.heap !== undefined) {
    const h = p.obj(o.heap, 'heap');
    const c = p.obj(h.chunk, 'heap.chunk');
    heap = {
      ...p.objectSpec(h, 'heap', ['first']),
      chunk: {
        header: p.num(c.header, 'heap.chunk.header'),
        next: p.num(c.next, 'heap.chunk.next'),
        size: p.field(c.size, 'heap.chunk.size'),
        state: p.field(c.state, 'heap.chunk.state'),
        free: p.num(c.free, 'heap.chunk.free'),
        used: p.num(c.used, 'heap.chunk.used'),
        sizeIncludesHeader: Boolean(c.sizeIncludesHeader),
        ...(c.prev !== undefined ? { prev: p.num(c.prev, 'heap.chunk.prev') } : {}),
        ...(c.owner !== undefined ? { owner: p.field(c.owner, 'heap.chunk.owner') } : {}),
      },
    };
  }
  const opt = (k: string, req: string[]): ObjectSpec | null => (o[k] === undefined ? null : p.objectSpec(o[k], k, req));
  let mailbox: MailboxSpec | null = null;
  if (o.mailbox !== undefined) {
    const mb = p.obj(o.mailbox, 'mailbox');
    const msg = p.obj(mb.message, 'mailbox.message');
    mailbox = {
      ...p.objectSpec(mb, 'mailbox', ['first']),
      message: {
        header: p.num(msg.header, 'mailbox.message.header'),
        next: p.num(msg.next, 'mailbox.message.next'),
        length: p.field(msg.length, 'mailbox.message.length'),
        ...(msg.prev !== undefined ? { prev: p.num(msg.prev, 'mailbox.message.prev') } : {}),
      },
    };
  }
  let waitQueue: Profile['waitQueue'] = null;
  if (o.waitQueue !== undefined) {
    const w = p.obj(o.waitQueue, 'waitQueue');
    waitQueue = { first: p.num(w.first, 'waitQueue.first'), ...(w.last !== undefined ? { last: p.num(w.last, 'waitQueue.last') } : {}) };
  }
  let allocator: Profile['allocator'] = null;
  if (o.allocator !== undefined) {
    const a = p.obj(o.allocator, 'allocator');
    allocator = {
      alloc: p.str(a.alloc, 'allocator.alloc'),
      free: p.str(a.free, 'allocator.free'),
      sizeArg: a.sizeArg === undefined ? 0 : p.num(a.sizeArg, 'allocator.sizeArg'),
      ptrArg: a.ptrArg === undefined ? 0 : p.num(a.ptrArg, 'allocator.ptrArg'),
    };
  }
  if (!Array.isArray(o.cpus) || o.cpus.length === 0) p.fail('cpus', 'expected a non-empty array of CPU ids');
  return {
    file,
    name: p.str(o.name, 'name'),
    description: o.description === undefined ? '' : p.str(o.description, 'description'),
    cpus: (o.cpus as unknown[]).map((c, i) => p.str(c, `cpus[${i}]`)),
    pointerSize: ps as 2 | 4,
    banner: o.banner === undefined ? null : p.str(o.banner, 'banner'),
    roots,
    lists,
    waitQueue,
    task,
    heap,
    semaphore: opt('semaphore', ['count']),
    mailbox,
    timer: opt('timer', ['remaining']),
    event: opt('event', []),
    allocator,
  };
}

export function profilesDir(): string {
  return join(projectRoot(), 'firmware', 'profiles');
}

export function loadProfileFile(file: string): Profile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, '', `cannot read profile: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseProfile(text, file);
}

/** The shipped profiles that apply to a CPU. */
export function builtinProfiles(cpu: string): Profile[] {
  const dir = profilesDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadProfileFile(join(dir, f)))
    .filter((p) => p.cpus.includes(cpu));
}
