// The inbox at a large city's scale (1,000,000 tickets, 200,000 open tasks; `npm run bench:inbox`).
// The inbox lists open tasks by urgency, due time, age and id: its indexes now hold that whole order and
// the columns its filters read (role, unit, step, type, urgency, number, place, matter), so a page — and
// the count, which stops 1,000 tasks past the page — is read in order from the index alone (an
// index-only scan) and stops when it has enough, whatever the city's size:
// - tasks_inbox_centre: a city's centre tasks (dispatcher, reviewer, return visit, supervisor …);
// - tasks_inbox_unit: one unit's tasks (a unit handler);
// - tasks_inbox_units: a city's unit tasks in order, for a scope of many units (a district's leader),
//   whose tasks would otherwise be gathered from each unit and sorted;
// - tasks_open_number: search by the start of a ticket number among open tasks, whatever the database's
//   collation (text_pattern_ops; the embedded cluster's C.UTF-8 is not C to the planner).
// The ticket's place and matter (事发区划, 诉求事项: set at registration, never changed) are copied onto
// its tasks by a trigger, whoever writes the task, so the inbox's place and matter filters need no join
// with the tickets (a district is half a city's tickets).
import type { Knex } from 'knex';

const OPEN = `status in ('open', 'claimed')`;
const ORDER = 'urgency_rank, due_at, created_at, id';
const FILTERS = 'candidate_groups, form, ticket_type, urgency, ticket_number, place_code, matter_code';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table tasks add column place_code text, add column matter_code text;
    create function tasks_ticket_subject() returns trigger language plpgsql as $$
    begin
      if new.ticket_id is not null then
        select t.place_code, t.matter_code into new.place_code, new.matter_code from tickets t where t.id = new.ticket_id;
      end if;
      return new;
    end $$;
    create trigger tasks_ticket_subject before insert on tasks for each row execute function tasks_ticket_subject();
    update tasks k set place_code = t.place_code, matter_code = t.matter_code
      from tickets t where t.id = k.ticket_id and (t.place_code is not null or t.matter_code is not null);

    drop index tasks_inbox_centre;
    drop index tasks_inbox_unit;
    create index tasks_inbox_centre on tasks (city_id, ${ORDER}) include (${FILTERS}) where ${OPEN} and unit_id is null;
    create index tasks_inbox_unit on tasks (unit_id, ${ORDER}) include (${FILTERS}) where ${OPEN} and unit_id is not null;
    create index tasks_inbox_units on tasks (city_id, ${ORDER}) include (unit_id, ${FILTERS}) where ${OPEN} and unit_id is not null;
    create index tasks_open_number on tasks (city_id, ticket_number text_pattern_ops) where ${OPEN};
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index tasks_open_number;
    drop index tasks_inbox_units;
    drop index tasks_inbox_unit;
    drop index tasks_inbox_centre;
    create index tasks_inbox_centre on tasks (city_id, urgency_rank, due_at) where ${OPEN} and unit_id is null;
    create index tasks_inbox_unit on tasks (unit_id, urgency_rank, due_at) where ${OPEN};
    drop trigger tasks_ticket_subject on tasks;
    drop function tasks_ticket_subject();
    alter table tasks drop column place_code, drop column matter_code;
  `);
}
