/**
 * The mex68kecb board end to end: BBMON (firmware/tests/mex68kecb, this project's monitor)
 * boots from the ROM through the reset-vector overlay, talks over the terminal ACIA and
 * times with the PI/T.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMachine, loadBoard } from '../../src/boards/board.js';
import type { Machine } from '../../src/core/machine.js';
import type { BootOverlay } from '../../src/devices/boot-overlay.js';
import type { Mc68230 } from '../../src/devices/mc68230.js';
import { applySnapshot, captureSnapshot, decodeSnapshot, encodeSnapshot } from '../../src/core/snapshot.js';
import { runSuite } from '../../src/regress/suite.js';
import { bytebos, root } from '../cli/helpers.js';

const dir = join(root, 'firmware', 'tests', 'mex68kecb');
const image = join(dir, 'bbmon.bin');
const PROMPT = 'BBMON> ';

async function boot(file = image): Promise<Machine> {
  const m = await buildMachine(loadBoard('mex68kecb'));
  m.bus.load(0x8000, readFileSync(file));
  m.reset();
  return m;
}

/** Run until the output past index `from` ends with `tail` (or fail after `limit` cycles). */
function runUntilOutput(m: Machine, tail: string, from = 0, limit = 20_000_000): string {
  const port = m.serial('primary');
  const start = m.scheduler.now;
  while (port.output.length <= from || !port.outputText().endsWith(tail)) {
    if (m.scheduler.now - start > limit) throw new Error(`no "${tail}" after ${limit} cycles; output:\n${port.outputText()}`);
    const stop = m.runCycles(50_000);
    if (stop) throw new Error(`stopped: ${JSON.stringify(stop)}`);
  }
  return port.outputText();
}

/** Send one command line and return what the monitor answered before the next prompt. */
function command(m: Machine, line: string): string {
  const port = m.serial('primary');
  const before = port.outputText().length;
  port.send(Buffer.from(`${line}\r`, 'latin1'));
  const out = runUntilOutput(m, PROMPT, before).slice(before);
  expect(out.startsWith(`${line.toUpperCase()}\r\n`)).toBe(true); // echoed
  return out.slice(line.length + 2, out.length - PROMPT.length);
}

describe('mex68kecb board with the BBMON monitor', () => {
  it('takes its reset SSP and PC from the ROM through the overlay; the monitor then uncovers RAM at 0', async () => {
    const m = await boot();
    const overlay = m.devices.find((d) => d.name === 'bootvec') as BootOverlay;
    expect(overlay.armed).toBe(true);
    expect(m.cpu.getReg('SSP') >>> 0).toBe(0x8000);
    expect(m.cpu.pc).toBe(0x8008);
    expect(m.bus.peek32(0)).toBe(0x8000);
    const out = runUntilOutput(m, PROMPT);
    expect(out).toBe('\r\nBBMON 1.0 - bytebos-emu monitor for the MEX68KECB\r\nType HE for help.\r\n' + PROMPT);
    expect(overlay.armed).toBe(false);
    // The vector table the monitor wrote: the level-2 (PI/T) and level-5 (ACIA) autovectors.
    expect(m.bus.peek32(0x68)).not.toBe(m.bus.peek32(0x74));
    expect(m.bus.peek32(0x68) >>> 0).toBeGreaterThan(0x8000);
  });

  it('places the devices as the ECB decodes them: PI/T on odd bytes, the two ACIAs interleaved', async () => {
    const m = await boot();
    const bus = m.bus;
    const pit = m.devices.find((d) => d.name === 'pit') as Mc68230;
    bus.write8(0x010001 + 2 * 0x11, 0x48); // TIVR
    expect(pit.vector).toBe(0x48);
    expect(bus.read8(0x010001 + 2 * 0x10)).toBe(0); // TCR
    expect(bus.read8(0x010001 + 2 * 0x05)).toBe(0x0f); // PIVR
    // Terminal (even) and host (odd) ACIA: master reset one, configure the other.
    bus.write8(0x010040, 0x03);
    bus.write8(0x010040, 0x15);
    bus.write8(0x010041, 0x03);
    expect(bus.read16(0x010040)).toBe(0x0200); // terminal TDRE | host held in reset
    bus.write8(0x010042, 0x41);
    expect(m.serial('primary').outputText()).toBe('A');
    expect(m.serial('host').output).toEqual([]);
    bus.write8(0x010041, 0x15);
    bus.write8(0x010043, 0x42);
    expect(m.serial('host').outputText()).toBe('B');
    // The even bytes of the PI/T's range decode to nothing.
    bus.read8(0x010020);
    expect(m.messages.some((s) => /unmapped address 0x10020/.test(s))).toBe(true);
  });

  it('answers HE, MD, MM and rejects unknown commands and bad arguments', async () => {
    const m = await boot();
    runUntilOutput(m, PROMPT);
    const help = command(m, 'he');
    expect(help).toMatch(/^MD <addr> \[<len>\]  display memory\r\n/);
    expect(help).toMatch(/TM <ms> /);
    expect(command(m, 'MD 8000 14')).toBe(
      '008000  00 00 80 00 00 00 80 08 46 FC 27 00 4F F9 00 00\r\n' +
      '008010  80 00 21 FC\r\n',
    );
    expect(command(m, 'MM 7F00 A5')).toBe('007F00  00 -> A5\r\n');
    expect(m.bus.peek8(0x7f00)).toBe(0xa5);
    expect(command(m, 'md 7f00 1')).toBe('007F00  A5\r\n');
    // ROM does not change (the bus logs the write).
    expect(command(m, 'MM 8000 1')).toBe('008000  00 -> 00\r\n');
    expect(m.messages.some((s) => /write of 0x1 .* to ROM at 0x8000 ignored/.test(s))).toBe(true);
    expect(command(m, 'XYZ 1')).toBe('ERR: unknown command (HE for help)\r\n');
    expect(command(m, 'MD')).toBe('ERR: bad argument\r\n');
    expect(command(m, 'MD 12G')).toBe('ERR: bad argument\r\n');
    expect(command(m, 'MM 100 1FF')).toBe('ERR: bad argument\r\n');
    expect(command(m, '')).toBe('');
  });

  it('line editing: backspace erases the last character', async () => {
    const m = await boot();
    runUntilOutput(m, PROMPT);
    const port = m.serial('primary');
    const before = port.outputText().length;
    port.send(Buffer.from('MX\bD 8004 4\r', 'latin1'));
    const out = runUntilOutput(m, PROMPT, before).slice(before);
    expect(out).toBe('MX\b \bD 8004 4\r\n008004  00 00 80 08\r\n' + PROMPT);
  });

  it('TM waits on PI/T timer interrupts: one per millisecond of virtual time, idle in STOP meanwhile', async () => {
    const m = await boot();
    runUntilOutput(m, PROMPT);
    const pit = m.devices.find((d) => d.name === 'pit') as Mc68230;
    const ticks = (s: string) => parseInt(/TICKS ([0-9A-F]{8}) MS/.exec(s)![1], 16);
    const t0 = ticks(command(m, 'TM'));
    const c0 = m.scheduler.now;
    const idle0 = m.idleCycles;
    expect(command(m, 'TM 1F4')).toBe('WAITED 000001F4 MS\r\n'); // 500 ms
    const elapsed = m.scheduler.now - c0;
    expect(elapsed).toBeGreaterThanOrEqual(500 * 4000);
    expect(elapsed).toBeLessThan(600 * 4000);
    expect(m.idleCycles - idle0).toBeGreaterThan(400 * 4000);
    const after = command(m, 'TM');
    const t1 = ticks(after);
    // 500 ms plus about 100 characters of terminal traffic at 9600 baud between the samples.
    expect(t1 - t0).toBeGreaterThanOrEqual(500 + 90);
    expect(t1 - t0).toBeLessThan(500 + 120);
    // The monitor's count (a long at 0x400) is the PI/T's zero detects, give or take the one
    // whose interrupt is still pending.
    expect(pit.zeroDetects - m.bus.peek32(0x400)).toBeGreaterThanOrEqual(0);
    expect(pit.zeroDetects - m.bus.peek32(0x400)).toBeLessThanOrEqual(1);
    expect(after).toMatch(/PI\/T COUNTER 0000[0-7][0-9A-F]\r\n$/); // 0..0x7C
  });

  it('runs from the command line with --serial-in and --expect', () => {
    const r = bytebos(['run', image, '--board', 'mex68kecb', '--serial-in', 'MD 8000 10\\rTM 0A\\r',
      '--expect', 'WAITED 0000000A MS', '--max-cycles', '20000000']);
    expect(r.stderr).toMatch(/^bytebos: serial output matched "WAITED 0000000A MS"/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('BBMON> MD 8000 10\r\n008000  00 00 80 00 00 00 80 08 46 FC 27 00 4F F9 00 00\r\n');
  });

  it('devtest: overlay, ACIA power-on and master reset, host ACIA receive interrupt, PI/T vectored and autovectored, transmit interrupt', async () => {
    const m = await boot(join(dir, 'devtest.bin'));
    m.serial('host').send([0x68]);
    runUntilOutput(m, '\r\n', 6, 5_000_000); // past "TXINT\r\n": PASS or FAIL n
    expect(m.serial('primary').outputText()).toBe('TXINT\r\nPASS\r\n');
    expect(m.serial('host').outputText()).toBe('HOST:h\r\n');
  });

  it('the bytebos test scenarios pass (bbmon.yaml: a monitor session; devtest.yaml: PASS, host port echo)', async () => {
    const { results } = await runSuite([join(dir, 'bbmon.yaml'), join(dir, 'devtest.yaml')]);
    expect(results.length).toBe(2);
    for (const r of results) {
      expect(r.error, r.name).toBeNull();
      expect(r.status, r.name).toBe('passed');
    }
  });

  it('a session resumed from a snapshot taken mid-command ends exactly like the uninterrupted one', async () => {
    const start = async () => {
      const m = await boot();
      runUntilOutput(m, PROMPT);
      m.serial('primary').send(Buffer.from('TM 32\rMD 8000 20\rTM\r', 'latin1'));
      return m;
    };
    const a = await start();
    a.runCycles(60_000); // inside TM 32: input queued, timer running, the ACIA mid-character
    const snap = encodeSnapshot(captureSnapshot(a, { board: 'mex68kecb' }));
    const outBefore = a.serial('primary').output.length;
    a.runCycles(3_000_000);
    const b = await start();
    applySnapshot(b, decodeSnapshot(snap, 'mem'));
    b.serial('primary').output.length = 0;
    b.runCycles(3_000_000);
    expect(b.scheduler.now).toBe(a.scheduler.now);
    expect(b.cpu.instructions).toBe(a.cpu.instructions);
    expect(b.serial('primary').outputText()).toBe(Buffer.from(a.serial('primary').output.slice(outBefore)).toString('latin1'));
    expect(b.serial('primary').outputText()).toMatch(/TICKS [0-9A-F]{8} MS/);
  });

  it('the committed images are what bbmon.s and devtest.s assemble to, byte for byte', () => {
    const ok = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
    if (!ok('m68k-linux-gnu-as') || !ok('m68k-linux-gnu-ld') || !ok('make')) {
      const msg = 'binutils-m68k-linux-gnu is not installed: the mex68kecb images were NOT checked against a rebuild';
      if (process.env.CI === 'true') throw new Error(msg);
      console.warn(`\n***************\n*** ${msg} ***\n***************\n`);
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 'bytebos-bbmon-'));
    try {
      const r = spawnSync('make', ['-s', '-C', dir, `OUT=${out}`], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      for (const f of ['bbmon.bin', 'bbmon.lst', 'devtest.bin', 'devtest.lst']) {
        expect(Buffer.compare(readFileSync(join(out, f)), readFileSync(join(dir, f))), `${f} differs from a rebuild (run make in firmware/tests/mex68kecb and commit)`).toBe(0);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
