/**
 * The debugger's command line (MAME-like names). `runCommand` parses one line and acts on
 * the engine and the view state; it never throws for bad input: errors come back in
 * `CommandResult.error` so the UI shows them on the command line.
 *
 * Arguments are separated by spaces, or by commas when any comma is present (so an
 * expression may contain spaces: `dump a0 + 10, 40`). A condition after `if` runs to the end
 * of the line (or to ` task NAME`).
 */
import { writeFileSync } from 'node:fs';
import type { OsState, TaskInfo } from '../os/types.js';
import { DebugEngine, DebugError, hexw, type WatchMode } from './engine.js';
import { decodeFlags, type DisasmView } from './panels.js';

export interface MemoryView {
  addr: number;
  /** Expression the memory panel follows (re-evaluated on every refresh), or null. */
  follow: string | null;
}

export interface CommandHost {
  engine: DebugEngine;
  memory: MemoryView;
  disasm: DisasmView;
  /** Ask to leave the debugger (the UI confirms while running). */
  quit(): void;
}

export interface CommandResult {
  /** One line for the message row. */
  message?: string;
  /** Several lines for the output pane. */
  output?: string[];
  error?: string;
}

interface CommandSpec {
  names: string[];
  usage: string;
  help: string;
  run(host: CommandHost, args: string, line: string): CommandResult;
}

const HELP_KEYS = [
  'Keys: F5 run/continue  F6 pause  F10 step over  F11 step into  Shift-F11 out',
  '  F9 breakpoint at the disassembly cursor   Tab/Shift-Tab next/previous panel',
  '  q quit (from a panel; asks while running)  Esc closes this   PgUp/PgDn scroll',
  '  Disassembly: Up/Down/PgUp/PgDn move the cursor, Enter or . follows the PC;',
  '    s step, n over, f out, c continue, p pause, b breakpoint, r run to cursor',
  '  Memory: Up/Down/PgUp/PgDn scroll, g goes to an address',
  '  Console: keys go to the firmware.  Tasks: Up/Down, Enter shows the task',
  '  Command line: Up/Down history; Tab completes (on an empty line: next panel);',
  '    Enter on an empty line repeats step/over/out',
  '',
  'Expressions: numbers are hex (1F00, 0x1F00, $1F00, 1F00h), #100 is decimal,',
  "  'A' a character; registers (pc, sp, d0...), symbols (main, Task_Start+4);",
  '  b@addr w@addr l@addr read 8/16/32 bits; operators + - * / % & | ^ ~ << >>',
  '  == != < <= > >= && || ! and parentheses',
  '',
];

function splitArgs(s: string): string[] {
  const t = s.trim();
  if (t === '') return [];
  if (t.includes(',')) return t.split(',').map((x) => x.trim());
  return t.split(/\s+/);
}

/** Splits "expr [if cond] [task NAME]" (if/task in either order). */
function splitCondTask(s: string): { head: string; cond: string | null; task: string | null } {
  let head = s;
  let cond: string | null = null;
  let task: string | null = null;
  const taskM = /(?:^|\s)task\s+(\S+)\s*$/i.exec(head);
  if (taskM) {
    task = taskM[1];
    head = head.slice(0, taskM.index);
  }
  const ifM = /(?:^|\s)if\s+(.*)$/i.exec(head);
  if (ifM) {
    cond = ifM[1].trim();
    head = head.slice(0, ifM.index);
    const t2 = /\s+task\s+(\S+)\s*$/i.exec(cond);
    if (t2 && task === null) {
      task = t2[1];
      cond = cond.slice(0, t2.index).trim();
    }
  }
  return { head: head.trim(), cond: cond || null, task };
}

/** Breakpoint/watchpoint ids are decimal, with or without '#'. */
function parseId(s: string): number {
  const m = /^#?(\d+)$/.exec(s.trim());
  if (!m) throw new DebugError(`"${s}" is not an id (bplist/wplist show them: #1, #2...)`);
  return Number(m[1]);
}

function need(args: string[], min: number, usage: string): void {
  if (args.length < min) throw new DebugError(`usage: ${usage}`);
}

function count(e: DebugEngine, text: string | undefined, dflt: number, what: string): number {
  if (text === undefined || text === '') return dflt;
  const n = e.evaluate(text);
  if (n < 1) throw new DebugError(`${what} must be at least 1`);
  return n;
}

/** Bytes of a find/fill pattern: expressions (bytes) and "strings". */
function patternBytes(e: DebugEngine, parts: string[]): number[] {
  const out: number[] = [];
  for (const p of parts) {
    const m = /^"(.*)"$/.exec(p);
    if (m) for (const ch of m[1]) out.push(ch.charCodeAt(0) & 0xff);
    else {
      const v = e.evaluate(p);
      if (v > 0xff) throw new DebugError(`pattern value ${hexw(v, 0)} is wider than a byte`);
      out.push(v);
    }
  }
  if (out.length === 0) throw new DebugError('an empty pattern');
  return out;
}

/** Split keeping "quoted strings" whole. */
function splitPattern(s: string): string[] {
  const out: string[] = [];
  const re = /"[^"]*"|[^\s,]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.push(m[0]);
  return out;
}

export function hexDumpLines(e: DebugEngine, addr: number, len: number): string[] {
  const lines: string[] = [];
  const digits = Math.ceil(e.cpu.info.addrBits / 4);
  for (let a = addr; a < addr + len; a += 16) {
    const n = Math.min(16, addr + len - a);
    let hx = '';
    let asc = '';
    for (let i = 0; i < n; i++) {
      const b = e.machine.bus.peek8((a + i) >>> 0);
      hx += `${hexw(b, 2)} `;
      asc += b >= 32 && b < 127 ? String.fromCharCode(b) : '.';
    }
    lines.push(`${hexw(a, digits)}  ${hx.padEnd(48)} ${asc}`);
  }
  return lines;
}

function taskTable(st: OsState): string[] {
  const lines = ['#  Name             State      Pri  TCB       Saved PC  Stack used/size  Wait'];
  st.tasks.forEach((t, i) => {
    const size = t.stackLow !== null && t.stackHigh !== null ? t.stackHigh - t.stackLow : null;
    const stack = t.stackUsed !== null ? `${t.stackUsed}/${size ?? '?'}` : '-';
    const wait = t.wait ? `${t.wait.type}${t.wait.address !== null ? ` ${hexw(t.wait.address, 0)}` : ''}${t.wait.timeout !== null ? ` (${t.wait.timeout} ticks)` : ''}` : '';
    lines.push(
      `${String(i).padEnd(2)} ${(t.current ? '>' : ' ') + t.name.padEnd(16)} ${(t.current ? 'running' : t.state).padEnd(10)} ${String(t.priority).padStart(3)}  ` +
        `${hexw(t.address, 8)}  ${t.savedPc !== null ? hexw(t.savedPc, 8) : '-'.padEnd(8)}  ${stack.padEnd(15)}  ${wait}`,
    );
  });
  for (const f of st.findings.filter((x) => x.task !== undefined || x.kind.startsWith('stack') || x.kind === 'deadlock')) lines.push(`${f.severity}: ${f.message}`);
  return lines;
}

function findTask(st: OsState, which: string): TaskInfo {
  if (/^\d+$/.test(which) && Number(which) < st.tasks.length) return st.tasks[Number(which)];
  const t = st.tasks.find((x) => x.name.toLowerCase() === which.toLowerCase());
  if (!t) throw new DebugError(`no task "${which}" (tasks: ${st.tasks.map((x, i) => `${i} ${x.name}`).join(', ')})`);
  return t;
}

function osState(e: DebugEngine): OsState {
  const r = e.osRead();
  if (r.error) throw new DebugError(`OS layer: ${r.error}`);
  if (!r.state) throw new DebugError('no kernel recognised');
  return r.state;
}

export const COMMANDS: CommandSpec[] = [
  {
    names: ['help', 'h', '?'],
    usage: 'help [command]',
    help: 'this list, or one command\'s usage',
    run: (_h, args) => {
      const a = args.trim().toLowerCase();
      if (a) {
        const c = COMMANDS.find((x) => x.names.includes(a));
        if (!c) throw new DebugError(`no command "${a}"`);
        return { message: `${c.usage} - ${c.help}` };
      }
      const out = [...HELP_KEYS, 'Commands:'];
      // Wrapped to fit 80 columns: usage, then the description in a column of its own.
      for (const c of COMMANDS) {
        const words = `${c.help}${c.names.length > 1 ? ` (also ${c.names.slice(1).join(', ')})` : ''}`.split(' ');
        let line = `  ${c.usage.padEnd(30)} `;
        let fresh = true;
        for (const w of words) {
          if (!fresh && line.length + 1 + w.length > 78) {
            out.push(line);
            line = ' '.repeat(33);
            fresh = true;
          }
          line += (fresh ? '' : ' ') + w;
          fresh = false;
        }
        out.push(line);
      }
      return { output: out };
    },
  },
  {
    names: ['bp', 'bpset'],
    usage: 'bp addr [if cond] [task NAME]',
    help: 'breakpoint, optionally conditional and/or only while task NAME runs',
    run: (h, args) => {
      const { head, cond, task } = splitCondTask(args);
      need(head ? [head] : [], 1, 'bp addr [if cond] [task NAME]');
      const e = h.engine;
      const addr = e.evaluate(head);
      const bp = e.addBreakpoint(addr, cond, task);
      let warn = '';
      if (task !== null) {
        const st = e.osRead().state;
        if (!st) warn = ' (no kernel recognised yet: it cannot fire until one is)';
        else if (!st.tasks.some((t) => t.name.toLowerCase() === task.toLowerCase())) warn = ` (no task named ${task} now)`;
      }
      return { message: `breakpoint #${bp.id} at ${e.where(addr)}${cond ? ` if ${cond}` : ''}${task ? ` task ${task}` : ''}${warn}` };
    },
  },
  {
    names: ['bpclear', 'bpc'],
    usage: 'bpclear [id]',
    help: 'remove one breakpoint, or all',
    run: (h, args) => {
      const a = splitArgs(args);
      const n = h.engine.clearBreakpoint(a[0] !== undefined ? parseId(a[0]) : undefined);
      return { message: `${n} breakpoint${n === 1 ? '' : 's'} removed` };
    },
  },
  {
    names: ['bpdisable', 'bpd'],
    usage: 'bpdisable id',
    help: 'disable a breakpoint',
    run: (h, args) => {
      const a = splitArgs(args);
      need(a, 1, 'bpdisable id');
      h.engine.setBreakpointEnabled(parseId(a[0]), false);
      return { message: `breakpoint ${a[0]} disabled` };
    },
  },
  {
    names: ['bpenable', 'bpe'],
    usage: 'bpenable id',
    help: 'enable a breakpoint',
    run: (h, args) => {
      const a = splitArgs(args);
      need(a, 1, 'bpenable id');
      h.engine.setBreakpointEnabled(parseId(a[0]), true);
      return { message: `breakpoint ${a[0]} enabled` };
    },
  },
  {
    names: ['bplist', 'bpl'],
    usage: 'bplist',
    help: 'list breakpoints',
    run: (h) => {
      const e = h.engine;
      const list = e.breakpoints();
      if (list.length === 0) return { message: 'no breakpoints' };
      return {
        output: list.map((b) => `#${b.id} ${b.enabled ? '  ' : 'off'} ${e.where(b.addr)}${b.condition ? ` if ${b.condition}` : ''}${b.task ? ` task ${b.task}` : ''}  hits ${b.hits}`),
      };
    },
  },
  {
    names: ['wp', 'wpset'],
    usage: 'wp addr len r|w|rw [if cond]',
    help: 'watchpoint; cond may use wpaddr, wpdata',
    run: (h, args) => {
      const { head, cond } = splitCondTask(args);
      const a = splitArgs(head);
      need(a, 3, 'wp addr len r|w|rw [if cond]');
      const mode = a[2].toLowerCase();
      if (mode !== 'r' && mode !== 'w' && mode !== 'rw') throw new DebugError(`wp: access must be r, w or rw, not "${a[2]}"`);
      const e = h.engine;
      const addr = e.evaluate(a[0]);
      const len = count(e, a[1], 1, 'length');
      const w = e.addWatchpoint(addr, len, mode as WatchMode, cond);
      return { message: `watchpoint #${w.id} on ${mode} of ${e.where(addr)}..${hexw(addr + len - 1, 0)}${cond ? ` if ${cond}` : ''}` };
    },
  },
  {
    names: ['wpclear', 'wpc'],
    usage: 'wpclear [id]',
    help: 'remove one watchpoint, or all',
    run: (h, args) => {
      const a = splitArgs(args);
      const n = h.engine.clearWatchpoint(a[0] !== undefined ? parseId(a[0]) : undefined);
      return { message: `${n} watchpoint${n === 1 ? '' : 's'} removed` };
    },
  },
  {
    names: ['wplist', 'wpl'],
    usage: 'wplist',
    help: 'list watchpoints',
    run: (h) => {
      const e = h.engine;
      const list = e.watchpoints();
      if (list.length === 0) return { message: 'no watchpoints' };
      return { output: list.map((w) => `#${w.id} ${w.mode.padEnd(2)} ${e.where(w.addr)} len ${hexw(w.len, 0)}${w.condition ? ` if ${w.condition}` : ''}  hits ${w.hits}`) };
    },
  },
  {
    names: ['go', 'g'],
    usage: 'go [addr]',
    help: 'run (until addr)',
    run: (h, args) => {
      const e = h.engine;
      const a = args.trim();
      if (a) e.go(e.evaluate(a));
      else e.go();
      h.disasm.follow = true;
      return { message: a ? `running until ${e.where(e.evaluate(a))}` : 'running' };
    },
  },
  {
    names: ['step', 's'],
    usage: 'step [n]',
    help: 'execute n instructions (default 1), into calls',
    run: (h, args) => {
      h.engine.step(count(h.engine, args.trim(), 1, 'step count'));
      h.disasm.follow = true;
      return {};
    },
  },
  {
    names: ['over', 'o'],
    usage: 'over',
    help: 'step over a call',
    run: (h) => {
      h.engine.over();
      h.disasm.follow = true;
      return {};
    },
  },
  {
    names: ['out'],
    usage: 'out',
    help: 'run until the current subroutine returns',
    run: (h) => {
      h.engine.out();
      h.disasm.follow = true;
      return {};
    },
  },
  {
    names: ['until', 'u'],
    usage: 'until addr',
    help: 'run until the PC reaches addr',
    run: (h, args) => {
      need(splitArgs(args), 1, 'until addr');
      h.engine.until(h.engine.evaluate(args));
      h.disasm.follow = true;
      return {};
    },
  },
  {
    names: ['pause', 'stop'],
    usage: 'pause',
    help: 'stop the running machine (F6)',
    run: (h) => {
      if (!h.engine.running) return { message: 'not running' };
      h.engine.pause();
      return {};
    },
  },
  {
    names: ['dump', 'd'],
    usage: 'dump addr [len]',
    help: 'hex and ASCII dump (len default 80)',
    run: (h, args) => {
      const a = splitArgs(args);
      need(a, 1, 'dump addr [len]');
      const e = h.engine;
      const addr = e.evaluate(a[0]);
      const len = Math.min(count(e, a[1], 0x80, 'length'), 0x10000);
      return { output: hexDumpLines(e, addr, len) };
    },
  },
  {
    names: ['dasm'],
    usage: 'dasm addr [n]',
    help: 'disassemble n instructions (default 20)',
    run: (h, args) => {
      const a = splitArgs(args);
      need(a, 1, 'dasm addr [n]');
      const e = h.engine;
      let addr = e.evaluate(a[0]);
      const n = Math.min(count(e, a[1], 0x14, 'count'), 0x1000);
      const out: string[] = [];
      const digits = Math.ceil(e.cpu.info.addrBits / 4);
      for (let i = 0; i < n; i++) {
        const l = e.label(addr, 0);
        if (l) out.push(`${l}:`);
        const d = e.disassemble(addr);
        out.push(`${e.hasBreakpoint(addr) ? '*' : ' '}${hexw(addr, digits)}  ${d.text}`);
        addr = (addr + Math.max(1, d.length)) >>> 0;
      }
      return { output: out };
    },
  },
  {
    names: ['code'],
    usage: 'code addr',
    help: 'show addr in the Disassembly panel (Enter there follows the PC again)',
    run: (h, args) => {
      need(splitArgs(args), 1, 'code addr');
      const a = h.engine.evaluate(args);
      h.disasm.follow = false;
      h.disasm.top = a;
      h.disasm.cursor = a;
      return { message: `disassembly at ${h.engine.where(a)}` };
    },
  },
  {
    names: ['mem', 'm'],
    usage: 'mem addr',
    help: 'show addr in the Memory panel',
    run: (h, args) => {
      need(splitArgs(args), 1, 'mem addr');
      h.memory.addr = h.engine.evaluate(args);
      h.memory.follow = null;
      return { message: `memory at ${h.engine.where(h.memory.addr)}` };
    },
  },
  {
    names: ['follow'],
    usage: 'follow expr|off',
    help: 'Memory panel follows an expression (e.g. a0, sp, l@buf_ptr)',
    run: (h, args) => {
      const a = args.trim();
      need(a ? [a] : [], 1, 'follow expr|off');
      if (a.toLowerCase() === 'off') {
        h.memory.follow = null;
        return { message: 'memory no longer follows an expression' };
      }
      h.memory.addr = h.engine.evaluate(a);
      h.memory.follow = a;
      return { message: `memory follows ${a}` };
    },
  },
  {
    names: ['set'],
    usage: 'set reg=value',
    help: 'change a register (value is an expression)',
    run: (h, args) => {
      const m = /^\s*([A-Za-z_][\w]*)\s*(?:=|\s)\s*(.+)$/.exec(args);
      if (!m) throw new DebugError('usage: set reg=value');
      const e = h.engine;
      const v = e.evaluate(m[2]);
      e.setReg(m[1], v);
      if (e.regName(m[1]) === 'PC') h.disasm.follow = true;
      return { message: `${e.regName(m[1])} = ${hexw(e.getReg(m[1]), 0)}` };
    },
  },
  {
    names: ['regs'],
    usage: 'regs',
    help: 'all registers (the panel may leave out banked ones)',
    run: (h) => {
      const e = h.engine;
      const out: string[] = [];
      for (const r of e.cpu.info.registers) {
        const v = e.cpu.getReg(r.name) >>> 0;
        const l = e.label(v, 0x1000);
        out.push(`${r.name.padEnd(12)} ${hexw(v, r.bits / 4).padEnd(8)}  ${r.flags ? decodeFlags(v, r.flags) : l ?? ''}`);
      }
      return { output: out };
    },
  },
  {
    names: ['fill'],
    usage: 'fill addr len v1 [v2 ...]',
    help: 'fill RAM with a byte pattern (values or "text")',
    run: (h, args) => {
      const parts = splitPattern(args);
      need(parts, 3, 'fill addr len v1 [v2 ...]');
      const e = h.engine;
      const addr = e.evaluate(parts[0]);
      const len = count(e, parts[1], 1, 'length');
      const pat = patternBytes(e, parts.slice(2));
      let failed = 0;
      for (let i = 0; i < len; i++) if (!e.machine.bus.poke8((addr + i) >>> 0, pat[i % pat.length])) failed++;
      return failed ? { error: `fill: ${failed} of ${len} bytes are not RAM/ROM and were not written` } : { message: `filled ${hexw(len, 0)} bytes at ${e.where(addr)}` };
    },
  },
  {
    names: ['find', 'f'],
    usage: 'find addr len v1 [v2 ...]',
    help: 'search memory for a byte pattern (values or "text")',
    run: (h, args) => {
      const parts = splitPattern(args);
      need(parts, 3, 'find addr len v1 [v2 ...]');
      const e = h.engine;
      const addr = e.evaluate(parts[0]);
      const len = count(e, parts[1], 1, 'length');
      const pat = patternBytes(e, parts.slice(2));
      const hits: string[] = [];
      const bus = e.machine.bus;
      for (let i = 0; i + pat.length <= len && hits.length < 200; i++) {
        let ok = true;
        for (let k = 0; k < pat.length && ok; k++) ok = bus.peek8((addr + i + k) >>> 0) === pat[k];
        if (ok) hits.push(`found at ${e.where((addr + i) >>> 0)}`);
      }
      if (hits.length === 0) return { message: 'not found' };
      return hits.length === 1 ? { message: hits[0] } : { output: hits };
    },
  },
  {
    names: ['print', 'p'],
    usage: 'print expr',
    help: 'evaluate an expression (hex, decimal, symbol)',
    run: (h, args) => {
      const e = h.engine;
      const v = e.evaluate(args);
      const l = e.label(v, 0x1000);
      return { message: `${hexw(v, 0)}  #${v}  ${(v | 0) < 0 ? `(${v | 0}) ` : ''}${l ?? ''}`.trim() };
    },
  },
  {
    names: ['history', 'hist'],
    usage: 'history [n|on|off]',
    help: 'recently executed PCs, newest last; off runs faster',
    run: (h, args) => {
      const e = h.engine;
      const a = args.trim().toLowerCase();
      if (a === 'on' || a === 'off') {
        e.historyEnabled = a === 'on';
        return { message: `PC history ${a}` };
      }
      if (!e.historyEnabled) return { message: 'PC history is off ("history on" records it again)' };
      const n = Math.min(count(e, args.trim(), 0x20, 'count'), 0x1000);
      const pcs = e.history(n);
      if (pcs.length === 0) return { message: 'no history yet' };
      return { output: pcs.map((pc, i) => `${String(i - pcs.length).padStart(5)}  ${e.where(pc).padEnd(28)} ${e.disassemble(pc).text}`) };
    },
  },
  {
    names: ['trace'],
    usage: 'trace file|off',
    help: 'write every executed instruction to a file',
    run: (h, args) => {
      const a = args.trim();
      need(a ? [a] : [], 1, 'trace file|off');
      if (a.toLowerCase() === 'off') {
        const r = h.engine.traceStop();
        return { message: r ? `trace closed: ${r.lines} lines in ${r.file}` : 'no trace was on' };
      }
      h.engine.traceStart(a);
      return { message: `tracing to ${a}` };
    },
  },
  {
    names: ['tasks'],
    usage: 'tasks',
    help: 'the kernel\'s tasks in detail',
    run: (h) => ({ output: taskTable(osState(h.engine)) }),
  },
  {
    names: ['task'],
    usage: 'task N|name',
    help: 'a task\'s saved context (registers saved when it was switched out)',
    run: (h, args) => {
      const a = args.trim();
      need(a ? [a] : [], 1, 'task N|name');
      const e = h.engine;
      const st = osState(e);
      const t = findTask(st, a);
      const out = [
        `${t.name}  TCB ${hexw(t.address, 8)}  ${t.current ? 'running (live registers are in the Registers panel)' : t.state}  priority ${t.priority}`,
        `saved PC ${t.savedPc !== null ? e.where(t.savedPc) : '?'}   saved SP ${t.savedSp !== null ? hexw(t.savedSp, 8) : '?'}`,
        `stack ${t.stackLow !== null ? hexw(t.stackLow, 8) : '?'}..${t.stackHigh !== null ? hexw(t.stackHigh, 8) : '?'}  used ${t.stackUsed ?? '?'}  high water ${t.stackHighWater ?? '?'}`,
      ];
      if (t.wait) out.push(`waiting on ${t.wait.type}${t.wait.address !== null ? ` at ${e.where(t.wait.address)}` : ''}${t.wait.timeout !== null ? `, ${t.wait.timeout} ticks left` : ''}`);
      if (t.savedSp !== null && !t.current) {
        out.push('saved context on its stack:');
        const w = e.cpu.info.stackWidth;
        for (let i = 0; i < 16; i++) {
          const addr = (t.savedSp + i * w) >>> 0;
          const v = w === 4 ? e.machine.bus.peek32(addr) : w === 2 ? e.machine.bus.peek16(addr) : e.machine.bus.peek8(addr);
          const l = e.label(v, 0x1000);
          out.push(`  SP+${hexw(i * w, 2)}  ${hexw(v, w * 2)}${l ? `  ${l}` : ''}`);
        }
      }
      if (t.trace.length > 0) {
        out.push('recent kernel calls:');
        for (const r of t.trace.slice(-8)) out.push(`  ${r.kind} ${r.service} ${r.values.map((v) => hexw(v, 0)).join(' ')}`);
      }
      return { output: out };
    },
  },
  {
    names: ['heap'],
    usage: 'heap [name]',
    help: 'the kernel heap (or another memory object), chunk by chunk',
    run: (h, args) => {
      const e = h.engine;
      const st = osState(e);
      const which = args.trim();
      const all = st.heaps ?? (st.heap ? [st.heap] : []);
      const heap = which ? all.find((x) => (x.name ?? '').toLowerCase() === which.toLowerCase()) : st.heap;
      if (which && !heap) throw new DebugError(`no memory object "${which}" (known: ${all.map((x) => x.name ?? hexw(x.address, 0)).join(', ') || 'none'})`);
      if (!heap) return { message: 'no heap found' };
      const others = all.filter((x) => x !== heap && x.address !== heap.address).map((x) => x.name ?? hexw(x.address, 0));
      const out = [
        `${heap.name ?? 'heap'} ${hexw(heap.start, 8)}..${hexw(heap.end, 8)}: used ${heap.totalUsed}, free ${heap.totalFree}, largest free ${heap.largestFree}, fragmentation ${Math.round(heap.fragmentation * 100)}%, ${heap.intact ? 'intact' : 'BROKEN'}`,
        'Address   Size      State  Owner',
      ];
      for (const c of heap.chunks) {
        const by = c.allocatedBy ? ` (by ${e.where(c.allocatedBy.pc)}${c.allocatedBy.taskName ? ` in ${c.allocatedBy.taskName}` : ''})` : '';
        out.push(`${hexw(c.address, 8)}  ${String(c.size).padEnd(8)}  ${c.free ? 'free ' : 'used '}  ${c.ownerName ?? (c.owner !== null ? hexw(c.owner, 8) : '')}${by}`);
      }
      for (const f of st.findings.filter((x) => x.kind.startsWith('heap') || x.kind === 'double-free')) out.push(`${f.severity}: ${f.message}`);
      if (others.length) out.push(`other memory objects: ${others.join(', ')} ("heap NAME" shows one)`);
      return { output: out };
    },
  },
  {
    names: ['symbols', 'syms'],
    usage: 'symbols [filter]',
    help: 'list symbols (names containing filter)',
    run: (h, args) => {
      const e = h.engine;
      const f = args.trim().toLowerCase();
      const all = e.symbols?.all() ?? [];
      const list = all.filter((s) => !f || s.name.toLowerCase().includes(f));
      if (list.length === 0) return { message: all.length === 0 ? 'the image has no symbols (give --symbols FILE)' : 'no symbol matches' };
      return { output: list.slice(0, 2000).map((s) => `${hexw(s.addr, 8)}  ${s.kind.padEnd(6)} ${s.name}`) };
    },
  },
  {
    names: ['save'],
    usage: 'save file addr len',
    help: 'write memory to a file',
    run: (h, args) => {
      const a = splitArgs(args);
      need(a, 3, 'save file addr len');
      const e = h.engine;
      const addr = e.evaluate(a[1]);
      const len = count(e, a[2], 1, 'length');
      const bytes = new Uint8Array(len);
      for (let i = 0; i < len; i++) bytes[i] = e.machine.bus.peek8((addr + i) >>> 0);
      try {
        writeFileSync(a[0], bytes);
      } catch (err) {
        throw new DebugError(`save: ${(err as Error).message}`);
      }
      return { message: `wrote ${len} bytes to ${a[0]}` };
    },
  },
  {
    names: ['reset'],
    usage: 'reset',
    help: 'power-on reset (breakpoints stay)',
    run: (h) => {
      h.engine.reset();
      h.disasm.follow = true;
      return { message: h.engine.lastStopText };
    },
  },
  {
    names: ['quit', 'q', 'exit'],
    usage: 'quit',
    help: 'leave the debugger',
    run: (h) => {
      h.quit();
      return {};
    },
  },
];

/** Names offered by completion (the main name of each command; aliases still work). */
export const COMMAND_NAMES = COMMANDS.map((c) => c.names[0]);

/** Runs one command line. Never throws for user errors. */
export function runCommand(host: CommandHost, line: string): CommandResult {
  const t = line.trim();
  if (t === '') return {};
  const m = /^(\S+)\s*(.*)$/.exec(t)!;
  const name = m[1].toLowerCase();
  const cmd = COMMANDS.find((c) => c.names.includes(name));
  if (!cmd) return { error: `unknown command "${m[1]}" (help lists them)` };
  try {
    return cmd.run(host, m[2], t);
  } catch (e) {
    if (e instanceof DebugError) return { error: e.message };
    return { error: `${name}: ${(e as Error).message}` };
  }
}

/** Completion candidates for the word being typed at the end of `line`. */
export function complete(host: CommandHost, line: string): { word: string; candidates: string[] } {
  const m = /(\S*)$/.exec(line)!;
  const word = m[1];
  const first = line.slice(0, line.length - word.length).trim() === '';
  let pool: string[];
  if (first) pool = COMMAND_NAMES;
  else {
    const e = host.engine;
    const prev = /(\S+)\s+\S*$/.exec(line)?.[1]?.toLowerCase();
    const tasks = prev === 'task' ? (e.osRead().state?.tasks.map((t) => t.name) ?? []) : [];
    const regs = e.cpu.info.registers.map((r) => r.name.toLowerCase());
    pool = [...tasks, ...regs, ...(e.symbols?.all().map((s) => s.name) ?? []), 'if', 'task', 'off'];
  }
  const lw = word.toLowerCase();
  const candidates = [...new Set(pool.filter((p) => p.toLowerCase().startsWith(lw)))].sort();
  return { word, candidates };
}

/** The longest common prefix (case-insensitive match, first candidate's spelling). */
export function commonPrefix(list: string[]): string {
  if (list.length === 0) return '';
  let p = list[0];
  for (const s of list) {
    let i = 0;
    while (i < p.length && i < s.length && p[i].toLowerCase() === s[i].toLowerCase()) i++;
    p = p.slice(0, i);
  }
  return p;
}
