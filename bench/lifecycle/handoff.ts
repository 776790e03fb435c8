// How the load generator learns that the next task is visible to the person who works it: the
// hand-off probe. The hand-off time is from the response to the completing click (or to the
// registration) until the probe sees the next task in the next person's inbox.
//
// `poll`: look at the person's inbox every BENCH_POLL_MS. Its requests load the
// server like any other (they are counted per lifecycle in the report), and its resolution is the poll
// interval plus one inbox request.
//
// `events`: the live stream (GET /api/events, server-sent events), one per user, opened before the
// load; the next task is seen when the user's stream announces it (`created`, with its id). No event
// tells that a ticket closed: the ticket is looked at once after the return visit, seldom more. The
// stream has no `calibrate` (its cost comes with the lifecycle's own events), so the report shows no
// "less the probe's looks" rows. A stream ends after 5 minutes on the server's side: a run longer than
// that needs the client to reopen it.
import { openTaskStream } from '@hotline/server/task-stream-client';
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
  /** The server, e.g. http://127.0.0.1:8345 */
  base: string;
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

async function streamProbe(options: ProbeOptions): Promise<HandoffProbe> {
  const streams = Object.fromEntries(
    await Promise.all(Object.entries(options.sessions).map(async ([user, session]) => [user, await openTaskStream({ baseUrl: options.base, token: session.token })] as const)),
  );
  const polling = pollingProbe(options);
  return {
    task: async (user, number, form) => {
      const announced = await streams[user]!.next((e) => e.change === 'created' && e.ticketNumber === number && e.form === form, options.stepTimeoutMs);
      return { id: announced.event.taskId };
    },
    closed: polling.closed,
    requests: polling.requests,
    close: async () => Object.values(streams).forEach((stream) => stream.close()),
  };
}

export const PROBES: Record<string, (options: ProbeOptions) => Promise<HandoffProbe>> = {
  poll: async (options) => pollingProbe(options),
  events: streamProbe,
};
