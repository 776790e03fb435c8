// `npm start`: the platform server with its configuration from the environment. It stops whole —
// HTTP, engine, database and the embedded PostgreSQL — on SIGINT/SIGTERM/SIGHUP and on a fatal error,
// so no postmaster outlives it (after a SIGKILL, the next start takes the orphan over: @hotline/postgres).
import { HotlineError } from '@hotline/rules';
import { loadConfig } from './config';
import { type RunningServer, startServer } from './server';

/** A close that hangs (a stuck request, an engine call) must not keep the process, and PostgreSQL, alive. */
const CLOSE_TIMEOUT_MS = 30_000;

async function closeWithin(server: RunningServer): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    server.close(),
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not close within ${CLOSE_TIMEOUT_MS / 1000} s`)), CLOSE_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

// The handlers come first: a signal that arrived before them would end the process at once (the
// default action), leaving PostgreSQL running; one during start-up waits for the start, then stops.
const starting = (async () => startServer(loadConfig(process.env)))(); // a bad configuration rejects it too
let stopping = false;
const stop = async (reason: Record<string, unknown>, code: number) => {
  if (stopping) return;
  stopping = true;
  const server = await starting.catch(() => null);
  if (server === null) return; // the start failed: it says why and exits below
  if (code === 0) server.log.info(reason, 'stopping');
  else server.log.fatal(reason, 'stopping after a fatal error');
  try {
    await closeWithin(server);
  } catch (e) {
    server.log.error({ err: e }, 'could not close cleanly');
    code = code || 1;
  }
  process.exit(code); // the embedded PostgreSQL's exit hook signals it if close did not stop it
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop({ signal }, 0));
process.once('uncaughtException', (err) => void stop({ err }, 1));
process.once('unhandledRejection', (err) => void stop({ err }, 1));

try {
  const server = await starting;
  if (!stopping) {
    process.stdout.write(
      `\n  12345 hotline platform: ${server.url}   engine: ${server.engine}\n  health: ${server.url}/api/health   API description: ${server.url}/api/openapi.json\n  stop with Ctrl-C\n\n`,
    );
  }
} catch (e) {
  process.stderr.write(`hotline server: ${e instanceof HotlineError ? e.message : (e as Error).stack}\n`);
  process.exit(1);
}
