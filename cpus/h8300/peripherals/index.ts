/**
 * On-chip peripherals of the H8/330 family, registered as board device types when the core
 * module loads:
 *   h8300-sci  serial communication interface (6 registers; H'FFD8 on the H8/330);
 *              options: port (default "primary"), vector (ERI's vector number, default 27)
 *   h8300-tmr  one 8-bit timer channel (5 registers; TMR0 H'FFC8, TMR1 H'FFD0);
 *              options: vector (CMIA's vector number, default 19 = TMR0)
 */
import { optNum, optStr, registerDeviceType } from '../../../src/devices/registry.js';
import { H8Sci } from './sci.js';
import { H8Tmr } from './tmr.js';

let registered = false;

export function registerH8300Devices(): void {
  if (registered) return;
  registered = true;
  registerDeviceType('h8300-sci', {
    describe: 'H8/330 SCI (async): SMR BRR SCR TDR SSR RDR; options.port, options.vector (ERI, default 27; RXI, TXI, TEI follow)',
    span: () => 6,
    create: (s, m) => new H8Sci(s.name, m, optStr(s, 'port', 'primary'), optNum(s, 'vector', 27)!),
  });
  registerDeviceType('h8300-tmr', {
    describe: 'H8/330 8-bit timer channel: TCR TCSR TCORA TCORB TCNT; options.vector (CMIA, default 19; CMIB, OVI follow)',
    span: () => 5,
    create: (s, m) => new H8Tmr(s.name, m, optNum(s, 'vector', 19)!),
  });
}
