// Work the adapter does after a commit or on a timer (job handlers, announcements, due timers),
// tracked so that stop() and idle() can wait for it, with failures reported instead of lost.
import { setTimeout as sleep } from 'node:timers/promises';

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly onError: (error: unknown) => void) {}

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  run(task: () => Promise<unknown>): void {
    if (this.stopped) return;
    const done: Promise<void> = task()
      .then(() => undefined, this.onError)
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Runs a task after a real-time delay (a retry backoff); counts as running meanwhile. */
  later(delayMs: number, task: () => Promise<unknown>): void {
    this.run(async () => {
      try {
        await sleep(delayMs, undefined, { signal: this.stopping.signal });
      } catch {
        return; // stopped while waiting
      }
      await task();
    });
  }

  /** Resolves once nothing runs any more, including work started by work. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** Starts nothing new, cancels what waits for a delay, and waits for what runs. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }
}
