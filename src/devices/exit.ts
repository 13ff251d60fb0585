/**
 * `exit`: any write ends the run. The exit status is the configured `code`, or the value
 * written when no code is configured. Reads return 0.
 */
import type { AccessSize } from '../core/bus.js';
import type { DeviceContext } from '../core/machine.js';
import { BaseDevice } from './base.js';

export class ExitDevice extends BaseDevice {
  constructor(name: string, ctx: DeviceContext, readonly code: number | null) {
    super(name, ctx, false);
  }
  read(): number {
    return 0;
  }
  peek(): number {
    return 0;
  }
  write(_offset: number, _size: AccessSize, value: number): void {
    this.ctx.stop({ kind: 'exit', code: this.code ?? (value | 0), pc: this.ctx.pc() });
  }
  saveState(): Record<string, unknown> {
    return {};
  }
  loadState(): void {}
}
