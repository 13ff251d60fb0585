/**
 * A device context without a CPU: virtual time moves only when a test says so, interrupt
 * lines are recorded per source, serial ports are the machine's own class.
 */
import { createBus, type Bus } from '../../src/core/bus.js';
import { SerialPort, type DeviceContext, type StopReason } from '../../src/core/machine.js';
import { Scheduler } from '../../src/core/scheduler.js';

export class TestContext implements DeviceContext {
  readonly scheduler = new Scheduler();
  readonly bus: Bus;
  readonly ports = new Map<string, SerialPort>();
  readonly sources = new Map<number, Set<string>>();
  readonly logs: string[] = [];
  t = 0;

  constructor(readonly clockHz = 4_000_000, bigEndian = true) {
    this.bus = createBus(bigEndian, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  }

  now(): number {
    return this.t;
  }

  /** Move time forward by `cycles`, firing every event on the way at its own deadline. */
  advance(cycles: number): void {
    const end = this.t + cycles;
    while (this.scheduler.nextDeadline() <= end) {
      this.t = Math.max(this.t, this.scheduler.nextDeadline());
      this.scheduler.dispatch(this.t);
    }
    this.t = end;
    this.scheduler.now = end;
  }

  irq(line: number, asserted: boolean, source: string): void {
    let s = this.sources.get(line);
    if (!s) this.sources.set(line, (s = new Set()));
    if (asserted) s.add(source);
    else s.delete(source);
  }

  line(n: number): boolean {
    return (this.sources.get(n)?.size ?? 0) > 0;
  }

  serial(name = 'primary'): SerialPort {
    let p = this.ports.get(name);
    if (!p) this.ports.set(name, (p = new SerialPort(name)));
    return p;
  }

  stop(_r: StopReason): void {}
  log(m: string): void {
    this.logs.push(m);
  }
  resetCpu(): void {}
  pc(): number {
    return 0;
  }
}
