// Subject processes (流程对象): pack processes about something other than a ticket — a knowledge entry's
// review, a unit's appeal against an assessment figure. Each started instance is a row of
// `subject_processes` (which pack version, which subject, its outcome once reached: set once, so the
// subject's module hears it exactly once). Their user tasks are rows of `tasks` like a ticket's, carrying
// the subject (`subject_kind`, `subject_id`) instead of a ticket: a task has exactly one of the two.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table subject_processes (
      id uuid primary key default gen_random_uuid(),
      city_id text not null references cities (id),
      kind text not null,
      subject_id text not null,
      unit_id uuid,
      title text not null,
      pack_version_id bigint not null references pack_versions (id),
      engine text not null check (engine in ('zeebe', 'embedded')),
      bpmn_process_id text not null,
      process_version integer not null,
      process_instance_key text,
      started_by uuid references users (id),
      started_at timestamptz not null default now(),
      -- what the process decided (its hotline.outcome step), recorded once
      outcome text,
      outcome_at timestamptz,
      outcome_key text unique,
      foreign key (city_id, unit_id) references units (city_id, id)
    );
    create index subject_processes_subject on subject_processes (city_id, kind, subject_id, started_at);

    alter table tasks
      alter column ticket_id drop not null,
      alter column ticket_number drop not null,
      alter column ticket_type drop not null,
      alter column urgency drop not null,
      add column subject_kind text,
      add column subject_id text,
      add column subject_process_id uuid references subject_processes (id),
      add constraint tasks_ticket_or_subject check (
        (ticket_id is null) = (subject_process_id is not null)
        and (subject_process_id is null) = (subject_kind is null)
        and (subject_kind is null) = (subject_id is null)
        and (ticket_id is null or (ticket_number is not null and ticket_type is not null and urgency is not null))
      );
    create index tasks_subject on tasks (subject_kind, subject_id) where subject_kind is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    delete from tasks where subject_process_id is not null;
    drop index tasks_subject;
    alter table tasks
      drop constraint tasks_ticket_or_subject,
      drop column subject_process_id,
      drop column subject_kind,
      drop column subject_id,
      alter column ticket_id set not null,
      alter column ticket_number set not null,
      alter column ticket_type set not null,
      alter column urgency set not null;
    drop table subject_processes;
  `);
}
