// Service jobs, at least once like Zeebe: a job is handed to its handler, and only a completion that
// commits removes it. A handler that throws loses one retry; with none left the job becomes an
// incident (status kept, with the error). A crash between handler and commit hands the job out again
// after the restart, with the same key: handlers key their side effects on it.
//
// Several engines on one database (server replicas): a job is claimed (FOR UPDATE SKIP LOCKED) and
// leased to one engine, named by `owner`, for `leaseMs`; no other engine hands it out before the lease
// ends, so a job runs once unless its handler outlives the lease (or its engine dies: the others take
// it when the lease ends; the same engine restarted under its name takes it at once).
import type { Knex } from 'knex';

import type { JobHandler, JobResult, JobWorkerOptions, ServiceJob, Variables } from '../port';
import type { BackgroundWork } from './background-work';
import { claimJobs, failJob, lockInstance, raiseJobIncident, releaseLeases, TABLES } from './instance.repository';
import type { InstanceView, JobRow } from './instance.repository';
import type { InstanceSteps, StepEffects } from './instance-steps';
import { inTransaction } from './transaction';

export interface JobDispatcherOptions {
  maxActiveJobs: number;
  retryBackoffMs: number;
  /** This engine's name on the jobs it leases: one per server replica, the same across its restarts. */
  owner: string;
  /** How long a claimed job is this engine's alone (real time). */
  leaseMs: number;
}

type BpmnErrorResult = { bpmnError: { code: string; message: string; variables?: Variables } };

export class JobDispatcher {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly inStep = new Set<string>();
  private readonly active = new Set<string>();
  private dispatching = false;
  private dispatchAgain = false;
  /** Leases left by this owner's previous life are ended before its first claim. */
  private leasesReleased = false;

  constructor(
    private readonly knex: Knex,
    private readonly steps: InstanceSteps,
    private readonly work: BackgroundWork,
    private readonly options: JobDispatcherOptions,
    private readonly afterCommit: (effects: StepEffects) => void,
  ) {}

  register(type: string, handler: JobHandler, options: JobWorkerOptions = {}): void {
    this.handlers.set(type, handler);
    if (options.inStep) this.inStep.add(type);
  }

  /** The handler a step may run itself (JobWorkerOptions.inStep). */
  inStepHandler(type: string): JobHandler | undefined {
    return this.inStep.has(type) ? this.handlers.get(type) : undefined;
  }

  has(type: string): boolean {
    return this.handlers.has(type);
  }

  /**
   * Hands out what is activatable, up to maxActiveJobs at once. One query at a time: a query that
   * overlapped a handler's end could return the job as it was before that attempt failed.
   */
  dispatch(): void {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    this.work.run(async () => {
      try {
        do {
          this.dispatchAgain = false;
          await this.handOut();
        } while (this.dispatchAgain);
      } finally {
        this.dispatching = false;
      }
    });
  }

  private async handOut(): Promise<void> {
    const room = this.options.maxActiveJobs - this.active.size;
    if (room <= 0 || !this.handlers.size) return;
    if (!this.leasesReleased) {
      await releaseLeases(this.knex, this.options.owner);
      this.leasesReleased = true;
    }
    const { owner, leaseMs } = this.options;
    for (const job of await claimJobs(this.knex, owner, [...this.handlers.keys()], [...this.active], room, leaseMs)) {
      this.active.add(job.key);
      this.work.run(() =>
        this.run(job).finally(() => {
          this.active.delete(job.key);
          this.dispatch();
        }),
      );
    }
  }

  private async run(job: JobRow & InstanceView): Promise<void> {
    const handler = this.handlers.get(job.type) as JobHandler;
    let result: JobResult;
    try {
      result = await handler(toServiceJob(job));
      if (result !== undefined && !isVariables(result)) throw new Error(`the handler returned ${JSON.stringify(result)}, not variables`);
    } catch (error) {
      await failJob(this.knex, job.key, error instanceof Error ? error.message : String(error), this.options.retryBackoffMs);
      if (job.retries > 1) this.work.later(this.options.retryBackoffMs, async () => this.dispatch());
      return;
    }
    if (isBpmnError(result)) {
      // The subset has no error events to catch it: Zeebe raises an incident for an uncaught error.
      const { code, message } = result.bpmnError;
      await raiseJobIncident(this.knex, job.key, `BPMN error '${code}' (${message}) thrown by job ${job.key} was not caught`);
      return;
    }
    try {
      await this.complete(job, result ?? {});
    } catch (error) {
      // the completion did not commit: the job is anyone's again at once (the poll picks it up)
      await releaseLeases(this.knex, this.options.owner, job.key).catch(() => undefined);
      throw error;
    }
  }

  private async complete(job: JobRow, variables: Variables): Promise<void> {
    const effects = await inTransaction(this.knex, async (trx) => {
      // Under the instance lock the job must still be there: a boundary event or a cancellation may
      // have removed it while the handler ran, and then the result is dropped, as Zeebe's NOT_FOUND.
      const locked = await lockInstance(trx, job.instance_key);
      if (!(await trx(TABLES.job).where({ key: job.key, status: 'activatable' }).first('key'))) return undefined;
      const outcome = await this.steps.step(trx, job.instance_key, (run) => run.completeTask(job.execution_id, job.local_variables, variables), locked);
      return outcome.kind === 'stepped' ? outcome.effects : undefined;
    });
    if (effects) this.afterCommit(effects);
  }
}

function toServiceJob(job: JobRow & InstanceView): ServiceJob {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.instance_key,
    bpmnProcessId: job.bpmn_process_id,
    elementId: job.element_id,
    elementInstanceKey: job.element_instance_key,
    customHeaders: job.custom_headers,
    variables: { ...job.variables, ...job.local_variables },
    retries: job.retries,
  };
}

export function isBpmnError(result: JobResult): result is BpmnErrorResult {
  return isVariables(result) && 'bpmnError' in result;
}

export function isVariables(result: unknown): result is Variables {
  return typeof result === 'object' && result !== null && !Array.isArray(result);
}
