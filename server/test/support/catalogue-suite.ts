// The dispatch catalogue (派单目录, Tianjin 2025 §7–8) on the embedded engine: a draft imported from xlsx
// (a bad file refused whole, naming rows and columns), exported and read back, reviewed by someone other
// than its submitter and published; the dispatch task's proposal at street and district scope and for
// the nearest matter class; a disputed matter through a determination into the catalogue; the grassroots
// guard, in dispatch, in the catalogue's entries and in a determination's decision; an override that needs
// a reason (named units, one error per problem) and is counted; a matter without an entry dispatched only
// with a reason; request errors naming the field in Chinese; the demo catalogue's Chinese author.
// Run on each engine by catalogue.integration.test.ts (embedded) and catalogue.zeebe.integration.test.ts:
// the proposal reads the dispatch task's process variables, which each engine keeps in its own way.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_COLUMNS } from '@hotline/dispatch-catalogue';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoCatalogue } from '../../src/modules/catalogue/demo-catalogue';
import { type Caller, type Json, type LifecycleWorld, type WorldOptions, complaint, inboxTask } from './lifecycle';

const TJ = '/api/cities/tianjin';
/** The end of every figures period here: a dispatch is dated by the engine's clock, and the Zeebe broker's is shared with other files that move it days ahead. */
const UNTIL = '2099-12-31';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const GRASSROOTS_REFUSAL = '应当由职能部门承办的诉求事项不得分派给基层（实施细则第八条）。';

// A small taxonomy of its own, so the test does not follow every change of the shipped starter taxonomy.
const MATTERS = {
  standard: '测试用',
  source: 'test',
  matters: [
    {
      code: '01',
      label: '城乡建设',
      children: [
        { code: '0101', label: '市容环境', children: [{ code: '010101', label: '占道经营' }, { code: '010102', label: '违法建设', disputed: true }] },
        { code: '0102', label: '供水', functional: true, children: [{ code: '010201', label: '停水' }] },
      ],
    },
    // a functional class the catalogue has no entry for
    { code: '02', label: '市场监管', functional: true, children: [{ code: '0201', label: '食品安全' }] },
  ],
};

async function workbook(rows: Array<Array<string | Date>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('派单目录');
  sheet.addRow(SHEET_COLUMNS.map((c) => c.header));
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const row = (matter: string, place: string, lead: string, assisting: string, from: string | Date = '2025-01-01', to = '') => [matter, '', place, '', lead, '', assisting, `${lead} 权责清单`, from, to];

type MatterClass = { code: string; children?: MatterClass[] };
const codesOf = (classes: readonly MatterClass[]): string[] => classes.flatMap((c) => [c.code, ...codesOf(c.children ?? [])]);

/** A pack given another taxonomy keeps only the 数据分析 sensitive matters that taxonomy has (publishing checks them). */
function withSensitiveMattersOf(cityJson: string, taxonomy: { matters: MatterClass[] }): string {
  const city = JSON.parse(cityJson) as { analysis?: { sensitiveMatters: Array<{ matter: string }> } };
  if (!city.analysis) return cityJson;
  const codes = new Set(codesOf(taxonomy.matters));
  return JSON.stringify({ ...city, analysis: { ...city.analysis, sensitiveMatters: city.analysis.sensitiveMatters.filter((s) => codes.has(s.matter)) } });
}

/** The pack's own small taxonomy and a person who is both dispatcher and supervisor (to review drafts). */
export const CATALOGUE_WORLD: WorldOptions = {
  packFiles: (_city, files) => [
    ...files.filter((f) => f.path !== 'matters.json').map((f) => (f.path === 'city.json' ? { ...f, text: withSensitiveMattersOf(f.text, MATTERS) } : f)),
    { path: 'matters.json', text: JSON.stringify(MATTERS) },
  ],
  users: { tianjin: [{ username: 'tj.chief', name: '值班长（演示）', unit: 'centre', roles: ['dispatcher', 'supervisor'] }] },
};

export function catalogueSuite(engine: string, start: () => Promise<LifecycleWorld>, options: { expectNoEngineErrors: boolean }): void {
  describe(`the dispatch catalogue (Tianjin, ${engine})`, () => {
    let world: LifecycleWorld;
    let dispatcher: Caller;
    let supervisor: Caller;
    let chief: Caller;
    let registrar: Caller;

    beforeAll(async () => {
      world = await start();
      dispatcher = await world.user('tj.dispatcher');
      supervisor = await world.user('tj.supervisor');
      chief = await world.user('tj.chief');
      registrar = await world.user('tj.registrar');
    });
    afterAll(async () => {
      if (options.expectNoEngineErrors) expect(world.engineErrors).toEqual([]);
      await world?.close();
    });

    /** POST with a raw body needs the caller's token: log in again here. */
    async function importAs(username: string, id: number, bytes: Buffer): Promise<{ statusCode: number; body: Json }> {
      const login = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'hotline-demo' } });
      const response = await world.app.inject({ method: 'POST', url: `${TJ}/catalogue/versions/${id}/import`, headers: { authorization: `Bearer ${login.json().token}`, 'content-type': XLSX }, payload: bytes });
      return { statusCode: response.statusCode, body: response.json() };
    }

    /** Registers a complaint about the matter at the place (places of the demo organisation). */
    async function ticketAbout(matter: string, place: string): Promise<{ number: string; task: string }> {
      const registered = await registrar.post(`${TJ}/tickets`, complaint({ matter, place }));
      expect(registered.statusCode, JSON.stringify(registered.body)).toBe(201);
      const number = registered.body.number as string;
      const task = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
      return { number, task: task.id };
    }

    const proposalOf = async (task: string) => {
      const detail = await dispatcher.get(`${TJ}/tasks/${task}`);
      expect(detail.statusCode, JSON.stringify(detail.body)).toBe(200);
      return detail.body.dispatchProposal;
    };

    it('imports a draft from xlsx (a bad file refused whole), exports it, and publishes it after another person’s review', async () => {
      expect((await dispatcher.get(`${TJ}/catalogue`)).body).toEqual({ published: null, draft: null, inReview: null });
      expect((await (await world.user('tj.handler')).get(`${TJ}/catalogue`)).statusCode).toBe(403);

      const draft = await chief.post(`${TJ}/catalogue/drafts`);
      expect(draft.statusCode, JSON.stringify(draft.body)).toBe(201);
      expect(draft.body).toMatchObject({ status: 'draft', entryCount: 0, createdBy: '值班长（演示）' });
      expect((await dispatcher.post(`${TJ}/catalogue/drafts`)).statusCode).toBe(409);
      const id = draft.body.id as number;

      const bad = await importAs('tj.chief', id, await workbook([
        row('010101', '', 'tj.cgw', ''),
        row('999999', '', 'tj.cgw', ''),
        row('0101', 'heping', 'ghost.unit', 'tj.cgw'),
        row('0102', '', 'tj.swj', '', '2025-13-01'),
        row('010101', '', 'tj.zjw', '', '2025-06-01'),
        row('010201', '', 'heping.quanyechang', ''),
      ]));
      expect(bad.statusCode).toBe(422);
      expect(bad.body.error.code).toBe('CATALOGUE_INVALID');
      expect(bad.body.error.details.issues).toEqual([
        { row: 3, column: 'A（诉求事项编码）', message: '诉求事项编码“999999”不在本市诉求事项分类中' },
        { row: 4, column: 'E（主办单位编码）', message: '主办单位编码“ghost.unit”不是本市的承办单位' },
        { row: 5, column: 'I（生效日期）', message: '生效日期“2025-13-01”不是有效日期（格式 YYYY-MM-DD）' },
        { row: 6, column: 'I（生效日期）', message: '第 6 行与第 2 行是同一诉求事项“010101”在全市的条目，生效期间重叠' },
        { row: 7, column: 'E（主办单位编码）', message: `诉求事项“城乡建设 › 供水 › 停水”由职能部门承办，主办单位“劝业场街道”（heping.quanyechang）是基层单位：${GRASSROOTS_REFUSAL}` },
      ]);
      expect(bad.body.error.message).toContain('第 4 行 E（主办单位编码）');
      expect((await dispatcher.get(`${TJ}/catalogue/versions/${id}`)).body.entries).toEqual([]);

      const good = await importAs('tj.chief', id, await workbook([
        row('0101', '', 'tj.cgw', ''),
        row('010101', 'heping', 'heping', 'tj.cgw'),
        row('010101', 'heping.quanyechang', 'heping.quanyechang', '', new Date(Date.UTC(2025, 0, 1))),
        row('010201', '', 'tj.swj', ''),
      ]));
      expect(good.statusCode, JSON.stringify(good.body)).toBe(200);
      expect(good.body).toMatchObject({ id, status: 'draft', entryCount: 4 });
      const stored = (await dispatcher.get(`${TJ}/catalogue/versions/${id}`)).body.entries as Json[];
      expect(stored[1]).toEqual({
        row: 2, matter: '010101', matterLabel: '城乡建设 › 市容环境 › 占道经营', place: 'heping', placeName: '和平区', leadUnit: 'heping', leadUnitName: '和平区',
        assistingUnits: ['tj.cgw'], assistingUnitNames: ['市城市管理委'], basis: 'heping 权责清单', effectiveFrom: '2025-01-01', effectiveTo: null,
      });

      // export and read back: the same entries
      const exported = await world.app.inject({ method: 'GET', url: `${TJ}/catalogue/versions/${id}/export`, headers: { authorization: `Bearer ${(await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tj.dispatcher', password: 'hotline-demo' } })).json().token}` } });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toBe(XLSX);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      expect(book.worksheets[0]?.getRow(3).values).toEqual([undefined, '010101', '城乡建设 › 市容环境 › 占道经营', 'heping', '和平区', 'heping', '和平区', 'tj.cgw', 'heping 权责清单', '2025-01-01', '']);
      expect((await importAs('tj.chief', id, exported.rawPayload)).statusCode).toBe(200);
      expect((await dispatcher.get(`${TJ}/catalogue/versions/${id}`)).body.entries).toEqual(stored);

      // review: not by the submitter, not without the review page
      expect((await chief.post(`${TJ}/catalogue/versions/${id}/submit`)).body).toMatchObject({ status: 'review', submittedBy: '值班长（演示）' });
      expect((await chief.put(`${TJ}/catalogue/versions/${id}/entries`, { entries: [] })).statusCode).toBe(409);
      const own = await chief.post(`${TJ}/catalogue/versions/${id}/review`, { decision: 'approve' });
      expect(own.statusCode).toBe(403);
      expect(own.body.error.message).toBe('提交人不能审核自己提交的派单目录');
      expect((await dispatcher.post(`${TJ}/catalogue/versions/${id}/review`, { decision: 'approve' })).statusCode).toBe(403);
      expect((await supervisor.post(`${TJ}/catalogue/versions/${id}/review`, { decision: 'reject', comment: '补充依据' })).body).toMatchObject({ status: 'draft', reviewComment: '补充依据' });
      await chief.post(`${TJ}/catalogue/versions/${id}/submit`);
      const published = await supervisor.post(`${TJ}/catalogue/versions/${id}/review`, { decision: 'approve' });
      expect(published.body).toMatchObject({ status: 'published', reviewedBy: '督办员（演示）', submittedBy: '值班长（演示）' });
      expect((await dispatcher.get(`${TJ}/catalogue`)).body).toMatchObject({ published: { id, status: 'published', entryCount: 4 }, draft: null, inReview: null });

      // the next version retires this one
      const next = (await dispatcher.post(`${TJ}/catalogue/drafts`)).body;
      expect(next.entryCount).toBe(4);
      const appended = await dispatcher.post(`${TJ}/catalogue/versions/${next.id}/entries`, { matter: '010201', place: 'hexi', leadUnit: 'tj.swj', assistingUnits: [], basis: '供水条例', effectiveFrom: '2025-01-01', effectiveTo: null });
      expect(appended.statusCode, JSON.stringify(appended.body)).toBe(201);
      expect(appended.body).toMatchObject({ row: 5, placeName: '河西区' });
      const overlap = await dispatcher.post(`${TJ}/catalogue/versions/${next.id}/entries`, { matter: '010201', place: null, leadUnit: 'tj.swj', assistingUnits: [], basis: '重复', effectiveFrom: '2026-01-01', effectiveTo: null });
      expect(overlap.statusCode).toBe(422);
      expect(overlap.body.error.details.issues[0].message).toBe('第 6 行与第 4 行是同一诉求事项“010201”在全市的条目，生效期间重叠');
      const downward = await dispatcher.post(`${TJ}/catalogue/versions/${next.id}/entries`, { matter: '010201', place: 'heping', leadUnit: 'tj.swj', assistingUnits: ['heping.quanyechang'], basis: '供水条例', effectiveFrom: '2025-01-01', effectiveTo: null });
      expect(downward.statusCode).toBe(422);
      expect(downward.body.error.details.issues).toEqual([{ row: 6, column: 'assistingUnits', message: `诉求事项“城乡建设 › 供水 › 停水”由职能部门承办，协办单位“劝业场街道”（heping.quanyechang）是基层单位：${GRASSROOTS_REFUSAL}` }]);
      const saved = await dispatcher.put(`${TJ}/catalogue/versions/${next.id}/entries`, { entries: [{ matter: '010201', place: null, leadUnit: 'heping.quanyechang.xinxing', assistingUnits: [], basis: '供水条例', effectiveFrom: '2025-01-01', effectiveTo: null }] });
      expect(saved.statusCode).toBe(422);
      expect(saved.body.error.details.issues[0]).toMatchObject({ row: 1, column: 'leadUnit' });
      const untitled = await dispatcher.put(`${TJ}/catalogue/versions/${next.id}/entries`, { entries: [{ matter: '010201', place: null, leadUnit: 'tj.swj', assistingUnits: [], effectiveFrom: '2025-01-01', effectiveTo: null }] });
      expect(untitled.statusCode).toBe(400);
      expect(untitled.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: '请填写第 1 条权责清单事项/依据', details: { errors: [{ path: '/entries/0/basis', messageZh: '请填写第 1 条权责清单事项/依据' }] } });
      expect((await dispatcher.get(`${TJ}/catalogue/versions/${next.id}`)).body.version.entryCount).toBe(5);
      await dispatcher.post(`${TJ}/catalogue/versions/${next.id}/submit`);
      expect((await supervisor.post(`${TJ}/catalogue/versions/${next.id}/review`, { decision: 'approve' })).body.status).toBe('published');
      expect((await dispatcher.get(`${TJ}/catalogue/versions/${id}`)).body.version.status).toBe('retired');

      const audit = await world.knex('audit_events').where({ city_id: 'tianjin', subject_type: 'catalogueVersion' }).orderBy('id').select('action', 'actor', 'subject_id');
      expect(audit.map((a: Json) => `${a.action}:${a.actor}:${a.subject_id}`)).toEqual([
        `catalogue.draftCreated:tj.chief:${id}`,
        `catalogue.imported:tj.chief:${id}`,
        `export.downloaded:tj.dispatcher:${id}`,
        `catalogue.imported:tj.chief:${id}`,
        `catalogue.submitted:tj.chief:${id}`,
        `catalogue.rejected:tj.supervisor:${id}`,
        `catalogue.submitted:tj.chief:${id}`,
        `catalogue.published:tj.supervisor:${id}`,
        `catalogue.draftCreated:tj.dispatcher:${next.id}`,
        `catalogue.entryAdded:tj.dispatcher:${next.id}`,
        `catalogue.submitted:tj.dispatcher:${next.id}`,
        `catalogue.published:tj.supervisor:${next.id}`,
      ]);
    });

    it('proposes the street’s entry, the district’s for another street, and the nearest matter class elsewhere', async () => {
      const street = await ticketAbout('010101', 'heping.quanyechang.xinxing');
      expect(await proposalOf(street.task)).toMatchObject({ kind: 'catalogue', leadUnit: 'heping.quanyechang', assistingUnits: [], entryRow: 3, matchedMatter: '010101', matchedPlace: 'heping.quanyechang' });
      const district = await ticketAbout('010101', 'heping.xiaobailou');
      expect(await proposalOf(district.task)).toMatchObject({ kind: 'catalogue', leadUnit: 'heping', assistingUnits: ['tj.cgw'], matchedPlace: 'heping' });
      const city = await ticketAbout('010101', 'hexi.youyilu');
      expect(await proposalOf(city.task)).toMatchObject({ kind: 'catalogue', leadUnit: 'tj.cgw', matchedMatter: '0101', matchedPlace: null });
      expect((await dispatcher.get(`${TJ}/catalogue/proposal?matter=010101&place=heping.quanyechang`)).body).toMatchObject({ kind: 'catalogue', leadUnit: 'heping.quanyechang' });

      // following the proposal needs no reason
      const followed = await dispatcher.post(`${TJ}/tasks/${street.task}/complete`, { data: { mode: 'single', unit: 'heping.quanyechang' }, requestId: `follow-${street.task}` });
      expect(followed.statusCode, JSON.stringify(followed.body)).toBe(200);

      // going elsewhere needs 改派理由, and is recorded
      const noReason = await dispatcher.post(`${TJ}/tasks/${city.task}/complete`, { data: { mode: 'single', unit: 'hexi.youyilu' }, requestId: `override-${city.task}` });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.body.error.code).toBe('OVERRIDE_REASON_REQUIRED');
      // one problem, one error (as a form's own): at the field, naming the catalogue's unit by its name
      expect(noReason.body.error.message).toBe('派往派单目录所列以外的单位（目录：市城市管理委），请填写改派理由');
      expect(noReason.body.error.issues).toBeUndefined();
      expect(noReason.body.error.details.errors).toEqual([{ path: '/overrideReason', message: noReason.body.error.message, messageZh: noReason.body.error.message }]);
      expect(await world.knex('tasks').where({ id: city.task }).first('status')).toEqual({ status: 'open' });
      const overridden = await dispatcher.post(`${TJ}/tasks/${city.task}/complete`, { data: { mode: 'single', unit: 'hexi.youyilu', overrideReason: '摊点位于街道管理的集贸市场内' }, requestId: `override2-${city.task}` });
      expect(overridden.statusCode, JSON.stringify(overridden.body)).toBe(200);

      const decisions = await world.knex('dispatch_decisions').whereIn('task_id', [street.task, city.task]).orderBy('id').select('proposal_kind', 'proposed_lead', 'chosen_lead', 'overridden', 'override_reason', 'matter');
      expect(decisions).toEqual([
        { proposal_kind: 'catalogue', proposed_lead: 'heping.quanyechang', chosen_lead: 'heping.quanyechang', overridden: false, override_reason: null, matter: '010101' },
        { proposal_kind: 'catalogue', proposed_lead: 'tj.cgw', chosen_lead: 'hexi.youyilu', overridden: true, override_reason: '摊点位于街道管理的集贸市场内', matter: '010101' },
      ]);
      const figures = (await dispatcher.get(`${TJ}/catalogue/figures?from=2025-01-01&to=${UNTIL}`)).body;
      expect(figures).toMatchObject({ dispatches: 2, followed: 1, overridden: 1, noEntry: 0, hitRate: 1, overrideRate: 0.5 });
      expect(figures.topOverridden).toEqual([{ matter: '010101', label: '城乡建设 › 市容环境 › 占道经营', count: 1 }]);
    });

    it('refuses a functional department’s matter to a grassroots unit with the rule’s sentence', async () => {
      const ticket = await ticketAbout('010201', 'heping.quanyechang');
      expect(await proposalOf(ticket.task)).toMatchObject({ kind: 'catalogue', leadUnit: 'tj.swj' });
      // the dispatch form's unit pickers carry the refused units with the sentence (the portal disables them)
      const form = (await dispatcher.get(`${TJ}/tasks/${ticket.task}`)).body.form;
      const refusedOptions = (node: unknown): Record<string, string> | undefined => {
        if (node === null || typeof node !== 'object') return undefined;
        const own = (node as { 'ui:options'?: { refusedOptions?: Record<string, string> } })['ui:options']?.refusedOptions;
        return own ?? Object.values(node).map(refusedOptions).find((found) => found !== undefined);
      };
      expect(refusedOptions(form.uiSchema)).toMatchObject({ 'heping.quanyechang': GRASSROOTS_REFUSAL, 'heping.quanyechang.xinxing': GRASSROOTS_REFUSAL, 'hexi.youyilu': GRASSROOTS_REFUSAL });
      expect(refusedOptions(form.uiSchema)).not.toHaveProperty('tj.swj');
      expect(refusedOptions(form.uiSchema)).not.toHaveProperty('heping');
      const refused = await dispatcher.post(`${TJ}/tasks/${ticket.task}/complete`, { data: { mode: 'single', unit: 'heping.quanyechang', overrideReason: '就近处理' }, requestId: `grassroots-${ticket.task}` });
      expect(refused.statusCode).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'GRASSROOTS_REFUSED', message: GRASSROOTS_REFUSAL, details: { errors: [{ path: '/unit', message: GRASSROOTS_REFUSAL, messageZh: GRASSROOTS_REFUSAL }] } });
      expect(refused.body.error.issues).toBeUndefined();
      expect(await world.knex('tasks').where({ id: ticket.task }).first('status')).toEqual({ status: 'open' });
      expect((await dispatcher.post(`${TJ}/tasks/${ticket.task}/complete`, { data: { mode: 'single', unit: 'tj.swj' }, requestId: `department-${ticket.task}` })).statusCode).toBe(200);
    });

    it('sends a disputed matter to a determination whose decision goes into the catalogue in one step', async () => {
      const first = await ticketAbout('010102', 'heping.quanyechang');
      expect(await proposalOf(first.task)).toEqual({ kind: 'determination', reason: 'disputed' });
      // not dispatched before its determination, reason or not
      const early = await dispatcher.post(`${TJ}/tasks/${first.task}/complete`, { data: { mode: 'single', unit: 'heping', overrideReason: '先派区里' }, requestId: `early-${first.task}` });
      expect(early.statusCode).toBe(422);
      expect(early.body.error).toMatchObject({ code: 'DETERMINATION_REQUIRED', message: '该诉求事项职责存在争议，须先提请定责，定责后按定责意见派单', details: { errors: [{ path: '/unit' }] } });
      const noNote = await dispatcher.post(`${TJ}/determinations`, { ticketId: first.number, kind: 'joint', note: '' });
      expect(noNote.statusCode).toBe(400);
      expect(noNote.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: '请填写说明', details: { errors: [{ path: '/note', messageZh: '请填写说明' }] } });
      const requested = await dispatcher.post(`${TJ}/determinations`, { ticketId: first.number, kind: 'joint', note: '城管与街道职责存在争议' });
      expect(requested.statusCode, JSON.stringify(requested.body)).toBe(201);
      expect(requested.body).toMatchObject({ ticketNumber: first.number, matter: '010102', matterLabel: '城乡建设 › 市容环境 › 违法建设', place: 'heping.quanyechang', kind: 'joint', reason: 'disputed', status: 'open', note: '城管与街道职责存在争议', decision: null });
      expect((await dispatcher.post(`${TJ}/determinations`, { ticketId: first.number, kind: 'field', note: '再次' })).statusCode).toBe(409);
      expect((await supervisor.get(`${TJ}/determinations?status=open`)).body.determinations.map((d: Json) => [d.id, d.note])).toEqual([[requested.body.id, '城管与街道职责存在争议']]);
      const waiting = await dispatcher.post(`${TJ}/tasks/${first.task}/complete`, { data: { mode: 'single', unit: 'heping', overrideReason: '先派区里' }, requestId: `waiting-${first.task}` });
      expect(waiting.body.error?.code).toBe('DETERMINATION_REQUIRED');

      // the added entry's place: the ticket's place or one above it, or the whole city
      const elsewhere = await supervisor.post(`${TJ}/determinations/${requested.body.id}/decision`, { leadUnit: 'heping', assistingUnits: ['tj.cgw'], basis: '会商', addToCatalogue: true, place: 'hexi' });
      expect(elsewhere.statusCode).toBe(422);
      expect(elsewhere.body.error).toMatchObject({ code: 'PLACE_NOT_ALLOWED', message: '适用区划“河西区”不是工单的事发区划或其上级区划（可选：劝业场街道、和平区、全市）', details: { errors: [{ path: '/place' }] } });

      const decided = await supervisor.post(`${TJ}/determinations/${requested.body.id}/decision`, { leadUnit: 'heping', assistingUnits: ['tj.cgw'], basis: '市级会商确定：违法建设由区政府牵头查处', note: '会商纪要第 3 号', addToCatalogue: true, place: 'heping' });
      expect(decided.statusCode, JSON.stringify(decided.body)).toBe(200);
      expect(decided.body).toMatchObject({ status: 'decided', catalogueEntryAdded: true, note: '城管与街道职责存在争议', decision: { leadUnit: 'heping', assistingUnits: ['tj.cgw'], note: '会商纪要第 3 号' } });
      expect(await proposalOf(first.task)).toMatchObject({ kind: 'determination', reason: 'disputed', determination: { status: 'decided', decision: { leadUnit: 'heping' } } });
      const dispatched = await dispatcher.post(`${TJ}/tasks/${first.task}/complete`, { data: { mode: 'leadAndAssist', leadUnit: 'heping', assistingUnits: ['tj.cgw'] }, requestId: `determined-${first.task}` });
      expect(dispatched.statusCode, JSON.stringify(dispatched.body)).toBe(200);

      const { draft } = (await dispatcher.get(`${TJ}/catalogue`)).body;
      const entries = (await dispatcher.get(`${TJ}/catalogue/versions/${draft.id}`)).body.entries as Json[];
      expect(entries.at(-1)).toMatchObject({ matter: '010102', place: 'heping', leadUnit: 'heping', assistingUnits: ['tj.cgw'], basis: '市级会商确定：违法建设由区政府牵头查处' });
      expect(await world.knex('audit_events').where({ action: 'determination.decided' }).count({ n: '*' }).first()).toEqual({ n: 1 });

      await dispatcher.post(`${TJ}/catalogue/versions/${draft.id}/submit`);
      await supervisor.post(`${TJ}/catalogue/versions/${draft.id}/review`, { decision: 'approve' });
      // the district's entry covers its other streets too
      const next = await ticketAbout('010102', 'heping.xiaobailou');
      expect(await proposalOf(next.task)).toMatchObject({ kind: 'catalogue', leadUnit: 'heping', assistingUnits: ['tj.cgw'], matchedMatter: '010102', matchedPlace: 'heping' });
    });

    it('dispatches a matter without an entry only with a reason, counted as such; its determination may not decide on a grassroots unit', async () => {
      const ticket = await ticketAbout('0201', 'hexi.youyilu');
      expect(await proposalOf(ticket.task)).toEqual({ kind: 'determination', reason: 'noEntry' });
      const bare = await dispatcher.post(`${TJ}/tasks/${ticket.task}/complete`, { data: { mode: 'single', unit: 'tj.swj' }, requestId: `bare-${ticket.task}` });
      expect(bare.statusCode).toBe(422);
      const message = '派单目录中没有该诉求事项的条目：请填写派单理由（改派理由），或提请定责';
      expect(bare.body.error).toMatchObject({ code: 'OVERRIDE_REASON_REQUIRED', message, details: { errors: [{ path: '/overrideReason', message, messageZh: message }] } });

      const requested = await dispatcher.post(`${TJ}/determinations`, { ticketId: ticket.number, kind: 'field', note: '目录未列食品安全事项' });
      expect(requested.body).toMatchObject({ reason: 'noEntry', note: '目录未列食品安全事项' });
      const down = await supervisor.post(`${TJ}/determinations/${requested.body.id}/decision`, { leadUnit: 'hexi.youyilu', assistingUnits: [], basis: '属地管理', addToCatalogue: true });
      expect(down.statusCode).toBe(422);
      expect(down.body.error).toMatchObject({ code: 'GRASSROOTS_REFUSED', message: `${GRASSROOTS_REFUSAL}（友谊路街道是基层单位）`, details: { errors: [{ path: '/leadUnit' }] } });
      const assisting = await supervisor.post(`${TJ}/determinations/${requested.body.id}/decision`, { leadUnit: 'tj.swj', assistingUnits: ['hexi.youyilu.zijinshan'], basis: '属地管理', addToCatalogue: false });
      expect(assisting.body.error).toMatchObject({ code: 'GRASSROOTS_REFUSED', details: { errors: [{ path: '/assistingUnits' }] } });
      expect((await supervisor.get(`${TJ}/determinations?status=open`)).body.determinations.map((d: Json) => d.id)).toContain(requested.body.id);

      const reasoned = await dispatcher.post(`${TJ}/tasks/${ticket.task}/complete`, { data: { mode: 'single', unit: 'tj.swj', overrideReason: '涉及供水管网，先由水务局处置' }, requestId: `reasoned-${ticket.task}` });
      expect(reasoned.statusCode, JSON.stringify(reasoned.body)).toBe(200);
      expect(await world.knex('dispatch_decisions').where({ task_id: ticket.task }).first('proposal_kind', 'proposal_reason', 'overridden', 'override_reason')).toEqual({
        proposal_kind: 'determination', proposal_reason: 'noEntry', overridden: false, override_reason: '涉及供水管网，先由水务局处置',
      });
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      expect((await dispatcher.get(`${TJ}/catalogue/figures?from=2025-01-01&to=${UNTIL}`)).body).toMatchObject({ noEntry: 1 });
      // by place: the ticket was at 友谊路街道, in 河西区, not in 和平区
      expect((await dispatcher.get(`${TJ}/catalogue/figures?from=2025-01-01&to=${UNTIL}&place=hexi`)).body).toMatchObject({ noEntry: 1 });
      expect((await dispatcher.get(`${TJ}/catalogue/figures?from=2025-01-01&to=${UNTIL}&place=heping`)).body).toMatchObject({ noEntry: 0 });
      const backwards = await dispatcher.get(`${TJ}/catalogue/figures?from=${today}&to=2025-01-01`);
      expect(backwards.statusCode).toBe(422);
      expect(backwards.body.error.message).toContain('早于开始日期');
    });

    it('refuses a save made from an older reading of the draft, keeping what was added meanwhile', async () => {
      const overview = (await dispatcher.get(`${TJ}/catalogue`)).body;
      const draft = overview.draft ?? (await chief.post(`${TJ}/catalogue/drafts`)).body;
      const read = (await dispatcher.get(`${TJ}/catalogue/versions/${draft.id}`)).body;
      const entries = (read.entries as Json[]).map(({ matter, place, leadUnit, assistingUnits, basis, effectiveFrom, effectiveTo }) => ({ matter, place, leadUnit, assistingUnits, basis, effectiveFrom, effectiveTo }));
      // meanwhile a determination's decision (or another editor) adds an entry
      const added = await chief.post(`${TJ}/catalogue/versions/${draft.id}/entries`, { matter: '010102', place: 'hexi.youyilu.zijinshan', leadUnit: 'tj.cgw', assistingUnits: [], basis: '定责结论', effectiveFrom: '2026-01-01', effectiveTo: null });
      expect(added.statusCode, JSON.stringify(added.body)).toBe(201);
      const stale = await dispatcher.put(`${TJ}/catalogue/versions/${draft.id}/entries`, { entries, revision: read.version.revision });
      expect(stale.statusCode).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'CATALOGUE_CHANGED', message: expect.stringContaining('请刷新后再改') });
      const now = (await dispatcher.get(`${TJ}/catalogue/versions/${draft.id}`)).body;
      expect(now.entries).toHaveLength(entries.length + 1);
      expect(now.version.revision).toBe(read.version.revision + 1);
      const fresh = await dispatcher.put(`${TJ}/catalogue/versions/${draft.id}/entries`, { entries: now.entries.map(({ matter, place, leadUnit, assistingUnits, basis, effectiveFrom, effectiveTo }: Json) => ({ matter, place, leadUnit, assistingUnits, basis, effectiveFrom, effectiveTo })), revision: now.version.revision });
      expect(fresh.statusCode, JSON.stringify(fresh.body)).toBe(200);
    });

    it('shows the demo catalogue’s author in Chinese', async () => {
      const file = join(tmpdir(), `demo-catalogue-${process.pid}.json`);
      writeFileSync(file, JSON.stringify({ entries: [{ matter: '0101', place: null, leadUnit: 'tj.cgw', assistingUnits: [], basis: '演示', effectiveFrom: '2025-01-01', effectiveTo: null }] }));
      // on a city without a catalogue: this one's, removed in a transaction that is rolled back
      const author = await world.knex
        .transaction(async (trx) => {
          await trx('dispatch_decisions').where({ city_id: 'tianjin' }).delete();
          await trx('catalogue_versions').where({ city_id: 'tianjin' }).delete();
          await seedDemoCatalogue(trx, 'tianjin', file, { info: () => undefined, warn: (...args: unknown[]) => console.warn(...args) } as never);
          const version = await trx('catalogue_versions').where({ city_id: 'tianjin', status: 'published' }).first('created_by_name');
          throw Object.assign(new Error('rollback'), { author: version?.created_by_name });
        })
        .catch((e: Error & { author?: string }) => e.author ?? e.message);
      expect(author).toBe('系统（演示数据）');
    });
  });
}
