/**
 * All 9,180 single-instruction vectors of ../shared/vectors/m68hc11 must pass, with the cycle
 * count of every one (README: fields in `dont_care` are not compared).
 */
import { describe, expect, it } from 'vitest';
import { listVectorFiles, requireVectors, runVectorFiles } from '../../../src/conformance/runner.js';
import { adapter } from '../../../cpus/m68hc11/conformance.js';

const dir = requireVectors('m68hc11');

describe('m68hc11 conformance vectors', () => {
  it.runIf(dir !== null)('passes every vector of the four opcode pages, cycles included', () => {
    const files = listVectorFiles([dir!]);
    expect(files.length).toBe(4);
    const s = runVectorFiles(adapter, 'm68hc11', files, { keepFailures: 5 });
    const report = s.files
      .filter((f) => f.failed > 0)
      .flatMap((f) => f.failures.map((t) => `${f.file.split('/').pop()}: ${t.name} ${t.error ?? JSON.stringify(t.mismatches)}`));
    console.log('m68hc11 vectors', s.passed, s.failed, `cycles ${s.cyclesMatched}/${s.cyclesCompared}`);
    expect(report).toEqual([]);
    expect(s.passed).toBe(9180);
    expect(s.cyclesCompared).toBe(9180);
    expect(s.cyclesMatched).toBe(9180);
  });
});
