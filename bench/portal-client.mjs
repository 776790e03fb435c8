// The load side of bench/portal.ts, in its own thread (its own event loop, so the timings are the
// server's answer, not the bench's bookkeeping): one request at a time to loopback, a bounded count
// and a time cap, then the latencies go back to the main thread.
import { parentPort, workerData } from 'node:worker_threads';

const { base, token, paths, maxMs } = workerData;
const started = Date.now();
const latencies = [];
let failures = 0;
let firstFailure = null;
// a path is a GET; { path, body } a POST of that JSON body
for (const request of paths) {
  if (Date.now() - started > maxMs) break;
  const path = typeof request === 'string' ? request : request.path;
  const init =
    typeof request === 'string'
      ? { headers: { authorization: `Bearer ${token}` } }
      : { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(request.body) };
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, init);
  const body = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) {
    failures += 1;
    firstFailure ??= `${res.status} ${path}: ${body.slice(0, 300)}`;
  } else latencies.push(ms);
}
parentPort.postMessage({ latencies, failures, firstFailure });
