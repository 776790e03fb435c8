// Builds modeler/dist, then starts the real server once per engine for all browser tests: the embedded
// engine, and Zeebe — a broker given by ZEEBE_ADDRESS (with ZEEBE_CLOCK_URL), else the local one
// started here (scripts/zeebe.sh, taking turns with the other Zeebe test runs). Both always run: a
// server or a broker that cannot start fails the run with its own output.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RunningServer, REPO_ROOT, startServer } from './support/server';
import { type LocalBroker, startLocalBroker } from '@hotline/engine-adapters/local-broker';

declare module 'vitest' {
  export interface ProvidedContext {
    servers: Array<{ engine: 'embedded' | 'zeebe'; url: string }>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // vitest sets NODE_ENV=test, and Vite would then bundle React's development build: build as `npm run build` does
  const { NODE_ENV: _testEnv, ...buildEnv } = process.env;
  execFileSync('npm', ['run', 'build', '--workspace', 'modeler'], { cwd: REPO_ROOT, env: { ...buildEnv, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(join(REPO_ROOT, 'modeler', 'dist', 'index.html'))) throw new Error('the modeler build left no modeler/dist/index.html');

  const servers: RunningServer[] = [];
  let broker: LocalBroker | null = null;
  const teardown = async () => {
    for (const server of servers.reverse()) await server.stop();
    broker?.release();
  };
  try {
    servers.push(await startServer('modeler-e2e-embedded', { kind: 'embedded' }));
    const given = process.env.ZEEBE_ADDRESS?.trim();
    if (given) {
      servers.push(await startServer('modeler-e2e-zeebe', { kind: 'zeebe', address: given, ...(process.env.ZEEBE_CLOCK_URL ? { clockUrl: process.env.ZEEBE_CLOCK_URL } : {}) }));
    } else {
      broker = await startLocalBroker({ freePorts: true }); // another checkout's broker may hold the default ports
      servers.push(await startServer('modeler-e2e-zeebe', { kind: 'zeebe', address: broker.address, clockUrl: broker.clockUrl }));
    }
  } catch (e) {
    await teardown();
    throw e;
  }
  project.provide(
    'servers',
    servers.map((s) => ({ engine: s.engine, url: s.url })),
  );
  return teardown;
}
