/**
 * 8096BH I/O ports 0-2 (ports 3 and 4 are the external bus, at 1FFEh/1FFFh).
 *
 *   PORT0 (0Eh, read)  input only (shares pins with the A/D inputs): the pin levels
 *   PORT1 (0Fh)        quasi-bidirectional: a read returns latch AND pins (a pin reads 0 only
 *                      when the latch drives it low or the outside pulls it low)
 *   PORT2 (10h)        the same model; its alternate functions (TXD, RXD, EXTINT, T2CLK,
 *                      T2RST, PWM) are not routed through the pins
 *
 * Pin levels default to all ones (pull-ups) and come from the board (`options.port0` ...)
 * or `setPins`. Latches reset to FFh.
 */
export class Ports {
  readonly latch = Uint8Array.of(0xff, 0xff, 0xff);
  readonly pins = Uint8Array.of(0xff, 0xff, 0xff);

  constructor(pins: (number | undefined)[]) {
    pins.forEach((v, i) => {
      if (v !== undefined) this.pins[i] = v & 0xff;
    });
  }

  reset(): void {
    this.latch.fill(0xff);
  }

  setPins(port: number, value: number): void {
    this.pins[port] = value & 0xff;
  }

  read(port: number): number {
    return port === 0 ? this.pins[0] : this.latch[port] & this.pins[port];
  }

  write(port: number, v: number): void {
    if (port > 0) this.latch[port] = v & 0xff;
  }

  save(): Record<string, unknown> {
    return { latch: Array.from(this.latch), pins: Array.from(this.pins) };
  }
  load(s: Record<string, unknown>): void {
    this.latch.set(s.latch as number[]);
    this.pins.set(s.pins as number[]);
  }
}
