// Sign-in, sessions, lock-out, and the rule that no route exists without an access rule.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { buildApp } from '../src/app';
import { StrictObject } from '../src/http/schemas';
import { TEST_AUTH, type World, as, count, login, testApp, twoCities } from './support/world';

describe('authentication', () => {
  let world: World;
  beforeAll(async () => {
    world = await twoCities();
  });
  afterAll(() => world.close());

  it('signs in with a password and gives an opaque token, stored only as its hash', async () => {
    const response = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a.registrar', password: 'correct horse battery' } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toEqual({
      username: 'a.registrar',
      displayName: 'a registrar',
      cityId: 'alpha',
      unitId: expect.any(String),
      roles: ['registrar'],
      // what the role grants under the city's pack (the fixture declares no roles: the default ones)
      pages: ['register', 'supervision', 'search'],
      scope: 'centre',
      roleLabels: { registrar: '受理' },
      seesCallers: true,
      mustChangePassword: false,
    });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await count(world.knex, 'sessions', { token_hash: body.token })).toBe(0);
    expect(await count(world.knex, 'sessions', { token_hash: createHash('sha256').update(body.token).digest('hex') })).toBe(1);
    expect(response.cookies.find((c) => c.name === 'hotline_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const me = await as(world.app, body.token).get('/api/auth/me');
    expect(me.json().username).toBe('a.registrar');
    const byCookie = await world.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { hotline_session: body.token } });
    expect(byCookie.statusCode).toBe(200);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const payload of [{ username: 'a.registrar', password: 'wrong' }, { username: 'nobody', password: 'wrong' }]) {
      const response = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toEqual({ code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
    }
  });

  it('ends a session on logout, and refuses expired or made-up tokens', async () => {
    const token = await login(world.app, 'a.dispatcher');
    expect((await as(world.app, token).post('/api/auth/logout')).statusCode).toBe(204);
    expect((await as(world.app, token).get('/api/auth/me')).statusCode).toBe(401);

    const other = await login(world.app, 'a.dispatcher');
    await world.knex('sessions').where('token_hash', createHash('sha256').update(other).digest('hex')).update({ expires_at: world.knex.raw("now() - interval '1 second'") });
    expect((await as(world.app, other).get('/api/auth/me')).statusCode).toBe(401);
    expect((await as(world.app, 'made-up').get('/api/auth/me')).statusCode).toBe(401);
    expect((await as(world.app, null).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('locks an account after 5 failed sign-ins for 15 minutes, audited, even for the right password, answering as for a wrong one', async () => {
    const attempt = (password: string) => world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a.reviewer', password } });
    for (let i = 1; i <= 4; i++) expect((await attempt(`guess ${i}`)).statusCode).toBe(401);
    const fifth = await attempt('guess 5');
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().error).toEqual({ code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
    const rightButLocked = await attempt('correct horse battery');
    expect(rightButLocked.statusCode).toBe(401);
    expect(rightButLocked.json().error).toEqual({ code: 'UNAUTHENTICATED', message: '用户名或密码错误' });

    const user = await world.knex('users').where('username', 'a.reviewer').first();
    const minutes = (user.locked_until.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const [event] = await world.knex('audit_events').where({ action: 'user.locked', subject_id: 'a.reviewer' });
    expect(event).toMatchObject({ city_id: 'alpha', actor: 'system', details: { failedLogins: 5 } });

    // once the lock runs out, the right password works and the count starts again
    await world.knex('users').where('id', user.id).update({ locked_until: world.knex.raw("now() - interval '1 second'") });
    expect((await attempt('correct horse battery')).statusCode).toBe(200);
    expect((await world.knex('users').where('id', user.id).first()).failed_logins).toBe(0);
  });

  it('takes the lock-out threshold and length from the configuration', async () => {
    const strict = await testApp(world.knex, { maxFailedLogins: 2, lockMinutes: 60 });
    try {
      const attempt = () => strict.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'b.policy', password: 'nope' } });
      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      const user = await world.knex('users').where('username', 'b.policy').first();
      expect((user.locked_until.getTime() - Date.now()) / 60_000).toBeGreaterThan(59);
    } finally {
      await strict.close();
    }
  });
});

describe('deny by default', () => {
  let world: World;
  beforeAll(async () => {
    world = await twoCities();
  });
  afterAll(() => world.close());

  it('refuses to register a route that does not say who may call it', async () => {
    const app = await buildApp({ db: world.knex, databaseDescription: 'test', auth: TEST_AUTH, validateResponses: true });
    try {
      expect(() => app.get('/api/unguarded', async () => ({ secret: true }))).toThrow(/GET \/api\/unguarded has no access rule/);
      expect(() => app.get('/api/guarded', { config: { access: { roles: ['admin'] } } }, async () => ({ fine: true }))).not.toThrow();
    } finally {
      await app.close();
    }
  });

  it('checks responses against their schema: a field the schema does not list is a 500, not a leak', async () => {
    const app = await buildApp({ db: world.knex, databaseDescription: 'test', auth: TEST_AUTH, validateResponses: true });
    try {
      app.get('/api/leaky', {
        config: { access: { public: 'test route' } },
        schema: { response: { 200: StrictObject({ name: Type.String() }) } },
        handler: async () => ({ name: '张**', phone: '13812345678' }),
      });
      const response = await app.inject({ method: 'GET', url: '/api/leaky' });
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('13812345678');
    } finally {
      await app.close();
    }
  });

  it('documents every route in the OpenAPI description, with its access rule', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, { security: unknown[]; description: string }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, ...op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const op of operations) {
      expect(op.description).toMatch(/^(Public: |Any signed-in user\.|Needs )/m);
      const isPublic = op.path === '/api/health' || op.path === '/api/auth/login';
      expect(op.security).toEqual(isPublic ? [] : [{ session: [] }]);
    }
  });

  it('says only up or down on /api/health without signing in; the details are for a signed-in system administrator', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'up' });
    expect((await as(world.app, null).get('/api/health/details')).statusCode).toBe(401);
    expect((await as(world.app, await login(world.app, 'a.dispatcher')).get('/api/health/details')).statusCode).toBe(403);
    const details = await as(world.app, await login(world.app, 'a.admin')).get('/api/health/details');
    expect(details.json()).toMatchObject({ status: 'ok', database: { status: 'ok', description: 'test database', pendingMigrations: [] }, engine: { status: 'not-configured' } });
  });

  it('answers 401 to every non-public route without a session, and 404 to unknown routes', async () => {
    const anonymous = as(world.app, null);
    for (const response of [
      await anonymous.get('/api/cities/alpha/pack-versions'),
      await anonymous.get('/api/cities/alpha/tickets'),
      await anonymous.post('/api/cities/alpha/tickets', { type: 'consult', content: 'x', caller: { name: '张三', phone: '13812345678' } }),
      await anonymous.get('/api/cities/alpha/audit-events'),
      await anonymous.get('/api/cities/alpha/users'),
    ]) {
      expect(response.statusCode).toBe(401);
    }
    expect((await anonymous.get('/api/nothing-here')).statusCode).toBe(404);
  });
});
