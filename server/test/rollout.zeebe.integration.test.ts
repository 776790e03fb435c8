// The provisional deadlines of an open ticket counted again when a new calendar year is published, on
// the real Zeebe broker: the live timer moves through the `deadlineChanged` message (the embedded
// engine's run is in rollout.integration.test.ts).
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { type LifecycleWorld, lifecycleWorld } from './support/lifecycle';
import { apiCaller, provisionalDeadlineScenario } from './support/provisional-scenario';

describe('a new calendar year published while open tickets counted it provisionally (Zeebe)', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    const { address, clockUrl } = inject('zeebe');
    world = await lifecycleWorld({ kind: 'zeebe', address, clockUrl }, ['tianjin']);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('counts the handling deadline again with the new calendar, updates the task, and moves the live timer', async () => {
    await provisionalDeadlineScenario(world, apiCaller(world), 60_000);
  });
});
