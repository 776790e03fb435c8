// `npm run bench:assessment`: an assessment run 考核 for every unit of Tianjin over a year.
//
// Starts the real server in this process (embedded PostgreSQL under .data/bench-assessment, wiped
// first, the shipped Tianjin pack and demo organisation), bulk-inserts BENCH_TICKETS (200,000 by
// default; the target is < 60 s at 1,000,000) tickets registered over 2026 with their timelines (seven
// events each: dispatch, the acceptance and handling deadlines, acceptance, reply, rating, a rework for
// one in twelve), a 督办单 for one in forty, straight into PostgreSQL, then runs the assessment through
// the API as the centre's supervisor BENCH_RUNS times and prints the median. Asserts nothing.
// BENCH_REUSE=1 keeps the last run's database.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, startServer } from '@hotline/server';
import { freePort } from '@hotline/postgres';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKETS = Number(process.env.BENCH_TICKETS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DATA_DIR = '.data/bench-assessment';
const REUSE = process.env.BENCH_REUSE === '1';

const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!REUSE) rmSync(join(REPO_ROOT, DATA_DIR), { recursive: true, force: true });
const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), DATA_DIR, LOG_LEVEL: 'warn' };
console.log(`bench:assessment — starting the server (${DATA_DIR}) …`);
const server = await startServer(loadConfig(env));
const db = server.app.db;
try {
  const city = 'tianjin';
  const version = await db('pack_versions').where({ city_id: city, status: 'published' }).orderBy('effective_from', 'desc').first('id');
  const registrar = await db('users').where({ city_id: city, username: 'tj.registrar' }).first('id');
  const supervisor = await db('users').where({ city_id: city, username: 'tj.supervisor' }).first('id');
  const units: Array<{ id: string }> = await db('units').where({ city_id: city }).whereNot({ kind: 'centre' }).orderBy('code').select('id');
  if (!version || !registrar || !supervisor) throw new Error('the shipped Tianjin pack and demo organisation are not loaded');
  const seeded = REUSE && Number((await db('tickets').where('city_id', city).count({ n: '*' }).first())?.n) >= TICKETS;
  if (!seeded) {
    const t0 = performance.now();
    console.log(`seeding ${TICKETS.toLocaleString('en')} tickets over 2026 with their timelines (${units.length} units) …`);
    await db.transaction(async (trx) => {
      await trx.raw('create temporary table bench_units (i int primary key, id uuid) on commit drop');
      await trx('bench_units').insert(units.map((u, i) => ({ i, id: u.id })));
      await trx.raw(
        `insert into tickets (id, city_id, number, type, urgency, content, unit_id, status, pack_version_id, registered_at, registered_by, negative_rating_exempt)
         select gen_random_uuid(), ?, 'A' || lpad(n::text, 9, '0'), (array['complaint','help','consult','report','suggestion','praise'])[1 + n % 6], 'general',
                '考核压测工单 ' || n, (select id from bench_units where i = n % ?), 'closed', ?,
                timestamptz '2026-01-01 00:00+08' + (n::float8 / ? * 364) * interval '1 day', ?, n % 97 = 0
         from generate_series(1, ?) as n`,
        [city, units.length, version.id, TICKETS, registrar.id, TICKETS],
      );
      await trx.raw(
        `insert into ticket_events (key, ticket_id, city_id, kind, at, summary, data, unit_id)
         select t.number || ':' || e.k, t.id, t.city_id, e.kind, t.registered_at + e.after, e.kind, e.data, t.unit_id
         from tickets t, lateral (values
           (1, 'dispatched', interval '10 minutes', '{}'::jsonb),
           (2, 'deadlineSet', interval '10 minutes', jsonb_build_object('stage', 'accept', 'due', to_char(t.registered_at + interval '2 hours', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))),
           (3, 'accepted', case when hashtext(t.number) % 11 = 0 then interval '3 hours' else interval '1 hour' end, '{}'::jsonb),
           (4, 'deadlineSet', interval '1 hour', jsonb_build_object('stage', 'handle', 'due', to_char(t.registered_at + interval '5 days', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))),
           (5, 'replied', case when hashtext(t.number) % 9 = 0 then interval '6 days' else interval '2 days' end, '{}'::jsonb),
           (6, 'rated', interval '7 days', jsonb_build_object('rating', (array['satisfied','satisfied','basicallySatisfied','dissatisfied'])[1 + abs(hashtext(t.number)) % 4]))
         ) as e(k, kind, after, data)
         where t.city_id = ?`,
        [city],
      );
      await trx.raw(
        `insert into ticket_events (key, ticket_id, city_id, kind, at, summary, data, unit_id)
         select t.number || ':7', t.id, t.city_id, 'reworkOrdered', t.registered_at + interval '7 days 1 minute', 'reworkOrdered', '{}', t.unit_id
         from tickets t where t.city_id = ? and abs(hashtext(t.number)) % 12 = 0`,
        [city],
      );
      await trx.raw(
        `insert into supervision_orders (city_id, ticket_id, unit_id, status, required_response, opinion, due_at, due_source, issued_by, issued_at, escalations, updated_at)
         select t.city_id, t.id, t.unit_id, 'closed', '说明情况', '请办理', t.registered_at + interval '4 days', 'bench', ?, t.registered_at + interval '3 days',
                case when abs(hashtext(t.number)) % 3 = 0 then 1 else 0 end, t.registered_at + interval '4 days'
         from tickets t where t.city_id = ? and abs(hashtext(t.number)) % 40 = 0`,
        [supervisor.id, city],
      );
    });
    await db.raw('analyze tickets; analyze ticket_events; analyze supervision_orders');
    console.log(`seeded in ${seconds(t0)} s`);
  }
  const base = `http://127.0.0.1:${env.PORT}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tj.supervisor', password: 'hotline-demo' }) });
  const { token } = (await login.json()) as { token: string };
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/cities/${city}/assessment/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ from: '2026-01-01', to: '2026-12-31' }),
    });
    const ms = performance.now() - t0;
    if (res.status !== 201) throw new Error(`run ${run + 1}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { tickets: number; results: unknown[] };
    times.push(ms);
    console.log(`  run ${run + 1}: ${(ms / 1000).toFixed(1)} s (${body.tickets.toLocaleString('en')} tickets, ${body.results.length} units)`);
  }
  console.log(`\nassessment of every unit of Tianjin over 2026, ${TICKETS.toLocaleString('en')} tickets: median ${(median(times) / 1000).toFixed(1)} s of ${RUNS} runs (target < 60 s at 1,000,000; 2-core machine shared with others)`);
} finally {
  await server.close();
}
