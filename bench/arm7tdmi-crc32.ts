/**
 * ARM7TDMI interpreter speed: the gcc -O2 bitwise CRC-32 of firmware/tests/common/crc32.c,
 * built for ARM state and for Thumb state. Run: npm run build && node dist/bench/arm7tdmi-crc32.js.
 * Prints MIPS (millions of emulated instructions per second), median of benny's samples.
 */
import { mipsBench } from './mips.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBus } from '../src/core/bus.js';
import { projectRoot } from '../src/boards/board.js';
import { Arm7tdmi } from '../cpus/arm7tdmi/index.js';

function setup(mode: 'arm' | 'thumb'): Arm7tdmi {
  const bus = createBus(false, { addrBits: 32, pageBits: 12, openBus: 0, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('rom', 'rom', 0, 0x100000);
  bus.addRegion('ram', 'ram', 0x100000, 0x100000);
  bus.load(0, readFileSync(join(projectRoot(), 'firmware', 'tests', 'arm7tdmi', `crc32-${mode}.bin`)));
  bus.write32(0x1ffff0, 0xffffffff); // iterations: never finish during the benchmark
  const cpu = new Arm7tdmi(bus, null);
  cpu.reset();
  cpu.attention = 0;
  return cpu;
}

await mipsBench('arm7tdmi CRC-32 arm', setup('arm'), 200_000);
await mipsBench('arm7tdmi CRC-32 thumb', setup('thumb'), 200_000);
