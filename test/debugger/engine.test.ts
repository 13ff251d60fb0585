import { describe, expect, it, beforeEach } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DebugEngine, DebugError } from '../../src/debugger/engine.js';
import type { OsState } from '../../src/os/types.js';
import { fixtureSession, PROGRAM, SYMBOLS } from './fixture.js';

async function engine(opts: ConstructorParameters<typeof DebugEngine>[1] = {}): Promise<DebugEngine> {
  const s = await fixtureSession();
  return new DebugEngine(s.machine, { symbols: s.symbols, ...opts });
}

describe('debugger engine on an i8096 program', () => {
  let e: DebugEngine;
  beforeEach(async () => {
    e = await engine();
  });

  it('the fixture disassembles as written', () => {
    for (const [addr, bytes, text] of PROGRAM) {
      const d = e.disassemble(addr);
      expect(d.length, text).toBe(bytes.length);
      expect(d.text.replace(/\s+/g, ' ')).toBe(text.replace(/\bfunc\b/, 'func').replace(/\bmain\b/, 'main'));
    }
  });

  it('steps single instructions and counts', () => {
    expect(e.cpu.pc).toBe(0x2080);
    e.step();
    expect(e.finish()).toMatch(/^stepped to 2084/);
    expect(e.cpu.pc).toBe(0x2084);
    expect(e.getReg('SP')).toBe(0x200);
    expect(e.changed('SP')).toBe(true);
    expect(e.changed('PSW')).toBe(false);
    e.step(2);
    e.finish();
    expect(e.cpu.pc).toBe(0x208c);
    expect(e.history(4)).toEqual([0x2080, 0x2084, 0x2088]);
    expect(e.history(2)).toEqual([0x2084, 0x2088]);
  });

  it('steps into a call, out of it, and over it', () => {
    e.until(SYMBOLS.main);
    expect(e.finish()).toMatch(/^reached 208C \(main\)/);
    e.step();
    e.finish();
    expect(e.cpu.pc).toBe(SYMBOLS.func);
    expect(e.getReg('SP')).toBe(0x1fe);
    e.step();
    e.finish();
    e.out();
    expect(e.finish()).toMatch(/^stepped out to 208F \(main\+0x3\)/i);
    expect(e.cpu.pc).toBe(0x208f);
    expect(e.getReg('SP')).toBe(0x200);
    // Back at the call: step over runs the whole subroutine.
    e.until(SYMBOLS.main);
    e.finish();
    const count = e.machine.bus.peek8(0x22);
    e.over();
    expect(e.finish()).toMatch(/^stepped over to 208F/);
    expect(e.cpu.pc).toBe(0x208f);
    expect(e.machine.bus.peek8(0x22)).toBe((count + 1) & 0xff);
    // Over a non-call instruction is one step.
    e.over();
    e.finish();
    expect(e.cpu.pc).toBe(0x2093);
  });

  it('step over still stops at a breakpoint inside the called routine', () => {
    e.until(SYMBOLS.main);
    e.finish();
    e.addBreakpoint(0x20a0);
    e.over();
    expect(e.finish()).toMatch(/breakpoint #1 at 20A0 \(func\+0x8\)/);
    expect(e.cpu.pc).toBe(0x20a0);
  });

  it('breaks at breakpoints, resumes past them, honours conditions and counts hits', () => {
    const bp = e.addBreakpoint(SYMBOLS.func);
    expect(bp.id).toBe(1);
    e.go();
    expect(e.finish()).toMatch(/^breakpoint #1 at 2098 \(func\)/);
    e.go();
    e.finish();
    expect(e.cpu.pc).toBe(SYMBOLS.func);
    expect(e.machine.bus.peek8(0x22)).toBe(1);
    e.clearBreakpoint(1);
    e.addBreakpoint(SYMBOLS.func, 'b@22 == 5');
    e.go();
    e.finish();
    expect(e.machine.bus.peek8(0x22)).toBe(5);
    expect(e.breakpoints()[0].hits).toBe(1);
    e.setBreakpointEnabled(2, false);
    e.addBreakpoint(0x2093);
    e.go();
    e.finish();
    expect(e.cpu.pc).toBe(0x2093);
    expect(e.clearBreakpoint()).toBe(2);
    expect(() => e.clearBreakpoint(7)).toThrow(DebugError);
  });

  it('toggles a breakpoint (F9)', () => {
    expect(e.toggleBreakpoint(0x208f)).toBe(true);
    expect(e.hasBreakpoint(0x208f)).toBe(true);
    expect(e.toggleBreakpoint(0x208f)).toBe(false);
    expect(e.breakpoints()).toEqual([]);
  });

  it('stops on watchpoints with conditions, at the instruction boundary after the access', () => {
    const w = e.addWatchpoint(SYMBOLS.counter, 2, 'w');
    e.go();
    expect(e.finish()).toMatch(/^watchpoint #1: write to 300 \(counter\) by 2093 \(main\+0x7\); now at 2096/);
    expect(e.cpu.pc).toBe(0x2096);
    expect(e.machine.bus.peek16(0x300)).toBe(1);
    e.clearWatchpoint(w.id);
    e.addWatchpoint(SYMBOLS.counter, 2, 'rw', 'wpdata == 4');
    e.go();
    e.finish();
    expect(e.machine.bus.peek16(0x300)).toBe(4);
    // A read watchpoint does not fire on writes.
    e.clearWatchpoint();
    e.addWatchpoint(SYMBOLS.counter, 2, 'r');
    e.go();
    expect(e.finish(200000)).toMatch(/time limit/);
  });

  it('runs in slices: tick returns while running and pause stops at an instruction boundary', () => {
    e.go();
    expect(e.running).toBe(true);
    expect(e.tick(5)).toBe(true);
    const n = e.cpu.instructions;
    expect(n).toBeGreaterThan(100);
    e.pause();
    expect(e.running).toBe(false);
    expect(e.lastStopText).toMatch(/^paused at/);
    expect(PROGRAM.some(([a]) => a === e.cpu.pc)).toBe(true);
    // History holds the most recent PCs, all of them instruction starts.
    const h = e.history(50);
    expect(h.length).toBe(50);
    expect(h.every((pc) => PROGRAM.some(([a]) => a === pc))).toBe(true);
  });

  it('go addr and until stop at the address (not at the current PC)', () => {
    e.go(0x2093);
    expect(e.finish()).toMatch(/^reached 2093/);
    e.until(0x2093);
    e.finish();
    expect(e.cpu.pc).toBe(0x2093);
    expect(e.getReg('PC')).toBe(0x2093);
    expect(e.machine.bus.peek8(0x20)).toBe(2);
  });

  it('evaluates expressions with registers, symbols and memory', () => {
    e.step(3);
    e.finish();
    expect(e.evaluate('sp')).toBe(0x200);
    expect(e.evaluate('func - main')).toBe(0xc);
    expect(e.evaluate('w@30')).toBe(0x1f00);
    expect(e.evaluate('MAIN')).toBe(0x208c); // case-insensitive symbol fallback
    expect(() => e.evaluate('nosuch')).toThrow(/unknown register or symbol "nosuch"/);
    expect(() => e.addBreakpoint(0x2000, '1 +')).toThrow(DebugError);
    e.setReg('psw', 0x0200);
    expect(e.getReg('PSW')).toBe(0x0200);
    e.setReg('pc', SYMBOLS.func);
    expect(e.cpu.pc).toBe(SYMBOLS.func);
    expect(() => e.setReg('X9', 1)).toThrow(/unknown register/);
  });

  it('history can be turned off (no per-instruction hook) while step out still works', () => {
    e.historyEnabled = false;
    expect(e.machine.hooks.every).toBeNull();
    e.until(SYMBOLS.func);
    e.finish();
    expect(e.history()).toEqual([]);
    e.out();
    expect(e.finish()).toMatch(/^stepped out to 208F/);
    expect(e.machine.hooks.every).toBeNull();
    e.historyEnabled = true;
    e.step(2);
    e.finish();
    expect(e.history()).toEqual([0x208f, 0x2093]);
  });

  it('writes a trace file', () => {
    const file = join(tmpdir(), `bytebos-trace-${process.pid}.txt`);
    e.traceStart(file);
    e.step(5);
    e.finish();
    const r = e.traceStop();
    expect(r).toEqual({ file, lines: 5 });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^0 00002080  LD SP, #200H/);
    expect(lines[4]).toMatch(/^4 00002098  INCB 22H +PSW=0 SP=1FE /);
    rmSync(file);
  });

  it('resets, keeping breakpoints', () => {
    e.addBreakpoint(SYMBOLS.func);
    e.go();
    e.finish();
    e.reset();
    expect(e.cpu.pc).toBe(0x2080);
    expect(e.breakpoints().length).toBe(1);
    e.go();
    e.finish();
    expect(e.cpu.pc).toBe(SYMBOLS.func);
  });

  it('refuses to start while running', () => {
    e.go();
    expect(() => e.step()).toThrow(/running/);
    e.pause();
  });
});

describe('debugger engine and the OS layer', () => {
  // Built with `as` so it fits both the current OsState and versions with more fields.
  const state = (current: string): OsState => ({
    kernel: { profile: 'test', banner: null, foundBy: 'symbols', confidence: 1, notes: [] },
    cycle: 0,
    tasks: ['idle', 'worker'].map((name, i) => ({
      address: 0x400 + i * 0x40, name, state: name === current ? 'running' : 'ready', priority: i, wait: null,
      savedPc: null, savedSp: null, stackLow: null, stackHigh: null, stackUsed: null, stackHighWater: null,
      thisData: null, current: name === current, trace: [],
    })),
    heap: null, heaps: [], semaphores: [], mailboxes: [], timers: [], events: [], findings: [],
  }) as OsState;

  it('breaks only while the named task runs', async () => {
    // Pretend the task is "worker" whenever the loop counter (register 22H) is odd.
    const e = await engine({ os: (m) => state(m.bus.peek8(0x22) & 1 ? 'worker' : 'idle') });
    e.addBreakpoint(0x20a0, null, 'worker');
    for (let i = 0; i < 3; i++) {
      e.go();
      e.finish();
      expect(e.cpu.pc).toBe(0x20a0);
      expect(e.machine.bus.peek8(0x22) & 1).toBe(1);
    }
    expect(e.machine.bus.peek8(0x22)).toBe(5);
    expect(e.currentTaskName()).toBe('worker');
    expect(e.osRead().state?.tasks.length).toBe(2);
  });

  it('reads the OS state again while running (after maxAge) and once per stop', async () => {
    let calls = 0;
    const e = await engine({ os: () => { calls++; return state('idle'); } });
    e.osRead();
    e.osRead();
    expect(calls).toBe(1); // stopped, nothing executed: cached
    e.go();
    e.tick(2);
    e.osRead(0);
    e.tick(2);
    e.osRead(0);
    expect(calls).toBe(3);
    e.osRead(60_000);
    expect(calls).toBe(3); // fresh enough
    e.pause();
    e.osRead();
    expect(calls).toBe(4); // the stop invalidates it
  });

  it('reports no kernel and provider errors', async () => {
    expect((await engine()).osRead()).toEqual({ state: null, error: null });
    const e = await engine({ os: () => { throw new Error('bad list'); } });
    expect(e.osRead()).toEqual({ state: null, error: 'bad list' });
  });
});
