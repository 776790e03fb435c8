// Per city: the hotline centre and the handling units in a hierarchy, and the people with their roles.
// Composite foreign keys keep every reference inside one city, whatever the code above does.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table units (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
      name text not null,
      kind text not null check (kind in ('centre', 'district', 'street', 'community', 'department')),
      parent_id uuid,
      created_at timestamptz not null default now(),
      unique (city_id, code),
      unique (city_id, id),
      foreign key (city_id, parent_id) references units (city_id, id),
      check (parent_id is distinct from id)
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      display_name text not null,
      unit_id uuid not null,
      -- null: no local password (an external identity provider signs this person in)
      password_hash text,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      foreign key (city_id, unit_id) references units (city_id, id)
    );

    create table user_roles (
      user_id uuid not null references users (id) on delete cascade,
      role text not null check (role in ('registrar', 'dispatcher', 'reviewer', 'returnVisit', 'supervisor',
                                         'unitHandler', 'unitLeader', 'policy', 'admin')),
      primary key (user_id, role)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table user_roles;
    drop table users;
    drop table units;
  `);
}
