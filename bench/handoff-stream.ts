// bench/handoff-stream: how soon the next person learns of their task after a completion, through the
// live stream (GET /api/events) and, in the same run, by polling the inbox every 10 ms as a script would
// without it. On the embedded engine, a fresh database, the shipped packs and demo organisations: each
// Tianjin complaint is registered (classified for dispatch), the dispatcher's `created` event gives the
// dispatch task, the dispatch is completed, and the hand-off is the time from the completion's answer to
// the handler's knowing of the 签收 task, by the stream and, watching the same hand-off, by polling. Sequential; BENCH_TICKETS (default 20), bounded
// by BENCH_SECONDS (default 180). Run with `npm run bench:handoff-stream`. Prints figures; asserts nothing.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import knexFactory from 'knex';
import { freePort, startEmbeddedPostgres } from '@hotline/postgres';
import { loadConfig, startServer } from '@hotline/server';
import { openTaskStream } from '@hotline/server/task-stream-client';
import { login, percentile } from './loopback';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TICKETS = Number(process.env.BENCH_TICKETS ?? 20);
const BUDGET_MS = Number(process.env.BENCH_SECONDS ?? 180) * 1000;
const POLL_MS = 10;

interface Reply {
  number?: string;
  items?: unknown[];
}
const WAIT_MS = 60_000;

async function api(base: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Reply }> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: ((await res.json().catch(() => null)) ?? {}) as Reply };
}

async function main(): Promise<void> {
  const postgres = await startEmbeddedPostgres({ dataDir: join(ROOT, '.data', 'bench-pg'), port: await freePort(), log: () => {}, disposable: true });
  const { user, password, host, port } = postgres.connection;
  const adminUrl = `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/postgres`;
  const name = `bench_stream_${Date.now().toString(36)}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw('create database ?? template template0', [name]);
  await admin.destroy();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const server = await startServer(loadConfig({ DATABASE_URL: url.toString(), PORT: String(await freePort()), LOG_LEVEL: 'silent', DEMO_DATA: 'true' }));
  const base = server.url;
  const streams: Array<{ close(): void }> = [];
  try {
    const [registrar, dispatcher, handler] = await Promise.all(['tj.registrar', 'tj.dispatcher', 'tj.handler'].map((u) => login(base, u)));
    const dispatcherStream = await openTaskStream({ baseUrl: base, token: dispatcher! });
    const handlerStream = await openTaskStream({ baseUrl: base, token: handler! });
    streams.push(dispatcherStream, handlerStream);
    const byStream: number[] = [];
    const byPolling: number[] = [];
    /** How much earlier the stream told than the polling found it (negative: later). */
    const streamFirst: number[] = [];
    const started = performance.now();
    for (let i = 0; i <= TICKETS && performance.now() - started < BUDGET_MS; i++) {
      const registered = await api(base, registrar!, 'POST', '/api/cities/tianjin/tickets', {
        type: 'complaint', urgency: 'general', channel: 'phone', content: '小区路灯不亮已有一周', caller: { name: '测试', phone: '13812345678' }, classify: { outcome: 'dispatch' },
      });
      if (registered.status !== 201) throw new Error(`registration: ${registered.status} ${JSON.stringify(registered.body)}`);
      const number = registered.body.number as string;
      const dispatch = await dispatcherStream.next((e) => e.change === 'created' && e.ticketNumber === number && e.form === 'dispatch', WAIT_MS);
      const done = await api(base, dispatcher!, 'POST', `/api/cities/tianjin/tasks/${dispatch.event.taskId}/complete`, { data: { mode: 'single', unit: 'heping.quanyechang' }, requestId: `bench-${number}` });
      const answered = performance.now();
      if (done.status !== 200) throw new Error(`dispatch: ${done.status} ${JSON.stringify(done.body)}`);
      // both watch the same hand-off: the stream's event and the inbox's first answer listing the task
      const pushed = handlerStream.next((e) => e.change === 'created' && e.ticketNumber === number, WAIT_MS);
      for (;;) {
        const inbox = await api(base, handler!, 'GET', `/api/cities/tianjin/tasks?q=${number}&form=accept`);
        if ((inbox.body.items ?? []).length > 0) break;
        if (performance.now() - answered > WAIT_MS) throw new Error(`no accept task of ${number}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      const polledAt = performance.now();
      const pushedAt = (await pushed).receivedAt;
      if (i === 0) continue; // warm-up
      byStream.push(Math.max(0, pushedAt - answered));
      byPolling.push(Math.max(0, polledAt - answered));
      streamFirst.push(polledAt - pushedAt);
    }
    const line = (label: string, values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `${label.padEnd(36)} n=${String(sorted.length).padStart(3)}  p50 ${percentile(sorted, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(sorted, 95).toFixed(0).padStart(5)} ms`;
    };
    const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
    console.log(`hand-off of the 签收 task after the dispatch's answer (embedded engine; load average ${loadavg()[0]!.toFixed(1)} on this machine)`);
    console.log(line('through the stream (GET /api/events)', byStream));
    console.log(line(`by polling the inbox every ${POLL_MS} ms`, byPolling));
    console.log(`stream / polling, medians: ${(median(byStream) / median(byPolling)).toFixed(2)}; the stream ahead of the polling by ${median(streamFirst).toFixed(0)} ms (median)`);
  } finally {
    for (const s of streams) s.close();
    await server.close();
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
