/**
 * 68HC11 interpreter speed: the bitwise CRC-32 loop of firmware/tests/m68hc11/crc32.s
 * (extended-mode LSR/ROR, direct-page loads/stores, immediate EOR, BCC/BNE, DECB/DEY).
 * Run: npm run build && node dist/bench/m68hc11-crc32.js. Prints MIPS (millions of emulated
 * instructions per second).
 */
import { mipsBench } from './mips.js';
import { crc32Setup } from '../firmware/tests/m68hc11/crc32.js';

const { cpu } = crc32Setup();
await mipsBench('m68hc11 CRC-32', cpu, 200_000, 'E cycles');
