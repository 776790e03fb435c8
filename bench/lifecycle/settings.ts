// bench:lifecycle's settings, read once from the environment by the bench and by its load generator
// (the child inherits the environment). Each is documented in the README's "Benchmarks" section.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function number(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw}: a positive number is needed`);
  return value;
}

export const settings = {
  /** Seconds of measured load per engine, after the warm-up. */
  seconds: number('BENCH_SECONDS', 30),
  /** Seconds of load before the measurement starts (connections, JIT, queues filled), not counted. */
  warmupSeconds: number('BENCH_WARMUP', 10),
  /** Lifecycles in flight at once (closed loop); with BENCH_RATE, the most in flight at once. */
  concurrency: Math.round(number('BENCH_CONCURRENCY', 64)),
  /** Lifecycles started per second (open loop); absent: each of the concurrency slots starts the next one when its last ends. */
  rate: process.env.BENCH_RATE ? number('BENCH_RATE', 1) : undefined,
  engines: (process.env.BENCH_ENGINES ?? 'embedded,zeebe').split(',').map((engine) => engine.trim()),
  /** How the load generator sees the next task: the name of a probe in handoff.ts (events: the live stream; poll: the inbox). */
  handoff: process.env.BENCH_HANDOFF ?? 'events',
  /** The polling probe's pause between two looks at the inbox. */
  pollMs: number('BENCH_POLL_MS', 20),
  /** One step (a task appearing, the ticket closing) taking longer than this fails its lifecycle. */
  stepTimeoutMs: number('BENCH_STEP_TIMEOUT', 60) * 1000,
  /** A folder: the server writes a V8 CPU profile there (`--cpu-prof`) when it stops. */
  cpuProfileDir: process.env.BENCH_CPU_PROF || undefined,
  /** Seconds of the plain-pg transaction ceiling. */
  pgCeilingSeconds: number('BENCH_PG_CEILING_SECONDS', 5),
  /** Connections of the plain-pg ceiling. */
  pgCeilingClients: Math.round(number('BENCH_PG_CEILING_CLIENTS', 4)),
  /** Seconds of the broker's one-task-process ceiling. */
  zeebeCeilingSeconds: number('BENCH_ZEEBE_CEILING_SECONDS', 12),
  /** Process instances in flight at once in the broker ceiling. */
  zeebeCeilingInFlight: Math.round(number('BENCH_ZEEBE_CEILING_IN_FLIGHT', 32)),
};

export type Settings = typeof settings;
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
