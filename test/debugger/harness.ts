/**
 * Drives the real debugger UI on fake terminal streams: keystrokes go in as the escape
 * sequences an xterm sends; the screen is read back from blessed's cell buffer.
 */
import { PassThrough } from 'node:stream';
import { DebuggerUI, type UiOptions } from '../../src/debugger/ui.js';

export const KEYS = {
  F5: '\x1b[15~', F6: '\x1b[17~', F9: '\x1b[20~', F10: '\x1b[21~', F11: '\x1b[23~', SF11: '\x1b[23;2~',
  TAB: '\t', STAB: '\x1b[Z', ENTER: '\r', ESC: '\x1b', UP: '\x1b[A', DOWN: '\x1b[B', PGUP: '\x1b[5~', PGDN: '\x1b[6~',
  BACKSPACE: '\x7f',
};

export class TermHarness {
  readonly input = new PassThrough();
  readonly output = new PassThrough() as PassThrough & { columns: number; rows: number; isTTY: boolean };
  readonly ui: DebuggerUI;

  constructor(opts: Omit<UiOptions, 'input' | 'output'>, cols = 80, rows = 24) {
    this.output.columns = cols;
    this.output.rows = rows;
    this.output.isTTY = true;
    this.output.resume(); // discard the escape codes
    this.ui = new DebuggerUI({ ...opts, input: this.input, output: this.output });
  }

  /** Send keys one at a time (blessed parses each chunk as keys). */
  async keys(...seq: string[]): Promise<void> {
    for (const k of seq) {
      this.input.write(k);
      await tick();
    }
  }

  async type(text: string): Promise<void> {
    for (const ch of text) await this.keys(ch);
  }

  async command(line: string): Promise<void> {
    await this.type(line);
    await this.keys(KEYS.ENTER);
    await this.settle();
  }

  /** Wait until the machine has stopped and the screen was redrawn. */
  async settle(timeoutMs = 10000): Promise<void> {
    const t0 = Date.now();
    while (this.ui.engine.running) {
      if (Date.now() - t0 > timeoutMs) throw new Error('the machine did not stop');
      await sleep(10);
    }
    await tick();
    this.ui.render();
  }

  screen(): string[] {
    return this.ui.text();
  }

  /** blessed's attribute word of one cell (bold is bit 18 of the flags). */
  attr(row: number, col: number): number {
    return (this.ui.screen as unknown as { lines: [number, string][][] }).lines[row][col][0];
  }

  text(): string {
    return this.screen().join('\n');
  }

  resize(cols: number, rows: number): void {
    this.output.columns = cols;
    this.output.rows = rows;
    this.output.emit('resize');
  }

  destroy(): void {
    this.ui.destroy();
  }
}

function tick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
