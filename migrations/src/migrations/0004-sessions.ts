// Sessions are opaque random tokens; only their sha-256 is stored, so a copy of the table signs no one in.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table sessions (
      token_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      provider text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index sessions_user on sessions (user_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table sessions');
}
