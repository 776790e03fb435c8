// 数据分析: the dashboard's series against tickets counted by hand (by day, type, channel, district, unit;
// on time, satisfied; hot matters; the pack's sensitive matter and a matter raised by many), a unit
// leader's own figures, a unit handler and a unit leader refused what is the centre's (audited), the
// briefing as xlsx and PDF read back with the same figures and no caller, and the scheduled 周报 written
// once for the week that ended.
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duePeriod, writeDueBriefings } from '../src/modules/analysis/briefing-schedule';
import { PackCatalog } from '../src/modules/workflow/pack-catalog';
import { type World, as, login, twoCities } from './support/world';

describe('data analysis', () => {
  let world: World;
  const numbers: Record<string, string> = {};
  const user = async (username: string) => as(world.app, await login(world.app, username));
  const get = async (username: string, url: string) => (await user(username)).get(url);
  const WEEK = 'from=2026-11-02&to=2026-11-08';

  beforeAll(async () => {
    world = await twoCities();
    const registrar = await user('a.registrar');
    /** Registers a ticket, then sets what the lifecycle would have set (the app runs without an engine). */
    const ticket = async (key: string, t: { type?: string; unit?: string; place?: string; day: string; channel: string; matter?: string; status?: string }) => {
      const r = await registrar.post('/api/cities/alpha/tickets', {
        type: t.type ?? 'complaint',
        content: `测试工单 ${key}`,
        caller: { name: '张三丰', phone: '13812345678' },
        ...(t.unit ? { unit: t.unit } : {}),
        ...(t.place ? { place: t.place } : {}),
      });
      expect(r.statusCode, r.body).toBe(201);
      numbers[key] = r.json().number;
      await world
        .knex('tickets')
        .where('number', numbers[key])
        .update({ registered_at: new Date(`${t.day}T10:00:00+08:00`), channel: t.channel, matter_code: t.matter ?? null, status: t.status ?? 'open' });
      return world.knex('tickets').where('number', numbers[key]).first('id', 'city_id');
    };
    const rated = async (key: string, rating: string) => {
      const t = await world.knex('tickets').where('number', numbers[key]).first('id', 'city_id');
      await world.knex('ticket_events').insert({ key: `rated-${key}`, ticket_id: t.id, city_id: t.city_id, kind: 'rated', at: new Date('2026-11-09T10:00:00+08:00'), summary: '回访评价', data: { rating } });
    };
    const late = async (key: string, stage: string) => {
      const t = await world.knex('tickets').where('number', numbers[key]).first('id', 'city_id');
      await world.knex('supervisions').insert({ key: `late-${key}`, ticket_id: t.id, city_id: t.city_id, trigger: 'overdue', stage, at: new Date('2026-11-06T10:00:00+08:00'), rule_version: 'v1' });
    };
    // the week of 2026-11-02 (Monday) to 11-08
    await ticket('a1', { unit: 'd1.s1', place: 'd1.s1', day: '2026-11-03', channel: 'phone', matter: '020101', status: 'closed' });
    await ticket('a2', { unit: 'd1.s1', place: 'd1.s1', day: '2026-11-03', channel: 'phone', matter: '020101', status: 'closed' });
    await ticket('a3', { unit: 'd1.s1', place: 'd1.s1', day: '2026-11-03', channel: 'phone', matter: '020101' });
    await ticket('a4', { unit: 'd1.s1', place: 'd1.s1', day: '2026-11-03', channel: 'web', matter: '020101' });
    await ticket('b1', { type: 'consult', unit: 'd1.s2', place: 'd1.s2', day: '2026-11-05', channel: 'phone', matter: '030101', status: 'closed' });
    await ticket('b2', { type: 'consult', unit: 'd1.s2', place: 'd1.s2', day: '2026-11-05', channel: 'phone', matter: '030101' });
    await ticket('c1', { day: '2026-11-08', channel: 'phone', status: 'closed' });
    // the week before, and the week after
    await ticket('p1', { unit: 'd1.s2', place: 'd1.s2', day: '2026-10-28', channel: 'phone', matter: '030101' });
    await ticket('x1', { unit: 'd1.s1', place: 'd1.s1', day: '2026-11-09', channel: 'phone', matter: '020101' });
    await rated('a1', 'satisfied');
    await rated('a2', 'dissatisfied');
    await late('a3', 'accept');
    await late('b1', 'handle');
    // another city's tickets never count
    const beta = await as(world.app, await login(world.app, 'b.registrar')).post('/api/cities/beta/tickets', { type: 'complaint', content: '别的城市', caller: { name: '李四', phone: '13900001111' } });
    await world.knex('tickets').where('number', beta.json().number).update({ registered_at: new Date('2026-11-03T10:00:00+08:00') });

    const refreshed = await (await user('a.supervisor')).post('/api/cities/alpha/analysis/refresh', {});
    expect(refreshed.statusCode, refreshed.body).toBe(200);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("counts the city's week as counted by hand", async () => {
    const r = await get('a.supervisor', `/api/cities/alpha/analysis/dashboard?${WEEK}`);
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json();
    expect(d.units).toBeNull();
    expect(d.totals).toEqual({ tickets: 7, previous: 1, open: 3, closed: 4, dispatched: 6, rated: 2, acceptOnTimeRate: 5 / 6, completeOnTimeRate: 2 / 3, satisfactionRate: 0.5 });
    expect(d.buckets).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08']);
    expect(d.volume.data).toEqual([0, 4, 0, 2, 0, 0, 1]);
    expect(d.byType.map((s: { key: string; total: number }) => [s.key, s.total])).toEqual([['complaint', 5], ['consult', 2]]);
    expect(d.byChannel.map((s: { label: string; total: number }) => [s.label, s.total])).toEqual([['电话', 6], ['web', 1]]);
    expect(d.byDistrict).toEqual([{ key: 'd1', label: '一区', count: 6 }]);
    expect(d.byUnit.map((b: { label: string; count: number }) => [b.label, b.count])).toEqual([['一街道', 4], ['二街道', 2]]);
    expect(d.hotMatters.map((h: { key: string; count: number; previous: number; rise: number }) => [h.key, h.count, h.previous, h.rise])).toEqual([['020101', 4, 0, 4], ['030101', 2, 1, 1]]);
    expect(d.hotPlaces.map((h: { label: string; rise: number }) => [h.label, h.rise])).toEqual([['一街道', 4], ['二街道', 1]]);
    expect(d.sensitive).toEqual([{ matter: '0201', label: '食品安全', count: 4, previous: 0, open: 2, source: 'testville-measures.txt §9' }]);
    expect(d.concentrated).toEqual([{ matter: '020101', matterLabel: '020101', place: 'd1.s1', placeLabel: '一街道', count: 4, sensitive: true }]);
    expect(d.trends.satisfaction[1]).toBe(0.5);
    expect(d.trends.acceptOnTime[3]).toBe(1);
    expect(d.trends.completeOnTime[3]).toBe(0);
    expect(JSON.stringify(d)).not.toMatch(/张三丰|13812345678/);
  });

  it('narrows to a district and its places', async () => {
    const d = (await get('a.supervisor', `/api/cities/alpha/analysis/dashboard?${WEEK}&district=d1.s2`)).json();
    expect(d.totals.tickets).toBe(2);
    expect(d.district).toEqual({ code: 'd1.s2', name: '二街道' });
  });

  it("gives a unit leader only its own units' figures, and refuses a unit handler", async () => {
    const street = (await get('a.stleader', `/api/cities/alpha/analysis/dashboard?${WEEK}`)).json();
    expect(street.units).toEqual([{ code: 'd1.s2', name: '二街道' }]);
    expect(street.totals).toMatchObject({ tickets: 2, previous: 1, closed: 1 });
    expect(street.byUnit.map((b: { label: string }) => b.label)).toEqual(['二街道']);
    const district = (await get('a.leader', `/api/cities/alpha/analysis/dashboard?${WEEK}`)).json();
    expect(district.totals.tickets).toBe(6);
    expect((await get('a.handler', `/api/cities/alpha/analysis/dashboard?${WEEK}`)).statusCode).toBe(403);
    expect((await get('b.supervisor', `/api/cities/alpha/analysis/dashboard?${WEEK}`)).statusCode).toBe(404);
  });

  it("refuses a unit leader the city's briefings and the refresh, in the audit trail", async () => {
    const refused = await get('a.stleader', '/api/cities/alpha/analysis/briefings');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('热线工作机构');
    expect((await (await user('a.stleader')).post('/api/cities/alpha/analysis/refresh', {})).statusCode).toBe(403);
    const denied = await world.knex('audit_events').where({ city_id: 'alpha', action: 'access.denied' }).count({ n: '*' }).first();
    expect(Number(denied?.n)).toBeGreaterThanOrEqual(2);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const r = await get('a.supervisor', '/api/cities/alpha/analysis/dashboard?from=2026-11-08&to=2026-11-02');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('结束日期 to');
  });

  it('exports the week as xlsx and PDF with the same figures, no caller, each download audited', async () => {
    const supervisor = await user('a.supervisor');
    const xlsx = await supervisor.get(`/api/cities/alpha/analysis/export?${WEEK}&format=xlsx`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const overview = workbook.getWorksheet('概况')!;
    const value = (label: string) => (overview.getSheetValues().find((row) => Array.isArray(row) && row[1] === label) as unknown[] | undefined)?.[2];
    expect(value('工单总量')).toBe(7);
    expect(value('满意率')).toBe('50.0%');
    expect(value('按时办结率')).toBe('66.7%');
    const cells = workbook.worksheets.flatMap((ws) => ws.getSheetValues().flat()).join(' ');
    expect(cells).toContain('食品安全');
    expect(cells).not.toMatch(/张三丰|13812345678/);

    const pdf = await supervisor.get(`/api/cities/alpha/analysis/export?${WEEK}&format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    expect(text).toContain('数据分析报告');
    expect(text).toMatch(/工单总量\s*7/);
    expect(text).toMatch(/满意率\s*50\.0%/);
    expect(text).not.toMatch(/张三丰|13812345678/);

    const audited = await world.knex('audit_events').where({ city_id: 'alpha', action: 'export.downloaded', subject_type: 'analysisReport' }).pluck('details');
    expect(audited.map((d: { format: string }) => d.format).sort()).toEqual(['pdf', 'xlsx']);
  });

  it('writes the 周报 of the week that ended once, keeps it for download', async () => {
    const monday = Date.parse('2026-11-09T09:00:00+08:00');
    expect(duePeriod({ period: 'week', runAt: { day: 1, time: '08:00' } }, monday, 480)).toEqual({ from: '2026-11-02', to: '2026-11-08' });
    expect(duePeriod({ period: 'week', runAt: { day: 1, time: '08:00' } }, Date.parse('2026-11-09T07:00:00+08:00'), 480)).toEqual({ from: '2026-10-26', to: '2026-11-01' });
    expect(duePeriod({ period: 'month', runAt: { day: 1, time: '08:00' } }, monday, 480)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(duePeriod({ period: 'month', runAt: { day: 1, time: '08:00' } }, Date.parse('2026-01-01T07:00:00+08:00'), 480)).toEqual({ from: '2025-11-01', to: '2025-11-30' });

    const catalog = new PackCatalog(world.knex);
    expect(await writeDueBriefings(world.knex, catalog, monday)).toBeGreaterThanOrEqual(1);
    expect(await writeDueBriefings(world.knex, catalog, monday)).toBe(0);
    const list = (await get('a.supervisor', '/api/cities/alpha/analysis/briefings')).json();
    expect(list.kinds).toEqual([{ key: 'weekly', label: '周报', period: 'week' }]);
    const weekly = list.items.find((b: { key: string }) => b.key === 'weekly');
    expect(weekly).toMatchObject({ label: '周报', from: '2026-11-02', to: '2026-11-08', trigger: 'schedule' });
    const pdf = await (await user('a.supervisor')).get(`/api/cities/alpha/analysis/briefings/${weekly.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    expect(text).toContain('周报');
    expect(text).toMatch(/工单总量\s*7/);
    const audited = await world.knex('audit_events').where({ city_id: 'alpha', action: 'export.downloaded', subject_type: 'analysisBriefing' }).count({ n: '*' }).first();
    expect(Number(audited?.n)).toBe(1);
  });
});
