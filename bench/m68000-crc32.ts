/**
 * MC68000 interpreter speed: the gcc -m68000 -O2 bitwise CRC-32 of
 * firmware/tests/common/crc32.c. Run: npm run build && node dist/bench/m68000-crc32.js.
 * Prints MIPS (millions of emulated instructions per second), median of benny's samples.
 */
import { mipsBench } from './mips.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBus } from '../src/core/bus.js';
import { projectRoot } from '../src/boards/board.js';
import { M68000 } from '../cpus/m68000/index.js';

function setup(): M68000 {
  const bus = createBus(true, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('rom', 'rom', 0, 0x100000);
  bus.addRegion('ram', 'ram', 0x100000, 0x100000);
  bus.load(0, readFileSync(join(projectRoot(), 'firmware', 'tests', 'm68000', 'crc32.bin')));
  bus.write32(0x1ffff0, 0xffffffff); // iterations: never finish during the benchmark
  const cpu = new M68000(bus, null);
  cpu.reset();
  cpu.attention = 0;
  return cpu;
}

await mipsBench('m68000 CRC-32', setup(), 400_000);
