// The two engines under test, created through the adapters' public factories on the services the
// global setups provide.
import { inject } from 'vitest';
import { createEmbeddedEngine, createZeebeEngine, embeddedEngineMigration, type WorkflowEngine } from '@hotline/engine-adapters';
import { freshDatabase } from '../../engine-adapters/test/postgres.database';

export type EngineKind = WorkflowEngine['kind'];
export const ENGINE_KINDS: readonly EngineKind[] = ['zeebe', 'embedded'];

/** Errors the embedded engine hit in the background (a job's effects, an announcement); a run must have none. */
export const backgroundErrors: unknown[] = [];

export async function createEngine(kind: EngineKind): Promise<WorkflowEngine> {
  if (kind === 'zeebe') {
    // A failed job is handed out again quickly; user tasks stay leased for the whole scenario.
    return createZeebeEngine({ ...inject('zeebe'), logLevel: 'NONE', jobRetryBackoffMs: 200 });
  }
  const knex = await freshDatabase();
  await embeddedEngineMigration.up(knex);
  return createEmbeddedEngine({ knex, controlledClock: true, jobRetryBackoffMs: 200, onError: (error) => backgroundErrors.push(error) });
}
