// One engine's run: a fresh database, the server in its own process, the plain-pg ceiling on that
// database, then the load generator in its own process: a warm-up, and the measured window, with the
// server's, the broker's and PostgreSQL's CPU and the database's counters read at both ends.
import { jobsCreated, type JobsCreated } from './broker';
import type { BrokerCeiling } from './ceilings';
import { pgTransactionsPerSecond } from './ceilings';
import { cpuSeconds, treeCpuSeconds } from './cpu';
import type { BenchPostgres, SqlCounters } from './database';
import { startLoad, type LoadFigures, type LoadProcess } from './load-process';
import { startServerProcess } from './server-process';
import { settings, sleep } from './settings';

/** CPU seconds inside the measured window; null where the process is not known or not on Linux. */
export interface CpuUse {
  server: number | null;
  broker: number | null;
  postgres: number | null;
  load: number;
}

/** What one look of a polling probe costs (measured before the load, on the otherwise idle server); null for a probe that does not look. */
export interface ProbeCost {
  looks: number;
  serverCpu: number | null;
  postgresCpu: number | null;
  statements: number | null;
  transactions: number;
}

export interface EngineResult {
  engine: string;
  load: LoadFigures;
  cpu: CpuUse;
  sql: SqlCounters;
  probeCost: ProbeCost | null;
  /** Plain-pg transactions/s on this engine's database, just before the load. */
  pgCeiling: number;
  brokerCeiling?: BrokerCeiling;
  /** Jobs the broker created in the window (Zeebe); null elsewhere. */
  jobs: JobsCreated | null;
}

export interface EngineRun {
  engine: 'embedded' | 'zeebe';
  /** The column's name, when one engine runs twice (e.g. with and without rule-chain fusion). */
  label?: string;
  postgres: BenchPostgres;
  env: Record<string, string>;
  brokerPid?: number | null;
  brokerMetricsUrl?: string;
  brokerCeiling?: BrokerCeiling;
}

const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
/** pg_stat_database is written by each backend at most once a second: let it catch up before reading it. */
const STATS_FLUSH_MS = 1_500;
const CALIBRATION_LOOKS = 200;
const IDLE_MS = 3_000;

type Snapshot = { server: number | null; broker: number | null; postgres: number | null; sql: SqlCounters; jobs?: JobsCreated | null };

/**
 * What one look of the probe costs: the server idle for a while (its own background work: timers,
 * job pollers), then the probe's looks; the looks' share is what the idle rate does not explain.
 */
async function calibrate(load: LoadProcess, snapshot: () => Promise<Snapshot>): Promise<ProbeCost | null> {
  await sleep(STATS_FLUSH_MS);
  const t0 = performance.now();
  const a = await snapshot();
  await sleep(IDLE_MS);
  const t1 = performance.now();
  const b = await snapshot();
  const looks = await load.calibrate(CALIBRATION_LOOKS);
  await sleep(STATS_FLUSH_MS);
  const t2 = performance.now();
  const c = await snapshot();
  if (looks === 0) return null;
  const busy = (t2 - t1) / (t1 - t0);
  /** (c − b) less what the idle rate of (b − a) accounts for over the same time, per look. */
  const perLook = (pick: (s: Snapshot) => number | null) => {
    const [va, vb, vc] = [pick(a), pick(b), pick(c)];
    return va === null || vb === null || vc === null ? null : (vc - vb - (vb - va) * busy) / looks;
  };
  return {
    looks,
    serverCpu: perLook((s) => s.server),
    postgresCpu: perLook((s) => s.postgres),
    statements: perLook((s) => s.sql.statements),
    transactions: perLook((s) => s.sql.transactions)!,
  };
}

export async function runEngine(run: EngineRun): Promise<EngineResult> {
  const db = await run.postgres.createDatabase(`bench_${run.engine}_${Date.now().toString(36)}`);
  try {
    const server = await startServerProcess(run.engine, { DATABASE_URL: db.url, ...run.env });
    try {
      const pgCeiling = await pgTransactionsPerSecond(db.url, settings.pgCeilingSeconds, settings.pgCeilingClients);
      const load = await startLoad(server.url);
      try {
        const snapshot = async () => ({
          server: cpuSeconds(server.pid),
          broker: run.brokerPid ? cpuSeconds(run.brokerPid) : null,
          postgres: run.postgres.postmasterPid === null ? null : treeCpuSeconds(run.postgres.postmasterPid),
          sql: await db.counters(),
        });
        const probeCost = await calibrate(load, snapshot);
        load.start();
        await sleep(settings.warmupSeconds * 1000);
        const jobs = () => (run.brokerMetricsUrl ? jobsCreated(run.brokerMetricsUrl) : Promise.resolve(null));
        const before = { ...(await snapshot()), jobs: await jobs() };
        load.measure();
        await sleep(settings.seconds * 1000);
        const after = { ...(await snapshot()), jobs: await jobs() };
        const figures = await load.stop();
        return {
          engine: run.label ?? run.engine,
          load: figures,
          cpu: { server: minus(after.server, before.server), broker: minus(after.broker, before.broker), postgres: minus(after.postgres, before.postgres), load: figures.cpuSeconds },
          sql: {
            transactions: after.sql.transactions - before.sql.transactions,
            statements: minus(after.sql.statements, before.sql.statements),
            explicitTransactions: minus(after.sql.explicitTransactions, before.sql.explicitTransactions),
          },
          probeCost,
          pgCeiling,
          jobs: before.jobs && after.jobs ? { service: after.jobs.service - before.jobs.service, userTask: after.jobs.userTask - before.jobs.userTask } : null,
          ...(run.brokerCeiling ? { brokerCeiling: run.brokerCeiling } : {}),
        };
      } finally {
        await load.kill();
      }
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}
