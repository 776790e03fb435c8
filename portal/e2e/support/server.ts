// The real server as a child process (`node --import tsx server/src/main.ts`), on its own ports and
// its own embedded PostgreSQL under .data/portal-e2e (wiped first), with the embedded engine.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 180_000;

export interface RunningServer {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(name = 'portal-e2e'): Promise<RunningServer> {
  if (!existsSync(join(REPO_ROOT, 'portal', 'dist', 'index.html'))) {
    throw new Error('portal/dist is missing: run `npm run build --workspace portal` first (the `test` script does)');
  }
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
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ZEEBE_ADDRESS: '',
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
  let ready = false;
  while (Date.now() < deadline) {
    const gone = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 500))]);
    if (gone !== 'running') {
      throw new Error(`the server exited (code ${String(gone)}) before it was ready:\n${output.join('').slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
  }
  if (!ready) {
    child.kill('SIGTERM');
    throw new Error(`the server did not answer /api/health within ${START_TIMEOUT_MS / 1000} s:\n${output.join('').slice(-4000)}`);
  }
  return {
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
