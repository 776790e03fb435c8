// The local Zeebe broker for the Zeebe run, started as engine-adapters/test/zeebe.global-setup.ts
// starts it (scripts/zeebe.sh install, stop, start, with the controlled clock) and released the same
// way. Test runs take turns through the same lock file (.data/zeebe/test-run.pid, created O_EXCL):
// two runs at once would share one broker (its data folder), and one's restart would kill the other's.
// Its ports are free ones (unless ZEEBE_*_PORT say otherwise): a broker of another checkout on this
// machine (a CI run in a scratch copy) may hold the default 26500/9600/8080.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, freePort } from './server';

const SCRIPT = join(REPO_ROOT, 'scripts', 'zeebe.sh');
const TURN = join(REPO_ROOT, '.data', 'zeebe', 'test-run.pid');
const WAIT_FOR_TURN_MS = 10 * 60_000;

export interface LocalBroker {
  address: string;
  clockUrl: string;
  release(): void;
}

const PORTS = ['ZEEBE_GRPC_PORT', 'ZEEBE_MONITORING_PORT', 'ZEEBE_REST_PORT', 'ZEEBE_COMMAND_PORT', 'ZEEBE_INTERNAL_PORT'] as const;

export async function startLocalBroker(): Promise<LocalBroker> {
  const env: NodeJS.ProcessEnv = { ...process.env, ZEEBE_CLOCK_CONTROLLED: 'true' };
  const taken = new Set<string>();
  for (const name of PORTS) {
    let port = env[name];
    while (port === undefined || taken.has(port)) port = String(await freePort());
    taken.add(port);
    env[name] = port;
  }
  const zeebe = (command: string) => execFileSync('bash', [SCRIPT, command], { env, stdio: 'inherit' });
  await takeTurn();
  try {
    zeebe('install');
    zeebe('stop');
    zeebe('start');
  } catch (e) {
    rmSync(TURN, { force: true });
    throw e;
  }
  return {
    address: `127.0.0.1:${env.ZEEBE_GRPC_PORT}`,
    clockUrl: `http://127.0.0.1:${env.ZEEBE_MONITORING_PORT}/actuator/clock`,
    release: () => {
      try {
        zeebe('stop');
      } finally {
        rmSync(TURN, { force: true });
      }
    },
  };
}

async function takeTurn(): Promise<void> {
  mkdirSync(dirname(TURN), { recursive: true });
  const giveUpAt = Date.now() + WAIT_FOR_TURN_MS;
  for (;;) {
    try {
      writeFileSync(TURN, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder();
    if (holder === 'gone') continue;
    if (holder === 'stale') {
      rmSync(TURN, { force: true });
      continue;
    }
    if (Date.now() > giveUpAt) throw new Error(`another Zeebe test run (pid ${holder}) still holds the local broker after ${WAIT_FOR_TURN_MS / 60_000} minutes`);
    await sleep(1_000);
  }
}

function readHolder(): number | 'gone' | 'stale' {
  try {
    const holder = Number(readFileSync(TURN, 'utf8'));
    if (holder > 0) return isAlive(holder) ? holder : 'stale';
    return Date.now() - statSync(TURN).mtimeMs > 5_000 ? 'stale' : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
