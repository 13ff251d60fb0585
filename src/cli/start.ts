/**
 * `bytebos start` (npm start): boot the bundled default image. Opens the debugger on a
 * terminal; prints a headless summary otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { projectRoot } from '../boards/board.js';
import { runCommand } from './run.js';

export const DEFAULT_IMAGES = [
  join('firmware', 'images', 'm68000', 'demo.elf'),
  join('firmware', 'images', 'boot', 'm68000-hello.s19'),
];

export async function startCommand(_o: { headless?: boolean }): Promise<number> {
  const root = projectRoot();
  const image = DEFAULT_IMAGES.map((p) => join(root, p)).find((p) => existsSync(p));
  if (!image) throw new UserError(`no bundled default image found (looked for ${DEFAULT_IMAGES.join(', ')})`);
  process.stderr.write(`bytebos: booting ${image.slice(root.length + 1)}\n`);
  return runCommand(image, { maxCycles: '40000000' });
}
