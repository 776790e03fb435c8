// A minimal ticket, enough to exercise scope and personal data; the lifecycle comes later.
// The caller's name and phone live in their own table (Tianjin 2025 §28–§29): ticket queries never
// touch it, and every read of it goes through the reveal path that logs who, when and why.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table ticket_counters (
      city_id text not null references cities (id),
      day date not null,
      last integer not null,
      primary key (city_id, day)
    );

    create table tickets (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      number text not null,
      type text not null,
      urgency text not null,
      content text not null,
      unit_id uuid,
      -- the pack version the ticket started under: it keeps those rules to the end
      pack_version_id bigint not null references pack_versions (id),
      registered_at timestamptz not null default now(),
      registered_by uuid not null references users (id),
      unique (city_id, number),
      foreign key (city_id, unit_id) references units (city_id, id)
    );
    create index tickets_unit on tickets (unit_id);

    create table ticket_callers (
      ticket_id uuid primary key references tickets (id) on delete cascade,
      name text not null,
      phone text not null check (phone ~ '^[0-9+][0-9 -]{2,24}$')
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table ticket_callers;
    drop table tickets;
    drop table ticket_counters;
  `);
}
