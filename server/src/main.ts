// `npm start`: the platform server with its configuration from the environment.
import { HotlineError } from '@hotline/rules';
import { loadConfig } from './config';
import { startServer } from './server';

try {
  const server = await startServer(loadConfig(process.env));
  process.stdout.write(
    `\n  12345 hotline platform: ${server.url}   engine: ${server.engine}\n  health: ${server.url}/api/health   API description: ${server.url}/api/openapi.json\n  stop with Ctrl-C\n\n`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'stopping');
    await server.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(signal));
} catch (e) {
  process.stderr.write(`hotline server: ${e instanceof HotlineError ? e.message : (e as Error).stack}\n`);
  process.exit(1);
}
