// What a ticket is about and where (issue 15): registration records the matter (诉求事项), the place
// (事发区划, one of the city's places) and the address; responses show the place's path; the ticket list
// and the inbox filter by a place (and everything under it) and by a matter (and everything under it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, type Json, type LifecycleWorld, complaint, inboxTask, lifecycleWorld } from './support/lifecycle';

const TJ = '/api/cities/tianjin';

describe("a ticket's matter and place", () => {
  let world: LifecycleWorld;
  let registrar: Caller;
  let dispatcher: Caller;
  let inXinxing: string;
  let inHexi: string;

  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin']);
    registrar = await world.user('tj.registrar');
    dispatcher = await world.user('tj.dispatcher');
    const register = async (overrides: Record<string, unknown>) => {
      const response = await registrar.post(`${TJ}/tickets`, complaint(overrides));
      expect(response.statusCode, JSON.stringify(response.body)).toBe(201);
      return response.body.number as string;
    };
    inXinxing = await register({ matter: '010101', place: 'heping.quanyechang.xinxing', address: '  滨江道100号门前  ' });
    inHexi = await register({ matter: '0201', place: 'hexi.youyilu', content: '友谊路噪音扰民' });
  }, 120_000);
  afterAll(() => world?.close());

  it('stores the matter, the place and the address on the ticket and shows the place by its path', async () => {
    const row = await world.knex('tickets').where('number', inXinxing).first('matter_code', 'place_code', 'address');
    expect(row).toEqual({ matter_code: '010101', place_code: 'heping.quanyechang.xinxing', address: '滨江道100号门前' });
    const ticket = (await dispatcher.get(`${TJ}/tickets/${inXinxing}`)).body;
    expect(ticket.place).toEqual({ code: 'heping.quanyechang.xinxing', name: '新兴社区', path: ['和平区', '劝业场街道', '新兴社区'] });
    expect(ticket.matter).toEqual({ code: '010101', label: '城乡建设 › 市容环境 › 占道经营', path: ['城乡建设', '市容环境', '占道经营'] });
    expect(ticket.address).toBe('滨江道100号门前');
    // and the dispatcher's task carries the same ticket
    const task = await inboxTask(dispatcher, 'tianjin', inXinxing, 'dispatch');
    const detail = (await dispatcher.get(`${TJ}/tasks/${task.id}`)).body;
    expect(detail.ticket.place.path).toEqual(['和平区', '劝业场街道', '新兴社区']);
  });

  it("refuses a place the city does not have and a matter outside the pack's taxonomy, in Chinese naming the field, and stores nothing", async () => {
    const before = await world.knex('tickets').count({ n: '*' }).first();
    const refused = await registrar.post(`${TJ}/tickets`, complaint({ place: 'xihu.beishan', matter: '990101' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body.error.issues).toEqual([
      { where: '/place', message: expect.stringContaining('事发区划 "xihu.beishan" 不是本市的区划') },
      { where: '/matter', message: expect.stringContaining('诉求事项 "990101" 不在本市的诉求事项分类中') },
    ]);
    expect(await world.knex('tickets').count({ n: '*' }).first()).toEqual(before);
  });

  it('lists the tickets of a place and everything under it, and of a matter and everything under it', async () => {
    const numbers = async (query: string) => ((await dispatcher.get(`${TJ}/tickets?${query}`)).body as Json[]).map((t) => t.number as string);
    expect(await numbers('place=heping')).toEqual([inXinxing]);
    expect(await numbers('place=heping.quanyechang')).toEqual([inXinxing]);
    expect(await numbers('place=heping.xiaobailou')).toEqual([]);
    expect(await numbers('place=hexi')).toEqual([inHexi]);
    expect(await numbers('place=nowhere')).toEqual([]);
    expect(await numbers('matter=01')).toEqual([inXinxing]);
    expect(await numbers('matter=0201')).toEqual([inHexi]);
    expect(await numbers('matter=02&place=heping')).toEqual([]);
    expect((await dispatcher.get(`${TJ}/tickets?matter=01%25`)).statusCode).toBe(400);
  });

  it("filters the dispatcher's inbox by place and by matter", async () => {
    await inboxTask(dispatcher, 'tianjin', inHexi, 'dispatch');
    const inbox = async (query: string) => ((await dispatcher.get(`${TJ}/tasks?form=dispatch&${query}`)).body.items as Json[]).map((t) => t.ticket.number as string);
    expect(await inbox('place=heping')).toEqual([inXinxing]);
    expect(await inbox('place=hexi.youyilu')).toEqual([inHexi]);
    expect(await inbox('matter=0101')).toEqual([inXinxing]);
    expect((await inbox('')).sort()).toEqual([inXinxing, inHexi].sort());
  });
});
