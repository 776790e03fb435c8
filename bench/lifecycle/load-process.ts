// The load generator runs in its own OS process (load.ts, forked with tsx), so its CPU is not the
// server's; the bench tells it over the IPC channel when to start loading, when the measured window
// opens and when it closes, and gets its figures back.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { stopProcess } from './server-process';
import { ROOT } from './settings';

/** p50/p95 in ms of the timings that ended inside the measured window. */
export interface Latency {
  n: number;
  p50: number;
  p95: number;
}

export interface LoadFigures {
  /** The measured window as the load generator saw it. */
  seconds: number;
  /** Lifecycles that ended (ticket closed) inside the window. */
  lifecycles: number;
  /** Lifecycles started inside the window, and those still in flight at its end (a stalled server shows here). */
  started: number;
  inFlight: number;
  /** BENCH_RATE only: starts skipped because BENCH_CONCURRENCY lifecycles were already in flight. */
  skipped: number;
  /** Lifecycles that failed inside the window, and the first failure of the run. */
  errors: number;
  firstError: string | null;
  registration: Latency;
  completion: Latency;
  handoff: Latency;
  lifecycle: Latency;
  /** Requests the hand-off probe sent inside the window. */
  probeRequests: number;
  /** The load generator's own CPU seconds inside the window. */
  cpuSeconds: number;
}

export type ToLoad = { type: 'calibrate'; times: number } | { type: 'start' } | { type: 'measure' } | { type: 'stop' };
export type FromLoad = { type: 'ready' } | { type: 'calibrated'; looks: number } | { type: 'figures'; figures: LoadFigures } | { type: 'failed'; message: string };

export interface LoadProcess {
  pid: number;
  /** Has the probe look `times` for a missing task (see HandoffProbe.calibrate); the looks made (0: the probe has none). */
  calibrate(times: number): Promise<number>;
  start(): void;
  measure(): void;
  /** Closes the window; the load generator answers with its figures and exits. */
  stop(): Promise<LoadFigures>;
  kill(): Promise<void>;
}

export async function startLoad(serverUrl: string): Promise<LoadProcess> {
  const child = fork(join(ROOT, 'bench', 'lifecycle', 'load.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_SERVER_URL: serverUrl } });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = <T extends FromLoad['type']>(type: T) =>
    new Promise<Extract<FromLoad, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromLoad) => {
        if (message.type === type) resolve(message as Extract<FromLoad, { type: T }>);
        else if (message.type === 'failed') reject(new Error(`load generator: ${message.message}`));
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`the load generator exited (code ${code})`)));
    });
  const tell = (message: ToLoad) => child.send(message);
  await next('ready');
  return {
    pid: child.pid!,
    calibrate: async (times) => {
      const done = next('calibrated');
      tell({ type: 'calibrate', times });
      return (await done).looks;
    },
    start: () => tell({ type: 'start' }),
    measure: () => tell({ type: 'measure' }),
    stop: async () => {
      const figures = next('figures');
      tell({ type: 'stop' });
      return (await figures).figures;
    },
    kill: () => stopProcess(child, exited),
  };
}
