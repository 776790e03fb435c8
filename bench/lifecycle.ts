// bench/lifecycle: full ticket lifecycles per second, and how long a task completion takes (p50/p95),
// on each workflow engine: the embedded one, and Zeebe when scripts/zeebe.sh can start a broker.
// Run with `npm run bench:lifecycle`. Each engine gets the platform server as `npm start` runs it (a
// fresh database on a local PostgreSQL, the shipped packs, the demo organisations), driven over
// loopback HTTP the way the portal drives it: register a Tianjin complaint (classified for dispatch),
// then dispatch, accept, reply and return visit, each task picked up from the inbox by polling, until
// the ticket is closed. Bounded in count (BENCH_TICKETS, default 40) and time (BENCH_SECONDS per engine,
// default 120), BENCH_CONCURRENCY tickets at once (default 8); BENCH_ENGINES=embedded,zeebe picks the
// engines. DATABASE_URL: a PostgreSQL to use (its user creates a database per engine); else an embedded
// one under .data/bench-pg. Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { freePort, startEmbeddedPostgres } from '@hotline/postgres';
import { loadConfig, startServer } from '@hotline/server';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TICKETS = Number(process.env.BENCH_TICKETS ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BUDGET_MS = Number(process.env.BENCH_SECONDS ?? 120) * 1000;
const ENGINES = (process.env.BENCH_ENGINES ?? 'embedded,zeebe').split(',').map((e) => e.trim());
const STEP_TIMEOUT_MS = 60_000;
const POLL_MS = 10;
const PASSWORD = 'hotline-demo';
const ZEEBE_SCRIPT = join(ROOT, 'scripts', 'zeebe.sh');
const ZEEBE_TURN = join(ROOT, '.data', 'zeebe', 'test-run.pid');

const STEPS = [
  { user: 'tj.dispatcher', form: 'dispatch', data: { mode: 'single', unit: 'heping.quanyechang' } },
  { user: 'tj.handler', form: 'accept', data: { handler: '李四', handlerPhone: '13900001111' } },
  {
    user: 'tj.handler',
    form: 'reply',
    data: { policyBasis: '城市照明管理规定', progress: '已派人维修', result: '路灯已修复', process: '现场更换灯具', contactedAt: '2026-11-21T10:00:00+08:00', callerFeedback: '满意' },
  },
  { user: 'tj.returnvisit', form: 'returnVisit', data: { visitedAt: '2026-11-22T10:00:00+08:00', method: 'phone', handlingRating: 'satisfied', callerWords: '谢谢' } },
] as const;

interface Figures {
  engine: string;
  lifecycles: number;
  seconds: number;
  perSecond: number;
  completion: number[];
  handoff: number[];
  lifecycle: number[];
  note?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};


interface Body {
  number?: string;
  status?: string;
  items?: Array<{ id: string }>;
}
type Client = { get(path: string): Promise<Body>; post(path: string, body: unknown): Promise<{ status: number; body: Body }> };

async function client(url: string, username: string): Promise<Client> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    get: async (path) => (await (await fetch(`${url}${path}`, { headers })).json()) as Body,
    post: async (path, body) => {
      const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Body };
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${STEP_TIMEOUT_MS} ms`);
    await sleep(POLL_MS);
  }
}

/** One ticket from registration to closed; returns the completion times and the hand-offs (completion → next task in the inbox). */
async function lifecycle(clients: Record<string, Client>, n: number): Promise<{ completion: number[]; handoff: number[]; total: number }> {
  const started = performance.now();
  const registered = await clients['tj.registrar']!.post('/api/cities/tianjin/tickets', {
    type: 'complaint',
    channel: 'phone',
    content: `基准测试工单 ${n}：小区路灯不亮`,
    caller: { name: '张三', phone: '13812345678' },
    classify: { outcome: 'dispatch' },
  });
  if (registered.status !== 201) throw new Error(`registration: ${registered.status} ${JSON.stringify(registered.body)}`);
  const number = registered.body.number as string;
  const completion: number[] = [];
  const handoff: number[] = [];
  let ready = performance.now();
  for (const step of STEPS) {
    const caller = clients[step.user]!;
    const task = await until(`${step.form} task of ${number}`, async () => {
      const page = await caller.get(`/api/cities/tianjin/tasks?q=${number}&form=${step.form}`);
      return page.items?.[0];
    });
    handoff.push(performance.now() - ready);
    const t0 = performance.now();
    const done = await caller.post(`/api/cities/tianjin/tasks/${task.id}/complete`, { data: step.data, requestId: `bench-${number}-${step.form}` });
    completion.push(performance.now() - t0);
    if (done.status !== 200) throw new Error(`completing ${step.form} of ${number}: ${done.status} ${JSON.stringify(done.body)}`);
    ready = performance.now();
  }
  await until(`ticket ${number} closed`, async () => ((await clients['tj.registrar']!.get(`/api/cities/tianjin/tickets/${number}`)).status === 'closed' ? true : undefined));
  handoff.push(performance.now() - ready);
  return { completion, handoff, total: performance.now() - started };
}

async function runOn(engine: 'embedded' | 'zeebe', adminUrl: string, extraEnv: Record<string, string>): Promise<Figures> {
  const name = `bench_${engine}_${Date.now().toString(36)}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw('create database ?? template template0', [name]);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config = loadConfig({ DATABASE_URL: url.toString(), PORT: String(await freePort()), LOG_LEVEL: 'silent', DEMO_DATA: 'true', ...extraEnv });
  const server = await startServer(config);
  try {
    const clients: Record<string, Client> = {};
    for (const user of ['tj.registrar', 'tj.dispatcher', 'tj.handler', 'tj.returnvisit']) clients[user] = await client(server.url, user);
    await lifecycle(clients, 0); // warm-up: deployment, caches, JIT
    const figures: Figures = { engine, lifecycles: 0, seconds: 0, perSecond: 0, completion: [], handoff: [], lifecycle: [] };
    let next = 1;
    const started = performance.now();
    const worker = async () => {
      while (next <= TICKETS && performance.now() - started < BUDGET_MS) {
        const n = next++;
        const run = await lifecycle(clients, n);
        figures.lifecycles += 1;
        figures.completion.push(...run.completion);
        figures.handoff.push(...run.handoff);
        figures.lifecycle.push(run.total);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    figures.seconds = (performance.now() - started) / 1000;
    figures.perSecond = figures.lifecycles / figures.seconds;
    if (figures.lifecycles < TICKETS) figures.note = `stopped after ${BUDGET_MS / 1000} s`;
    return figures;
  } finally {
    await server.close();
    await admin.raw('drop database if exists ?? with (force)', [name]).catch(() => undefined);
    await admin.destroy();
  }
}

/** The local broker, taking turns with test runs through their lock file; started here only if needed. */
async function withZeebe<T>(work: (address: string) => Promise<T>): Promise<T | string> {
  const java = spawnSync('bash', [ZEEBE_SCRIPT, 'install'], { stdio: 'ignore' });
  if (java.status !== 0) return 'scripts/zeebe.sh install failed (Maven Central, Java 21+)';
  if (!(await takeTurn())) return 'another run holds the local broker (.data/zeebe/test-run.pid)';
  let startedHere = false;
  try {
    if (spawnSync('bash', [ZEEBE_SCRIPT, 'status'], { stdio: 'ignore' }).status !== 0) {
      try {
        execFileSync('bash', [ZEEBE_SCRIPT, 'start'], { stdio: 'ignore' });
        startedHere = true;
      } catch {
        return 'scripts/zeebe.sh start failed (see .data/zeebe/logs)';
      }
    }
    return await work(`127.0.0.1:${process.env.ZEEBE_GRPC_PORT ?? 26500}`);
  } finally {
    if (startedHere) spawnSync('bash', [ZEEBE_SCRIPT, 'stop'], { stdio: 'ignore' });
    rmSync(ZEEBE_TURN, { force: true });
  }
}

async function takeTurn(): Promise<boolean> {
  mkdirSync(dirname(ZEEBE_TURN), { recursive: true });
  const giveUpAt = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      writeFileSync(ZEEBE_TURN, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(ZEEBE_TURN, 'utf8'));
      if (holder > 0) process.kill(holder, 0);
      else if (Date.now() - statSync(ZEEBE_TURN).mtimeMs > 5_000) rmSync(ZEEBE_TURN, { force: true });
    } catch {
      rmSync(ZEEBE_TURN, { force: true }); // its holder is gone
      continue;
    }
    if (Date.now() > giveUpAt) return false;
    await sleep(1_000);
  }
}

function row(label: string, values: string[]): string {
  return `${label.padEnd(34)}${values.map((v) => v.padStart(14)).join('')}`;
}

const ms = (value: number) => (Number.isNaN(value) ? '—' : `${value.toFixed(0)} ms`);

async function main(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  let stopPostgres = async () => {};
  if (!adminUrl) {
    const postgres = await startEmbeddedPostgres({ dataDir: join(ROOT, '.data', 'bench-pg'), port: await freePort(), log: () => {}, disposable: true });
    const { user, password, host, port } = postgres.connection;
    adminUrl = `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/postgres`;
    stopPostgres = postgres.stop;
  }
  try {
    process.stdout.write(`ticket lifecycles: ${TICKETS} Tianjin complaints, ${CONCURRENCY} at once, at most ${BUDGET_MS / 1000} s per engine\n`);
    const results: Figures[] = [];
    if (ENGINES.includes('embedded')) {
      process.stdout.write('embedded engine … ');
      results.push(await runOn('embedded', adminUrl, {}));
      process.stdout.write('done\n');
    }
    if (ENGINES.includes('zeebe')) {
      process.stdout.write('Zeebe … ');
      const zeebe = await withZeebe((address) => runOn('zeebe', adminUrl!, { ZEEBE_ADDRESS: address }));
      if (typeof zeebe === 'string') process.stdout.write(`not run: ${zeebe}\n`);
      else {
        results.push(zeebe);
        process.stdout.write('done\n');
      }
    }
    process.stdout.write(`\n${row('', results.map((r) => r.engine))}\n`);
    process.stdout.write(`${row('lifecycles completed', results.map((r) => `${r.lifecycles}`))}\n`);
    process.stdout.write(`${row('lifecycles per second', results.map((r) => r.perSecond.toFixed(2)))}\n`);
    process.stdout.write(`${row('task completion p50', results.map((r) => ms(percentile(r.completion, 50))))}\n`);
    process.stdout.write(`${row('task completion p95', results.map((r) => ms(percentile(r.completion, 95))))}\n`);
    process.stdout.write(`${row('hand-off to next task p50', results.map((r) => ms(percentile(r.handoff, 50))))}\n`);
    process.stdout.write(`${row('hand-off to next task p95', results.map((r) => ms(percentile(r.handoff, 95))))}\n`);
    process.stdout.write(`${row('one lifecycle p50', results.map((r) => ms(percentile(r.lifecycle, 50))))}\n`);
    for (const r of results) if (r.note) process.stdout.write(`${r.engine}: ${r.note}\n`);
  } finally {
    await stopPostgres();
  }
}

await main();
process.exit(0);
