// Preloaded into the server's process by bench:rss (NODE_OPTIONS=--import), since the server exposes no
// memory figures: samples process.memoryUsage() every 250 ms and keeps each field's peak. On SIGUSR2 it
// writes to BENCH_MEMORY_FILE the current sample and the peaks; on SIGWINCH the same plus the heap after a
// full garbage collection (what is held, not garbage waiting: the collection itself changes later figures,
// so the bench asks for it last). With BENCH_HEAP_PROFILE=1 V8's sampling heap profiler runs from the
// start, and each SIGWINCH (and BENCH_HEAP_PROFILE_AT seconds after the start, if set) also writes what is
// held, by the stack that allocated it (server-<when>.heapprofile beside the file; bench/rss/heap-profile.ts
// sums it, Chrome DevTools opens it). BENCH_CPU_PROFILE_AT=<seconds> writes a CPU profile of the first seconds.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { dirname, join } from 'node:path';

const file = process.env.BENCH_MEMORY_FILE;
if (file) {
  const session = new Session();
  session.connect();
  const post = (method, params = {}) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  const profiling = process.env.BENCH_HEAP_PROFILE === '1';
  if (profiling) void post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024 });
  const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    for (const field of Object.keys(peak)) peak[field] = Math.max(peak[field], now[field]);
    return now;
  };
  setInterval(sample, 250).unref();
  const held = async (name) => {
    await post('HeapProfiler.collectGarbage');
    const afterGc = process.memoryUsage();
    if (profiling) writeFileSync(join(dirname(file), `server-${name}.heapprofile`), JSON.stringify((await post('HeapProfiler.getSamplingProfile')).profile));
    return afterGc;
  };
  process.on('SIGUSR2', () => writeFileSync(file, JSON.stringify({ now: sample(), peak })));
  let collections = 0;
  process.on('SIGWINCH', () => {
    const now = sample();
    collections += 1;
    void held(`collection${collections}`).then((afterGc) => writeFileSync(file, JSON.stringify({ now, peak, afterGc })));
  });
  // BENCH_CPU_PROFILE_AT=<seconds>: the CPU profile of the server's first seconds (its start-up), beside the file
  const cpuAt = Number(process.env.BENCH_CPU_PROFILE_AT);
  if (cpuAt > 0) {
    void post('Profiler.enable').then(() => post('Profiler.start'));
    setTimeout(() => void post('Profiler.stop').then(({ profile }) => writeFileSync(join(dirname(file), `server-${cpuAt}s.cpuprofile`), JSON.stringify(profile))), cpuAt * 1000).unref();
  }
  const at = Number(process.env.BENCH_HEAP_PROFILE_AT);
  if (profiling && at > 0) setTimeout(() => void held(`${at}s`), at * 1000).unref();
}
