import type { Writable } from 'node:stream';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Progress on stderr while a step runs: on a terminal a spinner with the step and the seconds so
 * far, redrawn in place; in a pipe or a log one line per step, so stdout keeps only the report.
 * The server answers an import in one piece, so the steps are honest ones (reading the file,
 * sending it, the server checking), not a percentage it cannot know.
 */
export class Progress {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly tty: boolean;
  private readonly started = performance.now();

  constructor(private readonly stream: Writable) {
    this.tty = (stream as Writable & { isTTY?: boolean }).isTTY === true;
  }

  /** Runs `work` as the step `label`, showing it until it settles. */
  async step<T>(label: string, work: () => Promise<T>): Promise<T> {
    const began = performance.now();
    if (!this.tty) this.stream.write(`${label}…\n`);
    else {
      let frame = 0;
      const draw = () => {
        const seconds = ((performance.now() - began) / 1000).toFixed(1);
        this.stream.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${label}… ${seconds} s`);
      };
      draw();
      this.timer = setInterval(draw, 100);
    }
    try {
      return await work();
    } finally {
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      if (this.tty) {
        const seconds = ((performance.now() - began) / 1000).toFixed(1);
        this.stream.write(`\r\x1b[K✓ ${label} (${seconds} s)\n`);
      }
    }
  }

  done(message: string): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    this.stream.write(`${message} (${seconds} s)\n`);
  }
}

export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
