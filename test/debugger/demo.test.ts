/**
 * The debugger on the reference kernel's demo (68000): the acceptance checks of the issue,
 * driven through the real UI with keystrokes and read back from the screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSession } from '../../src/cli/common.js';
import { projectRoot } from '../../src/boards/board.js';
import { createSessionEngine } from '../../src/debugger/session.js';
import { KEYS, TermHarness } from './harness.js';

const DEMO = join(projectRoot(), 'firmware', 'images', 'm68000', 'demo.elf');

let h: TermHarness | null = null;
afterEach(() => {
  h?.destroy();
  h = null;
});

async function openDemo(cols: number, rows: number): Promise<TermHarness> {
  const s = await openSession(DEMO, {});
  const { engine } = createSessionEngine(s, {});
  h = new TermHarness({ engine }, cols, rows);
  return h;
}

function pcLine(t: TermHarness): string {
  const l = t.screen().find((x) => /^.>[0-9A-F]{6}/.test(x));
  if (!l) throw new Error(`no current line on screen:\n${t.text()}`);
  return l;
}

/** The rows of a panel's body, by its title, in the right-hand column. */
function panel(t: TermHarness, title: string, col: number): string[] {
  const s = t.screen().map((l) => l.slice(col));
  const top = s.findIndex((l) => l.startsWith(` ${title}`));
  if (top < 0) throw new Error(`no ${title} panel:\n${t.text()}`);
  const out: string[] = [];
  for (let i = top + 1; i < s.length && !/^ [A-Z][a-z]+( |$)/.test(s[i]); i++) out.push(s[i].trimEnd());
  return out;
}

describe('debugger on the 68000 demo kernel', () => {
  it('F10 three times moves the PC through the start-up code', async () => {
    const t = await openDemo(80, 24);
    expect(pcLine(t)).toMatch(/^ >000400 .*move\.w #\$2700,sr/);
    expect(t.text()).toContain('_start:');
    const addrs: string[] = [pcLine(t).slice(2, 8)];
    for (let i = 0; i < 3; i++) {
      await t.keys(KEYS.F10);
      await t.settle();
      addrs.push(pcLine(t).slice(2, 8));
    }
    expect(addrs).toEqual(['000400', '000404', '00040A', '000410']);
    expect(t.text()).toMatch(/A7\s+00200000/); // lea __stack_top,sp ran
  });

  it('breaks on a kernel function, lists the tasks with their states, and shows the heartbeat', async () => {
    const t = await openDemo(110, 50);
    await t.command('bp bb_timer_start');
    expect(t.text()).toMatch(/breakpoint #1 at [0-9A-F]+ \(bb_timer_start\)/);
    await t.keys(KEYS.F5);
    await t.settle(30000);
    expect(t.text()).toMatch(/STOP +breakpoint #1 at [0-9A-F]+ \(bb_timer_start\)/);
    expect(pcLine(t)).toMatch(/^\*>/);
    const at = t.screen().findIndex((l) => /^\*>/.test(l));
    expect(t.screen()[at - 1]).toMatch(/^ {2}bb_timer_start:/);

    // The Tasks panel (right column) lists the demo's tasks with states.
    const col = t.screen()[0].indexOf('| Registers') + 1;
    const tasks = panel(t, 'Tasks', col);
    const joined = tasks.join('\n');
    for (const name of ['supervisor', 'idle', 'consumer', 'producer', 'worker-a', 'worker-b', 'finisher', 'heartbeat']) expect(joined).toContain(name);
    expect(joined).toMatch(/> supervisor +running +6/);
    expect(joined).toMatch(/ idle +ready +0/);
    expect(joined).toMatch(/ consumer +terminated +4/);
    expect(joined).toMatch(/ heartbeat +(ready|waiting) +5/);
    expect(panel(t, 'Heap', col).join('\n')).toMatch(/used \d+ in \d+ blocks, free \d+/);

    // task N: a task that is not running shows its saved context.
    await t.command('task idle');
    expect(t.text()).toMatch(/idle {2}TCB [0-9A-F]{8} {2}ready {2}priority 0/);
    expect(t.text()).toMatch(/saved PC [0-9A-F]+ \(/);
    expect(t.text()).toMatch(/saved context on its stack:/);
    await t.keys(KEYS.ESC);

    // Shift-F11 returns to the caller (the supervisor task).
    await t.keys(KEYS.SF11);
    await t.settle();
    expect(t.text()).toMatch(/stepped out to [0-9A-F]+ \(supervisor\+0x[0-9A-F]+\)/);

    // Run on to the end of the heartbeat scene: the Console panel shows the heartbeat task's output.
    await t.command('bpclear');
    await t.command('bp bb_timer_stop');
    await t.keys(KEYS.F5);
    await t.settle(30000);
    expect(t.text()).toMatch(/breakpoint #2 at [0-9A-F]+ \(bb_timer_stop\)/);
    const con = panel(t, 'Console', 0).join('\n');
    expect(con).toMatch(/heartbeat 1 at tick \+5/);
    expect(con).toMatch(/heartbeat 2 at tick \+10/);
    expect(con).toMatch(/heartbeat 4 at tick \+20/);
  });

  it('a task-filtered breakpoint stops only in that task', async () => {
    const t = await openDemo(100, 40);
    await t.command('bp bb_sem_up task worker-b');
    await t.keys(KEYS.F5);
    await t.settle(30000);
    expect(t.text()).toMatch(/breakpoint #1 at [0-9A-F]+ \(bb_sem_up\)/);
    expect(t.ui.engine.currentTaskName()).toBe('worker-b');
    const col = t.screen()[0].indexOf('| Registers') + 1;
    expect(panel(t, 'Tasks', col).join('\n')).toMatch(/> worker-b +running/);
  });
});

describe('debugger engine on the ARM7TDMI demo (Thumb)', () => {
  it('steps out of a function past a leaf call (BL pushes nothing)', async () => {
    const s = await openSession(join(projectRoot(), 'firmware', 'images', 'arm7tdmi', 'demo-thumb.elf'), {});
    const { engine: e } = createSessionEngine(s, {});
    const entry = s.symbols.byName('bb_timer_start')!;
    e.until(entry);
    expect(e.finish(50_000_000)).toMatch(/^reached [0-9A-F]+ \(bb_timer_start\)/);
    const ret = e.getReg('LR') & ~1;
    // Two instructions into the body, before the BL to the IRQ-save helper (a leaf that
    // returns with BX LR at the same SP): step out must not stop after the helper's return.
    e.step(2);
    e.finish();
    const bl = e.cpu.pc + 4;
    expect(e.disassemble(bl).text).toMatch(/^bl /);
    e.out();
    expect(e.finish(10_000_000)).toMatch(/^stepped out to [0-9A-F]+ \(supervisor\+/);
    expect(e.cpu.pc).toBe(ret);
    // Again from reset: step over the same BL stops right after it.
    e.reset();
    e.until(bl);
    e.finish(50_000_000);
    expect(e.cpu.pc).toBe(bl);
    e.over();
    expect(e.finish(1_000_000)).toMatch(/^stepped over to/);
    expect(e.cpu.pc).toBe(bl + 4);
  });
});

describe('debugger Tasks panel at 80x24', () => {
  it('scrolls through more tasks than fit and Enter shows the selected one', async () => {
    const t = await openDemo(80, 24);
    await t.command('bp bb_timer_start');
    await t.keys(KEYS.F5);
    await t.settle(30000);
    const col = t.screen()[0].indexOf('| Registers') + 1;
    expect(panel(t, 'Tasks', col).join('\n')).toMatch(/\+\d+ more/);
    for (let i = 0; i < 6; i++) await t.keys(KEYS.TAB);
    expect(t.screen().some((l) => l.slice(col).startsWith(' Tasks'))).toBe(true);
    for (let i = 0; i < 7; i++) await t.keys(KEYS.DOWN);
    expect(panel(t, 'Tasks', col).join('\n')).toMatch(/finisher/);
    await t.keys(KEYS.ENTER);
    expect(t.text()).toMatch(/finisher {2}TCB [0-9A-F]{8} {2}terminated/);
  });
});

describe('debugger on the 68000 faults image', () => {
  it('the Heap panel flags the corrupted memory object and heap NAME lists it', async () => {
    const s = await openSession(join(projectRoot(), 'firmware', 'images', 'm68000', 'faults.elf'), {});
    const { engine } = createSessionEngine(s, {});
    h = new TermHarness({ engine }, 100, 40);
    engine.go();
    engine.finish(16_000_000); // two seconds of virtual time: every fault has happened
    h.ui.render();
    const col = h.screen()[0].indexOf('| Registers') + 1;
    expect(panel(h, 'Heap', col).join('\n')).toMatch(/scratch: BROKEN \(heap scratch\)/);
    await h.command('heap scratch');
    expect(h.text()).toMatch(/scratch [0-9A-F]{8}\.\.[0-9A-F]{8}: .*BROKEN/);
    await h.command('heap nosuch');
    expect(h.screen()[37]).toMatch(/no memory object "nosuch" \(known: .*scratch/);
  });
});
