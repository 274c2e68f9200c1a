/**
 * A one-line progress bar on stderr: "[#####.....]  47%  12.3 s, about 14 s left". Redrawn at
 * most every 100 ms with a carriage return; `done()` ends the line. Written here rather than
 * taken from a package: it is twenty lines, and the project keeps its runtime dependencies few.
 */
export class ProgressBar {
  private last = 0;
  private readonly start = Date.now();
  private shown = false;

  constructor(private readonly stream: NodeJS.WritableStream & { columns?: number }, private readonly label: string) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = (now - this.start) / 1000;
    const left = frac > 0.02 ? (elapsed * (1 - frac)) / frac : NaN;
    const width = 30;
    const filled = Math.round(frac * width);
    const eta = Number.isFinite(left) ? `, about ${Math.ceil(left)} s left` : '';
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * frac).toFixed(0).padStart(3)}%  ${elapsed.toFixed(1)} s${eta}`;
    this.stream.write(`\r${line.padEnd(Math.min(this.stream.columns ?? 100, 100) - 1)}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write('\n');
    this.shown = false;
  }
}
