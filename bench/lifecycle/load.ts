// The load generator, forked by load-process.ts in a process of its own: signs the demo users in, runs
// one lifecycle to warm the server up, then on 'start' keeps BENCH_CONCURRENCY lifecycles in flight (or
// starts BENCH_RATE a second, at most BENCH_CONCURRENCY in flight), keeps the timings that end between
// 'measure' and 'stop', sends them back and exits (lifecycles still in flight are abandoned).
import { percentile } from '../loopback';
import { PROBES, type HandoffProbe } from './handoff';
import type { FromLoad, Latency, LoadFigures, ToLoad } from './load-process';
import { CITY, REGISTRAR, USERS, lifecycle, type Recorder } from './scenario';
import { signIn, type Session } from './session';
import { settings, sleep } from './settings';

const send = (message: FromLoad) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

const tally = {
  measuring: false,
  since: 0,
  cpu: process.cpuUsage(),
  probeRequests: 0,
  registration: [] as number[],
  completion: [] as number[],
  handoff: [] as number[],
  lifecycle: [] as number[],
  lifecycles: 0,
  started: 0,
  skipped: 0,
  errors: 0,
};
let firstError: string | null = null;
let running = false;
let inFlight = 0;
let next = 1;

const keep = (into: number[]) => (ms: number) => {
  if (tally.measuring) into.push(ms);
};
const recorder: Recorder = { registration: keep(tally.registration), completion: keep(tally.completion), handoff: keep(tally.handoff) };
const ignore: Recorder = { registration: () => {}, completion: () => {}, handoff: () => {} };

function summary(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function one(sessions: Record<string, Session>, probe: HandoffProbe): Promise<void> {
  const n = next++;
  inFlight += 1;
  if (tally.measuring) tally.started += 1;
  const t0 = performance.now();
  try {
    await lifecycle(sessions, probe, n, recorder);
    if (tally.measuring) {
      tally.lifecycles += 1;
      tally.lifecycle.push(performance.now() - t0);
    }
  } catch (e) {
    if (!running) return;
    if (tally.measuring) tally.errors += 1;
    firstError ??= (e as Error).message;
    await sleep(100); // a server refusing everything is not hammered in a tight loop
  } finally {
    inFlight -= 1;
  }
}

/** Closed loop: each slot starts its next lifecycle when the last one ends. */
function closedLoop(sessions: Record<string, Session>, probe: HandoffProbe): void {
  for (let slot = 0; slot < settings.concurrency; slot++) {
    void (async () => {
      while (running) await one(sessions, probe);
    })();
  }
}

/** Open loop: BENCH_RATE starts a second on schedule, skipped while BENCH_CONCURRENCY are in flight. */
function openLoop(sessions: Record<string, Session>, probe: HandoffProbe, rate: number): void {
  const t0 = performance.now();
  let due = 0;
  void (async () => {
    while (running) {
      const target = Math.floor(((performance.now() - t0) / 1000) * rate);
      for (; due < target; due++) {
        if (inFlight < settings.concurrency) void one(sessions, probe);
        else if (tally.measuring) tally.skipped += 1;
      }
      await sleep(5);
    }
  })();
}

async function main(): Promise<void> {
  const base = process.env.BENCH_SERVER_URL!;
  const sessions: Record<string, Session> = {};
  for (const user of USERS) sessions[user] = await signIn(base, user);
  const makeProbe = PROBES[settings.handoff];
  if (!makeProbe) throw new Error(`BENCH_HANDOFF=${settings.handoff}: no such hand-off probe (${Object.keys(PROBES).join(', ')})`);
  const probe = await makeProbe({ base, sessions, city: CITY, reader: REGISTRAR, pollMs: settings.pollMs, stepTimeoutMs: settings.stepTimeoutMs });
  await lifecycle(sessions, probe, 0, ignore); // deployment, caches, JIT
  process.on('message', (message: ToLoad) => {
    if (message.type === 'calibrate') {
      const looks = probe.calibrate ? probe.calibrate(message.times).then(() => message.times) : Promise.resolve(0);
      looks.then(
        (done) => send({ type: 'calibrated', looks: done }),
        (e: Error) => send({ type: 'failed', message: `calibrating the probe: ${e.message}` }),
      );
    } else if (message.type === 'start') {
      running = true;
      if (settings.rate === undefined) closedLoop(sessions, probe);
      else openLoop(sessions, probe, settings.rate);
    } else if (message.type === 'measure') {
      Object.assign(tally, { measuring: true, since: performance.now(), cpu: process.cpuUsage(), probeRequests: probe.requests() });
    } else {
      tally.measuring = false;
      running = false;
      const cpu = process.cpuUsage(tally.cpu);
      const figures: LoadFigures = {
        seconds: (performance.now() - tally.since) / 1000,
        lifecycles: tally.lifecycles,
        started: tally.started,
        inFlight,
        skipped: tally.skipped,
        errors: tally.errors,
        firstError,
        registration: summary(tally.registration),
        completion: summary(tally.completion),
        handoff: summary(tally.handoff),
        lifecycle: summary(tally.lifecycle),
        probeRequests: probe.requests() - tally.probeRequests,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      };
      void send({ type: 'figures', figures }).then(() => process.exit(0));
    }
  });
  await send({ type: 'ready' });
}

main().catch(async (e: Error) => {
  await send({ type: 'failed', message: e.stack ?? e.message });
  process.exit(1);
});
