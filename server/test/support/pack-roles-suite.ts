// Roles are the pack's: policy staff change who does what through the draft API alone, and the server
// follows the pack in force. Here Tianjin's return visit goes to the dispatchers, who may then see the
// caller of a ticket they hold or held a task of (withTask), and nowhere else; a role of the pack's
// own (值班长) is given to a person by the admin and opens the supervision board to them.
// Run on each engine by pack-roles.integration.test.ts (embedded) and pack-roles.zeebe.integration.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, FORM_DATA, type Json, type LifecycleWorld, complaint, inboxTask, waitFor } from './lifecycle';

const TJ = '/api/cities/tianjin';
const VERSIONS = `${TJ}/pack-versions`;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const LEAD = { key: 'hotlineLead', label: '值班长', scope: 'centre', pages: ['supervision'], revealCaller: 'scope' };

export function packRolesSuite(engine: string, start: () => Promise<LifecycleWorld>, options: { expectNoEngineErrors: boolean }): void {
  describe(`roles from the pack in force (Tianjin, ${engine})`, () => {
    let world: LifecycleWorld;

    beforeAll(async () => {
      world = await start();
    });
    afterAll(async () => {
      if (options.expectNoEngineErrors) expect(world.engineErrors).toEqual([]);
      await world?.close();
    });

    const as = async (username: string) => world.user(username);
    async function edit(draft: number, path: string, change: (text: string) => string): Promise<void> {
      const policy = await as('tj.policy');
      const file = await policy.get(`${VERSIONS}/${draft}/files/${path}`);
      expect(file.statusCode).toBe(200);
      const put = await policy.put(`${VERSIONS}/${draft}/files/${path}`, { text: change(file.body.text as string) });
      expect(put.statusCode, JSON.stringify(put.body)).toBe(200);
    }
    const organisation = async (users: object[]) => (await as('tj.admin')).post(`${TJ}/organisation`, { users });
    /** A role that reveals callers waits for a security administrator (三员分立): tj.security approves this person's. */
    async function approveGrants(username: string): Promise<void> {
      const security = await as('tj.security');
      const waiting = ((await security.get(`${TJ}/role-grants`)).body.requests as Array<{ id: number; username: string }>).filter((r) => r.username === username);
      expect(waiting.length).toBeGreaterThan(0);
      for (const request of waiting) expect((await security.post(`${TJ}/role-grants/${request.id}/approve`, {})).statusCode).toBe(200);
    }

    it('refuses a role the pack in force does not declare, naming the row', async () => {
      const refused = await organisation([{ username: 'tj.lead', name: '值班长甲', unit: 'centre', roles: ['hotlineLead'], password: DEMO_PASSWORD }]);
      expect(refused.statusCode).toBe(422);
      expect(refused.body.error.issues).toEqual([{ where: 'body users[0], roles', message: expect.stringContaining('"hotlineLead" is not a role of the city\'s pack') }]);
    });

    it('publishes a draft, edited through the API only, that gives the return visit to the dispatchers and adds a 值班长 role', async () => {
      const policy = await as('tj.policy');
      const created = await policy.post(`${VERSIONS}/1/drafts`);
      expect(created.statusCode).toBe(201);
      const draft = created.body.number as number;
      const visitTask = /(<bpmn:userTask id="returnVisit"[\s\S]*?candidateGroups=")returnVisit(")/;
      await edit(draft, 'processes/ticket.bpmn', (xml) => {
        expect(xml).toMatch(visitTask);
        return xml.replace(visitTask, '$1dispatcher$2');
      });
      await edit(draft, 'city.json', (text) => {
        const city = JSON.parse(text) as Json;
        city.roles.find((r: Json) => r.key === 'dispatcher').revealCaller = 'withTask';
        city.roles.push(LEAD);
        return `${JSON.stringify(city, null, 2)}\n`;
      });
      const published = await policy.post(`${VERSIONS}/${draft}/publish`, { effectiveFrom: today() });
      expect(published.statusCode, JSON.stringify(published.body)).toBe(200);
    });

    it('offers the return visit to the dispatchers; a dispatcher sees the caller once they hold the task, and every reveal is logged', async () => {
      // a second dispatcher, who never touches the ticket before the return visit
      expect((await organisation([{ username: 'tj.dispatcher2', name: '派单员二', unit: 'centre', roles: ['dispatcher'], password: DEMO_PASSWORD }])).statusCode).toBe(200);
      await world.changeInitialPassword('tj.dispatcher2');
      await approveGrants('tj.dispatcher2'); // the dispatcher's role reveals callers now
      const registrar = await as('tj.registrar');
      const dispatcher = await as('tj.dispatcher');
      const dispatcher2 = await as('tj.dispatcher2');
      const handler = await as('tj.handler');
      const registered = await registrar.post(`${TJ}/tickets`, complaint());
      expect(registered.statusCode).toBe(201);
      const number = registered.body.number as string;
      expect(registered.body.packVersion).toBe(2);
      const done = async (caller: typeof dispatcher, form: string, data: object) => {
        const task = await inboxTask(caller, 'tianjin', number, form);
        const completed = await caller.post(`${TJ}/tasks/${task.id}/complete`, { data, requestId: `${caller.username}-${task.id}` });
        expect(completed.statusCode, JSON.stringify(completed.body)).toBe(200);
      };
      await done(dispatcher, 'dispatch', FORM_DATA.dispatch);
      await done(handler, 'accept', FORM_DATA.accept);
      await done(handler, 'reply', FORM_DATA.reply);

      const visit = await inboxTask(dispatcher2, 'tianjin', number, 'returnVisit');
      expect(visit.candidateGroups).toEqual(['dispatcher']);
      expect(visit.unit).toBeNull();
      // the return-visit staff no longer get it
      expect((await (await as('tj.returnvisit')).get(`${TJ}/tasks?q=${number}&form=returnVisit`)).body.items).toEqual([]);

      // before they hold a task of this ticket: masked, and the reveal refused in words a person reads
      const ticket = `${TJ}/tickets/${number}`;
      expect((await dispatcher2.get(ticket)).body.caller.revealable).toBe(false);
      const refused = await dispatcher2.post(`${ticket}/caller-reveals`, { reason: '回访前核实' });
      expect(refused.statusCode).toBe(403);
      expect(refused.body.error.message).toBe(`无权查看工单 ${number} 的诉求人信息：派单只能查看自己办理过的工单的诉求人信息`);

      // holding the return visit, they may: the ticket says so, and the reveal gives the number
      expect((await dispatcher2.post(`${TJ}/tasks/${visit.id}/claim`)).statusCode).toBe(200);
      const detail = await dispatcher2.get(`${TJ}/tasks/${visit.id}`);
      expect(detail.body.ticket.caller).toMatchObject({ phone: '138****5678', revealable: true });
      expect((await dispatcher2.get(ticket)).body.caller.revealable).toBe(true);
      const revealed = await dispatcher2.post(`${ticket}/caller-reveals`, { reason: '回访联系诉求人' });
      expect(revealed.statusCode).toBe(200);
      expect(revealed.body).toEqual({ name: '张三丰', phone: '13812345678' });
      const [event] = await world.knex('audit_events').where({ action: 'ticket.callerRevealed', subject_id: number });
      expect(event).toMatchObject({ actor: 'tj.dispatcher2', details: { reason: '回访联系诉求人', fields: ['name', 'phone'] } });

      // the first dispatcher completed the dispatch task of this ticket: they held one too
      expect((await dispatcher.get(ticket)).body.caller.revealable).toBe(true);
      await done(dispatcher2, 'returnVisit', FORM_DATA.returnVisit);
      await waitFor('the ticket to close', async () => (await registrar.get(ticket)).body.status === 'closed');
      // held: still theirs to reveal after the task is done
      expect((await dispatcher2.post(`${ticket}/caller-reveals`, { reason: '复核回访记录' })).statusCode).toBe(200);

      // a ticket no dispatcher has worked on yet stays closed to them
      const other = (await registrar.post(`${TJ}/tickets`, complaint({ content: '另一件诉求：噪音扰民' }))).body.number as string;
      expect((await dispatcher.get(`${TJ}/tickets/${other}`)).body.caller.revealable).toBe(false);
      expect((await dispatcher.post(`${TJ}/tickets/${other}/caller-reveals`, { reason: '试图查看' })).statusCode).toBe(403);
      expect(await world.knex('audit_events').where({ action: 'ticket.callerRevealed', subject_id: other }).first()).toBeUndefined();
    });

    it('lets the admin give the new 值班长 role, which opens the supervision board and nothing the role does not give', async () => {
      expect((await organisation([{ username: 'tj.lead', name: '值班长甲', unit: 'centre', roles: ['registrar'], password: DEMO_PASSWORD }])).statusCode).toBe(200);
      await world.changeInitialPassword('tj.lead');
      const admin = await as('tj.admin');
      const unknown = await admin.put(`${TJ}/users/tj.lead/roles`, { roles: ['hotlineLead', 'shiftBoss'] });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.body.error.issues).toEqual([{ where: 'roles', message: expect.stringContaining('"shiftBoss" is not a role of the city\'s pack') }]);
      const misplaced = await admin.put(`${TJ}/users/tj.handler/roles`, { roles: ['hotlineLead'] });
      expect(misplaced.body.error.issues).toEqual([{ where: 'roles', message: 'hotlineLead (值班长) works at the hotline centre, but unit "heping.quanyechang" is a street' }]);
      const given = await admin.put(`${TJ}/users/tj.lead/roles`, { roles: ['hotlineLead'] });
      expect(given.statusCode, JSON.stringify(given.body)).toBe(200);
      expect(given.body.pendingRoles).toEqual(['hotlineLead']);
      await approveGrants('tj.lead');

      const lead = await as('tj.lead');
      const me = await lead.get('/api/me');
      expect(me.body.user).toMatchObject({ roles: ['hotlineLead'], pages: ['supervision'], scope: 'centre', roleLabels: { hotlineLead: '值班长' } });
      expect((await lead.get(`${TJ}/supervision`)).statusCode).toBe(200);
      expect((await lead.get(`${TJ}/tickets`)).statusCode).toBe(200);
      const register = await lead.post(`${TJ}/tickets`, complaint());
      expect(register.statusCode).toBe(403);
      expect(register.body.error.message).toMatch(/page "register"/);
    });
  });
}
