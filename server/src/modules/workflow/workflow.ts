// The ticket lifecycle's engine side, put together: the workflow engine in use with the platform's job
// workers and the task projection registered, the pack processes deployed, and recorded completions
// finished. The server starts it after the migrations and stops it before the database.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { DEADLINE_CHANGED_MESSAGE, DEADLINE_CHANGED_TTL_MS, EngineError, type WorkflowEngine } from '@hotline/engine-adapters';
import { HotlineError } from '@hotline/rules';
import type { PackWorkflow } from '../packs/process-deployment';
import { Deployments } from './deployments.service';
import { registerPlatformWorkers } from './hotline-workers';
import { PackCatalog } from './pack-catalog';
import { TaskCompletions } from './task-completion';
import { TaskProjection } from './task-projection';
import { PostgresWorkerSink } from './worker-sink';
import type { SubjectProcessStarter } from '../subjects/subject-kind';
import { OUTCOME_JOB_TYPE, PackSubjectProcessStarter, outcomeWorker } from '../subjects/subject-processes';
import { SubjectKinds } from '../subjects/subject-registry';

export interface WorkflowOptions {
  db: Knex;
  engine: WorkflowEngine;
  log: Logger;
  /** How often half-done completions are looked for (a crash, an engine outage). Default 10 s. */
  sweepIntervalMs?: number;
}

export interface EngineStatus {
  kind: WorkflowEngine['kind'];
  status: 'up' | 'down';
  detail?: string;
}

export class Workflow {
  readonly engine: WorkflowEngine;
  readonly catalog: PackCatalog;
  readonly deployments: Deployments;
  readonly completions: TaskCompletions;
  /** The subject kinds the modules registered (knowledge entries, assessment appeals). */
  readonly subjects = new SubjectKinds();
  /** Starts a subject's pack process (the knowledge base, the assessment call it). */
  readonly subjectProcesses: SubjectProcessStarter;
  private readonly log: Logger;
  private readonly sweepIntervalMs: number;

  constructor(options: WorkflowOptions) {
    const { db, engine } = options;
    this.engine = engine;
    this.log = options.log.child({ component: 'workflow', engine: engine.kind });
    this.sweepIntervalMs = options.sweepIntervalMs ?? 10_000;
    this.catalog = new PackCatalog(db);
    this.deployments = new Deployments(db, engine, this.catalog);
    this.completions = new TaskCompletions(db, engine, this.log);
    registerPlatformWorkers(engine, this.catalog, new PostgresWorkerSink(db, engine, this.catalog));
    engine.registerJobWorker(OUTCOME_JOB_TYPE, outcomeWorker(db, this.subjects, engine));
    this.subjectProcesses = new PackSubjectProcessStarter(engine, this.catalog, this.deployments);
    engine.onUserTaskCreated(new TaskProjection(db, engine, this.catalog, this.completions, this.log).listener, { inStep: true });
  }

  /** Deploys the published packs' processes, starts the engine, finishes what a crash left recorded. */
  async start(): Promise<void> {
    try {
      await this.deployments.deployPublished(this.log);
      await this.engine.start();
    } catch (error) {
      if (error instanceof EngineError && error.code === 'UNAVAILABLE') {
        throw new HotlineError('ENGINE_UNAVAILABLE', `the ${this.engine.kind} workflow engine cannot be reached: ${error.message}`, 'operational', { cause: error });
      }
      throw error;
    }
    await this.completions.repair();
    this.completions.startSweep(this.sweepIntervalMs);
    this.log.info('workflow engine started');
  }

  async stop(): Promise<void> {
    await this.completions.stop();
    await this.engine.stop();
  }

  async health(): Promise<EngineStatus> {
    try {
      const health = await this.engine.health();
      return { kind: this.engine.kind, status: health.status, ...(health.detail ? { detail: health.detail } : {}) };
    } catch (error) {
      return { kind: this.engine.kind, status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** What publishing and recomputing deadlines need from the engine (the pack routes). */
  packWorkflow(): PackWorkflow {
    const engine = this.engine;
    return {
      deployer: this.deployments,
      timers: {
        engine: engine.kind,
        move: (message) => engine.publishMessage(DEADLINE_CHANGED_MESSAGE, message.ticketId, message.variables, { messageId: message.messageId, timeToLiveMs: DEADLINE_CHANGED_TTL_MS }),
      },
    };
  }

  /** The engine's time (tests move it), epoch ms: deadlines and "overdue" are judged by it. */
  now(): Promise<number> {
    return this.engine.clock.now();
  }
}
