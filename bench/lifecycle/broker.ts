// The local Zeebe broker of scripts/zeebe.sh for the Zeebe run, taken the way test runs take it
// (@hotline/engine-adapters/local-broker: their turn file, fresh free ports, started and stopped here),
// and its JVM's pid from the script's pid file, for the broker's CPU.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalBroker } from '@hotline/engine-adapters/local-broker';
import { ROOT } from './settings';

export interface Broker {
  address: string;
  /** The broker's JVM (scripts/zeebe.sh's .data/zeebe/broker.pid); null if the file cannot be read. */
  pid: number | null;
  /** The broker's Prometheus endpoint (actuator), for the jobs it created. */
  metricsUrl: string;
}

export interface JobsCreated {
  service: number;
  userTask: number;
}

const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

/** Jobs the broker created so far (`zeebe_job_events_total{action="created"}`), user tasks apart; null if it cannot be read. */
export async function jobsCreated(metricsUrl: string): Promise<JobsCreated | null> {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const jobs: JobsCreated = { service: 0, userTask: 0 };
    for (const line of text.split('\n')) {
      if (!line.startsWith('zeebe_job_events_total{') || !line.includes('action="created"')) continue;
      const count = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (line.includes(`type="${USER_TASK_JOB_TYPE}"`)) jobs.userTask += count;
      else jobs.service += count;
    }
    return jobs;
  } catch {
    return null;
  }
}

/** Runs `work` on a broker started for it; a broker that cannot be installed or started is a reason, not an error. */
export async function withBroker<T>(work: (broker: Broker) => Promise<T>): Promise<T | { notRun: string }> {
  let broker: Awaited<ReturnType<typeof startLocalBroker>>;
  try {
    broker = await startLocalBroker({ freePorts: true });
  } catch (e) {
    return { notRun: `scripts/zeebe.sh could not start a broker (${(e as Error).message.split('\n')[0]})` };
  }
  try {
    let pid: number | null = null;
    try {
      pid = Number(readFileSync(join(ROOT, '.data', 'zeebe', 'broker.pid'), 'utf8').trim()) || null;
    } catch {
      // no pid file: the broker's CPU is not reported
    }
    return await work({ address: broker.address, pid, metricsUrl: broker.clockUrl.replace(/\/clock$/, '/prometheus') });
  } finally {
    broker.release();
  }
}
