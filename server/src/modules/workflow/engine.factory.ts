// Which workflow engine the server runs on (config.ts decides): Zeebe when ZEEBE_ADDRESS is set, else
// the embedded engine on the platform's own PostgreSQL (its tables come with the migrations).
import type { Logger } from 'pino';
import type { Knex } from 'knex';
import { createEmbeddedEngine, createZeebeEngine, type WorkflowEngine } from '@hotline/engine-adapters';
import type { EngineConfig } from '../../config';

export interface EngineOptions {
  /** The embedded engine's connection pool (Database.connectEngine): bigint as text. */
  engineKnex?: Knex;
  log: Logger;
  /** Real-time wait before a failed job runs again (default: the adapter's). Tests shorten it. */
  jobRetryBackoffMs?: number;
}

export function createEngine(config: EngineConfig, options: EngineOptions): WorkflowEngine {
  const log = options.log.child({ component: 'engine', engine: config.kind });
  if (config.kind === 'zeebe') {
    return createZeebeEngine({
      address: config.address,
      ...(config.clockUrl ? { clockUrl: config.clockUrl } : {}),
      ...(config.workerName ? { workerName: config.workerName } : {}),
      ...(config.userTaskLeaseMs ? { userTaskLeaseMs: config.userTaskLeaseMs } : {}),
      ...(config.jobStreaming === undefined ? {} : { jobStreaming: config.jobStreaming }),
      ...(config.fuseRuleChains === undefined ? {} : { fuseRuleChains: config.fuseRuleChains }),
      ...(options.jobRetryBackoffMs === undefined ? {} : { jobRetryBackoffMs: options.jobRetryBackoffMs }),
      logLevel: log.isLevelEnabled('debug') ? 'INFO' : 'NONE',
      log: (message) => log.warn(message),
    });
  }
  if (!options.engineKnex) throw new Error('the embedded engine needs its database connection');
  return createEmbeddedEngine({
    knex: options.engineKnex,
    controlledClock: config.controlledClock,
    ...(config.replicaName ? { replicaName: config.replicaName } : {}),
    ...(options.jobRetryBackoffMs === undefined ? {} : { jobRetryBackoffMs: options.jobRetryBackoffMs }),
    onError: (error) => log.error({ err: error }, 'embedded engine: background work failed'),
  });
}
