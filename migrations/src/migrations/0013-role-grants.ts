// Separation of duties (三员分立): a role that sees callers' personal data (or the security and audit
// administrators' own roles) is granted only when a second person, a security administrator other than
// the requester and the grantee, approves it. Until then the request waits here; the decision stays.
// The audit trail's refusal of UPDATE, DELETE and TRUNCATE dates from 0002-audit-trail.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table role_grant_requests (
      id bigint generated always as identity primary key,
      city_id text not null references cities (id),
      user_id uuid not null references users (id) on delete cascade,
      role text not null check (role ~ '^[a-z][A-Za-z0-9]*$'),
      requested_by uuid not null references users (id),
      requested_by_name text not null,
      requested_at timestamptz not null default now(),
      -- withdrawn: the person's roles were set again without this one before anyone decided
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
      decided_by uuid references users (id),
      decided_by_name text,
      decided_at timestamptz,
      decision_note text,
      -- the second person is never the first, nor the one who would hold the role
      check (decided_by is null or (decided_by <> requested_by and decided_by <> user_id)),
      check ((status = 'pending') = (decided_at is null))
    );
    -- one open request per person and role
    create unique index role_grant_requests_open on role_grant_requests (user_id, role) where status = 'pending';
    create index role_grant_requests_city on role_grant_requests (city_id, status, requested_at desc);
    -- the audit trail is read by actor and period (the audit administrator's page)
    create index audit_events_city_actor on audit_events (city_id, actor, occurred_at desc);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index audit_events_city_actor;
    drop table role_grant_requests;
  `);
}
