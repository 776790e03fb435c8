// Account lifecycle (issue 14, item 2): the city's system administrator disables, enables, signs out,
// resets and unlocks accounts (never their own, never another city's); a person changes their own
// password under the configured policy; an initial, reset or expired password must be changed before
// anything else; every change is audited in its transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, PASSWORD, testApp, twoCities, type World } from './support/world';

const ACCOUNTS = '/api/cities/alpha/accounts';

describe('account lifecycle', () => {
  let world: World;
  let admin: ReturnType<typeof as>;
  beforeAll(async () => {
    world = await twoCities();
    admin = as(world.app, await login(world.app, 'a.admin'));
  });
  afterAll(() => world.close());

  const signIn = (username: string, password: string) => world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const auditOf = (username: string, action: string) => world.knex('audit_events').where({ subject_id: username, action }).orderBy('id');

  it("lists the city's accounts with their state, for the system administrator only", async () => {
    const list = await admin.get(ACCOUNTS);
    expect(list.statusCode).toBe(200);
    const registrar = list.json().accounts.find((a: { username: string }) => a.username === 'a.registrar');
    expect(registrar).toEqual({
      username: 'a.registrar',
      displayName: 'a registrar',
      unit: { code: 'centre', name: '热线中心' },
      roles: ['registrar'],
      disabled: false,
      lockedUntil: null,
      mustChangePassword: false,
      passwordChangedAt: expect.any(String),
      demo: true,
      activeSessions: 0,
    });
    expect(list.json().accounts.every((a: { username: string }) => a.username.startsWith('a.'))).toBe(true);
    expect((await as(world.app, await login(world.app, 'a.supervisor')).get(ACCOUNTS)).statusCode).toBe(403);
    expect((await admin.get('/api/cities/beta/accounts')).statusCode).toBe(404);
    expect((await admin.post('/api/cities/beta/accounts/b.registrar/disable')).statusCode).toBe(404);
  });

  it('disables an account (its sessions end at once, it cannot sign in) and enables it again, audited', async () => {
    const token = await login(world.app, 'a.reviewer');
    const disabled = await admin.post(`${ACCOUNTS}/a.reviewer/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().account).toMatchObject({ disabled: true, activeSessions: 0 });
    expect((await as(world.app, token).get('/api/auth/me')).statusCode).toBe(401);
    const refused = await signIn('a.reviewer', PASSWORD);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toBe('用户名或密码错误');

    expect((await admin.post(`${ACCOUNTS}/a.reviewer/enable`)).json().account.disabled).toBe(false);
    expect((await signIn('a.reviewer', PASSWORD)).statusCode).toBe(200);
    expect((await auditOf('a.reviewer', 'user.disabled'))[0]).toMatchObject({ city_id: 'alpha', actor: 'a.admin', details: { sessionsEnded: 1 } });
    expect(await auditOf('a.reviewer', 'user.enabled')).toHaveLength(1);
  });

  it("ends a person's sessions", async () => {
    const tokens = [await login(world.app, 'a.handler'), await login(world.app, 'a.handler')];
    const ended = await admin.post(`${ACCOUNTS}/a.handler/end-sessions`);
    expect(ended.json().account.activeSessions).toBe(0);
    for (const token of tokens) expect((await as(world.app, token).get('/api/auth/me')).statusCode).toBe(401);
    expect((await auditOf('a.handler', 'user.sessionsEnded'))[0].details).toEqual({ sessionsEnded: 2 });
  });

  it('unlocks a locked account', async () => {
    for (let i = 0; i < 5; i++) await signIn('a.leader', `guess ${i}`);
    expect((await admin.get(ACCOUNTS)).json().accounts.find((a: { username: string }) => a.username === 'a.leader').lockedUntil).not.toBeNull();
    expect((await admin.post(`${ACCOUNTS}/a.leader/unlock`)).json().account.lockedUntil).toBeNull();
    expect((await signIn('a.leader', PASSWORD)).statusCode).toBe(200);
    expect((await auditOf('a.leader', 'user.unlocked'))[0]).toMatchObject({ actor: 'a.admin', details: { by: 'admin' } });
  });

  it('refuses the administrator acting on their own account', async () => {
    for (const action of ['disable', 'reset-password', 'end-sessions']) {
      const own = await admin.post(`${ACCOUNTS}/a.admin/${action}`);
      expect(own.statusCode).toBe(403);
      expect(own.json().error.message).toMatch(/^不能在账号管理中操作自己的账号/);
    }
  });

  it('resets a password: a temporary one, shown once, that must be changed before anything else', async () => {
    const old = await login(world.app, 'a.returnvisit');
    const reset = await admin.post(`${ACCOUNTS}/a.returnvisit/reset-password`);
    expect(reset.statusCode).toBe(200);
    const temporary = reset.json().temporaryPassword as string;
    expect(temporary).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(reset.json().account).toMatchObject({ mustChangePassword: true, activeSessions: 0 });
    expect((await as(world.app, old).get('/api/auth/me')).statusCode).toBe(401);
    expect((await signIn('a.returnvisit', PASSWORD)).statusCode).toBe(401);

    const signedIn = await signIn('a.returnvisit', temporary);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.mustChangePassword).toBe(true);
    const user = as(world.app, signedIn.json().token);
    const blocked = await user.get('/api/cities/alpha/tickets');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: expect.stringMatching(/^请先修改密码/) });
    expect((await user.get('/api/auth/me')).json().mustChangePassword).toBe(true);

    const weak = await user.post('/api/auth/password', { currentPassword: temporary, newPassword: '12345678' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.details.errors).toEqual([
      { path: '/newPassword', message: '密码至少需要 12 个字符', messageZh: '密码至少需要 12 个字符' },
      { path: '/newPassword', message: '该密码过于常见或已出现在泄露的密码库中，请换一个', messageZh: '该密码过于常见或已出现在泄露的密码库中，请换一个' },
    ]);
    expect((await user.post('/api/auth/password', { currentPassword: temporary, newPassword: 'a.returnvisit-2026' })).json().error.message).toBe('密码不能包含用户名');
    const wrong = await user.post('/api/auth/password', { currentPassword: 'not it', newPassword: '海河边的风筝飞得很高很高' });
    expect(wrong.json().error).toMatchObject({ code: 'WRONG_PASSWORD', message: '当前密码不正确' });

    expect((await user.post('/api/auth/password', { currentPassword: temporary, newPassword: '海河边的风筝飞得很高很高' })).statusCode).toBe(204);
    expect((await user.get('/api/cities/alpha/tickets')).statusCode).toBe(200);
    expect((await signIn('a.returnvisit', '海河边的风筝飞得很高很高')).json().user.mustChangePassword).toBe(false);
    const events = (await world.knex('audit_events').where('subject_id', 'a.returnvisit').whereIn('action', ['user.passwordReset', 'user.passwordChanged']).orderBy('id')).map((e) => [e.action, e.actor]);
    expect(events).toEqual([['user.passwordReset', 'a.admin'], ['user.passwordChanged', 'a.returnvisit']]);
    expect(JSON.stringify(await world.knex('audit_events').where('subject_id', 'a.returnvisit'))).not.toContain(temporary);
  });

  it("changes one's own password with the current one; the person's other sessions end, this one goes on", async () => {
    const other = await login(world.app, 'a.policy');
    const mine = as(world.app, await login(world.app, 'a.policy'));
    expect((await mine.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: PASSWORD })).json().error.message).toBe('新密码不能与当前密码相同');
    expect((await mine.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'correct horse battery staple' })).statusCode).toBe(204);
    expect((await mine.get('/api/auth/me')).statusCode).toBe(200);
    expect((await as(world.app, other).get('/api/auth/me')).statusCode).toBe(401);
    expect((await signIn('a.policy', 'correct horse battery staple')).statusCode).toBe(200);
  });

  it('makes imported users and a new city’s administrator change their initial password at the first sign-in', async () => {
    const imported = await admin.post('/api/cities/alpha/organisation', { users: [{ username: 'a.newcomer', name: '新同事', unit: 'centre', roles: ['registrar'], password: 'initial-pass-2026' }] });
    expect(imported.statusCode).toBe(200);
    const first = await signIn('a.newcomer', 'initial-pass-2026');
    expect(first.json().user.mustChangePassword).toBe(true);
    expect((await as(world.app, first.json().token).get('/api/cities/alpha/tickets')).statusCode).toBe(403);
    expect((await world.knex('users').where('username', 'a.newcomer').first()).demo).toBe(false);
  });

  it('under the dengbao policy, forces a change of a password older than the configured days', async () => {
    const dengbao = await testApp(world.knex, { passwordPolicy: 'dengbao', passwordMaxAgeDays: 90 });
    try {
      await world.knex('users').where('username', 'a.stleader').update({ password_changed_at: world.knex.raw("now() - interval '91 days'") });
      const expired = await dengbao.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a.stleader', password: PASSWORD } });
      expect(expired.json().user.mustChangePassword).toBe(true);
      const user = as(dengbao, expired.json().token);
      expect((await user.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'haihebridge' })).json().error.message).toBe('密码需包含大写字母、小写字母、数字、特殊字符中的至少 3 类');
      expect((await user.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Haihe-2026' })).statusCode).toBe(204);
      expect((await user.get('/api/cities/alpha/tickets')).statusCode).toBe(200);
      // under asvs the same age is no reason to change
      await world.knex('users').where('username', 'a.handler2').update({ password_changed_at: world.knex.raw("now() - interval '400 days'") });
      expect((await signIn('a.handler2', PASSWORD)).json().user.mustChangePassword).toBe(false);
    } finally {
      await dengbao.close();
    }
  });
});
