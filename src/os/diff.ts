/**
 * What changed in the kernel between two readings: tasks that appeared, ended or changed state,
 * priority, wait or stack high-water mark; heap chunks allocated, freed, split or merged;
 * semaphore counts, queued messages, timers and events; findings that appeared or cleared.
 */
import { hex } from '../core/errors.js';
import type { Finding, HeapChunk, OsState, TaskInfo } from './types.js';

export interface Change {
  /** 'task' | 'chunk' | 'semaphore' | 'mailbox' | 'timer' | 'event' | 'heap' */
  object: string;
  address: number;
  name: string | null;
  /** 'added' | 'removed' | a field name */
  what: string;
  from: string | number | boolean | null;
  to: string | number | boolean | null;
}

export interface OsDiff {
  fromCycle: number;
  toCycle: number;
  changes: Change[];
  newFindings: Finding[];
  clearedFindings: Finding[];
}

function waitText(t: TaskInfo): string | null {
  if (!t.wait) return null;
  return `${t.wait.type}${t.wait.address !== null ? ` ${hex(t.wait.address)}` : ''}`;
}

function byAddress<T extends { address: number }>(list: T[]): Map<number, T> {
  return new Map(list.map((x) => [x.address, x]));
}

function compareSets<T extends { address: number }>(
  object: string, a: T[], b: T[], name: (x: T) => string | null, fields: [string, (x: T) => string | number | boolean | null][], out: Change[],
): void {
  const ma = byAddress(a);
  const mb = byAddress(b);
  for (const [addr, x] of ma) if (!mb.has(addr)) out.push({ object, address: addr, name: name(x), what: 'removed', from: null, to: null });
  for (const [addr, y] of mb) {
    const x = ma.get(addr);
    if (!x) {
      out.push({ object, address: addr, name: name(y), what: 'added', from: null, to: null });
      continue;
    }
    for (const [field, get] of fields) {
      const fa = get(x);
      const fb = get(y);
      if (fa !== fb) out.push({ object, address: addr, name: name(y), what: field, from: fa, to: fb });
    }
  }
}

const findingKey = (f: Finding): string => `${f.kind}|${f.address ?? ''}|${f.task ?? ''}`;

export function diffOsState(a: OsState, b: OsState): OsDiff {
  const changes: Change[] = [];
  compareSets<TaskInfo>('task', a.tasks, b.tasks, (t) => t.name, [
    ['state', (t) => t.state],
    ['priority', (t) => t.priority],
    ['wait', waitText],
    ['stackHighWater', (t) => t.stackHighWater],
  ], changes);
  const chunks = (s: OsState): HeapChunk[] => (s.heaps ?? (s.heap ? [s.heap] : [])).flatMap((h) => h.chunks);
  compareSets<HeapChunk>('chunk', chunks(a), chunks(b), (c) => c.ownerName, [
    ['free', (c) => c.free],
    ['size', (c) => c.size],
    ['owner', (c) => c.ownerName],
  ], changes);
  compareSets('semaphore', a.semaphores, b.semaphores, (x) => x.name, [
    ['count', (x) => x.count],
    ['waiting', (x) => x.waiting.length],
  ], changes);
  compareSets('mailbox', a.mailboxes, b.mailboxes, (x) => x.name, [
    ['messages', (x) => x.messages.length],
    ['waiting', (x) => x.waiting.length],
  ], changes);
  compareSets('timer', a.timers, b.timers, (x) => x.name, [
    ['active', (x) => x.active],
    ['period', (x) => x.period],
  ], changes);
  compareSets('event', a.events, b.events, (x) => x.name, [
    ['flags', (x) => x.flags],
    ['waiting', (x) => x.waiting.length],
  ], changes);
  if (a.heap && b.heap && (a.heap.totalFree !== b.heap.totalFree || a.heap.intact !== b.heap.intact)) {
    changes.push({ object: 'heap', address: b.heap.address, name: b.heap.name ?? null, what: 'totalFree', from: a.heap.totalFree, to: b.heap.totalFree });
    if (a.heap.intact !== b.heap.intact) changes.push({ object: 'heap', address: b.heap.address, name: b.heap.name ?? null, what: 'intact', from: a.heap.intact, to: b.heap.intact });
  }
  const ka = new Set(a.findings.map(findingKey));
  const kb = new Set(b.findings.map(findingKey));
  return {
    fromCycle: a.cycle,
    toCycle: b.cycle,
    changes,
    newFindings: b.findings.filter((f) => !ka.has(findingKey(f))),
    clearedFindings: a.findings.filter((f) => !kb.has(findingKey(f))),
  };
}

export function formatOsDiff(d: OsDiff): string {
  const out = [`changes from cycle ${d.fromCycle} to cycle ${d.toCycle}:`];
  const v = (x: Change['from']): string => (x === null ? '-' : typeof x === 'number' ? String(x) : String(x));
  for (const c of d.changes) {
    const who = `${c.object} ${hex(c.address)}${c.name ? ` "${c.name}"` : ''}`;
    if (c.what === 'added' || c.what === 'removed') out.push(`  ${c.what === 'added' ? '+' : '-'} ${who}`);
    else out.push(`  ~ ${who}: ${c.what} ${v(c.from)} -> ${v(c.to)}`);
  }
  if (d.changes.length === 0) out.push('  (no changes)');
  for (const f of d.newFindings) out.push(`  new finding: ${f.severity.toUpperCase()} ${f.kind}: ${f.message}`);
  for (const f of d.clearedFindings) out.push(`  cleared finding: ${f.kind}: ${f.message}`);
  return out.join('\n');
}
