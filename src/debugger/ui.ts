/**
 * The full-screen debugger (blessed). Panels: Disassembly, Memory, Console on the left;
 * Registers, Stack, Tasks, Heap on the right; then a message row, the command line and a help
 * row. Everything is reachable from the keyboard (MAME / Visual Studio keys, see HELP_LINE);
 * the mouse can focus panels and scroll.
 *
 * While the machine runs, a timer gives the engine slices of ~40 ms and redraws after each
 * one (>= 10 Hz), so keys such as F6 are handled between slices, at instruction boundaries.
 * The UI can run on any pair of streams (tests use PassThrough streams and read
 * `screen.lines`).
 */
import blessed from 'blessed';
import type { SerialPort } from '../core/machine.js';
import { DebugEngine, hexw } from './engine.js';
import { runCommand, complete, commonPrefix, type CommandHost, type MemoryView, type CommandResult } from './commands.js';
import {
  ConsoleText, esc, fit, memBytesPerRow, moveDisasmCursor, registerLines, renderDisasm, renderHeap,
  memorySnapshot, renderMemory, renderRegisters, renderStack, renderTasks, styled, type DisasmView,
} from './panels.js';

export const HELP_LINE = 'F5 run F6 pause F10 over F11 into S-F11 out F9 bp Tab panel q quit | help';

type PanelId = 'disasm' | 'memory' | 'console' | 'registers' | 'stack' | 'tasks' | 'heap';
type FocusId = PanelId | 'cmd';

const TITLES: Record<PanelId, string> = {
  disasm: 'Disassembly', memory: 'Memory', console: 'Console', registers: 'Registers', stack: 'Stack', tasks: 'Tasks', heap: 'Heap',
};
const FOCUS_ORDER: FocusId[] = ['cmd', 'disasm', 'memory', 'console', 'registers', 'stack', 'tasks', 'heap'];

export interface UiOptions {
  engine: DebugEngine;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Serial port shown in the Console panel (default "primary"). */
  port?: string;
  /** Shown in the top-right of the Disassembly title. */
  title?: string;
  /** Wall-clock milliseconds per run slice (default 40). */
  sliceMs?: number;
  /** Start running at once (F5). */
  run?: boolean;
}

interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export class DebuggerUI implements CommandHost {
  readonly engine: DebugEngine;
  readonly screen: blessed.Widgets.Screen;
  readonly disasm: DisasmView;
  readonly memory: MemoryView = { addr: 0, follow: null };
  readonly console = new ConsoleText();
  focus: FocusId = 'cmd';
  private readonly boxes = new Map<PanelId, blessed.Widgets.BoxElement>();
  private readonly rects = new Map<PanelId, Rect>();
  private readonly msgBox: blessed.Widgets.BoxElement;
  private readonly cmdBox: blessed.Widgets.BoxElement;
  private readonly helpBox: blessed.Widgets.BoxElement;
  private readonly outBox: blessed.Widgets.BoxElement;
  private readonly sepBox: blessed.Widgets.BoxElement;
  private cmd = '';
  private cmdCursor = 0;
  private readonly cmdHistory: string[] = [];
  private histPos = -1;
  private message = '';
  private messageIsError = false;
  private output: string[] | null = null;
  private outputScroll = 0;
  private confirmQuit = false;
  private quitting = false;
  private readonly port: SerialPort;
  private readonly sliceMs: number;
  private runTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private resolveDone: (() => void) | null = null;
  readonly done: Promise<void>;
  /** Renders so far (tests wait for a fresh one). */
  renders = 0;

  constructor(opts: UiOptions) {
    this.engine = opts.engine;
    this.sliceMs = opts.sliceMs ?? 40;
    this.disasm = { top: this.engine.cpu.pc >>> 0, cursor: this.engine.cpu.pc >>> 0, follow: true };
    this.port = this.engine.machine.serial(opts.port ?? 'primary');
    for (const b of this.port.output) this.console.push(b);
    this.port.onOutput((b) => this.console.push(b));
    // The Memory panel starts at the first RAM region (the stack pointer may be at its very top).
    this.memory.addr = this.engine.machine.bus.regions.find((r) => r.kind === 'ram')?.base ?? this.engine.sp();
    this.done = new Promise((r) => (this.resolveDone = r));

    this.screen = blessed.screen({
      input: opts.input as never,
      output: opts.output as never,
      terminal: opts.output ? 'xterm-256color' : undefined,
      smartCSR: true,
      fullUnicode: false,
      warnings: false,
      autoPadding: false,
      title: opts.title ?? 'bytebos debug',
      dockBorders: false,
    } as blessed.Widgets.IScreenOptions);
    for (const id of Object.keys(TITLES) as PanelId[]) {
      const box = blessed.box({ parent: this.screen, tags: true, wrap: false, clickable: true } as blessed.Widgets.BoxOptions);
      box.on('click', () => this.setFocus(id));
      box.on('wheelup', () => this.scrollPanel(id, -3));
      box.on('wheeldown', () => this.scrollPanel(id, 3));
      this.boxes.set(id, box);
    }
    this.msgBox = blessed.box({ parent: this.screen, tags: true, wrap: false } as blessed.Widgets.BoxOptions);
    this.cmdBox = blessed.box({ parent: this.screen, tags: true, wrap: false, clickable: true } as blessed.Widgets.BoxOptions);
    this.cmdBox.on('click', () => this.setFocus('cmd'));
    this.helpBox = blessed.box({ parent: this.screen, tags: true, wrap: false } as blessed.Widgets.BoxOptions);
    this.sepBox = blessed.box({ parent: this.screen, tags: false, wrap: false, style: { fg: 'blue' } } as blessed.Widgets.BoxOptions);
    this.outBox = blessed.box({ parent: this.screen, tags: true, wrap: false, hidden: true } as blessed.Widgets.BoxOptions);

    this.screen.on('keypress', (ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg | undefined) => this.onKey(ch, key));
    this.screen.on('resize', () => this.render());
    this.engine.onStart = () => {
      const r = this.rects.get('memory');
      this.memBefore = r ? memorySnapshot(this.engine, this.memory.addr, r.width, r.height - 1) : null;
    };
    this.engine.onStop = () => {
      this.disasm.follow = true;
      this.setMessage(this.engine.lastStopText, false);
    };
    this.setMessage(`${this.engine.cpu.info.name}; PC=${this.engine.where(this.engine.cpu.pc)}. Type help for commands.`, false);
    if (opts.run) this.control(() => this.engine.go());
    // Long sessions: the port's own copy of everything sent is not needed here.
    this.port.onOutput(() => {
      if (this.port.output.length > 1 << 20) this.port.output.splice(0, this.port.output.length - (1 << 16));
    });
    // Keep the Tasks/Heap/Console panels fresh while stopped too (serial input may be queued).
    this.idleTimer = setInterval(() => {
      if (!this.engine.running) this.render();
    }, 500);
    this.render();
  }

  // ---- CommandHost ---------------------------------------------------------------------------

  quit(): void {
    if (this.engine.running) {
      this.confirmQuit = true;
      this.setMessage('The machine is running. Quit? (y/n)', true);
      return;
    }
    this.destroy();
  }

  /** Screen contents as plain text lines (what a user sees). */
  text(): string[] {
    const lines = (this.screen as unknown as { lines: [unknown, string][][] }).lines;
    return lines.map((l) => l.map((c) => c[1]).join(''));
  }

  destroy(): void {
    if (this.quitting) return;
    this.quitting = true;
    if (this.runTimer) clearTimeout(this.runTimer);
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.runTimer = null;
    this.idleTimer = null;
    if (this.engine.running) this.engine.pause();
    this.engine.onStop = null;
    this.engine.onStart = null;
    this.screen.destroy();
    this.resolveDone?.();
  }

  // ---- running ------------------------------------------------------------------------------

  /**
   * Step keys pressed while a step is still running (a fast F10 F10, or a slow machine) wait
   * their turn instead of being refused: each runs when the one before it has stopped.
   */
  private readonly pendingSteps: (() => void)[] = [];

  private control(start: () => void, queueable = false): void {
    if (queueable && this.engine.running && this.engine.op !== 'go') {
      if (this.pendingSteps.length < 32) this.pendingSteps.push(start);
      return;
    }
    try {
      start();
    } catch (e) {
      this.setMessage((e as Error).message, true);
      return;
    }
    this.disasm.follow = true;
    this.ensureRunning();
  }

  private ensureRunning(): void {
    if (this.engine.running) {
      this.setMessage(`running (${opName(this.engine.op)})...`, false);
      if (this.runTimer === null) this.runTimer = setTimeout(() => this.runSlice(), 0);
    }
  }

  private runSlice(): void {
    this.runTimer = null;
    if (this.quitting) return;
    let still = false;
    try {
      still = this.engine.tick(this.sliceMs);
    } catch (e) {
      this.engine.pause();
      this.setMessage(`emulation error: ${(e as Error).message}`, true);
    }
    this.render();
    if (still) this.runTimer = setTimeout(() => this.runSlice(), 0);
    else {
      const next = this.pendingSteps.shift();
      if (next) this.control(next);
    }
  }

  // ---- keys ---------------------------------------------------------------------------------

  private onKey(ch: string | undefined, key: blessed.Widgets.Events.IKeyEventArg | undefined): void {
    if (this.quitting) return;
    const name = key?.full ?? ch ?? '';
    if (name === 'return') return; // blessed sends 'enter' as well for a CR
    try {
      this.handleKey(ch, name);
    } catch (e) {
      this.setMessage(`internal error: ${(e as Error).message}`, true);
    }
    if (!this.quitting) this.render();
  }

  private handleKey(ch: string | undefined, name: string): void {
    const e = this.engine;
    if (this.confirmQuit) {
      this.confirmQuit = false;
      if (ch === 'y' || ch === 'Y') this.destroy();
      else this.setMessage('quit cancelled', false);
      return;
    }
    switch (name) {
      case 'f5':
        this.control(() => (e.running ? undefined : e.go()));
        return;
      case 'f6':
        this.pendingSteps.length = 0;
        if (e.running) e.pause();
        else this.setMessage('not running', false);
        return;
      case 'f10':
        this.control(() => e.over(), true);
        return;
      case 'f11':
        this.control(() => e.step(1), true);
        return;
      case 'S-f11':
        this.control(() => e.out(), true);
        return;
      case 'f9': {
        const a = this.disasm.follow ? e.cpu.pc >>> 0 : this.disasm.cursor;
        const added = e.toggleBreakpoint(a);
        this.setMessage(`${added ? 'breakpoint set' : 'breakpoint removed'} at ${e.where(a)}`, false);
        return;
      }
      case 'C-c':
        this.quit();
        return;
      case 'S-tab':
        this.cycleFocus(-1);
        return;
      case 'tab':
        if (this.focus === 'cmd' && this.cmd.trim() !== '') this.completeCommand();
        else this.cycleFocus(1);
        return;
      case 'escape':
        if (this.output) this.output = null;
        else if (this.focus !== 'console') this.setFocus('cmd');
        else this.port.send([0x1b]);
        return;
    }
    if (this.output && (name === 'pageup' || name === 'pagedown') && (this.focus === 'cmd' || this.focus === 'console')) {
      this.scrollOutput(name === 'pageup' ? -1 : 1);
      return;
    }
    switch (this.focus) {
      case 'cmd':
        this.cmdKey(ch, name);
        return;
      case 'console':
        this.consoleKey(ch, name);
        return;
      case 'disasm':
        this.disasmKey(ch, name);
        return;
      case 'memory':
        this.memoryKey(ch, name);
        return;
      case 'tasks':
        this.tasksKey(ch, name);
        return;
      default:
        if (ch === 'q') this.quit();
        else if (ch && /^[ -~]$/.test(ch) && ch !== ' ') this.typeInto(ch);
    }
  }

  /** A printable key in a panel without its own use for it starts a command. */
  private typeInto(ch: string): void {
    this.setFocus('cmd');
    this.cmdKey(ch, ch);
  }

  private cycleFocus(dir: number): void {
    const i = FOCUS_ORDER.indexOf(this.focus);
    this.setFocus(FOCUS_ORDER[(i + dir + FOCUS_ORDER.length) % FOCUS_ORDER.length]);
  }

  setFocus(f: FocusId): void {
    this.focus = f;
    if (f === 'disasm' && this.disasm.follow) this.disasm.cursor = this.engine.cpu.pc >>> 0;
    this.render();
  }

  private cmdKey(ch: string | undefined, name: string): void {
    switch (name) {
      case 'enter':
      case 'linefeed': {
        let line = this.cmd;
        this.cmd = '';
        this.cmdCursor = 0;
        this.histPos = -1;
        if (line.trim() === '') {
          // As in gdb: Enter on an empty line repeats a step command.
          const last = this.cmdHistory[this.cmdHistory.length - 1] ?? '';
          if (/^\s*(step|s|over|o|out)\b/i.test(last)) line = last;
        } else if (this.cmdHistory[this.cmdHistory.length - 1] !== line) this.cmdHistory.push(line);
        this.execute(line);
        return;
      }
      case 'backspace':
        if (this.cmdCursor > 0) {
          this.cmd = this.cmd.slice(0, this.cmdCursor - 1) + this.cmd.slice(this.cmdCursor);
          this.cmdCursor--;
        }
        return;
      case 'delete':
        this.cmd = this.cmd.slice(0, this.cmdCursor) + this.cmd.slice(this.cmdCursor + 1);
        return;
      case 'left':
        this.cmdCursor = Math.max(0, this.cmdCursor - 1);
        return;
      case 'right':
        this.cmdCursor = Math.min(this.cmd.length, this.cmdCursor + 1);
        return;
      case 'home':
      case 'C-a':
        this.cmdCursor = 0;
        return;
      case 'end':
      case 'C-e':
        this.cmdCursor = this.cmd.length;
        return;
      case 'C-u':
        this.cmd = '';
        this.cmdCursor = 0;
        return;
      case 'up':
        if (this.cmdHistory.length === 0) return;
        this.histPos = this.histPos < 0 ? this.cmdHistory.length - 1 : Math.max(0, this.histPos - 1);
        this.cmd = this.cmdHistory[this.histPos];
        this.cmdCursor = this.cmd.length;
        return;
      case 'down':
        if (this.histPos < 0) return;
        this.histPos++;
        if (this.histPos >= this.cmdHistory.length) {
          this.histPos = -1;
          this.cmd = '';
        } else this.cmd = this.cmdHistory[this.histPos];
        this.cmdCursor = this.cmd.length;
        return;
      case 'pageup':
      case 'pagedown':
        return;
    }
    if (ch !== undefined && ch.length === 1 && ch >= ' ' && ch <= '~') {
      this.cmd = this.cmd.slice(0, this.cmdCursor) + ch + this.cmd.slice(this.cmdCursor);
      this.cmdCursor++;
    }
  }

  private completeCommand(): void {
    const before = this.cmd.slice(0, this.cmdCursor);
    const { word, candidates } = complete(this, before);
    if (candidates.length === 0) {
      this.setMessage(`no completion for "${word}"`, false);
      return;
    }
    const add = candidates.length === 1 ? candidates[0] + ' ' : commonPrefix(candidates);
    if (add.length >= word.length) {
      const start = before.length - word.length;
      this.cmd = before.slice(0, start) + add + this.cmd.slice(this.cmdCursor);
      this.cmdCursor = start + add.length;
    }
    if (candidates.length > 1) this.setMessage(candidates.slice(0, 40).join(' '), false);
  }

  /** Runs a command line as typed by the user (also used by tests and scripts). */
  execute(line: string): CommandResult {
    const r = runCommand(this, line);
    if (this.quitting) return r;
    if (r.error) this.setMessage(r.error, true);
    else if (r.message) this.setMessage(r.message, false);
    if (r.output) {
      this.output = r.output;
      this.outputScroll = 0;
    } else if (!r.error && line.trim() !== '') this.output = null;
    this.ensureRunning();
    return r;
  }

  private consoleKey(ch: string | undefined, name: string): void {
    const map: Record<string, number[]> = {
      enter: [13], linefeed: [10], backspace: [8], delete: [127], up: [27, 91, 65], down: [27, 91, 66], right: [27, 91, 67], left: [27, 91, 68],
    };
    if (map[name]) {
      this.port.send(map[name]);
      return;
    }
    if (ch !== undefined && ch.length === 1) this.port.send([ch.charCodeAt(0) & 0xff]);
  }

  private disasmKey(ch: string | undefined, name: string): void {
    const h = Math.max(1, (this.rects.get('disasm')?.height ?? 10) - 1);
    switch (name) {
      case 'up': moveDisasmCursor(this.engine, this.disasm, -1, h); return;
      case 'down': moveDisasmCursor(this.engine, this.disasm, 1, h); return;
      case 'pageup': moveDisasmCursor(this.engine, this.disasm, -(h - 1), h); return;
      case 'pagedown': moveDisasmCursor(this.engine, this.disasm, h - 1, h); return;
      case 'enter':
      case 'linefeed':
        this.disasm.follow = true;
        return;
    }
    // Letter keys for terminals that keep F10/F11 for themselves (gdb's names).
    const e = this.engine;
    switch (ch) {
      case '.': this.disasm.follow = true; return;
      case 'q': this.quit(); return;
      case 's': this.control(() => e.step(1)); return;
      case 'n': this.control(() => e.over()); return;
      case 'f': this.control(() => e.out()); return;
      case 'c': this.control(() => (e.running ? undefined : e.go())); return;
      case 'p': if (e.running) e.pause(); return;
      case 'b': this.handleKey(undefined, 'f9'); return;
      case 'r': this.control(() => e.until(this.disasm.cursor)); return;
    }
    if (ch && /^[!-~]$/.test(ch)) this.typeInto(ch);
  }

  private memoryKey(ch: string | undefined, name: string): void {
    const r = this.rects.get('memory');
    const per = memBytesPerRow(r?.width ?? 48, Math.ceil(this.engine.cpu.info.addrBits / 4));
    const rows = Math.max(1, (r?.height ?? 5) - 1);
    const by = (n: number): void => {
      this.memory.follow = null;
      this.memory.addr = Math.max(0, this.memory.addr + n);
    };
    switch (name) {
      case 'up': by(-per); return;
      case 'down': by(per); return;
      case 'pageup': by(-per * rows); return;
      case 'pagedown': by(per * rows); return;
    }
    if (ch === 'g') {
      this.setFocus('cmd');
      this.cmd = 'mem ';
      this.cmdCursor = this.cmd.length;
    } else if (ch === 'q') this.quit();
    else if (ch && /^[!-~]$/.test(ch)) this.typeInto(ch);
  }

  /** Up/Down select a task; Enter shows its saved context (the `task N` command). */
  private tasksKey(ch: string | undefined, name: string): void {
    const n = this.engine.osRead().state?.tasks.length ?? 0;
    if (name === 'up') this.taskSel = Math.max(0, this.taskSel - 1);
    else if (name === 'down') this.taskSel = Math.min(Math.max(0, n - 1), this.taskSel + 1);
    else if ((name === 'enter' || name === 'linefeed') && n > 0) this.execute(`task ${Math.min(this.taskSel, n - 1)}`);
    else if (ch === 'q') this.quit();
    else if (ch && /^[!-~]$/.test(ch)) this.typeInto(ch);
  }

  private scrollPanel(id: PanelId, n: number): void {
    if (id === 'disasm') moveDisasmCursor(this.engine, this.disasm, n, Math.max(1, (this.rects.get('disasm')?.height ?? 10) - 1));
    else if (id === 'memory') this.memory.addr = Math.max(0, this.memory.addr + n * 8);
    else if (id === 'tasks') this.taskSel = Math.max(0, this.taskSel + n);
    this.render();
  }

  private scrollOutput(dir: number): void {
    if (!this.output) return;
    const h = Math.max(1, (this.outBox.height as number) - 1);
    this.outputScroll = Math.max(0, Math.min(this.output.length - h, this.outputScroll + dir * (h - 1)));
  }

  setMessage(text: string, error: boolean): void {
    this.message = text;
    this.messageIsError = error;
  }

  // ---- layout and drawing -------------------------------------------------------------------

  private layout(): void {
    const W = Math.max(40, this.screen.width as number);
    const H = Math.max(12, this.screen.height as number);
    const area = H - 3;
    const rightW = Math.max(26, Math.min(44, Math.floor(W * 0.38)));
    const leftW = W - rightW - 1;
    const left = (top: number, height: number): Rect => ({ top, left: 0, width: leftW, height });
    const right = (top: number, height: number): Rect => ({ top, left: leftW + 1, width: rightW, height });

    const con = Math.max(3, Math.round(area * 0.26));
    const mem = Math.max(3, Math.round(area * 0.2));
    const dis = area - con - mem;
    this.rects.set('disasm', left(0, dis));
    this.rects.set('memory', left(dis, mem));
    this.rects.set('console', left(dis + mem, con));

    const minRest = 2 + 4 + 2; // stack, tasks, heap at their smallest
    // Banked registers (ARM) only when they leave the other panels a useful size.
    const allLines = registerLines(this.engine, rightW, true);
    this.allRegs = allLines + 1 + 12 <= area;
    const regs = Math.min(1 + registerLines(this.engine, rightW, this.allRegs), area - minRest);
    const rest = area - regs;
    const heap = Math.max(2, Math.min(5, Math.floor(rest * 0.2)));
    const tasks = Math.max(4, Math.floor((rest - heap) * 0.6));
    const stack = rest - heap - tasks;
    this.rects.set('registers', right(0, regs));
    this.rects.set('stack', right(regs, stack));
    this.rects.set('tasks', right(regs + stack, tasks));
    this.rects.set('heap', right(regs + stack + tasks, heap));

    for (const [id, r] of this.rects) {
      const b = this.boxes.get(id)!;
      b.top = r.top;
      b.left = r.left;
      b.width = r.width;
      b.height = r.height;
    }
    const setRow = (b: blessed.Widgets.BoxElement, top: number): void => {
      b.top = top;
      b.left = 0;
      b.width = W;
      b.height = 1;
    };
    setRow(this.msgBox, H - 3);
    setRow(this.cmdBox, H - 2);
    setRow(this.helpBox, H - 1);
    // Command output covers the Disassembly and Memory panels and the right column beside them.
    this.outBox.top = 0;
    this.outBox.left = 0;
    this.outBox.width = W;
    this.outBox.height = dis + mem;
    this.separator = { col: leftW, height: area };
    this.sepBox.top = 0;
    this.sepBox.left = leftW;
    this.sepBox.width = 1;
    this.sepBox.height = area;
  }

  private separator = { col: 0, height: 0 };
  private allRegs = true;
  private taskSel = 0;
  /** Memory panel bytes when the last operation started (changed ones are highlighted). */
  private memBefore: Map<number, number> | null = null;

  private title(id: PanelId, w: number, extra: string): string {
    const focused = this.focus === id;
    const text = fit(` ${TITLES[id]}${extra ? `  ${extra}` : ''}`, w);
    return focused ? `{black-fg}{cyan-bg}{bold}${esc(text)}{/bold}{/cyan-bg}{/black-fg}` : `{white-fg}{blue-bg}${esc(text)}{/blue-bg}{/white-fg}`;
  }

  /** Redraw everything. A panel that fails to draw shows the error instead of ending the session. */
  render(): void {
    if (this.quitting) return;
    try {
      this.draw();
    } catch (e) {
      this.setMessage(`display error: ${(e as Error).message}`, true);
      try {
        this.msgBox.setContent(styled(this.message, this.screen.width as number, 'red-fg'));
        this.screen.render();
      } catch {
        /* nothing more to do */
      }
    }
  }

  private draw(): void {
    this.layout();
    const e = this.engine;
    const os = e.osRead(250);
    for (const [id, r] of this.rects) {
      const body = r.height - 1;
      const w = r.width;
      let lines: string[] = [];
      let extra = '';
      try {
        switch (id) {
          case 'disasm':
            lines = renderDisasm(e, this.disasm, w, body, this.focus === 'disasm');
            extra = e.running ? 'running' : this.disasm.follow ? 'follows PC' : `cursor ${hexw(this.disasm.cursor, 0)}`;
            break;
          case 'memory': {
            if (this.memory.follow) {
              try {
                this.memory.addr = e.evaluate(this.memory.follow);
              } catch {
                /* keep the last address */
              }
            }
            lines = renderMemory(e, this.memory.addr, w, body, this.memBefore);
            extra = this.memory.follow ? `follows ${this.memory.follow}` : '';
            break;
          }
          case 'console':
            lines = this.console.tail(w, body).map((l) => styled(l, w, null));
            if (this.focus === 'console') extra = 'keys go to the firmware';
            break;
          case 'registers':
            lines = renderRegisters(e, w, body, this.allRegs);
            extra = `insn ${e.cpu.instructions}`;
            break;
          case 'stack':
            lines = renderStack(e, w, body);
            extra = e.cpu.info.sp;
            break;
          case 'tasks':
            lines = renderTasks(os, w, body, this.focus === 'tasks' ? this.taskSel : -1);
            if (os.state) extra = `${os.state.tasks.length}`;
            break;
          case 'heap':
            lines = renderHeap(os, w, body);
            break;
        }
      } catch (err) {
        lines = [styled(`cannot show this panel: ${(err as Error).message}`, w, 'red-fg')];
      }
      const content = [this.title(id, w, extra), ...lines.slice(0, body)];
      while (content.length < r.height) content.push('');
      this.boxes.get(id)!.setContent(content.join('\n'));
    }
    // The status row: state, then the last message.
    const W = this.screen.width as number;
    const state = e.running ? '{black-fg}{green-bg} RUN {/green-bg}{/black-fg}' : '{white-fg}{red-bg} STOP {/red-bg}{/white-fg}';
    const msgW = W - (e.running ? 6 : 7);
    this.msgBox.setContent(`${state} ${styled(this.message, msgW, this.messageIsError ? 'red-fg}{bold' : null)}`);
    // Command line with a visible cursor when focused.
    const prompt = this.focus === 'cmd' ? '> ' : '  ';
    const room = W - prompt.length;
    let shown = this.cmd;
    let cur = this.cmdCursor;
    if (shown.length >= room) {
      const cut = shown.length - room + 1;
      shown = shown.slice(cut);
      cur -= cut;
    }
    let cmdText = esc(prompt) + esc(shown.slice(0, Math.max(0, cur)));
    if (this.focus === 'cmd') cmdText += `{inverse}${esc(shown[cur] ?? ' ')}{/inverse}` + esc(shown.slice(cur + 1));
    else cmdText += esc(shown.slice(cur));
    this.cmdBox.setContent(this.focus === 'cmd' ? `{bold}${cmdText}{/bold}` : cmdText);
    this.helpBox.setContent(styled(HELP_LINE, W, 'black-fg}{white-bg'));
    // Command output overlay.
    if (this.output) {
      const ow = this.outBox.width as number;
      const oh = this.outBox.height as number;
      const body = this.output.slice(this.outputScroll, this.outputScroll + oh - 1).map((l) => styled(l, ow, null));
      const more = this.output.length > oh - 1 ? ` ${this.outputScroll + 1}-${Math.min(this.output.length, this.outputScroll + oh - 1)} of ${this.output.length}, PgUp/PgDn` : '';
      const head = `{black-fg}{yellow-bg}${esc(fit(` Output${more}  (Esc closes)`, ow))}{/yellow-bg}{/black-fg}`;
      const content = [head, ...body];
      while (content.length < oh) content.push(' '.repeat(ow));
      this.outBox.setContent(content.join('\n'));
      this.outBox.show();
    } else this.outBox.hide();
    this.sepBox.setContent(Array(this.separator.height).fill('|').join('\n'));
    this.screen.render();
    this.renders++;
  }
}

function opName(op: string | null): string {
  return op === 'go' ? 'F6 pauses' : op === 'over' ? 'step over' : op === 'out' ? 'step out' : op ?? '';
}
