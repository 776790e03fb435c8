// Reminders and notifications on the embedded engine with a real PostgreSQL: the outbox row is written
// in the transaction that makes a task visible; the portal's notification centre shows each person
// only their own reminders with an unread count; when half the acceptance period has passed (Tianjin's
// pack), the unit's contact person gets one SMS from a local fake gateway started here — once, across
// gateway failures (retried with exponential backoff) and across a crash between sending and marking.
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalChannel, SmsChannel } from '../src/modules/notifications/channels';
import { NotificationDispatcher, backoffDelayMs } from '../src/modules/notifications/dispatcher';
import { HttpSmsGateway, type SmsGateway } from '../src/modules/notifications/sms-gateway';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';
const CONTACT_PHONE = '13900001234'; // tj.handler, contact person of 劝业场街道 in the demo organisation
const log = pino({ level: 'silent' });

/** A local SMS gateway: records every request; honours Idempotency-Key (one message per key); can fail the next requests. */
class FakeSmsGateway {
  readonly requests: Array<{ at: number; key: string; to: string; text: string; authorization: string | undefined }> = [];
  readonly delivered = new Map<string, { to: string; text: string; messageId: string }>();
  failNext = 0;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void body(request).then((raw) => {
        const { to, text } = JSON.parse(raw) as { to: string; text: string };
        const key = String(request.headers['idempotency-key'] ?? '');
        this.requests.push({ at: Date.now(), key, to, text, authorization: request.headers.authorization });
        if (this.failNext > 0) {
          this.failNext--;
          response.writeHead(503).end('busy');
          return;
        }
        const known = this.delivered.get(key);
        const messageId = known?.messageId ?? `m${this.delivered.size + 1}`;
        if (!known) this.delivered.set(key, { to, text, messageId });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/send`;
  }

  messagesTo(phone: string) {
    return [...this.delivered.values()].filter((m) => m.to === phone);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const body = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => resolve(text));
  });

const BACKOFF = { minMs: 300, factor: 2, maxMs: 5_000 };

describe('reminders and notifications on the embedded engine', () => {
  let world: LifecycleWorld;
  const sms = new FakeSmsGateway();
  const dispatchers: NotificationDispatcher[] = [];
  const dispatcher = (gateway: SmsGateway) => {
    const d = new NotificationDispatcher(world.knex, [new PortalChannel(world.knex), new SmsChannel(world.knex, gateway)], log, { pollMs: 100, leaseMs: 1_000, backoff: BACKOFF });
    dispatchers.push(d);
    d.start();
    return d;
  };
  const gateway = (options: { idempotent?: boolean } = {}) => new HttpSmsGateway({ url: sms.url, key: 'test-key', ...options });

  beforeAll(async () => {
    world = await lifecycleWorld();
    await sms.start();
  });
  afterAll(async () => {
    await Promise.all(dispatchers.map((d) => d.stop()));
    await sms.stop();
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  /** Registers and dispatches a complaint to 劝业场街道; returns its number and the unit's accept task. */
  async function dispatched() {
    const registrar = await world.user('tj.registrar');
    const registered = await registrar.post(`${TJ}/tickets`, complaint());
    expect(registered.statusCode).toBe(201);
    const number = registered.body.number as string;
    const dispatcher = await world.user('tj.dispatcher');
    const task = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    const done = await dispatcher.post(`${TJ}/tasks/${task.id}/complete`, { data: FORM_DATA.dispatch, requestId: `dispatch-${task.id}` });
    expect(done.statusCode).toBe(200);
    const accept = await inboxTask(await world.user('tj.handler'), 'tianjin', number, 'accept');
    return { number, accept };
  }

  /** The unit accepts the ticket: its acceptance warning is behind it (later clock moves remind nobody of it). */
  async function accepted(accept: { id: string }) {
    const done = await (await world.user('tj.handler')).post(`${TJ}/tasks/${accept.id}/complete`, { data: FORM_DATA.accept, requestId: `accept-${accept.id}` });
    expect(done.statusCode).toBe(200);
  }

  /** Moves the engine clock to a minute before the accept task is due: past half the period, not overdue. */
  async function nearlyDue(accept: { dueAt: string | null }) {
    const now = await world.engine.clock.now();
    const to = Date.parse(accept.dueAt!) - 60_000;
    if (to > now) await world.engine.clock.advance(to - now);
  }

  const outboxOf = (number: string) =>
    world.knex('notification_outbox as o').join('tickets as t', 't.id', 'o.ticket_id').where('t.number', number).orderBy('o.created_at').select('o.*');

  it('writes the reminder of a task in the transaction that makes the task visible, and shows it to the unit handler only', async () => {
    const { number, accept } = await dispatched();
    const [task] = await world.knex('tasks').where({ id: accept.id }).select('created_at');
    const rows = await outboxOf(number);
    const mine = rows.filter((r) => r.task_id === accept.id);
    expect(mine.map((r) => [r.rule, r.channel])).toEqual([['unitTaskAssigned', 'portal']]);
    // now() is the transaction's start: equal instants, one transaction
    expect(mine[0].created_at.getTime()).toBe(task.created_at.getTime());
    expect(mine[0].title).toBe(`新工单${number}待办理`);
    expect(mine[0].body).toMatch(new RegExp(`^工单${number}「签收或申请退回」已派至劝业场街道，请于\\d+月\\d+日 \\d{2}:\\d{2}前处理。$`));
    // the dispatch task (a centre form the pack does not list) has no reminder
    expect(rows.filter((r) => r.task_id !== accept.id)).toEqual([]);

    dispatcher(gateway());
    const handler = await world.user('tj.handler');
    const seen = await waitFor('the reminder in the handler’s notification centre', async () => {
      const list = (await handler.get(`${TJ}/notifications`)).body;
      return list.items.find((n: { ticketNumber: string }) => n.ticketNumber === number) ? list : undefined;
    });
    const item = seen.items.find((n: { ticketNumber: string }) => n.ticketNumber === number);
    expect(item).toMatchObject({ title: `新工单${number}待办理`, taskId: accept.id, readAt: null });
    const before = (await handler.get(`${TJ}/notifications/unread-count`)).body.unread as number;
    expect(before).toBeGreaterThanOrEqual(1);
    expect(seen.unread).toBe(before);

    // another unit's handler, the dispatcher: none of it
    for (const other of ['tj.handler2', 'tj.dispatcher']) {
      const list = (await (await world.user(other)).get(`${TJ}/notifications`)).body;
      expect(list.items.some((n: { ticketNumber: string }) => n.ticketNumber === number), other).toBe(false);
      const stolen = await (await world.user(other)).post(`${TJ}/notifications/${item.id}/read`);
      expect(stolen.statusCode, other).toBe(404);
    }
    const denied = await world.knex('audit_events').where({ action: 'access.denied' }).whereRaw('details::text like ?', [`%${item.id}%`]).count({ n: '*' }).first();
    expect(Number(denied?.n)).toBe(2);
    expect((await handler.get(`${TJ}/notifications?unread=true`)).body.items.some((n: { id: string }) => n.id === item.id)).toBe(true);

    const read = await handler.post(`${TJ}/notifications/${item.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await handler.get(`${TJ}/notifications/unread-count`)).body.unread).toBe(before - 1);
    expect((await handler.post(`${TJ}/notifications/read-all`)).body.unread).toBe(0);
    expect((await handler.get(`${TJ}/notifications/unread-count`)).body.unread).toBe(0);
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await accepted(accept);
  });

  it('reminds the contact person by SMS once half the acceptance period has passed, once, retrying a failing gateway with exponential backoff', async () => {
    const { number, accept } = await dispatched();
    sms.failNext = 2;
    dispatcher(gateway());
    await nearlyDue(accept);
    const row = await waitFor('the SMS reminder to be delivered', async () => (await outboxOf(number)).find((r) => r.channel === 'sms' && r.status === 'delivered'));
    expect(row).toMatchObject({ rule: 'acceptReminder', attempts: 3, last_error: null });
    expect(row.body).toBe(`【12345热线】劝业场街道：工单${number}签收时限已过半，请于${row.body.match(/请于(.+)前签收/)?.[1]}前签收。`);
    expect(JSON.stringify(row)).not.toContain(CONTACT_PHONE); // the number is read at delivery, not stored with the reminder

    const tries = sms.requests.filter((r) => r.key === row.id);
    expect(tries).toHaveLength(3);
    expect(tries.every((t) => t.to === CONTACT_PHONE && t.authorization === 'Bearer test-key')).toBe(true);
    // 300 ms after the first failure, 600 ms after the second (polled every 100 ms)
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(BACKOFF.minMs - 20);
    expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(2 * BACKOFF.minMs - 20);
    expect(sms.messagesTo(CONTACT_PHONE).filter((m) => m.text.includes(number))).toHaveLength(1);

    // the same reminder is in the contact person's notification centre, and the warning on the timeline
    const handler = await world.user('tj.handler');
    await waitFor('the portal reminder', async () => (await handler.get(`${TJ}/notifications`)).body.items.find((n: { title: string }) => n.title === `请尽快签收工单${number}`));
    const timeline = (await handler.get(`${TJ}/tickets/${number}/timeline`)).body.items as Array<{ kind: string }>;
    expect(timeline.filter((e) => e.kind === 'warned')).toHaveLength(1);
    // more time and more polling send nothing more
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sms.requests.filter((r) => r.key === row.id)).toHaveLength(3);
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await accepted(accept);
  });

  it('sends one SMS when the server dies between sending and marking it sent, and is restarted', async () => {
    const { number, accept } = await dispatched();
    // the first server: its gateway call reaches the gateway, then the process "dies" (never marks the row)
    let release!: () => void;
    const dead = new Promise<never>((_, reject) => (release = () => reject(new Error('the process was gone'))));
    const real = gateway();
    const dying: SmsGateway = { idempotent: true, send: async (message) => (await real.send(message), dead) };
    dispatcher(dying);
    await nearlyDue(accept);
    const row = await waitFor('the SMS to reach the gateway', async () => {
      const sms_ = (await outboxOf(number)).find((r) => r.channel === 'sms');
      return sms_ && sms.requests.some((r) => r.key === sms_.id) ? sms_ : undefined;
    });
    expect((await world.knex('notification_outbox').where({ id: row.id }).first()).status).toBe('sending');

    // the restarted server: once the lease lapses it sends again with the same Idempotency-Key
    dispatcher(gateway());
    const done = await waitFor('the row to be marked delivered', async () => {
      const now = await world.knex('notification_outbox').where({ id: row.id }).first();
      return now.status === 'delivered' ? now : undefined;
    });
    expect(done.attempts).toBe(2);
    expect(sms.requests.filter((r) => r.key === row.id)).toHaveLength(2);
    expect(sms.messagesTo(CONTACT_PHONE).filter((m) => m.text.includes(number))).toHaveLength(1);
    release();
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await accepted(accept);
  });

  it('does not send again through a gateway without idempotency when a send may have happened: the row is failed for a person to check', async () => {
    const { number } = await dispatched();
    const ticket = await world.knex('tickets').where({ number }).first('id', 'city_id');
    const unit = await world.knex('units').where({ city_id: 'tianjin', code: 'heping.quanyechang' }).first('id');
    const [row] = await world
      .knex('notification_outbox')
      .insert({
        city_id: ticket.city_id,
        event_key: `test:${number}`,
        rule: 'acceptReminder',
        channel: 'sms',
        recipients: JSON.stringify({ kind: 'unitContact', unitId: unit.id }),
        ticket_id: ticket.id,
        title: 't',
        body: `中断的短信 ${number}`,
        status: 'sending',
        attempts: 1,
        lease_until: world.knex.raw("now() - interval '1 second'"),
      })
      .returning('id');
    const requestsBefore = sms.requests.length;
    dispatcher(gateway({ idempotent: false }));
    const failed = await waitFor('the uncertain row to be given up', async () => {
      const now = await world.knex('notification_outbox').where({ id: row.id }).first();
      return now.status === 'failed' ? now : undefined;
    });
    expect(failed.last_error).toMatch(/无法确认是否已发出/);
    expect(sms.requests.length).toBe(requestsBefore);
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, BACKOFF))).toEqual([300, 600, 1200, 2400, 4800, 5000]);
    expect(backoffDelayMs(1)).toBe(30_000);
  });
});
