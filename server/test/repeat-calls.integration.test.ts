// 重复来电 (Tianjin 2024 §13(5)) on the embedded engine: while a call is registered, the open tickets
// of the same caller, or alike at the same place, are offered; linking the call records it on the
// ticket's timeline (no personal data there), tells the registrar what to say, and is counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleWorld, complaint, inboxTask, lifecycleWorld } from './support/lifecycle';

const API = '/api/cities/tianjin';
const CALL = { content: '新兴社区门口井盖缺失，晚上很危险，存在安全隐患', place: 'heping.quanyechang.xinxing', address: '滨江道100号' };

describe('repeat calls', () => {
  let world: LifecycleWorld;
  let number: string;

  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin']);
    const registrar = await world.user('tj.registrar');
    const registered = await registrar.post(`${API}/tickets`, complaint({ ...CALL, caller: { name: '张三丰', phone: '13812345678' } }));
    expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
    number = registered.body.number;
    await inboxTask(await world.user('tj.dispatcher'), 'tianjin', number, 'dispatch');
  });
  afterAll(async () => {
    await world?.close();
  });

  const candidates = async (body: object) => {
    const r = await (await world.user('tj.registrar')).post(`${API}/repeat-calls/candidates`, body);
    expect(r.statusCode, JSON.stringify(r.body)).toBe(200);
    return r.body.items as Array<{ ticket: { number: string; caller: unknown }; reasons: string[]; tellCaller: string }>;
  };

  it("offers the same caller's open ticket, however the number is written, with what to tell them", async () => {
    const [offered, ...more] = await candidates({ phone: '+86 138-1234-5678', content: '路灯' });
    expect(more).toEqual([]);
    expect(offered).toMatchObject({ ticket: { number }, reasons: ['sameCaller'] });
    expect(offered!.tellCaller).toMatch(new RegExp(`^您反映的问题已于 \\d{4}-\\d{2}-\\d{2} 登记，工单编号 ${number}，目前正在派单(，办理时限至 [\\d :-]+)?。`));
    expect(JSON.stringify(offered)).not.toContain('13812345678');
  });

  it('offers an open ticket alike at the same place to another caller, and nothing for another matter or place', async () => {
    const [alike] = await candidates({ phone: '13900002222', content: '新兴社区门口的井盖缺失了，很危险', place: 'heping.quanyechang.xinxing' });
    expect(alike).toMatchObject({ ticket: { number }, reasons: ['similarContent'] });
    // a place above it holds it too
    expect((await candidates({ content: '新兴社区门口井盖缺失', place: 'heping.quanyechang' })).map((c) => c.ticket.number)).toEqual([number]);
    expect(await candidates({ phone: '13900002222', content: '小区供热温度不达标，家里很冷', place: 'heping.quanyechang.xinxing' })).toEqual([]);
    expect(await candidates({ content: '新兴社区门口井盖缺失', place: 'hexi.youyilu' })).toEqual([]);
  });

  it('links a call to the ticket: on its timeline without who called, what to say, and counted', async () => {
    const registrar = await world.user('tj.registrar');
    const other = await registrar.post(`${API}/tickets/${number}/repeat-calls`, { caller: { name: '李四', phone: '13900002222' }, content: '井盖还没有修，又有人差点摔倒', channel: 'phone' });
    expect(other.statusCode, JSON.stringify(other.body)).toBe(201);
    expect(other.body).toMatchObject({ sameCaller: false, repeatCalls: 1, ticket: { number, status: 'open' } });
    expect(other.body.tellCaller).toContain(`工单编号 ${number}`);
    expect(other.body.tellCaller).toContain('我们已将您本次来电记入该工单');
    const same = await registrar.post(`${API}/tickets/${number}/repeat-calls`, { caller: { name: '张三丰', phone: '138 1234 5678' }, content: '询问办理进度' });
    expect(same.body).toMatchObject({ sameCaller: true, repeatCalls: 2 });

    const timeline = await (await world.user('tj.dispatcher')).get(`${API}/tickets/${number}/timeline`);
    const calls = (timeline.body.items as Array<{ kind: string; summary: string; actor: { username: string } | null }>).filter((e) => e.kind === 'repeatCall');
    expect(calls.map((e) => e.summary)).toEqual(['其他来电人反映同一诉求：井盖还没有修，又有人差点摔倒', '诉求人再次来电：询问办理进度']);
    expect(calls[0]!.actor?.username).toBe('tj.registrar');
    expect(JSON.stringify(timeline.body)).not.toMatch(/13900002222|李四|13812345678/);
    // who called is kept apart from the ticket, for those who may reveal it
    expect(await world.knex('ticket_repeat_calls').where({ caller_name: '李四', caller_phone: '13900002222' }).first('same_caller')).toEqual({ same_caller: false });

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const figures = await (await world.user('tj.supervisor')).get(`${API}/repeat-calls/figures?from=${today}&to=${today}`);
    expect(figures.statusCode).toBe(200);
    expect(figures.body).toMatchObject({ calls: 2, tickets: 1, sameCaller: 1 });
    const searched = await (await world.user('tj.supervisor')).post(`${API}/ticket-searches`, { number });
    expect(searched.body.items[0].repeatCalls).toBe(2);
  });

  it('refuses a closed ticket, and anyone who does not register calls', async () => {
    const registrar = await world.user('tj.registrar');
    const second = await registrar.post(`${API}/tickets`, complaint({ content: '咨询公积金提取', caller: { name: '王五', phone: '13700003333' } }));
    await world.knex('tickets').where('number', second.body.number).update({ status: 'closed', closed_at: new Date() });
    const closed = await registrar.post(`${API}/tickets/${second.body.number}/repeat-calls`, { caller: { name: '王五', phone: '13700003333' }, content: '再问一下' });
    expect(closed.statusCode).toBe(409);
    expect(closed.body.error.message).toContain('已不在办理中，不能关联重复来电');
    expect(await candidates({ phone: '13700003333' })).toEqual([]);
    const handler = await world.user('tj.handler');
    expect((await handler.post(`${API}/tickets/${number}/repeat-calls`, { caller: { name: '王五', phone: '13700003333' }, content: '再问一下' })).statusCode).toBe(403);
  });
});

describe('repeat calls by the pack’s thresholds', () => {
  let world: LifecycleWorld;
  let number: string;

  beforeAll(async () => {
    // a city that wants calls far more alike (nine tenths of the pairs) and compares no number shorter than 12 digits
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin'], {
      packFiles: (_city, files) =>
        files.map((f) => {
          if (f.path !== 'city.json') return f;
          const city = JSON.parse(f.text);
          city.repeatCalls = { ...city.repeatCalls, minShare: 0.9, minPhoneDigits: 12 };
          return { ...f, text: JSON.stringify(city) };
        }),
    });
    const registered = await (await world.user('tj.registrar')).post(`${API}/tickets`, complaint({ ...CALL, caller: { name: '张三丰', phone: '13812345678' } }));
    expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
    number = registered.body.number;
    await inboxTask(await world.user('tj.dispatcher'), 'tianjin', number, 'dispatch');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('offers only what the pack counts as a repeat', async () => {
    const candidates = async (body: object) => (await (await world.user('tj.registrar')).post(`${API}/repeat-calls/candidates`, body)).body.items as Array<{ ticket: { number: string } }>;
    // half the pairs alike (offered under the shipped ½): not enough for nine tenths
    expect(await candidates({ content: '新兴社区门口的井盖缺失了，很危险', place: 'heping.quanyechang.xinxing' })).toEqual([]);
    expect((await candidates({ content: CALL.content, place: 'heping.quanyechang.xinxing' })).map((c) => c.ticket.number)).toEqual([number]);
    // the same caller's 11-digit number is offered under the shipped 5 digits; this pack compares none shorter than 12
    expect(await candidates({ phone: '13812345678' })).toEqual([]);
  });
});
