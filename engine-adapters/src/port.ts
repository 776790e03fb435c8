// The WorkflowEngine port: what the platform needs from a BPMN engine, and nothing more.
// Two adapters implement it: `zeebe` (a real broker over gRPC, for scale-out) and `embedded`
// (an in-process engine with its state in PostgreSQL, for a small city or a laptop). The same
// .bpmn files run on both; the conformance suite in test/ proves they behave the same.
//
// Delivery is at least once on both adapters: a job handler or a user-task listener may see the
// same job or task again (after a timeout, a crash, a restart). Handlers key every side effect on
// `job.key` / `task.key` so that a repeat does nothing twice.

import type { Knex } from 'knex';

export type Variables = Record<string, unknown>;

export interface ProcessResource {
  /** File name, e.g. `ticket.bpmn`; shown in errors. */
  name: string;
  xml: string;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  /** Engine key of this process definition version. */
  key: string;
  resourceName: string;
}

/** A service-task job (`zeebe:taskDefinition type="…"`). */
export interface ServiceJob {
  /** Unique per job; the idempotency key for the handler's side effects. */
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  /** `zeebe:taskHeaders`. */
  customHeaders: Record<string, string>;
  variables: Variables;
  retries: number;
}

/** What a job handler returns: variables to merge into the process scope, or a BPMN error to throw. */
export type JobResult = Variables | void | { bpmnError: { code: string; message: string; variables?: Variables } };
export type JobHandler = (job: ServiceJob) => Promise<JobResult>;

export interface JobWorkerOptions {
  /**
   * The handler is quick, and writes to the platform's database only through `stepTransaction()` when it
   * gives one: the embedded engine then runs it inside the step that opens its job, so that a user
   * task's completion runs on to the next wait in one transaction (its writes commit with the step,
   * its published messages go out after it). A handler that throws or answers a BPMN error there is
   * handed out as an ordinary job instead. Zeebe runs every job as a job.
   */
  inStep?: boolean;
}

/** A user task the engine is waiting on (`bpmn:userTask`). */
export interface UserTaskCreated {
  /** Stable across re-deliveries; pass it to completeUserTask. */
  key: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processVersion: number;
  elementId: string;
  elementInstanceKey: string;
  /** `zeebe:formDefinition formKey`. */
  formKey?: string;
  /** `zeebe:assignmentDefinition candidateGroups`: the roles that may act. */
  candidateGroups: string[];
  customHeaders: Record<string, string>;
  variables: Variables;
}
export type UserTaskListener = (task: UserTaskCreated) => Promise<void>;

export interface UserTaskListenerOptions {
  /**
   * The listener is quick and writes to the platform's database only through `stepTransaction()` when it
   * gives one: the embedded engine then tells it of a task inside the step that opens the task, so the
   * task is stored in the transaction that completes the one before it. A listener that throws there hears
   * of the task again after the commit (its writes rolled back). Zeebe announces every task after its step.
   */
  inStep?: boolean;
}

export type CompletionOutcome = 'completed' | 'already-completed';

/**
 * Time as the engine sees it: job workers stamp it, timers fire by it. Tests move it so that real
 * timers fire; the moves are refused outside test set-ups (CLOCK_NOT_CONTROLLED).
 *
 * Both adapters behave alike: once pinned, the clock stands still until it is moved again, so a
 * scenario's stamps and deadlines come out to the millisecond. One difference: Zeebe's clock only
 * moves forward while the broker runs (its own periodic work is scheduled on it), so the `zeebe`
 * adapter refuses to pin an instant before the broker's now (INVALID_ARGUMENT); the `embedded`
 * adapter pins any instant, back as well (a laptop engine may go back; its timers just wait longer).
 * Portable code and the conformance suite only pin forward: a ticket "from the past" is a ticket
 * whose `registeredAt` is supplied at instance creation (BPMN-SUBSET.md), not a clock set back.
 */
export interface EngineClock {
  now(): Promise<number>;
  /**
   * Moves the engine's clock forward by `ms`: the pinned instant if the clock is pinned, otherwise
   * the offset to real time. Due timers fire, in due order, before it resolves (their jobs may still run).
   */
  advance(ms: number): Promise<void>;
  /**
   * Stops the engine's clock at an instant (Zeebe's `/actuator/clock/pin`): `now()` answers it until
   * the clock is advanced, pinned again or reset. Timers due by then fire before it resolves.
   * `zeebe` refuses an instant before its now; `embedded` accepts it (see above).
   */
  pin(epochMs: number): Promise<void>;
  /** Back to real time, not pinned, no offset (Zeebe's controlled clock reset). */
  reset(): Promise<void>;
}

/** Where a running instance moves to (see `WorkflowEngine.migrateInstance`). */
export interface InstanceMigration {
  /** Engine key of the target process definition (`DeployedProcess.key`). */
  processDefinitionKey: string;
  /** Source element → target element, by id (`planMigration`); a renaming mapping is refused. */
  mappings: { sourceElementId: string; targetElementId: string; catchEvent?: true }[];
  /**
   * The instance already runs this definition (an identical process deployed again with new rules):
   * nothing moves; the variables are set and the watch re-reads its instant.
   */
  sameDefinition?: boolean;
  /** Merged into the root scope once migrated: the new pack version, deadlines recomputed under new rules. */
  variables?: Variables;
  /**
   * What the ticket's deadline watch (BPMN-SUBSET.md, "Timers") waits on after the migration; omitted,
   * the watch keeps waiting as before. Given, the watch re-reads it as if a `deadlineChanged` came.
   */
  watch?: { correlationKey: string; stage: string | null; due: string | null };
}

export interface EngineHealth {
  status: 'up' | 'down';
  detail?: string;
}

export interface WorkflowEngine {
  readonly kind: 'zeebe' | 'embedded';

  /** Register before start(). One handler per job type. */
  registerJobWorker(type: string, handler: JobHandler, options?: JobWorkerOptions): void;
  /** Register before start(). Called for every user task that becomes active. */
  onUserTaskCreated(listener: UserTaskListener, options?: UserTaskListenerOptions): void;

  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<EngineHealth>;

  /** Deploys BPMN resources; a broken file is refused with the engine's reason and nothing is deployed. */
  deploy(resources: ProcessResource[]): Promise<DeployedProcess[]>;
  /** Starts an instance of the latest version, or of `version`. */
  createInstance(bpmnProcessId: string, variables: Variables, options?: { version?: number }): Promise<{ processInstanceKey: string; version: number }>;
  cancelInstance(processInstanceKey: string): Promise<void>;

  /** Completes a user task with the submitted data. A task completed already answers 'already-completed'. */
  completeUserTask(key: string, variables: Variables): Promise<CompletionOutcome>;
  /**
   * Only where the engine keeps its state in the platform's database (embedded; Zeebe cannot): completes
   * the task inside `trx`, a top-level transaction on that database, so that the caller's own writes, the
   * completion and what the step runs into (in-step jobs, in-step task listeners: the next task stored)
   * commit together or not at all. `record` runs first, under the instance's lock, while the task still
   * waits, and gives the variables to complete with (null: complete nothing after all); it is not called,
   * and the answer is 'already-completed', when the task no longer waits. What the step opens besides is handed out once
   * `trx` commits. Throws INVALID_ARGUMENT when an incident stops the instance; a deadlock aborts `trx`,
   * which the caller may run again. `trx` must be a top-level transaction, ended by commit or by an
   * error (its `executionPromise` says which).
   */
  completeUserTaskIn?(trx: Knex.Transaction, key: string, record: () => Promise<Variables | null>): Promise<CompletionOutcome>;
  /**
   * Moves a running instance onto another version of its process: its open user tasks keep their keys
   * and continue on the target's elements of the same id, its variables are kept (and `variables`
   * merged in). All or nothing: an active element the target lacks (or that the mappings leave out)
   * is refused with INVALID_ARGUMENT naming it, and the instance runs on as before.
   */
  migrateInstance(processInstanceKey: string, migration: InstanceMigration): Promise<void>;
  /**
   * `migrateInstance` inside `trx` (a top-level transaction on the platform's database), where the engine
   * keeps its state there (embedded): the migration and the caller's writes commit together, and the
   * instance's lock is taken first, as by every step. Zeebe has none: call `migrateInstance` last instead.
   */
  migrateInstanceIn?(trx: Knex.Transaction, processInstanceKey: string, migration: InstanceMigration): Promise<void>;
  /** Correlates a message to the subscription with this correlation key (the ticket id). */
  publishMessage(name: string, correlationKey: string, variables?: Variables, options?: { messageId?: string; timeToLiveMs?: number }): Promise<void>;

  readonly clock: EngineClock;
}

export class EngineError extends Error {
  readonly code: 'DEPLOY_REJECTED' | 'NOT_FOUND' | 'UNAVAILABLE' | 'CLOCK_NOT_CONTROLLED' | 'INVALID_ARGUMENT';

  constructor(code: EngineError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
  }
}
