// Security alerts (安全告警) the reveal watch raises — a person revealing callers in bulk, beyond their
// tasks or past the rate limit — for the security administrator (安全管理员) to look into and close
// with a note. The reveals themselves stay in the audit trail; an index lets the watch count one
// person's recent reveals there without scanning the city's events.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table security_alerts (
      id bigint generated always as identity primary key,
      city_id text not null references cities (id),
      -- whose behaviour raised it
      user_id uuid not null references users (id),
      kind text not null check (kind ~ '^[a-z][A-Za-z0-9]*$'),
      details jsonb not null default '{}',
      raised_at timestamptz not null default now(),
      closed_at timestamptz,
      closed_by uuid references users (id),
      close_note text,
      check ((closed_at is null) = (closed_by is null) and (closed_at is null) = (close_note is null))
    );
    create index security_alerts_city_open on security_alerts (city_id, raised_at desc) where closed_at is null;
    create index security_alerts_city on security_alerts (city_id, raised_at desc);
    create index audit_events_reveals on audit_events (actor_user_id, occurred_at) where action = 'ticket.callerRevealed';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index audit_events_reveals;
    drop table security_alerts;
  `);
}
