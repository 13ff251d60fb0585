/**
 * The CRC-32 program: crc32.a96, assembled by the project's assembler when this module loads
 * (no built image is committed), and the hand-encoded listing of crc32.json it reproduces byte
 * for byte. Plus a machine-free setup for tests and benchmarks: a 16-bit little-endian bus with
 * RAM from 100h and the CPU at the program's start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/boards/board.js';
import { createBus } from '../../../src/core/bus.js';
import { createCpu, type I8096 } from '../../../cpus/i8096/index.js';
import { createAssembler } from '../../../cpus/i8096/asm.js';
import { assembleFile, segmentsOf, type Assembly } from '../../../src/asm/assembler.js';

interface Program {
  origin: string;
  buffer: string;
  length: number;
  result: string;
  listing: string[];
}

/** Works from the source tree and from dist/ (the JSON stays in the source tree). */
function programFile(): string {
  return join(projectRoot(), 'firmware', 'tests', 'i8096', 'crc32.json');
}

export const CRC32_PROGRAM: Program = JSON.parse(readFileSync(programFile(), 'utf8'));

export const CRC32_SOURCE = join(projectRoot(), 'firmware', 'tests', 'i8096', 'crc32.a96');

/** crc32.a96 assembled (symbols: START, AGAIN (the jump back), BUFFER, LENGTH, RESULT). */
export function crc32Assembly(): Assembly {
  return assembleFile(CRC32_SOURCE, { cpu: createAssembler('i8096') });
}

/** Machine code bytes taken from the hand-encoded listing's hex column. */
export function crc32Code(): Uint8Array {
  const bytes: number[] = [];
  for (const line of CRC32_PROGRAM.listing) {
    const hexCol = line.slice(6, 22).trim();
    for (const h of hexCol.split(/\s+/)) bytes.push(parseInt(h, 16));
  }
  return Uint8Array.from(bytes);
}

/** Reference CRC-32 in JavaScript. */
export function crc32Reference(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32Setup(): { cpu: I8096; data: Uint8Array; resultAddr: number; loopEnd: number } {
  const bus = createBus(false, { addrBits: 16, pageBits: 8, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0x100, 0xff00);
  const cpu = createCpu(bus, null, 'i8096');
  const prog = crc32Assembly();
  for (const seg of segmentsOf(prog.bytes)) bus.load(seg.addr, seg.data);
  const sym = (name: string): number => prog.symbols.get(name)!;
  const data = new Uint8Array(sym('LENGTH'));
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    data[i] = seed >>> 24;
  }
  bus.load(sym('BUFFER'), data);
  cpu.reset();
  cpu.setReg('SP', 0x0100);
  cpu.pc = sym('START');
  return { cpu, data, resultAddr: sym('RESULT'), loopEnd: sym('AGAIN') };
}
