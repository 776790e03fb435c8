// `npm run bench:analysis`: the 数据分析 dashboard on a city with 1,000,000 tickets.
//
// Starts the real server in this process (embedded PostgreSQL under .data/bench-analysis, wiped first,
// the shipped Tianjin pack and demo organisation), bulk-inserts BENCH_TICKETS (1 M) Tianjin tickets over
// a year (INSERT … SELECT generate_series: types, channels, units, places, matters of the shipped
// taxonomy, a fifth open), a rating for 60 % of them and an overdue supervision for 8 %, then times:
// the view's refresh (REFRESH MATERIALIZED VIEW CONCURRENTLY through the API), the dashboard API for a
// month, a week and a quarter (centre) and a month for a district's unit leader, p50/p95 over loopback;
// and, for the choice, the same month counted straight from the tickets in SQL (no view).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MatterTaxonomy } from '@hotline/rules';
import { loadConfig, startServer } from '@hotline/server';
import { freePort } from '@hotline/postgres';
import { login, measure, percentile, seconds } from './loopback';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const DATA_DIR = '.data/bench-analysis';
const REUSE = process.env.BENCH_REUSE === '1';

if (!REUSE) rmSync(join(REPO_ROOT, DATA_DIR), { recursive: true, force: true });
const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), DATA_DIR, LOG_LEVEL: 'warn', ANALYSIS_REFRESH_MS: String(24 * 3600_000) };
console.log(`bench:analysis — starting the server (${DATA_DIR}) …`);
const server = await startServer(loadConfig(env));
const db = server.app.db;
const sqlArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;
try {
  const city = 'tianjin';
  const version = await db('pack_versions').where({ city_id: city, status: 'published' }).orderBy('effective_from', 'desc').first('id');
  const registrar = await db('users').where({ city_id: city, username: 'tj.registrar' }).first('id');
  const units: string[] = await db('units').where({ city_id: city }).whereNot('kind', 'centre').orderBy('code').pluck('id');
  const places: string[] = await db('places').where({ city_id: city }).orderBy('code').pluck('code');
  const pack = (await server.app.catalog.inForce(city))!.pack;
  const matters = MatterTaxonomy.of(pack).leaves().map((m) => m.code);
  const channels = pack.versions.at(-1)!.channels.map((c) => c.key);
  let t0 = performance.now();
  const seeded = REUSE && Number((await db('tickets').where('city_id', city).count({ n: '*' }).first())?.n) >= TICKETS;
  if (seeded) console.log('reusing the seeded database of the last run');
  else {
    console.log(`seeding ${TICKETS.toLocaleString('en')} tickets over a year (${units.length} units, ${places.length} places, ${matters.length} matters, ${channels.length} channels) …`);
    await db.transaction(async (trx) => {
      await trx.raw('create temporary table bench_units (i int primary key, id uuid) on commit drop');
      await trx('bench_units').insert(units.map((id, i) => ({ i, id })));
      await trx.raw('create temporary table bench_places (i int primary key, code text) on commit drop');
      await trx('bench_places').insert(places.map((code, i) => ({ i, code })));
      await trx.raw(
        `insert into tickets (id, city_id, number, type, urgency, content, channel, unit_id, place_code, matter_code, status, closed_at, pack_version_id, registered_at, registered_by)
         select gen_random_uuid(), ?, '2000' || lpad(n::text, 9, '0'),
                (array['complaint','help','consult','report','suggestion'])[1 + n % 5], 'general', '压测工单' || n,
                (${sqlArray(channels)})[1 + (n / 3) % ${channels.length}],
                case when n % 10 = 0 then null else (select id from bench_units where i = (n / 7) % ?) end,
                (select code from bench_places where i = (n / 11) % ?),
                (${sqlArray(matters)})[1 + (n / 13) % ${matters.length}],
                case when n % 5 = 0 then 'open' else 'closed' end,
                case when n % 5 = 0 then null else now() - (n % 525600) * interval '1 minute' + interval '3 days' end,
                ?, now() - (n % 525600) * interval '1 minute', ?
         from generate_series(1, ?) as n`,
        [city, units.length, places.length, version.id, registrar.id, TICKETS],
      );
    });
    console.log(`  tickets in ${seconds(t0)} s; ratings and overdue supervisions …`);
    t0 = performance.now();
    await db.raw(
      `insert into ticket_events (key, ticket_id, city_id, kind, at, summary, data)
       select 'bench-rated-' || number, id, city_id, 'rated', registered_at + interval '4 days', '回访评价',
              jsonb_build_object('rating', (array['satisfied','basicallySatisfied','dissatisfied'])[1 + (substr(number, 5)::int / 17) % 3])
       from tickets where number like '2000%' and status = 'closed' and substr(number, 5)::int % 4 <> 0`,
    );
    await db.raw(
      `insert into supervisions (key, ticket_id, city_id, trigger, stage, at, rule_version)
       select 'bench-late-' || number, id, city_id, 'overdue', case when substr(number, 5)::int % 2 = 0 then 'accept' else 'handle' end, registered_at + interval '2 days', '2025'
       from tickets where number like '2000%' and substr(number, 5)::int % 25 in (1, 2)`,
    );
    for (const table of ['tickets', 'ticket_events', 'supervisions']) await db.raw(`vacuum analyze ${table}`);
    console.log(`  in ${seconds(t0)} s`);
  }

  const base = server.url;
  const api = `/api/cities/${city}/analysis`;
  const supervisor = await login(base, 'tj.supervisor');
  t0 = performance.now();
  const refreshed = await fetch(`${base}${api}/refresh`, { method: 'POST', headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' }, body: '{}' });
  if (!refreshed.ok) throw new Error(`refresh: ${refreshed.status} ${await refreshed.text()}`);
  const refreshSeconds = seconds(t0);
  const rows = await db.raw(`select count(*)::int as n, pg_size_pretty(pg_total_relation_size('analysis_daily')) as size from analysis_daily`);
  console.log(`\nview refreshed (CONCURRENTLY, readers keep the old counts meanwhile) in ${refreshSeconds} s: ${rows.rows[0].n.toLocaleString('en')} rows, ${rows.rows[0].size}`);

  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
  const lastDay = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const month = (i: number) => `${api}/dashboard?from=${months[i % months.length]}-01&to=${lastDay(months[i % months.length]!)}`;
  const leader = await login(base, 'tj.leader');
  const scenarios: Array<[string, string, string[]]> = [
    ['a month, whole city', supervisor, Array.from({ length: REQUESTS }, (_, i) => month(i))],
    ['a month, one district (filter)', supervisor, Array.from({ length: REQUESTS }, (_, i) => `${month(i)}&district=heping`)],
    ['a week, whole city', supervisor, Array.from({ length: REQUESTS }, (_, i) => `${api}/dashboard?from=2026-06-0${1 + (i % 7)}&to=2026-06-${String(7 + (i % 7)).padStart(2, '0')}`)],
    ['a quarter, whole city (by month)', supervisor, Array.from({ length: REQUESTS }, (_, i) => `${api}/dashboard?from=2026-0${1 + (i % 3) * 3}-01&to=${lastDay(`2026-0${3 + (i % 3) * 3}`)}`)],
    ['a month, a district unit leader (own units)', leader, Array.from({ length: REQUESTS }, (_, i) => month(i))],
  ];
  console.log(`\n${'dashboard API'.padEnd(46)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  for (const [name, token, paths] of scenarios) {
    await measure(base, token, paths.slice(0, 3));
    const r = await measure(base, token, paths);
    console.log(`${name.padEnd(46)} ${String(r.n).padStart(4)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`);
  }

  // the alternative: the same counts of one month straight from the tickets (the view's own query, one month)
  const definition: string = (await db.raw(`select definition from pg_matviews where matviewname = 'analysis_daily'`)).rows[0].definition;
  const live = `select * from (${definition.replace(/;\s*$/, '')}) v where v.city_id = 'tianjin' and v.day between ?::date and ?::date`;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const m = months[i]!;
    const t = performance.now();
    await db.raw(live, [`${m}-01`, lastDay(m)]);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`\nwithout the view, the month's counts from the tickets in SQL alone (5 months): p50 ${percentile(times, 50).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms`);
  console.log(`\n${TICKETS.toLocaleString('en')} tickets; one request at a time over loopback after 3 warm-up requests; 2-core machine shared with others.`);
} finally {
  await server.close();
}
