/**
 * Builds the 8096 programs that `bytebos test` scenarios run as raw images (echo, ticks:
 * *.a96 here) with the project's assembler: images from 2000H (the i8096-generic board's
 * ROM; unused bytes FFH) with a listing beside each. test/cpus/i8096/firmware.test.ts checks
 * the committed images against a fresh assembly. The self-checking programs (interrupts,
 * serial, hso, watchdog, crc32) need no committed image: their tests assemble them.
 * Run: npm run build && node dist/firmware/tests/i8096/build.js
 * (the same as: bytebos asm echo.a96 --cpu i8096 --base 0x2000 --list echo.lst)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAssembler } from '../../../cpus/i8096/asm.js';
import { assembleText } from '../../../src/asm/assembler.js';
import { formatListing } from '../../../src/asm/listing.js';
import { toBinary } from '../../../src/asm/output.js';
import { projectRoot } from '../../../src/boards/board.js';

export const IMAGE_BASE = 0x2000;
export const PROGRAMS = ['echo', 'ticks'];

/** The raw image of an assembled program (IMAGE_BASE up to its last byte) and its listing. */
export function imageOf(source: string, name: string | null = null): { image: Uint8Array; listing: string } {
  const cpu = createAssembler('i8096');
  const a = assembleText(source, name, { cpu });
  const { data } = toBinary(a, 0xff, IMAGE_BASE);
  const title = `Generated from ${name ?? 'the .a96 source'} by node dist/firmware/tests/i8096/build.js; do not edit.`;
  return { image: data, listing: formatListing(a, { title, addressBits: cpu.addressBits }) };
}

export function dir(): string {
  return join(projectRoot(), 'firmware', 'tests', 'i8096');
}

if (process.argv[1]?.endsWith('build.js')) {
  for (const name of PROGRAMS) {
    const { image, listing } = imageOf(readFileSync(join(dir(), `${name}.a96`), 'utf8'), `${name}.a96`);
    writeFileSync(join(dir(), `${name}.bin`), image);
    writeFileSync(join(dir(), `${name}.lst`), listing);
    console.log(`${name}.bin: ${image.length} bytes`);
  }
}
