// How the load generator learns that the next task is visible to the person who works it: the
// hand-off probe. The hand-off time is from the response to the completing click (or to the
// registration) until the probe sees the next task in the next person's inbox.
//
// `poll` (today's only way): look at the person's inbox every BENCH_POLL_MS. Its requests load the
// server like any other (they are counted per lifecycle in the report), and its resolution is the poll
// interval plus one inbox request.
//
// When the server-sent events route `GET /api/events` lands (branch i11-push), add a probe `events`
// beside it and pick it with BENCH_HANDOFF=events: open one stream per user in `create` (fetch with
// `accept: text/event-stream`, read the body's lines), resolve a waiting `task(user, number, form)` when
// the user's stream announces that task (if the event names no task id, one GET of the inbox for it
// after the event), and `closed(number)` likewise on the ticket's closing event (or by one GET after the
// return visit's event); `close()` aborts the streams. Nothing else in the bench changes.
import type { Session } from './session';
import { sleep } from './settings';

export interface HandoffProbe {
  /** Resolves with the task once `user` can see the `form` task of ticket `number`. */
  task(user: string, number: string, form: string): Promise<{ id: string }>;
  /** Resolves once ticket `number` is closed. */
  closed(number: string): Promise<void>;
  /** Requests the probe has sent so far. */
  requests(): number;
  /**
   * A probe that loads the server by looking (polling) looks `times` for a task that does not exist, one
   * look at a time, so the bench can measure what one look costs the server and the database and show
   * the lifecycle's figures without the probe's share. A probe that is told (events) has none.
   */
  calibrate?(times: number): Promise<void>;
  close(): Promise<void>;
}

export interface ProbeOptions {
  sessions: Record<string, Session>;
  city: string;
  /** The user who may read any of the city's tickets (for `closed`). */
  reader: string;
  pollMs: number;
  stepTimeoutMs: number;
}

function pollingProbe({ sessions, city, reader, pollMs, stepTimeoutMs }: ProbeOptions): HandoffProbe {
  let requests = 0;
  const until = async <T>(what: string, look: () => Promise<T | undefined>): Promise<T> => {
    const deadline = performance.now() + stepTimeoutMs;
    for (;;) {
      requests += 1;
      const found = await look();
      if (found !== undefined) return found;
      if (performance.now() > deadline) throw new Error(`no ${what} within ${stepTimeoutMs / 1000} s`);
      await sleep(pollMs);
    }
  };
  const inbox = (user: string, number: string, form: string) => sessions[user]!.get(`/api/cities/${city}/tasks?q=${number}&form=${form}`);
  return {
    task: (user, number, form) => until(`${form} task of ${number} for ${user}`, async () => (await inbox(user, number, form)).items?.[0]),
    closed: (number) =>
      until(`closing of ${number}`, async () => ((await sessions[reader]!.get(`/api/cities/${city}/tickets/${number}`)).status === 'closed' ? true : undefined)).then(() => undefined),
    requests: () => requests,
    calibrate: async (times) => {
      for (let i = 0; i < times; i++) await inbox(reader, '000000000000', 'dispatch');
    },
    close: async () => {},
  };
}

export const PROBES: Record<string, (options: ProbeOptions) => Promise<HandoffProbe>> = {
  poll: async (options) => pollingProbe(options),
};
