// 考核 through the API on Tianjin's pack: tickets with known timelines seeded in SQL, an assessment run
// by the centre, the figures against a hand-worked table, the drill-down to the tickets, a unit that
// sees only its own row, and its appeals — one upheld (the figure, total and grade change, audited),
// one rejected (the reason recorded, the figure kept).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { SHIPPED_PACKS_DIR, readPackFolder } from '@hotline/cities';
import { buildApp } from '../src/app';
import { DEMO_DIR } from '../src/bootstrap/shipped-data';
import type { App } from '../src/http/app-types';
import { assessmentAppealKind } from '../src/modules/assessment/assessment-appeal';
import { CLI } from '../src/modules/auth/actor';
import { readOrganisationJson } from '../src/modules/organisations/organisation-file';
import { importOrganisation } from '../src/modules/organisations/organisations.service';
import { importPack, publishVersion } from '../src/modules/packs/packs.service';
import type { SubjectProcessStarter } from '../src/modules/subjects/subject-kind';
import { type TestDatabase, freshDatabase } from './support/database';
import { DEMO_PASSWORD } from './support/lifecycle';
import { TEST_AUTH, as } from './support/world';

interface Seed {
  /** Tianjin unless said. */
  city?: string;
  /** Registration instant (March 2026 unless said); `bare`: no timeline (a ticket counted by its type only). */
  registered?: string;
  bare?: boolean;
  /** The first reply's instant when not the default early one (12 March) or the late one (18 March). */
  replyAt?: string;
  number: string;
  unit: string;
  type: string;
  acceptedLate?: boolean;
  repliedLate?: boolean;
  rating?: string;
  reworked?: boolean;
  exempt?: boolean;
  escalations?: number;
}

const REGISTERED = '2026-03-10T02:00:00Z';

describe('unit assessment through the API (Tianjin, March 2026, the 2025 rules)', () => {
  let db: TestDatabase;
  let app: App;
  const started: Array<{ kind: string; subjectId: string; unitId?: string | null | undefined; title: string }> = [];
  const starter: SubjectProcessStarter = {
    async start(_trx, request) {
      started.push(request);
      return { processInstanceKey: `appeal-${started.length}` };
    },
  };
  const tokens: Record<string, string> = {};
  const units: Record<string, string> = {};
  let runId = '';

  async function seed(t: Seed) {
    const city = t.city ?? 'tianjin';
    const [row] = await db.knex.raw(
      `insert into tickets (city_id, number, type, urgency, content, unit_id, pack_version_id, registered_by, registered_at, status, negative_rating_exempt)
       values (?, ?, ?, 'general', '诉求', ?, (select id from pack_versions where city_id = ? limit 1), (select id from users where city_id = ? and username like '%.registrar'), ?, 'closed', ?)
       returning id`,
      [city, t.number, t.type, units[t.unit]!, city, city, t.registered ?? REGISTERED, t.exempt ?? false],
    ).then((r) => r.rows);
    const id = row.id as string;
    if (t.bare) return;
    const events: Array<[string, string, Record<string, unknown>]> = [
      ['dispatched', '2026-03-10T02:10:00Z', {}],
      ['deadlineSet', '2026-03-10T02:10:00Z', { stage: 'accept', due: '2026-03-10T12:00:00+08:00' }],
      ['accepted', t.acceptedLate ? '2026-03-10T05:00:00Z' : '2026-03-10T03:00:00Z', {}],
      ['deadlineSet', '2026-03-10T03:00:00Z', { stage: 'handle', due: '2026-03-17T10:10:00+08:00' }],
      ['replied', t.replyAt ?? (t.repliedLate ? '2026-03-18T02:00:00Z' : '2026-03-12T02:00:00Z'), {}],
      ...(t.rating ? [['rated', '2026-03-19T02:00:00Z', { rating: t.rating }] as [string, string, Record<string, unknown>]] : []),
      ...(t.reworked ? [['reworkOrdered', '2026-03-19T02:00:01Z', {}] as [string, string, Record<string, unknown>]] : []),
    ];
    for (const [i, [kind, at, data]] of events.entries()) {
      await db.knex('ticket_events').insert({ key: `${t.number}:${i}`, ticket_id: id, city_id: city, kind, at, summary: kind, data: JSON.stringify(data), unit_id: units[t.unit] });
    }
    if (t.escalations) {
      await db.knex('supervision_orders').insert({
        city_id: 'tianjin', ticket_id: id, unit_id: units[t.unit], status: 'closed', required_response: '说明情况', opinion: '请办理', due_at: '2026-03-15T00:00:00Z',
        due_source: 'test', issued_by: (await db.knex('users').where({ username: 'tj.supervisor' }).first('id')).id, issued_at: '2026-03-13T00:00:00Z',
        escalations: t.escalations, updated_at: '2026-03-16T00:00:00Z',
      });
    }
  }

  beforeAll(async () => {
    db = await freshDatabase();
    for (const city of ['tianjin', 'turpan']) {
      const { version } = await importPack(db.knex, readPackFolder(join(SHIPPED_PACKS_DIR, city)), { label: `cities/${city}`, expectedCityId: city, actor: CLI });
      await publishVersion(db.knex, city, version.number, '2020-01-01', CLI);
      const parsed = readOrganisationJson(JSON.parse(readFileSync(join(DEMO_DIR, `${city}.json`), 'utf8')), `${city}.json`);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      await importOrganisation(db.knex, city, parsed.input, CLI, { demoAccounts: true });
    }
    // the demo cities' unit codes do not collide
    for (const u of await db.knex('units').select('id', 'code')) units[u.code] = u.id;
    await seed({ number: 'H1', unit: 'heping', type: 'complaint', rating: 'satisfied' });
    await seed({ number: 'H2', unit: 'heping', type: 'complaint', acceptedLate: true, rating: 'dissatisfied', reworked: true, escalations: 1 });
    await seed({ number: 'H3', unit: 'heping', type: 'help', rating: 'dissatisfied', exempt: true });
    await seed({ number: 'H4', unit: 'heping', type: 'praise', rating: 'satisfied' });
    await seed({ number: 'Q1', unit: 'heping.quanyechang', type: 'complaint', rating: 'satisfied' });
    // Turpan, 老城街道: early, late and on-time-but-not-early replies; a year before, four complaints
    await seed({ city: 'turpan', number: 'L1', unit: 'gaochang.laocheng', type: 'complaint', rating: 'verySatisfied' });
    await seed({ city: 'turpan', number: 'L2', unit: 'gaochang.laocheng', type: 'help', rating: 'satisfied', repliedLate: true });
    await seed({ city: 'turpan', number: 'L3', unit: 'gaochang.laocheng', type: 'consult', rating: 'satisfied', replyAt: '2026-03-16T02:00:00Z' });
    for (const n of [1, 2, 3, 4]) await seed({ city: 'turpan', number: `L0${n}`, unit: 'gaochang.laocheng', type: 'complaint', registered: '2025-03-10T02:00:00Z', bare: true });
    app = await buildApp({ db: db.knex, databaseDescription: 'test database', auth: TEST_AUTH, validateResponses: true, subjectStarter: starter });
    await app.ready();
    for (const username of ['tj.supervisor', 'tj.leader', 'tj.handler', 'tlf.supervisor']) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      tokens[username] = response.json().token;
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const figuresOf = (run: { results: Array<{ unit: { code: string }; total: number; grade: string | null; figures: Array<{ key: string; value: number | null; points: number }> }> }, code: string) => {
    const r = run.results.find((x) => x.unit.code === code)!;
    return { total: r.total, grade: r.grade, ...Object.fromEntries(r.figures.map((f) => [f.key, [f.value === null ? null : Math.round(f.value * 10000) / 10000, f.points]])) };
  };

  it('the centre runs March and gets the hand-worked figures', async () => {
    const response = await as(app, tokens['tj.supervisor']!).post('/api/cities/tianjin/assessment/runs', { from: '2026-03-01', to: '2026-03-31' });
    expect(response.statusCode, response.body).toBe(201);
    const run = response.json();
    runId = run.id;
    expect(run).toMatchObject({ ruleVersion: '2025', tickets: 5 });
    // 和平区: acceptance 3/4 (H2 late) → 0.75, below 0.9: 0; completion 4/4 → 25; satisfaction 1/2
    // (H3 exempt, H4 praise, H2 dissatisfied) → 0; rework 1/4 = 0.25, beyond 0.2: 0; one escalated
    // 督办单 → −2. Total 23, 较差. 劝业场街道: everything at its best → 100, 好.
    expect(figuresOf(run, 'heping')).toEqual({ total: 23, grade: '较差', onTimeAcceptance: [0.75, 0], onTimeCompletion: [1, 25], satisfaction: [0.5, 0], reworkRate: [0.25, 0], supervisedUnresolved: [1, -2], supervisionEntries: [0, 0] });
    expect(figuresOf(run, 'heping.quanyechang')).toEqual({ total: 100, grade: '好', onTimeAcceptance: [1, 20], onTimeCompletion: [1, 25], satisfaction: [1, 40], reworkRate: [0, 15], supervisedUnresolved: [0, 0], supervisionEntries: [0, 0] });
    expect(await db.knex('audit_events').where({ action: 'assessment.run', subject_id: runId }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('drills down from a figure to its tickets, the excluded ones with the reason', async () => {
    const response = await as(app, tokens['tj.supervisor']!).get(`/api/cities/tianjin/assessment/runs/${runId}/units/${units.heping}/indicators/satisfaction`);
    expect(response.statusCode, response.body).toBe(200);
    const why = Object.fromEntries(response.json().tickets.map((t: { number: string; why: string }) => [t.number, t.why]));
    expect(why).toEqual({ H1: '计入分子（及分母）', H2: '仅计入分母', H3: '履职尽责说明经审核认可，不予负面评价', H4: '表扬类、建议类事项不纳入满意度评价' });
    expect(response.body).not.toMatch(/1390000|诉求人/);
  });

  it('a unit sees only its own row and drill-downs, and may not run an assessment', async () => {
    const leader = as(app, tokens['tj.leader']!);
    const run = (await leader.get(`/api/cities/tianjin/assessment/runs/${runId}`)).json();
    expect(run.results.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['heping']);
    expect((await leader.get(`/api/cities/tianjin/assessment/runs/${runId}/units/${units['heping.quanyechang']}/indicators/satisfaction`)).statusCode).toBe(404);
    expect((await leader.post('/api/cities/tianjin/assessment/runs', { from: '2026-03-01', to: '2026-03-31' })).statusCode).toBe(403);
    expect((await as(app, tokens['tj.handler']!).get(`/api/cities/tianjin/assessment/runs/${runId}`)).statusCode).toBe(403);
  });

  it('an appeal upheld corrects the figure, the total and the grade, with an audit entry', async () => {
    const leader = as(app, tokens['tj.leader']!);
    const filed = await leader.post(`/api/cities/tianjin/assessment/runs/${runId}/appeals`, { indicator: 'satisfaction', reason: 'H2 的不满意评价系误评，诉求人已撤回', evidence: '回访录音 2026-03-20' });
    expect(filed.statusCode, filed.body).toBe(201);
    const appeal = filed.json();
    expect(started.at(-1)).toMatchObject({ kind: 'assessmentAppeal', subjectId: appeal.id, unitId: units.heping });
    expect((await leader.post(`/api/cities/tianjin/assessment/runs/${runId}/appeals`, { indicator: 'satisfaction', reason: '再次申诉同一指标', evidence: '无' })).statusCode).toBe(409);
    const summary = await assessmentAppealKind.summary(db.knex, appeal.id);
    expect(summary?.fields).toContainEqual({ label: '当前数值', value: '50.00%' });

    await db.knex.transaction((trx) =>
      assessmentAppealKind.onOutcome(trx, { cityId: 'tianjin', subjectId: appeal.id }, 'upheld', { correctedValue: '100%', resolution: '经核实，H2 评价不计入' }, { userId: null, name: 'tj.supervisor' }),
    );
    const run = (await leader.get(`/api/cities/tianjin/assessment/runs/${runId}`)).json();
    expect(figuresOf(run, 'heping')).toMatchObject({ total: 63, grade: '一般', satisfaction: [1, 40] });
    expect(run.results[0].figures.find((f: { key: string }) => f.key === 'satisfaction').corrected).toEqual({ appealId: appeal.id, value: 0.5, points: 0 });
    const audit = await db.knex('audit_events').where({ action: 'assessment.corrected' }).first();
    expect(audit.details).toMatchObject({ appeal: appeal.id, indicator: 'satisfaction', before: { value: 0.5, points: 0, total: 23, grade: '较差' }, after: { value: 1, points: 40, total: 63, grade: '一般' } });
    const appeals = (await leader.get('/api/cities/tianjin/assessment/appeals')).json().items;
    expect(appeals[0]).toMatchObject({ status: 'upheld', correctedValue: 1, resolution: '经核实，H2 评价不计入' });
  });

  it('an appeal rejected keeps the figure and records the reason', async () => {
    const leader = as(app, tokens['tj.leader']!);
    const appeal = (await leader.post(`/api/cities/tianjin/assessment/runs/${runId}/appeals`, { indicator: 'onTimeAcceptance', reason: 'H2 签收时系统故障', evidence: '运维记录' })).json();
    await db.knex.transaction((trx) => assessmentAppealKind.onOutcome(trx, { cityId: 'tianjin', subjectId: appeal.id }, 'rejected', { resolution: '系统运行正常，签收确已超时' }, { userId: null, name: 'tj.supervisor' }));
    const run = (await leader.get(`/api/cities/tianjin/assessment/runs/${runId}`)).json();
    expect(figuresOf(run, 'heping')).toMatchObject({ total: 63, onTimeAcceptance: [0.75, 0] });
    const rejected = (await leader.get('/api/cities/tianjin/assessment/appeals')).json().items.find((a: { id: string }) => a.id === appeal.id);
    expect(rejected).toMatchObject({ status: 'rejected', resolution: '系统运行正常，签收确已超时', correctedValue: null });
    expect(await db.knex('audit_events').where({ action: 'assessment.appealRejected', subject_id: appeal.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
    // the centre does not appeal; the outcome heard twice changes nothing
    expect((await as(app, tokens['tj.supervisor']!).post(`/api/cities/tianjin/assessment/runs/${runId}/appeals`, { indicator: 'satisfaction', reason: '中心不可申诉本项', evidence: '无' })).statusCode).toBe(403);
    await db.knex.transaction((trx) => assessmentAppealKind.onOutcome(trx, { cityId: 'tianjin', subjectId: appeal.id }, 'upheld', { correctedValue: 1 }, null));
    expect(figuresOf((await leader.get(`/api/cities/tianjin/assessment/runs/${runId}`)).json(), 'heping')).toMatchObject({ onTimeAcceptance: [0.75, 0] });
  });

  it('Turpan: early completion and the year-on-year fall of similar matters earn their credits from the timelines', async () => {
    const response = await as(app, tokens['tlf.supervisor']!).post('/api/cities/turpan/assessment/runs', { from: '2026-03-01', to: '2026-03-31' });
    expect(response.statusCode, response.body).toBe(201);
    // 老城街道: acceptance 3/3 → 15; completion 2/3 (L2 late) → 0; satisfaction 3/3 → 40; rework 0/3 → 10;
    // knowledge-base upkeep: no update facts supplied → whenNoData 10; early completion: of the on-time
    // replies L1 (2 of the 7 days used, 0.29) and L3 (6 of 7, 0.86), one within the first half → 0.5 →
    // the full 3; similar matters (complaints, help, reports): L1, L2 against March 2025's four → −50% →
    // the full 2. Total 80, 良好.
    expect(figuresOf(response.json(), 'gaochang.laocheng')).toEqual({
      total: 80,
      grade: '良好',
      onTimeAcceptance: [1, 15],
      onTimeCompletion: [0.6667, 0],
      satisfaction: [1, 40],
      reworkRate: [0, 10],
      knowledgeUpkeep: [null, 10],
      earlyCompletion: [0.5, 3],
      similarMattersChange: [-0.5, 2],
    });
    const trace = await as(app, tokens['tlf.supervisor']!).get(`/api/cities/turpan/assessment/runs/${response.json().id}/units/${units['gaochang.laocheng']}/indicators/similarMattersChange`);
    const rows = trace.json().tickets.map((t: { number: string; why: string }) => `${t.number} ${t.why}`).sort();
    expect(rows).toEqual(['L01 上年同期，计入比较基数', 'L02 上年同期，计入比较基数', 'L03 上年同期，计入比较基数', 'L04 上年同期，计入比较基数', 'L1 本期，计入同比', 'L2 本期，计入同比']);
  });

  it('exports the table as xlsx, audited, without caller data', async () => {
    const response = await as(app, tokens['tj.supervisor']!).get(`/api/cities/tianjin/assessment/runs/${runId}/export`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const rows: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).join('|')));
    expect(rows.find((r) => r.startsWith('和平区'))).toMatch(/^和平区\|heping\|75\.00%\|0\|100\.00%\|25\|100\.00%（申诉更正）\|40\|25\.00%\|0\|1\|-2\|0\|0\|63\|一般\|/);
    expect(rows.join('\n')).not.toMatch(/1390000/);
    expect(await db.knex('audit_events').where({ action: 'export.downloaded', subject_type: 'assessmentRun', subject_id: runId }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});
