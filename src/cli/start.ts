/**
 * `bytebos start` (npm start): boot the bundled default image (the reference kernel's demo).
 * On a terminal this opens the debugger (when it is available); otherwise it prints a headless
 * summary: the boot log from the serial port, the task table and the heap summary.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { describeStop } from '../core/machine.js';
import { projectRoot } from '../boards/board.js';
import { findCpu } from '../../cpus/registry.js';
import { createOsView, formatHeap, formatTasks } from '../os/index.js';
import { openSession } from './common.js';

/** Candidates in order of preference; the first whose core is implemented is booted. */
export const DEFAULT_IMAGES: { cpu: string; file: string }[] = [
  { cpu: 'm68000', file: join('firmware', 'images', 'm68000', 'demo.elf') },
  { cpu: 'arm7tdmi', file: join('firmware', 'images', 'arm7tdmi', 'demo-arm.elf') },
];

export function defaultImage(): string {
  const root = projectRoot();
  const found = DEFAULT_IMAGES.find((d) => findCpu(d.cpu)?.load && existsSync(join(root, d.file)));
  if (!found) throw new UserError(`no bundled default image found (looked for ${DEFAULT_IMAGES.map((d) => d.file).join(', ')})`);
  return join(root, found.file);
}

export async function startCommand(o: { headless?: boolean }): Promise<number> {
  const image = defaultImage();
  if (!o.headless && process.stdout.isTTY && process.stdin.isTTY) {
    // The debugger is loaded only when needed (it pulls in blessed).
    const spec = './debug.js';
    const dbg: unknown = await import(spec).catch(() => null);
    if (dbg && typeof (dbg as { debugCommand?: unknown }).debugCommand === 'function') {
      return (dbg as { debugCommand: (img: string, opts: object) => Promise<number> }).debugCommand(image, {});
    }
  }
  return headlessSummary(image);
}

/** Boot the demo to its end (or 5 s of virtual time) and print what happened. */
export async function headlessSummary(image: string): Promise<number> {
  const root = projectRoot();
  const s = await openSession(image, {});
  const m = s.machine;
  const os = createOsView(m, { symbols: s.symbols, track: true });
  const out = process.stdout;
  out.write(`bytebos: booting ${image.startsWith(root) ? image.slice(root.length + 1) : image} on ${s.board.name} (${m.cpu.info.name}, ${m.clockHz / 1e6} MHz)\n`);
  out.write('---- serial output ----\n');
  m.serial().onOutput((b) => out.write(Buffer.from([b])));
  const limit = 5 * m.clockHz;
  let stop = null;
  // Show the kernel at the busiest moment of the run (most tasks alive), not after the end.
  const alive = (st: ReturnType<typeof os.read>): number => st.tasks.filter((t) => t.state !== 'terminated').length;
  let last = os.read();
  for (let i = 1; i <= 40 && stop === null; i++) {
    stop = m.runUntilCycle(Math.round((limit * i) / 40));
    os.sample();
    const now = os.read();
    if (alive(now) >= alive(last)) last = now;
  }
  out.write('\n---- end of serial output ----\n');
  out.write(`${stop ? describeStop(stop) : 'still running after 5 s of virtual time'}; ${m.scheduler.now} cycles, ${m.cpu.instructions} instructions\n\n`);
  out.write(`Tasks (${last.tasks.length}) at cycle ${last.cycle}:\n${formatTasks(last.tasks)}\n\n`);
  if (last.heap) out.write(`${formatHeap(last.heap)}\n`);
  const errors = last.findings.filter((f) => f.severity === 'error');
  out.write(`\nOS findings: ${errors.length === 0 ? 'none' : errors.map((f) => f.message).join('; ')}\n`);
  out.write('\nNext: `npx bytebos debug firmware/images/m68000/demo.elf` to step it, `npx bytebos --help` for everything else.\n');
  return stop && stop.kind === 'exit' && stop.code !== 0 ? 1 : stop && (stop.kind === 'fault' || stop.kind === 'halt') ? 3 : 0;
}
