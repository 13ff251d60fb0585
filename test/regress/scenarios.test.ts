/**
 * `npm test` runs every scenario in firmware/tests/scenarios through the runner (the same code
 * path as `bytebos test firmware/tests/scenarios`), with a failure's full report in the message.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { collectScenarios, runSuite } from '../../src/regress/suite.js';
import { formatResult } from '../../src/regress/report.js';
import { ROOT } from './helpers.js';

describe('firmware/tests/scenarios', () => {
  const files = collectScenarios([join(ROOT, 'firmware', 'tests', 'scenarios')], ROOT);

  it('has scenarios for the reference images and the runner test programs', () => {
    const names = files.map((f) => f.slice(ROOT.length + 1));
    for (const app of ['demo', 'selftest', 'faults']) {
      expect(names).toContain(`firmware/tests/scenarios/m68000/${app}.yaml`);
      expect(names).toContain(`firmware/tests/scenarios/arm7tdmi/${app}-arm.yaml`);
      expect(names).toContain(`firmware/tests/scenarios/arm7tdmi/${app}-thumb.yaml`);
    }
    expect(names).toContain('firmware/tests/scenarios/programs/echo-arm.yaml');
  });

  it('all pass', async () => {
    // In this thread: the source under test, not a compiled copy (suite.test.ts covers worker threads).
    const { results } = await runSuite(files, { cwd: ROOT });
    const failed = results.filter((r) => r.status !== 'passed');
    expect(failed.map(formatResult).join('\n\n')).toBe('');
    expect(results).toHaveLength(files.length);
  });
});
