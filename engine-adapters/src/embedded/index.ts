// The embedded adapter's face: the engine, and the knex migration that creates its tables (the
// migrations package registers it).
export { createEmbeddedEngine } from './embedded-engine';
export type { EmbeddedEngineConfig, EmbeddedWorkflowEngine, EngineIncident } from './embedded-engine';
export * as embeddedEngineMigration from './schema.migration';
export { stepTransaction } from './step-context';
export { inTransaction } from './transaction';
