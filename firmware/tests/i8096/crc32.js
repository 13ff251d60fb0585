/**
 * The hand-encoded CRC-32 program of crc32.json as bytes, plus a machine-free setup for tests
 * and benchmarks: a 16-bit little-endian bus with RAM from 100h and the CPU at 2080h.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/boards/board.js';
import { createBus } from '../../../src/core/bus.js';
import { createCpu } from '../../../cpus/i8096/index.js';
/** Works from the source tree and from dist/ (the JSON stays in the source tree). */
function programFile() {
    return join(projectRoot(), 'firmware', 'tests', 'i8096', 'crc32.json');
}
export const CRC32_PROGRAM = JSON.parse(readFileSync(programFile(), 'utf8'));
/** Machine code bytes taken from the listing's hex column. */
export function crc32Code() {
    const bytes = [];
    for (const line of CRC32_PROGRAM.listing) {
        const hexCol = line.slice(6, 22).trim();
        for (const h of hexCol.split(/\s+/))
            bytes.push(parseInt(h, 16));
    }
    return Uint8Array.from(bytes);
}
/** Reference CRC-32 in JavaScript. */
export function crc32Reference(data) {
    let crc = 0xffffffff;
    for (const byte of data) {
        crc ^= byte;
        for (let i = 0; i < 8; i++)
            crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
}
export function crc32Setup() {
    const bus = createBus(false, { addrBits: 16, pageBits: 8, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
    bus.addRegion('ram', 'ram', 0x100, 0xff00);
    const cpu = createCpu(bus, null, 'i8096');
    const origin = Number(CRC32_PROGRAM.origin);
    bus.load(origin, crc32Code());
    const data = new Uint8Array(CRC32_PROGRAM.length);
    let seed = 12345;
    for (let i = 0; i < data.length; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        data[i] = seed >>> 24;
    }
    bus.load(Number(CRC32_PROGRAM.buffer), data);
    cpu.reset();
    cpu.setReg('SP', 0x0100);
    cpu.pc = origin;
    return { cpu, data, resultAddr: Number(CRC32_PROGRAM.result) };
}
//# sourceMappingURL=crc32.js.map