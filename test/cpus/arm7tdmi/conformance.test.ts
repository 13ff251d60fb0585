import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listVectorFiles, requireVectors, runVectorFiles } from '../../../src/conformance/runner.js';
import { adapter } from '../../../cpus/arm7tdmi/conformance.js';

const dir = requireVectors('arm7tdmi');

describe('arm7tdmi conformance vectors', () => {
  it.runIf(dir !== null)('passes every vector (arch and arm7tdmi-specific groups)', () => {
    const files = listVectorFiles([dir as string]).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(194);
    const summary = runVectorFiles(adapter, 'arm7tdmi', files, { keepFailures: 3 });
    const groups: Record<string, { passed: number; failed: number }> = {};
    const failing: string[] = [];
    for (const r of summary.files) {
      const group = (JSON.parse(readFileSync(r.file, 'utf8').slice(0, 4000).replace(/"tests":.*$/s, '"x":0}')) as { group: string }).group;
      const g = (groups[group] ??= { passed: 0, failed: 0 });
      g.passed += r.passed;
      g.failed += r.failed;
      for (const f of r.failures) failing.push(`${join(r.file).split('/').pop()}: ${f.name} ${f.error ?? JSON.stringify(f.mismatches)}`);
    }
    expect(failing.slice(0, 20)).toEqual([]);
    expect(summary.passed).toBe(5820);
    expect(groups["arm7tdmi-specific"].passed).toBe(180);
    expect(groups['arm7tdmi-specific'].failed).toBe(0);
  });
});
