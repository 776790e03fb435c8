// 工单查询: a centre role finds any ticket of the city, open or closed, by number, caller phone, address,
// words in the content, unit, type, status and registration days, a page at a time; a unit role only
// its unit's. A phone is matched without being read back: results show callers masked, and none at all
// to a role that may never see one; a search by phone is in the audit trail, without the number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type World, as, login, twoCities } from './support/world';

interface Found {
  number: string;
  status: string;
  caller: { name: string; phone: string; masked: true } | null;
  unitCode: string | null;
  repeatCalls: number;
}

describe('ticket search', () => {
  let world: World;
  const numbers: Record<string, string> = {};
  const user = async (username: string) => as(world.app, await login(world.app, username));
  const search = async (username: string, body: object, city = 'alpha') => {
    const response = await (await user(username)).post(`/api/cities/${city}/ticket-searches`, body);
    return { status: response.statusCode, body: response.json(), text: response.body };
  };
  const found = async (username: string, body: object) => {
    const r = await search(username, body);
    expect(r.status, r.text).toBe(200);
    return (r.body.items as Found[]).map((t) => t.number).sort();
  };
  const of = (...keys: string[]) => keys.map((k) => numbers[k]!).sort();

  beforeAll(async () => {
    world = await twoCities();
    const registrar = await user('a.registrar');
    const register = async (key: string, body: object) => {
      const r = await registrar.post('/api/cities/alpha/tickets', { type: 'complaint', caller: { name: '张三丰', phone: '13812345678' }, ...body });
      expect(r.statusCode, r.body).toBe(201);
      numbers[key] = r.json().number;
    };
    await register('noise', { content: '小区夜间噪音扰民，影响休息', unit: 'd1.s1', place: 'd1.s1', address: '南京路100号和平小区3号楼' });
    await register('lamp', { content: '路灯不亮已有一周', unit: 'd1.s2', address: '滨江道20号', caller: { name: '李四', phone: '+86 139-0000-1111' } });
    await register('water', { type: 'consult', content: '停水未通知，噪音也大', unit: 'd1.s1', caller: { name: '王五', phone: '13700002222' } });
    // a closed ticket of last spring
    await world.knex('tickets').where('number', numbers.lamp).update({ status: 'closed', closed_at: new Date('2026-03-05T10:00:00+08:00'), registered_at: new Date('2026-03-01T09:00:00+08:00') });
    const beta = await as(world.app, await login(world.app, 'b.registrar')).post('/api/cities/beta/tickets', { type: 'complaint', content: '小区噪音扰民', caller: { name: '张三丰', phone: '13812345678' } });
    numbers.beta = beta.json().number;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('finds by number, whole or its leading digits', async () => {
    expect(await found('a.supervisor', { number: numbers.noise })).toEqual(of('noise'));
    expect(await found('a.supervisor', { number: numbers.noise!.slice(0, 8) })).toEqual(of('noise', 'lamp', 'water'));
  });

  it('finds by words in the content, two characters and more, every word required', async () => {
    expect(await found('a.supervisor', { words: '噪音' })).toEqual(of('noise', 'water'));
    expect(await found('a.supervisor', { words: '噪音 停水' })).toEqual(of('water'));
    expect(await found('a.supervisor', { words: '路灯不亮' })).toEqual(of('lamp'));
    expect(await found('a.supervisor', { words: '噪声' })).toEqual([]);
  });

  it('finds by address words', async () => {
    expect(await found('a.supervisor', { address: '南京路' })).toEqual(of('noise'));
    expect(await found('a.supervisor', { address: '滨江道 20号' })).toEqual(of('lamp'));
  });

  it('finds by unit, type, status, open or closed, and registration days', async () => {
    expect(await found('a.supervisor', { unit: 'd1.s1' })).toEqual(of('noise', 'water'));
    expect(await found('a.supervisor', { type: 'consult' })).toEqual(of('water'));
    expect(await found('a.supervisor', { status: 'closed' })).toEqual(of('lamp'));
    expect(await found('a.supervisor', { status: 'open', words: '噪音' })).toEqual(of('noise', 'water'));
    expect(await found('a.supervisor', { from: '2026-03-01', to: '2026-03-01' })).toEqual(of('lamp'));
    expect(await found('a.supervisor', { from: '2026-03-02', to: '2026-03-31' })).toEqual([]);
  });

  it('finds by the caller phone however it is written, and never returns it', async () => {
    expect(await found('a.supervisor', { phone: '138 1234 5678' })).toEqual(of('noise'));
    expect(await found('a.supervisor', { phone: '13900001111' })).toEqual(of('lamp'));
    expect(await found('a.supervisor', { phone: '13900009999' })).toEqual([]);
    const r = await search('a.supervisor', { phone: '13812345678' });
    expect(r.text).not.toContain('13812345678');
    expect(r.body.items[0].caller).toEqual({ name: '张**', phone: '138****5678', masked: true });
    // the trail says who looked by phone and how much they found, not the number
    const events = await world.knex('audit_events').where({ action: 'ticket.searchedByPhone', actor: 'a.supervisor' });
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(events)).not.toMatch(/1381234|13900001111/);
    // nor does the ticket carry it: a digest, not the digits
    const row = await world.knex('tickets').where('number', numbers.noise).first('caller_digest');
    expect(row.caller_digest).toBeInstanceOf(Buffer);
    expect(row.caller_digest.toString('latin1')).not.toContain('13812345678');
  });

  it('shows no caller at all, not even masked, to a role that may never see one (dispatcher), nor lets it match by phone', async () => {
    const r = await search('a.dispatcher', { words: '噪音' });
    expect(r.status).toBe(200);
    expect(r.body.items.map((t: Found) => t.number)).toContain(numbers.noise);
    expect(r.body.items.every((t: Found) => t.caller === null)).toBe(true);
    expect(r.text).not.toMatch(/138\*|5678|张/);
    // a yes or no to a guessed number would tell the number
    const byPhone = await search('a.dispatcher', { phone: '13812345678' });
    expect(byPhone.status).toBe(400);
    expect(byPhone.body.error.issues).toContainEqual(expect.objectContaining({ where: '/phone', messageZh: expect.stringContaining('不能按来电号码查询') }));
  });

  it('gives a unit role only its own unit’s tickets, and no city another’s', async () => {
    expect(await found('a.handler', { words: '噪音' })).toEqual(of('noise', 'water'));
    expect(await found('a.handler2', { words: '噪音' })).toEqual([]);
    expect(await found('a.handler2', {})).toEqual(of('lamp'));
    expect(await found('a.supervisor', { words: '噪音扰民' })).toEqual(of('noise'));
    expect((await search('a.supervisor', { words: '噪音' }, 'beta')).status).toBe(404);
  });

  it('pages, newest first, saying whether more follow', async () => {
    const first = await search('a.supervisor', { pageSize: 2 });
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, hasMore: true });
    expect(first.body.items.map((t: Found) => t.number)).toEqual([numbers.water, numbers.noise]);
    const second = await search('a.supervisor', { pageSize: 2, page: 2 });
    expect(second.body).toMatchObject({ page: 2, hasMore: false });
    expect(second.body.items.map((t: Found) => t.number)).toEqual([numbers.lamp]);
  });

  it('pages through words common among the newest tickets (walked newest first) as completely as through rare ones', async () => {
    const template = await world.knex('tickets').where('number', numbers.noise).first('city_id', 'pack_version_id', 'registered_by', 'unit_id');
    const day = Date.parse('2026-05-01T09:00:00+08:00');
    await world.knex('tickets').insert(
      Array.from({ length: 45 }, (_, i) => ({
        ...template,
        number: `20260501${String(90000 + i)}`,
        type: 'complaint',
        urgency: 'general',
        content: i % 3 === 0 ? `楼上装修噪音 第${i}次` : `楼道堆物 第${i}次`,
        registered_at: new Date(day + i * 60_000),
      })),
    );
    const expected = Array.from({ length: 45 }, (_, i) => i).filter((i) => i % 3 === 0).reverse().map((i) => `20260501${String(90000 + i)}`);
    const pages: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const r = await search('a.supervisor', { words: '装修噪音', pageSize: 4, page });
      pages.push(...r.body.items.map((t: Found) => t.number));
      expect(r.body.hasMore).toBe(page < 4);
    }
    expect(pages).toEqual(expected);
    expect(await found('a.supervisor', { words: '楼道堆物', from: '2026-05-01', to: '2026-05-01', pageSize: 50 })).toHaveLength(30);
  });

  it('refuses what cannot be searched, in Chinese, naming the field', async () => {
    const short = await search('a.supervisor', { words: '噪 音' });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('内容关键词（words）的每个词至少 2 个字');
    expect(short.body.error.issues[0].where).toBe('/words');
    const number = await search('a.supervisor', { number: '12' });
    expect(number.body.error.message).toContain('工单编号（number）');
    const unit = await search('a.supervisor', { unit: 'nowhere' });
    expect(unit.body.error.message).toContain('承办单位（unit）“nowhere”不是本市的单位');
    const days = await search('a.supervisor', { from: '2026-03-02', to: '2026-03-01' });
    expect(days.body.error.issues[0].where).toBe('/to');
  });
});
