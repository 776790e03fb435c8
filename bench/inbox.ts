// `npm run bench:inbox`: the inbox (我的待办) at a large city's scale — 1,000,000 tickets over the three
// shipped cities, 200,000 of them open with an open task — for every role that has an inbox.
//
// 1. Starts the real server in this process (embedded PostgreSQL under .data/bench-inbox, wiped first;
//    the shipped packs and demo organisations), adds BENCH_STREETS (60) street offices under each city's
//    districts (a large city has hundreds of units, not the demo's dozen), and bulk-inserts BENCH_TICKETS
//    (1 M) tickets (Tianjin half, Hangzhou 35 %, Turpan 15 %) with their callers, in SQL (INSERT … SELECT
//    generate_series): every fifth is open with one open task (the task projection rows the inbox reads:
//    registrar 分类, dispatcher 派单, reviewer 审核, returnVisit 回访, supervisor 督办 at the centre;
//    unitHandler 签收/办理/告知, unitLeader 督办单 with the units), three timeline events each; the others
//    closed with their completed task. Then it stops that server.
// 2. Starts the server as `npm start` does, in its own process on that database, and times over loopback
//    HTTP, one request at a time from a worker thread (bench/loopback.ts), p50/p95 of: each demo role's
//    inbox (page 1, a later page), each filter the portal offers (type, urgency, form, unit, place,
//    overdue), search by ticket number, and the task page (GET tasks/:id with its form, actions, timeline
//    and hand-off context) of tasks in that role's inbox.
// 3. Reads the server process's resident memory (VmRSS, and its peak VmHWM) from /proc.
// BENCH_REUSE=1 keeps the last run's seeded database; BENCH_REQUESTS (40) per scenario, 30 s each at most.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { loadConfig, startServer } from '@hotline/server';
import { freePort } from '@hotline/postgres';
import { login, measure, seconds } from './loopback';
import { memoryOf } from './proc-memory';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const STREETS = Number(process.env.BENCH_STREETS ?? 60);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const SCENARIO_MAX_MS = 30_000;
const DATA_DIR = '.data/bench-inbox';
const REUSE = process.env.BENCH_REUSE === '1';

/** Each city's share of the tickets, its number prefix and its demo accounts' prefix. */
const CITIES = [
  { id: 'tianjin', share: 0.5, prefix: '31', user: 'tj', handlerUnit: 'heping.quanyechang' },
  { id: 'hangzhou', share: 0.35, prefix: '32', user: 'hz', handlerUnit: 'shangcheng.hubin' },
  { id: 'turpan', share: 0.15, prefix: '33', user: 'tlf', handlerUnit: 'gaochang.laocheng' },
] as const;

/**
 * An open ticket's task, by the ticket's number modulo 20: the steps of the packs' ticket process and the
 * role each is offered to (candidate groups as the BPMN files give them), centre steps without a unit.
 */
const STEPS = `(values
  (0, 'classify', '分类处理 Classify', array['registrar'], false),
  (1, 'dispatch', '派单 Dispatch', array['dispatcher'], false),
  (2, 'dispatch', '派单 Dispatch', array['dispatcher'], false),
  (3, 'dispatch', '派单 Dispatch', array['dispatcher'], false),
  (4, 'returnReview', '退回审核 Return review', array['reviewer'], false),
  (5, 'extensionReview', '延期审核 Extension review', array['reviewer'], false),
  (6, 'completionReview', '办结审核 Completion review', array['reviewer'], false),
  (7, 'returnVisit', '回访评价 Return visit', array['returnVisit'], false),
  (8, 'returnVisit', '回访评价 Return visit', array['returnVisit'], false),
  (9, 'supervisionNote', '督办意见 Supervision note', array['supervisor'], false),
  (10, 'accept', '签收或申请退回 Accept or return', array['unitHandler'], true),
  (11, 'accept', '签收或申请退回 Accept or return', array['unitHandler'], true),
  (12, 'accept', '签收或申请退回 Accept or return', array['unitHandler'], true),
  (13, 'reply', '办理答复 Handle and reply', array['unitHandler'], true),
  (14, 'reply', '办理答复 Handle and reply', array['unitHandler'], true),
  (15, 'reply', '办理答复 Handle and reply', array['unitHandler'], true),
  (16, 'reply', '办理答复 Handle and reply', array['unitHandler'], true),
  (17, 'extensionNotice', '延期告知诉求人 Tell the caller of the extension', array['unitHandler'], true),
  (18, 'supervisionAnswer', '督办单反馈 Answer the supervision order', array['unitHandler','unitLeader'], true),
  (19, 'supervisionAnswer', '负责人反馈督办单 The unit leader answers', array['unitLeader'], true)
) as f(k, form, name, groups, unit_task)`;

const sqlArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;

async function seed(knex: Knex): Promise<void> {
  const t0 = performance.now();
  // bulk load without the tickets' word indexes (GIN on bigrams): built once afterwards
  await knex.raw('drop index if exists tickets_content_bigrams; drop index if exists tickets_address_bigrams');
  for (const city of CITIES) {
    const count = Math.round(TICKETS * city.share);
    const c0 = performance.now();
    const version = await knex('pack_versions').where({ city_id: city.id, status: 'published' }).orderBy('effective_from', 'desc').first('id');
    const registrar = await knex('users').where({ city_id: city.id, username: `${city.user}.registrar` }).first('id');
    const districts: Array<{ id: string; code: string }> = await knex('units').where({ city_id: city.id, kind: 'district' }).orderBy('code').select('id', 'code');
    await knex('units').insert(
      Array.from({ length: STREETS }, (_, i) => {
        const district = districts[i % districts.length]!;
        return { city_id: city.id, code: `${district.code}.bench${String(i).padStart(3, '0')}`, name: `压测街道${i + 1}`, kind: 'street', parent_id: district.id };
      }),
    );
    const units: string[] = await knex('units').where({ city_id: city.id }).whereIn('kind', ['street', 'community', 'department']).orderBy('code').pluck('id');
    const places: string[] = await knex('places').where({ city_id: city.id }).orderBy('code').pluck('code');
    if (!version || !registrar) throw new Error(`the shipped ${city.id} pack and demo organisation are not loaded`);
    const cityJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cities', city.id, 'city.json'), 'utf8')) as { urgencyClasses: Array<{ key: string }>; ticketTypes: Array<{ key: string }> };
    const urgencies = cityJson.urgencyClasses.map((u) => u.key);
    const types = cityJson.ticketTypes.map((t) => t.key);
    await knex.transaction(async (trx) => {
      // a superuser (the embedded PostgreSQL's) loads without the foreign keys' row-by-row checks: the rows refer to what is there
      if ((await trx.raw('select rolsuper from pg_roles where rolname = current_user')).rows[0]?.rolsuper) await trx.raw('set local session_replication_role = replica');
      await trx.raw(`create temporary table bench_units (i int primary key, id uuid) on commit drop`);
      await trx('bench_units').insert(units.map((id, i) => ({ i, id })));
      // urgency: 1 in 50 the most urgent class, 1 in 10 the next, else the last (general)
      await trx.raw(
        `insert into tickets (id, city_id, number, type, urgency, content, summary, channel, unit_id, place_code, status, closed_at, pack_version_id, registered_at, registered_by)
         select gen_random_uuid(), ?, ? || lpad(n::text, 11, '0'),
                (${sqlArray(types)})[1 + (n / 3) % ${types.length}],
                case when n % 50 = 1 then (${sqlArray(urgencies)})[1] when n % 10 = 1 then (${sqlArray(urgencies)})[${Math.min(2, urgencies.length)}] else (${sqlArray(urgencies)})[${urgencies.length}] end,
                '压测工单' || n, '压测工单 ' || n, 'phone',
                case when n % 5 = 0 and (n / 5) % 20 < 4 then null else (select id from bench_units where i = (n / 7) % ?) end,
                ${places.length > 0 ? `(${sqlArray(places)})[1 + (n / 11) % ${places.length}]` : 'null'},
                case when n % 5 = 0 then 'open' else 'closed' end,
                case when n % 5 = 0 then null else now() - (n % 525600) * interval '1 minute' + interval '3 days' end,
                ?, now() - (n % 525600) * interval '1 minute', ?
         from generate_series(1, ?) as n`,
        [city.id, city.prefix, units.length, version.id, registrar.id, count],
      );
      await trx.raw(
        `insert into ticket_callers (ticket_id, name, phone) select id, '压测' || right(number, 4), '138' || right(number, 8) from tickets where city_id = ? and number like ? || '%'`,
        [city.id, city.prefix],
      );
      // the task projection: an open task per open ticket (its step by the number), a completed one per closed ticket
      await trx.raw(
        `insert into tasks (engine, task_key, city_id, ticket_id, process_instance_key, element_id, name, form, candidate_groups, unit_id,
                            ticket_number, ticket_type, urgency, urgency_rank, due_at, status, completion_request_id, completed_at, created_at)
         select 'embedded', 'bench-' || t.number, t.city_id, t.id, 'bench-' || t.number, f.form, f.name, f.form, f.groups,
                case when f.unit_task then t.unit_id end, t.number, t.type, t.urgency,
                array_position(${sqlArray(urgencies)}, t.urgency) - 1,
                t.registered_at + interval '1 day' * (1 + (hashtext(t.number) & 7)) - interval '3 days',
                case when t.status = 'open' then 'open' else 'completed' end,
                case when t.status = 'open' then null else 'bench' end,
                t.closed_at,
                t.registered_at + interval '10 minutes'
         from (select *, substr(number, 3)::bigint as n from tickets where city_id = ? and number like ? || '%') t
         join ${STEPS} on f.k = case when t.status = 'open' then (t.n / 5) % 20 else 8 end`,
        [city.id, city.prefix],
      );
      await trx.raw(
        `insert into ticket_events (key, ticket_id, city_id, kind, at, summary, data)
         select 'bench:' || t.number || ':' || e, t.id, t.city_id, (array['registered','taskCompleted','deadlineSet'])[e], t.registered_at + e * interval '1 minute',
                (array['受理登记','受理员完成「分类处理」','签收时限'])[e], '{}'::jsonb
         from tickets t, generate_series(1, 3) as e where t.city_id = ? and t.number like ? || '%' and t.status = 'open'`,
        [city.id, city.prefix],
      );
    });
    console.log(`  ${city.id}: ${count.toLocaleString('en')} tickets, ${units.length} units, in ${seconds(c0)} s`);
  }
  const i0 = performance.now();
  await knex.raw(`create index tickets_content_bigrams on tickets using gin (content_bigrams);
                  create index tickets_address_bigrams on tickets using gin (address_bigrams) where address is not null`);
  console.log(`  word indexes rebuilt in ${seconds(i0)} s`);
  for (const table of ['tickets', 'ticket_callers', 'tasks', 'ticket_events', 'units']) await knex.raw(`vacuum analyze ${table}`);
  console.log(`seeded in ${seconds(t0)} s`);
}

async function startChild(port: number, pgPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the server did not answer within 3 minutes');
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
}

if (!REUSE) rmSync(join(REPO_ROOT, DATA_DIR), { recursive: true, force: true });
const pgPort = await freePort();
console.log(`bench:inbox — starting the server (${DATA_DIR}) to seed …`);
const setup = await startServer(loadConfig({ PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR, LOG_LEVEL: 'warn' }));
interface Sample {
  city: (typeof CITIES)[number];
  role: string;
  username: string;
  taskIds: string[];
  numbers: string[];
}
const samples: Sample[] = [];
let openTasks = 0;
try {
  const db = setup.app.db;
  const seeded = REUSE && Number((await db('tickets').count({ n: '*' }).first())?.n) >= TICKETS;
  if (seeded) console.log('reusing the seeded database of the last run');
  else {
    console.log(`seeding ${TICKETS.toLocaleString('en')} tickets (a fifth open, with an open task) over ${CITIES.map((c) => c.id).join(', ')} …`);
    await seed(db);
  }
  // a migration that rewrote the tasks (0028 copies each ticket's place onto its tasks) leaves them for
  // autovacuum: do its work now, so that the figures are the steady state's
  await db.raw('vacuum analyze tasks');
  openTasks = Number((await db('tasks').whereIn('status', ['open', 'claimed']).count({ n: '*' }).first())?.n);
  // the tasks each demo person may open: by their role and unit (a leader's district and the units under it)
  for (const city of CITIES) {
    const roles = ['registrar', 'dispatcher', 'reviewer', 'returnVisit', 'supervisor', 'unitHandler', 'unitLeader'];
    for (const role of roles) {
      const username = `${city.user}.${role === 'returnVisit' ? 'returnvisit' : role === 'unitHandler' ? 'handler' : role === 'unitLeader' ? 'leader' : role}`;
      const user = await db('users').where({ city_id: city.id, username }).first('unit_id');
      const q = db('tasks as k').where({ 'k.city_id': city.id, 'k.status': 'open' }).whereRaw('? = any(k.candidate_groups)', [role]);
      if (role === 'unitHandler') q.where('k.unit_id', user.unit_id);
      else if (role === 'unitLeader') q.whereRaw(`k.unit_id in (with recursive t as (select id from units where id = ? union all select u.id from units u join t on u.parent_id = t.id) select id from t)`, [user.unit_id]);
      else q.whereNull('k.unit_id');
      const picked: Array<{ id: string; ticket_number: string }> = await q.clone().orderByRaw('random()').limit(REQUESTS).select('k.id', 'k.ticket_number');
      samples.push({ city, role, username, taskIds: picked.map((r) => r.id), numbers: picked.map((r) => r.ticket_number) });
    }
  }
} finally {
  await setup.close();
}

console.log(`\nstarting the server as \`npm start\` does, in its own process …`);
const port = await freePort();
const s0 = performance.now();
const child = await startChild(port, pgPort);
console.log(`up in ${seconds(s0)} s (pid ${child.pid}); ${openTasks.toLocaleString('en')} open tasks; RSS ${memoryOf(child.pid!).rss.toFixed(0)} MB`);
try {
  const base = `http://127.0.0.1:${port}`;
  const rows: Array<[string, number, number, number]> = [];
  const run = async (name: string, token: string, paths: string[]) => {
    await measure(base, token, paths.slice(0, 5), SCENARIO_MAX_MS); // warm-up
    const r = await measure(base, token, paths, SCENARIO_MAX_MS);
    rows.push([name, r.n, r.p50, r.p95]);
    console.log(`${name.padEnd(58)} ${String(r.n).padStart(5)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`);
  };
  const n = (i: number) => Array.from({ length: REQUESTS }, (_, k) => k + i);
  // the machine's floor, measured in the same run: a call that reads nothing of the inbox
  const floor = async () => run('floor: GET /api/me (no inbox)', await login(base, 'tj.dispatcher'), n(0).map(() => '/api/me'));
  console.log(`\n${'call'.padEnd(58)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  await floor();
  for (const sample of samples) {
    if (sample.role === 'registrar') await floor();
    const { city, role, username } = sample;
    const token = await login(base, username);
    const api = `/api/cities/${city.id}/tasks`;
    const who = `${city.id} ${role}`;
    await run(`${who}: inbox page 1`, token, n(0).map(() => `${api}?status=open&page=1&pageSize=50`));
    await run(`${who}: inbox pages 2..10`, token, n(0).map((i) => `${api}?status=open&page=${2 + (i % 9)}&pageSize=50`));
    if (role === 'dispatcher' || role === 'unitLeader' || (city.id === 'tianjin' && role === 'unitHandler')) {
      const cityJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cities', city.id, 'city.json'), 'utf8')) as { urgencyClasses: Array<{ key: string }>; ticketTypes: Array<{ key: string }> };
      const types = cityJson.ticketTypes.map((t) => t.key);
      const urgencies = cityJson.urgencyClasses.map((u) => u.key);
      await run(`${who}: filter type`, token, n(0).map((i) => `${api}?status=open&type=${types[i % 5]}&page=1&pageSize=50`));
      await run(`${who}: filter urgency (most urgent)`, token, n(0).map(() => `${api}?status=open&urgency=${urgencies[0]}&page=1&pageSize=50`));
      await run(`${who}: filter overdue`, token, n(0).map(() => `${api}?status=open&overdue=true&page=1&pageSize=50`));
      await run(`${who}: filter form`, token, n(0).map((i) => `${api}?status=open&form=${role === 'dispatcher' ? 'dispatch' : ['accept', 'reply', 'supervisionAnswer'][i % 3]}&page=1&pageSize=50`));
      await run(`${who}: filter place (a district)`, token, n(0).map(() => `${api}?status=open&place=${city.handlerUnit.split('.')[0]}&page=1&pageSize=50`));
      if (role !== 'unitHandler') await run(`${who}: filter unit`, token, n(0).map(() => `${api}?status=open&unit=${city.handlerUnit}&page=1&pageSize=50`));
      await run(`${who}: overdue + type + urgency`, token, n(0).map((i) => `${api}?status=open&overdue=true&type=${types[i % 5]}&urgency=${urgencies.at(-1)}&page=1&pageSize=50`));
    }
    if (sample.numbers.length > 0) {
      await run(`${who}: search by number (whole)`, token, sample.numbers.map((num) => `${api}?status=open&q=${num}&page=1&pageSize=50`));
      if (role === 'dispatcher') await run(`${who}: search by number (first 8 digits)`, token, sample.numbers.map((num) => `${api}?status=open&q=${num.slice(0, 8)}&page=1&pageSize=50`));
      await run(`${who}: task page`, token, sample.taskIds.map((id) => `${api}/${id}`));
    }
  }
  await floor();
  const worst = rows.filter((r) => !r[0].endsWith('task page') && !r[0].startsWith('floor')).reduce((a, b) => (b[3] > a[3] ? b : a));
  const worstPage = rows.filter((r) => r[0].endsWith('task page')).reduce((a, b) => (b[3] > a[3] ? b : a));
  const memory = memoryOf(child.pid!);
  console.log(`\nslowest inbox call p95: ${worst[3].toFixed(1)} ms (${worst[0]}); slowest task page p95: ${worstPage[3].toFixed(1)} ms (${worstPage[0]})`);
  console.log(`server process: RSS ${memory.rss.toFixed(0)} MB now, ${memory.peak.toFixed(0)} MB at its peak, with ${openTasks.toLocaleString('en')} open tasks`);
  console.log(`${TICKETS.toLocaleString('en')} tickets; one request at a time over loopback after 5 warm-up requests; load: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}
