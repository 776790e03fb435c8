// A client of GET /api/events for scripts (tests, bench): signs in with a bearer token, reads the stream
// with eventsource-parser and hands over each task event with the moment it arrived (performance.now()),
// so a caller can measure the hand-off of a task through the stream:
//
//   const stream = await openTaskStream({ baseUrl, token });          // resolves once the stream is live
//   const t0 = performance.now(); await complete(task);
//   const { receivedAt } = await stream.next((e) => e.change === 'created' && e.ticketNumber === number);
//   handOffMs = receivedAt - t0; stream.close();
//
// Exported as `@hotline/server/task-stream-client`. A browser uses EventSource instead (the portal).
import { createParser } from 'eventsource-parser';
import { READY_EVENT, RESYNC_EVENT, TASK_EVENT, type TaskEvent } from '@hotline/api-types';

export type { TaskEvent } from '@hotline/api-types';

export interface ReceivedTaskEvent {
  event: TaskEvent;
  /** performance.now() when it arrived. */
  receivedAt: number;
}

export interface TaskStream {
  /** Every task event received so far, in order. */
  readonly received: readonly ReceivedTaskEvent[];
  /** How many times the server said changes may have been missed. */
  readonly resyncs: number;
  /** The first event (already received or still to come) that matches; rejects after `timeoutMs`. */
  next(matches: (event: TaskEvent) => boolean, timeoutMs?: number): Promise<ReceivedTaskEvent>;
  close(): void;
}

export interface TaskStreamOptions {
  /** The server, e.g. http://127.0.0.1:8345 */
  baseUrl: string;
  /** From POST /api/auth/login. */
  token: string;
  /** Called for each task event as it arrives (besides `received`). */
  onEvent?: (received: ReceivedTaskEvent) => void;
}

/** Opens the stream; resolves once it is live (every change committed afterwards arrives). */
export async function openTaskStream(options: TaskStreamOptions): Promise<TaskStream> {
  const abort = new AbortController();
  const response = await fetch(new URL('/api/events', options.baseUrl), {
    headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) {
    abort.abort();
    throw new Error(`GET /api/events answered ${response.status}: ${await response.text().catch(() => '')}`);
  }
  const received: ReceivedTaskEvent[] = [];
  const waiting = new Set<{ matches: (event: TaskEvent) => boolean; resolve: (r: ReceivedTaskEvent) => void }>();
  let resyncs = 0;
  let live: () => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    live = resolve;
    failed = reject;
  });
  const parser = createParser({
    onEvent: (message) => {
      if (message.event === READY_EVENT) return live();
      if (message.event === RESYNC_EVENT) {
        resyncs += 1;
        return;
      }
      if (message.event !== TASK_EVENT) return;
      const got: ReceivedTaskEvent = { event: JSON.parse(message.data) as TaskEvent, receivedAt: performance.now() };
      received.push(got);
      options.onEvent?.(got);
      for (const w of waiting) {
        if (w.matches(got.event)) {
          waiting.delete(w);
          w.resolve(got);
        }
      }
    },
  });
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  })();
  reading.then(
    () => failed(new Error('the event stream ended before it was live')),
    (error: Error) => failed(error),
  );
  await ready;
  return {
    received,
    get resyncs() {
      return resyncs;
    },
    next(matches, timeoutMs = 10_000) {
      const already = received.find((r) => matches(r.event));
      if (already) return Promise.resolve(already);
      return new Promise<ReceivedTaskEvent>((resolve, reject) => {
        const entry = {
          matches,
          resolve: (r: ReceivedTaskEvent) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          waiting.delete(entry);
          reject(new Error(`no matching task event within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        waiting.add(entry);
      });
    },
    close() {
      abort.abort();
      reading.catch(() => undefined);
    },
  };
}
