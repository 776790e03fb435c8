// `npm run bench:portal`: the portal's two hot API calls on a city with 100,000 tickets.
//
// Starts the real server in this process (embedded PostgreSQL under .data/bench-portal, wiped first,
// embedded engine, the shipped Tianjin pack and demo organisation), bulk-inserts 100,000 Tianjin
// tickets with their callers, three timeline events each and one open task each straight into
// PostgreSQL (INSERT … SELECT generate_series: seconds, not minutes), then times, from a worker thread
// over loopback, one request at a time:
//   - the inbox (GET tasks) of a street office's handler, of the dispatcher, and with filters and search;
//   - the task page (GET tasks/:id) of tasks in the handler's inbox.
// Prints p50/p95 per call. Bounded: REQUESTS per scenario (default 300) and 60 s each at most.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, startServer } from '@hotline/server';
import { freePort } from '@hotline/postgres';
import { login, measure } from './loopback';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const SCENARIO_MAX_MS = 60_000;
const DATA_DIR = '.data/bench-portal';

rmSync(join(REPO_ROOT, DATA_DIR), { recursive: true, force: true });
const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), DATA_DIR, LOG_LEVEL: 'warn' };
console.log(`bench:portal — starting the server (${DATA_DIR}) …`);
const server = await startServer(loadConfig(env));
const db = server.app.db;
try {
  // -- seed
  const city = 'tianjin';
  const version = await db('pack_versions').where({ city_id: city, status: 'published' }).orderBy('effective_from', 'desc').first('id');
  const registrar = await db('users').where({ city_id: city, username: 'tj.registrar' }).first('id');
  const units: Array<{ id: string; code: string }> = await db('units').where({ city_id: city }).whereNot({ kind: 'centre' }).whereNotIn('kind', ['district']).orderBy('code').select('id', 'code');
  const handlerUnit = units.find((u) => u.code === 'heping.quanyechang');
  if (!version || !registrar || !handlerUnit) throw new Error('the shipped Tianjin pack and demo organisation are not loaded');
  console.log(`seeding ${TICKETS.toLocaleString('en')} tickets with callers, 3 timeline events and 1 open task each …`);
  const t0 = performance.now();
  await db.transaction(async (trx) => {
    await trx.raw('create temporary table bench_units (i int primary key, id uuid) on commit drop');
    await trx('bench_units').insert(units.map((u, i) => ({ i, id: u.id })));
    await trx.raw(
      `insert into tickets (id, city_id, number, type, urgency, content, summary, channel, unit_id, pack_version_id, registered_at, registered_by)
       select gen_random_uuid(), ?, '2000' || lpad(n::text, 9, '0'),
              (array['complaint','help','consult','report','suggestion'])[1 + n % 5],
              case when n % 50 = 0 then 'lifeSafety' when n % 10 = 0 then 'utilities' else 'general' end,
              '压测工单 ' || n || '：小区设施损坏，请尽快处理。', '压测工单 ' || n, 'phone',
              (select id from bench_units where i = n % ?), ?, now() - (n % 14400) * interval '1 minute', ?
       from generate_series(1, ?) as n`,
      [city, units.length, version.id, registrar.id, TICKETS],
    );
    await trx.raw(`insert into ticket_callers (ticket_id, name, phone) select id, '压测' || right(number, 4), '138' || right(number, 8) from tickets where number like '2000%'`);
    await trx.raw(
      `insert into ticket_events (key, ticket_id, city_id, kind, at, summary, data)
       select 'bench:' || t.number || ':' || e, t.id, t.city_id, (array['registered','taskCompleted','deadlineSet'])[e], t.registered_at + e * interval '1 minute',
              (array['受理登记','受理员完成「分类处理」','签收时限'])[e], '{}'::jsonb
       from tickets t, generate_series(1, 3) as e where t.number like '2000%'`,
    );
    // one open task per ticket: a third at the centre (dispatch, reviews, return visits), the rest with the units
    await trx.raw(
      `insert into tasks (engine, task_key, city_id, ticket_id, process_instance_key, element_id, name, form, candidate_groups, unit_id,
                          ticket_number, ticket_type, urgency, urgency_rank, due_at, status, created_at)
       select 'embedded', 'bench-' || t.number, t.city_id, t.id, 'bench-' || t.number, f.element, f.name, f.form, f.groups,
              case when f.unit_task then t.unit_id end, t.number, t.type, t.urgency,
              case t.urgency when 'lifeSafety' then 0 when 'utilities' then 1 else 2 end,
              t.registered_at + interval '1 day' * (1 + (hashtext(t.number) & 7)) - interval '3 days', 'open', t.registered_at + interval '10 minutes'
       from (select *, row_number() over (order by number) as n from tickets where number like '2000%') t
       join (values (0, 'dispatch', 'dispatch', '派单 Dispatch', array['dispatcher'], false),
                    (1, 'accept', 'accept', '签收或申请退回 Accept or return', array['unitHandler'], true),
                    (2, 'reply', 'reply', '办理答复 Handle and reply', array['unitHandler'], true),
                    (3, 'returnVisit', 'returnVisit', '回访评价 Return visit', array['returnVisit'], false),
                    (4, 'reply', 'reply', '办理答复 Handle and reply', array['unitHandler'], true),
                    (5, 'extensionReview', 'extensionReview', '延期审核 Extension review', array['reviewer'], false))
            as f(k, element, form, name, groups, unit_task) on f.k = t.n % 6`,
    );
  });
  await db.raw('analyze tickets; analyze tasks; analyze ticket_events; analyze ticket_callers');
  const seeded = await db('tasks').where({ city_id: city, status: 'open' }).count({ n: '*' }).first();
  const mine = await db('tasks').where({ unit_id: handlerUnit.id, status: 'open' }).whereRaw(`'unitHandler' = any(candidate_groups)`).count({ n: '*' }).first();
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Number(seeded?.n).toLocaleString('en')} open tasks, ${Number(mine?.n).toLocaleString('en')} of them in 劝业场街道's inbox`);

  // -- measure
  const base = server.url;
  const handler = await login(base, 'tj.handler');
  const dispatcher = await login(base, 'tj.dispatcher');
  const pages = (make: (i: number) => string) => Array.from({ length: REQUESTS }, (_, i) => make(i));
  const api = `/api/cities/${city}`;
  const myTaskIds: string[] = (
    await db('tasks').where({ unit_id: handlerUnit.id, status: 'open' }).whereRaw(`'unitHandler' = any(candidate_groups)`).orderByRaw('random()').limit(REQUESTS).select('id')
  ).map((r: { id: string }) => r.id);

  const scenarios: Array<[string, string, string[]]> = [
    ['inbox, unit handler, page 1..10 of 50', handler, pages((i) => `${api}/tasks?status=open&page=${1 + (i % 10)}&pageSize=50`)],
    ['inbox, dispatcher (centre), page 1..10 of 50', dispatcher, pages((i) => `${api}/tasks?status=open&form=dispatch&page=${1 + (i % 10)}&pageSize=50`)],
    ['inbox, unit handler, overdue + type filter', handler, pages((i) => `${api}/tasks?status=open&overdue=true&type=${['complaint', 'help', 'report'][i % 3]}&page=1&pageSize=50`)],
    ['inbox, unit handler, search by ticket number', handler, pages((i) => `${api}/tasks?status=open&q=2000${String(1 + ((i * 7919) % TICKETS)).padStart(9, '0').slice(0, 6)}&page=1&pageSize=50`)],
    ['inbox, unit handler, page size 200', handler, pages(() => `${api}/tasks?status=open&page=1&pageSize=200`)],
    ['task page (GET tasks/:id), unit handler', handler, myTaskIds.map((id) => `${api}/tasks/${id}`)],
  ];
  console.log(`\n${'call'.padEnd(48)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  for (const [name, token, paths] of scenarios) {
    await measure(base, token, paths.slice(0, 20), SCENARIO_MAX_MS); // warm-up
    const r = await measure(base, token, paths, SCENARIO_MAX_MS);
    console.log(`${name.padEnd(48)} ${String(r.n).padStart(5)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`);
  }
  console.log(`\n${TICKETS.toLocaleString('en')} tickets, one request at a time over loopback, after 20 warm-up requests per call; 2-core machine.`);
} finally {
  await server.close();
}
