// What the engine handed to the test's job handlers and user-task listener, per process instance, so a
// test waits for its own instance's steps (a broker that ran before may still hold other instances).
import type { ServiceJob, UserTaskCreated } from '../src/index';

type Delivery = ServiceJob | UserTaskCreated;

export interface Inbox<T extends Delivery> {
  record(delivery: T): void;
  /** Every delivery for this instance at `elementId` so far, oldest first. */
  all(processInstanceKey: string, elementId: string): T[];
  /** Waits until `count` deliveries for this instance at `elementId` arrived; fails after `withinMs`. */
  waitFor(processInstanceKey: string, elementId: string, count?: number, withinMs?: number): Promise<T[]>;
  /** Fails if anything for this instance arrives at `elementId` beyond `count` during `forMs`. */
  expectNoMore(processInstanceKey: string, elementId: string, count: number, forMs: number): Promise<void>;
}

const POLL_MS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done()` holds; fails with `what` after `withinMs`. */
export async function waitUntil(done: () => boolean, what: () => string, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what()} within ${withinMs} ms`);
    await sleep(POLL_MS);
  }
}

export function createInbox<T extends Delivery>(): Inbox<T> {
  const deliveries: T[] = [];
  const all = (processInstanceKey: string, elementId: string) =>
    deliveries.filter((d) => d.processInstanceKey === processInstanceKey && d.elementId === elementId);
  return {
    record: (delivery) => void deliveries.push(delivery),
    all,
    async waitFor(processInstanceKey, elementId, count = 1, withinMs = 10_000) {
      await waitUntil(
        () => all(processInstanceKey, elementId).length >= count,
        () => `expected ${count} deliveries at ${elementId} of instance ${processInstanceKey}, got ${all(processInstanceKey, elementId).length},`,
        withinMs,
      );
      return all(processInstanceKey, elementId);
    },
    async expectNoMore(processInstanceKey, elementId, count, forMs) {
      await sleep(forMs);
      const arrived = all(processInstanceKey, elementId).length;
      if (arrived > count) throw new Error(`expected ${count} deliveries at ${elementId} of instance ${processInstanceKey}, got ${arrived}`);
    },
  };
}
