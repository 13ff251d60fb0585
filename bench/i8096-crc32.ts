/**
 * 8096BH interpreter speed: the bitwise CRC-32 loop of firmware/tests/i8096/crc32.a96,
 * assembled by bytebos's own assembler at start (shifts, conditional jumps, DJNZ, immediate
 * XOR, indirect+ loads). Run: npm run build && node dist/bench/i8096-crc32.js. Prints MIPS
 * (millions of emulated instructions per second).
 */
import { mipsBench } from './mips.js';
import { crc32Setup } from '../firmware/tests/i8096/crc32.js';

const { cpu } = crc32Setup();
await mipsBench('i8096 CRC-32', cpu, 200_000, 'states');
