// The embedded PostgreSQL that `npm start` and these tests use: it says why when it cannot start,
// and a second process on the same data folder joins the running cluster instead of fighting it.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectKnex } from '../src/database/database';
import { type RunningPostgres, startEmbeddedPostgres } from '@hotline/postgres';
import { REPO_ROOT } from '../src/paths';

// under .data/ rather than the system temp folder: as root, the cluster runs as the postgres user,
// who must be able to reach the folder
const dataDir = join(REPO_ROOT, '.data', `test-pg-scratch-${randomBytes(4).toString('hex')}`);

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('embedded PostgreSQL', () => {
  let blocker: Server;
  let running: RunningPostgres | undefined;
  beforeAll(async () => {
    blocker = await listen();
  });
  afterAll(async () => {
    await running?.stop();
    blocker.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.password`, { force: true });
  });

  it('fails with PostgreSQL’s own reason when it cannot start', async () => {
    const error = await startEmbeddedPostgres({ dataDir, port: portOf(blocker), log: () => {}, disposable: true }).catch((e) => e);
    expect(error).toMatchObject({ code: 'DATABASE_START_FAILED' });
    expect(error.message).toMatch(/did not start on port \d+/);
    expect(error.message).toMatch(/could not bind|Address already in use/);
  });

  it('starts on a free port, and a second start on the same folder joins it', async () => {
    const free = await listen();
    const port = portOf(free);
    await new Promise((resolve) => free.close(resolve));
    running = await startEmbeddedPostgres({ dataDir, port, log: () => {}, disposable: true });
    expect(running.startedHere).toBe(true);
    const second = await startEmbeddedPostgres({ dataDir, port: port + 1, log: () => {} });
    expect(second).toMatchObject({ startedHere: false, connection: { port } });
    const knex = connectKnex({ ...second.connection, database: 'postgres' });
    try {
      expect((await knex.raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await knex.destroy();
    }
  });
});
