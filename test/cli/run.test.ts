/**
 * `bytebos run` exit statuses and outputs on real images: the reference kernel's demo and tiny
 * raw 68000 programs made here.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytebos, cli, root } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'bytebos-run-'));
const demo = join(root, 'firmware', 'images', 'm68000', 'demo.elf');

/** A raw 68000 ROM: reset SSP and PC, then `code` at 0x400. */
function rom68k(name: string, ssp: number, code: number[]): string {
  const b = Buffer.alloc(0x400 + code.length * 2);
  b.writeUInt32BE(ssp >>> 0, 0);
  b.writeUInt32BE(0x400, 4);
  code.forEach((w, i) => b.writeUInt16BE(w, 0x400 + i * 2));
  const f = join(tmp, name);
  writeFileSync(f, b);
  return f;
}

// move.l #5,$FF0300 (the exit device) ; bra.s *
const exit5 = rom68k('exit5.bin', 0x200000, [0x23fc, 0x0000, 0x0005, 0x00ff, 0x0300, 0x60fe]);
// An odd supervisor stack: the ILLEGAL exception cannot stack its frame -> double fault, halt.
const doubleFault = rom68k('dfault.bin', 0x100001, [0x4afc]);
// jmp $500000: nothing is mapped there on m68000-generic
const wild68 = rom68k('wild68.bin', 0x200000, [0x4ef9, 0x0050, 0x0000]);
// bra.s * forever
const forever = rom68k('forever.bin', 0x200000, [0x60fe]);

describe('bytebos run', () => {
  it('exits 0 when the firmware exits 0, and prints the stop reason', () => {
    const r = bytebos(['run', demo, '--max-cycles', '60000000', '--serial-out', join(tmp, 'demo.out')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/firmware exit with status 0/);
    expect(readFileSync(join(tmp, 'demo.out'), 'utf8')).toMatch(/demo: complete, 0 faults/);
  });

  it('exits 1 when the firmware reports failure through the exit device', () => {
    const r = bytebos(['run', exit5, '--cpu', 'm68000', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ stop: 'exit', firmwareExit: 5, exitCode: 1 });
    expect(j.regs.PC).toBe(0x40a);
    expect(Object.keys(j.regs)).toEqual(expect.arrayContaining(['D0', 'A7', 'SR', 'PC']));
  });

  it('exits 3 and names the reason when the machine halts', () => {
    const r = bytebos(['run', doubleFault, '--cpu', 'm68000']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/halted/i);
  });

  it('a wild jump stops with a fault naming the address (exit 3), on a prefetching core too', () => {
    const r = bytebos(['run', wild68, '--cpu', 'm68000', '--max-cycles', '1000000', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.stop).toBe('fault');
    expect(j.message).toMatch(/wild jump: the CPU is executing from unmapped address 0x500000 \(jump from PC=0x400\)/);
    const arm = join(tmp, 'wild-arm.bin');
    const b = Buffer.alloc(8);
    b.writeUInt32LE(0xe51ff004, 0); // ldr pc, [pc, #-4]
    b.writeUInt32LE(0x50000000, 4);
    writeFileSync(arm, b);
    const a = bytebos(['run', arm, '--cpu', 'arm7tdmi', '--max-cycles', '1000000']);
    expect(a.code).toBe(3);
    expect(a.stderr).toMatch(/wild jump: the CPU is executing from unmapped address 0x50000000/);
    expect(a.stderr.split('\n').length).toBeLessThan(10);
  });

  it('--expect stops at the match (exit 0); a limit first gives 124', () => {
    const ok = bytebos(['run', demo, '--expect', 'heartbeat \\d+', '--max-cycles', '60000000', '--json']);
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.stdout);
    expect(j.stop).toBe('expect');
    expect(j.serial).toMatch(/heartbeat \d+$/);
    const late = bytebos(['run', demo, '--expect', 'no such text', '--max-cycles', '1000000', '-q']);
    expect(late.code).toBe(124);
  });

  it('--until a symbol stops there (exit 0); --max-instructions without a goal is a normal stop', () => {
    const r = bytebos(['run', demo, '--until', 'bb_start', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.stop).toBe('until');
    const u = bytebos(['run', demo, '--max-instructions', '1000', '--json']);
    expect(u.code).toBe(0);
    expect(JSON.parse(u.stdout)).toMatchObject({ stop: 'instruction-limit', instructions: 1000 });
    expect(bytebos(['run', demo, '--until', 'no_such_symbol']).code).toBe(2);
  });

  it('--port-in feeds another serial port of the board; an unknown port is a usage error', () => {
    const mon = join(root, 'firmware', 'tests', 'mex68kecb', 'bbmon.bin');
    const bad = bytebos(['run', mon, '--board', 'mex68kecb', '--port-in', 'modem=AT', '--max-cycles', '1000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no serial port "modem" \(ports: primary, host\)/);
    const ok = bytebos(['run', mon, '--board', 'mex68kecb', '--port-in', 'host=x', '--max-cycles', '100000', '--json']);
    expect(ok.code).toBe(0);
    expect(Object.keys(JSON.parse(ok.stdout).ports)).toEqual(['host']);
  });

  it('--dump prints memory and --trace writes one line per instruction', () => {
    const tr = join(tmp, 'trace.txt');
    const r = bytebos(['run', exit5, '--cpu', 'm68000', '--dump', '0x400:10', '--regs', '--trace', tr]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/00000400  23 fc 00 00 00 05 00 ff 03 00/);
    expect(r.stdout).toMatch(/PC=0x0000040A/);
    const lines = readFileSync(tr, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^0 0x000400 move\.l #\$5,\(\$00ff0300\)\.l +D0=0 /);
  });

  it('Ctrl-C stops a firmware that never returns at an instruction boundary (exit 130)', async () => {
    const child = spawn(process.execPath, [cli, 'run', forever, '--cpu', 'm68000', '--json'], { cwd: root });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((r) => setTimeout(r, 2000)); // past start-up, even on a loaded machine
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(130);
    const j = JSON.parse(out);
    expect(j.stop).toBe('user');
    expect(j.pc).toBe(0x400);
    expect(j.instructions).toBeGreaterThan(1000);
  });
});

describe('bytebos start (npm start) without a terminal', () => {
  it('boots the 68000 demo and prints the boot log, the task table, the heap and the findings', () => {
    const r = bytebos(['start']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/booting firmware\/images\/m68000\/demo\.elf on m68000-generic/);
    expect(r.stdout).toMatch(/Byte-BOS-model reference kernel for 68000/);
    expect(r.stdout).toMatch(/demo: complete, 0 faults/);
    expect(r.stdout).toMatch(/firmware exit with status 0/);
    const table = r.stdout.slice(r.stdout.indexOf('Tasks ('));
    for (const name of ['supervisor', 'idle', 'consumer', 'producer', 'worker-a', 'heartbeat']) expect(table).toContain(name);
    expect(r.stdout).toMatch(/heap "heap" 0x[0-9A-F]+\.\.0x[0-9A-F]+: \d+ chunks, .* intact/);
    expect(r.stdout).toMatch(/OS findings: none/);
  });
});
