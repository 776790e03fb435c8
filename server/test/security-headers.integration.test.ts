// Security headers on every answer: the API's JSON (signed in or refused), the portal's and the
// modeler's pages and files; `no-store` on every API answer; HSTS only when served over HTTPS.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import type { App } from '../src/http/app-types';
import { TEST_AUTH, type World, as, login, twoCities } from './support/world';

/** A CSP header as directive → sources. */
function directives(header: unknown): Record<string, string[]> {
  expect(typeof header, 'a Content-Security-Policy header').toBe('string');
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectCommonHeaders(headers: Record<string, unknown>, what: string) {
  const csp = directives(headers['content-security-policy']);
  expect(csp['default-src'], what).toEqual(["'self'"]);
  expect(csp['script-src'], what).toContain("'self'");
  expect(csp['script-src'], what).not.toContain("'unsafe-inline'");
  expect(csp['script-src-attr'], what).toEqual(["'none'"]);
  expect(csp['object-src'], what).toEqual(["'none'"]);
  expect(csp['base-uri'], what).toEqual(["'self'"]);
  expect(csp['form-action'], what).toEqual(["'self'"]);
  expect(csp['frame-ancestors'], what).toEqual(["'none'"]);
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(headers['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(headers['x-powered-by'], what).toBeUndefined();
}

describe('security headers', () => {
  let world: World;
  let webApps: string;
  let app: App;
  beforeAll(async () => {
    world = await twoCities();
    // built apps of our own: the server tests do not build the real ones
    webApps = mkdtempSync(join(tmpdir(), 'web-apps-'));
    for (const name of ['portal', 'modeler']) {
      mkdirSync(join(webApps, name, 'dist', 'assets'), { recursive: true });
      writeFileSync(join(webApps, name, 'dist', 'index.html'), `<!doctype html><title>${name}</title><script type="module" src="./assets/index.js"></script>`);
      writeFileSync(join(webApps, name, 'dist', 'assets', 'index.js'), 'export {};');
    }
    app = await buildApp({ db: world.knex, databaseDescription: 'test', auth: TEST_AUTH, validateResponses: true, webAppsRoot: webApps });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await world.close();
    rmSync(webApps, { recursive: true, force: true });
  });

  it('sends them with every API answer, which is never stored by a cache', async () => {
    const token = await login(app, 'a.registrar');
    const answers = {
      'a signed-in read': await as(app, token).get('/api/me'),
      'a refusal (401)': await as(app, null).get('/api/me'),
      'a refusal (403)': await as(app, token).get('/api/cities/alpha/users'),
      'a public answer': await app.inject({ method: 'GET', url: '/api/health' }),
      'an unknown API path': await app.inject({ method: 'GET', url: '/api/nothing-here' }),
      'a sign-in': await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a.registrar', password: 'wrong' } }),
    };
    expect(answers['a signed-in read'].statusCode).toBe(200);
    expect(answers['a refusal (401)'].statusCode).toBe(401);
    expect(answers['a refusal (403)'].statusCode).toBe(403);
    expect(answers['an unknown API path'].statusCode).toBe(404);
    for (const [what, response] of Object.entries(answers)) {
      expectCommonHeaders(response.headers, what);
      expect(response.headers['cache-control'], what).toBe('no-store');
      // the API runs no script at all
      expect(directives(response.headers['content-security-policy'])['script-src'], what).toEqual(["'self'"]);
    }
  });

  it('sends them with the portal’s and the modeler’s pages and files, which the browser may cache', async () => {
    for (const url of ['/', '/tasks/42', '/assets/index.js', '/modeler/', '/modeler/assets/index.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expectCommonHeaders(response.headers, url);
      expect(response.headers['cache-control'], url).not.toBe('no-store');
      const csp = directives(response.headers['content-security-policy']);
      // the documented exception: the modeler compiles the JSON Schemas being written (ajv); still no inline or foreign script
      expect(csp['script-src'], url).toEqual(url.startsWith('/modeler/') ? ["'self'", "'unsafe-eval'"] : ["'self'"]);
      expect(csp['style-src'], url).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp['connect-src'], url).toEqual(["'self'"]);
    }
  });

  it('sends HSTS and upgrades requests only when served over HTTPS (COOKIE_SECURE)', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(directives(plain.headers['content-security-policy'])['upgrade-insecure-requests']).toBeUndefined();

    const overHttps = await buildApp({ db: world.knex, databaseDescription: 'test', auth: { ...TEST_AUTH, secureCookie: true }, validateResponses: true, webAppsRoot: webApps });
    try {
      for (const url of ['/api/health', '/', '/modeler/']) {
        const response = await overHttps.inject({ method: 'GET', url });
        expect(response.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
        expect(directives(response.headers['content-security-policy'])['upgrade-insecure-requests'], url).toEqual([]);
      }
      const signIn = await overHttps.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a.registrar', password: 'correct horse battery' } });
      // the session, its CSRF token and the known-device mark: all Secure
      expect(signIn.cookies.map((c) => [c.name, c.secure]).sort()).toEqual([
        ['hotline_csrf', true],
        ['hotline_device', true],
        ['hotline_session', true],
      ]);
    } finally {
      await overHttps.close();
    }
  });
});
