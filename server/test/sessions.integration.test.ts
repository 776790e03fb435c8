// Sessions: an idle one ends after SESSION_IDLE_MINUTES, a busy one at its absolute end
// (SESSION_TTL_MINUTES); use is recorded at most once a minute. Cookie-signed requests that change
// something need the session's CSRF token; Bearer requests (API clients) do not.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE, CSRF_HEADER, csrfTokenOf } from '../src/http/csrf';
import { type World, PASSWORD, as, count, login, testApp, twoCities } from './support/world';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

describe('sessions', () => {
  let world: World;
  beforeAll(async () => {
    world = await twoCities({ sessionIdleMinutes: 30, sessionTtlMinutes: 480 });
  });
  afterAll(() => world.close());

  /** Moves the session's clock: it was last used that many minutes ago. */
  async function age(token: string, { idle }: { idle: number }) {
    await world.knex('sessions').where('token_hash', hash(token)).update({ last_seen_at: world.knex.raw('now() - make_interval(mins => ?)', [idle]) });
  }
  const lastSeen = async (token: string) => (await world.knex('sessions').where('token_hash', hash(token)).first('last_seen_at')).last_seen_at as Date;

  it('ends a session left unused for the idle timeout, and keeps one in use', async () => {
    const idle = await login(world.app, 'a.registrar');
    await age(idle, { idle: 31 });
    expect((await as(world.app, idle).get('/api/me')).statusCode).toBe(401);

    const busy = await login(world.app, 'a.registrar');
    await age(busy, { idle: 29 });
    expect((await as(world.app, busy).get('/api/me')).statusCode).toBe(200);
    // the request counted as use: 29 minutes after it the session still lives (58 since the one before)
    await world.knex('sessions').where('token_hash', hash(busy)).update({ last_seen_at: world.knex.raw("last_seen_at - interval '29 minutes'") });
    expect((await as(world.app, busy).get('/api/me')).statusCode).toBe(200);
  });

  it('does not count a page refreshing itself as use: an unattended inbox still times out', async () => {
    const token = await login(world.app, 'a.registrar');
    await age(token, { idle: 20 });
    const before = await lastSeen(token);
    const refresh = await world.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}`, 'x-background-refresh': '1' } });
    expect(refresh.statusCode).toBe(200);
    expect(await lastSeen(token)).toEqual(before);
    await age(token, { idle: 31 });
    const late = await world.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}`, 'x-background-refresh': '1' } });
    expect(late.statusCode).toBe(401);
  });

  it('records use at most once a minute, not on every request', async () => {
    const token = await login(world.app, 'a.registrar');
    await age(token, { idle: 5 });
    await as(world.app, token).get('/api/me');
    const touched = await lastSeen(token);
    expect(Date.now() - touched.getTime()).toBeLessThan(60_000);
    await as(world.app, token).get('/api/me');
    expect((await lastSeen(token)).getTime()).toBe(touched.getTime());
  });

  it('ends a busy session at its absolute lifetime all the same', async () => {
    const token = await login(world.app, 'a.registrar');
    const { expires_at: expiresAt, created_at: createdAt } = await world.knex('sessions').where('token_hash', hash(token)).first('expires_at', 'created_at');
    expect((expiresAt as Date).getTime() - (createdAt as Date).getTime()).toBeCloseTo(480 * 60_000, -4);
    await world.knex('sessions').where('token_hash', hash(token)).update({ expires_at: world.knex.raw("now() - interval '1 second'"), last_seen_at: world.knex.fn.now() });
    expect((await as(world.app, token).get('/api/me')).statusCode).toBe(401);
  });

  it('follows SESSION_IDLE_MINUTES', async () => {
    const short = await testApp(world.knex, { sessionIdleMinutes: 2 });
    try {
      const token = await login(short, 'a.registrar');
      await age(token, { idle: 1 });
      expect((await as(short, token).get('/api/me')).statusCode).toBe(200);
      await age(token, { idle: 3 });
      expect((await as(short, token).get('/api/me')).statusCode).toBe(401);
      expect((await as(world.app, token).get('/api/me')).statusCode).toBe(200); // 3 minutes is not idle under the default 30
    } finally {
      await short.close();
    }
  });
});

describe('CSRF protection of cookie-signed requests', () => {
  let world: World;
  let session: string;
  let csrf: string;
  beforeAll(async () => {
    world = await twoCities();
    const signIn = await world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a.registrar', password: PASSWORD } });
    const cookies = Object.fromEntries(signIn.cookies.map((c) => [c.name, c]));
    session = cookies.hotline_session!.value;
    csrf = cookies[CSRF_COOKIE]!.value;
    expect(cookies.hotline_session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    // readable by the portal (/) and the modeler (/modeler/), never sent to another site
    expect(cookies[CSRF_COOKIE]).toMatchObject({ sameSite: 'Strict', path: '/' });
    expect(cookies[CSRF_COOKIE]!.httpOnly).toBeFalsy();
    expect(csrf).toBe(csrfTokenOf(session));
    expect(csrf).not.toContain(session);
  });
  afterAll(() => world.close());

  const ticket = { type: 'consult', content: '咨询路灯何时修好', caller: { name: '张三', phone: '13800000000' } };
  const byCookie = (headers: Record<string, string> = {}) =>
    world.app.inject({ method: 'POST', url: '/api/cities/alpha/tickets', cookies: { hotline_session: session }, headers, payload: ticket });

  it('refuses a change signed by the cookie without the token, or with another session’s', async () => {
    const other = await login(world.app, 'a.registrar');
    const sent: Array<Record<string, string>> = [{}, { [CSRF_HEADER]: '' }, { [CSRF_HEADER]: csrfTokenOf(other) }, { [CSRF_HEADER]: `${csrf}x` }, { [CSRF_HEADER]: '令牌'.repeat(11) }];
    for (const headers of sent) {
      const response = await byCookie(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json().error.code).toBe('CSRF_TOKEN_INVALID');
      expect(response.json().error.message).toMatch(/防伪令牌/);
    }
    expect((await world.app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { hotline_session: session } })).statusCode).toBe(403);
    expect(await count(world.knex, 'tickets')).toBe(0);
  });

  it('accepts it with the token; reads need none', async () => {
    const response = await byCookie({ [CSRF_HEADER]: csrf });
    expect(response.statusCode, response.body).toBe(201);
    expect((await world.app.inject({ method: 'GET', url: '/api/me', cookies: { hotline_session: session } })).statusCode).toBe(200);
  });

  it('exempts Bearer requests (API clients: a browser never adds that header by itself)', async () => {
    const token = await login(world.app, 'a.registrar');
    expect((await as(world.app, token).post('/api/cities/alpha/tickets', ticket)).statusCode).toBe(201);
  });

  it('takes sign-ins only as JSON: a cross-site form cannot sign the browser in (no login CSRF)', async () => {
    // what an HTML form on another site can send: its three encodings, text/plain shaped as JSON too
    const json = JSON.stringify({ username: 'a.registrar', password: PASSWORD });
    for (const [type, payload] of [
      ['application/x-www-form-urlencoded', `username=a.registrar&password=${PASSWORD}`],
      ['multipart/form-data; boundary=x', `--x\r\ncontent-disposition: form-data; name="username"\r\n\r\na.registrar\r\n--x--`],
      ['text/plain', json],
    ]) {
      const response = await world.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': type! }, payload: payload! });
      expect([400, 415], type).toContain(response.statusCode);
      expect(response.cookies, type).toEqual([]);
    }
  });

  it('signs out with the token, which ends both cookies', async () => {
    const response = await world.app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { hotline_session: session }, headers: { [CSRF_HEADER]: csrf } });
    expect(response.statusCode).toBe(204);
    const cleared = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
    expect(cleared).toEqual({ hotline_session: '', [CSRF_COOKIE]: '' });
    expect((await world.app.inject({ method: 'GET', url: '/api/me', cookies: { hotline_session: session } })).statusCode).toBe(401);
  });
});
