// The hotline knowledge base 热线知识库 (Tianjin 2025 §15–§20, Tianjin 2024 §20, Hangzhou §25, Turpan §25).
//
// - An entry belongs to its supplying unit (承办单位, §15: it answers for the entry's accuracy) and to a
//   category key of the city's rule version (`knowledge.categories`); its versions are kept, every one
//   readable. Editing a published entry makes a new draft version; a version goes draft → review (a
//   subject process, 知识库条目审核) → published, or back to draft with the reviewer's reason.
// - Search: the character bigrams of title and content (text_bigrams, migration 0017), stored and GIN
//   indexed on the versions offered at registration only (published, the entry's current one).
// - An entry due for update (待更新): flagged by the centre or by its coming expiry, due by the pack's
//   period (§17) counted with the city's working-day calendar.
// - Every view counted (§20: use limited to duty), and each use in an answer recorded on the ticket.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence knowledge_entry_codes;
    create table knowledge_entries (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      code text not null unique default ('KB-' || lpad(nextval('knowledge_entry_codes')::text, 6, '0')),
      unit_id uuid not null,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      -- the version answered from at registration (null until one is published)
      published_version integer,
      -- 待更新: why, since when, by whom, due when (null: not due)
      update_reason text,
      update_emergency boolean not null default false,
      update_flagged_at timestamptz,
      update_flagged_by uuid references users (id),
      update_due_at timestamptz,
      view_count bigint not null default 0,
      unique (city_id, id),
      foreign key (city_id, unit_id) references units (city_id, id)
    );
    create index knowledge_entries_unit on knowledge_entries (city_id, unit_id);
    create index knowledge_entries_due on knowledge_entries (city_id, update_due_at) where update_due_at is not null;

    create table knowledge_versions (
      entry_id uuid not null references knowledge_entries (id),
      version integer not null check (version >= 1),
      city_id text not null references cities (id),
      status text not null check (status in ('draft', 'review', 'published', 'superseded')),
      category text not null check (category ~ '^[a-z][A-Za-z0-9]*$'),
      kind text not null check (kind ~ '^[a-z][A-Za-z0-9]*$'),
      title text not null check (char_length(title) between 1 and 200),
      content text not null check (char_length(content) between 1 and 20000),
      basis text not null check (char_length(basis) between 1 and 500),
      classification text not null check (classification = 'public'),
      effective_from date not null,
      expires_on date not null check (expires_on >= effective_from),
      -- a policy the entry announces: when it is made public (§18: the centre is told 12 hours before)
      policy_publish_at timestamptz,
      return_reason text,
      process_instance_key text,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      submitted_at timestamptz,
      published_at timestamptz,
      published_by text,
      -- the versions offered at registration carry their bigrams (a draft needs none)
      search_bigrams text[],
      primary key (entry_id, version)
    );
    create index knowledge_versions_bigrams on knowledge_versions using gin (search_bigrams) where status = 'published';
    -- the newest offered entries first: a common word's search walks them (knowledge.service searchOffered)
    create index knowledge_versions_recent on knowledge_versions (city_id, published_at desc) where status = 'published';
    -- one draft or one in review at a time per entry
    create unique index knowledge_versions_one_open on knowledge_versions (entry_id) where status in ('draft', 'review');

    create table knowledge_views (
      id bigint generated always as identity primary key,
      entry_id uuid not null references knowledge_entries (id),
      version integer not null,
      user_id uuid not null references users (id),
      viewed_at timestamptz not null default now()
    );
    create index knowledge_views_entry on knowledge_views (entry_id, viewed_at);

    -- an answer given from an entry: which version, on which ticket, from which task
    create table ticket_knowledge_uses (
      id uuid primary key default gen_random_uuid(),
      ticket_id uuid not null references tickets (id),
      entry_id uuid not null references knowledge_entries (id),
      version integer not null,
      task_id text,
      used_by uuid references users (id),
      used_at timestamptz not null default now(),
      foreign key (entry_id, version) references knowledge_versions (entry_id, version)
    );
    create index ticket_knowledge_uses_ticket on ticket_knowledge_uses (ticket_id);
    create index ticket_knowledge_uses_entry on ticket_knowledge_uses (entry_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table ticket_knowledge_uses;
    drop table knowledge_views;
    drop table knowledge_versions;
    drop table knowledge_entries;
    drop sequence knowledge_entry_codes;
  `);
}
