/**
 * Built 68HC11 test images: <prog>.bin (the 8 KB ROM E000h-FFFFh of m68hc11-generic) and
 * <prog>.sym (m68hc11-nm -n output), both made by build.sh from <prog>.s.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/boards/board.js';

export const HC11_TESTS_DIR = join(projectRoot(), 'firmware', 'tests', 'm68hc11');
export const ROM_BASE = 0xe000;

export function imageOf(prog: string): Uint8Array {
  return new Uint8Array(readFileSync(join(HC11_TESTS_DIR, `${prog}.bin`)));
}

/** Symbol table of a built program (names are case-sensitive as in the source). */
export function symbolsOf(prog: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(join(HC11_TESTS_DIR, `${prog}.sym`), 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length === 3) m.set(f[2], parseInt(f[0], 16));
  }
  return m;
}
