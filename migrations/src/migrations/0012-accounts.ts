// Account lifecycle (issue 14): a user may be disabled, must change an initial or reset password,
// has the date of their last password change (等保's periodic change), may be a demo account with a
// publicly known password, and locks out for longer each time in a row (lock_count). Known devices:
// the sha-256 of the device cookie each successful sign-in sets, so that a lock caused by someone
// else's guesses does not keep the account's owner out (OWASP "device cookies").
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table users
      add column disabled_at timestamptz,
      add column must_change_password boolean not null default false,
      add column password_changed_at timestamptz not null default now(),
      add column demo boolean not null default false,
      add column lock_count integer not null default 0;

    create table known_devices (
      token_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      failed_logins integer not null default 0,
      created_at timestamptz not null default now(),
      last_used_at timestamptz not null default now()
    );
    create index known_devices_user on known_devices (user_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table known_devices;
    alter table users
      drop column disabled_at,
      drop column must_change_password,
      drop column password_changed_at,
      drop column demo,
      drop column lock_count;
  `);
}
