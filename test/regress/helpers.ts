/** Shared bits of the runner tests: paths, temporary scenario folders. */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROGRAMS = join(ROOT, 'firmware', 'tests', 'scenarios', 'programs');
export const ECHO_ARM = join(PROGRAMS, 'echo-arm.elf');
export const FIXTURES = join(ROOT, 'test', 'regress', 'fixtures');

/** A fresh folder with the given files (name -> text). */
export function scenarioDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bytebos-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
