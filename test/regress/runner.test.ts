import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioFile } from '../../src/regress/runner.js';
import { decodeSnapshot, applySnapshot } from '../../src/core/snapshot.js';
import { openSession } from '../../src/cli/common.js';
import { formatFailure, formatResult } from '../../src/regress/report.js';
import { OsUnavailable } from '../../src/regress/os-assert.js';
import type { OsState } from '../../src/os/types.js';
import { ECHO_ARM, FIXTURES, ROOT, scenarioDir } from './helpers.js';

describe('scenarios that must fail do, with the right report', () => {
  it('an expect that never matches: step, expected vs actual, serial tail, registers, state file', async () => {
    const art = scenarioDir({});
    const r = await runScenarioFile(join(FIXTURES, 'fail-expect.yaml'), { artifacts: art, cwd: FIXTURES });
    expect(r.status).toBe('failed');
    const f = r.failure!;
    expect(f.step).toBe('step 3 (expect, line 8)');
    expect(f.message).toBe('expected "READY>" on primary: not within 20000 cycles');
    expect(f.expected).toBe('READY>');
    expect(f.actual).toBe('got: 0\n'); // the output since the previous match
    expect(f.serialTail).toEqual(['echo-arm: scenario test program', 'line? got: 0']);
    expect(f.registers.PC).toBe(f.pc);
    expect(f.registersText).toMatch(/R0=0x[0-9A-F]{8}/);
    expect(r.steps.map((s) => s.passed)).toEqual([true, true, false]);
    // The step's cycle window ends 20000 cycles after the step began (at an instruction boundary).
    expect(f.cycle - r.steps[1].cycle).toBeGreaterThanOrEqual(20000);
    expect(f.cycle - r.steps[1].cycle).toBeLessThan(20010);
    // The state file opens at the failing point.
    const stateFile = join(art, 'fail-expect.state');
    expect(existsSync(stateFile)).toBe(true);
    const snap = decodeSnapshot(readFileSync(stateFile), stateFile);
    expect(snap.meta.board).toBe('arm7tdmi-generic');
    expect(snap.meta.image).toBe(ECHO_ARM);
    const s = await openSession(ECHO_ARM, { board: snap.meta.board });
    applySnapshot(s.machine, snap);
    expect(s.machine.cpu.pc >>> 0).toBe(f.pc);
    expect(s.machine.scheduler.now).toBe(f.cycle);
    const report = readFileSync(join(art, 'fail-expect.failure.txt'), 'utf8');
    expect(report).toBe(formatFailure(r) + '\n');
    expect(report).toContain('step 3 (expect, line 8): expected "READY>" on primary: not within 20000 cycles');
    expect(report).toContain('  | line? got: 0');
    expect(report).toContain(`bytebos debug --state ${f.stateFile}`);
  });

  it('a wrong exit status names both', async () => {
    const r = await runScenarioFile(join(FIXTURES, 'fail-exit.yaml'));
    expect(r.status).toBe('failed');
    expect(r.failure!.message).toBe('expected firmware exit status 0, got 7');
    expect(r.failure!.stop).toMatch(/^firmware exit with status 7 at PC=0x/);
    expect(r.failure!.stateFile).toBeNull(); // no artifacts folder given
  });

  it('register and memory mismatches list every difference', async () => {
    const r = await runScenarioFile(join(FIXTURES, 'fail-assert.yaml'));
    expect(r.status).toBe('failed');
    const f = r.failure!;
    expect(f.message).toBe(
      'register R1: expected 0x13BB, got 0x13BA; memory at 0x100000 (result), bytes ba130001: expected ba 13 00 01, got ba 13 00 00 (first difference at 0x100003)',
    );
    expect(f.expected).toBe('R1=0x13BB\n0x100000: ba 13 00 01');
    expect(f.actual).toBe('R1=0x13BA\n0x100000: ba 13 00 00');
  });

  it('a bad scenario or a missing image is an error, not a crash', async () => {
    const dir = scenarioDir({
      'bad.yaml': 'image: x.elf\nsteps:\n  - wait: 5\n',
      'noimage.yaml': 'image: nothere.elf\nsteps:\n  - run: 5\n',
    });
    const bad = await runScenarioFile(join(dir, 'bad.yaml'), { cwd: dir });
    expect(bad.status).toBe('error');
    expect(bad.error).toMatch(/bad\.yaml: line 3, steps\[0\]: a step needs one of/);
    const none = await runScenarioFile(join(dir, 'noimage.yaml'), { cwd: dir });
    expect(none.status).toBe('error');
    expect(none.error).toBe('noimage.yaml: image nothere.elf does not exist');
  });
});

describe('virtual time', () => {
  it('an expect stops the machine at the instruction that sent the matching byte', async () => {
    const dir = scenarioDir({
      's.yaml': `image: ${ECHO_ARM}\nsteps:\n  - send: "0\\r"\n  - expect: "tick 2\\n"\n  - assert: { registers: { PC: putc+8 } }\n`,
    });
    // putc+4 is the "strb r0, [r3]" that sends the newline; the machine stops right after it.
    const r = await runScenarioFile(join(dir, 's.yaml'));
    expect(r.status).toBe('passed');
    expect(r.steps[1].message).toBe('matched "tick 2\\n" at PC=0x154, cycle ' + r.steps[1].cycle);
  });

  it('two runs give bit-identical traces and output', async () => {
    const dir = scenarioDir({
      's.yaml': `image: ${ECHO_ARM}\ntrace: { golden: run.trace, instructions: 100000 }\nsteps:\n  - send: "0\\r"\n  - expect: "done"\n  - exit: 0\n`,
    });
    const first = await runScenarioFile(join(dir, 's.yaml'), { updateGolden: true });
    expect(first.status).toBe('passed');
    const trace1 = readFileSync(join(dir, 'run.trace'), 'utf8');
    const second = await runScenarioFile(join(dir, 's.yaml'), { updateGolden: true });
    expect(readFileSync(join(dir, 'run.trace'), 'utf8')).toBe(trace1);
    expect(second.serial).toBe(first.serial);
    expect([second.cycles, second.instructions, second.idleCycles]).toEqual([first.cycles, first.instructions, first.idleCycles]);
    // And compared against the golden trace it passes.
    const third = await runScenarioFile(join(dir, 's.yaml'));
    expect(third.status).toBe('passed');
    expect(trace1.split('\n').filter((l) => /^\d/.test(l)).length).toBe(first.instructions);
  });

  it('idle time is skipped and reported', async () => {
    const dir = scenarioDir({ 's.yaml': `image: ${ECHO_ARM}\nsteps:\n  - send: "0\\r"\n  - exit: 0\n` });
    const r = await runScenarioFile(join(dir, 's.yaml'));
    // Three timer periods of 50000 cycles, mostly spent idle in `B .`.
    expect(r.status).toBe('passed');
    expect(r.idleCycles).toBeGreaterThan(140_000);
    expect(r.cycles).toBeGreaterThan(150_000);
    expect(r.cycles).toBeLessThan(160_000);
    expect(formatResult(r)).toMatch(/idle skipped 1\d\d,\d{3} cycles \(9\d%\)/);
  });
});

describe('golden traces', () => {
  async function recordGolden(): Promise<{ dir: string; lines: string[]; header: number }> {
    const dir = scenarioDir({
      's.yaml': `image: ${ECHO_ARM}\ntrace: { golden: g.trace, instructions: 2500 }\nsteps:\n  - send: "0\\r"\n  - exit: 0\n`,
    });
    const r = await runScenarioFile(join(dir, 's.yaml'), { updateGolden: true });
    expect(r.status).toBe('passed');
    const all = readFileSync(join(dir, 'g.trace'), 'utf8').split('\n');
    const header = all.findIndex((l) => /^\d/.test(l));
    return { dir, lines: all, header };
  }

  it('a changed register is located at the exact instruction', async () => {
    const { dir, lines, header } = await recordGolden();
    const k = header + 1234; // instruction 1234
    expect(lines[k].startsWith('1234 ')).toBe(true);
    const mutated = lines[k].replace(/ R2=([0-9a-f]+)/, (_, v: string) => ` R2=${(parseInt(v, 16) ^ 4).toString(16)}`);
    expect(mutated).not.toBe(lines[k]);
    const copy = [...lines];
    copy[k] = mutated;
    writeFileSync(join(dir, 'g.trace'), copy.join('\n'));
    const art = scenarioDir({});
    const r = await runScenarioFile(join(dir, 's.yaml'), { artifacts: art, cwd: dir });
    expect(r.status).toBe('failed');
    const d = r.failure!.divergence!;
    expect(d.index).toBe(1234);
    expect(d.goldenLine).toBe(k + 1);
    expect(d.expected).toBe(mutated);
    expect(d.actual).toBe(lines[k]);
    expect(d.previous).toBe(lines[k - 1]);
    expect(d.registers).toHaveLength(1);
    expect(d.registers[0].name).toBe('R2');
    expect(d.actualPc).toBe(lines[k].split(' ')[1]);
    expect(d.actualText).toBe(d.expectedText);
    // The machine stopped before executing instruction 1234: the report and the state are there.
    expect(r.failure!.instruction).toBe(1234);
    expect(r.failure!.pc).toBe(parseInt(d.actualPc!, 16));
    expect(r.failure!.message).toMatch(/^execution diverged from the golden trace g\.trace: at instruction 1234, PC 0x[0-9A-F]+ \(.+\): R2=/);
    const text = formatFailure(r);
    expect(text).toContain(`golden trace g.trace: first divergence at instruction 1234 (golden line ${k + 1})`);
    expect(text).toContain(`  actual: ${lines[k]}`);
    expect(text).toContain('  differing registers: R2 ');
    const snap = decodeSnapshot(readFileSync(join(art, 's.state')), 's.state');
    expect(snap.cpuState).toBeTruthy();
  });

  it('a different PC and a golden trace that ends early are located too', async () => {
    const { dir, lines, header } = await recordGolden();
    const k = header + 77;
    const parts = lines[k].split(' ');
    parts[1] = '0x00000FFC';
    const copy = [...lines];
    copy[k] = parts.join(' ');
    writeFileSync(join(dir, 'g.trace'), copy.join('\n'));
    const r = await runScenarioFile(join(dir, 's.yaml'));
    expect(r.failure!.divergence!.index).toBe(77);
    expect(r.failure!.divergence!.expectedPc).toBe('0x00000FFC');
    expect(r.failure!.divergence!.summary).toMatch(/^at instruction 77: PC 0x[0-9A-F]+ \(.*\), golden has PC 0x00000FFC/);

    writeFileSync(join(dir, 'g.trace'), lines.slice(0, header + 600).join('\n'));
    const short = await runScenarioFile(join(dir, 's.yaml'));
    expect(short.failure!.divergence!.index).toBe(600);
    expect(short.failure!.divergence!.expected).toBeNull();
    expect(short.failure!.divergence!.summary).toBe('at instruction 600 the run goes on past the end of the golden trace');
  });

  it('a trace snapshot step compares a window and reports a missing golden file clearly', async () => {
    const dir = scenarioDir({
      's.yaml': `image: ${ECHO_ARM}\nsteps:\n  - send: "0\\r"\n  - run: { until: checkpoint }\n  - snapshot: { trace: w.trace, until: idle }\n  - snapshot: { memory: { address: result, length: 8 }, golden: m.hex }\n`,
    });
    const missing = await runScenarioFile(join(dir, 's.yaml'));
    expect(missing.failure!.message).toBe(`golden trace ${join(dir, 'w.trace')} does not exist; run with --update-golden to record it`);
    const w = await runScenarioFile(join(dir, 's.yaml'), { updateGolden: true });
    expect(w.status).toBe('passed');
    expect(w.goldenWritten).toHaveLength(2);
    expect((await runScenarioFile(join(dir, 's.yaml'))).status).toBe('passed');
    const hexText = readFileSync(join(dir, 'm.hex'), 'utf8');
    writeFileSync(join(dir, 'm.hex'), hexText.replace('00100000  ba 13', '00100000  bb 13'));
    const bad = await runScenarioFile(join(dir, 's.yaml'));
    expect(bad.failure!.message).toBe(`memory at 0x100000 (8 bytes) differs from ${join(dir, 'm.hex')}: 1 byte, first at 0x100000`);
  });
});

describe('OS assertions', () => {
  const osStep = `image: ${ECHO_ARM}\nsteps:\n  - send: "0\\r"\n  - run: { until: checkpoint }\n  - assert:\n      os:\n        tasks: { count: 2, states: { main: running } }\n        semaphores: { lock: 1 }\n        mailboxes: { box: { count: 2, data: ["68 69", "6f 6b"] }, "0x100200": 0 }\n        findings: { errors: 0 }\n`;

  it('say clearly when the OS layer is not available', async () => {
    const dir = scenarioDir({ 's.yaml': osStep });
    const r = await runScenarioFile(join(dir, 's.yaml'), {
      osProvider: async () => {
        throw new OsUnavailable('OS layer not available: this build has no src/os/index.ts (createOsView)');
      },
    });
    expect(r.failure!.message).toBe('OS layer not available: this build has no src/os/index.ts (createOsView)');
  });

  it('evaluate against the OS state the provider reads', async () => {
    const dir = scenarioDir({ 's.yaml': osStep });
    const task = (name: string, state: string) => ({
      address: 0x100000 + name.length, name, state, priority: 1, wait: null, savedPc: null, savedSp: null, stackLow: null, stackHigh: null,
      stackUsed: null, stackHighWater: null, thisData: null, current: state === 'running', trace: [],
    });
    const state = {
      kernel: { profile: 'test', banner: null, foundBy: 'symbols', confidence: 1, notes: [] },
      cycle: 0,
      tasks: [task('main', 'ready'), task('idle', 'ready')],
      heap: null,
      heaps: [],
      semaphores: [{ address: 0x100100, name: 'lock', count: 0, waiting: [] }],
      mailboxes: [
        { address: 0x100180, name: 'box', messages: [{ address: 0x100400, size: 2, data: '6869' }, { address: 0x100410, size: 2, data: '6e6f' }], waiting: [] },
        { address: 0x100200, name: null, messages: [], waiting: [] },
      ],
      timers: [],
      events: [],
      findings: [{ severity: 'error', kind: 'deadlock', message: 'deadlock between "a" and "b"' }],
    } as OsState;
    const r = await runScenarioFile(join(dir, 's.yaml'), { osProvider: async () => () => state });
    expect(r.failure!.message).toBe(
      'task "main" state: expected running, got ready; semaphore "lock" count: expected 1, got 0; ' +
        'mailbox "box" messages: expected [6869, 6f6b], got [6869, 6e6f]; OS findings (errors): expected 0, got 1: deadlock between "a" and "b"',
    );
  });
});

describe('step semantics', () => {
  it('run counts cycles and instructions exactly, and run-until reports a miss', async () => {
    const dir = scenarioDir({
      's.yaml': `image: ${ECHO_ARM}\nsteps:\n  - run: { instructions: 10 }\n  - run: 1000\n  - run: { until: checkpoint }\n    within: 5000\n`,
    });
    const r = await runScenarioFile(join(dir, 's.yaml'));
    expect(r.steps[0]).toMatchObject({ passed: true, instructions: 10, message: 'ran 10 instructions' });
    // A run ends at the first instruction boundary at or after the requested cycle.
    expect(r.steps[1].cycle - r.steps[0].cycle).toBeGreaterThanOrEqual(1000);
    expect(r.steps[1].cycle - r.steps[0].cycle).toBeLessThan(1010);
    // No line was sent, so the program waits in getc and never gets to checkpoint.
    expect(r.failure!.message).toBe('run until checkpoint: not within 5000 cycles');
    expect(r.failure!.expected).toBe('PC=0xB8');
  });

  it('an expect finds output that arrived during earlier steps, and consumes it', async () => {
    const dir = scenarioDir({
      's.yaml': `image: ${ECHO_ARM}\nsteps:\n  - send: "0\\r"\n  - run: 5000\n  - expect: "got: 0"\n  - expect: "got: 0"\n    within: 100\n`,
    });
    const r = await runScenarioFile(join(dir, 's.yaml'));
    expect(r.steps[2].message).toBe('matched "got: 0" in output already received');
    expect(r.failure!.message).toBe('expected "got: 0" on primary: not within 100 cycles');
  });

  it('after the firmware exits, steps that need a running machine fail and say why', async () => {
    const dir = scenarioDir({
      's.scenario.json': JSON.stringify({ image: ECHO_ARM, steps: [{ send: '0\r' }, { exit: 0 }, { assert: { memory: [{ address: 'result', value: 5050 }] } }, { run: 10 }] }),
    });
    const r = await runScenarioFile(join(dir, 's.scenario.json'));
    expect(r.steps.map((s) => s.passed)).toEqual([true, true, true, false]);
    expect(r.failure!.message).toMatch(/^the machine has already stopped: firmware exit with status 0 at PC=0x/);
    expect(r.failure!.step).toBe('step 4 (run, line 1)');
  });

  it('a fault step matches the stop message; a fault where none is expected fails the step', async () => {
    const board = join(ROOT, 'firmware/tests/scenarios/programs/arm-strict-board.json');
    const dir = scenarioDir({
      'ok.yaml': `image: ${ECHO_ARM}\nboard: ${board}\nsteps:\n  - send: "f\\r"\n  - fault: "unmapped"\n`,
      'bad.yaml': `image: ${ECHO_ARM}\nboard: ${board}\nsteps:\n  - send: "f\\r"\n  - exit: 0\n`,
    });
    const ok = await runScenarioFile(join(dir, 'ok.yaml'));
    expect(ok.status).toBe('passed');
    const bad = await runScenarioFile(join(dir, 'bad.yaml'));
    expect(bad.failure!.message).toMatch(/^expected firmware exit status 0: fault at PC=0x94: .*unmapped/);
    expect(bad.failure!.stop).toMatch(/^fault at PC=0x94/);
  });

  it('stops at the scenario budget and says so', async () => {
    const dir = scenarioDir({ 's.yaml': `image: ${ECHO_ARM}\noptions: { maxCycles: 3000 }\nsteps:\n  - expect: "never"\n` });
    const r = await runScenarioFile(join(dir, 's.yaml'));
    expect(r.failure!.message).toBe('expected "never" on primary: the scenario\'s cycle budget (options.maxCycles = 3000) ran out');
    expect(r.cycles).toBe(3000);
    const dir2 = scenarioDir({ 's.yaml': `image: ${ECHO_ARM}\noptions: { maxCycles: 3000 }\nsteps:\n  - run: 5000\n` });
    const r2 = await runScenarioFile(join(dir2, 's.yaml'));
    expect(r2.failure!.message).toBe('run 5000 cycles: the scenario\'s cycle budget (options.maxCycles = 3000) ran out');
  });
});
