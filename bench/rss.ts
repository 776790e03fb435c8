// `npm run bench:rss`: the server's resident memory with BENCH_OPEN (100,000) open Tianjin tickets, each
// with a live embedded-engine process instance waiting at a real stage (issue 11: RSS < 500 MB).
//
// 1. Starts the real server in this process (embedded PostgreSQL under .data/bench-rss, wiped first; the
//    embedded engine; the shipped packs and demo organisations) and drives BENCH_TEMPLATES (200) real
//    lifecycles through the HTTP API, a quarter stopped at each stage: waiting at 派单 (dispatch), 签收
//    (accept), 办理 (reply), 回访 (return visit). Then clones them in SQL up to BENCH_OPEN open tickets
//    (bench/rss/clone.ts: every engine and projection row under new keys, ids and numbers) and checks
//    that clones are live: two random clones per stage have their open task completed through the API
//    by its user, and the next task must appear (or the ticket close). Picks the workload's tasks, stops.
// 2. Starts the server as `npm start` does, in its own process on that database (bench/lifecycle's
//    server process), and times its start-up: the embedded engine fires due timers and announces every
//    open task before the server listens. Reads VmRSS/VmHWM from /proc and process.memoryUsage() through
//    a probe preloaded into the server (bench/rss/memory-probe.mjs), right after start.
// 3. The workload, over loopback: each demo role's inbox (page 1, later pages), the task pages of the
//    picked tasks, then BENCH_COMPLETIONS (300) completions of cloned tickets' tasks, one at a time; then
//    the memory again, and its peak.
// BENCH_REUSE=1 keeps the last run's seeded database (steps 2–3 again); BENCH_HEAP_PROFILE=1 has the
// server write a sampling heap profile of what it holds at each memory reading (and BENCH_HEAP_PROFILE_AT
// seconds after its start), under .data/bench-logs; bench/rss/heap-profile.ts sums one by allocating function.
// BENCH_CPU_PROFILE_AT=<s> has it write a CPU profile of its first s seconds (its start-up) beside them.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { loadConfig, startServer } from '@hotline/server';
import { freePort } from '@hotline/postgres';
import { startServerProcess } from './lifecycle/server-process';
import { CITY, completeStep } from './lifecycle/scenario';
import { login, measure, percentile, seconds } from './loopback';
import { memoryOf } from './proc-memory';
import { cloneTickets, type Template } from './rss/clone';
import { STAGES, advance, driveTemplates, driver } from './rss/stages';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}=${process.env[name]}: a positive whole number is needed`);
  return value;
};
const OPEN = positive('BENCH_OPEN', 100_000);
const TEMPLATES = Math.min(OPEN, positive('BENCH_TEMPLATES', 200));
const COMPLETIONS = positive('BENCH_COMPLETIONS', 300);
const REQUESTS = positive('BENCH_REQUESTS', 20);
const DATA_DIR = '.data/bench-rss';
const LOGS = join(ROOT, '.data', 'bench-logs');
const MEMORY_FILE = join(LOGS, 'rss-memory.json');
const REUSE = process.env.BENCH_REUSE === '1';
/** Tianjin's demo accounts with an inbox. */
const INBOX_USERS = ['tj.registrar', 'tj.dispatcher', 'tj.reviewer', 'tj.returnvisit', 'tj.supervisor', 'tj.handler', 'tj.leader'];

const say = (text: string) => process.stdout.write(`${text}\n`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');

interface Sample {
  stage: number;
  taskId: string;
  number: string;
}

/** Open tasks of cloned tickets (not the templates) waiting at `stage`, at random. */
async function openClones(db: Knex, stage: number, templates: string[], count: number): Promise<Sample[]> {
  const rows: Array<{ id: string; ticket_number: string }> = await db('tasks')
    .where({ city_id: CITY, status: 'open', form: STAGES[stage]!.form })
    .whereNotIn('ticket_number', templates)
    .orderByRaw('random()')
    .limit(count)
    .select('id', 'ticket_number');
  return rows.map((r) => ({ stage, taskId: r.id, number: r.ticket_number }));
}

async function countOf(db: Knex, sql: string): Promise<number> {
  return Number((await db.raw(sql)).rows[0].n);
}

async function figures(db: Knex) {
  return {
    openTickets: await countOf(db, `select count(*) as n from tickets where status = 'open'`),
    liveInstances: await countOf(db, `select count(*) as n from engine_process_instance where status = 'active'`),
    openUserTasks: await countOf(db, `select count(*) as n from engine_user_task where status = 'open'`),
    openInboxTasks: await countOf(db, `select count(*) as n from tasks where status in ('open', 'claimed')`),
    pendingTimers: await countOf(db, `select count(*) as n from engine_timer`),
    subscriptions: await countOf(db, `select count(*) as n from engine_message_subscription`),
    jobs: await countOf(db, `select count(*) as n from engine_job`),
  };
}

async function seed(base: string, db: Knex): Promise<void> {
  const d = await driver(base);
  try {
    const t0 = performance.now();
    const byStage = await driveTemplates(d, TEMPLATES, 16);
    say(`  ${TEMPLATES} lifecycles driven through the API to their stage in ${seconds(t0)} s (${byStage.map((n, s) => `${STAGES[s]!.form} ${n.length}`).join(', ')})`);
    const numbers = byStage.flat();
    const rows: Array<{ number: string; id: string; process_instance_key: string }> = await db('tickets').whereIn('number', numbers).select('number', 'id', 'process_instance_key');
    const templates: Template[] = rows.map((r) => ({ number: r.number, ticketId: r.id, pik: r.process_instance_key }));
    await db('engine_process_instance').whereIn('key', templates.map((t) => t.pik)).where({ status: 'active' }).count({ n: '*' }).first().then((r) => {
      if (Number(r?.n) !== templates.length) throw new Error(`${templates.length - Number(r?.n)} template instance(s) are not active`);
    });
    const c0 = performance.now();
    const counts = await cloneTickets(db, templates, OPEN - TEMPLATES, 10_000, (done) => process.stdout.write(`\r  cloned ${done.toLocaleString('en')} …`));
    say(`\r  ${(OPEN - TEMPLATES).toLocaleString('en')} clones in ${seconds(c0)} s: ${Object.entries(counts).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
    // the clones are live: a few of each stage move on through the API, as a person would move them
    const v0 = performance.now();
    for (const stage of STAGES) {
      for (const sample of await openClones(db, stage.stage, numbers, 2)) await advance(d, sample.stage, sample.number, sample.taskId);
    }
    say(`  clones are live: 2 of each stage completed through the API and moved on to their next task (or closed) in ${seconds(v0)} s`);
  } finally {
    await d.close();
  }
}

mkdirSync(LOGS, { recursive: true });
say(`bench:rss — ${OPEN.toLocaleString('en')} open tickets with live embedded-engine instances; load average ${load()}`);
if (!REUSE) rmSync(join(ROOT, DATA_DIR), { recursive: true, force: true });
const pgPort = await freePort();
const setup = await startServer(loadConfig({ PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR, LOG_LEVEL: 'warn' }));
let seeded: Awaited<ReturnType<typeof figures>>;
const samples: Sample[] = [];
try {
  const db = setup.app.db;
  if (REUSE && (await countOf(db, `select count(*) as n from engine_process_instance where status = 'active'`)) > 0) say('reusing the seeded database of the last run');
  else {
    say(`seeding (${DATA_DIR}) …`);
    await seed(setup.url, db);
  }
  seeded = await figures(db);
  const templates: string[] = await db('tickets').where('number', '>=', db.raw(`to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD')`)).pluck('number');
  for (const stage of STAGES) samples.push(...(await openClones(db, stage.stage, templates, Math.ceil(COMPLETIONS / STAGES.length))));
} finally {
  await setup.close();
}
say(
  `open tickets ${seeded.openTickets.toLocaleString('en')}; live instances ${seeded.liveInstances.toLocaleString('en')}; open user tasks ${seeded.openUserTasks.toLocaleString('en')} ` +
    `(inbox rows ${seeded.openInboxTasks.toLocaleString('en')}); pending timers ${seeded.pendingTimers.toLocaleString('en')}; message subscriptions ${seeded.subscriptions.toLocaleString('en')}; jobs ${seeded.jobs}`,
);

say(`\nstarting the server as \`npm start\` does, in its own process (log: .data/bench-logs/server-rss.log) …`);
const s0 = performance.now();
const server = await startServerProcess(
  'rss',
  {
    DATA_DIR,
    EMBEDDED_PG_PORT: String(pgPort),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(ROOT, 'bench', 'rss', 'memory-probe.mjs')}`.trim(),
    BENCH_MEMORY_FILE: MEMORY_FILE,
  },
  3_600_000,
);
const startSeconds = seconds(s0);

/** The server's memory as Linux and as V8 see it; `collect`: and what V8 holds after a full collection. */
async function memory(collect = false) {
  const proc = memoryOf(server.pid); // before the probe's collection
  rmSync(MEMORY_FILE, { force: true });
  process.kill(server.pid, collect ? 'SIGWINCH' : 'SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await sleep(100);
    try {
      const v8 = JSON.parse(readFileSync(MEMORY_FILE, 'utf8')) as { now: NodeJS.MemoryUsage; peak: NodeJS.MemoryUsage; afterGc?: NodeJS.MemoryUsage };
      return { ...proc, v8 };
    } catch {
      // not written yet
    }
  }
  return { ...proc, v8: null };
}
const describe = (m: Awaited<ReturnType<typeof memory>>) =>
  `RSS ${m.rss.toFixed(0)} MB (peak ${m.peak.toFixed(0)} MB)` +
  (m.v8
    ? `; V8 heap used ${mb(m.v8.now.heapUsed)} of ${mb(m.v8.now.heapTotal)} (peak used ${mb(m.v8.peak.heapUsed)}), ${m.v8.afterGc ? `held after a full GC ${mb(m.v8.afterGc.heapUsed)}, ` : ''}external ${mb(m.v8.now.external)}`
    : '; V8 figures not read');

try {
  const afterStart = await memory();
  say(`up in ${startSeconds} s (pid ${server.pid}); ${describe(afterStart)}`);
  const base = server.url;
  say(`\n${'call'.padEnd(48)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  const row = (name: string, r: { n: number; p50: number; p95: number; max: number }) =>
    say(`${name.padEnd(48)} ${String(r.n).padStart(5)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`);
  const api = `/api/cities/${CITY}/tasks`;
  const times = (make: (i: number) => string) => Array.from({ length: REQUESTS }, (_, i) => make(i));
  for (const user of INBOX_USERS) {
    const token = await login(base, user);
    row(`${user}: inbox page 1`, await measure(base, token, times(() => `${api}?status=open&page=1&pageSize=50`)));
    row(`${user}: inbox pages 2..10`, await measure(base, token, times((i) => `${api}?status=open&page=${2 + (i % 9)}&pageSize=50`)));
  }
  for (const stage of STAGES) {
    const token = await login(base, stage.user);
    const paths = samples.filter((s) => s.stage === stage.stage).slice(0, REQUESTS).map((s) => `${api}/${s.taskId}`);
    if (paths.length) row(`${stage.user}: task page (${stage.form})`, await measure(base, token, paths));
  }
  // completions of cloned tickets' tasks, one at a time, stages in turn
  const d = await driver(base);
  const latencies: number[] = [];
  const queue = STAGES.map((stage) => samples.filter((s) => s.stage === stage.stage));
  const c0 = performance.now();
  for (let i = 0; latencies.length < COMPLETIONS && queue.some((q) => q.length); i++) {
    const sample = queue[i % queue.length]!.shift();
    if (!sample) continue;
    const t0 = performance.now();
    await completeStep(d.sessions, STAGES[sample.stage]!, sample.number, sample.taskId);
    latencies.push(performance.now() - t0);
  }
  await d.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  row('completions of cloned tickets (one at a time)', { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN });
  say(`  ${sorted.length} completions in ${seconds(c0)} s`);
  await sleep(5_000); // what the completions set going in the background (next tasks announced)
  const afterWork = await memory(true);
  say(`\nafter the workload: ${describe(afterWork)}`);
  say(
    `\nSUMMARY open tickets ${seeded.openTickets.toLocaleString('en')}, live instances ${seeded.liveInstances.toLocaleString('en')}, open user tasks ${seeded.openUserTasks.toLocaleString('en')}, ` +
      `pending timers ${seeded.pendingTimers.toLocaleString('en')}; start-up ${startSeconds} s; RSS after start ${afterStart.rss.toFixed(0)} MB; ` +
      `after the workload ${afterWork.rss.toFixed(0)} MB, peak ${afterWork.peak.toFixed(0)} MB` +
      `${afterWork.v8?.afterGc ? ` (V8 heap held after a full collection ${mb(afterWork.v8.afterGc.heapUsed)})` : ''}; completion p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms`,
  );
  say(`load average at end: ${load()}`);
} finally {
  await server.stop();
}
process.exit(0);
