/**
 * Boards: JSON files that describe a machine (CPU, clock, memory map, devices and their
 * interrupt wiring, what unmapped accesses do). Validated with messages that name the file and
 * the field; see README "Board files" for the schema.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBus, type FaultPolicy } from '../core/bus.js';
import { Machine } from '../core/machine.js';
import { InputError, UserError, hex } from '../core/errors.js';
import { findCpu, CPU_IDS } from '../../cpus/registry.js';
import { createDevice, deviceTypes } from '../devices/registry.js';

export interface MemorySpec {
  name: string;
  type: 'ram' | 'rom' | 'mirror';
  base: number;
  size: number;
  /** mirror: the region mirrored. */
  of?: string;
  /** Fill byte for RAM at power-on (default 0). */
  fill?: number;
}

export interface DeviceSpec {
  type: string;
  name: string;
  base: number;
  /** Register spacing in bytes (2 for 8-bit devices on odd or even bytes of a 16-bit bus). */
  stride: number;
  /** Interrupt input the device drives (core-specific line number), if any. */
  irq: number | null;
  options: Record<string, unknown>;
}

export interface BoardSpec {
  name: string;
  description: string;
  cpu: string;
  clock: number;
  pageBits: number | null;
  memory: MemorySpec[];
  devices: DeviceSpec[];
  unmapped: { read: number; policy: FaultPolicy; fetch: 'stop' | 'log' };
  romWrite: FaultPolicy;
  /** Default load address of raw binaries. */
  imageBase: number;
  /** Registers set after reset (e.g. the GBA post-BIOS state). */
  reset: Record<string, number>;
  /** Where the spec came from (for messages). */
  source: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/** firmware/ at the project root, from src/boards (source) or dist/src/boards (compiled). */
export function projectRoot(): string {
  let d = here;
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'firmware'))) return d;
    d = dirname(d);
  }
  return resolve(here, '..', '..');
}

export function boardsDir(): string {
  return join(projectRoot(), 'firmware', 'boards');
}

export function builtinBoards(): { name: string; description: string; cpu: string; file: string }[] {
  const dir = boardsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const spec = parseBoard(readFileSync(file, 'utf8'), file);
      return { name: spec.name, description: spec.description, cpu: spec.cpu, file };
    });
}

/** A board by built-in name or by path to a JSON file. */
export function loadBoard(nameOrFile: string): BoardSpec {
  const builtin = join(boardsDir(), `${nameOrFile}.json`);
  let file: string;
  if (!nameOrFile.includes('/') && !nameOrFile.endsWith('.json') && existsSync(builtin)) file = builtin;
  else if (existsSync(nameOrFile)) file = nameOrFile;
  else {
    const names = builtinBoards().map((b) => b.name).join(', ');
    throw new UserError(`unknown board "${nameOrFile}" (built-in boards: ${names || 'none'}; or give a path to a board JSON file)`);
  }
  return parseBoard(readFileSync(file, 'utf8'), file);
}

type Json = Record<string, unknown>;

function num(file: string, path: string, v: unknown, opts: { min?: number; max?: number } = {}): number {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v.trim())) n = Number(v.trim());
  else throw new InputError(file, path, `expected a number or a "0x..." string, got ${JSON.stringify(v)}`);
  if (!Number.isInteger(n)) throw new InputError(file, path, `expected an integer, got ${n}`);
  if (opts.min !== undefined && n < opts.min) throw new InputError(file, path, `must be at least ${opts.min}, got ${n}`);
  if (opts.max !== undefined && n > opts.max) throw new InputError(file, path, `must be at most ${hex(opts.max)}, got ${hex(n)}`);
  return n;
}

function str(file: string, path: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw new InputError(file, path, `expected a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function policy(file: string, path: string, v: unknown, dflt: FaultPolicy): FaultPolicy {
  if (v === undefined) return dflt;
  if (v === 'ignore' || v === 'log' || v === 'stop') return v;
  throw new InputError(file, path, `expected "ignore", "log" or "stop", got ${JSON.stringify(v)}`);
}

function checkKeys(file: string, path: string, o: Json, allowed: string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new InputError(file, path, `unknown field "${k}" (allowed: ${allowed.join(', ')})`);
  }
}

export function parseBoard(text: string, file: string): BoardSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, '', `not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(file, '', 'a board file must hold a JSON object');
  const o = raw as Json;
  checkKeys(file, '', o, ['$schema', 'name', 'description', 'cpu', 'clock', 'pageBits', 'memory', 'devices', 'unmapped', 'romWrite', 'imageBase', 'reset']);
  const name = o.name === undefined ? basename(file).replace(/\.json$/, '') : str(file, 'name', o.name);
  const cpuId = str(file, 'cpu', o.cpu);
  const cpu = findCpu(cpuId);
  if (!cpu) throw new InputError(file, 'cpu', `unknown CPU "${cpuId}" (known: ${CPU_IDS.join(', ')})`);
  const maxAddr = cpu.addrBits >= 32 ? 0xffffffff : 2 ** cpu.addrBits - 1;
  const clock = num(file, 'clock', o.clock, { min: 1 });
  if (!Array.isArray(o.memory) || o.memory.length === 0) throw new InputError(file, 'memory', 'expected a non-empty array of regions');
  const memory: MemorySpec[] = o.memory.map((m: unknown, i: number) => {
    const p = `memory[${i}]`;
    if (typeof m !== 'object' || m === null) throw new InputError(file, p, 'expected an object');
    const mm = m as Json;
    checkKeys(file, p, mm, ['name', 'type', 'base', 'size', 'of', 'fill']);
    const type = mm.type;
    if (type !== 'ram' && type !== 'rom' && type !== 'mirror') throw new InputError(file, `${p}.type`, `expected "ram", "rom" or "mirror", got ${JSON.stringify(type)}`);
    const base = num(file, `${p}.base`, mm.base, { min: 0, max: maxAddr });
    const size = num(file, `${p}.size`, mm.size, { min: 1, max: maxAddr + 1 });
    if (base + size - 1 > maxAddr) throw new InputError(file, p, `region ${hex(base)}..${hex(base + size - 1)} lies outside the ${cpu.addrBits}-bit address space`);
    const spec: MemorySpec = { name: mm.name === undefined ? `${type}${i}` : str(file, `${p}.name`, mm.name), type, base, size };
    if (type === 'mirror') spec.of = str(file, `${p}.of`, mm.of);
    if (mm.fill !== undefined) spec.fill = num(file, `${p}.fill`, mm.fill, { min: 0, max: 255 });
    return spec;
  });
  const names = new Set<string>();
  for (const m of memory) {
    if (names.has(m.name)) throw new InputError(file, 'memory', `two regions are named "${m.name}"`);
    names.add(m.name);
  }
  for (const m of memory) {
    if (m.type === 'mirror' && !memory.some((x) => x.name === m.of && x.type !== 'mirror')) {
      throw new InputError(file, `memory "${m.name}"`, `mirror of unknown region "${m.of}"`);
    }
  }
  const sorted = [...memory].sort((a, b) => a.base - b.base);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a.base + a.size > b.base) throw new InputError(file, 'memory', `regions "${a.name}" and "${b.name}" overlap at ${hex(b.base)}`);
  }
  const devList = o.devices ?? [];
  if (!Array.isArray(devList)) throw new InputError(file, 'devices', 'expected an array');
  const devices: DeviceSpec[] = devList.map((d: unknown, i: number) => {
    const p = `devices[${i}]`;
    if (typeof d !== 'object' || d === null) throw new InputError(file, p, 'expected an object');
    const dd = d as Json;
    checkKeys(file, p, dd, ['type', 'name', 'base', 'stride', 'irq', 'options']);
    const type = str(file, `${p}.type`, dd.type);
    const opts = dd.options ?? {};
    if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new InputError(file, `${p}.options`, 'expected an object');
    return {
      type,
      name: dd.name === undefined ? `${type}${i}` : str(file, `${p}.name`, dd.name),
      base: num(file, `${p}.base`, dd.base, { min: 0, max: maxAddr }),
      stride: dd.stride === undefined ? 1 : num(file, `${p}.stride`, dd.stride, { min: 1, max: 16 }),
      irq: dd.irq === undefined || dd.irq === null ? null : num(file, `${p}.irq`, dd.irq, { min: 0, max: 255 }),
      options: opts as Record<string, unknown>,
    };
  });
  const un = (o.unmapped ?? {}) as Json;
  if (typeof un !== 'object') throw new InputError(file, 'unmapped', 'expected an object');
  checkKeys(file, 'unmapped', un, ['read', 'policy', 'fetch']);
  if (un.fetch !== undefined && un.fetch !== 'stop' && un.fetch !== 'log') throw new InputError(file, 'unmapped.fetch', `expected "stop" or "log", got ${JSON.stringify(un.fetch)}`);
  const reset: Record<string, number> = {};
  if (o.reset !== undefined) {
    if (typeof o.reset !== 'object' || o.reset === null) throw new InputError(file, 'reset', 'expected an object of register: value');
    for (const [k, v] of Object.entries(o.reset as Json)) reset[k.toUpperCase()] = num(file, `reset.${k}`, v, { min: 0, max: 0xffffffff });
  }
  const firstRom = memory.find((m) => m.type === 'rom') ?? memory[0];
  return {
    name,
    description: o.description === undefined ? '' : str(file, 'description', o.description),
    cpu: cpu.id,
    clock,
    pageBits: o.pageBits === undefined ? null : num(file, 'pageBits', o.pageBits, { min: 0, max: 16 }),
    memory,
    devices,
    unmapped: { read: un.read === undefined ? 0xff : num(file, 'unmapped.read', un.read, { min: 0, max: 255 }), policy: policy(file, 'unmapped.policy', un.policy, 'log'), fetch: (un.fetch as 'stop' | 'log' | undefined) ?? 'stop' },
    romWrite: policy(file, 'romWrite', o.romWrite, 'log'),
    imageBase: o.imageBase === undefined ? firstRom.base : num(file, 'imageBase', o.imageBase, { min: 0, max: maxAddr }),
    reset,
    source: file,
  };
}

function trailingZeros(n: number): number {
  if (n === 0) return 32;
  let z = 0;
  while ((n & 1) === 0 && z < 32) {
    n = Math.floor(n / 2);
    z++;
  }
  return z;
}

/** Build a machine from a board: bus, regions, CPU, devices. The CPU is not reset yet. */
export async function buildMachine(spec: BoardSpec, variant?: string): Promise<Machine> {
  const cpuId = variant ?? spec.cpu;
  const desc = findCpu(cpuId);
  if (!desc) throw new UserError(`unknown CPU "${cpuId}" (known: ${CPU_IDS.join(', ')})`);
  if (!desc.load) throw new UserError(`the ${desc.name} core (${desc.id}) is not implemented yet`);
  let pageBits = spec.pageBits ?? desc.pageBits;
  for (const m of spec.memory) pageBits = Math.min(pageBits, trailingZeros(m.base), trailingZeros(m.size));
  const bus = createBus(desc.bigEndian, {
    addrBits: desc.addrBits,
    pageBits,
    openBus: spec.unmapped.read,
    unmapped: spec.unmapped.policy,
    romWrite: spec.romWrite,
  });
  bus.reserve(spec.memory.filter((m) => m.type !== 'mirror').reduce((a, m) => a + m.size, 0));
  const regions = new Map<string, ReturnType<typeof bus.addRegion>>();
  for (const m of spec.memory) {
    if (m.type === 'mirror') continue;
    const r = bus.addRegion(m.name, m.type, m.base, m.size);
    if (m.fill) bus.mem.fill(m.fill, r.store, r.store + r.size);
    regions.set(m.name, r);
  }
  for (const m of spec.memory) if (m.type === 'mirror') bus.addMirror(regions.get(m.of!)!, m.base, m.size);
  const machine = new Machine(spec.clock);
  machine.fetchPolicy = spec.unmapped.fetch;
  const mod = await desc.load();
  const cpu = mod.createCpu(bus, machine, desc.id);
  machine.attach(cpu);
  // Cores register their own device types when their module loads, so check names now.
  const types = deviceTypes();
  spec.devices.forEach((d, i) => {
    if (!types.includes(d.type)) {
      throw new InputError(spec.source, `devices[${i}].type`, `unknown device type "${d.type}" (known: ${types.join(', ')})`);
    }
  });
  for (const d of spec.devices) {
    try {
      createDevice(d, machine);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new InputError(spec.source, `device "${d.name}"`, (e as Error).message);
    }
  }
  return machine;
}
