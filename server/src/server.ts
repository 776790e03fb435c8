// Starting and stopping the whole server: database (embedded or DATABASE_URL), migrations,
// shipped data, then the HTTP API.
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { migrateToLatest } from '@hotline/migrations';
import type { App } from './http/app-types';
import { buildApp } from './app';
import { type ShippedDataOptions, loadShippedData } from './bootstrap/shipped-data';
import type { ServerConfig } from './config';
import { openDatabase } from './database/database';

export interface RunningServer {
  app: App;
  url: string;
  log: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where the shipped packs and demo organisations are read from (tests point elsewhere). */
  shipped?: Pick<ShippedDataOptions, 'packsDir' | 'demoDir'>;
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] });
  const postgresLog = log.child({ component: 'postgres' });
  const db = await openDatabase(config.database, (line) => postgresLog.debug(line));
  try {
    log.info({ database: db.description }, 'database ready');
    const { applied } = await migrateToLatest(db.knex);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    await loadShippedData(db.knex, { demoData: config.demoData, log, ...options.shipped });
    const app = await buildApp({ db: db.knex, databaseDescription: db.description, auth: config.auth, validateResponses: config.validateResponses, logger: log });
    await app.listen({ port: config.port, host: config.host });
    const { address, port } = app.server.address() as AddressInfo;
    return {
      app,
      url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
      log,
      close: async () => {
        await app.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
