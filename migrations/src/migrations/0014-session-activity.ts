// Idle timeout: a session remembers when it was last used (touched at most once a minute by the
// server, not on every request); one unused for SESSION_IDLE_MINUTES ends. Existing sessions count as
// used when the migration runs.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table sessions add column last_seen_at timestamptz not null default now()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table sessions drop column last_seen_at');
}
