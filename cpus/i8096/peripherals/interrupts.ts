/**
 * The 8096BH interrupt controller as the peripherals and debugger see it. The pending and mask
 * registers live in the core (INT_PENDING 09h, INT_MASK 08h = PSW low byte) because the core
 * samples them at every instruction boundary; this model gives them names, priorities and
 * vectors.
 *
 *   bit  source                         vector   priority
 *    7   EXTINT (P2.2 or ACH7)          200Eh    highest
 *    6   serial port (TI or RI)         200Ch
 *    5   software timer (HSO 8-F)       200Ah
 *    4   HSI.0 pin                      2008h
 *    3   HSO pin (HSO 0-7 commands)     2006h
 *    2   HSI data available             2004h
 *    1   A/D conversion complete        2002h
 *    0   Timer1/Timer2 overflow         2000h    lowest
 *   TRAP instruction                    2010h
 */
import { VEC_BASE } from '../registers.js';
import type { I8096 } from '../index.js';

export const INTERRUPT_NAMES = ['timer-overflow', 'a/d-done', 'hsi-data', 'hso', 'hsi.0', 'software-timer', 'serial', 'extint'];

export class InterruptController {
  constructor(private readonly cpu: I8096) {}
  get mask(): number {
    return this.cpu.r[8];
  }
  get pending(): number {
    return this.cpu.r[9];
  }
  raise(bit: number): void {
    this.cpu.raiseInterrupt(bit);
  }
  vector(bit: number): number {
    return VEC_BASE + 2 * bit;
  }
  /** The bit the core would take next (or -1), ignoring PSW.I. */
  highestDeliverable(): number {
    const p = this.mask & this.pending;
    return p === 0 ? -1 : 31 - Math.clz32(p);
  }
}
