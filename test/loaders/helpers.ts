import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { InputError } from '../../src/core/errors.js';

/**
 * The committed fixtures live next to the test sources; when this file runs compiled from
 * dist/test/loaders, look in the source tree instead.
 */
function fixturesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const src = join(here, 'fixtures');
  if (existsSync(src)) return src;
  return join(here, '..', '..', '..', 'test', 'loaders', 'fixtures');
}

export const FIXTURES = fixturesDir();
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
export const text = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

/** Runs fn, expects an InputError whose message matches every pattern; returns it. */
export function inputError(fn: () => unknown, ...patterns: RegExp[]): InputError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an InputError').toBeInstanceOf(InputError);
  const ie = err as InputError;
  for (const p of patterns) expect(ie.message).toMatch(p);
  return ie;
}

export const hexBytes = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
