// Live updates (issue 11): every change of an inbox row that a person notices — a task created, claimed,
// completed, withdrawn (cancelled by the process), or opened again — is announced with PostgreSQL NOTIFY
// on the channel `hotline_task_events`, by a trigger on `tasks`. NOTIFY is delivered at commit and only
// then, so a change that rolls back is never announced, whichever code path (task projection, completion,
// claim, a withdrawing stamp, a migration) wrote it, and on whichever server replica. Each replica LISTENs
// and forwards the event to its signed-in people who may act on the task (server/src/modules/events).
//
// The payload carries what the server needs to pick the recipients (city, unit, candidate groups, who
// holds or completed it) and what the portal shows (task id, name, form, ticket number): no caller data.
import type { Knex } from 'knex';

export const TASK_EVENTS_CHANNEL = 'hotline_task_events';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function tasks_announce_change() returns trigger language plpgsql as $$
    declare
      change text;
    begin
      if tg_op = 'INSERT' then
        change := 'created';
      elsif new.status is not distinct from old.status and new.assignee_id is not distinct from old.assignee_id then
        return null;
      elsif new.status in ('completing', 'completed') then
        if old.status in ('completing', 'completed') then return null; end if; -- the engine confirmed it: nothing new to see
        change := 'completed';
      elsif new.status = 'cancelled' then
        change := 'withdrawn';
      elsif new.status = 'claimed' then
        change := 'claimed';
      else
        change := 'reopened';
      end if;
      perform pg_notify('${TASK_EVENTS_CHANNEL}', json_build_object(
        'change', change,
        'taskId', new.id,
        'cityId', new.city_id,
        'unitId', new.unit_id,
        'groups', new.candidate_groups,
        'name', new.name,
        'form', new.form,
        'ticketNumber', new.ticket_number,
        'subjectKind', new.subject_kind,
        'assigneeId', new.assignee_id,
        'completedBy', new.completed_by
      )::text);
      return null;
    end
    $$
  `);
  await knex.raw(`
    create trigger tasks_announce_change after insert or update of status, assignee_id on tasks
    for each row execute function tasks_announce_change()
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists tasks_announce_change on tasks');
  await knex.raw('drop function if exists tasks_announce_change()');
}
