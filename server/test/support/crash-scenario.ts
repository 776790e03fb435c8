// Crash safety (issue 4 part 5), the same on both engines: the server runs as a child process, a ticket
// waits at an open task with a pending deadline timer, the process is killed (SIGKILL) while a
// completion and a registration are in flight, and started again. Nothing may be lost or doubled: the
// task is listed once, the in-flight completion either never happened or is finished (never twice),
// completing the task continues the flow, and the timer fires once when the clock passes it. A completion
// in flight is recorded before the engine hears of it, so the restarted server finishes it (once).
import { expect } from 'vitest';
import { FORM_DATA, complaint, inboxTask, waitFor } from './lifecycle';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_PACKS_DIR } from '@hotline/cities';
import { type FormFile, completionVariables } from '@hotline/forms';
import { lockTask, recordCompletion } from '../../src/modules/workflow/task-completion';
import { completionRequestHash } from '../../src/modules/tasks/tasks.service';
import { type ChildServer, httpUser, startChildServer } from './child-server';
import type { TestDatabase } from './database';

const TIANJIN_DISPATCH = JSON.parse(readFileSync(join(SHIPPED_PACKS_DIR, 'tianjin/forms/dispatch.json'), 'utf8')) as FormFile;

const TJ = '/api/cities/tianjin';
const MINUTE = 60_000;

export interface CrashOptions {
  db: TestDatabase;
  env: Record<string, string>;
  /** Between the kill and the restart (Zeebe: restart the broker too; it keeps its data). */
  whileDown?: () => Promise<void>;
  /** How long an announcement may take after a restart (Zeebe: a task leased by the killed server waits for its lease). */
  announceTimeoutMs: number;
  /** Engine-side checks of the open timers of a ticket's instance (the embedded engine's table); absent on Zeebe. */
  pendingTimers?: (processInstanceKey: string) => Promise<number>;
}

type User = Awaited<ReturnType<typeof httpUser>>;

async function users(server: ChildServer) {
  const [registrar, dispatcher, handler, admin, supervisor] = await Promise.all(
    ['tj.registrar', 'tj.dispatcher', 'tj.handler', 'tj.admin', 'tj.supervisor'].map((u) => httpUser(server.url, u)),
  );
  return { registrar: registrar!, dispatcher: dispatcher!, handler: handler!, admin: admin!, supervisor: supervisor! };
}

async function register(registrar: User): Promise<string> {
  const response = await registrar.post(`${TJ}/tickets`, complaint());
  expect(response.statusCode, JSON.stringify(response.body)).toBe(201);
  return response.body.number as string;
}

async function tasksOf(db: TestDatabase, number: string, form: string): Promise<Array<{ id: string; status: string }>> {
  return db.knex('tasks').where({ ticket_number: number, form }).orderBy('created_at').select('id', 'status');
}

export async function crashScenario(options: CrashOptions): Promise<void> {
  const { db, env } = options;
  let server = await startChildServer(env);
  try {
    let people = await users(server);
    // Ticket 1 waits for the unit's acceptance; its deadline watch has a timer on acceptDue.
    const first = await register(people.registrar);
    await people.dispatcher.post(`${TJ}/tasks/${(await inboxTask(people.dispatcher, 'tianjin', first, 'dispatch')).id}/complete`, { data: FORM_DATA.dispatch, requestId: 'd1' });
    const accept = await inboxTask(people.handler, 'tianjin', first, 'accept');
    expect(accept.dueAt).not.toBeNull();
    const firstTicket = await db.knex('tickets').where({ number: first }).first('id', 'process_instance_key');
    if (options.pendingTimers) expect(await options.pendingTimers(firstTicket.process_instance_key)).toBe(1);

    // Ticket 2 waits for dispatch; its dispatch and a third registration are in flight when the server dies.
    const second = await register(people.registrar);
    const dispatch = await inboxTask(people.dispatcher, 'tianjin', second, 'dispatch');
    const inFlight = [
      people.dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: 'd2' }).catch(() => undefined),
      people.registrar.post(`${TJ}/tickets`, complaint({ content: '第三张工单：登记时服务中断' })).catch(() => undefined),
    ];
    await new Promise((resolve) => setTimeout(resolve, 30));
    await server.kill();
    await Promise.all(inFlight);
    // Where the kill landed is up to timing. So that every run also covers the narrowest window (the
    // completion recorded, the engine not told yet), a dispatch the kill stopped before it was recorded
    // is recorded now, as step 1 of the completion would have, while the server is down.
    const before = await db.knex('tasks').where({ id: dispatch.id }).first('status');
    if (before.status === 'open') {
      await db.knex.transaction(async (trx) => {
        const task = await lockTask(trx, dispatch.id);
        const dispatcher = await trx('users').where({ username: 'tj.dispatcher' }).first('id', 'display_name');
        await recordCompletion(trx, task!, {
          taskId: dispatch.id,
          requestId: 'd2',
          // as the route would have: the retry below must be recognised as the same request
          requestHash: completionRequestHash({ requestId: 'd2', data: FORM_DATA.dispatch }),
          action: { key: 'complete', label: '提交', primary: true },
          data: FORM_DATA.dispatch,
          variables: completionVariables(TIANJIN_DISPATCH, { key: 'complete', label: '提交', allowed: true, primary: true, definition: { key: 'complete', label: '提交', primary: true } }, FORM_DATA.dispatch),
          actor: { userId: dispatcher.id, name: dispatcher.display_name },
          at: new Date().toISOString(),
        });
      });
    }
    expect((await db.knex('tasks').where({ id: dispatch.id }).first('status')).status).toMatch(/^(completing|completed)$/);
    await options.whileDown?.();

    server = await startChildServer(env);
    people = await users(server);

    // The waiting task is there once, in the inbox and in the table.
    const listed = await people.handler.get(`${TJ}/tasks?q=${first}`);
    expect(listed.body.items.filter((t: { form: string }) => t.form === 'accept')).toHaveLength(1);
    expect(await tasksOf(db, first, 'accept')).toHaveLength(1);
    if (options.pendingTimers) expect(await options.pendingTimers(firstTicket.process_instance_key)).toBe(1);

    // The dispatch in flight is finished by the restarted server (recorded completions are repaired on
    // start): the accept task follows, once; a retry of the same request answers 200, nothing twice.
    await waitFor('the in-flight dispatch to be finished', async () => (await db.knex('tasks').where({ id: dispatch.id }).first('status')).status === 'completed', options.announceTimeoutMs);
    expect((await people.dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: 'd2' })).statusCode).toBe(200);
    await inboxTask(people.handler, 'tianjin', second, 'accept', options.announceTimeoutMs);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await tasksOf(db, second, 'accept')).toHaveLength(1);
    // Every stored ticket has exactly one process instance; the third registration is stored whole or not at all.
    const stored = await db.knex('tickets').select('number', 'process_instance_key');
    expect(stored.every((t) => t.process_instance_key !== null)).toBe(true);
    expect(stored.length === 2 || stored.length === 3).toBe(true);

    // The pack's acceptance warning (half the period) is recorded first, then the timer fires once when
    // the engine's clock passes acceptDue: two moves, each rung of the watch passed on its own.
    const clock = await people.admin.get('/api/engine/clock');
    expect(clock.statusCode, JSON.stringify(clock.body)).toBe(200);
    const toWarning = Math.max(0, Date.parse(accept.dueAt as string) - Date.parse(clock.body.now)) - MINUTE;
    expect((await people.admin.post('/api/engine/clock', { advanceMs: toWarning })).statusCode).toBe(200);
    const warned = () => db.knex('supervisions').where({ ticket_id: firstTicket.id, stage: 'accept', trigger: 'acceptWarning' }).select('id');
    await waitFor('the acceptance warning', async () => (await warned()).length > 0, options.announceTimeoutMs);
    expect((await people.admin.post('/api/engine/clock', { advanceMs: 2 * MINUTE })).statusCode).toBe(200);
    const supervised = () => db.knex('supervisions').where({ ticket_id: firstTicket.id, stage: 'accept', trigger: 'overdue' }).select('id');
    await waitFor('the overdue acceptance to be supervised', async () => (await supervised()).length > 0, options.announceTimeoutMs);
    await inboxTask(people.supervisor, 'tianjin', first, 'supervisionNote', options.announceTimeoutMs);
    const board = await people.supervisor.get(`${TJ}/supervision?kind=overdue`);
    expect(board.body.items.map((i: { ticket: { number: string } }) => i.ticket.number)).toContain(first);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await supervised()).toHaveLength(1);
    expect(await tasksOf(db, first, 'supervisionNote')).toHaveLength(1);
    expect(await tasksOf(db, first, 'accept')).toHaveLength(1);

    // Completing the task that survived the crash continues the flow.
    expect((await people.handler.post(`${TJ}/tasks/${accept.id}/complete`, { data: FORM_DATA.accept, requestId: 'a1' })).statusCode).toBe(200);
    await inboxTask(people.handler, 'tianjin', first, 'reply', options.announceTimeoutMs);
    expect(await tasksOf(db, first, 'reply')).toHaveLength(1);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- server output:\n${server.output().slice(-4000)}`, { cause: error });
  } finally {
    await server.stop();
  }
}
