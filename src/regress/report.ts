/**
 * The three forms of a `bytebos test` report: text for people (ending "N passed, M failed"),
 * JUnit XML for CI systems, JSON for tools. All are built from ScenarioResult only, so results
 * from worker threads and from the main thread render the same.
 */
import { hex } from '../core/errors.js';
import type { ScenarioResult } from './runner.js';

export interface SuiteSummary {
  passed: number;
  failed: number;
  total: number;
}

export function summarize(results: ScenarioResult[]): SuiteSummary {
  const passed = results.filter((r) => r.status === 'passed').length;
  return { passed, failed: results.length - passed, total: results.length };
}

const n = (v: number): string => v.toLocaleString('en-US');

function stats(r: ScenarioResult): string {
  const idle = r.idleCycles > 0 && r.cycles > 0 ? `, idle skipped ${n(r.idleCycles)} cycles (${Math.round((100 * r.idleCycles) / r.cycles)}%)` : '';
  return `${n(r.cycles)} cycles, ${n(r.instructions)} instructions${idle}`;
}

function indent(text: string, pad: string): string {
  return text.split('\n').map((l) => pad + l).join('\n');
}

/** The detailed failure report of one scenario (also written beside the state file). */
export function formatFailure(r: ScenarioResult): string {
  if (r.status === 'error') return `${r.file}: ${r.error ?? 'error'}`;
  const f = r.failure;
  if (!f) return '';
  const out: string[] = [];
  out.push(`${f.step}: ${f.message}`);
  const labelled = (label: string, v: string): string => {
    const t = shownValue(v);
    return t.startsWith('\n') ? `${label}:${t}` : `${label}: ${' '.repeat(8 - label.length)}${t}`;
  };
  if (f.expected !== null) out.push(labelled('expected', f.expected));
  if (f.actual !== null) out.push(labelled('actual', f.actual));
  if (f.stop) out.push(`machine: ${f.stop}`);
  out.push(`serial output (last ${f.serialTail.length} line${f.serialTail.length === 1 ? '' : 's'}):`);
  if (f.serialTail.length === 0) out.push('  (none)');
  for (const l of f.serialTail) out.push(`  | ${visible(l)}`);
  out.push(`registers at PC=${hex(f.pc)}, cycle ${f.cycle}, instruction ${f.instruction}:`);
  out.push(indent(f.registersText, '  '));
  const d = f.divergence;
  if (d) {
    out.push(`golden trace ${d.golden}: first divergence at instruction ${d.index}${d.goldenLine !== null ? ` (golden line ${d.goldenLine})` : ''}`);
    out.push(`  ${d.summary}`);
    if (d.expected !== null) out.push(`  golden: ${d.expected.trim()}`);
    if (d.actual !== null) out.push(`  actual: ${d.actual.trim()}`);
    if (d.registers.length > 0) out.push(`  differing registers: ${d.registers.map((x) => `${x.name} ${x.actual ?? '-'} (golden ${x.expected ?? '-'})`).join(', ')}`);
    if (d.previous !== null) out.push(`  after:  ${d.previous.trim()}`);
  } else if (f.traceNote) out.push(f.traceNote);
  if (f.stateFile) out.push(`state saved at the failing point: ${f.stateFile} (open it with: bytebos debug --state ${f.stateFile})`);
  return out.join('\n');
}

/** Non-printing bytes as \xNN so reports stay one line per line. */
function visible(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Expected/actual values: one line as it is (quoted when white space at its ends or control
 * characters would hide something), several lines as an indented block.
 */
function shownValue(s: string): string {
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  if (body.includes('\n')) return body.split('\n').map((l) => `\n  | ${visible(l)}`).join('');
  return body === s && /^\S(.*\S)?$/.test(s) && s === visible(s) ? s : JSON.stringify(s);
}

/** One scenario for the text report: a PASS/FAIL line, and for failures the report indented. */
export function formatResult(r: ScenarioResult): string {
  const title = r.name !== r.file ? `${r.file} (${r.name})` : r.file;
  if (r.status === 'passed') {
    const golden = r.goldenWritten.length ? `\n      wrote ${r.goldenWritten.join(', ')}` : '';
    return `PASS  ${title}  [${stats(r)}]${golden}`;
  }
  if (r.status === 'error') return `ERROR ${title}\n${indent(r.error ?? '', '      ')}`;
  return `FAIL  ${title}  [${stats(r)}]\n${indent(formatFailure(r), '      ')}`;
}

/** Virtual time of the whole run and how much of it was skipped while CPUs idled. */
export function formatTotals(results: ScenarioResult[]): string {
  const cycles = results.reduce((a, r) => a + r.cycles, 0);
  const idle = results.reduce((a, r) => a + r.idleCycles, 0);
  const insns = results.reduce((a, r) => a + r.instructions, 0);
  return `virtual time: ${n(cycles)} cycles, ${n(insns)} instructions; ${n(idle)} idle cycles skipped`;
}

export function formatSummaryLine(s: SuiteSummary): string {
  return `${s.passed} passed, ${s.failed} failed`;
}

/**
 * GitHub Actions workflow commands that put each failure on its scenario file's line in the
 * pull request (printed when GITHUB_ACTIONS=true).
 */
export function githubAnnotations(results: ScenarioResult[]): string[] {
  const esc = (t: string): string => t.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (t: string): string => esc(t).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const out: string[] = [];
  for (const r of results) {
    if (r.status === 'passed') continue;
    const line = r.failure?.line ?? null;
    const title = r.status === 'error' ? `${r.name}: scenario error` : `${r.name}: ${r.failure?.step ?? 'failed'}`;
    const where = `file=${prop(r.file)}${line !== null ? `,line=${line}` : ''},title=${prop(title)}`;
    out.push(`::error ${where}::${esc(r.status === 'error' ? r.error ?? '' : r.failure?.message ?? '')}`);
  }
  return out;
}

// ---- JUnit XML -------------------------------------------------------------------------------

/** XML 1.0 text: escape markup, and show characters XML cannot carry as \xNN. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(o: Record<string, string | number>): string {
  return Object.entries(o).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * JUnit XML as Jenkins, GitLab, GitHub test reporters and Azure read it: <testsuites>, one
 * <testsuite> per scenario folder, one <testcase> per scenario with <failure> or <error>, and
 * the serial output in <system-out>.
 */
export function junitXml(results: ScenarioResult[], suiteName = 'bytebos test'): string {
  const groups = new Map<string, ScenarioResult[]>();
  for (const r of results) {
    const dir = r.file.includes('/') ? r.file.slice(0, r.file.lastIndexOf('/')) : '.';
    if (!groups.has(dir)) groups.set(dir, []);
    groups.get(dir)!.push(r);
  }
  const total = results.length;
  const failures = results.filter((r) => r.status === 'failed').length;
  const errors = results.filter((r) => r.status === 'error').length;
  const time = results.reduce((a, r) => a + r.wallMs, 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs({ name: suiteName, tests: total, failures, errors, time: secs(time) })}>`);
  let id = 0;
  for (const [dir, rs] of groups) {
    const f = rs.filter((r) => r.status === 'failed').length;
    const e = rs.filter((r) => r.status === 'error').length;
    const t = rs.reduce((a, r) => a + r.wallMs, 0);
    out.push(`  <testsuite${attrs({ name: dir, id: id++, tests: rs.length, failures: f, errors: e, skipped: 0, time: secs(t) })}>`);
    for (const r of rs) {
      const classname = r.file.replace(/\.(ya?ml|json)$/i, '').replace(/\//g, '.');
      out.push(`    <testcase${attrs({ name: r.name, classname, file: r.file, time: secs(r.wallMs) })}>`);
      if (r.status === 'failed' && r.failure) {
        out.push(`      <failure${attrs({ message: `${r.failure.step}: ${r.failure.message}`, type: r.failure.kind })}>${xmlEscape(formatFailure(r))}</failure>`);
      } else if (r.status === 'error') {
        out.push(`      <error${attrs({ message: r.error ?? 'error', type: 'scenario' })}>${xmlEscape(r.error ?? '')}</error>`);
      }
      const so = `${stats(r)}\n${r.steps.map((s) => `${s.passed ? 'ok  ' : 'FAIL'} step ${s.index + 1} ${s.kind}: ${s.message}`).join('\n')}\n--- serial output ---\n${r.serial}`;
      out.push(`      <system-out>${xmlEscape(so)}</system-out>`);
      if (r.log.length > 0) out.push(`      <system-err>${xmlEscape(r.log.join('\n'))}</system-err>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

// ---- JSON --------------------------------------------------------------------------------------

export interface JsonReport {
  format: 'bytebos-test';
  version: 1;
  shard: string | null;
  passed: number;
  failed: number;
  total: number;
  scenarios: ScenarioResult[];
}

export function jsonReport(results: ScenarioResult[], shard: string | null): JsonReport {
  const s = summarize(results);
  return { format: 'bytebos-test', version: 1, shard, ...s, scenarios: results };
}
