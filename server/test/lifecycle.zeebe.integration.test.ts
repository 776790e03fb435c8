// The same API flow on the real Zeebe broker (8.5, started by engine-adapters' harness with its clock
// controlled), and crash safety there: the server killed mid-flow, the broker restarted (it keeps its
// data), the server started again.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../src/paths';
import { crashScenario } from './support/crash-scenario';
import { type TestDatabase, freshDatabase } from './support/database';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';

describe('ticket lifecycle on Zeebe', () => {
  let world: LifecycleWorld;
  beforeAll(async () => {
    const { address, clockUrl } = inject('zeebe');
    world = await lifecycleWorld({ kind: 'zeebe', address, clockUrl }, ['tianjin']);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('takes a Tianjin complaint from registration to the return visit, completing each task once', async () => {
    const registrar = await world.user('tj.registrar');
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    const returnVisit = await world.user('tj.returnvisit');
    const registered = await registrar.post(`${TJ}/tickets`, complaint());
    expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
    const number = registered.body.number as string;

    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch', 30_000);
    expect(dispatch).toMatchObject({ name: '派单', candidateGroups: ['dispatcher'] });
    const body = { data: FORM_DATA.dispatch, requestId: 'zeebe-dispatch' };
    const [first, again] = [await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, body), await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, body)];
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);

    const accept = await inboxTask(handler, 'tianjin', number, 'accept', 30_000);
    expect(accept.unit).toEqual({ code: 'heping.quanyechang', name: '劝业场街道' });
    const wrong = await handler.post(`${TJ}/tasks/${accept.id}/complete`, { data: { handlerPhone: '123' }, requestId: 'bad' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body.error.details.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/handler', '/handlerPhone']);
    const both = await Promise.all([
      handler.post(`${TJ}/tasks/${accept.id}/complete`, { data: FORM_DATA.accept, requestId: 'tab-1' }),
      handler.post(`${TJ}/tasks/${accept.id}/complete`, { data: FORM_DATA.accept, requestId: 'tab-2' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);

    const reply = await inboxTask(handler, 'tianjin', number, 'reply', 30_000);
    expect((await handler.post(`${TJ}/tasks/${reply.id}/complete`, { data: FORM_DATA.reply, requestId: 'reply' })).statusCode).toBe(200);
    const visit = await inboxTask(returnVisit, 'tianjin', number, 'returnVisit', 30_000);
    expect((await returnVisit.post(`${TJ}/tasks/${visit.id}/complete`, { data: FORM_DATA.returnVisit, requestId: 'visit' })).statusCode).toBe(200);

    await waitFor('the ticket to close', async () => (await registrar.get(`${TJ}/tickets/${number}`)).body.status === 'closed', 30_000);
    const kinds = (await registrar.get(`${TJ}/tickets/${number}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'taskCompleted')).toHaveLength(5);
    for (const kind of ['registered', 'dispatched', 'accepted', 'replied', 'rated', 'closed']) expect(kinds.filter((k: string) => k === kind)).toHaveLength(1);
    const health = await (await world.user('tj.admin')).get('/api/health/details');
    expect(health.body.engine).toMatchObject({ kind: 'zeebe', status: 'up' });
  });
});

describe('crash safety on Zeebe', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db?.drop());

  it('loses and doubles nothing when the server is killed mid-flow and the broker restarted', async () => {
    const { address, clockUrl } = inject('zeebe');
    const zeebe = (command: string) => execFileSync('bash', [`${REPO_ROOT}/scripts/zeebe.sh`, command], { env: { ...process.env, ZEEBE_CLOCK_CONTROLLED: 'true' }, stdio: 'ignore' });
    await crashScenario({
      db,
      env: { DATABASE_URL: db.url, ZEEBE_ADDRESS: address, ZEEBE_CLOCK_URL: clockUrl, ZEEBE_USER_TASK_LEASE_MS: '15000', ZEEBE_WORKER_NAME: `crash-test-${process.pid}` },
      whileDown: async () => {
        zeebe('stop');
        zeebe('start');
      },
      announceTimeoutMs: 90_000,
    });
  }, 600_000);
});
