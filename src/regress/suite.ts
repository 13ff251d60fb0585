/**
 * A suite of scenarios: find the files, filter, take this machine's shard, and run them
 * (in this thread, or in a pool of worker threads). Results come back in file order whatever
 * order the workers finish in, so reports are the same with any --jobs.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cpus } from 'node:os';
import { UserError } from '../core/errors.js';
import { projectRoot } from '../boards/board.js';
import { runScenarioFile, type RunnerOptions, type ScenarioResult } from './runner.js';
import { loadScenario } from './schema.js';

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p, out);
    } else if (/\.ya?ml$/i.test(e.name) || /\.scenario\.json$/i.test(e.name)) out.push(p);
  }
}

/**
 * Scenario files from the command line: files as given (.yaml, .yml, .json); folders searched
 * recursively for *.yaml, *.yml and *.scenario.json. Sorted by path relative to `cwd`, which is
 * the order sharding counts in.
 */
export function collectScenarios(paths: string[], cwd = process.cwd()): string[] {
  const found: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) throw new UserError(`${p}: no such file or folder`);
    if (statSync(abs).isDirectory()) walk(abs, found);
    else {
      if (!SCENARIO_FILE.test(abs)) throw new UserError(`${p}: a scenario file ends in .yaml, .yml or .json`);
      found.push(abs);
    }
  }
  const key = (f: string): string => relative(cwd, f).split(sep).join('/');
  const unique = [...new Set(found)];
  unique.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return unique;
}

export interface Shard {
  index: number;
  count: number;
}

/** "i/n" with 1 <= i <= n. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UserError(`--shard: expected i/n (for example 2/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new UserError(`--shard: i must be between 1 and n, got ${index}/${count}`);
  return { index, count };
}

/**
 * This machine's part of the suite: every n-th file, starting at the i-th, of the sorted list.
 * The n shards are disjoint and together hold every file, on any machine with the same checkout.
 */
export function shardOf<T>(items: T[], shard: Shard | null): T[] {
  if (!shard) return items;
  return items.filter((_, k) => k % shard.count === shard.index - 1);
}

/** Keep scenarios whose path (relative to cwd) or name matches. */
export function filterScenarios(files: string[], pattern: string | undefined, cwd = process.cwd()): string[] {
  if (pattern === undefined) return files;
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (e) {
    throw new UserError(`--filter: bad regular expression: ${(e as Error).message}`);
  }
  return files.filter((f) => {
    if (re.test(relative(cwd, f).split(sep).join('/'))) return true;
    try {
      return re.test(loadScenario(f).name);
    } catch {
      return false; // an unreadable scenario has no name to match; its path did not match
    }
  });
}

/** The compiled worker script, or null when running from TypeScript source without a build. */
export function workerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) {
    const w = fileURLToPath(new URL('./worker.js', import.meta.url));
    if (existsSync(w)) return w;
  }
  const built = join(projectRoot(), 'dist', 'src', 'regress', 'worker.js');
  return existsSync(built) ? built : null;
}

export interface SuiteOptions extends RunnerOptions {
  jobs?: number;
  /** Called as each result is known, in file order. */
  onResult?: (r: ScenarioResult, index: number) => void;
}

/** Run scenario files; results in the order of `files`. */
export async function runSuite(files: string[], opts: SuiteOptions = {}): Promise<{ results: ScenarioResult[]; note: string | null }> {
  const jobs = Math.max(1, Math.min(opts.jobs ?? 1, files.length));
  const runner: RunnerOptions = { updateGolden: opts.updateGolden, artifacts: opts.artifacts, cwd: opts.cwd, osProvider: opts.osProvider };
  const results: (ScenarioResult | undefined)[] = new Array(files.length);
  let emitted = 0;
  const deliver = (i: number, r: ScenarioResult): void => {
    results[i] = r;
    while (emitted < files.length && results[emitted] !== undefined) {
      opts.onResult?.(results[emitted]!, emitted);
      emitted++;
    }
  };
  const script = jobs > 1 && !opts.osProvider ? workerScript() : null;
  let note: string | null = null;
  if (jobs > 1 && script === null) {
    note = opts.osProvider ? 'a custom OS provider cannot cross into worker threads; ran in one thread' : 'no compiled worker (run `npm run build`); ran in one thread';
  }
  if (script === null) {
    for (let i = 0; i < files.length; i++) deliver(i, await runScenarioFile(files[i], runner));
    return { results: results as ScenarioResult[], note };
  }
  let next = 0;
  const pool: Promise<void>[] = [];
  for (let w = 0; w < jobs; w++) {
    pool.push(
      new Promise<void>((resolveWorker) => {
        const worker = new Worker(script, { workerData: { options: { updateGolden: runner.updateGolden, artifacts: runner.artifacts, cwd: runner.cwd } } });
        let current = -1;
        const feed = (): void => {
          if (next >= files.length) {
            void worker.terminate().then(() => resolveWorker());
            return;
          }
          current = next++;
          worker.postMessage({ index: current, file: files[current] });
        };
        worker.on('message', (msg: { index: number; result: ScenarioResult }) => {
          deliver(msg.index, msg.result);
          feed();
        });
        worker.on('error', (e) => {
          if (current >= 0 && results[current] === undefined) {
            deliver(current, {
              file: files[current], name: files[current], description: '', status: 'error', error: `worker thread died: ${e.message}`,
              steps: [], failure: null, cycles: 0, instructions: 0, idleCycles: 0, serial: '', log: [], goldenWritten: [], wallMs: 0,
            });
          }
          resolveWorker(); // the other workers (or the loop below) take the remaining files
        });
        feed();
      }),
    );
  }
  await Promise.all(pool);
  for (let i = 0; i < files.length; i++) if (results[i] === undefined) deliver(i, await runScenarioFile(files[i], runner));
  return { results: results as ScenarioResult[], note };
}

export function defaultJobs(): number {
  return Math.max(1, cpus().length);
}
