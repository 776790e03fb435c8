// A new calendar year published while an open ticket counted it provisionally: the handling deadline
// is counted again with the new calendar, the task's due instant follows, and the live timer moves —
// the old instant passes without supervision, the new one does not. Run on both engines.
import { join } from 'node:path';
import { expect } from 'vitest';
import { SHIPPED_PACKS_DIR, readPackFolder } from '@hotline/cities';
import { CityRules, parsePack } from '@hotline/rules';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, waitFor } from './lifecycle';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Call = (username: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, password?: string) => Promise<{ statusCode: number; body: string; json(): Json }>;

/** Calls as a demo user (or another account with its password), with any method. */
export function apiCaller(world: LifecycleWorld): Call {
  const tokens = new Map<string, string>();
  return async (username, method, url, payload, password = 'hotline-demo') => {
    let token = tokens.get(username);
    if (!token) {
      const login = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (login.statusCode !== 200) throw new Error(`login ${username}: ${login.body}`);
      token = login.json().token as string;
      tokens.set(username, token);
    }
    return world.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as string }) });
  };
}

const TJ = '/api/cities/tianjin';
const DAY = 24 * 3600_000;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export async function provisionalDeadlineScenario(world: LifecycleWorld, call: Call, timeoutMs = 15_000): Promise<void> {
  const admin = await world.user('tj.admin');
  const clock = async () => Date.parse((await admin.get('/api/engine/clock')).body.now as string);
  const now = await clock();
  const year = new Date(now + 8 * 3600_000).getUTCFullYear();
  const pack = parsePack(readPackFolder(join(SHIPPED_PACKS_DIR, 'tianjin')), { label: 'tianjin' });
  expect(pack.calendar.some((c) => c.year === year), `the shipped Tianjin pack has no ${year} calendar: this scenario needs this year's and not the next`).toBe(true);
  expect(pack.calendar.some((c) => c.year === year + 1), `the shipped Tianjin pack has a ${year + 1} calendar already`).toBe(false);
  // the Monday of the week of 28 December: seven working days of handling reach into next year
  const dec28 = Date.parse(`${year}-12-28T09:00:00+08:00`);
  const monday = dec28 - ((new Date(dec28).getUTCDay() + 6) % 7) * DAY;
  expect(monday, 'this scenario runs before the last week of the year').toBeGreaterThan(now);
  expect((await admin.post('/api/engine/clock', { advanceMs: monday - now })).statusCode).toBe(200);

  const registrar = await world.user('tj.registrar');
  const dispatcher = await world.user('tj.dispatcher');
  const handler = await world.user('tj.handler');
  const number = (await registrar.post(`${TJ}/tickets`, complaint())).body.number as string;
  await dispatcher.post(`${TJ}/tasks/${(await inboxTask(dispatcher, 'tianjin', number, 'dispatch', timeoutMs)).id}/complete`, { data: FORM_DATA.dispatch, requestId: 'd' });
  await handler.post(`${TJ}/tasks/${(await inboxTask(handler, 'tianjin', number, 'accept', timeoutMs)).id}/complete`, { data: FORM_DATA.accept, requestId: 'a' });
  const reply = await inboxTask(handler, 'tianjin', number, 'reply', timeoutMs);
  expect(reply).toMatchObject({ dueProvisional: true });
  const handling = ((await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Json[]).find((e) => e.kind === 'deadlineSet' && e.data.stage === 'handle')!;
  const request = { stage: 'handle', type: 'complaint', urgency: 'general', from: handling.at as string };
  expect(Date.parse(reply.dueAt!)).toBe(new CityRules(pack).deadline(request).dueMs);

  // next year's schedule: 1 January a holiday (test data), entered by policy staff in a draft
  const calendar = { layer: 'national', year: year + 1, source: `国务院办公厅关于${year + 1}年部分节假日安排的通知（测试数据）`, holidays: [{ date: `${year + 1}-01-01`, name: '元旦' }], workdays: [] };
  const withCalendar = new CityRules({ ...pack, calendar: [...pack.calendar, calendar] });
  const expected = withCalendar.deadline(request);
  expect(expected.provisional).toBe(false);
  expect(expected.dueMs).toBeGreaterThan(Date.parse(reply.dueAt!));

  const draft = (await call('tj.policy', 'POST', `${TJ}/pack-versions/1/drafts`)).json().number as number;
  const put = await call('tj.policy', 'PUT', `${TJ}/pack-versions/${draft}/files/calendar/national-${year + 1}.json`, { text: `${JSON.stringify(calendar, null, 2)}\n` });
  expect(put.statusCode, put.body).toBe(201);
  const published = await call('tj.policy', 'POST', `${TJ}/pack-versions/${draft}/publish`, { effectiveFrom: today() });
  expect(published.statusCode, published.body).toBe(200);
  const { deadlines } = published.json();
  expect(deadlines).toMatchObject({ packVersion: draft, ticketsChecked: 1, skipped: 0, timers: { moved: 1, problem: null } });
  expect(deadlines.recomputed).toEqual([{ ticket: number, stage: 'handle', as: 'handle', previousDue: reply.dueAt, due: expected.due, provisional: false, tasksUpdated: 1, timerMoved: true }]);
  const moved = await inboxTask(handler, 'tianjin', number, 'reply', timeoutMs);
  expect(moved).toMatchObject({ id: reply.id, dueProvisional: false });
  expect(Date.parse(moved.dueAt!)).toBe(expected.dueMs);
  const timeline = (await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Json[];
  expect(timeline.filter((e) => e.kind === 'deadlineSet' && e.data.stage === 'handle').at(-1)).toMatchObject({
    actor: { username: 'tj.policy' },
    data: { due: expected.due, provisional: false, recomputed: { previousDue: reply.dueAt, packVersion: draft } },
  });
  expect(await world.knex('audit_events').where({ action: 'pack.deadlinesRecomputed' }).pluck('subject_id')).toEqual([`tianjin/${draft}`]);

  // running it again finds nothing left to do
  const again = await call('tj.policy', 'POST', `${TJ}/deadlines/recompute`, {});
  expect(again.statusCode, again.body).toBe(200);
  expect(again.json()).toMatchObject({ ticketsChecked: 0, recomputed: [] });

  // the old instant passes: no supervision; the new one passes: supervised
  const supervised = async () => Number((await world.knex('supervisions').join('tickets', 'tickets.id', 'supervisions.ticket_id').where('tickets.number', number).count({ n: '*' }).first())?.n);
  expect((await admin.post('/api/engine/clock', { advanceMs: Date.parse(reply.dueAt!) + 60_000 - (await clock()) })).statusCode).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, Math.max(2_000, timeoutMs / 5)));
  expect(await supervised()).toBe(0);
  expect((await admin.post('/api/engine/clock', { advanceMs: expected.dueMs + 60_000 - (await clock()) })).statusCode).toBe(200);
  await waitFor('the supervision of the overdue reply', async () => (await supervised()) === 1, timeoutMs);
}
