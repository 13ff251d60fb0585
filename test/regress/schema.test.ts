import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/regress/schema.js';

function errorOf(text: string, file = 's.yaml'): string {
  try {
    parseScenario(text, file);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario schema', () => {
  it('parses every step kind', () => {
    const sc = parseScenario(`
name: all kinds
image: fw.elf
board: m68000-generic
options: { maxCycles: 5e6, entry: main, port: primary }
trace: golden/run.trace
steps:
  - send: "hello\\r"
  - expect: "READY>"
    within: 1_000
  - expect: { regex: "tick \\\\d+\\\\n", flags: i }
  - run: 100
  - run: { instructions: 5 }
  - run: { until: main }
    within: 0x100
  - assert:
      registers: { d0: 5, pc: main }
      memory:
        - { address: 0x1000, bytes: "01 02 ff" }
        - { address: buf, text: "hi" }
        - { address: counter, value: 300, size: 2 }
      serial: "hello"
  - snapshot: { trace: golden/t.trace, instructions: 10 }
  - snapshot: { memory: { address: buf, length: 32 }, golden: golden/buf.hex }
  - fault: "address error"
  - exit: 3
    within: 10
`, '/x/s.yaml');
    expect(sc.name).toBe('all kinds');
    expect(sc.image).toBe('/x/fw.elf');
    expect(sc.maxCycles).toBe(5_000_000);
    expect(sc.trace).toEqual({ golden: '/x/golden/run.trace', instructions: 10_000 });
    expect(sc.steps.map((s) => s.kind)).toEqual(['send', 'expect', 'expect', 'run', 'run', 'run', 'assert', 'snapshot-trace', 'snapshot-memory', 'fault', 'exit']);
    const [send, exp1, exp2, run1, run2, run3, as, tr, mem, fault, exit] = sc.steps;
    expect(send).toMatchObject({ bytes: [104, 101, 108, 108, 111, 13], port: 'primary', line: 8 });
    expect(exp1).toMatchObject({ text: 'READY>', within: 1000, line: 9 });
    expect(exp2).toMatchObject({ text: null, regex: { source: 'tick \\d+\\n', flags: 'i' }, within: null });
    expect(run1).toMatchObject({ cycles: 100 });
    expect(run2).toMatchObject({ instructions: 5 });
    expect(run3).toMatchObject({ until: 'main', within: 256 });
    if (as.kind !== 'assert') throw new Error('kind');
    expect(as.registers).toEqual([['D0', 5], ['PC', 'main']]);
    expect(as.memory.map((m) => m.expect)).toEqual([{ bytes: [1, 2, 255] }, { bytes: [104, 105] }, { value: 300, size: 2 }]);
    expect(tr).toMatchObject({ golden: '/x/golden/t.trace', instructions: 10 });
    expect(mem).toMatchObject({ golden: '/x/golden/buf.hex', address: 'buf', length: 32 });
    expect(fault).toMatchObject({ message: 'address error' });
    expect(exit).toMatchObject({ code: 3, within: 10 });
  });

  it('accepts JSON with the same schema', () => {
    const sc = parseScenario(JSON.stringify({ image: 'a.bin', cpu: 'm68000', steps: [{ exit: { code: 0, within: 100 } }] }), '/d/x.scenario.json');
    expect(sc.name).toBe('x.scenario');
    expect(sc.steps[0]).toMatchObject({ kind: 'exit', code: 0, within: 100 });
  });

  it('names the line and field of each mistake', () => {
    expect(errorOf('image: a.elf\nsteps:\n  - expect: "x"\n    withn: 5\n')).toBe('s.yaml: line 4, steps[0].withn: unknown field "withn" (allowed here: expect, name, port, within)');
    expect(errorOf('image: a.elf\nsteps:\n  - run: -5\n')).toMatch(/^s\.yaml: line 3, steps\[0\]\.run: expected a whole number >= 0, got -5$/);
    expect(errorOf('image: a.elf\nsteps:\n  - exit: 0\n  - jump: 5\n')).toMatch(/line 4, steps\[1\]: a step needs one of: send, expect, run, assert, snapshot, exit, fault \(found: jump\)/);
    expect(errorOf('image: a.elf\nsteps:\n  - exit: 0\n    send: "x"\n')).toMatch(/a step has exactly one kind, found send and exit|found exit and send/);
    expect(errorOf('steps: []\n')).toMatch(/missing "image"/);
    expect(errorOf('image: a\n')).toMatch(/missing "steps"/);
    expect(errorOf('image: a\nsteps:\n  - expect: { regex: "(" }\n')).toMatch(/line 3, steps\[0\]\.expect\.regex: bad regular expression/);
    expect(errorOf('image: a\nsteps:\n  - assert: { memory: [{ address: 4, bytes: "0g" }] }\n')).toMatch(/steps\[0\]\.assert\.memory\[0\]\.bytes: expected hex bytes/);
    expect(errorOf('image: a\nsteps:\n  - assert: {}\n')).toMatch(/nothing to assert/);
    expect(errorOf('image: a\nsteps:\n  - run: { cycles: 5, until: main }\n')).toMatch(/exactly one of cycles, instructions, until/);
    expect(errorOf('image: a\nsteps:\n  - snapshot: { trace: t.trace }\n')).toMatch(/exactly one of instructions, cycles, until/);
    expect(errorOf('image: a\nsteps:\n  - assert: { os: { tasks: { count: { min: 5, max: 2 } } } }\n')).toMatch(/min \(5\) is greater than max \(2\)/);
    expect(errorOf('image: a\nsteps: [\n')).toMatch(/^s\.yaml: line \d+: not valid YAML/);
    expect(errorOf('{"image": "a", "steps": [}', 'x.json')).toMatch(/^x\.json: not valid JSON/);
    expect(errorOf('image: a\nimage: b\nsteps: []\n')).toMatch(/not valid YAML: Map keys must be unique/);
  });

  it('parses OS assertions', () => {
    const sc = parseScenario(`
image: a
steps:
  - assert:
      os:
        tasks: { count: { min: 2 }, names: [idle, main], states: { main: running }, priorities: { idle: 0 } }
        heap: { intact: true, free: { min: 1024 }, chunks: { max: 10 } }
        heaps: { scratch: { intact: false } }
        semaphores: { lock: 1, "0x1000": { count: 0, waiting: 2 } }
        mailboxes: { box: { count: 1, data: ["48 69"] } }
        findings: { errors: 0, kinds: [deadlock] }
`, '/s.yaml');
    const st = sc.steps[0];
    if (st.kind !== 'assert' || !st.os) throw new Error('kind');
    expect(st.os.tasks?.count).toEqual({ min: 2, max: Infinity });
    expect([...st.os.tasks!.each]).toEqual([['main', { state: 'running', priority: null }], ['idle', { state: null, priority: { min: 0, max: 0 } }]]);
    expect(st.os.heap).toEqual({ intact: true, free: { min: 1024, max: Infinity }, used: null, largestFree: null, chunks: { min: 0, max: 10 } });
    expect([...st.os.heaps]).toEqual([['scratch', { intact: false, free: null, used: null, largestFree: null, chunks: null }]]);
    expect([...st.os.semaphores]).toEqual([['lock', { count: { min: 1, max: 1 }, waiting: null, data: null }], ['0x1000', { count: { min: 0, max: 0 }, waiting: { min: 2, max: 2 }, data: null }]]);
    expect(st.os.mailboxes.get('box')).toEqual({ count: { min: 1, max: 1 }, waiting: null, data: ['4869'] });
    expect(st.os.findings).toEqual({ errors: { min: 0, max: 0 }, warnings: null, kinds: ['deadlock'] });
  });
});
