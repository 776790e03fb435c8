// The embedded adapter: the WorkflowEngine port on an interpreter of the BPMN subset (process-run.ts),
// in-process, durable in PostgreSQL. No instance is kept in memory between steps: the database is the
// only state, so a restart (a new engine object on the same database) carries on where the last one
// stopped, and two steps on one instance are serialized by its row lock.
import { hostname } from 'node:os';
import type { Knex } from 'knex';

import type { CompletionOutcome, DeployedProcess, EngineHealth, InstanceMigration, JobHandler, JobWorkerOptions, ProcessResource, UserTaskListener, UserTaskListenerOptions, Variables, WorkflowEngine } from '../port';
import { EngineError } from '../port';
import { BackgroundWork } from './background-work';
import { definitionByKey, findDefinition, saveDefinition } from './definition.repository';
import { StoredClock } from './engine-clock';
import { cancelWaits, lockInstance, TABLES, timerPending, updateInstance } from './instance.repository';
import type { TimerRow, UserTaskRow } from './instance.repository';
import { InstanceSteps, mergeEffects, NO_EFFECTS } from './instance-steps';
import type { StepEffects } from './instance-steps';
import { JobDispatcher } from './job-dispatcher';
import { isKey, KeyBlocks } from './keys';
import { correlatedProcesses, correlationTargets, insertMessage, lockCorrelation, markCorrelated } from './message.repository';
import { ModelCache } from './model-cache';
import { compileProcess, ProcessRejected } from './process-model';
import type { ProcessModel } from './process-model';
import { deferCorrelation, stepTransaction } from './step-context';
import type { DeferredPublication } from './step-context';
import { TaskAnnouncer } from './task-announcer';
import { TimerScheduler } from './timer-scheduler';
import { inTransaction } from './transaction';

export interface EmbeddedEngineConfig {
  /** PostgreSQL with the schema of `schema.migration.ts` applied. The engine does not destroy it. */
  knex: Knex;
  /** Lets tests move the clock (clock.pin/advance/reset); refused otherwise. Default false. */
  controlledClock?: boolean;
  /** Real-time wait before a failed job is handed out again. Default 1000 ms. */
  jobRetryBackoffMs?: number;
  /** Job handlers running at once. Default 8. */
  maxActiveJobs?: number;
  /**
   * This engine's name on the jobs it leases (job-dispatcher.ts): one per server replica on the
   * database, the same across that replica's restarts. Default: the host name.
   */
  replicaName?: string;
  /** How long a job handed to this engine is no other engine's (real time). Default 60000 ms. */
  jobLeaseMs?: number;
  /** Wait before a user task whose listener threw is announced again. Default 5000 ms. */
  announcementRetryMs?: number;
  /** How often the engine looks for work a failed background step left behind. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Failures of background work (a throwing listener, a database error after a job). Default: stderr. */
  onError?: (error: unknown) => void;
}

export interface EngineIncident {
  processInstanceKey: string;
  bpmnProcessId: string;
  /** Set when a job ran out of retries or threw an uncaught BPMN error. */
  jobKey?: string;
  elementId?: string;
  message: string;
}

export interface EmbeddedWorkflowEngine extends WorkflowEngine {
  readonly kind: 'embedded';
  completeUserTaskIn: NonNullable<WorkflowEngine['completeUserTaskIn']>;
  migrateInstanceIn: NonNullable<WorkflowEngine['migrateInstanceIn']>;
  /** Resolves when no job, announcement or timer is being worked on (tests wait on it). */
  idle(): Promise<void>;
  /** Instances stopped by an incident, and jobs out of retries or with an uncaught BPMN error. */
  incidents(): Promise<EngineIncident[]>;
}

export function createEmbeddedEngine(config: EmbeddedEngineConfig): EmbeddedWorkflowEngine {
  return new EmbeddedEngine({
    knex: config.knex,
    controlledClock: config.controlledClock ?? false,
    jobRetryBackoffMs: config.jobRetryBackoffMs ?? 1000,
    maxActiveJobs: config.maxActiveJobs ?? 8,
    replicaName: config.replicaName ?? hostname(),
    jobLeaseMs: config.jobLeaseMs ?? 60_000,
    announcementRetryMs: config.announcementRetryMs ?? 5000,
    pollIntervalMs: config.pollIntervalMs ?? 5000,
    onError: config.onError ?? ((error: unknown) => console.error('[embedded engine]', error)),
  });
}

class EmbeddedEngine implements EmbeddedWorkflowEngine {
  readonly kind = 'embedded';
  readonly clock: StoredClock;
  private lifecycle: 'created' | 'started' | 'stopped' = 'created';
  private readonly knex: Knex;
  private readonly work: BackgroundWork;
  private readonly models: ModelCache;
  private readonly steps: InstanceSteps;
  private readonly jobs: JobDispatcher;
  private readonly announcer: TaskAnnouncer;
  private readonly timers: TimerScheduler;
  private poll?: NodeJS.Timeout;
  private starting?: Promise<void>;

  constructor(private readonly config: Required<EmbeddedEngineConfig>) {
    this.knex = config.knex;
    this.work = new BackgroundWork(config.onError);
    // Moving the clock fires what fell due and re-arms the wake-up, once the engine runs (start() fires
    // the rest).
    this.clock = new StoredClock(this.knex, config.controlledClock, async () => {
      if (this.lifecycle === 'started') await this.timers.fireDue();
    });
    this.models = new ModelCache(this.knex);
    this.announcer = new TaskAnnouncer(this.knex, this.work, config.announcementRetryMs, config.onError);
    this.steps = new InstanceSteps(
      this.models,
      this.clock,
      new KeyBlocks(),
      (type) => this.jobs.inStepHandler(type),
      (trx, keys, publications) => this.announcer.announceInStep(trx, keys, publications),
    );
    const afterCommit = (effects: StepEffects): void => this.afterCommit(effects);
    this.jobs = new JobDispatcher(this.knex, this.steps, this.work, { maxActiveJobs: config.maxActiveJobs, retryBackoffMs: config.jobRetryBackoffMs, owner: config.replicaName, leaseMs: config.jobLeaseMs }, afterCommit);
    this.timers = new TimerScheduler(this.knex, this.clock, this.work, (timer) => this.fireTimer(timer));
  }

  registerJobWorker(type: string, handler: JobHandler, options?: JobWorkerOptions): void {
    if (this.jobs.has(type)) throw new EngineError('INVALID_ARGUMENT', `a handler for job type '${type}' is already registered`);
    this.jobs.register(type, handler, options);
    if (this.lifecycle === 'started') this.jobs.dispatch();
  }

  onUserTaskCreated(listener: UserTaskListener, options?: UserTaskListenerOptions): void {
    this.announcer.add(listener, options);
  }

  start(): Promise<void> {
    this.starting ??= this.startOnce().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    await this.ready();
    // Timers that fell due while no engine ran fire first; then every open task is announced again
    // (in the background: a large city has a hundred thousand open, and the server serves meanwhile)
    // and every activatable job handed out (which covers what those firings opened).
    await this.timers.fireDue();
    if (this.lifecycle === 'stopped') return;
    this.lifecycle = 'started';
    this.work.run(() => this.announcer.announce());
    this.jobs.dispatch();
    this.poll = setInterval(() => this.catchUp(), this.config.pollIntervalMs);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    if (this.lifecycle === 'stopped') return;
    this.lifecycle = 'stopped';
    clearInterval(this.poll);
    this.timers.stop();
    await this.work.stop();
  }

  async health(): Promise<EngineHealth> {
    if (this.lifecycle !== 'started') return { status: 'down', detail: `the embedded engine is ${this.lifecycle}` };
    try {
      await this.knex.raw('SELECT 1');
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: `PostgreSQL: ${messageOf(error)}` };
    }
  }

  idle(): Promise<void> {
    return this.work.idle();
  }

  async deploy(resources: ProcessResource[]): Promise<DeployedProcess[]> {
    await this.ready();
    if (!resources.length) throw new EngineError('INVALID_ARGUMENT', 'nothing to deploy');
    const compiled: { resource: ProcessResource; model: ProcessModel }[] = [];
    const problems: string[] = [];
    for (const resource of resources) {
      try {
        compiled.push({ resource, model: await compileProcess(resource) });
      } catch (error) {
        if (!(error instanceof ProcessRejected)) throw error;
        problems.push(...error.problems);
      }
    }
    const owners = new Map<string, string>();
    for (const { resource, model } of compiled) {
      const other = owners.get(model.bpmnProcessId);
      if (other) problems.push(`${resource.name}: process '${model.bpmnProcessId}' is also defined in ${other}`);
      owners.set(model.bpmnProcessId, resource.name);
    }
    if (problems.length) throw new EngineError('DEPLOY_REJECTED', problems.join('\n'));

    const saved = await inTransaction(this.knex, async (trx) => {
      const rows = [];
      for (const { resource, model } of compiled) {
        rows.push({ model, row: await saveDefinition(trx, { bpmnProcessId: model.bpmnProcessId, resourceName: resource.name, xml: resource.xml }) });
      }
      return rows;
    });
    return saved.map(({ model, row }) => {
      this.models.remember(row.key, model);
      return { bpmnProcessId: row.bpmn_process_id, version: row.version, key: row.key, resourceName: row.resource_name };
    });
  }

  async createInstance(bpmnProcessId: string, variables: Variables, options?: { version?: number }): Promise<{ processInstanceKey: string; version: number }> {
    await this.ready();
    requireVariables(variables);
    const definition = await findDefinition(this.knex, bpmnProcessId, options?.version);
    if (!definition) {
      throw new EngineError('NOT_FOUND', `process '${bpmnProcessId}'${options?.version === undefined ? '' : ` version ${options.version}`} is not deployed`);
    }
    const { processInstanceKey, effects } = await inTransaction(this.knex, (trx) => this.steps.create(trx, definition, variables));
    this.afterCommit(effects);
    return { processInstanceKey, version: definition.version };
  }

  async cancelInstance(processInstanceKey: string): Promise<void> {
    await this.ready();
    const notRunning = new EngineError('NOT_FOUND', `process instance ${processInstanceKey} is not running`);
    if (!isKey(processInstanceKey)) throw notRunning;
    await inTransaction(this.knex, async (trx) => {
      const instance = await lockInstance(trx, processInstanceKey);
      if (!instance || (instance.status !== 'active' && instance.status !== 'incident')) throw notRunning;
      await cancelWaits(trx, instance.key);
      await updateInstance(trx, instance.key, { status: 'canceled', state: null, variables: instance.variables, incident: instance.incident });
    });
    this.afterCommit({ ...NO_EFFECTS, timersChanged: true });
  }

  async migrateInstance(processInstanceKey: string, migration: InstanceMigration): Promise<void> {
    await this.ready();
    const effects = await inTransaction(this.knex, (trx) => this.migrate(trx, processInstanceKey, migration));
    this.afterCommit(effects);
  }

  async migrateInstanceIn(trx: Knex.Transaction, processInstanceKey: string, migration: InstanceMigration): Promise<void> {
    await this.ready();
    this.afterCommitOf(trx, await this.migrate(trx, processInstanceKey, migration));
  }

  private async migrate(trx: Knex.Transaction, processInstanceKey: string, migration: InstanceMigration): Promise<StepEffects> {
    if (!isKey(processInstanceKey)) throw new EngineError('NOT_FOUND', `process instance ${processInstanceKey} is not running`);
    if (migration.variables) requireVariables(migration.variables);
    const target = isKey(migration.processDefinitionKey) ? await definitionByKey(trx, migration.processDefinitionKey) : undefined;
    if (!target) throw new EngineError('NOT_FOUND', `process definition ${migration.processDefinitionKey} is not deployed`);
    return this.steps.migrate(trx, processInstanceKey, target, migration);
  }

  async completeUserTask(key: string, variables: Variables): Promise<CompletionOutcome> {
    await this.ready();
    requireVariables(variables);
    let stoppedBy: EngineError | undefined;
    const { outcome, effects } = await inTransaction(this.knex, async (trx) => {
      try {
        return await this.complete(trx, key, async () => variables);
      } catch (error) {
        if (!(error instanceof InstanceStopped)) throw error;
        // thrown after the commit, which keeps the incident the step may just have recorded
        stoppedBy = error.refusal;
        return { outcome: 'already-completed' as const, effects: NO_EFFECTS };
      }
    });
    if (stoppedBy) throw stoppedBy;
    this.afterCommit(effects);
    return outcome;
  }

  async completeUserTaskIn(trx: Knex.Transaction, key: string, record: () => Promise<Variables | null>): Promise<CompletionOutcome> {
    await this.ready();
    let completed;
    try {
      completed = await this.complete(trx, key, record);
    } catch (error) {
      if (!(error instanceof InstanceStopped)) throw error;
      // The caller's transaction rolls back on the refusal, taking an incident this step recorded with
      // it: recorded again once it has.
      if (error.recordedNow) {
        const { instanceKey, incident } = error;
        trx.executionPromise.then(
          () => undefined,
          () => this.work.run(() => this.recordIncident(instanceKey, incident)),
        );
      }
      throw error.refusal;
    }
    this.afterCommitOf(trx, completed.effects);
    return completed.outcome;
  }

  /** What a step in the caller's transaction opened is handed out once that transaction commits. */
  private afterCommitOf(trx: Knex.Transaction, effects: StepEffects): void {
    trx.executionPromise.then(
      () => this.afterCommit(effects),
      () => undefined,
    );
  }

  /** An incident a rolled-back step found (its state cannot be resumed), on the instance if it still runs. */
  private async recordIncident(instanceKey: string, incident: string): Promise<void> {
    await inTransaction(this.knex, async (trx) => {
      const instance = await lockInstance(trx, instanceKey);
      if (instance?.status === 'active') await updateInstance(trx, instance.key, { status: 'incident', state: instance.state, variables: instance.variables, incident });
    });
  }

  /** A user task's completion inside `trx`: under the instance's lock, `record` gives the variables, then the step runs. */
  private async complete(trx: Knex.Transaction, key: string, record: () => Promise<Variables | null>): Promise<{ outcome: CompletionOutcome; effects: StepEffects }> {
    const alreadyCompleted = { outcome: 'already-completed' as const, effects: NO_EFFECTS };
    if (!isKey(key)) return alreadyCompleted;
    const task: UserTaskRow | undefined = await trx(TABLES.userTask).where({ key, status: 'open' }).first();
    if (!task) return alreadyCompleted;
    // Under the instance lock the run says whether the task still waits: a concurrent completion may
    // have committed meanwhile.
    const locked = await lockInstance(trx, task.instance_key);
    if (locked?.status === 'incident') throw new InstanceStopped(locked.key, key, locked.incident ?? '', false);
    if (!locked || locked.status !== 'active' || !(await trx(TABLES.userTask).where({ key, status: 'open' }).first('key'))) return alreadyCompleted;
    const variables = await record();
    if (variables === null) return alreadyCompleted;
    requireVariables(variables);
    const step = await this.steps.step(
      trx,
      task.instance_key,
      async (run) => {
        if (!run.completeTask(task.execution_id, task.local_variables, variables)) return false;
        await trx(TABLES.userTask).where({ key }).update({ status: 'completed', closed_at: trx.fn.now() });
        return true;
      },
      locked,
    );
    if (step.kind === 'inactive') {
      if (step.instance?.status === 'incident') throw new InstanceStopped(step.instance.key, key, step.instance.incident ?? '', true);
      return alreadyCompleted;
    }
    return { outcome: step.result ? 'completed' : 'already-completed', effects: step.effects };
  }

  async publishMessage(name: string, correlationKey: string, variables: Variables = {}, options: { messageId?: string; timeToLiveMs?: number } = {}): Promise<void> {
    await this.ready();
    if (!name || !correlationKey) throw new EngineError('INVALID_ARGUMENT', 'a message needs a name and a correlation key');
    requireVariables(variables);
    const timeToLiveMs = options.timeToLiveMs ?? 0;
    if (!Number.isFinite(timeToLiveMs) || timeToLiveMs < 0) throw new EngineError('INVALID_ARGUMENT', `timeToLiveMs must be ≥ 0, got ${timeToLiveMs}`);
    const now = this.clock.nowMs();
    const message = { name, correlationKey, variables, messageId: options.messageId, expiresAt: new Date(now + timeToLiveMs) };
    const inStep = stepTransaction();
    if (inStep) {
      // a handler inside a step: buffered in the step (see step-context.ts), correlated after its commit
      await lockCorrelation(inStep, name, correlationKey);
      const messageKey = await insertMessage(inStep, message, new Date(now));
      if (messageKey) deferCorrelation({ messageKey, name, correlationKey, variables });
      return;
    }
    const effects = await inTransaction(this.knex, async (trx) => {
      await lockCorrelation(trx, name, correlationKey);
      const messageKey = await insertMessage(trx, message, new Date(now));
      if (!messageKey) return NO_EFFECTS; // same messageId still buffered: a duplicate, as on Zeebe
      return this.correlate(trx, { messageKey, name, correlationKey, variables }, []);
    });
    this.afterCommit(effects);
  }

  /** A message buffered by a step, to the subscriptions that were open before it. */
  private async correlateBuffered(publication: DeferredPublication): Promise<void> {
    const effects = await inTransaction(this.knex, async (trx) => {
      await lockCorrelation(trx, publication.name, publication.correlationKey);
      const taken = await correlatedProcesses(trx, publication.messageKey, new Date(this.clock.nowMs()));
      return taken ? this.correlate(trx, publication, taken) : NO_EFFECTS;
    });
    this.afterCommit(effects);
  }

  /** Delivers a stored message to the oldest open subscription of each process not in `taken` (under the correlation lock). */
  private async correlate(trx: Knex.Transaction, { messageKey, name, correlationKey, variables }: DeferredPublication, taken: string[]): Promise<StepEffects> {
    let effects = NO_EFFECTS;
    // Instances are locked in key order, so two publications never wait on each other in a circle.
    const targets = (await correlationTargets(trx, name, correlationKey)).filter((t) => !taken.includes(t.bpmn_process_id)).sort((a, b) => compareKeys(a.instance_key, b.instance_key));
    for (const target of targets) {
      // Marked before the step: the instance may open a new subscription to this same message in it.
      await markCorrelated(trx, messageKey, target.bpmn_process_id, true);
      const step = await this.steps.step(trx, target.instance_key, (run) => run.deliverMessage(target.execution_id, variables));
      if (step.kind === 'stepped') effects = mergeEffects(effects, step.effects);
      if (step.kind !== 'stepped' || !step.result) await markCorrelated(trx, messageKey, target.bpmn_process_id, false);
    }
    return effects;
  }

  async incidents(): Promise<EngineIncident[]> {
    const instances: { key: string; bpmn_process_id: string; incident: string }[] = await this.knex(TABLES.instance)
      .where({ status: 'incident' })
      .orderBy('key')
      .select('key', 'bpmn_process_id', 'incident');
    const jobs: { key: string; instance_key: string; bpmn_process_id: string; element_id: string; error_message: string }[] = await this.knex(`${TABLES.job} as j`)
      .join(`${TABLES.instance} as i`, 'i.key', 'j.instance_key')
      .where({ 'j.status': 'incident' })
      .orderBy('j.key')
      .select('j.key', 'j.instance_key', 'i.bpmn_process_id', 'j.element_id', 'j.error_message');
    return [
      ...instances.map((i) => ({ processInstanceKey: i.key, bpmnProcessId: i.bpmn_process_id, message: i.incident })),
      ...jobs.map((j) => ({ processInstanceKey: j.instance_key, bpmnProcessId: j.bpmn_process_id, jobKey: j.key, elementId: j.element_id, message: j.error_message })),
    ];
  }

  private async fireTimer(timer: TimerRow): Promise<void> {
    const effects = await inTransaction(this.knex, async (trx) => {
      // Under the instance lock the timer must still be there: another engine on the database (a
      // replica) may have fired it meanwhile, deleting it in the same transaction.
      const locked = await lockInstance(trx, timer.instance_key);
      if (!(await timerPending(trx, timer.key))) return NO_EFFECTS;
      const step = await this.steps.step(trx, timer.instance_key, (run) => run.fireTimer(timer.execution_id), locked);
      return step.kind === 'stepped' ? step.effects : NO_EFFECTS;
    });
    this.afterCommit(effects);
  }

  /** After a commit: announce new tasks, hand out new jobs, sleep until the next timer. */
  private afterCommit(effects: StepEffects): void {
    for (const publication of effects.publications) this.work.run(() => this.correlateBuffered(publication));
    if (this.lifecycle !== 'started') return;
    if (effects.userTasks.length) this.work.run(() => this.announcer.announce(effects.userTasks));
    if (effects.announcedInStep.length) this.work.run(() => this.announcer.announce(effects.announcedInStep, true));
    if (effects.jobsCreated) this.jobs.dispatch();
    if (effects.timersChanged) this.work.run(() => this.timers.arm());
  }

  /** Picks up what a failed background step left (a job whose completion did not commit, a timer). */
  private catchUp(): void {
    this.jobs.dispatch();
    this.work.run(() => this.timers.fireDue());
  }

  /** Every operation needs the tables and the clock's state; none works after stop(). */
  private async ready(): Promise<void> {
    if (this.lifecycle === 'stopped') throw new EngineError('UNAVAILABLE', 'the embedded engine was stopped');
    try {
      await this.clock.load();
    } catch (error) {
      throw new EngineError('UNAVAILABLE', `the embedded engine cannot read its tables (is the engine-adapters migration applied?): ${messageOf(error)}`, { cause: error });
    }
  }
}

/** An incident stops the instance of the task being completed: the completion is refused. */
class InstanceStopped extends Error {
  readonly refusal: EngineError;

  constructor(
    readonly instanceKey: string,
    taskKey: string,
    readonly incident: string,
    /** The incident was recorded by this step (its state could not be resumed), not found on the instance. */
    readonly recordedNow: boolean,
  ) {
    super(`process instance ${instanceKey} of task ${taskKey} is stopped by an incident: ${incident}`);
    this.refusal = new EngineError('INVALID_ARGUMENT', this.message);
  }
}

function requireVariables(variables: unknown): asserts variables is Variables {
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw new EngineError('INVALID_ARGUMENT', `variables must be a JSON object, got ${JSON.stringify(variables)}`);
  }
}

function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
