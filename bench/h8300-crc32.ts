/**
 * H8/300 interpreter speed: the bitwise CRC-32 loop of firmware/tests/h8300/crc32.s (byte
 * loads with post-increment, XOR, SHLR/ROTXR chains, Bcc, DEC), from its committed COFF image
 * on a machine-free bus (64 KB of RAM, so the exit write is plain memory and the program loops
 * for ever). Run: npm run build && node dist/bench/h8300-crc32.js. Prints MIPS (millions of
 * emulated instructions per second).
 */
import { mipsBench } from './mips.js';
import { join } from 'node:path';
import { createBus } from '../src/core/bus.js';
import { projectRoot } from '../src/boards/board.js';
import { loadImageFile, placeImage } from '../src/loaders/index.js';
import { createCpu } from '../cpus/h8300/index.js';

function setup() {
  const bus = createBus(true, { addrBits: 16, pageBits: 8, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0, 0x10000);
  placeImage(bus, loadImageFile(join(projectRoot(), 'firmware', 'tests', 'h8300', 'crc32.coff')));
  const cpu = createCpu(bus, null);
  cpu.reset();
  return cpu;
}

const cpu = setup();
await mipsBench('h8300 CRC-32', cpu, 200_000, 'states');
if (cpu.bus.peek16(0xfb80) !== 0xcbf4 || cpu.bus.peek16(0xfb82) !== 0x3926) throw new Error('h8300 CRC-32: wrong result');
