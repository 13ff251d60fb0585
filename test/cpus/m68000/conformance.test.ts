/**
 * The SingleStepTests 68000 vectors: the 12,700 JSON tests and the full binary set of
 * 317,500. Registers, RAM and the prefetch queue must match every test and the cycle count
 * (`length`) every test too.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { listVectorFiles, requireVectors, runVectorFiles } from '../../../src/conformance/runner.js';
import { adapter } from '../../../cpus/m68000/conformance.js';

const dir = requireVectors('m68000');

function failures(summary: ReturnType<typeof runVectorFiles>): string[] {
  const out: string[] = [];
  for (const r of summary.files) {
    for (const f of r.failures) out.push(`${r.file.split('/').pop()}: ${f.name} ${f.error ?? ''} ${JSON.stringify(f.mismatches.slice(0, 4))}`);
  }
  return out;
}

describe('m68000 conformance vectors', () => {
  it.runIf(dir !== null)('passes the 12,700 JSON vectors with exact cycle counts', () => {
    const files = listVectorFiles([dir as string]).filter((f) => f.endsWith('.json.gz') && !f.includes('/full/'));
    expect(files.length).toBe(127);
    const summary = runVectorFiles(adapter, 'm68000', files, { keepFailures: 2 });
    expect(failures(summary).slice(0, 10)).toEqual([]);
    expect(summary.passed).toBe(12700);
    expect(summary.cyclesMatched).toBe(12700);
  }, 60_000);

  it.runIf(dir !== null)('passes the full binary set of 317,500 vectors with exact cycle counts', () => {
    const files = listVectorFiles([join(dir as string, 'full')]).filter((f) => f.endsWith('.json.bin.gz'));
    expect(files.length).toBe(127);
    const summary = runVectorFiles(adapter, 'm68000', files, { keepFailures: 2 });
    expect(failures(summary).slice(0, 10)).toEqual([]);
    expect(summary.passed).toBe(317500);
    expect(summary.cyclesCompared).toBe(317500);
    expect(summary.cyclesMatched).toBe(317500);
  }, 180_000);
});
