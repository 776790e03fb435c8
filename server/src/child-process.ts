// The real server as a child process (`node --import tsx server/src/main.ts`) on its own port and its
// own embedded PostgreSQL under .data/<name> (wiped first, so every run starts from the shipped packs and
// the demo accounts), on the embedded engine or on a Zeebe broker: what the browser tests start.
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@hotline/postgres';
import { REPO_ROOT } from './paths';

const START_TIMEOUT_MS = 240_000;

export type EngineChoice = { kind: 'embedded' } | { kind: 'zeebe'; address: string; clockUrl?: string };

export interface RunningServer {
  engine: EngineChoice['kind'];
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/** `env`: more settings for this server, e.g. ENGINE_CLOCK_CONTROLLED=true for a test that moves time. */
export async function startServerProcess(name: string, engine: EngineChoice, env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = join('.data', name);
  rmSync(join(REPO_ROOT, dataDir), { recursive: true, force: true });
  const [port, pgPort] = [await freePort(), await freePort()];
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      // test runs sign many people in from this one address
      LOGIN_RATE_MAX: '10000',
      DATABASE_URL: '',
      ZEEBE_ADDRESS: engine.kind === 'zeebe' ? engine.address : '',
      ZEEBE_CLOCK_URL: engine.kind === 'zeebe' && engine.clockUrl ? engine.clockUrl : '',
      ZEEBE_WORKER_NAME: `${name}-${process.pid}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 2000) output.splice(0, output.length - 2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const gone = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 500))]);
    if (gone !== 'running') throw new Error(`the ${engine.kind} server exited (code ${String(gone)}) before it was ready:\n${output.join('').slice(-4000)}`);
    try {
      // up means the database answers and the engine is up; which engine, the server says on start
      const res = await fetch(`${url}/api/health`);
      const health = (await res.json()) as { status?: string };
      const running = /engine: (\S+)/.exec(output.join(''))?.[1];
      if (res.ok && health.status === 'up' && running) {
        if (running !== engine.kind) throw new Error(`asked for the ${engine.kind} engine, the server runs ${running}`);
        break;
      }
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('asked for')) throw e;
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the ${engine.kind} server did not report a healthy engine within ${START_TIMEOUT_MS / 1000} s:\n${output.join('').slice(-4000)}`);
    }
  }
  return {
    engine: engine.kind,
    url,
    log: () => output.join(''),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
