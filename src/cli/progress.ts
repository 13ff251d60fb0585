/**
 * A progress bar on stderr when it is a terminal; silent in CI logs and pipes.
 */
export class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private shown = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    quiet = false,
  ) {
    this.enabled = !quiet && Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
  }

  update(done: number, note = ''): void {
    if (!this.enabled) return;
    const t = Date.now();
    if (t - this.last < 100) return;
    this.last = t;
    const width = 30;
    let bar: string;
    if (this.total > 0) {
      const f = Math.min(1, done / this.total);
      const n = Math.round(f * width);
      bar = `[${'#'.repeat(n)}${'.'.repeat(width - n)}] ${(f * 100).toFixed(0).padStart(3)}%`;
    } else {
      bar = `${done.toLocaleString('en-US')}`;
    }
    process.stderr.write(`\r${this.label} ${bar} ${note}`.slice(0, (process.stderr.columns ?? 80) - 1).padEnd(Math.min(79, (process.stderr.columns ?? 80) - 1)));
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r' + ' '.repeat(Math.min(79, (process.stderr.columns ?? 80) - 1)) + '\r');
    this.shown = false;
  }
}
