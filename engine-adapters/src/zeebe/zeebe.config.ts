// Configuration of the Zeebe adapter. Passed in explicitly; `zeebeConfigFromEnv` is the one place that
// reads an environment, and it takes the env object as an argument so tests pass a plain object.
import { EngineError } from '../port';

export interface ZeebeEngineConfig {
  /** gRPC gateway as host:port, plaintext, no OAuth (the local broker). Env `ZEEBE_ADDRESS`. */
  address: string;
  /**
   * Zeebe's actuator clock endpoint, e.g. http://127.0.0.1:9600/actuator/clock. Only a broker started
   * with ZEEBE_CLOCK_CONTROLLED=true lets it move. Without it the engine's time is the system time and
   * cannot be moved. Env `ZEEBE_CLOCK_URL`.
   */
  clockUrl?: string;
  /** Worker name the broker records on activated jobs. Env `ZEEBE_WORKER_NAME`, default `hotline`. */
  workerName: string;
  /** Lease of a service job; extended while its handler runs, so long handlers need no huge value. */
  jobTimeoutMs: number;
  /** Wait before a failed job is handed out again. */
  jobRetryBackoffMs: number;
  /** Lease of an announced user task; when it lapses the task is announced again (listeners are idempotent). */
  userTaskLeaseMs: number;
  /** After a listener failed, the task is announced again this soon. */
  userTaskRetryMs: number;
  /**
   * How long a worker's activation request waits for a job at the gateway. The client also ends it after
   * this much real time, so a missed "jobs available" notice delays a job by at most this long; the SDK's
   * 60 s default made one missed notice (seen after a broker clock move) a minute's stall.
   */
  workerLongPollMs: number;
  /**
   * Jobs are pushed to the adapter as the broker creates them (job streaming, Zeebe 8.4+), besides the
   * activation poll that finds the others. Off: the poll alone (a gateway that cannot hold streams).
   * Env `ZEEBE_JOB_STREAMING=false`.
   */
  jobStreaming: boolean;
  /**
   * Consecutive service tasks whose job types have `inStep` handlers are deployed as one job
   * (rule-chains.ts). Env `ZEEBE_FUSE_RULE_CHAINS=false` (`zeebeConfigFromEnv`, the server's config)
   * deploys a job per step.
   */
  fuseRuleChains: boolean;
  /** Wait between one activation poll's answer and the next request (the SDK's default: 300 ms). */
  workerPollIntervalMs: number;
  /** Jobs a worker holds at once, per job type. */
  maxJobsPerWorker: number;
  /** Retries of a command the gateway could not take (unavailable, back-pressure) before it fails. */
  commandRetries: number;
  /** The SDK's own logging. */
  logLevel: 'NONE' | 'INFO' | 'DEBUG';
  /** Where the adapter reports what it cannot hand to anyone (an outcome lost, a listener that failed). */
  log: (message: string) => void;
}

export const zeebeDefaults: Omit<ZeebeEngineConfig, 'address'> = {
  workerName: 'hotline',
  jobTimeoutMs: 30_000,
  jobRetryBackoffMs: 5_000,
  userTaskLeaseMs: 24 * 60 * 60 * 1000,
  userTaskRetryMs: 30_000,
  workerLongPollMs: 10_000,
  jobStreaming: true,
  fuseRuleChains: true,
  workerPollIntervalMs: 100,
  maxJobsPerWorker: 32,
  commandRetries: 5,
  logLevel: 'INFO',
  log: (message) => console.error(`[zeebe] ${message}`),
};

export type ZeebeEngineOptions = Pick<ZeebeEngineConfig, 'address'> & Partial<ZeebeEngineConfig>;

export function withZeebeDefaults(options: ZeebeEngineOptions): ZeebeEngineConfig {
  const config = { ...zeebeDefaults, ...options };
  if (!/^[^\s:]+:\d+$/.test(config.address)) {
    throw new EngineError('INVALID_ARGUMENT', `Zeebe address must be host:port, got "${config.address}"`);
  }
  if (config.clockUrl !== undefined && !URL.canParse(config.clockUrl)) {
    throw new EngineError('INVALID_ARGUMENT', `Zeebe clock URL is not a URL: "${config.clockUrl}"`);
  }
  return config;
}

/** Reads ZEEBE_ADDRESS (required), ZEEBE_CLOCK_URL, ZEEBE_WORKER_NAME, ZEEBE_JOB_STREAMING and ZEEBE_FUSE_RULE_CHAINS; fails fast on a bad value. */
export function zeebeConfigFromEnv(env: Record<string, string | undefined>): ZeebeEngineConfig {
  const address = env.ZEEBE_ADDRESS;
  if (!address) throw new EngineError('INVALID_ARGUMENT', 'ZEEBE_ADDRESS is not set (host:port of the Zeebe gateway)');
  return withZeebeDefaults({
    address,
    ...(env.ZEEBE_CLOCK_URL ? { clockUrl: env.ZEEBE_CLOCK_URL } : {}),
    ...(env.ZEEBE_WORKER_NAME ? { workerName: env.ZEEBE_WORKER_NAME } : {}),
    ...(env.ZEEBE_JOB_STREAMING === 'false' ? { jobStreaming: false } : {}),
    ...(env.ZEEBE_FUSE_RULE_CHAINS === 'false' ? { fuseRuleChains: false } : {}),
  });
}
