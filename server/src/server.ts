// Starting and stopping the whole server: database (embedded or DATABASE_URL), migrations,
// shipped data, then the HTTP API.
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { migrateToLatest } from '@hotline/migrations';
import type { App } from './http/app-types';
import { buildApp } from './app';
import { type ShippedDataOptions, loadShippedData } from './bootstrap/shipped-data';
import type { ServerConfig } from './config';
import { openDatabase } from './database/database';
import { type NotificationDispatcher, startNotifications } from './modules/notifications';
import type { DispatcherOptions } from './modules/notifications/dispatcher';
import { type AnalysisJob, startAnalysisJob } from './modules/analysis/briefing-schedule';
import { createEngine } from './modules/workflow/engine.factory';
import { Workflow } from './modules/workflow/workflow';

export interface RunningServer {
  app: App;
  url: string;
  log: Logger;
  /** The workflow engine in use (`embedded` or `zeebe`). */
  engine: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where the shipped packs and demo organisations are read from (tests point elsewhere). */
  shipped?: Pick<ShippedDataOptions, 'packsDir' | 'demoDir'>;
  /** Engine timings (tests shorten them). */
  engine?: { jobRetryBackoffMs?: number; sweepIntervalMs?: number };
  /** Reminder delivery timings (tests shorten them). */
  notifications?: DispatcherOptions;
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] });
  const postgresLog = log.child({ component: 'postgres' });
  const db = await openDatabase(config.database, (line) => postgresLog.debug(line));
  let engineKnex: Knex | undefined;
  let workflow: Workflow | undefined;
  let notifications: NotificationDispatcher | undefined;
  let analysis: AnalysisJob | undefined;
  try {
    log.info({ database: db.description }, 'database ready');
    const { applied } = await migrateToLatest(db.knex);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    await loadShippedData(db.knex, { demoData: config.demoData, log, ...options.shipped });
    engineKnex = config.engine.kind === 'embedded' ? db.connectEngine() : undefined;
    const engine = createEngine(config.engine, { log, ...(engineKnex ? { engineKnex } : {}), ...options.engine });
    workflow = new Workflow({ db: db.knex, engine, log, ...(options.engine?.sweepIntervalMs ? { sweepIntervalMs: options.engine.sweepIntervalMs } : {}) });
    await workflow.start();
    log.info({ engine: engine.kind, ...(config.engine.kind === 'zeebe' ? { address: config.engine.address } : {}) }, 'workflow engine ready');
    notifications = startNotifications(db.knex, config, log, options.notifications);
    const clock = workflow;
    analysis = startAnalysisJob(db.knex, workflow.catalog, async () => clock.now(), log.child({ component: 'analysis' }));
    const app = await buildApp({ db: db.knex, databaseDescription: db.description, auth: config.auth, validateResponses: config.validateResponses, logger: log, workflow, reveals: config.reveals, trustProxy: config.trustProxy });
    await app.listen({ port: config.port, host: config.host });
    const { address, port } = app.server.address() as AddressInfo;
    const running = workflow;
    const dispatcher = notifications;
    const analysisJob = analysis;
    return {
      app,
      url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
      log,
      engine: engine.kind,
      close: async () => {
        try {
          await app.close();
          await dispatcher.stop();
          await analysisJob.stop();
          await running.stop();
          await engineKnex?.destroy();
        } finally {
          // whatever failed above, the embedded PostgreSQL stops with the server
          await db.close();
        }
      },
    };
  } catch (e) {
    await notifications?.stop().catch(() => undefined);
    await analysis?.stop().catch(() => undefined);
    await workflow?.stop().catch(() => undefined);
    await engineKnex?.destroy();
    await db.close();
    throw e;
  }
}
