// The schema's migrations, up and down, on an empty and on a populated database.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrateToLatest, migrationStatus, migratorConfig, rollback } from '@hotline/migrations';
import { type TestDatabase, freshDatabase } from './support/database';
import { seedCity } from './support/world';
import { registerTicket } from '../src/modules/tickets/tickets.service';
import { findActor } from '../src/modules/auth/sessions.repository';
import { PackCatalog } from '../src/modules/workflow/pack-catalog';

async function userTables(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw(`select tablename from pg_tables where schemaname = 'public' and tablename not like 'knex_migrations%' order by 1`);
  return rows.map((r: { tablename: string }) => r.tablename);
}

async function userFunctions(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw(`select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by 1`);
  return rows.map((r: { proname: string }) => r.proname);
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase({ migrated: false });
  });
  afterAll(() => db.drop());

  it('go up on an empty database and all the way down again, leaving nothing behind', async () => {
    expect(await userTables(db.knex)).toEqual([]);
    const up = await migrateToLatest(db.knex);
    expect(up.applied).toEqual(MIGRATION_NAMES);
    expect(await userTables(db.knex)).toEqual([
      'analysis_briefings', 'analysis_city_clock', 'analysis_refreshes', 'assessment_appeals', 'assessment_results', 'assessment_runs',
      'audit_events', 'catalogue_entries', 'catalogue_versions', 'cities', 'determinations', 'dispatch_decisions',
      // the embedded workflow engine's own tables (engine-adapters/src/embedded/schema.migration.ts)
      'engine_clock', 'engine_job', 'engine_message', 'engine_message_subscription', 'engine_process_definition', 'engine_process_instance', 'engine_timer', 'engine_user_task',
      'knowledge_entries', 'knowledge_versions', 'knowledge_views', 'known_devices', 'notification_outbox', 'notifications', 'pack_files', 'pack_versions', 'places', 'process_deployments', 'role_grant_requests', 'search_secrets', 'security_alerts', 'sessions', 'subject_processes', 'supervision_orders', 'supervisions', 'tasks', 'ticket_callers', 'ticket_counters', 'ticket_events', 'ticket_knowledge_uses', 'ticket_repeat_calls', 'tickets', 'units', 'user_roles', 'users',
    ]); // prettier-ignore
    expect((await migrationStatus(db.knex)).pending).toEqual([]);

    const down = await rollback(db.knex, { all: true });
    expect([...down.applied].sort()).toEqual([...MIGRATION_NAMES].sort());
    expect(await userTables(db.knex)).toEqual([]);
    expect(await userFunctions(db.knex)).toEqual([]);
    expect((await migrationStatus(db.knex)).pending).toEqual(MIGRATION_NAMES);
  });

  it('step up and down one migration at a time', async () => {
    for (const name of MIGRATION_NAMES) {
      await db.knex.migrate.up(migratorConfig);
      expect((await migrationStatus(db.knex)).applied.at(-1)).toBe(name);
    }
    for (const name of [...MIGRATION_NAMES].reverse()) {
      expect((await migrationStatus(db.knex)).applied.at(-1)).toBe(name);
      await db.knex.migrate.down(migratorConfig);
    }
    expect(await userTables(db.knex)).toEqual([]);
  });

  it('roll back a populated database (packs, organisation, sessions, tickets, audit) and migrate it again', async () => {
    await migrateToLatest(db.knex);
    await seedCity(db.knex, 'alpha', 'a');
    const registrar = await db.knex('users').where('username', 'a.registrar').first('id');
    const actor = (await findActor(db.knex, new PackCatalog(db.knex), registrar.id))!;
    await registerTicket(db.knex, actor, { type: 'consult', content: '路灯不亮', caller: { name: '张三', phone: '13812345678' } }, null);
    await db.knex('sessions').insert({ token_hash: 'x', user_id: registrar.id, provider: 'local', expires_at: db.knex.raw("now() + interval '1 hour'") });
    expect(Number((await db.knex('audit_events').count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
    // published pack versions and audit events refuse deletion row by row; dropping the tables is the migration's right
    await rollback(db.knex, { all: true });
    expect(await userTables(db.knex)).toEqual([]);
    expect((await migrateToLatest(db.knex)).applied).toEqual(MIGRATION_NAMES);
  });
});
