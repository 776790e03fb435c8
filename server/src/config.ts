// The server's configuration: the one place that reads the environment. It takes the env as an
// argument (tests pass a plain object), checks every variable and fails fast naming each bad one.
import { resolve } from 'node:path';
import { HotlineError } from '@hotline/rules';
import { REPO_ROOT } from './paths';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  | { kind: 'external'; url: string }
  | { kind: 'embedded'; dataDir: string; port: number };

/**
 * The workflow engine: Zeebe when ZEEBE_ADDRESS is set, else the embedded engine on the platform's own
 * PostgreSQL. `controlledClock` lets an admin move the engine's clock (tests, demos): the embedded
 * engine's own switch; on Zeebe the broker decides (ZEEBE_CLOCK_CONTROLLED) and ZEEBE_CLOCK_URL says where.
 */
export type EngineConfig =
  | { kind: 'embedded'; controlledClock: boolean; replicaName?: string }
  | { kind: 'zeebe'; address: string; clockUrl?: string; workerName?: string; userTaskLeaseMs?: number; jobStreaming?: boolean; fuseRuleChains?: boolean };

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  engine: EngineConfig;
  logLevel: LogLevel;
  auth: AuthConfig;
  /** Import the shipped city packs and load their demo organisations when the database lacks them. */
  demoData: boolean;
  /** Check every response against its JSON Schema (a mismatch becomes a 500, not a silent leak). */
  validateResponses: boolean;
  reveals: RevealLimits;
  /** The reverse proxies in front (hops, or their addresses): absent, the peer's address is the client's. */
  trustProxy?: number | string[];
  /** The SMS gateway reminders go out through (SMS_GATEWAY_URL, _KEY); absent: SMS reminders are not sent (marked failed). */
  sms?: { url: string; key: string; idempotent: boolean };
}

/** How many callers one person may reveal, and the patterns that raise a security alert (安全告警). */
export interface RevealLimits {
  /** Reveals per person in any 60 minutes; one more is refused (429) and raises an alert. */
  perHour: number;
  /** … and in any 24 hours. */
  perDay: number;
  /** More than `burstCount` reveals within `burstMinutes` raise an alert (the reveal is still allowed). */
  burstCount: number;
  burstMinutes: number;
  /** More than this many reveals in 60 minutes of tickets the person holds no task of raise an alert. */
  beyondTasksPerHour: number;
}

export interface AuthConfig {
  /** Absolute lifetime of a session, however busy. */
  sessionTtlMinutes: number;
  /** A session unused this long ends (idle timeout). */
  sessionIdleMinutes: number;
  maxFailedLogins: number;
  /** The first lock's length; each further lock in a row lasts twice as long (at most a day). */
  lockMinutes: number;
  /**
   * Mark the session cookie Secure and send HSTS: the server is reached over HTTPS (directly or
   * through a TLS-terminating proxy). On unless it listens on loopback only.
   */
  secureCookie: boolean;
  /** Which password rules apply (password-policy.ts). */
  passwordPolicy: PasswordPolicyName;
  /** Under the dengbao preset: a password older than this must be changed at the next sign-in. */
  passwordMaxAgeDays: number;
  /** Whether the demo accounts (publicly known passwords) may sign in. */
  demoAccountsAllowed: boolean;
  /** Sign-in attempts per client address in a window, then 429 with Retry-After. */
  loginRate: { max: number; windowSeconds: number };
}

export const PASSWORD_POLICIES = ['asvs', 'dengbao'] as const;
export type PasswordPolicyName = (typeof PASSWORD_POLICIES)[number];

/**
 * Demo accounts sign in only on a developer's or a demo machine: not in production and not on a server
 * others can reach, unless ALLOW_DEMO_ACCOUNTS says so explicitly.
 */
export function demoAccountsAllowed(options: { host: string; nodeEnv: string | undefined; allow: boolean | undefined }): boolean {
  return options.allow ?? (options.nodeEnv !== 'production' && isLoopback(options.host));
}

export class ConfigError extends HotlineError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super('CONFIG_INVALID', `the server configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** One environment variable: its default (absent: optional) and how its text becomes a value. */
interface Variable<T> {
  name: string;
  default?: string;
  parse: (raw: string) => T;
}

const integer = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new Error(`must be a whole number from ${min} to ${max}`);
  return n;
};
const flag = (raw: string) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error('must be true or false');
};
const oneOf = <T extends string>(values: readonly T[]) => (raw: string) => {
  if (!(values as readonly string[]).includes(raw)) throw new Error(`must be one of ${values.join(', ')}`);
  return raw as T;
};
const postgresUrl = (raw: string) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a URL such as postgres://user:password@host:5432/hotline');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('must start with postgres:// or postgresql://');
  return raw;
};
const text = (raw: string) => raw;
const proxies = (raw: string): number | string[] => {
  if (/^\d{1,2}$/.test(raw.trim())) return Number(raw);
  const list = raw.split(',').map((a) => a.trim());
  if (list.some((a) => !/^[0-9a-f:.]+(\/\d{1,3})?$/i.test(a))) {
    throw new Error('must be the number of proxies in front (e.g. 1) or their addresses and ranges, comma-separated (e.g. 10.0.0.5,10.1.0.0/16)');
  }
  return list;
};
const hostPort = (raw: string) => {
  if (!/^[^\s:/]+:\d{1,5}$/.test(raw)) throw new Error('must be host:port, e.g. 127.0.0.1:26500');
  return raw;
};
const httpUrl = (raw: string) => {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new Error('must be an http(s) URL such as http://127.0.0.1:9600/actuator/clock');
  return raw;
};

export const VARIABLES = {
  /** HTTP port of the API. */
  port: { name: 'PORT', default: '8345', parse: integer(1, 65535) },
  /** Address to bind; 127.0.0.1 keeps a laptop's server private, 0.0.0.0 serves the network. */
  host: { name: 'HOST', default: '127.0.0.1', parse: text },
  /** An existing PostgreSQL; without it the server runs its own embedded one under DATA_DIR. */
  databaseUrl: { name: 'DATABASE_URL', parse: postgresUrl },
  /** Where the embedded PostgreSQL keeps its files (relative paths are from the repository root). */
  dataDir: { name: 'DATA_DIR', default: '.data', parse: text },
  /** Port of the embedded PostgreSQL (127.0.0.1 only). */
  embeddedPostgresPort: { name: 'EMBEDDED_PG_PORT', default: '8346', parse: integer(1, 65535) },
  logLevel: { name: 'LOG_LEVEL', default: 'info', parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) },
  /** Absolute lifetime of a session (minutes), however busy. */
  sessionTtlMinutes: { name: 'SESSION_TTL_MINUTES', default: '480', parse: integer(1, 60 * 24 * 30) },
  /** A session unused this many minutes ends (idle timeout; 等保 2.0 asks for one). */
  sessionIdleMinutes: { name: 'SESSION_IDLE_MINUTES', default: '30', parse: integer(1, 60 * 24) },
  /** Failed logins in a row that lock an account … */
  maxFailedLogins: { name: 'LOGIN_MAX_FAILURES', default: '5', parse: integer(1, 100) },
  /** … and for how long the first time (each further lock in a row doubles it, at most a day). */
  lockMinutes: { name: 'LOGIN_LOCK_MINUTES', default: '15', parse: integer(1, 60 * 24) },
  /** Sign-in attempts one client address may make per window before 429 (people behind one NAT share it). */
  loginRateMax: { name: 'LOGIN_RATE_MAX', default: '20', parse: integer(1, 100_000) },
  loginRateWindowSeconds: { name: 'LOGIN_RATE_WINDOW_SECONDS', default: '60', parse: integer(1, 24 * 3600) },
  /** Password rules: asvs (≥ 12 characters, not a common password) or dengbao (≥ 8, 3 of 4 character classes, periodic change). */
  passwordPolicy: { name: 'PASSWORD_POLICY', default: 'asvs', parse: oneOf(PASSWORD_POLICIES) },
  /** dengbao only: days after which a password must be changed. */
  passwordMaxAgeDays: { name: 'PASSWORD_MAX_AGE_DAYS', default: '90', parse: integer(1, 3650) },
  /** Let the demo accounts sign in; default: only when NODE_ENV is not production and HOST is loopback. */
  allowDemoAccounts: { name: 'ALLOW_DEMO_ACCOUNTS', parse: flag },
  /**
   * The server is reached over HTTPS (itself or a TLS proxy in front): the session cookies are Secure and
   * responses carry HSTS. Default: on, unless HOST is loopback (127.0.0.1, ::1, localhost: a laptop over http).
   */
  secureCookie: { name: 'COOKIE_SECURE', parse: flag },
  /** Demo data (shipped packs, demo units and users with known passwords): on by default only for the embedded database. */
  demoData: { name: 'DEMO_DATA', parse: flag },
  validateResponses: { name: 'VALIDATE_RESPONSES', default: 'true', parse: flag },
  /**
   * The reverse proxies in front that may say who the client is (X-Forwarded-For): how many, or their
   * addresses. Without it, behind a proxy every client has the proxy's address — one person's guesses
   * would throttle the whole city's sign-ins, and the audit trail would name the proxy.
   */
  trustProxy: { name: 'TRUST_PROXY', parse: proxies },
  /** A Zeebe gateway (gRPC, plaintext); without it the embedded engine runs on the platform's PostgreSQL. */
  zeebeAddress: { name: 'ZEEBE_ADDRESS', parse: hostPort },
  /** The broker's actuator clock, e.g. http://127.0.0.1:9600/actuator/clock (moves only on a broker started with ZEEBE_CLOCK_CONTROLLED=true). */
  zeebeClockUrl: { name: 'ZEEBE_CLOCK_URL', parse: httpUrl },
  /** The worker name the broker records on the jobs this server takes. */
  zeebeWorkerName: { name: 'ZEEBE_WORKER_NAME', default: 'hotline-server', parse: text },
  /** How long an announced user task stays leased to this server; a lease that lapses announces it again (after a crash, sooner is better). */
  zeebeUserTaskLeaseMs: { name: 'ZEEBE_USER_TASK_LEASE_MS', parse: integer(1_000, 30 * 24 * 3_600_000) },
  /** Jobs pushed by the broker as it creates them (job streaming), besides the activation poll; false: the poll alone. */
  zeebeJobStreaming: { name: 'ZEEBE_JOB_STREAMING', default: 'true', parse: flag },
  /** Consecutive rule steps deployed as one job (rule chains); false: a job per step. */
  zeebeFuseRuleChains: { name: 'ZEEBE_FUSE_RULE_CHAINS', default: 'true', parse: flag },
  /** Caller reveals one person may make in any 60 minutes; the next is refused (429) and raises a security alert. */
  revealRatePerHour: { name: 'REVEAL_RATE_PER_HOUR', default: '30', parse: integer(1, 10_000) },
  /** … and in any 24 hours. */
  revealRatePerDay: { name: 'REVEAL_RATE_PER_DAY', default: '100', parse: integer(1, 100_000) },
  /** More than this many reveals by one person within REVEAL_BURST_MINUTES raise a security alert (bulk reveal). */
  revealBurstCount: { name: 'REVEAL_BURST_COUNT', default: '10', parse: integer(1, 10_000) },
  revealBurstMinutes: { name: 'REVEAL_BURST_MINUTES', default: '5', parse: integer(1, 24 * 60) },
  /** More than this many reveals in 60 minutes of tickets the person holds no task of (by a reason category) raise a security alert. */
  revealBeyondTasksPerHour: { name: 'REVEAL_BEYOND_TASKS_PER_HOUR', default: '10', parse: integer(1, 10_000) },
  /** The embedded engine's name on the jobs it takes: one per server replica on the database, kept across restarts (default: the host name). */
  engineReplicaName: { name: 'ENGINE_REPLICA_NAME', parse: text },
  /** Let admins move the embedded engine's clock (POST /api/engine/clock): tests and demos only. */
  engineClockControlled: { name: 'ENGINE_CLOCK_CONTROLLED', default: 'false', parse: flag },
  /** The SMS gateway's HTTP endpoint reminders are posted to ({ to, text } as JSON; README "Reminders"). */
  smsGatewayUrl: { name: 'SMS_GATEWAY_URL', parse: (raw: string) => {
      if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new Error('must be an http(s) URL such as https://sms.example.gov.cn/api/send');
      return raw;
    },
  },
  /** Its key, sent as `Authorization: Bearer <key>`; required with SMS_GATEWAY_URL. */
  smsGatewayKey: { name: 'SMS_GATEWAY_KEY', parse: text },
  /**
   * Whether the gateway sends one message per Idempotency-Key: then a reminder whose sending a crash
   * interrupted is sent again with the same key; otherwise it is not sent again (marked for a person to check).
   */
  smsGatewayIdempotent: { name: 'SMS_GATEWAY_IDEMPOTENT', default: 'true', parse: flag },
} satisfies Record<string, Variable<unknown>>;

/** A host name that only this machine reaches. */
export function isLoopback(host: string): boolean {
  return /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i.test(host.trim());
}

export function loadConfig(env: Env): ServerConfig {
  const problems: string[] = [];
  function read<T>(variable: Variable<T> & { default: string }): T;
  function read<T>(variable: Variable<T>): T | undefined;
  function read<T>(variable: Variable<T>): T | undefined {
    const raw = env[variable.name]?.trim() || variable.default;
    if (raw === undefined) return undefined;
    try {
      return variable.parse(raw);
    } catch (e) {
      problems.push(`${variable.name}=${JSON.stringify(env[variable.name] ?? raw)}: ${(e as Error).message}`);
      return undefined as T; // never returned: the problems are thrown below
    }
  }
  // read in declaration order, so the problems come in the order the variables are documented
  const port = read(VARIABLES.port);
  const host = read(VARIABLES.host);
  const databaseUrl = read(VARIABLES.databaseUrl);
  const dataDir = read(VARIABLES.dataDir);
  const embeddedPort = read(VARIABLES.embeddedPostgresPort);
  const logLevel = read(VARIABLES.logLevel);
  const auth: AuthConfig = {
    sessionTtlMinutes: read(VARIABLES.sessionTtlMinutes),
    sessionIdleMinutes: read(VARIABLES.sessionIdleMinutes),
    maxFailedLogins: read(VARIABLES.maxFailedLogins),
    lockMinutes: read(VARIABLES.lockMinutes),
    loginRate: { max: read(VARIABLES.loginRateMax), windowSeconds: read(VARIABLES.loginRateWindowSeconds) },
    passwordPolicy: read(VARIABLES.passwordPolicy),
    passwordMaxAgeDays: read(VARIABLES.passwordMaxAgeDays),
    demoAccountsAllowed: demoAccountsAllowed({ host: host ?? '', nodeEnv: env.NODE_ENV, allow: read(VARIABLES.allowDemoAccounts) }),
    secureCookie: read(VARIABLES.secureCookie) ?? !isLoopback(host),
  };
  const demoData = read(VARIABLES.demoData) ?? databaseUrl === undefined;
  const validateResponses = read(VARIABLES.validateResponses);
  const trustProxy = read(VARIABLES.trustProxy);
  const zeebeAddress = read(VARIABLES.zeebeAddress);
  const zeebeClockUrl = read(VARIABLES.zeebeClockUrl);
  const zeebeWorkerName = read(VARIABLES.zeebeWorkerName);
  const zeebeUserTaskLeaseMs = read(VARIABLES.zeebeUserTaskLeaseMs);
  const zeebeJobStreaming = read(VARIABLES.zeebeJobStreaming);
  const zeebeFuseRuleChains = read(VARIABLES.zeebeFuseRuleChains);
  const engineClockControlled = read(VARIABLES.engineClockControlled);
  const engineReplicaName = read(VARIABLES.engineReplicaName);
  const smsGatewayUrl = read(VARIABLES.smsGatewayUrl);
  const smsGatewayKey = read(VARIABLES.smsGatewayKey);
  const smsGatewayIdempotent = read(VARIABLES.smsGatewayIdempotent);
  if (smsGatewayUrl !== undefined && !smsGatewayKey) problems.push('SMS_GATEWAY_KEY: is required with SMS_GATEWAY_URL (the gateway\'s key)');
  const reveals: RevealLimits = {
    perHour: read(VARIABLES.revealRatePerHour),
    perDay: read(VARIABLES.revealRatePerDay),
    burstCount: read(VARIABLES.revealBurstCount),
    burstMinutes: read(VARIABLES.revealBurstMinutes),
    beyondTasksPerHour: read(VARIABLES.revealBeyondTasksPerHour),
  };
  const config: ServerConfig = {
    port,
    host,
    database: databaseUrl ? { kind: 'external', url: databaseUrl } : { kind: 'embedded', dataDir: resolve(REPO_ROOT, dataDir, 'postgres'), port: embeddedPort },
    engine: zeebeAddress
      ? {
          kind: 'zeebe',
          address: zeebeAddress,
          workerName: zeebeWorkerName,
          ...(zeebeClockUrl ? { clockUrl: zeebeClockUrl } : {}),
          ...(zeebeUserTaskLeaseMs ? { userTaskLeaseMs: zeebeUserTaskLeaseMs } : {}),
          jobStreaming: zeebeJobStreaming,
          fuseRuleChains: zeebeFuseRuleChains,
        }
      : { kind: 'embedded', controlledClock: engineClockControlled, ...(engineReplicaName ? { replicaName: engineReplicaName } : {}) },
    logLevel,
    auth,
    demoData,
    validateResponses,
    reveals,
    ...(trustProxy === undefined ? {} : { trustProxy }),
    ...(smsGatewayUrl && smsGatewayKey ? { sms: { url: smsGatewayUrl, key: smsGatewayKey, idempotent: smsGatewayIdempotent } } : {}),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
