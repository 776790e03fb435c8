// What the HTTP benches share: signing a demo user in, timing requests from a worker thread (its own
// event loop, so the timings are the server's answer), percentiles.
import { Worker } from 'node:worker_threads';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'hotline-demo' }) });
  if (!res.ok) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A path is a GET; { path, body } a POST of that JSON body. */
export type Request = string | { path: string; body: unknown };

/** One request at a time, at most `maxMs` in all: n, p50, p95 and max in ms. */
export async function measure(base: string, token: string, paths: Request[], maxMs = 60_000) {
  const worker = new Worker(new URL('./portal-client.mjs', import.meta.url), { workerData: { base, token, paths, maxMs } });
  const result = await new Promise<{ latencies: number[]; failures: number; firstFailure: string | null }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (result.failures > 0) throw new Error(`${result.failures} request(s) failed, the first: ${result.firstFailure}`);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN };
}

export const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
