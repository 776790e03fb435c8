// The audit trail: one append-only table for every change of state, written in the same transaction
// as the change. No foreign keys: the trail must outlive whatever it talks about.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit_events (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      city_id text,
      -- who: a user's id when a person acted, else null with the actor's label (cli, system)
      actor_user_id uuid,
      actor text not null,
      action text not null,
      subject_type text not null,
      subject_id text not null,
      details jsonb not null default '{}'
    );
    create index audit_events_city_time on audit_events (city_id, occurred_at desc);
    create index audit_events_subject on audit_events (subject_type, subject_id);

    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only: % refused', tg_op using errcode = 'restrict_violation';
    end $$;
    create trigger audit_events_no_change before update or delete on audit_events
      for each row execute function audit_events_append_only();
    create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table audit_events;
    drop function audit_events_append_only();
  `);
}
