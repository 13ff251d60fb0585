/**
 * Assembles the 8096 test programs (*.a96 here) into raw images loaded at 2000H (the
 * i8096-generic board's ROM; unused bytes FFH) with a listing beside each.
 * Run: npm run build && node dist/firmware/tests/i8096/build.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleProgram } from '../../../cpus/i8096/asm.js';
import { projectRoot } from '../../../src/boards/board.js';

export const IMAGE_BASE = 0x2000;
export const PROGRAMS = ['echo', 'ticks'];

/** The raw image of an assembled program: IMAGE_BASE up to its last byte. */
export function imageOf(source: string): { image: Uint8Array; listing: string } {
  const p = assembleProgram(source);
  const last = Math.max(...p.bytes.keys());
  const image = new Uint8Array(last + 1 - IMAGE_BASE).fill(0xff);
  for (const [a, b] of p.bytes) {
    if (a < IMAGE_BASE) throw new Error(`byte at ${a.toString(16)}h lies below the image base`);
    image[a - IMAGE_BASE] = b;
  }
  const hex = (v: number, w: number): string => v.toString(16).toUpperCase().padStart(w, '0');
  const lines = p.listing.map((l) => {
    const bytes = l.bytes.map((b) => hex(b, 2)).join(' ');
    return `${hex(l.addr, 4)}  ${(bytes.length > 20 ? bytes.slice(0, 17) + '...' : bytes).padEnd(20)}  ${l.source}`;
  });
  const listing = `; Generated from the .a96 source by node dist/firmware/tests/i8096/build.js; do not edit.\n${lines.join('\n')}\n`;
  return { image, listing };
}

export function dir(): string {
  return join(projectRoot(), 'firmware', 'tests', 'i8096');
}

if (process.argv[1]?.endsWith('build.js')) {
  for (const name of PROGRAMS) {
    const { image, listing } = imageOf(readFileSync(join(dir(), `${name}.a96`), 'utf8'));
    writeFileSync(join(dir(), `${name}.bin`), image);
    writeFileSync(join(dir(), `${name}.lst`), listing);
    console.log(`${name}.bin: ${image.length} bytes`);
  }
}
