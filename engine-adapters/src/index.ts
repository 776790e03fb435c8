// @hotline/engine-adapters: the WorkflowEngine port and its two adapters.
export type {
  CompletionOutcome,
  DeployedProcess,
  EngineClock,
  EngineHealth,
  InstanceMigration,
  JobHandler,
  JobResult,
  JobWorkerOptions,
  ProcessResource,
  ServiceJob,
  UserTaskCreated,
  UserTaskListener,
  UserTaskListenerOptions,
  Variables,
  WorkflowEngine,
} from './port';
export { EngineError } from './port';
export { planMigration } from './migration-plan';
export type { ElementMapping, MigrationPlan, MigrationProblem } from './migration-plan';
export { createEmbeddedEngine, embeddedEngineMigration, inTransaction, stepTransaction } from './embedded';
export type { EmbeddedEngineConfig, EmbeddedWorkflowEngine, EngineIncident } from './embedded';
export { evaluateFeel, feelExpressionsInBpmn, interpretFeel } from './embedded/feel';
export { createZeebeEngine, zeebeConfigFromEnv, zeebeDefaults } from './zeebe';
export type { ZeebeEngineConfig, ZeebeEngineOptions } from './zeebe';
export {
  COUNT_FROM_VARIABLE,
  DEADLINE_CHANGED_MESSAGE,
  DEADLINE_CHANGED_TTL_MS,
  HOTLINE_JOB_TYPES,
  JobInputError,
  RULE_VERSION_OVERRIDE_VARIABLE,
  createHotlineWorkers,
  createMemorySink,
  registerHotlineWorkers,
} from './workers';
export type { HotlineJobType, HotlineWorkerOptions, MemorySink, OutgoingMessage, SupervisionRecord, TicketEvent, WorkerDeps, WorkerSink } from './workers';
