// Migrating a running ticket on a real Zeebe 8.5 broker: 8.5 refuses an instance whose deadline watch
// waits on its event-based gateway, so the adapter parks the watch, migrates, and re-arms it. What a
// user notices is what the embedded engine's test checks: the reply keeps its key and continues on the
// new version, the watch fires at the new instant and not the old, a reply the new version lacks is refused.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createZeebeEngine, EngineError, planMigration, type ServiceJob, type UserTaskCreated, type WorkflowEngine } from '../src/index';
import { replyRenamed, version1, withReview } from './migration-versions';
import { createInbox } from './zeebe-inbox';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const QUIET_MS = 1_500;
const beijing = (epochMs: number) => new Date(epochMs + 8 * HOUR).toISOString().replace('Z', '+08:00');

const jobs = createInbox<ServiceJob>();
const tasks = createInbox<UserTaskCreated>();
const run = Date.now().toString(36);
let engine: WorkflowEngine;

beforeAll(async () => {
  engine = createZeebeEngine({ ...inject('zeebe'), logLevel: 'NONE', jobRetryBackoffMs: 0 });
  engine.registerJobWorker('test.overdue', async (job) => jobs.record(job));
  engine.onUserTaskCreated(async (task) => tasks.record(task));
  await engine.start();
});

afterAll(async () => {
  await engine?.stop();
});

async function ticketOnVersion1(ticketId: string, due: number): Promise<{ key: string; reply: UserTaskCreated }> {
  const [v1] = await engine.deploy([version1]);
  const { processInstanceKey } = await engine.createInstance('migration-watch', { ticketId, watchStage: 'handle', watchDue: beijing(due) }, { version: v1!.version });
  const [reply] = await tasks.waitFor(processInstanceKey, 'reply');
  return { key: processInstanceKey, reply: reply! };
}

describe('migrating an instance on Zeebe 8.5', () => {
  it('parks the watch, moves the reply onto the new version with its key, and re-arms the watch on the new instant', async () => {
    const now = await engine.clock.now();
    const ticketId = `ZM-1-${run}`;
    const { key, reply } = await ticketOnVersion1(ticketId, now + 3 * DAY);
    const [target] = await engine.deploy([withReview]);
    const plan = await planMigration(version1.xml, withReview.xml, ['reply', 'watchTimer', 'watchMoved']);

    await engine.migrateInstance(key, {
      processDefinitionKey: target!.key,
      mappings: plan.mappings,
      variables: { packVersion: 2 },
      watch: { correlationKey: ticketId, stage: 'handle', due: beijing(now + 5 * DAY) },
    });

    await engine.clock.advance(4 * DAY);
    await jobs.expectNoMore(key, 'overdue', 0, QUIET_MS);
    expect(await engine.completeUserTask(reply.key, {})).toBe('completed');
    const [review] = await tasks.waitFor(key, 'review');
    expect(review!.processVersion).toBe(target!.version);
    expect(review!.variables).toMatchObject({ packVersion: 2, watchStage: 'handle' });
    await engine.clock.advance(DAY + HOUR);
    await jobs.waitFor(key, 'overdue');
  });

  it('refuses an instance waiting in an element the new version lacks, and gives its watch back', async () => {
    const now = await engine.clock.now();
    const ticketId = `ZM-2-${run}`;
    const { key, reply } = await ticketOnVersion1(ticketId, now + 3 * DAY);
    const [target] = await engine.deploy([replyRenamed]);
    const plan = await planMigration(version1.xml, replyRenamed.xml, ['reply', 'watchTimer', 'watchMoved']);
    expect(plan.problems.map((p) => p.elementId)).toEqual(['reply']);

    const refused = await engine
      .migrateInstance(key, { processDefinitionKey: target!.key, mappings: plan.mappings, watch: { correlationKey: ticketId, stage: 'handle', due: beijing(now + 3 * DAY) } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).code).toBe('INVALID_ARGUMENT');
    expect((refused as EngineError).message).toContain('reply');

    // Still on version 1: the watch fires at its instant, and the reply completes there.
    await engine.clock.advance(3 * DAY + HOUR);
    await jobs.waitFor(key, 'overdue');
    expect(await engine.completeUserTask(reply.key, {})).toBe('completed');
  });
});
