import type { Writable } from 'node:stream';

/** Where a command writes; tests pass their own streams. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
}

const CHUNK = 64 * 1024;

/**
 * Buffers small writes into chunks and honours back-pressure, so millions of tree rows stream in
 * constant memory. A reader that goes away (`| head`) ends the output quietly: `closed` turns true.
 */
export class OutputWriter {
  private buffer = '';
  private failure: Error | undefined;
  closed = false;

  constructor(private readonly stream: Writable) {
    stream.on('error', this.onError);
  }

  private readonly onError = (error: NodeJS.ErrnoException) => {
    this.closed = true;
    if (error.code !== 'EPIPE') this.failure = error;
  };

  /** Returns a promise only when the caller must wait (a chunk went out and the stream is full). */
  write(text: string): Promise<void> | undefined {
    if (this.closed) return undefined;
    this.buffer += text;
    return this.buffer.length >= CHUNK ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.closed || this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await this.drained();
  }

  /** Flushes and detaches; rethrows a write failure other than a closed pipe. */
  async end(): Promise<void> {
    await this.flush();
    this.stream.off('error', this.onError);
    if (this.failure) throw this.failure;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
      this.stream.on('error', done);
    });
  }
}
