// vitest globalSetup: a real PostgreSQL for the embedded engine's tests. DATABASE_URL when set (CI, a
// developer's own server); else the platform's embedded PostgreSQL (@hotline/postgres), data under
// .data/test-pg-engine, on a free port, stopped after the run. A server that cannot start fails the run
// with its log; nothing skips.
import { fileURLToPath } from 'node:url';
import { freePort, startEmbeddedPostgres } from '@hotline/postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases; each test file makes its own. */
    engineDatabaseUrl: string;
  }
}

const DATA_DIR = fileURLToPath(new URL('../../.data/test-pg-engine', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    project.provide('engineDatabaseUrl', configured);
    return async () => undefined;
  }
  const postgres = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: await freePort(), log: () => undefined, disposable: true });
  const { user, password, host, port } = postgres.connection;
  project.provide('engineDatabaseUrl', `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/postgres`);
  return () => postgres.stop();
}

