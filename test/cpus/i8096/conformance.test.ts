/**
 * All 9,900 single-instruction vectors of ../shared/vectors/i8096 must pass (README: PSW bits
 * in psw_dont_care are not compared).
 */
import { describe, expect, it } from 'vitest';
import { listVectorFiles, requireVectors, runVectorFiles } from '../../../src/conformance/runner.js';
import { adapter } from '../../../cpus/i8096/conformance.js';

const dir = requireVectors('i8096');

describe('i8096 conformance vectors', () => {
  it.runIf(dir !== null)('passes every 8096BH vector', () => {
    const files = listVectorFiles([dir!]);
    expect(files.length).toBe(330);
    const s = runVectorFiles(adapter, 'i8096', files, { keepFailures: 3 });
    const report = s.files
      .filter((f) => f.failed > 0)
      .map((f) => `${f.file.split('/').pop()}: ${f.failed} failed; first: ${f.failures[0].name} ${f.failures[0].error ?? JSON.stringify(f.failures[0].mismatches)}`);
    console.log('i8096 vectors', s.passed, s.failed, report.slice(0, 40).join('\n'));
    expect(report).toEqual([]);
    expect(s.passed).toBe(9900);
  });

  it.runIf(dir !== null)('the 80C196 variant passes them too (it is a superset)', () => {
    const s = runVectorFiles(adapter, 'i80c196', listVectorFiles([dir!]), { keepFailures: 1 });
    expect(s.failed).toBe(0);
    expect(s.passed).toBe(9900);
  });
});
