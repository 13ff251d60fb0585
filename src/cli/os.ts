/**
 * `bytebos os`: boot an image, run it to a point, and show the kernel's state as the OS-aware
 * layer reads it from RAM: tasks, heap, semaphores, message boxes, timers, events, findings.
 */
import { UserError, hex } from '../core/errors.js';
import { describeStop } from '../core/machine.js';
import { createOsView, formatHeap, formatTasks, table } from '../os/index.js';
import type { OsState } from '../os/types.js';
import { diffOsState, formatOsDiff } from '../os/diff.js';
import { explore, formatExplore } from '../os/explore.js';
import { openSession, parseAddress, parseNumber, serialInput, type MachineOptions } from './common.js';
import type { Machine } from '../core/machine.js';
import type { SymbolTable } from '../loaders/symbols.js';

export const OS_VIEWS = ['all', 'tasks', 'heap', 'sems', 'mboxes', 'timers', 'events', 'findings'] as const;

export interface OsOptions extends MachineOptions {
  afterCycles?: string;
  until?: string;
  profile?: string;
  json?: boolean;
  discover?: boolean;
  serialIn?: string;
  diffFrom?: string;
  explore?: boolean;
}

export function formatOsState(s: OsState, view: string): string {
  const out: string[] = [];
  const k = s.kernel;
  if (view === 'all') {
    out.push(`kernel: ${k.profile}${k.banner ? ` — "${k.banner}"` : ''}`);
    out.push(`found by ${k.foundBy}${k.foundBy === 'discovery' ? ` (confidence ${(k.confidence * 100).toFixed(0)}%)` : ''}; ${k.notes.join('; ')}`);
    out.push(`at cycle ${s.cycle}`);
    out.push('');
  }
  if (view === 'all' || view === 'tasks') out.push(`Tasks (${s.tasks.length}):`, formatTasks(s.tasks), '');
  if (view === 'all' || view === 'heap') {
    for (const h of s.heaps ?? (s.heap ? [s.heap] : [])) out.push(h === s.heap ? 'Heap (alloc_fmem):' : `Memory object "${h.name ?? hex(h.address)}":`, formatHeap(h), '');
  }
  if ((view === 'all' || view === 'sems') && s.semaphores.length) {
    out.push('Semaphores:', table([['address', 'name', 'count', 'waiting'], ...s.semaphores.map((x) => [hex(x.address), x.name ?? '', String(x.count), x.waiting.map((w) => taskName(s, w)).join(', ')])]), '');
  }
  if ((view === 'all' || view === 'mboxes') && s.mailboxes.length) {
    out.push('Message boxes:', table([['address', 'name', 'messages', 'waiting', 'contents (oldest first)'], ...s.mailboxes.map((x) => [hex(x.address), x.name ?? '', String(x.messages.length), x.waiting.map((w) => taskName(s, w)).join(', '), x.messages.map((m) => `[${m.size}] ${m.data.slice(0, 16)}`).join(' ')])]), '');
  }
  if ((view === 'all' || view === 'timers') && s.timers.length) {
    out.push('Timers:', table([['address', 'name', 'active', 'remaining', 'period', 'target'], ...s.timers.map((x) => [hex(x.address), x.name ?? '', x.active ? 'yes' : 'no', String(x.remaining), String(x.period), x.target !== null ? hex(x.target) : ''])]), '');
  }
  if ((view === 'all' || view === 'events') && s.events.length) {
    out.push('Events:', table([['address', 'name', 'flags', 'waiting'], ...s.events.map((x) => [hex(x.address), x.name ?? '', hex(x.flags), x.waiting.map((w) => taskName(s, w)).join(', ')])]), '');
  }
  if (view === 'all' || view === 'findings') {
    if (s.findings.length === 0) out.push('Findings: none');
    else out.push('Findings:', ...s.findings.map((f) => `  ${f.severity.toUpperCase()} ${f.kind}: ${f.message}`));
  }
  return out.join('\n').trimEnd();
}

function taskName(s: OsState, a: number): string {
  return s.tasks.find((t) => t.address === a)?.name ?? hex(a);
}

export async function osCommand(imagePath: string, view: string | undefined, o: OsOptions): Promise<number> {
  const v = view ?? 'all';
  if (!(OS_VIEWS as readonly string[]).includes(v)) throw new UserError(`unknown view "${v}" (views: ${OS_VIEWS.join(', ')})`);
  if (o.afterCycles !== undefined && o.until !== undefined) throw new UserError('give --after-cycles or --until, not both');
  const s = await openSession(imagePath, o);
  const m = s.machine;
  if (o.explore) return exploreCommand(s.machine, s.symbols, view, o);
  const os = createOsView(m, { profile: o.profile, symbols: s.symbols, discover: o.discover, imageBytes: s.image.bytes, track: true });
  if (o.serialIn !== undefined) m.serial().send(serialInput(o.serialIn));
  const diffFrom = o.diffFrom !== undefined ? parseNumber(o.diffFrom, '--diff-from') : null;
  if (diffFrom !== null && o.until !== undefined) throw new UserError('--diff-from works with --after-cycles, not --until');
  let before: OsState | null = null;
  let limit = o.afterCycles !== undefined ? parseNumber(o.afterCycles, '--after-cycles') : Math.round(m.clockHz / 2);
  let note = '';
  if (o.until !== undefined) {
    const at = parseAddress(o.until, '--until', s.symbols);
    m.hooks.breakpoints.add(at);
    limit = Number.MAX_SAFE_INTEGER;
    const stop = m.runUntilCycle(Math.min(limit, 1e12));
    if (!stop || stop.kind !== 'breakpoint' || stop.pc !== at) note = stop ? describeStop(stop) : 'limit reached';
  } else {
    // Run in steps so discovery can sample which word follows the running task.
    const steps = 32;
    for (let i = 1; i <= steps; i++) {
      const target = Math.round((limit * i) / steps);
      if (diffFrom !== null && before === null && target >= diffFrom) {
        const stop = m.runUntilCycle(diffFrom);
        os.sample();
        before = os.read();
        if (stop) {
          note = describeStop(stop);
          break;
        }
      }
      const stop = m.runUntilCycle(target);
      os.sample();
      if (stop) {
        note = describeStop(stop);
        break;
      }
    }
  }
  const state = os.read();
  if (diffFrom !== null) {
    if (before === null) throw new UserError(`--diff-from ${diffFrom} is not before the end of the run (cycle ${m.scheduler.now})`);
    const d = diffOsState(before, state);
    if (o.json) process.stdout.write(JSON.stringify(d, null, 2) + '\n');
    else process.stdout.write(formatOsDiff(d) + '\n');
    return 0;
  }
  if (o.json) {
    process.stdout.write(JSON.stringify({ ...state, stop: note || null, serial: m.serial().outputText() }, null, 2) + '\n');
  } else {
    if (note) process.stderr.write(`bytebos: the machine stopped early: ${note}\n`);
    process.stdout.write(formatOsState(state, v) + '\n');
  }
  return 0;
}

/** --explore: run like `bytebos os`, then look for the kernel's lists without a profile. */
function exploreCommand(m: Machine, symbols: SymbolTable | null, view: string | undefined, o: OsOptions): number {
  if (view !== undefined) throw new UserError('--explore shows its own report: leave out the view');
  if (o.diffFrom !== undefined || o.profile !== undefined) throw new UserError('--explore needs no --profile and does not combine with --diff-from');
  if (o.serialIn !== undefined) m.serial().send(serialInput(o.serialIn));
  let stop;
  if (o.until !== undefined) {
    const at = parseAddress(o.until, '--until', symbols);
    m.hooks.breakpoints.add(at);
    stop = m.runUntilCycle(1e12);
    if (stop && stop.kind === 'breakpoint' && stop.pc === at) stop = null;
  } else {
    stop = m.runUntilCycle(o.afterCycles !== undefined ? parseNumber(o.afterCycles, '--after-cycles') : Math.round(m.clockHz / 2));
  }
  const note = stop ? describeStop(stop) : '';
  const r = explore(m);
  if (o.json) {
    process.stdout.write(JSON.stringify({ ...r, cycle: m.scheduler.now, stop: note || null }, null, 2) + '\n');
  } else {
    if (note) process.stderr.write(`bytebos: the machine stopped early: ${note}\n`);
    process.stdout.write(`at cycle ${m.scheduler.now}\n${formatExplore(r)}\n`);
  }
  return 0;
}
