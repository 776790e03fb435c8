// The embedded engine's knex migration: up creates what the engine needs, down removes all of it.
import { describe, expect, it } from 'vitest';

import { embeddedEngineMigration } from '../src/index';
import { freshDatabase } from './postgres.database';

describe('the embedded engine migration', () => {
  it('goes down without a trace and up again', async () => {
    const db = await freshDatabase();
    const relations = async (): Promise<string[]> => {
      const { rows } = await db.raw<{ rows: { relname: string }[] }>(
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S') ORDER BY relname",
      );
      return rows.map((r) => r.relname);
    };

    await embeddedEngineMigration.up(db);
    expect(await relations()).toEqual([
      'engine_clock',
      'engine_job',
      'engine_key_seq',
      'engine_message',
      'engine_message_subscription',
      'engine_process_definition',
      'engine_process_instance',
      'engine_timer',
      'engine_user_task',
    ]);
    await embeddedEngineMigration.down(db);
    expect(await relations()).toEqual([]);
    await embeddedEngineMigration.up(db);
    expect(await relations()).toHaveLength(9);
  });
});
