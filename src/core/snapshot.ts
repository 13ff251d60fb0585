/**
 * Machine snapshots: the whole machine (CPU, memory, devices, scheduler, interrupt lines,
 * virtual time, queued serial input) in one versioned, gzip'd JSON file. Restoring into a
 * machine built from the same board and running on gives the same result as never stopping.
 */
import { gzipSync, gunzipSync } from 'node:zlib';
import { UserError } from './errors.js';
import type { Machine } from './machine.js';

export const SNAPSHOT_FORMAT = 'bytebos-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotMeta {
  /** Board name or path, so `bytebos debug --state` can rebuild the machine. */
  board: string;
  image?: string;
  note?: string;
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  meta: SnapshotMeta;
  cpu: string;
  clockHz: number;
  scheduler: ReturnType<Machine['scheduler']['save']>;
  cpuState: Record<string, unknown>;
  memory: string;
  map: ReturnType<Machine['bus']['saveMap']>;
  devices: Record<string, Record<string, unknown>>;
  irq: Record<string, string[]>;
  serialInput: Record<string, number[]>;
  /** The last bytes each port sent (context for whoever opens the snapshot; not machine state). */
  serialOutput?: Record<string, string>;
  idleCycles: number;
}

/** Bytes of serial output kept in a snapshot per port. */
export const SNAPSHOT_SERIAL_TAIL = 16384;

export function captureSnapshot(m: Machine, meta: SnapshotMeta): Snapshot {
  const devices: Record<string, Record<string, unknown>> = {};
  for (const d of m.devices) devices[d.name] = d.saveState();
  const serialInput: Record<string, number[]> = {};
  const serialOutput: Record<string, string> = {};
  for (const [name, p] of m.ports) {
    serialInput[name] = [...p.input];
    serialOutput[name] = Buffer.from(p.output.slice(-SNAPSHOT_SERIAL_TAIL)).toString('base64');
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    meta,
    cpu: m.cpu.info.id,
    clockHz: m.clockHz,
    scheduler: m.scheduler.save(),
    cpuState: m.cpu.saveState(),
    memory: gzipSync(m.bus.mem).toString('base64'),
    map: m.bus.saveMap(),
    devices,
    irq: m.saveIrq(),
    serialInput,
    serialOutput,
    idleCycles: m.idleCycles,
  };
}

export function encodeSnapshot(s: Snapshot): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(s)));
}

export function decodeSnapshot(buf: Buffer, file: string): Snapshot {
  let s: Snapshot;
  try {
    s = JSON.parse(gunzipSync(buf).toString('utf8')) as Snapshot;
  } catch {
    throw new UserError(`${file}: not a bytebos snapshot (expected gzip'd JSON)`);
  }
  if (s.format !== SNAPSHOT_FORMAT) throw new UserError(`${file}: not a bytebos snapshot`);
  if (s.version !== SNAPSHOT_VERSION) throw new UserError(`${file}: snapshot version ${s.version} is not supported (this build reads version ${SNAPSHOT_VERSION})`);
  return s;
}

/** Load a snapshot into a machine built from the same board. */
export function applySnapshot(m: Machine, s: Snapshot): void {
  if (s.cpu !== m.cpu.info.id) throw new UserError(`snapshot is for a ${s.cpu}, this machine has a ${m.cpu.info.id}`);
  const mem = gunzipSync(Buffer.from(s.memory, 'base64'));
  if (mem.length !== m.bus.mem.length) throw new UserError(`snapshot memory size ${mem.length} does not match the board (${m.bus.mem.length} bytes)`);
  m.bus.restoreMap(s.map);
  m.bus.mem.set(mem);
  for (const d of m.devices) {
    const st = s.devices[d.name];
    if (!st) throw new UserError(`snapshot has no state for device ${d.name}`);
    d.loadState(st);
  }
  m.scheduler.restore(s.scheduler);
  m.cpu.loadState(s.cpuState);
  m.restoreIrq(s.irq);
  for (const [name, bytes] of Object.entries(s.serialInput)) {
    const p = m.serial(name);
    p.input.length = 0;
    p.input.push(...bytes);
  }
  for (const [name, b64] of Object.entries(s.serialOutput ?? {})) {
    const p = m.serial(name);
    p.output.length = 0;
    p.output.push(...Buffer.from(b64, 'base64'));
  }
  m.idleCycles = s.idleCycles;
  m.stopReason = null;
}
