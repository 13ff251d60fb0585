import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { InputError } from '../../src/core/errors.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
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
