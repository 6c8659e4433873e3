/**
 * A progress bar on stderr, redrawn in place on a terminal. Elsewhere (CI logs, tests) it writes
 * a line per tenth of the work, so logs stay short.
 */
export class ProgressBar {
  private lastTenth = -1;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 30,
  ) {}

  update(done: number, total: number): void {
    const share = total === 0 ? 1 : Math.min(1, done / total);
    const counts = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    if (this.stream.isTTY) {
      const filled = Math.round(share * this.width);
      const bar = '#'.repeat(filled) + '-'.repeat(this.width - filled);
      this.stream.write(`\r${this.label} [${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${counts}`);
      this.drawn = true;
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.stream.write(`${this.label} ${tenth * 10}% ${counts}\n`);
    }
  }

  /** Ends the bar's line so what follows starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
