import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DebugEngine, type OsProvider } from '../../src/debugger/engine.js';
import type { OsState } from '../../src/os/types.js';
import { fixtureSession, SYMBOLS } from './fixture.js';
import { KEYS, TermHarness, sleep } from './harness.js';

let h: TermHarness | null = null;
afterEach(() => {
  h?.destroy();
  h = null;
});

async function open(opts: { os?: OsProvider; cols?: number; rows?: number } = {}): Promise<TermHarness> {
  const s = await fixtureSession();
  const engine = new DebugEngine(s.machine, { symbols: s.symbols, os: opts.os ?? null });
  h = new TermHarness({ engine }, opts.cols ?? 80, opts.rows ?? 24);
  return h;
}

/** The Disassembly line marked as the current instruction ('>' after the breakpoint column). */
function pcLine(t: TermHarness): string {
  const l = t.screen().find((x) => /^.>[0-9A-F]{4}/.test(x));
  if (!l) throw new Error(`no current line on screen:\n${t.text()}`);
  return l;
}

function registersRow(t: TermHarness, name: string): string {
  const l = t.screen().map((x) => x.slice(50)).find((x) => new RegExp(`(^|\\s)${name}\\s+[0-9A-F]+`).test(x));
  return l ?? '';
}

describe('debugger UI driven by keystrokes (i8096 fixture)', () => {
  it('shows every panel and the help line at 80x24', async () => {
    const t = await open();
    const text = t.text();
    for (const title of ['Disassembly', 'Memory', 'Console', 'Registers', 'Stack', 'Tasks', 'Heap']) expect(text).toContain(title);
    expect(t.screen()[23]).toMatch(/^F5 run F6 pause F10 over F11 into S-F11 out F9 bp Tab panel q quit/);
    expect(t.screen().length).toBe(24);
    expect(t.screen().every((l) => l.length === 80)).toBe(true);
    expect(pcLine(t)).toContain('2080  A1000218     LD SP, #200H');
    expect(text).toContain('main:');
    expect(text).toContain('no kernel recognised');
  });

  it('step keys pressed faster than the steps finish are queued, not lost', async () => {
    const t = await open();
    for (let i = 0; i < 3; i++) t.input.write(KEYS.F11); // no pause between the keys
    await sleep(50);
    await t.settle();
    await sleep(50);
    await t.settle();
    expect(pcLine(t)).toContain('208C');
  });

  it('F10 three times moves the PC and highlights changed registers', async () => {
    const t = await open();
    await t.keys(KEYS.F10);
    await t.settle();
    expect(pcLine(t)).toContain('2084');
    expect(registersRow(t, 'SP')).toMatch(/SP\s+0200/);
    await t.keys(KEYS.F10, KEYS.F10);
    await t.settle();
    expect(pcLine(t)).toContain('208C');
    expect(pcLine(t)).toContain('LCALL func');
    // F10 on the call runs the whole subroutine.
    await t.keys(KEYS.F10);
    await t.settle();
    expect(pcLine(t)).toContain('208F');
    expect(t.text()).toMatch(/stepped over to 208F/);
    expect(t.text()).toContain('*'); // the console got the subroutine's output
  });

  it('F11 steps into the call and Shift-F11 steps out', async () => {
    const t = await open();
    await t.command('go main');
    expect(pcLine(t)).toContain('208C');
    await t.keys(KEYS.F11);
    await t.settle();
    expect(pcLine(t)).toContain('2098');
    expect(t.text()).toContain('func:');
    await t.keys(KEYS.SF11);
    await t.settle();
    expect(pcLine(t)).toContain('208F');
    expect(t.text()).toMatch(/stepped out to 208F/);
  });

  it('a breakpoint set from the command line stops F5 there', async () => {
    const t = await open();
    await t.command('bp func');
    expect(t.text()).toMatch(/breakpoint #1 at 2098 \(func\)/);
    await t.keys(KEYS.F5);
    await t.settle();
    expect(pcLine(t)).toMatch(/^\*>2098/);
    expect(t.text()).toMatch(/breakpoint #1 at 2098 \(func\)/);
    // F5 again continues from the breakpoint and stops there on the next call.
    await t.keys(KEYS.F5);
    await t.settle();
    expect(t.ui.engine.machine.bus.peek8(0x22)).toBe(1);
  });

  it('F9 toggles a breakpoint at the disassembly cursor', async () => {
    const t = await open();
    await t.keys(KEYS.TAB); // focus Disassembly
    expect(t.screen()[0]).toMatch(/Disassembly/);
    await t.keys(KEYS.DOWN, KEYS.DOWN, KEYS.DOWN, KEYS.DOWN, KEYS.F9);
    expect(t.text()).toMatch(/breakpoint set at 208F/);
    expect(t.screen().some((l) => /^\* 208F/.test(l))).toBe(true);
    await t.keys(KEYS.F5);
    await t.settle();
    expect(pcLine(t)).toMatch(/^\*>208F/);
    await t.keys(KEYS.F9);
    expect(t.text()).toMatch(/breakpoint removed at 208F/);
    expect(t.ui.engine.breakpoints()).toEqual([]);
  });

  it('the Disassembly panel takes gdb-style letters (for terminals that keep F10/F11)', async () => {
    const t = await open();
    await t.keys(KEYS.TAB); // Disassembly
    await t.keys('s');
    await t.settle();
    expect(pcLine(t)).toContain('2084');
    await t.keys(KEYS.DOWN, KEYS.DOWN, 'r'); // run to the cursor: the LCALL at main
    await t.settle();
    expect(pcLine(t)).toContain('208C');
    await t.keys('n');
    await t.settle();
    expect(pcLine(t)).toContain('208F');
    await t.command('go func');
    await t.keys(KEYS.TAB, 'f');
    await t.settle();
    expect(t.text()).toMatch(/stepped out to 208F/);
  });

  it('runs in slices with a live screen, and F6 pauses', async () => {
    const t = await open();
    await t.keys(KEYS.F5);
    await sleep(150);
    expect(t.ui.engine.running).toBe(true);
    expect(t.screen()[21]).toMatch(/^ RUN /);
    const r0 = t.ui.renders;
    await sleep(300);
    expect(t.ui.renders - r0).toBeGreaterThanOrEqual(3); // >= 10 Hz
    await t.keys(KEYS.F6);
    await t.settle();
    expect(t.ui.engine.running).toBe(false);
    expect(t.screen()[21]).toMatch(/^ STOP +paused at/);
    expect(pcLine(t)).toBeTruthy();
  });

  it('shows errors on the command line without crashing', async () => {
    const t = await open();
    await t.command('bp nosuch');
    expect(t.screen()[21]).toMatch(/unknown register or symbol "nosuch"/);
    await t.command('dump 1+');
    expect(t.screen()[21]).toMatch(/ends too early/);
    await t.command('frobnicate');
    expect(t.screen()[21]).toMatch(/unknown command "frobnicate"/);
    await t.command('wp 300 2 x');
    expect(t.screen()[21]).toMatch(/r, w or rw/);
    await t.command('step 0');
    expect(t.screen()[21]).toMatch(/at least 1/);
    await t.command('print 2+3*4');
    expect(t.screen()[21]).toMatch(/E  #14/);
  });

  it('survives an OS layer that returns malformed data', async () => {
    const t = await open({ os: () => ({ tasks: [{}], heap: null, findings: [] }) as unknown as OsState });
    expect(t.text()).toMatch(/cannot show this panel: /);
    expect(t.text()).toMatch(/Disassembly/);
    await t.keys(KEYS.F10);
    await t.settle();
    expect(t.ui.engine.cpu.pc).toBe(0x2084);
  });

  it('help lists the keys and commands in the output pane; Esc closes it', async () => {
    const t = await open();
    await t.command('help');
    const text = t.text();
    expect(text).toContain('Output');
    expect(text).toContain('F5 run/continue');
    // Page through the whole list, collecting what appears.
    const seen = new Set<string>(t.screen());
    for (let i = 0; i < 5; i++) {
      await t.keys(KEYS.PGDN);
      for (const l of t.screen()) seen.add(l);
    }
    const all = [...seen].join('\n');
    expect(all).toMatch(/bp addr \[if cond\] \[task NAME\] +breakpoint, optionally conditional/);
    expect(all).toMatch(/wp addr len r\|w\|rw \[if cond\]/);
    expect(all).toMatch(/reset +power-on reset/);
    expect(all).toMatch(/b@addr w@addr l@addr/);
    // Every help line fits an 80-column terminal.
    const lines = t.ui.execute('help').output ?? [];
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    await t.keys(KEYS.ESC);
    expect(t.text()).not.toContain('Esc closes');
    expect(t.text()).toContain('Disassembly');
  });

  it('dump, dasm, set, fill, find, history, bplist through the command line', async () => {
    const t = await open();
    await t.command('step 3');
    await t.command('dump 30 4');
    expect(t.text()).toMatch(/0030 {2}00 1F 00 03/);
    await t.command('dasm func 3');
    expect(t.screen()[1]).toMatch(/^func: /);
    expect(t.screen()[2]).toMatch(/^ 2098 {2}INCB 22H/);
    expect(t.text()).toMatch(/209A {2}LDB 24H, #2AH/);
    await t.keys(KEYS.ESC);
    await t.command('set psw=8000');
    expect(registersRow(t, 'PSW')).toMatch(/PSW\s+8000/);
    expect(t.text()).toMatch(/PSW Z\.\.\.\.\.\./);
    await t.command('fill 400 8 11 22');
    await t.command('find 400 10 22 11');
    expect(t.text()).toMatch(/found at 401/);
    await t.command('history');
    expect(t.text()).toMatch(/-3 +2080 \(start\) +LD SP, #200H/);
    await t.command('bp main if b@22 == 2');
    await t.command('bplist');
    expect(t.text()).toMatch(/#1 +208C \(main\) if b@22 == 2 +hits 0/);
    await t.keys(KEYS.ESC);
    await t.command('bpdisable 1');
    expect(t.screen().some((l) => /^o[ >]208C/.test(l))).toBe(true);
    await t.command('bpenable #1');
    expect(t.screen().some((l) => /^\*[ >]208C/.test(l))).toBe(true);
    // Enter on an empty line repeats a step command.
    await t.command('step');
    const pc = t.ui.engine.cpu.pc;
    await t.keys(KEYS.ENTER);
    await t.settle();
    expect(t.ui.engine.cpu.pc).not.toBe(pc);
  });

  it('command history with Up and completion with Tab', async () => {
    const t = await open();
    await t.command('print 10');
    await t.command('print 20');
    await t.keys(KEYS.UP, KEYS.UP);
    expect(t.screen()[22]).toMatch(/^> print 10/);
    await t.keys(KEYS.DOWN);
    expect(t.screen()[22]).toMatch(/^> print 20/);
    for (let i = 0; i < 8; i++) await t.keys(KEYS.BACKSPACE);
    await t.type('bpl');
    await t.keys(KEYS.TAB);
    expect(t.screen()[22]).toMatch(/^> bplist /);
    for (let i = 0; i < 7; i++) await t.keys(KEYS.BACKSPACE);
    await t.type('print fu');
    await t.keys(KEYS.TAB);
    expect(t.screen()[22]).toMatch(/^> print func /);
    await t.keys(KEYS.ENTER);
    expect(t.screen()[21]).toMatch(/2098 +#8344 +func/);
  });

  it('the memory panel goes to an address and follows an expression', async () => {
    const t = await open();
    await t.command('step 3');
    await t.command('mem 30');
    expect(t.text()).toMatch(/0030 {2}00 1F 00 03/);
    await t.command('follow w@32');
    expect(t.text()).toMatch(/Memory {2}follows w@32/);
    expect(t.text()).toMatch(/0300 {2}00 00/);
    await t.command('go 2096');
    expect(t.text()).toMatch(/0300 {2}01 00/);
  });

  it('highlights memory bytes that changed, and code moves the disassembly', async () => {
    const t = await open();
    await t.command('mem counter');
    await t.command('go 2096');
    const row = t.screen().findIndex((l) => /^0300  01 00/.test(l));
    expect(row).toBeGreaterThan(0);
    expect(t.attr(row, 6)).not.toBe(t.attr(row, 9)); // 01 changed, 00 did not
    await t.command('go 2096');
    expect(t.screen()[row]).toMatch(/^0300  02 00/);
    expect(t.attr(row, 6)).not.toBe(t.attr(row, 9));
    await t.command('code func');
    expect(t.screen()[0]).toMatch(/Disassembly {2}cursor 2098/);
    expect(t.screen()[1]).toMatch(/^ {2}func:/);
    await t.keys(KEYS.TAB, KEYS.F9);
    expect(t.ui.engine.hasBreakpoint(0x2098)).toBe(true);
    await t.keys(KEYS.ENTER);
    expect(t.screen()[0]).toMatch(/Disassembly {2}follows PC/);
  });

  it('Console shows serial output and sends keystrokes when focused', async () => {
    const t = await open();
    await t.command('go 2096');
    await t.command('go 2096');
    const conTitle = t.screen().findIndex((l) => /^ Console/.test(l));
    expect(t.screen()[conTitle + 1]).toMatch(/^\*\* /);
    await t.keys(KEYS.TAB, KEYS.TAB, KEYS.TAB); // cmd -> disasm -> memory -> console
    expect(t.text()).toMatch(/Console {2}keys go to the firmware/);
    await t.type('hi');
    await t.keys(KEYS.ENTER);
    expect(t.ui.engine.machine.serial().input).toEqual([0x68, 0x69, 13]);
  });

  it('q in a panel quits at once when stopped; asks while running', async () => {
    const t = await open();
    await t.keys(KEYS.F5);
    await sleep(50);
    await t.keys(KEYS.TAB, 'q');
    expect(t.text()).toMatch(/Quit\? \(y\/n\)/);
    await t.keys('n');
    expect(t.text()).toMatch(/quit cancelled/);
    expect(t.ui.engine.running).toBe(true);
    await t.keys('q', 'y');
    await t.ui.done;
    expect(t.ui.engine.running).toBe(false);
  });

  it('a mouse click focuses a panel', async () => {
    const t = await open();
    const row = t.screen().findIndex((l) => /^ Console/.test(l)) + 2; // 1-based, one row into the panel
    await t.keys(`\x1b[<0;10;${row}M`);
    await t.keys(`\x1b[<0;10;${row}m`);
    expect(t.ui.focus).toBe('console');
    expect(t.text()).toMatch(/Console {2}keys go to the firmware/);
  });

  it('adapts to a resize', async () => {
    const t = await open();
    t.resize(132, 43);
    await sleep(20);
    t.ui.render();
    const s = t.screen();
    expect(s.length).toBe(43);
    expect(s[0].length).toBe(132);
    expect(s[42]).toMatch(/^F5 run/);
    expect(s.join('\n')).toContain('Registers');
    t.resize(80, 24);
    await sleep(20);
    t.ui.render();
    expect(t.screen().length).toBe(24);
  });

  it('a watchpoint set from the command line stops F5 after the write', async () => {
    const t = await open();
    await t.command('wp counter 2 w if wpdata == 3');
    expect(t.screen()[21]).toMatch(/watchpoint #1 on w of 300 \(counter\)\.\.301 if wpdata == 3/);
    await t.keys(KEYS.F5);
    await t.settle();
    expect(t.screen()[21]).toMatch(/watchpoint #1: write to 300 \(counter\) by 2093 \(main\+0x7\); now at 2096/);
    expect(pcLine(t)).toContain('2096');
    await t.command('wplist');
    expect(t.text()).toMatch(/#1 w +300 \(counter\) len 2 if wpdata == 3 +hits 1/);
    await t.command('wpclear');
    expect(t.ui.engine.watchpoints()).toEqual([]);
  });

  it('trace writes a file', async () => {
    const t = await open();
    const file = join(tmpdir(), `bytebos-ui-trace-${process.pid}.txt`);
    await t.command(`trace ${file}`);
    await t.command('step 4');
    await t.command('trace off');
    expect(t.text()).toMatch(/trace closed: 4 lines/);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').split('\n')[3]).toMatch(/LCALL func/);
    rmSync(file);
  });

  it('Tasks and Heap panels render the OS layer state; task N shows a saved context', async () => {
    const state = {
      kernel: { profile: 'test', banner: null, foundBy: 'symbols', confidence: 1, notes: [] },
      cycle: 0,
      tasks: [
        { address: 0x400, name: 'idle', state: 'ready', priority: 0, wait: null, savedPc: 0x2096, savedSp: 0x1f0, stackLow: 0x100, stackHigh: 0x200, stackUsed: 16, stackHighWater: 40, thisData: null, current: false, trace: [] },
        { address: 0x440, name: 'blinker', state: 'waiting', priority: 3, wait: { type: 'sleep', address: null, timeout: 12 }, savedPc: 0x208f, savedSp: 0x1e0, stackLow: 0x100, stackHigh: 0x200, stackUsed: 32, stackHighWater: 48, thisData: null, current: false, trace: [] },
        { address: 0x480, name: 'shell', state: 'running', priority: 5, wait: null, savedPc: null, savedSp: null, stackLow: null, stackHigh: null, stackUsed: null, stackHighWater: null, thisData: null, current: true, trace: [] },
      ],
      heap: {
        address: 0x800, name: 'bb_heap', start: 0x800, end: 0xc00, totalFree: 700, totalUsed: 300, largestFree: 600, fragmentation: 0.14, intact: true,
        chunks: [
          { address: 0x800, size: 300, free: false, owner: 0x480, ownerName: 'shell' },
          { address: 0x930, size: 600, free: true, owner: null, ownerName: null },
          { address: 0xb90, size: 100, free: true, owner: null, ownerName: null },
        ],
      },
      heaps: [], semaphores: [], mailboxes: [], timers: [], events: [], findings: [],
    } as OsState;
    const t = await open({ os: () => state });
    const text = t.text();
    expect(text).toMatch(/Tasks {2}3/);
    expect(text).toMatch(/ idle +ready +0/);
    expect(text).toMatch(/ blinker +waiting +3 sleep/);
    expect(text).toMatch(/> shell +running +5/);
    expect(text).toMatch(/used 300 in 1 blocks, free 700/);
    await t.command('task 1');
    expect(t.text()).toMatch(/blinker {2}TCB 00000440/);
    expect(t.text()).toMatch(/saved PC 208F \(main\+0x3\)/);
    expect(t.text()).toMatch(/waiting on sleep, 12 ticks left/);
    await t.command('heap');
    expect(t.text()).toMatch(/00000930 {2}600 +free/);
    await t.command('tasks');
    expect(t.text()).toMatch(/2 +>shell +running/);
    await t.command('task nobody');
    expect(t.screen()[21]).toMatch(/no task "nobody"/);
  });
});
