/**
 * `bytebos test <scenario file|dir>...`: the headless regression runner. Prints one line per
 * scenario (failures with their report) and a last line "N passed, M failed"; --junit writes
 * JUnit XML, --json prints the whole result as JSON. Exit 0 only if every scenario passed
 * (1 otherwise, 2 for bad usage).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { parseNumber } from './common.js';
import { collectScenarios, filterScenarios, parseShard, runSuite, shardOf } from '../regress/suite.js';
import { formatResult, formatSummaryLine, formatTotals, githubAnnotations, jsonReport, junitXml, summarize } from '../regress/report.js';

export interface TestOptions {
  junit?: string;
  json?: boolean;
  shard?: string;
  jobs?: string;
  updateGolden?: boolean;
  filter?: string;
  artifacts?: string;
}

export async function testCommand(paths: string[], o: TestOptions): Promise<number> {
  const shard = o.shard !== undefined ? parseShard(o.shard) : null;
  const jobs = o.jobs !== undefined ? parseNumber(o.jobs, '--jobs') : 1;
  if (jobs < 1) throw new UserError('--jobs: must be at least 1');
  const all = collectScenarios(paths);
  if (all.length === 0) throw new UserError(`no scenario files (*.yaml, *.yml, *.scenario.json) in ${paths.join(', ')}`);
  const files = shardOf(filterScenarios(all, o.filter), shard);
  const artifacts = o.artifacts ?? (o.junit ? dirname(resolve(o.junit)) : resolve('bytebos-test-results'));
  const json = Boolean(o.json);
  const out = (s: string): void => {
    if (!json) process.stdout.write(s + '\n');
  };
  if (shard) out(`shard ${shard.index}/${shard.count}: ${files.length} of ${all.length} scenarios`);
  const { results, note } = await runSuite(files, {
    jobs,
    updateGolden: Boolean(o.updateGolden),
    artifacts,
    onResult: (r) => out(formatResult(r)),
  });
  if (note) process.stderr.write(`bytebos: ${note}\n`);
  if (process.env.GITHUB_ACTIONS === 'true') for (const a of githubAnnotations(results)) process.stderr.write(a + '\n');
  if (o.junit) {
    mkdirSync(dirname(resolve(o.junit)), { recursive: true });
    writeFileSync(o.junit, junitXml(results));
  }
  const summary = summarize(results);
  if (json) process.stdout.write(JSON.stringify(jsonReport(results, shard ? `${shard.index}/${shard.count}` : null), null, 2) + '\n');
  else {
    out(formatTotals(results));
    out(formatSummaryLine(summary));
  }
  return summary.failed === 0 ? 0 : 1;
}
