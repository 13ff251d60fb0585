/**
 * A small i8096 program and board for the debugger tests (the cores that run the demo kernel
 * may not be there yet): a main loop that calls a subroutine, which prints '*' on the console
 * device, pushes and pops; the loop counts in register 20H and stores the count at 0300H.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession, type Session } from '../../src/cli/common.js';

export const PROGRAM: [number, number[], string][] = [
  [0x2080, [0xa1, 0x00, 0x02, 0x18], 'LD SP, #200H'],
  [0x2084, [0xa1, 0x00, 0x1f, 0x30], 'LD 30H, #1F00H'],
  [0x2088, [0xa1, 0x00, 0x03, 0x32], 'LD 32H, #300H'],
  [0x208c, [0xef, 0x09, 0x00], 'LCALL func'], // main
  [0x208f, [0x65, 0x01, 0x00, 0x20], 'ADD 20H, #1H'],
  [0x2093, [0xc2, 0x32, 0x20], 'ST 20H, [32H]'],
  [0x2096, [0x27, 0xf4], 'SJMP main'],
  [0x2098, [0x17, 0x22], 'INCB 22H'], // func
  [0x209a, [0xb1, 0x2a, 0x24], "LDB 24H, #2AH"],
  [0x209d, [0xc6, 0x30, 0x24], 'STB 24H, [30H]'],
  [0x20a0, [0xc9, 0x34, 0x12], 'PUSH #1234H'],
  [0x20a3, [0xcc, 0x26], 'POP 26H'],
  [0x20a5, [0xf0], 'RET'],
];

export const SYMBOLS = { start: 0x2080, main: 0x208c, func: 0x2098, counter: 0x300 };

export const BOARD = {
  name: 'i8096-debugtest',
  description: 'i8096 test board: RAM 100h-1EFFh, console at 1F00h, ROM 2000h-3FFFh',
  cpu: 'i8096',
  clock: 12000000,
  memory: [
    { name: 'ram', type: 'ram', base: '0x100', size: '0x1E00' },
    { name: 'rom', type: 'rom', base: '0x2000', size: '0x2000' },
  ],
  devices: [{ type: 'console', name: 'console', base: '0x1F00' }],
  unmapped: { read: '0xFF', policy: 'ignore' },
  imageBase: '0x2080',
};

/** Writes the image, board and symbol files to a temp folder. */
export function writeFixture(): { dir: string; image: string; board: string; symbols: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bytebos-dbg-'));
  const bytes: number[] = [];
  for (const [addr, b] of PROGRAM) {
    while (0x2080 + bytes.length < addr) bytes.push(0xfd);
    bytes.push(...b);
  }
  const image = join(dir, 'prog.bin');
  writeFileSync(image, Uint8Array.from(bytes));
  const board = join(dir, 'board.json');
  writeFileSync(board, JSON.stringify(BOARD));
  const symbols = join(dir, 'prog.sym');
  writeFileSync(symbols, Object.entries(SYMBOLS).map(([n, a]) => `${n}=0x${a.toString(16)}`).join('\n') + '\n');
  return { dir, image, board, symbols };
}

export async function fixtureSession(): Promise<Session> {
  const f = writeFixture();
  return openSession(f.image, { board: f.board, symbols: f.symbols, format: 'raw' });
}
