import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytebos } from './helpers.js';
import { CPUS } from '../../cpus/registry.js';
import { openSession } from '../../src/cli/common.js';
import { UserError } from '../../src/core/errors.js';
import { requireVectors } from '../../src/conformance/runner.js';

const tmp = mkdtempSync(join(tmpdir(), 'bytebos-cli-'));

describe('CLI contract', () => {
  it('prints help with examples and exits 0', () => {
    const r = bytebos(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--max-cycles/);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/124/);
  });

  it('exits 2 on usage errors', () => {
    expect(bytebos(['run']).code).toBe(2);
    expect(bytebos(['frobnicate']).code).toBe(2);
    expect(bytebos(['disasm', 'x.bin']).code).toBe(2); // --cpu is required
  });

  it('names the file when an image cannot be read, exit 2, no stack trace', () => {
    const r = bytebos(['run', join(tmp, 'missing.bin'), '--cpu', 'm68000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.bin/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a malformed S-record with file and line, exit 2', () => {
    const f = join(tmp, 'bad.s19');
    writeFileSync(f, 'S00600004844521B\nS1130000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00\n');
    const r = bytebos(['identify', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.s19.*line 2/);
    expect(r.stderr).toMatch(/checksum/i);
  });

  it('reports a core that is not implemented as such (exit status 2), never runs it', async () => {
    // Every CPU id of the product has a core now, so register a descriptor without one.
    const desc = { id: 'z8000', name: 'Zilog Z8000', bigEndian: true, addrBits: 16, pageBits: 8, defaultBoard: 'z8000-generic', load: null, conformance: null };
    CPUS.push(desc);
    try {
      const f = join(tmp, 'z8k.bin');
      writeFileSync(f, Buffer.alloc(16));
      const err = await openSession(f, { cpu: 'z8000' }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).exitCode).toBe(2);
      expect((err as Error).message).toMatch(/Zilog Z8000 core \(z8000\) is not implemented yet/);
    } finally {
      CPUS.splice(CPUS.indexOf(desc), 1);
    }
  });

  it('rejects an unknown CPU and an unknown board with the known names', () => {
    const f = join(tmp, 'x.bin');
    writeFileSync(f, Buffer.alloc(16));
    const a = bytebos(['run', f, '--cpu', 'z80']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/unknown CPU "z80" \(known: m68000, arm7tdmi/);
    const b = bytebos(['run', f, '--board', 'no-such-board']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/unknown board "no-such-board"/);
  });

  it('refuses an image without a CPU hint when no board or CPU is given', () => {
    const f = join(tmp, 'anon.bin');
    writeFileSync(f, Buffer.alloc(64, 0x4e));
    const r = bytebos(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot tell which CPU/);
  });

  it('identify finds an original Byte-BOS banner and names the CPU it implies', () => {
    const f = join(tmp, 'drive.bin');
    const banner = 'Byte-BOS 8096 Multitasking Operating System -- Copyright 1990 Numerical Services Inc.';
    writeFileSync(f, Buffer.concat([Buffer.alloc(0x100, 0xff), Buffer.from(banner + '\0'), Buffer.alloc(32)]));
    const r = bytebos(['identify', f, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.format).toBe('raw');
    expect(j.cpu).toBe('i8096');
    expect(j.banners[0]).toMatchObject({ offset: 0x100, kind: 'original', cpuId: 'i8096' });
    const t = bytebos(['identify', f]);
    expect(t.stdout).toMatch(/Byte-BOS banner at offset 0x100/);
  });

  it('conformance without paths runs the CPU\'s reference vectors and ends with the totals line', () => {
    if (requireVectors('h8300')) {
      const r = bytebos(['conformance', '--cpu', 'h8300']);
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n').pop()).toBe('4470 passed, 0 failed');
    }
    const none = bytebos(['conformance', '--cpu', 'h8300'], { env: { BYTEBOS_VECTORS: join(tmp, 'no-vectors') } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no reference vectors found/);
  });

  it('disasm labels symbols and decodes with the core\'s own tables (68000, Thumb)', () => {
    const m = bytebos(['disasm', 'firmware/images/m68000/demo.elf', '--cpu', 'm68000', '--start', 'bb_sem_up', '--count', '2']);
    expect(m.code).toBe(0);
    expect(m.stdout.split('\n').slice(0, 3)).toEqual([
      'bb_sem_up:',
      expect.stringMatching(/^ {2}[0-9A-F]{6} {2}2f 0a +move\.l a2,-\(sp\)$/),
      expect.stringMatching(/^ {2}[0-9A-F]{6} {2}2f 02 +move\.l d2,-\(sp\)$/),
    ]);
    const t = bytebos(['disasm', 'firmware/images/arm7tdmi/demo-thumb.elf', '--cpu', 'arm7tdmi', '--thumb', '--start', 'bb_sem_up', '--count', '1']);
    expect(t.stdout).toMatch(/70 b5 +push \{r4, r5, r6, lr\}/);
    const out = bytebos(['disasm', 'firmware/images/m68000/demo.elf', '--cpu', 'm68000', '--start', '0x900000']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--start 0x900000 is not inside any loaded segment/);
  });

  it('lists the built-in boards', () => {
    const r = bytebos(['boards', '--json']);
    expect(r.code).toBe(0);
    const names = JSON.parse(r.stdout).map((b: { name: string }) => b.name);
    expect(names).toEqual(expect.arrayContaining(['m68000-generic', 'arm7tdmi-generic']));
  });
});
