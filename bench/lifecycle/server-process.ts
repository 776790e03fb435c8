// The platform server as `npm start` runs it (`node --import tsx server/src/main.ts`, without the
// portal build of `prestart`, which the API does not need), in a process of its own so its CPU is read
// from /proc/<pid>/stat apart from the load generator's and the bench's. Its output goes to
// .data/bench-logs/server-<engine>.log.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@hotline/postgres';
import { ROOT, settings, sleep } from './settings';

const START_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 40_000;

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `startTimeoutMs`: how long the server may take to answer /api/health (its engine starts first). */
export async function startServerProcess(engine: string, env: Record<string, string>, startTimeoutMs = START_TIMEOUT_MS): Promise<ServerProcess> {
  const port = await freePort();
  const logs = join(ROOT, '.data', 'bench-logs');
  mkdirSync(logs, { recursive: true });
  const logFile = join(logs, `server-${engine}.log`);
  const out = openSync(logFile, 'w');
  const inherited = { ...process.env };
  for (const name of ['ZEEBE_ADDRESS', 'ZEEBE_CLOCK_URL', 'DATA_DIR', 'EMBEDDED_PG_PORT']) delete inherited[name];
  // one file per thread (tsx's loader runs in a worker): the server's is the largest
  const profile = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(settings.cpuProfileDir, engine)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: 'true', ...env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child, exited);
  try {
    await waitForHealth(url, exited, logFile, startTimeoutMs);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, pid: child.pid!, stop };
}

async function waitForHealth(url: string, exited: Promise<number | null>, logFile: string, timeoutMs: number): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + timeoutMs;
  const tail = () => readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  for (;;) {
    if (gone !== undefined) throw new Error(`the server exited (code ${gone}) before it was ready:\n${tail()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server was not healthy within ${timeoutMs / 1000} s:\n${tail()}`);
    await sleep(250);
  }
}

/** SIGTERM (the server's clean stop), SIGKILL if it lingers. */
export async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}
