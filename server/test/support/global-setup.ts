// One real PostgreSQL for the whole run: DATABASE_URL when set, else an embedded one booted here on a
// free port with its data under .data/test-pg. The schema is migrated once into a template database
// that every test file copies. If PostgreSQL cannot start, this throws and the run fails with the reason.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '@hotline/migrations';
import { connectKnex, createDatabaseIfMissing } from '../../src/database/database';
import { freePort, startEmbeddedPostgres } from '@hotline/postgres';
import { REPO_ROOT } from '../../src/paths';
import { TEST_DATABASE_PREFIX, databaseUrl } from './database';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { adminUrl: string; template: string };
  }
}


/** The setup on a cluster of its own under `.data/<folder>` (each vitest project that needs one gets its own). */
export function postgresSetup(folder: string) {
  return (project: TestProject) => setup(project, folder);
}

export default postgresSetup('test-pg');

async function setup(project: TestProject, folder: string): Promise<() => Promise<void>> {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  let ownCluster = false;
  if (!adminUrl) {
    const postgres = await startEmbeddedPostgres({ dataDir: join(REPO_ROOT, '.data', folder), port: await freePort(), log: () => {}, disposable: true });
    const { user, password, host, port } = postgres.connection;
    adminUrl = `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/postgres`;
    stop = postgres.stop;
    // a cluster another run already had going is shared: its databases are not ours to clean up (one left
    // by a killed run is taken over: ours, with that run's leftovers)
    ownCluster = postgres.startedHere || postgres.adopted;
  }
  const admin = connectKnex(adminUrl);
  try {
    if (ownCluster) {
      // our own cluster: databases left by an interrupted run can go
      const stale: string[] = await admin('pg_database').where('datname', 'like', `${TEST_DATABASE_PREFIX}%`).pluck('datname');
      for (const name of stale) await admin.raw('drop database ?? with (force)', [name]);
    }
    const template = `${TEST_DATABASE_PREFIX}template_${randomBytes(4).toString('hex')}`;
    await createDatabaseIfMissing(admin, template);
    const knex = connectKnex(databaseUrl(adminUrl, template));
    await migrateToLatest(knex).finally(() => knex.destroy());
    project.provide('postgres', { adminUrl, template });
    return async () => {
      await admin.raw('drop database if exists ?? with (force)', [template]);
      await admin.destroy();
      await stop();
    };
  } catch (e) {
    await admin.destroy();
    await stop();
    throw e;
  }
}
