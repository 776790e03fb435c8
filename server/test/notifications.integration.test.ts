// Reminders and notifications on the embedded engine with a real PostgreSQL: the outbox row is written
// in the transaction that makes a task visible; the portal's notification centre shows each person
// only their own reminders with an unread count; when half the acceptance period has passed (Tianjin's
// pack), the unit's contact person gets one SMS from a local fake gateway started here — once, across
// gateway failures (retried with exponential backoff) and across a crash between sending and marking.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalChannel, SmsChannel, recipientUsers } from '../src/modules/notifications/channels';
import { NotificationDispatcher, backoffDelayMs } from '../src/modules/notifications/dispatcher';
import { notifySupervisionOrderIssued } from '../src/modules/notifications/outbox';
import { HttpSmsGateway, type SmsGateway } from '../src/modules/notifications/sms-gateway';
import { PostgresWorkerSink } from '../src/modules/workflow/worker-sink';
import { FakeSmsGateway } from '../src/testing/fake-sms-gateway';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';
const CONTACT_PHONE = '13900001234'; // tj.handler, contact person of 劝业场街道 in the demo organisation
const LEADER_PHONE = '13900005678'; // tj.leader, 和平区负责人: the leader of the unit above 劝业场街道
const log = pino({ level: 'silent' });

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

    const tries = sms.requests.filter((r) => r.key.startsWith(`${row.id}:`));
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
    expect(sms.requests.filter((r) => r.key.startsWith(`${row.id}:`))).toHaveLength(3);
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
      return sms_ && sms.requests.some((r) => r.key.startsWith(`${sms_.id}:`)) ? sms_ : undefined;
    });
    expect((await world.knex('notification_outbox').where({ id: row.id }).first()).status).toBe('sending');

    // the restarted server: once the lease lapses it sends again with the same Idempotency-Key
    dispatcher(gateway());
    const done = await waitFor('the row to be marked delivered', async () => {
      const now = await world.knex('notification_outbox').where({ id: row.id }).first();
      return now.status === 'delivered' ? now : undefined;
    });
    expect(done.attempts).toBe(2);
    expect(sms.requests.filter((r) => r.key.startsWith(`${row.id}:`))).toHaveLength(2);
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

  it('tells the person holding an overdue acceptance, the unit’s contact person and the leader of the district above by SMS, each once, and the leader in the portal', async () => {
    const { number, accept } = await dispatched();
    const handler = await world.user('tj.handler');
    expect((await handler.post(`${TJ}/tasks/${accept.id}/claim`)).statusCode).toBe(200);
    dispatcher(gateway());
    const now = await world.engine.clock.now();
    await world.engine.clock.advance(Date.parse(accept.dueAt!) + 60_000 - now);
    const rows = await waitFor('the overdue reminders delivered', async () => {
      const mine = (await outboxOf(number)).filter((r) => r.rule === 'overdueEscalation');
      return mine.length === 2 && mine.every((r) => r.status === 'delivered') ? mine : undefined;
    });
    const text = rows.find((r) => r.channel === 'sms')!;
    // the pack's recipients, resolved at delivery: no number is written with the reminder
    expect(text.recipients.to.map((t: { key: string }) => t.key)).toEqual(['taskHolder', 'unitContact', 'unitLeader', 'parentUnitLeader']);
    expect(JSON.stringify(rows)).not.toContain(LEADER_PHONE);
    expect(JSON.stringify(rows)).not.toContain(CONTACT_PHONE);
    expect(text.body).toBe(`【12345热线】劝业场街道：工单${number}已超过${text.body.match(/已超过(.+)的期限/)?.[1]}的期限，已列入督办，请立即办理。`);
    // the handler holds the task and is the contact person: one message; the district's leader: one
    const overdue = (phone: string) => sms.messagesTo(phone).filter((m) => m.text.includes(number) && m.text.includes('已超过'));
    expect(overdue(CONTACT_PHONE)).toHaveLength(1);
    expect(overdue(LEADER_PHONE)).toHaveLength(1);
    expect(text.sent_to).toHaveLength(2);

    const leader = await world.user('tj.leader');
    await waitFor('the leader’s portal reminder', async () => (await leader.get(`${TJ}/notifications`)).body.items.find((n: { title: string }) => n.title === `工单${number}已超期`));
    const other = await world.user('tj.handler2');
    expect((await other.get(`${TJ}/notifications`)).body.items.some((n: { title: string }) => n.title === `工单${number}已超期`)).toBe(false);
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await accepted(accept);
  });

  it('reminds by the rule version the ticket runs under: moved onto rules without reminders (a migration’s override), a warning and a 督办单 remind nobody', async () => {
    const { number, accept } = await dispatched();
    const ticket = await world.knex('tickets').where({ number }).first('id', 'process_instance_key', 'unit_id');
    // what a migration with recomputed deadlines leaves: the override in the process variables and the open task's copy
    await world.knex('tasks').where({ id: accept.id }).update({ variables: world.knex.raw(`variables || '{"ruleVersionOverride":"2015"}'::jsonb`) });
    const sink = new PostgresWorkerSink(world.knex, world.engine, world.workflow.catalog);
    const warned = async (ruleVersion: string) =>
      sink.ticketEvent({
        key: `test-warning-${ruleVersion}-${number}`,
        ticketId: ticket.id,
        city: 'tianjin',
        type: 'warned',
        at: new Date(await world.engine.clock.now()).toISOString(),
        processInstanceKey: String(ticket.process_instance_key),
        elementId: 'watch',
        // the watch says under which version it judged the warning (its ruleVersionOf)
        data: { warning: 'acceptHalf', label: '签收时限已过半', trigger: 'acceptWarning', stage: 'accept', due: accept.dueAt, ruleVersion },
      });
    await warned('2015');
    const order = await world.knex.transaction((trx) =>
      notifySupervisionOrderIssued(trx, world.workflow.catalog, { id: randomUUID(), cityId: 'tianjin', ticketId: ticket.id, unitId: ticket.unit_id, due: null, label: '督办测试' }),
    );
    expect(order).toBe(0);
    expect((await outboxOf(number)).filter((r) => r.rule !== 'unitTaskAssigned')).toEqual([]);
    // the same warning judged under the registration's version (2025) reminds the contact person
    await warned('2025');
    expect((await outboxOf(number)).filter((r) => r.rule === 'acceptReminder').map((r) => r.channel).sort()).toEqual(['portal', 'sms']);
    await world.knex('notification_outbox').where({ ticket_id: ticket.id, rule: 'acceptReminder' }).delete();
    await accepted(accept);
  });

  it('shows the centre a failed SMS with the reason and a masked number; 重试 sends it again under the same key, once, audited', async () => {
    const { number, accept } = await dispatched();
    sms.refuseNext = 1;
    dispatcher(gateway());
    await nearlyDue(accept);
    const failed = await waitFor('the SMS reminder to fail', async () => (await outboxOf(number)).find((r) => r.channel === 'sms' && r.status === 'failed'));
    const supervisor = await world.user('tj.supervisor');
    const list = await supervisor.get(`${TJ}/notification-deliveries?state=failed`);
    expect(list.statusCode).toBe(200);
    const row = list.body.items.find((i: { id: string }) => i.id === failed.id);
    expect(row).toMatchObject({
      state: 'failed',
      channel: 'sms',
      rule: 'acceptReminder',
      ticketNumber: number,
      attempts: 1,
      nextAttemptAt: null,
      recipients: [{ name: '劝业场街道经办人（演示）', unit: '劝业场街道', phone: '139****1234', sent: false }],
    });
    expect(row.lastError).toContain('短信网关拒绝发送（HTTP 400）');
    expect(JSON.stringify(list.body)).not.toContain(CONTACT_PHONE);
    // not for the unit, not for a registrar (both audited as denials centrally)
    for (const who of ['tj.handler', 'tj.registrar']) expect((await (await world.user(who)).get(`${TJ}/notification-deliveries`)).statusCode, who).toBe(403);
    expect((await (await world.user('tj.admin')).get(`${TJ}/notification-deliveries`)).statusCode).toBe(200);

    const retried = await supervisor.post(`${TJ}/notification-deliveries/${failed.id}/retry`);
    expect(retried.statusCode, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ id: failed.id, state: 'retrying' });
    const done = await waitFor('the retried SMS delivered', async () => {
      const now = await world.knex('notification_outbox').where({ id: failed.id }).first();
      return now.status === 'delivered' ? now : undefined;
    });
    expect(done.attempts).toBe(2);
    const tries = sms.requests.filter((r) => r.key.startsWith(`${failed.id}:`));
    expect(tries).toHaveLength(2);
    expect(new Set(tries.map((t) => t.key)).size).toBe(1); // the same Idempotency-Key
    expect(sms.messagesTo(CONTACT_PHONE).filter((m) => m.text.includes(number) && m.text.includes('签收'))).toHaveLength(1);
    const audit = await world.knex('audit_events').where({ action: 'notification.retried', subject_id: failed.id }).select('actor', 'details');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'tj.supervisor', details: { channel: 'sms', rule: 'acceptReminder', attempts: 1 } });
    // delivered now: nothing to retry, and it is no longer listed
    expect((await supervisor.post(`${TJ}/notification-deliveries/${failed.id}/retry`)).statusCode).toBe(409);
    expect((await supervisor.get(`${TJ}/notification-deliveries`)).body.items.some((i: { id: string }) => i.id === failed.id)).toBe(false);
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await accepted(accept);
  });

  it('finds a pack’s recipients up the organisation tree and at the centre', async () => {
    const unit = async (code: string) => (await world.knex('units').where({ city_id: 'tianjin', code }).first('id')).id as string;
    const names = async (ids: string[]) => (await world.knex('users').whereIn('id', ids).pluck('username')).sort();
    const of = async (unitId: string, to: Array<Record<string, unknown>>) =>
      names(await recipientUsers(world.knex, { cityId: 'tianjin', recipients: { kind: 'pack', to: to as never, unitId, taskId: null, candidateRoles: [] } }));
    const leaders = (unitOf: string) => ({ key: 'leaders', people: 'roles', roles: ['unitLeader'], unit: unitOf });
    const xinxing = await unit('heping.quanyechang.xinxing');
    // 新兴社区 → 劝业场街道 (no leader) → 和平区 (tj.leader): its parent has none, the units above it do
    expect(await of(xinxing, [leaders('parent')])).toEqual([]);
    expect(await of(xinxing, [leaders('above')])).toEqual(['tj.leader']);
    expect(await of(await unit('heping.quanyechang'), [leaders('parent'), { key: 'contact', people: 'contact', unit: 'event' }])).toEqual(['tj.handler', 'tj.leader']);
    // another district's street: nobody of 和平区
    expect(await of(await unit('hexi.youyilu'), [leaders('above')])).toEqual([]);
    // the centre's duty role, wherever the event is
    expect(await of(xinxing, [{ key: 'duty', people: 'roles', roles: ['supervisor'], unit: 'city' }])).toEqual(['tj.supervisor']);
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, BACKOFF))).toEqual([300, 600, 1200, 2400, 4800, 5000]);
    expect(backoffDelayMs(1)).toBe(30_000);
  });
});
