// The embedded PostgreSQL that `npm start` and these tests use: it says why when it cannot start,
// a second process on the same data folder joins the running cluster instead of fighting it, and it
// stops with the server, even after a server was killed with SIGKILL (the next one takes it over).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectKnex } from '../src/database/database';
import { type RunningPostgres, freePort, startEmbeddedPostgres } from '@hotline/postgres';
import { REPO_ROOT } from '../src/paths';
import { startChildServer } from './support/child-server';

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

/** A process: its pid and start time, since a busy machine hands a pid to another process within a minute. */
type ProcessRef = { pid: number; startTime: string | undefined };
const statFields = (pid: number) => {
  try {
    // after "pid (comm) ": state is field 3, starttime field 22
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
  } catch {
    return undefined;
  }
};
const processRef = (pid: number): ProcessRef => ({ pid, startTime: statFields(pid)?.[19] });

/** Whether that process still runs (a zombie, waiting for a reaper, does not; nor another under its pid). */
function running(ref: ProcessRef): boolean {
  const fields = statFields(ref.pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[19] === ref.startTime;
}

describe('the embedded PostgreSQL of `npm start`', () => {
  const name = `test-pg-server-${randomBytes(4).toString('hex')}`;
  const pgDir = join(REPO_ROOT, '.data', name, 'postgres');
  const postmaster = () => processRef(Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]));
  afterAll(() => {
    if (existsSync(join(pgDir, 'postmaster.pid')) && running(postmaster())) process.kill(postmaster().pid, 'SIGQUIT');
    rmSync(join(REPO_ROOT, '.data', name), { recursive: true, force: true });
  });

  it('stops with the server; after a SIGKILL the next server takes the orphan over and stops it when it stops', async () => {
    const env = { DATA_DIR: `.data/${name}`, EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '', ZEEBE_ADDRESS: '', DEMO_DATA: 'false' };
    const first = await startChildServer(env);
    const orphan = postmaster();
    await first.kill();
    expect(running(orphan), 'the killed server’s PostgreSQL runs on, orphaned').toBe(true);

    const second = await startChildServer(env);
    expect(postmaster(), 'the orphan is reused, not replaced').toEqual(orphan);
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    await second.stop();
    expect(running(orphan), `the second server stopped the orphan it took over:\n${second.output()}`).toBe(false);
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false);

    const third = await startChildServer(env);
    const own = postmaster();
    expect(own).not.toEqual(orphan);
    await third.stop();
    // signalled by the server as it exits: its last moments (a fast shutdown's checkpoint, slow on a loaded
    // machine) may outlast the server's by some seconds (never an orphan)
    await expect.poll(() => running(own), { timeout: 60_000, interval: 100, message: `a clean stop stops the PostgreSQL the server started:\n${third.output()}` }).toBe(false);
  }, 300_000);
});
