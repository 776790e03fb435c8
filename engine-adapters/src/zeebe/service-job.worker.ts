// One job worker per service-task type: the handler's result completes the job, `{ bpmnError }` throws
// a BPMN error, an exception fails the job (one retry fewer) so Zeebe hands it out again.
import type { JobHandler, JobResult } from '../port';
import { GrpcStatus, grpcDetails, grpcStatus } from './grpc-error';
import { holdJobLease } from './job-lease';
import type { ZeebeEngineConfig } from './zeebe.config';
import { type ActivatedJob, toServiceJob } from './zeebe-job.mapping';
import type { ZeebeVariables, ZeebeClient } from './zeebe-sdk';
import type { JobFeeds } from './job-feed';

type BpmnErrorResult = Extract<JobResult, { bpmnError: unknown }>;

export function startServiceJobWorker(
  client: ZeebeClient,
  feeds: JobFeeds,
  type: string,
  handler: JobHandler,
  config: ZeebeEngineConfig,
): void {
  feeds.start({
    type,
    timeoutMs: config.jobTimeoutMs,
    handle: async (job) => {
      const lease = holdJobLease(client, job.key, config.jobTimeoutMs);
      try {
        const outcome = await runHandler(handler, job);
        await reportedAgainOnTimeout(() => settle(client, job, outcome, config));
      } catch (error) {
        // Only reporting the outcome can fail here: NOT_FOUND means another delivery or a cancellation won.
        if (grpcStatus(error) !== GrpcStatus.NOT_FOUND) config.log(`job ${job.key} (${type}): could not report its outcome: ${grpcDetails(error)}`);
      } finally {
        lease.release();
      }
    },
  });
}

type Outcome = { result: JobResult } | { failure: string };

async function runHandler(handler: JobHandler, job: ActivatedJob): Promise<Outcome> {
  try {
    return { result: await handler(toServiceJob(job)) };
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

async function settle(client: ZeebeClient, job: ActivatedJob, outcome: Outcome, config: ZeebeEngineConfig): Promise<void> {
  if ('failure' in outcome) {
    await client.failJob({ jobKey: job.key, retries: job.retries - 1, errorMessage: outcome.failure, retryBackOff: config.jobRetryBackoffMs });
  } else if (isBpmnError(outcome.result)) {
    const { code, message, variables } = outcome.result.bpmnError;
    await client.throwError({ jobKey: job.key, errorCode: code, errorMessage: message, ...(variables ? { variables: variables as ZeebeVariables } : {}) });
  } else {
    await client.completeJob({ jobKey: job.key, variables: (outcome.result ?? {}) as ZeebeVariables });
  }
}

const REPORT_ATTEMPTS = 3;

/**
 * The gateway times a command out when the broker's clock moves under it (or the broker stalls): the
 * outcome may or may not have been taken, and reporting it again is safe (a job already settled answers
 * NOT_FOUND). Without this, the job waits out its whole lease before it is handed out again.
 */
async function reportedAgainOnTimeout(report: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await report();
    } catch (error) {
      if (grpcStatus(error) !== GrpcStatus.DEADLINE_EXCEEDED || attempt === REPORT_ATTEMPTS) throw error;
    }
  }
}

export function isBpmnError(result: JobResult): result is BpmnErrorResult {
  return typeof result === 'object' && result !== null && 'bpmnError' in result && typeof result.bpmnError === 'object';
}
