/**
 * `console`: bytes written to offset 0 appear on the run's serial output (a serial port,
 * `primary` by default). Wider writes send their low byte. Reads return 0.
 */
import type { AccessSize } from '../core/bus.js';
import type { DeviceContext } from '../core/machine.js';
import { BaseDevice } from './base.js';

export class ConsoleDevice extends BaseDevice {
  constructor(name: string, ctx: DeviceContext, readonly port: string) {
    super(name, ctx, false);
  }
  read(): number {
    return 0;
  }
  peek(): number {
    return 0;
  }
  write(offset: number, _size: AccessSize, value: number): void {
    if (offset === 0) this.ctx.serial(this.port).transmit(value & 0xff);
  }
  saveState(): Record<string, unknown> {
    return {};
  }
  loadState(): void {}
}
