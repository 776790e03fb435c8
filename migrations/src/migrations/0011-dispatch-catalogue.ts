// The dispatch catalogue (诉求事项派单目录, Tianjin 2025 §7–8): versions a centre edits as a draft, submits,
// has reviewed by someone else and publishes (the one before retires); their entries (a matter in a place →
// lead and assisting units, with the basis and effective dates); every dispatch's decision against the
// catalogue's proposal (the figures count them); and responsibility determinations (定责) for disputed
// matters and matters without an entry. Matters, places and units are referred to by code: the taxonomy
// is pack data and places have their own table; a code in an old version stays readable when they change.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table catalogue_versions (
      id bigint generated always as identity primary key,
      city_id text not null references cities (id),
      status text not null check (status in ('draft', 'review', 'published', 'retired')),
      created_by uuid references users (id),
      created_by_name text not null,
      created_at timestamptz not null default now(),
      submitted_by uuid references users (id),
      submitted_by_name text,
      submitted_at timestamptz,
      reviewed_by uuid references users (id),
      reviewed_by_name text,
      reviewed_at timestamptz,
      review_comment text,
      published_at timestamptz,
      retired_at timestamptz,
      -- counts the changes of a draft's entries: a save made from an older reading is refused, not lost
      revision integer not null default 0,
      check ((status = 'draft') or submitted_at is not null or published_at is not null),
      check (status not in ('published', 'retired') or published_at is not null)
    );
    -- at most one version being worked on (a draft, or one in review) and one published, per city
    create unique index catalogue_versions_open on catalogue_versions (city_id) where status in ('draft', 'review');
    create unique index catalogue_versions_published on catalogue_versions (city_id) where status = 'published';

    create table catalogue_entries (
      version_id bigint not null references catalogue_versions (id) on delete cascade,
      -- the entry's place in the version (1, 2, …): the row a person finds it at
      row integer not null check (row >= 1),
      matter text not null,
      place text,
      lead_unit text not null,
      assisting_units text[] not null default '{}',
      basis text not null,
      effective_from date not null,
      effective_to date check (effective_to is null or effective_to > effective_from),
      primary key (version_id, row)
    );
    create index catalogue_entries_matter on catalogue_entries (version_id, matter);

    create table determinations (
      id bigint generated always as identity primary key,
      city_id text not null references cities (id),
      ticket_id uuid not null references tickets (id),
      task_id uuid not null references tasks (id),
      matter text,
      place text,
      -- field: the municipal department of the same field decides; joint: the centre with the departments concerned
      kind text not null check (kind in ('field', 'joint')),
      reason text not null check (reason in ('disputed', 'noEntry')),
      status text not null check (status in ('open', 'decided')),
      note text not null,
      requested_by uuid not null references users (id),
      requested_by_name text not null,
      requested_at timestamptz not null default now(),
      lead_unit text,
      assisting_units text[],
      basis text,
      decision_note text,
      decided_by uuid references users (id),
      decided_by_name text,
      decided_at timestamptz,
      catalogue_entry_added boolean not null default false,
      check ((status = 'decided') = (decided_at is not null and lead_unit is not null and basis is not null))
    );
    create unique index determinations_open_per_ticket on determinations (ticket_id) where status = 'open';
    create index determinations_city on determinations (city_id, status, requested_at desc);
    create index determinations_ticket on determinations (ticket_id, id);

    -- One row per dispatch: what the catalogue (or a determination) proposed and what the dispatcher chose.
    create table dispatch_decisions (
      id bigint generated always as identity primary key,
      city_id text not null references cities (id),
      ticket_id uuid not null references tickets (id),
      task_id uuid not null unique references tasks (id),
      proposal_kind text not null check (proposal_kind in ('catalogue', 'determination')),
      proposal_reason text check (proposal_reason in ('disputed', 'noEntry')),
      proposed_lead text,
      proposed_assisting text[] not null default '{}',
      chosen_lead text not null,
      chosen_assisting text[] not null default '{}',
      overridden boolean not null,
      override_reason text,
      catalogue_version_id bigint references catalogue_versions (id),
      entry_row integer,
      determination_id bigint references determinations (id),
      matter text,
      place text,
      decided_by uuid not null references users (id),
      at timestamptz not null,
      check ((proposal_kind = 'catalogue') = (catalogue_version_id is not null)),
      check (not overridden or override_reason is not null)
    );
    create index dispatch_decisions_city_at on dispatch_decisions (city_id, at);
    create index dispatch_decisions_ticket on dispatch_decisions (ticket_id, at desc, id desc);
    -- the catalogue figures' approved returns of a period
    create index ticket_events_returns on ticket_events (city_id, at) where kind = 'returnApproved';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index ticket_events_returns;
    drop table dispatch_decisions;
    drop table determinations;
    drop table catalogue_entries;
    drop table catalogue_versions;
  `);
}
