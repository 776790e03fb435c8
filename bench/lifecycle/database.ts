// The bench's PostgreSQL: its own embedded cluster under .data/bench-pg (or DATABASE_URL's), a fresh
// database per engine, and the counters read before and after the measured load: transactions from
// pg_stat_database, statements from pg_stat_statements.
//
// @hotline/postgres takes no extra settings, so pg_stat_statements is switched on the plain way: the
// first run sets shared_preload_libraries with ALTER SYSTEM (kept in the cluster's postgresql.auto.conf)
// and restarts the cluster once; later runs find it loaded. On a DATABASE_URL server without the
// library preloaded, statements are not counted and the report says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres, type RunningPostgres } from '@hotline/postgres';
import { ROOT } from './settings';

const DATA_DIR = join(ROOT, '.data', 'bench-pg');

export interface SqlCounters {
  /** xact_commit + xact_rollback of the database: every transaction, an autocommitted statement included. */
  transactions: number;
  /** Statements executed in the database (pg_stat_statements calls, BEGIN and COMMIT included); null when not counted. */
  statements: number | null;
  /** Of those, the BEGINs: transactions of more than one statement; null when not counted. */
  explicitTransactions: number | null;
}

export interface BenchDatabase {
  name: string;
  url: string;
  counters(): Promise<SqlCounters>;
  drop(): Promise<void>;
}

export interface BenchPostgres {
  /** The postmaster, when the bench runs the cluster (its CPU is read from /proc); null on DATABASE_URL. */
  postmasterPid: number | null;
  /** Why statements are not counted; null when they are. */
  noStatements: string | null;
  createDatabase(name: string): Promise<BenchDatabase>;
  stop(): Promise<void>;
}

const urlOf = (base: string, database: string) => {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
};

async function startEmbedded(): Promise<{ running: RunningPostgres; url: string }> {
  const running = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: await freePort(), log: () => {}, disposable: true });
  const { user, password, host, port } = running.connection;
  return { running, url: `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/postgres` };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const preloaded = (url: string) =>
  withClient(url, async (client) => /\bpg_stat_statements\b/.test((await client.query<{ shared_preload_libraries: string }>('show shared_preload_libraries')).rows[0]!.shared_preload_libraries));

export async function benchPostgres(): Promise<BenchPostgres> {
  let adminUrl = process.env.DATABASE_URL;
  let embedded: RunningPostgres | null = null;
  if (!adminUrl) {
    let started = await startEmbedded();
    if (started.running.startedHere && !(await preloaded(started.url))) {
      await withClient(started.url, (client) => client.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`));
      await started.running.stop();
      started = await startEmbedded();
    }
    embedded = started.running;
    adminUrl = started.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let noStatements: string | null = null;
  try {
    await admin.query('create extension if not exists pg_stat_statements');
    await admin.query('select 1 from pg_stat_statements limit 1'); // fails when the library is not preloaded
  } catch (e) {
    noStatements = `pg_stat_statements is not available on this server (${(e as Error).message})`;
  }
  const postmasterPid = embedded ? Number(readFileSync(join(DATA_DIR, 'postmaster.pid'), 'utf8').split('\n')[0]) : null;

  const counters = async (name: string): Promise<SqlCounters> => {
    const xacts = await admin.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = $1', [name]);
    const transactions = Number(xacts.rows[0]!.n);
    if (noStatements !== null) return { transactions, statements: null, explicitTransactions: null };
    const calls = await admin.query<{ statements: string; begins: string }>(
      `select coalesce(sum(calls), 0) as statements,
              coalesce(sum(calls) filter (where query ~* '^\\s*(begin|start transaction)'), 0) as begins
         from pg_stat_statements s join pg_database d on d.oid = s.dbid
        where d.datname = $1`,
      [name],
    );
    return { transactions, statements: Number(calls.rows[0]!.statements), explicitTransactions: Number(calls.rows[0]!.begins) };
  };

  return {
    postmasterPid,
    noStatements,
    createDatabase: async (name) => {
      await admin.query(`create database "${name}" template template0`);
      return {
        name,
        url: urlOf(adminUrl, name),
        counters: () => counters(name),
        drop: async () => {
          await admin.query(`drop database if exists "${name}" with (force)`);
        },
      };
    },
    stop: async () => {
      await admin.end();
      await embedded?.stop();
    },
  };
}
