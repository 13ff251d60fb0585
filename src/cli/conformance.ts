/**
 * `bytebos conformance`: per-instruction vectors against a core, per-file pass rates, a last
 * line "N passed, M failed", exit 1 when anything failed.
 */
import { relative } from 'node:path';
import { UserError, hex } from '../core/errors.js';
import { findCpu } from '../../cpus/registry.js';
import { join } from 'node:path';
import { listVectorFiles, runVectorFiles, vectorsRoot } from '../conformance/runner.js';
import { checkCpuId, parseNumber } from './common.js';
import { Progress } from './progress.js';

export async function conformanceCommand(
  paths: string[],
  o: { cpu: string; filter?: string; json?: boolean; failures?: string },
): Promise<number> {
  const id = checkCpuId(o.cpu);
  const desc = findCpu(id)!;
  if (!desc.conformance) throw new UserError(`the ${desc.name} core (${desc.id}) has no conformance adapter yet`);
  let filter: RegExp | undefined;
  if (o.filter !== undefined) {
    try {
      filter = new RegExp(o.filter);
    } catch (e) {
      throw new UserError(`--filter: bad regular expression: ${(e as Error).message}`);
    }
  }
  const show = o.failures !== undefined ? parseNumber(o.failures, '--failures') : 3;
  if (paths.length === 0) {
    // Default: the CPU's folder of the shared reference vectors.
    const root = vectorsRoot();
    if (!root) throw new UserError('no vector files given and no reference vectors found ($BYTEBOS_VECTORS or ../shared/vectors)');
    paths = [join(root, id === 'i80c196' ? 'i8096' : id)];
  }
  const files = listVectorFiles(paths);
  if (files.length === 0) throw new UserError(`no vector files found in ${paths.join(', ')}`);
  const adapter = await desc.conformance();
  const progress = new Progress('conformance', files.length, o.json);
  const summary = runVectorFiles(adapter, id, files, {
    filter,
    keepFailures: o.json ? 1000 : show,
    onFile: (r, i) => {
      progress.update(i + 1, relative(process.cwd(), r.file));
      if (o.json) return;
      progress.done();
      const total = r.passed + r.failed;
      if (total === 0) return;
      const pct = ((100 * r.passed) / total).toFixed(2);
      const cyc = r.cyclesCompared > 0 ? `  cycles ${r.cyclesMatched}/${r.cyclesCompared}` : '';
      process.stdout.write(`${r.failed === 0 ? 'ok  ' : 'FAIL'} ${relative(process.cwd(), r.file)}: ${r.passed}/${total} (${pct}%)${cyc}\n`);
      for (const f of r.failures.slice(0, show)) {
        const diffs = f.error
          ? f.error.split('\n')[0]
          : f.mismatches.slice(0, 6).map((m) => `${m.what} expected ${hex(m.expected)} got ${hex(m.got)}`).join(', ');
        process.stdout.write(`     ${f.name}: ${diffs}\n`);
      }
    },
  });
  progress.done();
  if (o.json) {
    process.stdout.write(JSON.stringify({
      cpu: id,
      passed: summary.passed,
      failed: summary.failed,
      cyclesCompared: summary.cyclesCompared,
      cyclesMatched: summary.cyclesMatched,
      files: summary.files,
    }, null, 2) + '\n');
  } else {
    if (summary.cyclesCompared > 0) {
      process.stdout.write(`cycle counts: ${summary.cyclesMatched}/${summary.cyclesCompared} (${((100 * summary.cyclesMatched) / summary.cyclesCompared).toFixed(3)}%)\n`);
    }
    process.stdout.write(`${summary.passed} passed, ${summary.failed} failed\n`);
  }
  return summary.failed === 0 ? 0 : 1;
}
