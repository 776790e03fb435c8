// Policy staff move open tickets onto a new pack version whose regulation applies to tickets already
// open (here: a longer handling period, and a dispatch step renamed). The preview names the tickets,
// their open tasks, the element mapping and the deadline that would change; applying moves the ticket
// waiting in `reply` (same task, recomputed deadline, continuing on the new process) and refuses, with
// a Chinese reason and nothing changed, the ticket waiting in the renamed dispatch step.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_PACKS_DIR, readPackFolder } from '@hotline/cities';
import { CityRules, parsePack } from '@hotline/rules';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';
import { type Call, apiCaller } from './support/provisional-scenario';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TJ = '/api/cities/tianjin';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('moving open tickets to a new pack version', () => {
  let world: LifecycleWorld;
  let call: Call;
  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin']);
    call = apiCaller(world);
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  it('previews, then moves the ticket in reply with its handling deadline recomputed, and refuses the one in a step the new process lacks', async () => {
    const registrar = await world.user('tj.registrar');
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    const inReply = (await registrar.post(`${TJ}/tickets`, complaint())).body.number as string;
    await dispatcher.post(`${TJ}/tasks/${(await inboxTask(dispatcher, 'tianjin', inReply, 'dispatch')).id}/complete`, { data: FORM_DATA.dispatch, requestId: 'd' });
    await handler.post(`${TJ}/tasks/${(await inboxTask(handler, 'tianjin', inReply, 'accept')).id}/complete`, { data: FORM_DATA.accept, requestId: 'a' });
    const reply = await inboxTask(handler, 'tianjin', inReply, 'reply');
    const inDispatch = (await registrar.post(`${TJ}/tickets`, complaint())).body.number as string;
    const dispatch = await inboxTask(dispatcher, 'tianjin', inDispatch, 'dispatch');

    // Version 2: handling periods in working days three days longer; the dispatch step renamed.
    const pack = parsePack(readPackFolder(join(SHIPPED_PACKS_DIR, 'tianjin')), { label: 'tianjin' });
    const inForce = new CityRules(pack).versionAt(Date.now()).id;
    const draft = (await call('tj.policy', 'POST', `${TJ}/pack-versions/1/drafts`)).json().number as number;
    const files = (await call('tj.policy', 'GET', `${TJ}/pack-versions/${draft}`)).json().files as Json[];
    const rules = JSON.parse(files.find((f) => f.path === `versions/${inForce}.json`)!.text);
    for (const rule of rules.deadlines) if (rule.stage === 'handle' && rule.period?.unit === 'workingDay') rule.period.amount += 3;
    const xml = (files.find((f) => f.path === 'processes/ticket.bpmn')!.text as string).replace(/(id|sourceRef|targetRef|bpmnElement)="dispatch"/g, '$1="dispatchToUnit"');
    for (const [path, text] of [[`versions/${inForce}.json`, `${JSON.stringify(rules, null, 2)}\n`], ['processes/ticket.bpmn', xml]] as const) {
      const put = await call('tj.policy', 'PUT', `${TJ}/pack-versions/${draft}/files/${path}`, { text });
      expect(put.statusCode, put.body).toBeLessThan(300);
    }
    const published = await call('tj.policy', 'POST', `${TJ}/pack-versions/${draft}/publish`, { effectiveFrom: today() });
    expect(published.statusCode, published.body).toBe(200);

    const handling = ((await dispatcher.get(`${TJ}/tickets/${inReply}/timeline`)).body.items as Json[]).find((e) => e.kind === 'deadlineSet' && e.data.stage === 'handle')!;
    const newRules = new CityRules(parsePack(files.map((f) => (f.path === `versions/${inForce}.json` ? { ...f, text: JSON.stringify(rules) } : f)) as never, { label: 'v2' }));
    const expected = newRules.deadline({ stage: 'handle', type: 'complaint', urgency: 'general', from: handling.at as string, version: inForce });
    expect(expected.dueMs).toBeGreaterThan(Date.parse(reply.dueAt!));

    const preview = await call('tj.policy', 'POST', `${TJ}/packs/${draft}/migration/preview`, { recomputeDeadlines: true });
    expect(preview.statusCode, preview.body).toBe(200);
    const byTicket = new Map((preview.json().tickets as Json[]).map((t) => [t.ticket, t]));
    expect(byTicket.get(inReply)).toMatchObject({
      fromPackVersion: 1,
      tasks: [{ elementId: 'reply', name: '办理答复' }],
      mappings: [{ sourceElementId: 'reply', targetElementId: 'reply' }],
      problems: [],
      deadlines: [{ stage: 'handle', as: 'handle', previousDue: handling.data.due, provisional: false }],
    });
    expect(Date.parse(byTicket.get(inReply)!.deadlines[0].due)).toBe(expected.dueMs);
    expect(byTicket.get(inDispatch)!.problems).toEqual([{ elementId: 'dispatch', reason: '当前环节“派单”（dispatch）在新版流程中不存在，无法迁移' }]);

    expect((await call('tj.admin', 'POST', `${TJ}/packs/${draft}/migration/apply`, { recomputeDeadlines: true })).statusCode).toBe(403);
    const applied = await call('tj.policy', 'POST', `${TJ}/packs/${draft}/migration/apply`, { recomputeDeadlines: true });
    expect(applied.statusCode, applied.body).toBe(200);
    expect((applied.json().migrated as Json[]).map((t) => t.ticket)).toEqual([inReply]);
    expect(applied.json().refused).toEqual([{ ticket: inDispatch, reasons: ['当前环节“派单”（dispatch）在新版流程中不存在，无法迁移'] }]);

    // The ticket in reply: same task, new due instant, on version 2, audited; the other one untouched.
    const moved = await inboxTask(handler, 'tianjin', inReply, 'reply');
    expect(moved.id).toBe(reply.id);
    expect(Date.parse(moved.dueAt!)).toBe(expected.dueMs);
    const versionOf = async (number: string) => (await world.knex('tickets as t').join('pack_versions as v', 'v.id', 't.pack_version_id').where('t.number', number).first('v.number')).number;
    expect(await versionOf(inReply)).toBe(draft);
    expect(await versionOf(inDispatch)).toBe(1);
    expect((await inboxTask(dispatcher, 'tianjin', inDispatch, 'dispatch')).id).toBe(dispatch.id);
    const audit = await world.knex('audit_events').where({ action: 'ticket.migrated' }).select('details');
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ ticket: inReply, fromPackVersion: 1, toPackVersion: draft, ruleVersion: inForce });
    const instance = await world.knex('tickets as t').joinRaw('join engine_process_instance as i on i.key::text = t.process_instance_key').where('t.number', inReply).first('i.version', 'i.variables');
    expect(instance.version).toBe(2);
    expect(instance.variables).toMatchObject({ packVersion: draft, ruleVersionOverride: inForce, handleDue: byTicket.get(inReply)!.deadlines[0].due });

    // The task continues on the new process: the reply completes and the ticket moves on.
    const done = await handler.post(`${TJ}/tasks/${moved.id}/complete`, { data: FORM_DATA.reply, requestId: 'r' });
    expect(done.statusCode, JSON.stringify(done.body)).toBeLessThan(300);
    await waitFor('the step after the reply', async () =>
      world.knex('tasks as k').join('tickets as t', 't.id', 'k.ticket_id').where('t.number', inReply).andWhere('k.status', 'open').andWhereNot('k.element_id', 'reply').first('k.element_id'),
    );
  }, 120_000); // a whole lifecycle, a publication and a migration: ~20 s alone, more on a shared machine
});
