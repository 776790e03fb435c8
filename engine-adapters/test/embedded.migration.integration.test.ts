// Migrating a running ticket onto a new process version on the embedded engine: the open user task
// keeps its key and continues on the new version, the deadline watch waits on the instant the
// migration brings, and an instance waiting in an element the new version lacks is refused unchanged.
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';

import { EngineError, planMigration } from '../src/index';
import type { TestEngine } from './embedded.harness';
import { at, DAY, engineDatabase, instance, openTaskKeys, pendingTimers, startEngine, T0 } from './embedded.harness';
import { replyRenamed, version1, withReview } from './migration-versions';

let db: Knex;

beforeAll(async () => {
  db = await engineDatabase();
});

async function ticketOnVersion1(t: TestEngine, ticketId: string): Promise<string> {
  await t.engine.clock.pin(T0);
  await t.engine.deploy([version1]);
  const { processInstanceKey } = await t.engine.createInstance('migration-watch', { ticketId, watchStage: 'handle', watchDue: at(T0 + 3 * DAY) }, { version: 1 });
  await t.engine.idle();
  return processInstanceKey;
}

describe('migrating an instance on the embedded engine', () => {
  it('moves the waiting reply onto the new version, with its key, and re-arms the watch on the new instant', async () => {
    const overdue: string[] = [];
    const t = await startEngine(db, { 'test.overdue': async (job) => void overdue.push(job.processInstanceKey) });
    const key = await ticketOnVersion1(t, 'TJ-M1');
    const [replyKey] = await openTaskKeys(db, key);
    expect(await pendingTimers(db, key)).toEqual([['watchTimer', T0 + 3 * DAY]]);

    const [target] = await t.engine.deploy([withReview]);
    const plan = await planMigration(version1.xml, withReview.xml, ['reply', 'watchTimer', 'watchMoved']);
    expect(plan.problems).toEqual([]);
    await t.engine.migrateInstance(key, {
      processDefinitionKey: target!.key,
      mappings: plan.mappings,
      variables: { packVersion: 2 },
      watch: { correlationKey: 'TJ-M1', stage: 'handle', due: at(T0 + 5 * DAY) },
    });

    const row = await db('engine_process_instance').where({ key }).first('version', 'definition_key');
    expect(row).toEqual({ version: 2, definition_key: target!.key });
    expect((await instance(db, key)).variables).toMatchObject({ packVersion: 2, watchStage: 'handle', watchDue: at(T0 + 5 * DAY) });
    expect(await openTaskKeys(db, key)).toEqual([replyKey]);
    expect(await pendingTimers(db, key)).toEqual([['watchTimer', T0 + 5 * DAY]]);

    // The old instant passes quietly; the reply completes into the step only the new version has.
    await t.engine.clock.advance(4 * DAY);
    await t.engine.idle();
    expect(overdue).toEqual([]);
    expect(await t.engine.completeUserTask(replyKey!, {})).toBe('completed');
    await t.engine.idle();
    const review = t.announced.filter((task) => task.processInstanceKey === key && task.elementId === 'review');
    expect(review).toHaveLength(1);
    expect(review[0]!.processVersion).toBe(2);
    await t.engine.clock.advance(DAY);
    await t.engine.idle();
    expect(overdue).toEqual([key]);
  });

  it('refuses an instance waiting in an element the new version lacks, and leaves it as it was', async () => {
    const t = await startEngine(db, { 'test.overdue': async () => undefined });
    const key = await ticketOnVersion1(t, 'TJ-M2');
    const [replyKey] = await openTaskKeys(db, key);
    const [target] = await t.engine.deploy([replyRenamed]);

    const plan = await planMigration(version1.xml, replyRenamed.xml, ['reply', 'watchTimer', 'watchMoved']);
    expect(plan.problems).toEqual([{ elementId: 'reply', reason: '当前环节“办理答复”（reply）在新版流程中不存在，无法迁移' }]);
    const refused = await t.engine
      .migrateInstance(key, { processDefinitionKey: target!.key, mappings: plan.mappings, watch: { correlationKey: 'TJ-M2', stage: 'handle', due: at(T0 + 5 * DAY) } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).code).toBe('INVALID_ARGUMENT');
    expect((refused as EngineError).message).toContain('reply');

    expect(await db('engine_process_instance').where({ key }).first('version')).toEqual({ version: 1 });
    expect(await openTaskKeys(db, key)).toEqual([replyKey]);
    expect(await pendingTimers(db, key)).toEqual([['watchTimer', T0 + 3 * DAY]]);
  });
});
