// Progress on a terminal: one line on stderr, redrawn at most ten times a second and cleared at
// the end. When stderr is not a terminal (piped, redirected, in CI) nothing is shown.

export class Progress {
  private last = 0;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    readonly enabled = Boolean(stream.isTTY),
  ) {}

  /** Shows `text` unless a line was drawn less than 100 ms ago (or `force`). */
  update(text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = (this.stream.columns || 80) - 1;
    this.stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
