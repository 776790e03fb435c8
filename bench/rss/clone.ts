// Clones live tickets in SQL: each clone is what a real registration and the same completions would
// have left, under new keys — the ticket (new id and number) and its caller, its embedded-engine process
// instance (state and variables rewritten to the new ticket), every user task (open and completed), job,
// timer (due at spread times in the coming week), message subscription and buffered message of the
// instance (new keys from the engine's key sequence, new correlation keys), the task projection rows,
// the ticket's timeline events and dispatch decisions.
//
// Each table's columns are read from the catalogue (generated, identity and serial columns are left to
// their defaults), so a column added by a later migration is copied as it is. Rows go in with
// session_replication_role = replica, as bench:inbox loads: no foreign-key checks row by row, and no
// triggers (the tasks trigger that NOTIFYs the live stream would announce every clone's task to the
// running server; the one that copies the ticket's place onto a task has nothing to copy: the template's
// tasks carry it).
import type { Knex } from 'knex';

export interface Template {
  /** The template ticket's process instance key, id and number. */
  pik: string;
  ticketId: string;
  number: string;
}

/** A clone's number: on one of the last 30 days (the day before today back), its sequence past the day's counter. */
const NUMBER = `to_char(current_date - 1 - (n % 30), 'YYYYMMDD') || lpad((1 + n / 30)::text, 5, '0')`;
const DAYS = 30;
const MAX_CLONES = DAYS * 99_999;

/** `text` with the template ticket's id, number and (for keys that name it) instance key replaced by the clone's. */
const rewrite = (text: string) =>
  `replace(replace(replace(${text}, c.tpl_ticket::text, c.ticket::text), c.tpl_number, c.number), ':' || c.tpl_pik || '-', ':' || c.pik || '-')`;
const rewriteJson = (column: string) => `(${rewrite(`${column}::text`)})::jsonb`;
const NEXT_KEY = `nextval('engine_key_seq')`;

interface Column {
  name: string;
  /** Filled by PostgreSQL when left out (serial, identity, generated, gen_random_uuid()). */
  own: boolean;
}

async function columnsOf(trx: Knex.Transaction, table: string): Promise<Column[]> {
  const { rows } = await trx.raw<{ rows: Array<{ column_name: string; own: boolean }> }>(
    `select column_name,
            is_generated <> 'NEVER' or is_identity = 'YES' or coalesce(column_default, '') ~ '^(nextval|gen_random_uuid)\\(' as own
       from information_schema.columns where table_schema = current_schema() and table_name = ? order by ordinal_position`,
    [table],
  );
  if (rows.length === 0) throw new Error(`no table ${table}`);
  return rows.map((r) => ({ name: r.column_name, own: r.own }));
}

/** insert into `table` select … `from`: every column as the template row `t` has it, less PostgreSQL's own, but for `set`. */
async function copyRows(trx: Knex.Transaction, table: string, from: string, set: Record<string, string>): Promise<number> {
  const columns = await columnsOf(trx, table);
  for (const name of Object.keys(set)) if (!columns.some((c) => c.name === name)) throw new Error(`${table}.${name}: no such column`);
  const copied = columns.filter((c) => set[c.name] !== undefined || !c.own);
  const result = await trx.raw(`insert into ${table} (${copied.map((c) => `"${c.name}"`).join(', ')}) select ${copied.map((c) => set[c.name] ?? `t."${c.name}"`).join(', ')} ${from}`);
  return (result as { rowCount: number }).rowCount;
}

/** Rows written per table, over all batches. */
export type CloneCounts = Record<string, number>;

/**
 * Clones `count` tickets, clone n of template n mod templates.length, in transactions of `batch` clones;
 * `progress` hears after each.
 */
export async function cloneTickets(db: Knex, templates: Template[], count: number, batch: number, progress: (done: number) => void): Promise<CloneCounts> {
  if (count > MAX_CLONES) throw new Error(`at most ${MAX_CLONES} clones (numbers of the last ${DAYS} days)`);
  const counts: CloneCounts = {};
  const add = (table: string, n: number) => (counts[table] = (counts[table] ?? 0) + n);
  for (let from = 0; from < count; from += batch) {
    const to = Math.min(count, from + batch);
    await db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx.raw(`create temporary table bench_template (i int primary key, pik bigint, ticket uuid, number text) on commit drop`);
      await trx('bench_template').insert(templates.map((t, i) => ({ i, pik: t.pik, ticket: t.ticketId, number: t.number })));
      await trx.raw(
        `create temporary table bench_clone on commit drop as
         select n, t.pik as tpl_pik, t.ticket as tpl_ticket, t.number as tpl_number, ${NEXT_KEY} as pik, gen_random_uuid() as ticket, ${NUMBER} as number
           from generate_series(?::int, ?::int) as n join bench_template t on t.i = n % ?`,
        [from, to - 1, templates.length],
      );
      await trx.raw('create index on bench_clone (tpl_pik); create index on bench_clone (tpl_ticket); analyze bench_clone');
      // new keys for each cloned user task and its element instance; new ids for each task projection row
      await trx.raw(
        `create temporary table bench_user_task on commit drop as
         select c.n, u.key as old_key, ${NEXT_KEY} as key, ${NEXT_KEY} as element_instance_key
           from bench_clone c join engine_user_task u on u.instance_key = c.tpl_pik`,
      );
      await trx.raw(
        `create temporary table bench_task on commit drop as
         select c.n, k.id as old_id, gen_random_uuid() as id from bench_clone c join tasks k on k.ticket_id = c.tpl_ticket`,
      );
      await trx.raw('create index on bench_user_task (n, old_key); create index on bench_task (n, old_id); analyze bench_user_task; analyze bench_task');

      add('tickets', await copyRows(trx, 'tickets', 'from bench_clone c join tickets t on t.id = c.tpl_ticket', {
        id: 'c.ticket',
        number: 'c.number',
        process_instance_key: 'c.pik::text',
        // another caller for each clone: a digest no other ticket has
        caller_digest: `sha256(convert_to(c.number, 'UTF8'))`,
      }));
      add('ticket_callers', await copyRows(trx, 'ticket_callers', 'from bench_clone c join ticket_callers t on t.ticket_id = c.tpl_ticket', {
        ticket_id: 'c.ticket',
        phone: `'139' || right(c.number, 8)`,
      }));
      add('engine_process_instance', await copyRows(trx, 'engine_process_instance', 'from bench_clone c join engine_process_instance t on t.key = c.tpl_pik', {
        key: 'c.pik',
        state: rewriteJson('t.state'),
        variables: rewriteJson('t.variables'),
      }));
      add('engine_user_task', await copyRows(trx, 'engine_user_task', 'from bench_user_task m join bench_clone c using (n) join engine_user_task t on t.key = m.old_key', {
        key: 'm.key',
        instance_key: 'c.pik',
        element_instance_key: 'm.element_instance_key',
        local_variables: rewriteJson('t.local_variables'),
      }));
      add('engine_job', await copyRows(trx, 'engine_job', 'from bench_clone c join engine_job t on t.instance_key = c.tpl_pik', {
        key: NEXT_KEY,
        instance_key: 'c.pik',
        element_instance_key: NEXT_KEY,
        local_variables: rewriteJson('t.local_variables'),
        lease_owner: 'null',
        lease_until: 'null',
      }));
      // due from an hour to a week from now: none fires during the bench, all are pending
      add('engine_timer', await copyRows(trx, 'engine_timer', 'from bench_clone c join engine_timer t on t.instance_key = c.tpl_pik', {
        key: NEXT_KEY,
        instance_key: 'c.pik',
        due_at: `now() + interval '1 hour' + ((c.n * 7919) % 10020) * interval '1 minute'`,
      }));
      add('engine_message_subscription', await copyRows(trx, 'engine_message_subscription', 'from bench_clone c join engine_message_subscription t on t.instance_key = c.tpl_pik', {
        key: NEXT_KEY,
        instance_key: 'c.pik',
        correlation_key: rewrite('t.correlation_key'),
      }));
      add('engine_message', await copyRows(trx, 'engine_message', 'from bench_clone c join engine_message t on t.correlation_key = c.tpl_ticket::text', {
        key: NEXT_KEY,
        correlation_key: rewrite('t.correlation_key'),
        message_id: `replace(t.message_id, '-' || c.tpl_pik || '-', '-' || c.pik || '-')`,
        variables: rewriteJson('t.variables'),
      }));
      add('tasks', await copyRows(trx, 'tasks', 'from bench_task m join bench_clone c using (n) join tasks t on t.id = m.old_id left join bench_user_task u on u.n = m.n and u.old_key::text = t.task_key', {
        id: 'm.id',
        task_key: `coalesce(u.key::text, t.task_key || '-' || c.n)`,
        ticket_id: 'c.ticket',
        process_instance_key: 'c.pik::text',
        ticket_number: 'c.number',
        variables: rewriteJson('t.variables'),
        completion_request_id: rewrite('t.completion_request_id'),
        completion_data: rewriteJson('t.completion_data'),
        completion_variables: rewriteJson('t.completion_variables'),
      }));
      add('ticket_events', await copyRows(trx, 'ticket_events', 'from bench_clone c join ticket_events t on t.ticket_id = c.tpl_ticket', {
        key: rewrite('t.key'),
        ticket_id: 'c.ticket',
        process_instance_key: 'c.pik::text',
        data: rewriteJson('t.data'),
      }));
      add('dispatch_decisions', await copyRows(trx, 'dispatch_decisions', 'from bench_clone c join dispatch_decisions t on t.ticket_id = c.tpl_ticket join bench_task m on m.n = c.n and m.old_id = t.task_id', {
        ticket_id: 'c.ticket',
        task_id: 'm.id',
      }));
      // the days' counters past the clones' numbers, as registrations on those days would have left them
      await trx.raw(
        `insert into ticket_counters (city_id, day, last)
         select t.city_id, to_date(substr(c.number, 1, 8), 'YYYYMMDD'), max(substr(c.number, 9)::int) from bench_clone c join tickets t on t.id = c.ticket group by 1, 2
         on conflict (city_id, day) do update set last = greatest(ticket_counters.last, excluded.last)`,
      );
    });
    progress(to);
  }
  for (const table of Object.keys(counts)) await db.raw(`vacuum analyze ${table}`);
  return counts;
}
