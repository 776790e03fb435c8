// Preloaded into the server's process by bench:rss (NODE_OPTIONS=--import), since the server exposes no
// memory figures: samples process.memoryUsage() every 250 ms, keeps each field's peak, and on SIGUSR2
// writes the current sample and the peaks to BENCH_MEMORY_FILE. With BENCH_HEAP_SNAPSHOT_AT=<seconds>
// it also writes a V8 heap snapshot that long after the process started (next to the file).
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

const file = process.env.BENCH_MEMORY_FILE;
if (file) {
  const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    for (const field of Object.keys(peak)) peak[field] = Math.max(peak[field], now[field]);
    return now;
  };
  setInterval(sample, 250).unref();
  process.on('SIGUSR2', () => writeFileSync(file, JSON.stringify({ now: sample(), peak })));
  const at = Number(process.env.BENCH_HEAP_SNAPSHOT_AT);
  if (at > 0) setTimeout(() => writeHeapSnapshot(`${dirname(file)}/server-${Math.round(at)}s.heapsnapshot`), at * 1000).unref();
}
