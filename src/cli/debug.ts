/**
 * `bytebos debug <image>`: the full-screen debugger (src/debugger/ui.ts) on a terminal.
 */
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { applySnapshot, decodeSnapshot, type Snapshot } from '../core/snapshot.js';
import { openSession } from './common.js';
import { DebuggerUI } from '../debugger/ui.js';
import { createSessionEngine, type DebugSessionOptions } from '../debugger/session.js';

export interface DebugOptions extends DebugSessionOptions {
  /** Start running at once. */
  run?: boolean;
  /** Serial port shown in the Console panel. */
  port?: string;
  /** Open a saved machine state (e.g. a failing `bytebos test` scenario) instead of a fresh boot. */
  state?: string;
}

function readState(file: string): Snapshot {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new UserError(`--state: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return decodeSnapshot(buf, file);
}

export async function debugCommand(imageArg: string | undefined, o: DebugOptions): Promise<number> {
  const snap = o.state !== undefined ? readState(o.state) : null;
  const imagePath = imageArg ?? snap?.meta.image;
  if (!imagePath) throw new UserError('debug: give an image (or --state FILE saved by bytebos test, which names its image)');
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UserError('debug needs a terminal on stdin and stdout (for headless runs use `bytebos run` or `bytebos os`)');
  }
  const s = await openSession(imagePath, snap && o.board === undefined ? { ...o, board: snap.meta.board } : o);
  if (snap) applySnapshot(s.machine, snap);
  return openDebugger(s, o, basename(imagePath));
}

/** Runs the debugger UI on the process's terminal until the user quits. */
export async function openDebugger(s: Awaited<ReturnType<typeof openSession>>, o: DebugOptions, name: string): Promise<number> {
  const { engine, osNote } = createSessionEngine(s, o);
  const ui = new DebuggerUI({ engine, title: `bytebos debug ${name}`, run: o.run, port: o.port });
  s.machine.onLog = (m) => ui.setMessage(`log: ${m}`, false);
  ui.setMessage(`${name} on ${s.board.name} (${s.boardReason}); PC=${engine.where(engine.cpu.pc)}.${osNote ? ` OS layer: ${osNote}.` : ''} Type help for commands.`, false);
  ui.render();
  await ui.done;
  engine.dispose();
  return 0;
}
