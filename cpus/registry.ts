/**
 * The CPU cores the product knows. A core is loaded lazily so the CLI starts fast and a core
 * that is not implemented yet is reported as such (exit 2) instead of being run.
 *
 * To add a core: create cpus/<id>/index.ts exporting `createCpu(bus, ctx)` and, for
 * conformance, cpus/<id>/conformance.ts exporting `adapter`; then set `load` here.
 */
import type { Bus } from '../src/core/bus.js';
import type { Cpu } from '../src/core/cpu.js';
import type { Machine } from '../src/core/machine.js';
import type { ConformanceAdapter } from '../src/conformance/types.js';

export interface CpuModule {
  createCpu(bus: Bus, machine: Machine | null, variant: string): Cpu;
}

export interface CpuDescriptor {
  id: string;
  name: string;
  bigEndian: boolean;
  addrBits: number;
  /** Default page size for boards (log2); boards may need smaller pages for alignment. */
  pageBits: number;
  /** Board used when none is given. */
  defaultBoard: string;
  /** null: not implemented yet. */
  load: (() => Promise<CpuModule>) | null;
  conformance: (() => Promise<ConformanceAdapter>) | null;
}

export const CPUS: CpuDescriptor[] = [
  {
    id: 'm68000', name: 'Motorola 68000', bigEndian: true, addrBits: 24, pageBits: 12,
    defaultBoard: 'm68000-generic',
    load: () => import('./m68000/index.js'),
    conformance: async () => (await import('./m68000/conformance.js')).adapter,
  },
  {
    id: 'arm7tdmi', name: 'ARM7TDMI (ARMv4T, ARM and Thumb)', bigEndian: false, addrBits: 32, pageBits: 12,
    defaultBoard: 'arm7tdmi-generic',
    load: () => import('./arm7tdmi/index.js'),
    conformance: async () => (await import('./arm7tdmi/conformance.js')).adapter,
  },
  {
    id: 'i8096', name: 'Intel 8096BH (MCS-96)', bigEndian: false, addrBits: 16, pageBits: 8,
    defaultBoard: 'i8096-generic', load: () => import('./i8096/index.js'), conformance: async () => (await import('./i8096/conformance.js')).adapter,
  },
  {
    id: 'i80c196', name: 'Intel 80C196KB (MCS-96)', bigEndian: false, addrBits: 16, pageBits: 8,
    defaultBoard: 'i8096-generic', load: () => import('./i8096/index.js'), conformance: async () => (await import('./i8096/conformance.js')).adapter,
  },
  {
    id: 'm68hc11', name: 'Motorola 68HC11', bigEndian: true, addrBits: 16, pageBits: 6,
    defaultBoard: 'm68hc11-generic', load: () => import('./m68hc11/index.js'), conformance: async () => (await import('./m68hc11/conformance.js')).adapter,
  },
  {
    id: 'h8300', name: 'Hitachi H8/300', bigEndian: true, addrBits: 16, pageBits: 8,
    defaultBoard: 'h8300-generic', load: () => import('./h8300/index.js'), conformance: async () => (await import('./h8300/conformance.js')).adapter,
  },
];

export const CPU_IDS = CPUS.map((c) => c.id);

export function findCpu(id: string): CpuDescriptor | undefined {
  return CPUS.find((c) => c.id === id.toLowerCase());
}
