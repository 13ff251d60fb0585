/**
 * The CRC-32 program (crc32.s, built by build.sh) on a machine-free setup for tests and the
 * benchmark: a flat 64 KB RAM bus with the ROM image at E000h, the CPU reset through FFFEh.
 */
import { createBus } from '../../../src/core/bus.js';
import { createCpu, type M68HC11 } from '../../../cpus/m68hc11/index.js';
import { imageOf, ROM_BASE, symbolsOf } from './symbols.js';

/** Reference CRC-32 in JavaScript. */
export function crc32Reference(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32Setup(): { cpu: M68HC11; data: Uint8Array; resultAddr: number; loopEnd: number } {
  const bus = createBus(true, { addrBits: 16, pageBits: 6, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0, 0x10000);
  const cpu = createCpu(bus, null, 'm68hc11');
  bus.load(ROM_BASE, imageOf('crc32'));
  const sym = symbolsOf('crc32');
  const data = new Uint8Array(sym.get('LENGTH')!);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    data[i] = seed >>> 24;
  }
  bus.load(sym.get('BUFFER')!, data);
  cpu.reset();
  return { cpu, data, resultAddr: sym.get('RESULT')!, loopEnd: sym.get('again')! };
}
