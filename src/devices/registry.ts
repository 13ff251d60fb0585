/**
 * Device types a board file can name. Generic ones are registered here; cores register their
 * on-chip and board-specific devices by calling `registerDeviceType` from their module
 * (cpus/<id>/devices.ts) and listing it in `CORE_DEVICE_MODULES` below is not needed: the
 * registration happens when the board's CPU module is imported, before devices are built.
 */
import type { Device } from '../core/bus.js';
import type { Machine, Stateful } from '../core/machine.js';
import type { DeviceSpec } from '../boards/board.js';
import { ExitDevice } from './exit.js';
import { ConsoleDevice } from './console.js';
import { GenericUart } from './uart.js';
import { GenericTimer } from './timer.js';
import { Mc6850 } from './mc6850.js';
import { Mc68230 } from './mc68230.js';
import { BootOverlay } from './boot-overlay.js';
import { BlankDevice } from './blank.js';

export interface DeviceFactory {
  /** Bytes the device occupies from its base (before stride). */
  span(spec: DeviceSpec): number;
  create(spec: DeviceSpec, machine: Machine): Device & Stateful;
  describe: string;
}

const factories = new Map<string, DeviceFactory>();

export function registerDeviceType(type: string, f: DeviceFactory): void {
  factories.set(type, f);
}

export function deviceTypes(): string[] {
  return [...factories.keys()].sort();
}

function optNum(spec: DeviceSpec, key: string, dflt: number | null): number | null {
  const v = spec.options[key];
  if (v === undefined || v === null) return dflt;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`option ${key}: expected a number, got ${JSON.stringify(v)}`);
  return n;
}

function optStr(spec: DeviceSpec, key: string, dflt: string): string {
  const v = spec.options[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'string') throw new Error(`option ${key}: expected a string, got ${JSON.stringify(v)}`);
  return v;
}

export { optNum, optStr };

/** Create the device, place it on the bus and register it with the machine. */
export function createDevice(spec: DeviceSpec, machine: Machine): Device & Stateful {
  const f = factories.get(spec.type);
  if (!f) throw new Error(`unknown device type "${spec.type}"`);
  const dev = f.create(spec, machine);
  const span = f.span(spec);
  machine.bus.addDevice(spec.base, (span - 1) * spec.stride + 1, dev, spec.stride);
  machine.addDevice(dev);
  return dev;
}

registerDeviceType('exit', {
  describe: 'a write ends the run; status = options.code, or the value written',
  span: () => 4,
  create: (s, m) => new ExitDevice(s.name, m, optNum(s, 'code', null)),
});
registerDeviceType('console', {
  describe: 'bytes written to offset 0 go to the serial output (options.port, default "primary")',
  span: () => 4,
  create: (s, m) => new ConsoleDevice(s.name, m, optStr(s, 'port', 'primary')),
});
registerDeviceType('uart', {
  describe: 'generic UART: DATA, STATUS, CTRL byte registers; options.port, options.baud',
  span: () => 4,
  create: (s, m) => new GenericUart(s.name, m, optStr(s, 'port', 'primary'), optNum(s, 'baud', 115200)!, s.irq),
});
registerDeviceType('timer', {
  describe: 'generic programmable timer: CTRL, PERIOD, COUNT, STATUS 32-bit registers',
  span: () => 16,
  create: (s, m) => new GenericTimer(s.name, m, s.irq),
});
registerDeviceType('blank', {
  describe: 'unmodelled registers: reads return options.value (default 0), writes ignored; options.size bytes',
  span: (s) => optNum(s, 'size', 0x400)!,
  create: (s, m) => new BlankDevice(s.name, m, optNum(s, 'value', 0)!, s.options.log === true),
});

// ---- Motorola peripherals of the MEX68KECB board ------------------------------------------
registerDeviceType('mc6850', {
  describe: 'Motorola MC6850 ACIA: STATUS/CONTROL and DATA byte registers; options.port, options.clock (TX/RX clock Hz, default 153600 = 9600 baud /16), options.overrun',
  span: () => 2,
  create: (s, m) => new Mc6850(s.name, m, optStr(s, 'port', 'primary'), s.irq, {
    clock: optNum(s, 'clock', 153600)!,
    overrun: s.options.overrun === true,
  }),
});
registerDeviceType('mc68230', {
  describe: 'Motorola MC68230 PI/T: 32 byte registers, 24-bit timer with prescaler (options.clock: CLK Hz, default the CPU clock); ports as plain registers',
  span: () => 32,
  create: (s, m) => {
    const pit = new Mc68230(s.name, m, s.irq, optNum(s, 'clock', m.clockHz)!);
    // Vectored mode (TCR7-5 = 101): the PI/T answers the acknowledge of its level with TIVR.
    const cpu = m.cpu as { iackVector?: ((level: number) => number) | null };
    if (s.irq !== null && 'iackVector' in cpu) {
      const prev = cpu.iackVector ?? null;
      const level = s.irq;
      cpu.iackVector = (l) => (l === level && pit.vectored && pit.irqAsserted ? pit.vector : prev ? prev(l) : -1);
    }
    return pit;
  },
});
registerDeviceType('boot-overlay', {
  describe: 'shows options.size (default 8) bytes of ROM at options.rom over RAM at its base until the first write there; re-armed by reset',
  span: (s) => optNum(s, 'size', 8)!,
  create: (s, m) => {
    const rom = optNum(s, 'rom', null);
    if (rom === null) throw new Error('boot-overlay needs options.rom (the ROM address shown at its base)');
    return new BootOverlay(s.name, m, s.base, optNum(s, 'size', 8)!, rom);
  },
});
