// The ticket lifecycle on a workflow engine: which engine process each published pack version was
// deployed as, the process instance of each ticket, the user tasks the engine announced (the inbox),
// the ticket's timeline and the supervision records the job workers write.
//
// Every row written on the engine's behalf is keyed on what the engine hands out (task key, job key),
// so a re-delivery (at-least-once, on both engines) finds its row and does nothing twice. Keys are
// unique per engine, so they are stored with the engine's kind.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table tickets
      add column channel text,
      add column summary text,
      add column status text not null default 'open' check (status in ('open', 'closed', 'cancelled')),
      -- how the ticket ended: the closing ticket event (closed, answered, redirected)
      add column outcome text,
      add column closed_at timestamptz,
      add column engine text check (engine in ('embedded', 'zeebe')),
      add column bpmn_process_id text,
      add column process_version integer,
      add column process_instance_key text,
      -- completions the registrar gave with the registration, by form, used when the engine asks
      add column prefill jsonb not null default '{}',
      add constraint tickets_process check ((engine is null) = (process_instance_key is null));
    create unique index tickets_process_instance on tickets (engine, process_instance_key) where process_instance_key is not null;
    create index tickets_city_registered on tickets (city_id, registered_at desc);
    create index tickets_city_status on tickets (city_id, status);

    -- The engine processes a published pack version was deployed as, per engine.
    create table process_deployments (
      pack_version_id bigint not null references pack_versions (id),
      engine text not null check (engine in ('embedded', 'zeebe')),
      -- the file in the pack, e.g. processes/ticket.bpmn
      resource text not null,
      bpmn_process_id text not null,
      process_version integer not null,
      process_key text not null,
      deployed_at timestamptz not null default now(),
      primary key (pack_version_id, engine, resource)
    );

    create table tasks (
      id uuid primary key default gen_random_uuid(),
      engine text not null check (engine in ('embedded', 'zeebe')),
      task_key text not null,
      city_id text not null references cities (id),
      ticket_id uuid not null references tickets (id),
      process_instance_key text not null,
      element_id text not null,
      name text not null,
      form text,
      candidate_groups text[] not null,
      -- the unit that acts (unit roles only; null for a centre task)
      unit_id uuid,
      -- copied from the ticket so that the inbox needs no join: its number, type, urgency and the
      -- urgency's place in the pack's order (the inbox sorts on it)
      ticket_number text not null,
      ticket_type text not null,
      urgency text not null,
      urgency_rank integer not null,
      due_at timestamptz,
      due_provisional boolean not null default false,
      custom_headers jsonb not null default '{}',
      -- the process variables the engine announced the task with
      variables jsonb not null default '{}',
      status text not null check (status in ('open', 'claimed', 'completing', 'completed', 'cancelled')),
      assignee_id uuid references users (id),
      claimed_at timestamptz,
      created_at timestamptz not null default now(),
      -- a completion is recorded (completing) before the engine hears of it, then finished (completed)
      completion_request_id text,
      completion_action text,
      completion_data jsonb,
      completion_variables jsonb,
      completed_by uuid references users (id),
      completing_at timestamptz,
      completed_at timestamptz,
      unique (engine, task_key),
      foreign key (city_id, unit_id) references units (city_id, id),
      check ((status in ('completing', 'completed')) = (completion_request_id is not null)),
      check (status <> 'claimed' or assignee_id is not null)
    );
    create index tasks_inbox_centre on tasks (city_id, urgency_rank, due_at) where status in ('open', 'claimed') and unit_id is null;
    create index tasks_inbox_unit on tasks (unit_id, urgency_rank, due_at) where status in ('open', 'claimed');
    create index tasks_ticket on tasks (ticket_id, created_at);
    create index tasks_number on tasks (city_id, ticket_number);
    create index tasks_completing on tasks (completing_at) where status = 'completing';

    -- A ticket's timeline: append-only, one row per key (a job key, a task key): a repeat is a no-op.
    create table ticket_events (
      id bigint generated always as identity primary key,
      key text not null unique,
      ticket_id uuid not null references tickets (id),
      city_id text not null references cities (id),
      kind text not null,
      at timestamptz not null,
      actor_user_id uuid references users (id),
      unit_id uuid,
      summary text not null,
      data jsonb not null default '{}',
      process_instance_key text,
      element_id text,
      recorded_at timestamptz not null default now(),
      foreign key (city_id, unit_id) references units (city_id, id)
    );
    create index ticket_events_ticket on ticket_events (ticket_id, at, id);
    create function ticket_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'ticket_events is append-only: % refused', tg_op using errcode = 'restrict_violation';
    end $$;
    create trigger ticket_events_no_change before update or delete on ticket_events
      for each row execute function ticket_events_append_only();

    -- Supervision records 督办, one per job key.
    create table supervisions (
      id bigint generated always as identity primary key,
      key text not null unique,
      ticket_id uuid not null references tickets (id),
      city_id text not null references cities (id),
      trigger text not null,
      trigger_label text,
      trigger_source text,
      stage text,
      due timestamptz,
      at timestamptz not null,
      rule_version text not null,
      process_instance_key text,
      element_id text,
      recorded_at timestamptz not null default now()
    );
    create index supervisions_board on supervisions (city_id, trigger, at desc);
    create index supervisions_ticket on supervisions (ticket_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table supervisions;
    drop table ticket_events;
    drop function ticket_events_append_only();
    drop table tasks;
    drop table process_deployments;
    drop index tickets_city_status;
    drop index tickets_city_registered;
    drop index tickets_process_instance;
    alter table tickets
      drop constraint tickets_process,
      drop column prefill,
      drop column process_instance_key,
      drop column process_version,
      drop column bpmn_process_id,
      drop column engine,
      drop column closed_at,
      drop column outcome,
      drop column status,
      drop column summary,
      drop column channel;
  `);
}
