/**
 * Lets commits run concurrently but lets maintenance stop them at a clean point: `pause()`
 * waits for commits in flight to finish applying, and holds new ones until `resume()`. The head
 * cut needs this so that every sample logged before the WAL cut is in the head when it is taken.
 */
export class WriteGate {
  private inflight = 0;
  private paused: Promise<void> | null = null;
  private release: (() => void) | null = null;
  private drained: (() => void) | null = null;

  /** Runs `fn` as one commit. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.paused !== null) await this.paused;
    this.inflight++;
    try {
      return await fn();
    } finally {
      this.inflight--;
      if (this.inflight === 0 && this.drained !== null) this.drained();
    }
  }

  /** Holds new commits and waits for those in flight. */
  async pause(): Promise<void> {
    while (this.paused !== null) await this.paused;
    this.paused = new Promise((resolve) => {
      this.release = resolve;
    });
    if (this.inflight > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
      this.drained = null;
    }
  }

  /** Lets held commits go on. */
  resume(): void {
    const release = this.release;
    this.paused = null;
    this.release = null;
    release?.();
  }
}
