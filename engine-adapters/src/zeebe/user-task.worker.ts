// Job-worker user tasks: each active user task is a job of type `io.camunda.zeebe:userTask`. The worker
// leases it for a long time and announces it to the listeners; it is completed later, by key, when a
// person submits the form. A lease that lapses hands the task out again and the listeners hear of it
// again (same key), which also re-announces tasks a crashed process had announced only half-way.
import type { UserTaskListener } from '../port';
import { grpcDetails } from './grpc-error';
import type { ZeebeEngineConfig } from './zeebe.config';
import { USER_TASK_JOB_TYPE, toUserTaskCreated } from './zeebe-job.mapping';
import type { ZeebeClient } from './zeebe-sdk';
import type { JobFeeds } from './job-feed';

export function startUserTaskWorker(client: ZeebeClient, feeds: JobFeeds, listeners: readonly UserTaskListener[], config: ZeebeEngineConfig): void {
  feeds.start({
    type: USER_TASK_JOB_TYPE,
    timeoutMs: config.userTaskLeaseMs,
    // The job stays active until completeUserTask; handling it only announces it.
    handle: async (job) => {
      const task = toUserTaskCreated(job);
      try {
        for (const listener of listeners) await listener(task);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        // Shorten the lease rather than failing the job: the task stays completable meanwhile.
        await client
          .updateJobTimeout({ jobKey: job.key, timeout: config.userTaskRetryMs })
          .then(() => config.log(`user task ${job.key}: a listener failed (${reason}); announcing it again in ${config.userTaskRetryMs} ms`))
          .catch((lost) => config.log(`user task ${job.key}: a listener failed (${reason}) and its lease could not be shortened: ${grpcDetails(lost)}`));
      }
    },
  });
}
