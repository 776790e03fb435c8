// The local Zeebe broker of scripts/zeebe.sh, started for a test run and released after it: installed,
// restarted with the controlled clock (a clock an earlier run moved ahead cannot be set back without
// stalling the broker; see actuator-clock.ts), stopped at the end. A broker that cannot be installed or
// started fails the run, loudly.
// Test runs take turns through one pid file (.data/zeebe/test-run.pid, created O_EXCL): two runs at once
// would share one broker, their workers taking each other's jobs, and one's restart killing the other's.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '@hotline/postgres';

const SCRIPT = fileURLToPath(new URL('../../../scripts/zeebe.sh', import.meta.url));
const TURN = fileURLToPath(new URL('../../../.data/zeebe/test-run.pid', import.meta.url));
const WAIT_FOR_TURN_MS = 10 * 60_000;
const PORTS = ['ZEEBE_GRPC_PORT', 'ZEEBE_MONITORING_PORT', 'ZEEBE_REST_PORT', 'ZEEBE_COMMAND_PORT', 'ZEEBE_INTERNAL_PORT'] as const;

export interface LocalBroker {
  address: string;
  clockUrl: string;
  /** Stops the broker and gives the turn back. */
  release(): void;
}

export interface LocalBrokerOptions {
  /**
   * Pick free ports for those ZEEBE_*_PORT variables that are not set, instead of the script's defaults
   * (26500/9600/8080), which a broker of another checkout on this machine may hold.
   */
  freePorts?: boolean;
}

export async function startLocalBroker(options: LocalBrokerOptions = {}): Promise<LocalBroker> {
  const env: NodeJS.ProcessEnv = { ...process.env, ZEEBE_CLOCK_CONTROLLED: 'true' };
  if (options.freePorts) {
    const taken = new Set<string>();
    for (const name of PORTS) {
      let port = env[name];
      while (port === undefined || taken.has(port)) port = String(await freePort());
      taken.add(port);
      env[name] = port;
    }
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
    address: `127.0.0.1:${env.ZEEBE_GRPC_PORT ?? 26500}`,
    clockUrl: `http://127.0.0.1:${env.ZEEBE_MONITORING_PORT ?? 9600}/actuator/clock`,
    release: () => {
      try {
        zeebe('stop');
      } finally {
        rmSync(TURN, { force: true });
      }
    },
  };
}


/** The turn is taken by creating the pid file; a dead holder's file (or one left empty) is taken over. */
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
    if (Date.now() > giveUpAt) throw new Error(`Another Zeebe test run (pid ${holder}) still holds the local broker after ${WAIT_FOR_TURN_MS / 60_000} minutes`);
    await sleep(1_000);
  }
}

function readHolder(): number | 'gone' | 'stale' {
  try {
    const holder = Number(readFileSync(TURN, 'utf8'));
    if (holder > 0) return isAlive(holder) ? holder : 'stale';
    // Empty: being written this instant, or by a run that died doing so.
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
