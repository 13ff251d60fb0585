/**
 * On-chip peripherals of the 68HC11, registered as board device types when the core loads:
 *   m68hc11-regs   the 64-byte register block (INIT, timer with RTI and OC1-OC5, SCI);
 *                  options: port (serial port of the SCI, default "primary"), iram (name of
 *                  the internal-RAM region INIT moves, default "iram"), protect (INIT and
 *                  TMSK2 PR1:PR0 writable only in the first 64 E cycles, default true),
 *                  cop (the COP watchdog runs: CONFIG NOCOP = 0, default false)
 */
import { optStr, registerDeviceType } from '../../../src/devices/registry.js';
import { Hc11Registers, REG_SPAN } from './regs.js';

let registered = false;

export function registerM68hc11Devices(): void {
  if (registered) return;
  registered = true;
  registerDeviceType('m68hc11-regs', {
    describe: '68HC11 register block (64 bytes on a 4 KB boundary, moved by INIT): timer TCNT/RTI/OC1-OC5, SCI on options.port; options.iram, options.protect, options.cop (watchdog)',
    span: () => REG_SPAN,
    create: (s, m) => {
      if ((s.base & 0x0fff) !== 0) throw new Error('the 68HC11 register block sits on a 4 KB boundary');
      return new Hc11Registers(s.name, m, s.base, {
        port: optStr(s, 'port', 'primary'),
        iram: optStr(s, 'iram', 'iram'),
        protect: s.options.protect !== false,
        cop: s.options.cop === true,
      }, (pc) => { m.cpu.pc = pc; });
    },
  });
}
