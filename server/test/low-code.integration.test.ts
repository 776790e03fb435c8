// Issue 10's changes without code, on the embedded engine (low-code.zeebe.integration.test.ts: on Zeebe).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleWorld, lifecycleWorld } from './support/lifecycle';
import { newSecondaryAction, newStage, newTicketType } from './support/low-code-scenarios';

describe('policy staff change the process without code (embedded engine)', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin']);
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  it('a new ticket type (企业诉求) with its own handling period, chosen at registration', () => newTicketType(world), 120_000);
  it("a stage of the pack's own (1小时内回电) computed by the process and shown as a task's due time", () => newStage(world), 120_000);
  it('a new secondary action (申请挂起) with a guard and its refusal sentence, a new form and step', () => newSecondaryAction(world), 120_000);
});
