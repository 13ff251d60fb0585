import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectScenarios, filterScenarios, parseShard, runSuite, shardOf, workerScript } from '../../src/regress/suite.js';
import { githubAnnotations, junitXml, jsonReport, formatSummaryLine, summarize } from '../../src/regress/report.js';
import type { ScenarioResult } from '../../src/regress/runner.js';
import { testCommand } from '../../src/cli/test.js';
import { parseXml, validateJunit } from './junit-schema.js';
import { ECHO_ARM, FIXTURES, ROOT, scenarioDir } from './helpers.js';

describe('sharding', () => {
  it('partitions without overlap or loss, the same way every time', () => {
    for (let size = 0; size <= 23; size++) {
      const items = Array.from({ length: size }, (_, k) => `s${k}`);
      for (let n = 1; n <= 7; n++) {
        const shards = Array.from({ length: n }, (_, k) => shardOf(items, { index: k + 1, count: n }));
        const all = shards.flat();
        expect(all).toHaveLength(size);
        expect(new Set(all).size).toBe(size);
        expect([...all].sort()).toEqual([...items].sort());
        // Balanced: sizes differ by at most one.
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(shards).toEqual(Array.from({ length: n }, (_, k) => shardOf([...items], { index: k + 1, count: n })));
      }
    }
  });

  it('counts in path order whatever order the paths are given in', () => {
    const dir = scenarioDir({ 'b/x.yaml': '', 'a/z.yml': '', 'a/y.scenario.json': '', 'a/board.json': '', 'c.yaml': '', 'golden/t.trace': '' });
    const one = collectScenarios(['.'], dir);
    expect(one.map((f) => f.slice(dir.length + 1))).toEqual(['a/y.scenario.json', 'a/z.yml', 'b/x.yaml', 'c.yaml']);
    expect(collectScenarios(['c.yaml', 'b', 'a', 'b/x.yaml'], dir)).toEqual(one);
    expect(filterScenarios(one, '^a/', dir).map((f) => f.slice(dir.length + 1))).toEqual(['a/y.scenario.json', 'a/z.yml']);
  });

  it('rejects bad shard specifications', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('0/4')).toThrow('--shard: i must be between 1 and n, got 0/4');
    expect(() => parseShard('5/4')).toThrow('--shard: i must be between 1 and n, got 5/4');
    expect(() => parseShard('2')).toThrow('--shard: expected i/n (for example 2/4), got "2"');
  });
});

const strip = (rs: ScenarioResult[]): unknown[] => rs.map((r) => ({ ...r, wallMs: 0 }));

describe('running a suite', () => {
  const files = [join(FIXTURES, 'fail-assert.yaml'), join(FIXTURES, 'fail-exit.yaml'), join(FIXTURES, 'fail-expect.yaml'), join(ROOT, 'firmware/tests/scenarios/programs/echo-arm.yaml')];

  it('gives the same results, in file order, with worker threads as in one thread', async () => {
    const one = await runSuite(files, { cwd: ROOT, jobs: 1 });
    const order: number[] = [];
    const two = await runSuite(files, { cwd: ROOT, jobs: 2, onResult: (_, i) => order.push(i) });
    expect(order).toEqual([0, 1, 2, 3]);
    expect(two.note).toBe(workerScript() === null ? 'no compiled worker (run `npm run build`); ran in one thread' : null);
    expect(strip(two.results)).toEqual(strip(one.results));
    expect(one.results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'passed']);
    expect(formatSummaryLine(summarize(one.results))).toBe('1 passed, 3 failed');
  });

  it('writes JUnit XML that validates, with failures, errors and awkward characters', async () => {
    const { results } = await runSuite(files, { cwd: ROOT });
    const broken: ScenarioResult = {
      ...results[3], file: 'x/odd.yaml', name: 'a <tricky> & "quoted" \'name\'', status: 'error', error: 'bad ]]> thing\x01',
      serial: 'bell\x07 esc\x1b[0m <b>&amp; \ud800 done', log: ['log & <line>'],
    };
    const xml = junitXml([...results, broken]);
    const root = parseXml(xml);
    expect(validateJunit(root)).toEqual([]);
    expect(root.attrs.get('tests')).toBe('5');
    expect(root.attrs.get('failures')).toBe('3');
    expect(root.attrs.get('errors')).toBe('1');
    const cases = root.children.flatMap((s) => s.children);
    expect(cases.map((c) => c.attrs.get('classname'))).toEqual([
      'test.regress.fixtures.fail-assert', 'test.regress.fixtures.fail-exit', 'test.regress.fixtures.fail-expect',
      'firmware.tests.scenarios.programs.echo-arm', 'x.odd',
    ]);
    const failure = cases[2].children.find((c) => c.name === 'failure')!;
    expect(failure.attrs.get('message')).toBe('step 3 (expect, line 8): expected "READY>" on primary: not within 20000 cycles');
    expect(failure.text).toContain('  | line? got: 0');
    expect(cases[4].attrs.get('name')).toBe('a <tricky> & "quoted" \'name\'');
    expect(cases[4].children.find((c) => c.name === 'system-out')!.text).toContain('bell\\x07 esc\\x1b[0m <b>&amp;');
    // The schema check itself catches broken reports.
    expect(validateJunit(parseXml(xml.replace('tests="5"', 'tests="6"')))).toEqual(['testsuites: tests=6 but 5']);
    expect(() => parseXml('<a><b></a></b>')).toThrow('end tag </a> does not match <b>');
    expect(() => parseXml('<a>x & y</a>')).toThrow('bare "&"');
  });

  it('annotates failures for GitHub Actions at the failing step\'s line', async () => {
    const { results } = await runSuite(files.slice(0, 3), { cwd: ROOT });
    expect(githubAnnotations(results)[2]).toBe(
      '::error file=test/regress/fixtures/fail-expect.yaml,line=8,title=expect that never matches%3A step 3 (expect%2C line 8)::expected "READY>" on primary: not within 20000 cycles',
    );
  });

  it('gives JSON with the counts and every result', async () => {
    const { results } = await runSuite(files.slice(1, 2), { cwd: ROOT });
    const j = JSON.parse(JSON.stringify(jsonReport(results, '1/2')));
    expect(j).toMatchObject({ format: 'bytebos-test', version: 1, shard: '1/2', passed: 0, failed: 1, total: 1 });
    expect(j.scenarios[0].failure.message).toBe('expected firmware exit status 0, got 7');
  });
});

describe('bytebos test', () => {
  let out = '';
  afterEach(() => vi.restoreAllMocks());
  const capture = (): void => {
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out += String(s);
      return true;
    });
  };

  it('prints one line per scenario and "N passed, M failed"; exit 1 when any failed', async () => {
    const dir = scenarioDir({
      'ok.yaml': `image: ${ECHO_ARM}\nsteps:\n  - send: "0\\r"\n  - exit: 0\n`,
      'bad.yaml': `image: ${ECHO_ARM}\nsteps:\n  - send: "3\\r"\n  - exit: 0\n`,
    });
    capture();
    const code = await testCommand([dir], { junit: join(dir, 'reports', 'junit.xml') });
    vi.restoreAllMocks();
    const lines = out.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toBe('1 passed, 1 failed');
    expect(lines[lines.length - 2]).toMatch(/^virtual time: [\d,]+ cycles, [\d,]+ instructions; 2\d\d,\d{3} idle cycles skipped$/);
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL {2}.*bad\.yaml/m);
    expect(out).toMatch(/^PASS {2}.*ok\.yaml/m);
    // The state file goes beside the JUnit report.
    expect(out).toContain(`state saved at the failing point: ${join(dir, 'reports')}`);
    expect(validateJunit(parseXml(readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8')))).toEqual([]);

    capture();
    expect(await testCommand([dir], { filter: 'ok', json: true })).toBe(0);
    vi.restoreAllMocks();
    expect(JSON.parse(out)).toMatchObject({ passed: 1, failed: 0, total: 1 });

    capture();
    expect(await testCommand([dir], { shard: '2/2' })).toBe(0); // bad.yaml is first, ok.yaml second
    vi.restoreAllMocks();
    expect(out).toMatch(/^shard 2\/2: 1 of 2 scenarios\n/);
  });

  it('reports bad usage as a UserError (exit 2)', async () => {
    await expect(testCommand(['/nonexistent/dir'], {})).rejects.toThrow('/nonexistent/dir: no such file or folder');
    const empty = scenarioDir({ 'x.txt': '' });
    await expect(testCommand([empty], {})).rejects.toThrow(/no scenario files/);
    await expect(testCommand([empty], { shard: '3/2' })).rejects.toMatchObject({ exitCode: 2 });
  });
});
