// vitest globalSetup: the local Zeebe broker with the controlled clock for the Zeebe tests, on the
// script's default ports (or ZEEBE_*_PORT), stopped afterwards; runs take turns (src/zeebe/local-broker.ts).
import type { TestProject } from 'vitest/node';
import { startLocalBroker } from '../src/zeebe/local-broker';

declare module 'vitest' {
  export interface ProvidedContext {
    zeebe: { address: string; clockUrl: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const broker = await startLocalBroker();
  project.provide('zeebe', { address: broker.address, clockUrl: broker.clockUrl });
  return broker.release;
}
