// Sign-in throttling that cannot be turned against the account's owner (issue 14, item 1): a limit per
// client address (429 with Retry-After), a per-account lock that grows and ends the account's sessions,
// the same answer for unknown, wrong, locked and disabled, a known device that signs in despite a lock,
// small bodies on the anonymous route, and every sign-in, failure and sign-out in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, count, login, PASSWORD, TEST_AUTH, testApp, twoCities, type World } from './support/world';
import { hashPassword } from '../src/modules/auth/password';
import { buildApp } from '../src/app';

const LOGIN = '/api/auth/login';

describe('sign-in throttling and lock-out', () => {
  let world: World;
  beforeAll(async () => {
    world = await twoCities();
  });
  afterAll(() => world.close());

  const attempt = (username: string, password: string, extra: { cookies?: Record<string, string>; remoteAddress?: string } = {}) =>
    world.app.inject({ method: 'POST', url: LOGIN, payload: { username, password }, ...extra });
  const lock = async (username: string) => {
    for (let i = 1; i <= 5; i++) expect((await attempt(username, `guess ${i}`)).statusCode).toBe(401);
  };

  it('answers 429 with Retry-After to an address that tries too often, before the account is touched, while other addresses go on', async () => {
    const strict = await testApp(world.knex, { loginRate: { max: 3, windowSeconds: 60 } });
    try {
      const from = (remoteAddress: string) => strict.inject({ method: 'POST', url: LOGIN, payload: { username: 'b.reviewer', password: 'nope' }, remoteAddress });
      for (let i = 0; i < 3; i++) expect((await from('203.0.113.9')).statusCode).toBe(401);
      const refused = await from('203.0.113.9');
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json().error).toEqual({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/^尝试过于频繁，请在 \d+ 秒后再试$/) });
      // a burst of parallel guesses (the probe sent 100) is refused whole
      const burst = await Promise.all(Array.from({ length: 100 }, () => from('203.0.113.9')));
      expect(burst.every((a) => a.statusCode === 429)).toBe(true);
      expect((await from('203.0.113.10')).statusCode).toBe(401);
      // the 101 refused attempts never reached the account: 4 failures counted (3 + 1 from the other address), no lock
      expect(await world.knex('users').where('username', 'b.reviewer').first()).toMatchObject({ failed_logins: 4, locked_until: null });
    } finally {
      await strict.close();
    }
  });

  it('counts the client behind a trusted proxy (TRUST_PROXY), not the proxy, and ignores a forwarded address from anyone else', async () => {
    const proxied = await buildApp({ db: world.knex, databaseDescription: 'test', auth: { ...TEST_AUTH, loginRate: { max: 2, windowSeconds: 60 } }, validateResponses: true, trustProxy: ['10.0.0.5'] });
    try {
      const via = (remoteAddress: string, client: string) =>
        proxied.inject({ method: 'POST', url: LOGIN, payload: { username: 'b.leader', password: 'nope' }, remoteAddress, headers: { 'x-forwarded-for': client } });
      expect((await via('10.0.0.5', '198.51.100.1')).statusCode).toBe(401);
      expect((await via('10.0.0.5', '198.51.100.1')).statusCode).toBe(401);
      expect((await via('10.0.0.5', '198.51.100.1')).statusCode).toBe(429);
      // another person behind the same proxy is not throttled by the first one's guesses
      expect((await via('10.0.0.5', '198.51.100.2')).statusCode).toBe(401);
      const failures = await world.knex('audit_events').where({ action: 'auth.signInFailed', subject_id: 'b.leader' }).orderBy('id');
      expect(failures.map((e) => e.details.address)).toEqual(['198.51.100.1', '198.51.100.1', '198.51.100.2']);
      // a client that is not the proxy cannot pick its address by the header
      expect((await via('203.0.113.50', '198.51.100.3')).statusCode).toBe(401);
      expect((await via('203.0.113.50', '198.51.100.4')).statusCode).toBe(401);
      expect((await via('203.0.113.50', '198.51.100.5')).statusCode).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a 16 MiB sign-in body with 413 without reading it', async () => {
    const huge = JSON.stringify({ username: 'a.registrar', password: 'x'.repeat(16 * 1024 * 1024) });
    const response = await world.app.inject({ method: 'POST', url: LOGIN, headers: { 'content-type': 'application/json' }, payload: huge });
    expect(response.statusCode).toBe(413);
  });

  it('gives unknown users, wrong passwords, locked and disabled accounts the same answer in about the same time', async () => {
    await lock('a.returnvisit');
    await world.knex('users').where('username', 'a.handler2').update({ disabled_at: world.knex.fn.now() });
    const timed = async (username: string, password: string) => {
      const started = performance.now();
      const response = await attempt(username, password);
      return { status: response.statusCode, body: response.body, ms: performance.now() - started };
    };
    const kinds: Array<[string, string]> = [['no.such.person', 'whatever'], ['a.registrar', 'wrong password'], ['a.returnvisit', PASSWORD], ['a.handler2', PASSWORD]];
    const fastest = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      for (const [username, password] of kinds) {
        const answer = await timed(username, password);
        expect(answer.status).toBe(401);
        expect(answer.body).toBe('{"error":{"code":"UNAUTHENTICATED","message":"用户名或密码错误"}}');
        fastest.set(username, Math.min(fastest.get(username) ?? Infinity, answer.ms));
      }
    }
    // each spends one argon2 check: none answers at a fraction of another's time (the fastest of 3 rounds, against load spikes)
    const times = [...fastest.values()];
    expect(Math.min(...times)).toBeGreaterThan(Math.max(...times) / 5);
  });

  it('ends the sessions of an account when it locks, and locks for twice as long the next time in a row', async () => {
    const token = await login(world.app, 'a.leader');
    expect((await as(world.app, token).get('/api/auth/me')).statusCode).toBe(200);
    await lock('a.leader');
    expect((await as(world.app, token).get('/api/auth/me')).statusCode).toBe(401);
    const first = await world.knex('users').where('username', 'a.leader').first();
    expect((first.locked_until.getTime() - Date.now()) / 60_000).toBeCloseTo(15, 0);

    await world.knex('users').where('id', first.id).update({ locked_until: world.knex.raw("now() - interval '1 second'") });
    await lock('a.leader');
    const second = await world.knex('users').where('id', first.id).first();
    expect((second.locked_until.getTime() - Date.now()) / 60_000).toBeCloseTo(30, 0);
    const [event] = await world.knex('audit_events').where({ action: 'user.locked', subject_id: 'a.leader' }).orderBy('id', 'desc');
    expect(event.details).toMatchObject({ lockCount: 2, failedLogins: 5 });
    expect((await world.knex('audit_events').where({ action: 'user.locked', subject_id: 'a.leader' }).orderBy('id')).map((e) => e.details.sessionsEnded)).toEqual([1, 0]);
  });

  it('signs the owner in from a known device despite a lock caused by others, and ends the lock', async () => {
    const first = await attempt('a.stleader', PASSWORD);
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'hotline_device')!;
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/login' });
    expect(await count(world.knex, 'known_devices', { token_hash: device.value })).toBe(0); // only its hash is kept

    await lock('a.stleader');
    expect((await attempt('a.stleader', PASSWORD)).statusCode).toBe(401); // from anywhere else: still locked
    expect((await attempt('a.stleader', PASSWORD, { cookies: { hotline_device: 'made-up' } })).statusCode).toBe(401);
    // another user's device cookie does not open this account
    const otherDevice = (await attempt('a.policy', PASSWORD)).cookies.find((c) => c.name === 'hotline_device')!;
    expect((await attempt('a.stleader', PASSWORD, { cookies: { hotline_device: otherDevice.value } })).statusCode).toBe(401);

    const known = await attempt('a.stleader', PASSWORD, { cookies: { hotline_device: device.value } });
    expect(known.statusCode).toBe(200);
    const user = await world.knex('users').where('username', 'a.stleader').first();
    expect(user).toMatchObject({ locked_until: null, failed_logins: 0, lock_count: 0 });
    expect(await world.knex('audit_events').where({ action: 'user.unlocked', subject_id: 'a.stleader' }).first()).toMatchObject({ actor: 'a.stleader', details: { by: 'knownDevice' } });
    expect((await attempt('a.stleader', PASSWORD)).statusCode).toBe(200); // and from anywhere again
  });

  it('forgets a device cookie that is used for guessing, without locking the account', async () => {
    const device = (await attempt('a.dispatcher', PASSWORD)).cookies.find((c) => c.name === 'hotline_device')!.value;
    for (let i = 1; i <= 5; i++) expect((await attempt('a.dispatcher', `guess ${i}`, { cookies: { hotline_device: device } })).statusCode).toBe(401);
    expect((await world.knex('users').where('username', 'a.dispatcher').first()).locked_until).toBeNull();
    expect(await count(world.knex, 'known_devices', { user_id: (await world.knex('users').where('username', 'a.dispatcher').first()).id })).toBe(0);
    await lock('a.dispatcher');
    expect((await attempt('a.dispatcher', PASSWORD, { cookies: { hotline_device: device } })).statusCode).toBe(401);
  });

  it('audits each sign-in, failure (with the reason, never the password) and sign-out', async () => {
    const token = await login(world.app, 'b.supervisor');
    await attempt('b.supervisor', 'not my password');
    await attempt('nobody.here', 'guess');
    await as(world.app, token).post('/api/auth/logout');
    const events = await world.knex('audit_events').whereIn('subject_id', ['b.supervisor', 'nobody.here']).whereLike('action', 'auth.%').orderBy('id');
    expect(events.map((e) => [e.action, e.city_id, e.actor, e.subject_id, e.details.reason ?? null])).toEqual([
      ['auth.signedIn', 'beta', 'b.supervisor', 'b.supervisor', null],
      ['auth.signInFailed', 'beta', 'anonymous', 'b.supervisor', 'wrongPassword'],
      ['auth.signInFailed', null, 'anonymous', 'nobody.here', 'unknownUser'],
      ['auth.signedOut', 'beta', 'b.supervisor', 'b.supervisor', null],
    ]);
    expect(events[0].details).toMatchObject({ address: '127.0.0.1', provider: 'local' });
    expect(JSON.stringify(events)).not.toContain('not my password');
  });

  it('refuses demo accounts where they are not allowed (production or a non-loopback address), in Chinese', async () => {
    // the test world's users are demo accounts (their password is in the test); b.handler2 is made an ordinary one
    await world.knex('users').where('username', 'b.handler2').update({ demo: false });
    const production = await testApp(world.knex, { demoAccountsAllowed: false });
    try {
      const refused = await production.inject({ method: 'POST', url: LOGIN, payload: { username: 'b.handler', password: PASSWORD } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'DEMO_ACCOUNT_REFUSED', message: expect.stringContaining('演示账号') });
      // a wrong password learns nothing more than usual
      expect((await production.inject({ method: 'POST', url: LOGIN, payload: { username: 'b.handler', password: 'wrong' } })).statusCode).toBe(401);
      expect((await production.inject({ method: 'POST', url: LOGIN, payload: { username: 'b.handler2', password: PASSWORD } })).statusCode).toBe(200);
      // an account not flagged (a database set up before the flag) but holding a password the repository prints
      await world.knex('users').where('username', 'b.handler2').update({ password_hash: await hashPassword('hotline-demo') });
      expect((await production.inject({ method: 'POST', url: LOGIN, payload: { username: 'b.handler2', password: 'hotline-demo' } })).statusCode).toBe(403);
    } finally {
      await production.close();
    }
    expect((await attempt('b.handler', PASSWORD)).statusCode).toBe(200);
  });
});
