// Opens the platform's database: the one in DATABASE_URL, or the embedded PostgreSQL under .data/.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { HotlineError } from '@hotline/rules';
import { migrateToLatest } from '@hotline/migrations';
import type { DatabaseConfig } from '../config';
import { type PostgresConnection, startEmbeddedPostgres } from '@hotline/postgres';

// DATE columns are calendar days (effective dates): keep them as 'YYYY-MM-DD', never a local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint identities stay well inside 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const EMBEDDED_DATABASE_NAME = 'hotline';

export interface Database {
  knex: Knex;
  /**
   * A second connection pool on the same database for the embedded workflow engine: its own pool, so
   * a request holding a transaction while it starts a process never waits for a connection the engine
   * needs; and bigint read as text, because the engine's keys are strings (the port's contract).
   */
  connectEngine(): Knex;
  /** Where the data lives, for logs and /api/health/details, without the password. */
  description: string;
  kind: DatabaseConfig['kind'];
  close(): Promise<void>;
}

type Connection = string | (PostgresConnection & { database: string });

export function connectKnex(connection: Connection): Knex {
  return knexFactory({ client: 'pg', connection, pool: { min: 0, max: 10 } });
}

/** bigint (int8) as text, the way pg reads it without our global parser. */
const engineTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => value : pg.types.getTypeParser(oid, format ?? 'text'),
};

/** A knex for the workflow engine on the same database (see Database.connectEngine). */
export function connectEngineKnex(connection: Connection, poolMax = 8): Knex {
  const settings = typeof connection === 'string' ? { connectionString: connection } : { ...connection };
  return knexFactory({ client: 'pg', connection: { ...settings, types: engineTypes } as Knex.PgConnectionConfig, pool: { min: 0, max: poolMax } });
}

function describeConnection(connection: string | (PostgresConnection & { database: string })): string {
  if (typeof connection !== 'string') return `postgres://${connection.user}@${connection.host}:${connection.port}/${connection.database}`;
  const url = new URL(connection);
  url.password = '';
  return url.toString();
}

/** Fails with a message naming the server when it cannot be reached. */
async function checkReachable(knex: Knex, description: string): Promise<void> {
  try {
    await knex.raw('select 1');
  } catch (e) {
    await knex.destroy();
    throw new HotlineError('DATABASE_UNREACHABLE', `cannot use the database ${description}: ${(e as Error).message}`, 'operational', { cause: e });
  }
}

export async function createDatabaseIfMissing(admin: Knex, name: string): Promise<void> {
  const found = await admin.raw('select 1 from pg_database where datname = ?', [name]);
  if (found.rows.length === 0) await admin.raw('create database ?? encoding \'UTF8\' template template0', [name]);
}

export async function openDatabase(config: DatabaseConfig, log: (line: string) => void): Promise<Database> {
  if (config.kind === 'external') {
    const knex = connectKnex(config.url);
    const description = describeConnection(config.url);
    await checkReachable(knex, description);
    return { knex, description, kind: 'external', connectEngine: () => connectEngineKnex(config.url), close: () => knex.destroy() };
  }
  const postgres = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.port, log });
  try {
    const admin = connectKnex({ ...postgres.connection, database: 'postgres' });
    await createDatabaseIfMissing(admin, EMBEDDED_DATABASE_NAME).finally(() => admin.destroy());
    const connection = { ...postgres.connection, database: EMBEDDED_DATABASE_NAME };
    const knex = connectKnex(connection);
    const description = `${describeConnection(connection)} (embedded, ${config.dataDir})`;
    await checkReachable(knex, description);
    return {
      knex,
      description,
      kind: 'embedded',
      connectEngine: () => connectEngineKnex(connection),
      close: async () => {
        await knex.destroy();
        await postgres.stop();
      },
    };
  } catch (e) {
    await postgres.stop();
    throw e;
  }
}

/**
 * For one-off commands (the CLI): opens the configured database (starting the embedded one if no
 * server runs it), brings the schema up to date unless told not to, runs the work, closes.
 */
export async function withDatabase<T>(config: DatabaseConfig, work: (db: Database) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const db = await openDatabase(config, () => {});
  try {
    if (options.migrate ?? true) await migrateToLatest(db.knex);
    return await work(db);
  } finally {
    await db.close();
  }
}
