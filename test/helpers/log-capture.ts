import { Writable } from 'node:stream';

/** Collects the app's JSON log lines so tests can assert what was (and was not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }

  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Response logs are written when the response finishes, a moment after the client has it. */
  async waitFor(predicate: (entry: Record<string, unknown>) => boolean, timeoutMs = 2_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.entries().find(predicate);
      if (found || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  text(): string {
    return this.lines.join('\n');
  }
}
