// Starts the local Zeebe broker (scripts/zeebe.sh) with the controlled clock for the Zeebe tests and
// stops it afterwards. A broker that cannot be installed or started fails the run, loudly.
// A broker that already runs is restarted: the tests need its clock controlled and at system time
// (a clock an earlier run moved ahead cannot be set back without stalling the broker; see
// src/zeebe/actuator-clock.ts). Test runs take turns: two at once would share one broker, their
// workers taking each other's jobs, and one's restart killing the other's broker.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    zeebe: { address: string; clockUrl: string };
  }
}

const script = fileURLToPath(new URL('../../scripts/zeebe.sh', import.meta.url));
const turn = fileURLToPath(new URL('../../.data/zeebe/test-run.pid', import.meta.url));
const WAIT_FOR_TURN_MS = 10 * 60_000;
const env: NodeJS.ProcessEnv = { ...process.env, ZEEBE_CLOCK_CONTROLLED: 'true' };
const zeebe = (command: string): void => {
  execFileSync('bash', [script, command], { env, stdio: 'inherit' });
};

export default async function setup(project: TestProject): Promise<() => void> {
  await takeTurn();
  zeebe('install');
  zeebe('stop');
  zeebe('start');
  project.provide('zeebe', {
    address: `127.0.0.1:${env.ZEEBE_GRPC_PORT ?? 26500}`,
    clockUrl: `http://127.0.0.1:${env.ZEEBE_MONITORING_PORT ?? 9600}/actuator/clock`,
  });
  return () => {
    try {
      zeebe('stop');
    } finally {
      rmSync(turn, { force: true });
    }
  };
}

/**
 * The turn is a pid file created with O_EXCL, so only one run gets it; a dead holder's file (or one left
 * empty by a run that died while writing it) is taken over.
 */
async function takeTurn(): Promise<void> {
  mkdirSync(dirname(turn), { recursive: true });
  const giveUpAt = Date.now() + WAIT_FOR_TURN_MS;
  for (;;) {
    try {
      writeFileSync(turn, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder();
    if (holder === 'gone') continue;
    if (holder === 'stale') {
      rmSync(turn, { force: true });
      continue;
    }
    if (Date.now() > giveUpAt) throw new Error(`Another Zeebe test run (pid ${holder}) still holds the local broker after ${WAIT_FOR_TURN_MS / 60_000} minutes`);
    await sleep(1_000);
  }
}

function readHolder(): number | 'gone' | 'stale' {
  try {
    const holder = Number(readFileSync(turn, 'utf8'));
    if (holder > 0) return isAlive(holder) ? holder : 'stale';
    // Empty: being written this instant, or by a run that died doing so.
    return Date.now() - statSync(turn).mtimeMs > 5_000 ? 'stale' : 0;
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
