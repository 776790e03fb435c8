// Policy staff change a city's pack through the API: a draft from a version, its files written and
// deleted (drafts only), publication with the whole pack checked (rules, forms, process lint) and the
// processes deployed on the engine in use, the audit trail, the diff between versions, the pack as an
// archive and back, and the change reaching tickets: a new ticket takes the version in force at its
// registration, a running one keeps its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mattersXlsx } from '@hotline/cities';
import { readArchive } from '../src/modules/packs/pack-archive';
import { spokenInstant as spoken } from '../src/modules/workflow/timeline';
import { FORM_DATA, type LifecycleWorld, complaint, inboxTask, lifecycleWorld, waitFor } from './support/lifecycle';

const TJ = '/api/cities/tianjin';
const VERSIONS = `${TJ}/pack-versions`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('publishing a pack from a draft (embedded engine)', () => {
  let world: LifecycleWorld;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    world = await lifecycleWorld({ kind: 'embedded' }, ['tianjin', 'hangzhou']);
  });
  afterAll(async () => {
    expect(world.engineErrors).toEqual([]);
    await world.close();
  });

  async function call(username: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    let token = tokens.get(username);
    if (!token) {
      const login = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'hotline-demo' } });
      token = login.json().token as string;
      tokens.set(username, token);
    }
    return world.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
  }
  const policy = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => call('tj.policy', method, url, payload);

  async function newDraft(from: number): Promise<number> {
    const response = await policy('POST', `${VERSIONS}/${from}/drafts`);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().number as number;
  }
  async function fileOf(version: number, path: string): Promise<string> {
    const response = await policy('GET', `${VERSIONS}/${version}/files/${path}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().text as string;
  }
  async function editJson(version: number, path: string, edit: (value: Json) => void): Promise<void> {
    const value = JSON.parse(await fileOf(version, path)) as Json;
    edit(value);
    const response = await policy('PUT', `${VERSIONS}/${version}/files/${path}`, { text: `${JSON.stringify(value, null, 2)}\n` });
    expect(response.statusCode, response.body).toBe(200);
  }
  const generalHandling = (version: Json) => version.deadlines.find((r: Json) => r.stage === 'handle' && !r.types && !r.urgencies);
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  it('creates a draft as a copy, writes and deletes its files, and never touches a validated or published version', async () => {
    const draft = await policy('POST', `${VERSIONS}/1/drafts`);
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({ cityId: 'tianjin', number: 2, status: 'draft', source: 'draft from 1', createdBy: 'tj.policy', effectiveFrom: null });
    const one = (await policy('GET', `${VERSIONS}/1`)).json();
    const two = (await policy('GET', `${VERSIONS}/2`)).json();
    expect(two.files).toEqual(one.files);
    expect(two.version.contentHash).toBe(one.version.contentHash);

    expect((await policy('GET', `${VERSIONS}/2/files/versions/2025.json`)).json().text).toBe(one.files.find((f: Json) => f.path === 'versions/2025.json').text);
    expect((await policy('GET', `${VERSIONS}/2/files/forms/nothing.json`)).statusCode).toBe(404);
    const created = await policy('PUT', `${VERSIONS}/2/files/notes/%E8%AF%B4%E6%98%8E.txt`, { text: '草稿说明' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ path: 'notes/说明.txt', text: '草稿说明' });
    expect((await policy('PUT', `${VERSIONS}/2/files/notes/%E8%AF%B4%E6%98%8E.txt`, { text: '草稿说明（改）' })).statusCode).toBe(200);
    expect((await policy('GET', `${VERSIONS}/2`)).json().version.contentHash).not.toBe(one.version.contentHash);
    expect((await policy('DELETE', `${VERSIONS}/2/files/notes/%E8%AF%B4%E6%98%8E.txt`)).statusCode).toBe(204);
    expect((await policy('DELETE', `${VERSIONS}/2/files/notes/%E8%AF%B4%E6%98%8E.txt`)).statusCode).toBe(404);
    expect((await policy('GET', `${VERSIONS}/2`)).json().version.contentHash).toBe(one.version.contentHash);

    for (const bad of ['..%2Fescape.json', 'a%5Cb.json', 'a//b.json']) {
      const refused = await policy('PUT', `${VERSIONS}/2/files/${bad}`, { text: '{}' });
      expect(refused.statusCode, bad).toBe(422);
      expect(refused.json().error.code).toBe('PACK_PATH_INVALID');
    }
    const frozen = await policy('PUT', `${VERSIONS}/1/files/city.json`, { text: '{}' });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error).toMatchObject({ code: 'PACK_NOT_DRAFT', message: expect.stringContaining('tianjin/1 is published') });
    expect((await policy('DELETE', `${VERSIONS}/1/files/city.json`)).statusCode).toBe(409);

    expect((await call('tj.registrar', 'PUT', `${VERSIONS}/2/files/city.json`, { text: '{}' })).statusCode).toBe(403);
    expect((await call('tj.registrar', 'POST', `${VERSIONS}/1/drafts`)).statusCode).toBe(403);
    expect((await call('hz.policy', 'PUT', `${VERSIONS}/2/files/city.json`, { text: '{}' })).statusCode).toBe(404);
    expect((await call('hz.policy', 'GET', `${VERSIONS}/2/files/city.json`)).statusCode).toBe(404);
    const trail = await world.knex('audit_events').where({ city_id: 'tianjin', subject_id: 'tianjin/2' }).orderBy('id').pluck('action');
    expect(trail).toEqual(['pack.draftCreated', 'pack.fileWritten', 'pack.fileWritten', 'pack.fileDeleted']);
  });

  it('refuses to publish a draft with a timer that reads no deadline, or a rating scale with no rework level, saying why; nothing is published', async () => {
    const draft = await newDraft(1);
    const xml = await fileOf(draft, 'processes/ticket.bpmn');
    expect(xml).toContain('=watchNextAt');
    await policy('PUT', `${VERSIONS}/${draft}/files/processes/ticket.bpmn`, { text: xml.replace('<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=watchNextAt</bpmn:timeDate>', '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P7D</bpmn:timeDuration>') });
    const timer = await policy('POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
    expect(timer.statusCode).toBe(422);
    expect(timer.json().error.code).toBe('PACK_INVALID');
    expect(timer.json().error.issues).toContainEqual({ where: 'processes/ticket.bpmn#watchTimer', message: expect.stringContaining('TIMER_NOT_DEADLINE') });

    await policy('PUT', `${VERSIONS}/${draft}/files/processes/ticket.bpmn`, { text: xml });
    await editJson(draft, 'versions/2025.json', (v) => {
      for (const level of v.rating.levels) level.triggersRework = false;
    });
    const rating = await policy('POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
    expect(rating.statusCode).toBe(422);
    expect(rating.json().error.issues).toContainEqual({ where: 'versions/2025.json at /rating/levels', message: expect.stringContaining('no level triggers rework'), messageZh: expect.stringContaining('没有任何等级会触发重办') });

    const after = (await policy('GET', `${VERSIONS}/${draft}`)).json().version;
    expect(after).toMatchObject({ status: 'draft', effectiveFrom: null });
    expect(Number((await world.knex('audit_events').where({ action: 'pack.published', subject_id: `tianjin/${draft}` }).count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('refuses a process the engine in use cannot run with the engine’s reason; once fixed, the same draft publishes', async () => {
    const draft = await newDraft(1);
    const xml = await fileOf(draft, 'processes/ticket.bpmn');
    // the modeler's lint accepts a diverging inclusive gateway (Zeebe 8.5 runs it); the embedded engine's BPMN subset does not
    const inclusive = xml.replace(/<bpmn:exclusiveGateway id="gwClassify"([^>]*)>([\s\S]*?)<\/bpmn:exclusiveGateway>/, '<bpmn:inclusiveGateway id="gwClassify"$1>$2</bpmn:inclusiveGateway>');
    expect(inclusive).not.toBe(xml);
    await policy('PUT', `${VERSIONS}/${draft}/files/processes/ticket.bpmn`, { text: inclusive });
    const refused = await policy('POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe('PROCESS_REJECTED');
    expect(refused.json().error.issues).toContainEqual({ where: 'processes/ticket.bpmn#gwClassify', message: expect.stringContaining('inclusiveGateway') });
    expect((await policy('GET', `${VERSIONS}/${draft}`)).json().version.status).toBe('draft');

    await policy('PUT', `${VERSIONS}/${draft}/files/processes/ticket.bpmn`, { text: xml });
    const published = await policy('POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
    expect(
      published.statusCode,
      `the fixed draft must deploy its new XML; if the engine refuses the old one again, the workflow module's PackCatalog still serves the entry it cached for this draft before the refusal (Deployments.deploy must forget it when the engine refuses): ${published.body}`,
    ).toBe(200);
  });

  it('publishes a draft that shortens general handling from 7 to 5 working days: deployed, audited; a new ticket takes 5 days, one registered before keeps 7', async () => {
    const registrar = await world.user('tj.registrar');
    const before = await registrar.post(`${TJ}/tickets`, complaint());
    expect(before.statusCode, JSON.stringify(before.body)).toBe(201);
    // the version in force: 1, or the copy of it the test before published once its process was fixed
    const inForce = (await world.knex('pack_versions').where({ city_id: 'tianjin', status: 'published' }).orderBy([{ column: 'effective_from', order: 'desc' }, { column: 'number', order: 'desc' }]).first('number')).number;
    expect(before.body.packVersion).toBe(inForce);

    const draft = await newDraft(1);
    await editJson(draft, 'versions/2025.json', (v) => {
      const rule = generalHandling(v);
      expect(rule.period).toEqual({ amount: 7, unit: 'workingDay' });
      rule.period.amount = 5;
    });
    const published = await policy('POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
    expect(published.statusCode, published.body).toBe(200);
    const body = published.json();
    expect(body).toMatchObject({ number: draft, status: 'published', effectiveFrom: today(), publishedBy: 'tj.policy' });
    // the ticket's process and the pack's subject processes (knowledge entry review and update, assessment appeal), deployed together
    expect(body.deployment).toEqual({
      deployed: true,
      engine: 'embedded',
      processes: [
        { resource: 'processes/assessment-appeal.bpmn', bpmnProcessId: 'assessment-appeal-tianjin', version: expect.any(Number) },
        { resource: 'processes/knowledge-entry.bpmn', bpmnProcessId: 'knowledge-entry-tianjin', version: expect.any(Number) },
        { resource: 'processes/knowledge-update.bpmn', bpmnProcessId: 'knowledge-update-tianjin', version: expect.any(Number) },
        { resource: 'processes/ticket.bpmn', bpmnProcessId: 'ticket-tianjin', version: expect.any(Number) },
      ],
    });
    expect(body.deadlines).toMatchObject({ packVersion: draft, recomputed: [] });
    const event = await world.knex('audit_events').where({ action: 'pack.published', subject_id: `tianjin/${draft}` }).first();
    expect(event).toMatchObject({ actor: 'tj.policy', details: { number: draft, effectiveFrom: today(), from: 'draft', source: 'draft from 1', deployment: { engine: 'embedded' } } });
    expect((await policy('PUT', `${VERSIONS}/${draft}/files/city.json`, { text: '{}' })).statusCode).toBe(409);
    expect((await policy('POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today() })).statusCode).toBe(409);

    const after = await registrar.post(`${TJ}/tickets`, complaint());
    expect(after.statusCode).toBe(201);
    expect(after.body.packVersion).toBe(draft);

    const periods: Record<string, number> = {};
    for (const number of [before.body.number as string, after.body.number as string]) {
      const dispatcher = await world.user('tj.dispatcher');
      const handler = await world.user('tj.handler');
      const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
      expect((await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: `d-${number}` })).statusCode).toBe(200);
      const accept = await inboxTask(handler, 'tianjin', number, 'accept');
      expect((await handler.post(`${TJ}/tasks/${accept.id}/complete`, { data: FORM_DATA.accept, requestId: `a-${number}` })).statusCode).toBe(200);
      const reply = await inboxTask(handler, 'tianjin', number, 'reply');
      expect(reply.dueAt).not.toBeNull();
      const handle = await waitFor(`the handling deadline of ${number}`, async () => {
        const items = (await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Json[];
        return items.find((e) => e.kind === 'deadlineSet' && e.data.stage === 'handle');
      });
      expect(handle.data.due).toBe(reply.dueAt);
      periods[number] = handle.data.period.amount;
    }
    expect(periods).toEqual({ [before.body.number]: 7, [after.body.number]: 5 });
  });

  it('diffs two versions: the deadline table, other JSON paths, process elements and forms', async () => {
    const draft = await newDraft(1);
    await editJson(draft, 'versions/2025.json', (v) => {
      generalHandling(v).period.amount = 5;
      v.redirectCategories.push({ key: 'noDemand', label: '无具体诉求', action: 'explain', script: '请说明具体诉求。', source: 'tianjin-hotline-measures-2024.txt §13' });
    });
    const xml = await fileOf(draft, 'processes/ticket.bpmn');
    await policy('PUT', `${VERSIONS}/${draft}/files/processes/ticket.bpmn`, { text: xml.replace('name="派单 Dispatch"', 'name="派单"') });
    await editJson(draft, 'forms/reply.json', (f) => {
      f.schema.title = '办理答复（新）';
    });
    const response = await policy('GET', `${TJ}/pack-diff?from=1&to=${draft}`);
    expect(response.statusCode, response.body).toBe(200);
    const diff = response.json();
    expect(diff.files).toEqual({ added: [], removed: [], changed: ['forms/reply.json', 'processes/ticket.bpmn', 'versions/2025.json'] });
    expect(diff.rules.deadlines.changes).toContainEqual({
      ruleVersion: '2025',
      stage: 'handle',
      type: 'complaint',
      urgency: 'general',
      from: expect.objectContaining({ kind: 'period', amount: 7, unit: 'workingDay' }),
      to: expect.objectContaining({ kind: 'period', amount: 5, unit: 'workingDay' }),
    });
    expect(diff.rules.deadlines.changes.every((c: Json) => c.stage === 'handle' && c.urgency === 'general')).toBe(true);
    expect(diff.rules.changes).toContainEqual(expect.objectContaining({ file: 'versions/2025.json', path: expect.stringMatching(/^\/redirectCategories\/\d+$/), change: 'added', to: expect.objectContaining({ key: 'noDemand' }) }));
    expect(diff.processes).toEqual([{ file: 'processes/ticket.bpmn', status: 'changed', added: [], removed: [], changed: [{ id: 'dispatch', type: 'bpmn:UserTask', name: '派单', properties: ['name'] }] }]);
    expect(diff.forms).toEqual([{ file: 'forms/reply.json', status: 'changed', changes: [{ path: '/schema/title', change: 'changed', from: '办理结果反馈', to: '办理答复（新）' }] }]);
    expect((await call('hz.policy', 'GET', `${TJ}/pack-diff?from=1&to=${draft}`)).statusCode).toBe(404);
  });

  it('reads a matter taxonomy table (xlsx or CSV) for the modeler, naming the row and column of every bad cell', async () => {
    const exported = await mattersXlsx({ matters: [{ code: '01', label: '城乡建设', children: [{ code: '0101', label: '市容环境', children: [{ code: '010101', label: '占道经营', functional: true }] }] }] });
    const read = await call('tj.policy', 'POST', `${TJ}/matter-table`, exported, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({
      matters: [{ code: '01', label: '城乡建设', children: [{ code: '0101', label: '市容环境', children: [{ code: '010101', label: '占道经营', functional: true }] }] }],
      classes: 3,
      leaves: 1,
    });
    const csv = '编码,名称,上级编码\n01,城乡建设,\n0101,市容环境,01\n0201,食品安全,02\n';
    const bad = await call('tj.policy', 'POST', `${TJ}/matter-table`, csv, { 'content-type': 'text/csv' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.issues).toEqual([expect.objectContaining({ where: expect.stringMatching(/^第 4 行 /), messageZh: expect.stringContaining('02') })]);
    expect((await call('tj.registrar', 'POST', `${TJ}/matter-table`, csv, { 'content-type': 'text/csv' })).statusCode).toBe(403);
    expect((await call('tj.policy', 'POST', `${TJ}/matter-table`, 'x', { 'content-type': 'application/zip' })).statusCode).toBe(422);
  });

  it('exports a version as .tar.gz and .zip; each uploads back as a draft with the same files', async () => {
    const original = (await policy('GET', `${VERSIONS}/1`)).json().files as Json[];
    for (const format of ['tar.gz', 'zip'] as const) {
      const archive = await policy('GET', `${VERSIONS}/1/archive?format=${format}`);
      expect(archive.statusCode).toBe(200);
      expect(archive.headers['content-disposition']).toBe(`attachment; filename="tianjin-v1.${format}"`);
      expect(readArchive(archive.rawPayload)).toEqual(original);
      const uploaded = await call('tj.policy', 'POST', `${TJ}/pack-drafts/archive?source=tianjin-v1.${format}`, archive.rawPayload, { 'content-type': format === 'zip' ? 'application/zip' : 'application/gzip' });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      expect(uploaded.json()).toMatchObject({ status: 'draft', source: `uploaded tianjin-v1.${format}` });
      expect((await policy('GET', `${VERSIONS}/${uploaded.json().number}`)).json().files).toEqual(original);
    }
    const hangzhou = await call('hz.policy', 'GET', '/api/cities/hangzhou/pack-versions/1/archive?format=zip');
    const other = await call('tj.policy', 'POST', `${TJ}/pack-drafts/archive`, hangzhou.rawPayload, { 'content-type': 'application/zip' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({ code: 'PACK_OTHER_CITY', issues: [{ where: 'city.json at /id' }] });
    const junk = await call('tj.policy', 'POST', `${TJ}/pack-drafts/archive`, Buffer.from('not an archive'), { 'content-type': 'application/octet-stream' });
    expect(junk.statusCode).toBe(422);
    expect(junk.json().error.code).toBe('PACK_ARCHIVE_INVALID');
    const folder = await policy('POST', `${TJ}/pack-drafts?source=tianjin`, { files: original });
    expect(folder.statusCode).toBe(201);
  });

  it('shows a redirect category added by policy staff in the classify form the server resolves for a new ticket', async () => {
    const draft = await newDraft(1);
    await editJson(draft, 'versions/2025.json', (v) => {
      v.redirectCategories.push({ key: 'noDemand', label: '无具体诉求或无法核实的事项', action: 'explain', script: '您反映的事项没有具体诉求，请补充后再来电。', source: 'tianjin-hotline-measures-2024.txt §13' });
    });
    const published = await policy('POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
    expect(published.statusCode, published.body).toBe(200);
    const registrar = await world.user('tj.registrar');
    const { classify: _classify, ...unclassified } = complaint();
    const ticket = await registrar.post(`${TJ}/tickets`, unclassified);
    expect(ticket.statusCode, JSON.stringify(ticket.body)).toBe(201);
    const task = await inboxTask(registrar, 'tianjin', ticket.body.number, 'classify');
    const form = (await registrar.get(`${TJ}/tasks/${task.id}`)).body.form;
    expect(JSON.stringify(form.schema)).toContain('无具体诉求或无法核实的事项');
  });

  // Last: it moves the engine's clock days ahead.
  it('puts a 75 % handling warning policy staff add in a draft on the supervision board, under the trigger label they gave it, filterable by trigger', async () => {
    const source = 'tianjin-hotline-measures-2024.txt §22';
    const draft = await newDraft(1);
    await editJson(draft, 'versions/2025.json', (v) => {
      v.supervisionTriggers.push({ key: 'handleWarning', label: '办理预警', source });
      v.warnings = [...(v.warnings ?? []), { key: 'handleThreeQuarters', stage: 'handle', fraction: 0.75, label: '办理时限已过四分之三', trigger: 'handleWarning', source }];
    });
    const published = await policy('POST', `${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
    expect(published.statusCode, published.body).toBe(200);

    const registrar = await world.user('tj.registrar');
    const dispatcher = await world.user('tj.dispatcher');
    const handler = await world.user('tj.handler');
    const supervisor = await world.user('tj.supervisor');
    const admin = await world.user('tj.admin');
    const number = (await registrar.post(`${TJ}/tickets`, complaint())).body.number as string;
    const dispatch = await inboxTask(dispatcher, 'tianjin', number, 'dispatch');
    expect((await dispatcher.post(`${TJ}/tasks/${dispatch.id}/complete`, { data: FORM_DATA.dispatch, requestId: `d-${number}` })).statusCode).toBe(200);
    const accept = await inboxTask(handler, 'tianjin', number, 'accept');
    expect((await handler.post(`${TJ}/tasks/${accept.id}/complete`, { data: FORM_DATA.accept, requestId: `a-${number}` })).statusCode).toBe(200);
    const reply = await inboxTask(handler, 'tianjin', number, 'reply');
    const handle = await waitFor('the handling deadline with its warning', async () => {
      const items = (await dispatcher.get(`${TJ}/tickets/${number}/timeline`)).body.items as Json[];
      return items.find((e) => e.kind === 'deadlineSet' && e.data.stage === 'handle');
    });
    expect(handle.data.due).toBe(reply.dueAt);
    expect(handle.data.warnings).toEqual([{ key: 'handleThreeQuarters', at: expect.any(String) }]);
    const warnAt = handle.data.warnings[0].at as string;
    expect(Date.parse(warnAt)).toBeLessThan(Date.parse(reply.dueAt!));

    const now = (await admin.get('/api/engine/clock')).body.now as string;
    expect((await admin.post('/api/engine/clock', { advanceMs: Date.parse(warnAt) - Date.parse(now) })).statusCode).toBe(200);
    const entry = await waitFor('the warning on the board', async () => {
      const board = (await supervisor.get(`${TJ}/supervision?kind=supervised&trigger=handleWarning`)).body;
      return board.items.find((i: Json) => i.ticket.number === number);
    });
    expect(entry.reason).toMatchObject({ kind: 'supervised', trigger: 'handleWarning', label: '办理预警', stage: 'handle', due: reply.dueAt });
    // the engine clock runs on after the move: recorded at the warning's instant, give or take the job's run
    expect(Date.parse(entry.reason.at) - Date.parse(warnAt)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(entry.reason.at) - Date.parse(warnAt)).toBeLessThan(60_000);
    // a warning, not overdue; another trigger's filter does not show it
    expect((await supervisor.get(`${TJ}/supervision?kind=overdue`)).body.items.some((i: Json) => i.ticket.number === number)).toBe(false);
    expect((await supervisor.get(`${TJ}/supervision?kind=supervised&trigger=overdue`)).body.items.some((i: Json) => i.ticket.number === number)).toBe(false);
    expect((await supervisor.get(`${TJ}/supervision?kind=overdue&trigger=handleWarning`)).statusCode).toBe(400);
    const triggers = (await supervisor.get(`${TJ}/supervision/triggers`)).body.items as Json[];
    expect(triggers).toContainEqual({ key: 'handleWarning', label: '办理预警', source });
    expect(triggers.map((t) => t.key)).toContain('overdue');
    const timeline = (await supervisor.get(`${TJ}/tickets/${number}/timeline`)).body.items as Json[];
    expect(timeline.map((e) => e.summary)).toContain(`预警：办理时限已过四分之三（办理时限 ${spoken(reply.dueAt!)}）`);
   }, 120_000);
});
