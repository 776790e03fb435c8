// Issue 10's changes without code, on the real Zeebe broker (low-code.integration.test.ts: embedded).
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { type LifecycleWorld, lifecycleWorld } from './support/lifecycle';
import { newSecondaryAction, newStage, newTicketType } from './support/low-code-scenarios';

describe('policy staff change the process without code (Zeebe)', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    const { address, clockUrl } = inject('zeebe');
    world = await lifecycleWorld({ kind: 'zeebe', address, clockUrl }, ['tianjin']);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a new ticket type (企业诉求) with its own handling period, chosen at registration', () => newTicketType(world), 180_000);
  it("a stage of the pack's own (1小时内回电) computed by the process and shown as a task's due time", () => newStage(world), 180_000);
  it('a new secondary action (申请挂起) with a guard and its refusal sentence, a new form and step', () => newSecondaryAction(world), 180_000);
});
