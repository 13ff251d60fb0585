/**
 * What each debugger panel shows, as lines of blessed-tagged text clipped to the panel's
 * width. Pure functions of the engine and the view state, so they can be tested without a
 * terminal; ui.ts places them on the screen.
 */
import type { OsState, TaskInfo } from '../os/types.js';
import { DASM_ILLEGAL, type RegisterInfo } from '../core/cpu.js';
import { DebugEngine, MAX_INSN_LEN, hexw } from './engine.js';

/** Escape text for blessed tags. */
export function esc(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/** Clip (and pad) plain text to `w` columns. */
export function fit(s: string, w: number): string {
  if (w <= 0) return '';
  return s.length > w ? s.slice(0, w) : s.padEnd(w);
}

/** Plain text clipped to `w`, escaped, wrapped in a style tag. */
export function styled(s: string, w: number, style: string | null): string {
  const t = esc(fit(s, w));
  return style ? `{${style}}${t}{/${style}}` : t;
}

function addrDigits(e: DebugEngine): number {
  return Math.ceil(e.cpu.info.addrBits / 4);
}

// ---- disassembly ----------------------------------------------------------------------------


/**
 * Address of the instruction `n` instructions before `addr`, found by disassembling forward
 * from earlier addresses until one walk lands exactly on `addr` (variable-length code has no
 * reliable way back). Falls back to `addr - n * align`.
 */
export function backStart(e: DebugEngine, addr: number, n: number): number {
  if (n <= 0) return addr;
  const align = e.codeAlign();
  const maxLen = MAX_INSN_LEN[e.cpu.info.id] ?? 8;
  if (maxLen === align) return Math.max(0, addr - n * align);
  for (let back = n * maxLen; back >= n * align; back -= align) {
    const s = addr - back;
    if (s < 0) continue;
    const starts: number[] = [];
    let a = s;
    let ok = true;
    while (a < addr) {
      starts.push(a);
      const d = e.disassemble(a);
      if (d.flags & DASM_ILLEGAL) {
        ok = false;
        break;
      }
      a += Math.max(1, d.length);
    }
    if (ok && a === addr && starts.length >= n) return starts[starts.length - n];
  }
  return Math.max(0, addr - n * align);
}

export interface DisasmView {
  /** First address shown. */
  top: number;
  /** Address of the cursor line (F9 toggles a breakpoint there). */
  cursor: number;
  /** Keep the PC in view. */
  follow: boolean;
}

export interface DisasmRow {
  addr: number;
  /** A label line (symbol at this address) rather than an instruction. */
  label: boolean;
  text: string;
  length: number;
}

/** Rows from `top`: a `name:` row where a symbol starts, then the instruction. */
export function disasmRows(e: DebugEngine, top: number, count: number): DisasmRow[] {
  const rows: DisasmRow[] = [];
  let a = top >>> 0;
  const syms = e.symbols;
  const digits = addrDigits(e);
  while (rows.length < count) {
    const sym = syms?.nearest(a);
    if (sym && sym.offset === 0) rows.push({ addr: a, label: true, text: `${sym.symbol.name}:`, length: 0 });
    if (rows.length >= count) break;
    const d = e.disassemble(a);
    const len = Math.max(1, d.length);
    let bytes = '';
    for (let i = 0; i < Math.min(len, 6); i++) bytes += hexw(e.machine.bus.peek8(a + i), 2);
    rows.push({ addr: a, label: false, text: `${hexw(a, digits)}  ${bytes.padEnd(12)} ${d.text}`, length: len });
    a = (a + len) >>> 0;
  }
  return rows;
}

/** Keep the PC visible when following; returns the rows to show. */
export function layoutDisasm(e: DebugEngine, v: DisasmView, count: number): DisasmRow[] {
  const pc = e.cpu.pc >>> 0;
  if (v.follow) {
    let rows = disasmRows(e, v.top, count);
    const at = rows.findIndex((r) => !r.label && r.addr === pc);
    if (at < 0 || at >= count - 2) {
      v.top = backStart(e, pc, Math.max(0, Math.floor(count / 3)));
      rows = disasmRows(e, v.top, count);
    }
    v.cursor = pc;
    return rows;
  }
  return disasmRows(e, v.top, count);
}

export function renderDisasm(e: DebugEngine, v: DisasmView, w: number, h: number, focused: boolean): string[] {
  const rows = layoutDisasm(e, v, h);
  const pc = e.cpu.pc >>> 0;
  return rows.map((r) => {
    if (r.label) return styled(`  ${r.text}`, w, 'cyan-fg');
    const isPc = r.addr === pc && !e.running;
    const bpState = e.breakpointState(r.addr);
    const bp = bpState === 'enabled';
    const mark = (bp ? '*' : bpState === 'disabled' ? 'o' : ' ') + (isPc ? '>' : ' ');
    const line = mark + r.text;
    if (isPc) return styled(line, w, 'black-fg}{yellow-bg');
    if (focused && r.addr === v.cursor) return styled(line, w, 'inverse');
    if (bp) return styled(line, w, 'red-fg');
    return styled(line, w, null);
  });
}

/** Move the disassembly cursor by `delta` instructions, scrolling when it leaves the view. */
export function moveDisasmCursor(e: DebugEngine, v: DisasmView, delta: number, h: number): void {
  v.follow = false;
  const instr = (rows: DisasmRow[]): DisasmRow[] => rows.filter((r) => !r.label);
  if (delta > 0) {
    for (let i = 0; i < delta; i++) v.cursor = (v.cursor + Math.max(1, e.disassemble(v.cursor).length)) >>> 0;
  } else if (delta < 0) {
    v.cursor = backStart(e, v.cursor, -delta);
  }
  const rows = instr(disasmRows(e, v.top, h));
  if (rows.length === 0) return;
  if (v.cursor < rows[0].addr) v.top = v.cursor;
  else if (v.cursor > rows[rows.length - 1].addr) v.top = backStart(e, v.cursor, Math.max(0, rows.length - 2));
}

// ---- registers ------------------------------------------------------------------------------

/** "..S I=7 ..Z.." style decoding of a flags register from its letters (top bit first). */
export function decodeFlags(value: number, letters: string): string {
  const bits = letters.length;
  const parts: string[] = [];
  let run = '';
  let i = 0;
  while (i < bits) {
    const c = letters[i];
    let j = i;
    while (j + 1 < bits && letters[j + 1] === c && c !== '-') j++;
    const hiBit = bits - 1 - i;
    const loBit = bits - 1 - j;
    if (c === '-') {
      i = j + 1;
      continue;
    }
    if (j > i) {
      if (run) parts.push(run);
      run = '';
      const field = (value >>> loBit) & ((1 << (hiBit - loBit + 1)) - 1);
      parts.push(hiBit - loBit + 1 > 3 ? `${c}=${field.toString(16).toUpperCase()}` : `${c}=${field}`);
    } else {
      run += (value >>> hiBit) & 1 ? c : '.';
    }
    i = j + 1;
  }
  if (run) parts.push(run);
  return parts.join(' ');
}

/** Register cells in columns: per column the names are padded to that column's longest. */
/**
 * Registers the panel shows: all of them, or (`all` false) the ones of the current mode only,
 * leaving out banked copies such as ARM's R13_IRQ (names with an underscore and a digit-free
 * suffix after a register name) so small screens keep room for the other panels.
 */
export function panelRegisters(e: DebugEngine, all: boolean): RegisterInfo[] {
  const regs = e.cpu.info.registers;
  if (all) return regs;
  const names = new Set(regs.map((r) => r.name));
  return regs.filter((r) => {
    const m = /^(.+)_[A-Z]+$/.exec(r.name);
    return !(m && names.has(m[1]));
  });
}

function registerGrid(regs: RegisterInfo[], w: number): { perLine: number; nameW: number[]; valW: number[] } {
  for (let per = Math.min(4, regs.length); per > 1; per--) {
    const nameW: number[] = [];
    const valW: number[] = [];
    for (let c = 0; c < per; c++) {
      const col = regs.filter((_, i) => i % per === c);
      nameW.push(Math.max(...col.map((r) => r.name.length)));
      valW.push(Math.max(...col.map((r) => r.bits / 4)));
    }
    const total = nameW.reduce((a, b, i) => a + b + 1 + valW[i], 0) + per - 1;
    if (total <= w) return { perLine: per, nameW, valW };
  }
  return { perLine: 1, nameW: [Math.max(...regs.map((r) => r.name.length))], valW: [Math.max(...regs.map((r) => r.bits / 4))] };
}

export function renderRegisters(e: DebugEngine, w: number, h: number, all = true): string[] {
  const regs = panelRegisters(e, all);
  const g = registerGrid(regs, w);
  const lines: string[] = [];
  for (let i = 0; i < regs.length; i += g.perLine) {
    const cells: string[] = [];
    let plain = 0;
    regs.slice(i, i + g.perLine).forEach((r, c) => {
      const v = e.cpu.getReg(r.name) >>> 0;
      const cell = `${r.name.padEnd(g.nameW[c])} ${hexw(v, r.bits / 4).padEnd(g.valW[c])}`;
      const room = w - plain - (c > 0 ? 1 : 0);
      if (room <= 0) return;
      const n = Math.min(cell.length, room);
      cells.push(styled(cell, n, e.changed(r.name) ? 'yellow-fg}{bold' : null));
      plain += n + (c > 0 ? 1 : 0);
    });
    lines.push(cells.join(' '));
  }
  for (const r of regs) {
    if (!r.flags) continue;
    lines.push(styled(`${r.name} ${decodeFlags(e.cpu.getReg(r.name) >>> 0, r.flags)}`, w, 'green-fg'));
  }
  return lines.slice(0, h);
}

/** Lines the Registers panel needs (for the layout). */
export function registerLines(e: DebugEngine, w: number, all = true): number {
  const regs = panelRegisters(e, all);
  const g = registerGrid(regs, w);
  return Math.ceil(regs.length / g.perLine) + regs.filter((r) => r.flags).length;
}

// ---- memory and stack -----------------------------------------------------------------------

export function memBytesPerRow(w: number, digits: number): number {
  for (const n of [16, 8, 4]) if (digits + 2 + n * 3 + n <= w) return n;
  return 4;
}

/**
 * Hex and ASCII rows from `addr`. Bytes that differ from `before` (values when the last
 * operation started) are highlighted.
 */
export function renderMemory(e: DebugEngine, addr: number, w: number, h: number, before: Map<number, number> | null = null): string[] {
  const digits = addrDigits(e);
  const n = memBytesPerRow(w, digits);
  const lines: string[] = [];
  for (let row = 0; row < h; row++) {
    const a = (addr + row * n) >>> 0;
    let hx = '';
    let asc = '';
    for (let i = 0; i < n; i++) {
      const at = (a + i) >>> 0;
      const b = e.machine.bus.peek8(at);
      const old = before?.get(at);
      hx += old !== undefined && old !== b ? `{yellow-fg}{bold}${hexw(b, 2)}{/bold}{/yellow-fg} ` : `${hexw(b, 2)} `;
      asc += esc(b >= 32 && b < 127 ? String.fromCharCode(b) : '.');
    }
    const plainLen = digits + 2 + n * 4;
    lines.push(`${hexw(a, digits)}  ${hx}${asc}${' '.repeat(Math.max(0, w - plainLen))}`);
  }
  return lines;
}

/** Bytes of the memory rows `renderMemory` would show (for change highlighting). */
export function memorySnapshot(e: DebugEngine, addr: number, w: number, h: number): Map<number, number> {
  const n = memBytesPerRow(w, addrDigits(e));
  const m = new Map<number, number>();
  for (let i = 0; i < n * h; i++) m.set((addr + i) >>> 0, e.machine.bus.peek8((addr + i) >>> 0));
  return m;
}

export function renderStack(e: DebugEngine, w: number, h: number): string[] {
  const sp = e.sp();
  const width = e.cpu.info.stackWidth;
  const lines: string[] = [];
  const bus = e.machine.bus;
  for (let i = 0; i < h; i++) {
    const a = (sp + i * width) >>> 0;
    const v = width === 4 ? bus.peek32(a) >>> 0 : width === 2 ? bus.peek16(a) : bus.peek8(a);
    const lbl = e.label(v, 0x1000);
    lines.push(styled(`${hexw(a, addrDigits(e))} ${hexw(v, width * 2)}${lbl ? ` ${lbl}` : ''}`, w, i === 0 ? 'bold' : null));
  }
  return lines;
}

// ---- OS panels ------------------------------------------------------------------------------

const STATE_STYLE: Record<string, string> = { running: 'green-fg}{bold', ready: 'green-fg', waiting: 'yellow-fg', suspended: 'magenta-fg', terminated: 'gray-fg' };

/**
 * The Tasks panel. `selected` (index into the task list, or -1) is highlighted when the panel
 * has focus; the list scrolls to keep it in view.
 */
export function renderTasks(os: { state: OsState | null; error: string | null }, w: number, h: number, selected = -1): string[] {
  if (os.error) return [styled(`OS read error: ${os.error}`, w, 'red-fg')];
  if (!os.state) return [styled('no kernel recognised', w, 'gray-fg')];
  const tasks = os.state.tasks;
  if (tasks.length === 0) return [styled('no tasks (yet)', w, 'gray-fg')];
  const nameW = Math.min(12, Math.max(4, ...tasks.map((t) => t.name.length)));
  // A header row only when there is room for it and a few tasks.
  const lines = h >= 5 ? [styled(`  ${'Name'.padEnd(nameW)} ${'State'.padEnd(10)} Pri`, w, 'underline')] : [];
  const room = Math.max(1, h - lines.length);
  if (tasks.length <= room) {
    tasks.forEach((t, i) => lines.push(taskLine(t, nameW, w, i === selected)));
    return lines;
  }
  const first = selected >= 0 ? Math.max(0, Math.min(selected - room + 2, tasks.length - room + 1)) : 0;
  const shown = tasks.slice(first, first + room - 1);
  shown.forEach((t, i) => lines.push(taskLine(t, nameW, w, first + i === selected)));
  const rest = tasks.length - first - shown.length;
  lines.push(styled(first > 0 && rest === 0 ? `  (${first} above; Up scrolls)` : `  +${rest} more (Tab here, Up/Down)`, w, 'gray-fg'));
  return lines;
}

function taskLine(t: TaskInfo, nameW: number, w: number, selected: boolean): string {
  const st = t.current ? 'running' : t.state;
  const wait = t.wait ? ` ${t.wait.type}` : '';
  const text = `${t.current ? '>' : ' '} ${t.name.slice(0, nameW).padEnd(nameW)} ${st.padEnd(10)} ${String(t.priority).padStart(3)}${wait}`;
  return styled(text, w, selected ? 'inverse' : STATE_STYLE[st] ?? null);
}

export function renderHeap(os: { state: OsState | null; error: string | null }, w: number, h: number): string[] {
  const heap = os.state?.heap ?? null;
  if (!os.state) return [styled(os.error ? 'no heap (OS read error)' : 'no kernel recognised', w, 'gray-fg')];
  if (!heap) return [styled('no heap found', w, 'gray-fg')];
  const used = heap.chunks.filter((c) => !c.free).length;
  const lines = [
    styled(`used ${heap.totalUsed} in ${used} blocks, free ${heap.totalFree}`, w, null),
    styled(`largest free ${heap.largestFree}, frag ${Math.round(heap.fragmentation * 100)}%`, w, null),
    styled(heap.intact ? `${heap.chunks.length} chunks, intact` : `${heap.chunks.length} chunks, BROKEN`, w, heap.intact ? 'green-fg' : 'red-fg}{bold'),
  ];
  // Other memory objects on the kernel's list, one line each, then heap problems.
  for (const o of os.state.heaps ?? []) {
    if (o.address === heap.address) continue;
    const name = o.name ?? hexw(o.address, 0);
    lines.push(o.intact ? styled(`${name}: used ${o.totalUsed}, free ${o.totalFree}`, w, null) : styled(`${name}: BROKEN (heap ${name})`, w, 'red-fg}{bold'));
  }
  const errs = os.state.findings.filter((f) => f.severity !== 'info' && (f.kind.startsWith('heap') || f.kind === 'double-free'));
  for (const f of errs) lines.push(styled(f.message, w, f.severity === 'error' ? 'red-fg' : 'yellow-fg'));
  return lines.slice(0, h);
}

// ---- console --------------------------------------------------------------------------------

/** Turns the serial output stream into display lines (CR/LF, backspace, tabs, control chars). */
export class ConsoleText {
  readonly lines: string[] = [''];
  private lastCr = false;
  constructor(private readonly maxLines = 2000) {}

  push(byte: number): void {
    const last = this.lines.length - 1;
    if (byte === 10) {
      this.lines.push('');
      if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
      this.lastCr = false;
      return;
    }
    if (byte === 13) {
      this.lastCr = true;
      return;
    }
    if (this.lastCr) {
      // A bare CR returns to the start of the line: the next character overwrites it.
      this.lines[last] = '';
      this.lastCr = false;
    }
    if (byte === 8) {
      this.lines[last] = this.lines[last].slice(0, -1);
      return;
    }
    if (byte === 9) {
      this.lines[last] += ' '.repeat(8 - (this.lines[last].length % 8));
      return;
    }
    if (byte < 32 || byte === 127) return;
    this.lines[last] += byte < 127 ? String.fromCharCode(byte) : '.';
  }

  /** The last `h` screen rows, long lines wrapped at `w` columns. */
  tail(w: number, h: number): string[] {
    let end = this.lines.length;
    if (end > 1 && this.lines[end - 1] === '') end--;
    const rows: string[] = [];
    for (let i = end - 1; i >= 0 && rows.length < h; i--) {
      const l = this.lines[i];
      const parts: string[] = [];
      for (let k = 0; k < Math.max(1, l.length); k += Math.max(1, w)) parts.push(l.slice(k, k + w));
      for (let k = parts.length - 1; k >= 0 && rows.length < h; k--) rows.push(parts[k]);
    }
    return rows.reverse();
  }
}
