/**
 * A debugger engine for a CLI session: the OS-aware layer as the Tasks/Heap provider (when a
 * kernel profile exists for the CPU), and a reset that repeats the session's power-on set-up
 * (board reset registers, --entry).
 */
import type { Machine } from '../core/machine.js';
import { parseAddress, type MachineOptions, type Session } from '../cli/common.js';
import { createOsView, type OsView } from '../os/index.js';
import { DebugEngine, type OsProvider } from './engine.js';

export interface DebugSessionOptions extends MachineOptions {
  /** Kernel profile file for the OS layer (default: the shipped one for the CPU). */
  profile?: string;
  /** Find the kernel by discovery even when symbols exist. */
  discover?: boolean;
}

/** The OS layer as a provider, or null (and why) when it cannot be set up for this machine. */
export function osProvider(s: Session, o: DebugSessionOptions): { provider: OsProvider | null; view: OsView | null; why: string | null } {
  let view: OsView;
  try {
    view = createOsView(s.machine, { profile: o.profile, symbols: s.symbols, discover: o.discover, imageBytes: s.image.bytes, track: true });
  } catch (e) {
    return { provider: null, view: null, why: (e as Error).message };
  }
  const provider: OsProvider = () => {
    view.sample();
    if (view.roots.tasks === undefined) return null;
    return view.read();
  };
  return { provider, view, why: null };
}

export function createSessionEngine(s: Session, o: DebugSessionOptions): { engine: DebugEngine; osNote: string | null } {
  const os = osProvider(s, o);
  const reset = (m: Machine): void => {
    m.reset();
    for (const [reg, v] of Object.entries(s.board.reset)) m.cpu.setReg(reg, v);
    if (o.entry !== undefined) {
      const e = o.entry === 'image' ? s.image.entry : parseAddress(o.entry, '--entry', s.symbols);
      if (e !== null) m.cpu.pc = e;
    }
  };
  const engine = new DebugEngine(s.machine, { symbols: s.symbols, os: os.provider, reset });
  return { engine, osNote: os.why };
}
