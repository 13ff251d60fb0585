/**
 * On-chip peripherals of the 8096BH, registered as board device types when the core module
 * loads:
 *   i8096-sfr   the SFR block 02h-17h (A/D, HSI, HSO, serial port, timers, watchdog, ports);
 *               options: port (serial port name, default "primary"), analog (8 channel
 *               values 0-1023), port0/port1/port2 (pin levels, default FFh)
 */
import { optStr, registerDeviceType } from '../../../src/devices/registry.js';
import type { I8096 } from '../index.js';
import { I8096Sfr, SFR_BASE, SFR_SPAN } from './sfr.js';

let registered = false;

function pin(v: unknown, key: string): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 255) throw new Error(`option ${key}: expected a byte, got ${JSON.stringify(v)}`);
  return n;
}

export function registerI8096Devices(): void {
  if (registered) return;
  registered = true;
  registerDeviceType('i8096-sfr', {
    describe: '8096BH on-chip SFRs 02h-17h: A/D, HSI, HSO CAM, serial port, Timer1/2, watchdog, ports (base must be 0x02)',
    span: () => SFR_SPAN,
    create: (s, m) => {
      if (s.base !== SFR_BASE) throw new Error(`the 8096 SFR block sits at 0x02, not 0x${s.base.toString(16)}`);
      const cpu = m.cpu as unknown as I8096;
      if (typeof cpu.raiseInterrupt !== 'function') throw new Error('i8096-sfr needs an i8096 or i80c196 CPU');
      const analog = s.options.analog ?? [];
      if (!Array.isArray(analog) || analog.some((v) => typeof v !== 'number')) throw new Error('option analog: expected an array of numbers (0-1023)');
      return new I8096Sfr(s.name, m, cpu, {
        port: optStr(s, 'port', 'primary'),
        analog: analog as number[],
        pins: [pin(s.options.port0, 'port0'), pin(s.options.port1, 'port1'), pin(s.options.port2, 'port2')],
      });
    },
  });
}
