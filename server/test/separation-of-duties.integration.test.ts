// 三员分立: system, security and audit administrators apart. Nobody changes their own roles; a role that
// sees personal data waits for a second person holding security; the auditor reads the trail and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../src/modules/auth/actor';
import { readOrganisationJson } from '../src/modules/organisations/organisation-file';
import { importOrganisation } from '../src/modules/organisations/organisations.service';
import { PASSWORD, type World, as, count, login, twoCities } from './support/world';

const ALPHA = '/api/cities/alpha';

describe('separation of duties (三员分立)', () => {
  let world: World;
  const tokens = new Map<string, string>();
  const call = (user: string) => as(world.app, tokens.get(user)!);
  const rolesOf = async (username: string) =>
    world.knex('user_roles as r').join('users as u', 'u.id', 'r.user_id').where('u.username', username).orderBy('r.role').pluck('r.role');
  const pending = async () => (await call('a.security').get(`${ALPHA}/role-grants`)).json().requests as Array<{ id: number; username: string; role: string; requestedByName: string }>;

  beforeAll(async () => {
    world = await twoCities();
    // the security and audit administrators, a second one of each, and one who holds admin and security at once
    const extra = readOrganisationJson(
      {
        users: [
          { username: 'a.security', name: '安全管理员', unit: 'centre', roles: ['security'], password: PASSWORD },
          { username: 'a.security2', name: '安全管理员二', unit: 'centre', roles: ['security'], password: PASSWORD },
          { username: 'a.auditor', name: '审计管理员', unit: 'centre', roles: ['auditor'], password: PASSWORD },
          { username: 'a.admin2', name: '系统管理员二', unit: 'centre', roles: ['admin'], password: PASSWORD },
          { username: 'a.both', name: '兼任', unit: 'centre', roles: ['admin', 'security'], password: PASSWORD },
        ],
      },
      'extra.json',
    );
    if (!extra.ok) throw new Error(JSON.stringify(extra.issues));
    await importOrganisation(world.knex, 'alpha', extra.input, CLI, { demoAccounts: true }); // test people with a known password, like the world's
    for (const who of ['admin', 'admin2', 'both', 'security', 'security2', 'auditor', 'dispatcher', 'reviewer', 'registrar', 'supervisor']) {
      tokens.set(`a.${who}`, await login(world.app, `a.${who}`));
    }
  });
  afterAll(() => world.close());

  it('refuses anyone changing their own roles, by the roles route, a grant request or an import (403, in Chinese)', async () => {
    const own = await call('a.admin').put(`${ALPHA}/users/a.admin/roles`, { roles: ['admin', 'dispatcher'] });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toBe('不能修改自己的角色：角色须由另一位管理员调整（三员分立）');
    expect((await call('a.admin').post(`${ALPHA}/role-grants`, { username: 'a.admin', role: 'registrar' })).statusCode).toBe(403);
    const imported = await call('a.admin').post(`${ALPHA}/organisation`, { users: [{ username: 'a.admin', name: 'a admin', unit: 'centre', roles: ['admin', 'supervisor'] }] });
    expect(imported.statusCode).toBe(403);
    expect(await rolesOf('a.admin')).toEqual(['admin']);
    // another administrator may (a role without personal data applies at once)
    const byOther = await call('a.admin2').put(`${ALPHA}/users/a.admin/roles`, { roles: ['admin', 'reviewer'] });
    expect(byOther.json()).toMatchObject({ roles: ['admin', 'reviewer'], pendingRoles: [] });
    expect(await rolesOf('a.admin')).toEqual(['admin', 'reviewer']);
  });

  it('keeps a role that sees personal data pending until a second security administrator approves it', async () => {
    const asked = await call('a.admin').put(`${ALPHA}/users/a.dispatcher/roles`, { roles: ['dispatcher', 'registrar'] });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ roles: ['dispatcher'], pendingRoles: ['registrar'] });
    expect(await rolesOf('a.dispatcher')).toEqual(['dispatcher']);
    // not in force: the dispatcher still cannot reveal a caller
    const ticket = (await call('a.registrar').post(`${ALPHA}/tickets`, { type: 'consult', content: '诉求', caller: { name: '王五', phone: '13700001111' } })).json().number;
    expect((await call('a.dispatcher').post(`${ALPHA}/tickets/${ticket}/caller-reveals`, { reason: '回拨核实' })).statusCode).toBe(403);

    const [request] = (await pending()).filter((r) => r.username === 'a.dispatcher');
    expect(request).toMatchObject({ role: 'registrar', requestedByName: 'a.admin', status: 'pending' });
    expect(await count(world.knex, 'audit_events', { action: 'roleGrant.requested', subject_id: 'a.dispatcher', actor: 'a.admin' })).toBe(1);
    // the same request again joins the waiting one
    await call('a.admin2').put(`${ALPHA}/users/a.dispatcher/roles`, { roles: ['dispatcher', 'registrar'] });
    expect((await pending()).filter((r) => r.username === 'a.dispatcher')).toHaveLength(1);

    const approved = await call('a.security').post(`${ALPHA}/role-grants/${request!.id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedByName: 'a.security' });
    expect(await rolesOf('a.dispatcher')).toEqual(['dispatcher', 'registrar']);
    const [event] = await world.knex('audit_events').where({ action: 'roleGrant.approved', subject_id: 'a.dispatcher' });
    expect(event).toMatchObject({ actor: 'a.security', details: { role: 'registrar', requestedBy: 'a.admin', from: ['dispatcher'], to: ['dispatcher', 'registrar'] } });
    // decided once
    expect((await call('a.security2').post(`${ALPHA}/role-grants/${request!.id}/approve`, {})).statusCode).toBe(409);
    // in force now: a fresh sign-in reveals
    const dispatcher = as(world.app, await login(world.app, 'a.dispatcher'));
    expect((await dispatcher.post(`${ALPHA}/tickets/${ticket}/caller-reveals`, { reasonCategory: 'callback', reason: '回拨核实诉求办理情况' })).statusCode).toBe(200);
  });

  it('refuses the requester or the grantee approving, and a rejection adds nothing', async () => {
    // one person holding admin and security asks: they cannot approve their own request
    expect((await call('a.both').post(`${ALPHA}/role-grants`, { username: 'a.reviewer', role: 'supervisor' })).json()).toEqual({ roles: ['reviewer'], pendingRoles: ['supervisor'] });
    const mine = (await pending()).find((r) => r.username === 'a.reviewer')!;
    const own = await call('a.both').post(`${ALPHA}/role-grants/${mine.id}/approve`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toContain('不能审批自己提出的授权申请');
    // the security and audit administrators' roles need approval too; the grantee cannot approve their own
    await call('a.admin').post(`${ALPHA}/role-grants`, { username: 'a.security', role: 'auditor' });
    const forSecurity = (await pending()).find((r) => r.username === 'a.security')!;
    const self = await call('a.security').post(`${ALPHA}/role-grants/${forSecurity.id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toContain('不能审批授予自己的角色');
    // only a security administrator decides: not the system administrator, not the auditor
    expect((await call('a.admin2').post(`${ALPHA}/role-grants/${mine.id}/approve`, {})).statusCode).toBe(403);
    expect((await call('a.auditor').post(`${ALPHA}/role-grants/${mine.id}/approve`, {})).statusCode).toBe(403);

    const rejected = await call('a.security2').post(`${ALPHA}/role-grants/${mine.id}/reject`, { note: '岗位不需要' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decidedByName: 'a.security2', note: '岗位不需要' });
    expect(await rolesOf('a.reviewer')).toEqual(['reviewer']);
    expect(await count(world.knex, 'audit_events', { action: 'roleGrant.rejected', subject_id: 'a.reviewer', actor: 'a.security2' })).toBe(1);
    // a role without personal data is granted at once
    expect((await call('a.admin').post(`${ALPHA}/role-grants`, { username: 'a.reviewer', role: 'dispatcher' })).json()).toEqual({ roles: ['dispatcher', 'reviewer'], pendingRoles: [] });
  });

  it('turns an import that gives a role with personal data into a request', async () => {
    const imported = await call('a.admin').post(`${ALPHA}/organisation`, {
      users: [
        { username: 'a.newcomer', name: '新人', unit: 'centre', roles: ['dispatcher', 'returnVisit'] },
        { username: 'a.supervisor', name: 'a supervisor', unit: 'centre', roles: ['supervisor', 'auditor'] },
      ],
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().pendingGrants).toEqual([
      { username: 'a.newcomer', role: 'returnVisit' },
      { username: 'a.supervisor', role: 'auditor' },
    ]);
    expect(await rolesOf('a.newcomer')).toEqual(['dispatcher']);
    expect(await rolesOf('a.supervisor')).toEqual(['supervisor']);
    // roles set again without the waiting one withdraw its request
    await call('a.admin').put(`${ALPHA}/users/a.newcomer/roles`, { roles: ['dispatcher', 'reviewer'] });
    const all = (await call('a.security').get(`${ALPHA}/role-grants?status=all`)).json().requests as Array<{ username: string; role: string; status: string }>;
    expect(all.filter((r) => r.username === 'a.newcomer')).toEqual([expect.objectContaining({ role: 'returnVisit', status: 'withdrawn' })]);
  });

  it('applies grants at once while a city has no security administrator yet (its first setup), audited', async () => {
    const admin = as(world.app, await login(world.app, 'b.admin'));
    const granted = await admin.put('/api/cities/beta/users/b.dispatcher/roles', { roles: ['dispatcher', 'registrar'] });
    expect(granted.json()).toMatchObject({ roles: ['dispatcher', 'registrar'], pendingRoles: [] });
    expect(await count(world.knex, 'audit_events', { action: 'user.rolesChanged', subject_id: 'b.dispatcher', actor: 'b.admin' })).toBe(1);
    // but never to oneself
    expect((await admin.put('/api/cities/beta/users/b.admin/roles', { roles: ['admin', 'security'] })).statusCode).toBe(403);
  });

  it('lets the auditor read the audit trail and change nothing', async () => {
    expect((await call('a.auditor').get(`${ALPHA}/audit-events`)).statusCode).toBe(200);
    const writes = [
      call('a.auditor').put(`${ALPHA}/users/a.reviewer/roles`, { roles: ['reviewer'] }),
      call('a.auditor').post(`${ALPHA}/organisation`, { units: [] }),
      call('a.auditor').post(`${ALPHA}/role-grants`, { username: 'a.reviewer', role: 'dispatcher' }),
      call('a.auditor').post(`${ALPHA}/tickets`, { type: 'consult', content: '诉求', caller: { name: '王五', phone: '13700001111' } }),
      call('a.auditor').post(`${ALPHA}/pack-drafts`, { files: [] }),
      call('a.auditor').post(`${ALPHA}/pack-versions/1/publish`, { effectiveFrom: '2030-01-01' }),
      call('a.auditor').get(`${ALPHA}/users`),
      call('a.auditor').get(`${ALPHA}/tickets`),
    ];
    for (const response of await Promise.all(writes)) expect(response.statusCode, response.body).toBe(403);
    // and no route that changes anything names the auditor among those it lets in
    const spec = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { description?: string }>> };
    const writesForAuditor = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method, op]) => method !== 'get' && /auditor/.test(op.description ?? ''))
        .map(([method]) => `${method} ${path}`),
    );
    expect(writesForAuditor).toEqual([]);
  });

  it('no longer lets the system administrator read the audit trail', async () => {
    // (a.admin holds reviewer now, whose supervision page reads the reveals; a.admin2 is admin only)
    const refused = await call('a.admin2').get(`${ALPHA}/audit-events`);
    expect(refused.statusCode).toBe(403);
    expect(await count(world.knex, 'audit_events', { action: 'access.denied', actor: 'a.admin2', subject_id: 'GET /api/cities/:city/audit-events' })).toBe(1);
    expect((await call('a.security').get(`${ALPHA}/audit-events`)).statusCode).toBe(200);
  });

  it('keeps the accounts of the security and audit administrators from the system administrator', async () => {
    // resetting their password would hand the system administrator their approvals
    const refused = await call('a.admin').post(`${ALPHA}/accounts/a.auditor/reset-password`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('安全管理员、审计管理员的账号只能由另一位安全管理员处理（三员分立）');
    expect((await call('a.admin').post(`${ALPHA}/accounts/a.security2/disable`, {})).statusCode).toBe(403);
    const reset = await call('a.security').post(`${ALPHA}/accounts/a.auditor/reset-password`, {});
    expect(reset.statusCode).toBe(200);
    expect(reset.json().temporaryPassword).toEqual(expect.any(String));
    // and ordinary accounts stay the system administrator's
    expect((await call('a.security').post(`${ALPHA}/accounts/a.dispatcher/end-sessions`, {})).statusCode).toBe(403);
    expect((await call('a.admin').post(`${ALPHA}/accounts/a.dispatcher/end-sessions`, {})).statusCode).toBe(200);
  });

  it('refuses removing the last security administrator, which would let grants apply unapproved again', async () => {
    expect((await call('a.admin').put(`${ALPHA}/users/a.security2/roles`, { roles: ['dispatcher'] })).statusCode).toBe(200);
    expect((await call('a.admin2').put(`${ALPHA}/users/a.both/roles`, { roles: ['admin'] })).statusCode).toBe(200);
    const last = await call('a.admin').put(`${ALPHA}/users/a.security/roles`, { roles: ['dispatcher'] });
    expect(last.statusCode).toBe(403);
    expect(last.json().error.message).toMatch(/^不能移除本市最后一位安全管理员/);
    expect(await rolesOf('a.security')).toEqual(['security']);
    // so a reveal role still waits for approval
    expect((await call('a.admin').put(`${ALPHA}/users/a.reviewer/roles`, { roles: ['reviewer', 'registrar'] })).json()).toMatchObject({ pendingRoles: ['registrar'] });
  });
});
