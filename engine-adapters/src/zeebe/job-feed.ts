// Where a worker's jobs come from: pushed by a job stream the moment the broker creates them (job-stream.ts),
// and activated by the SDK's long-polling worker beside it for what no stream got: jobs that existed
// before the stream opened or were created while it was down, jobs handed out again after a lapsed lease
// or a failure, and everything when streaming is switched off. A job is activated for one of the two
// only, with the same lease, so a handler sees it once per activation (at least once, as before).
import type { Variables } from '../port';
import type { JobStreams } from './job-stream';
import type { ZeebeEngineConfig } from './zeebe.config';
import type { ActivatedJob } from './zeebe-job.mapping';
import type { ZeebeClient } from './zeebe-sdk';

export interface JobFeedRequest {
  type: string;
  /** The lease a job is activated with. */
  timeoutMs: number;
  /** Works on one activated job; must not throw (it reports its own failures). */
  handle: (job: ActivatedJob) => Promise<void>;
}

export interface JobFeeds {
  start(request: JobFeedRequest): void;
  /** Stops pushing and waits for the handlers at work (the poll workers drain with the client's close). */
  stop(): Promise<void>;
}

export function createJobFeeds(client: ZeebeClient, streams: JobStreams | null, config: ZeebeEngineConfig): JobFeeds {
  const running = new Set<Promise<void>>();
  return {
    start({ type, timeoutMs, handle }) {
      if (streams) streams.open({ type, worker: config.workerName, timeoutMs }, limited(config.maxJobsPerWorker, handle, running));
      client.createWorker<Variables>({
        taskType: type,
        id: config.workerName,
        timeout: timeoutMs,
        maxJobsToActivate: config.maxJobsPerWorker,
        pollInterval: config.workerPollIntervalMs,
        taskHandler: async (job) => {
          await handle(job);
          // The outcome went straight to the gateway (or the job stays leased); this only frees the slot.
          return job.forward();
        },
      });
    },
    async stop() {
      streams?.close();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** Pushed jobs arrive unasked: at most `max` handlers of a type run at once, the others wait their turn. */
function limited(max: number, handle: (job: ActivatedJob) => Promise<void>, running: Set<Promise<void>>): (job: ActivatedJob) => void {
  const waiting: ActivatedJob[] = [];
  let active = 0;
  const next = (): void => {
    while (active < max && waiting.length > 0) {
      const job = waiting.shift() as ActivatedJob;
      active += 1;
      const run = handle(job).finally(() => {
        active -= 1;
        running.delete(run);
        next();
      });
      running.add(run);
    }
  };
  return (job) => {
    waiting.push(job);
    next();
  };
}
