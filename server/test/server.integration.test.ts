// The whole server as `npm start` runs it, over real HTTP: migrations on start, the shipped packs
// and demo organisations loaded once, a demo user signing in and making a scoped call.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_PACKS_DIR, listPacks, readPackFolder } from '@hotline/cities';
import { validatePack } from '@hotline/rules';
import { DEMO_DIR } from '../src/bootstrap/shipped-data';
import { loadConfig } from '../src/config';
import { type RunningServer, startServer } from '../src/server';
import { type TestDatabase, freshDatabase } from './support/database';
import { FIXTURE_PACK, PASSWORD, count, organisationFor } from './support/world';

async function http(server: RunningServer, method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body ? { 'content-type': 'application/json' } : {}) },
    ...(options.body ? { body: JSON.stringify(options.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { token: string; number: string } };
}

const demoOf = (city: string) => JSON.parse(readFileSync(join(DEMO_DIR, `${city}.json`), 'utf8')) as ReturnType<typeof organisationFor>;

describe('server start', () => {
  let db: TestDatabase;
  const scratch = mkdtempSync(join(tmpdir(), 'hotline-start-'));
  const config = (url: string) => ({ ...loadConfig({ DATABASE_URL: url, DEMO_DATA: 'true', LOG_LEVEL: 'silent' }), port: 0 });
  beforeAll(async () => {
    db = await freshDatabase({ migrated: false });
  });
  afterAll(async () => {
    await db.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('migrates, imports the packs that validate, skips those that do not, and loads demo organisations, once', async () => {
    const packsDir = join(scratch, 'cities');
    cpSync(FIXTURE_PACK, join(packsDir, 'testville'), { recursive: true });
    cpSync(FIXTURE_PACK, join(packsDir, 'brokenville'), { recursive: true }); // city.json says testville: invalid here
    const demoDir = join(scratch, 'demo');
    const organisation = organisationFor('t');
    mkdirSync(demoDir);
    writeFileSync(join(demoDir, 'testville.json'), JSON.stringify(organisation));

    for (let start = 1; start <= 2; start++) {
      const server = await startServer(config(db.url), { shipped: { packsDir, demoDir } });
      try {
        expect(await http(server, 'GET', '/api/health')).toEqual({ status: 200, body: { status: 'up' } });
        const admin = await http(server, 'POST', '/api/auth/login', { body: { username: 't.admin', password: PASSWORD } });
        const health = await http(server, 'GET', '/api/health/details', { token: admin.body.token });
        expect(health).toMatchObject({ status: 200, body: { status: 'ok', database: { status: 'ok', pendingMigrations: [] }, engine: { kind: 'embedded', status: 'up' } } });
        const login = await http(server, 'POST', '/api/auth/login', { body: { username: 't.dispatcher', password: PASSWORD } });
        expect(login.status).toBe(200);
        const versions = await http(server, 'GET', '/api/cities/testville/pack-versions', { token: login.body.token });
        expect(versions.body).toMatchObject([{ number: 1, status: 'published' }]);
      } finally {
        await server.close();
      }
    }
    expect(await db.knex('cities').pluck('id')).toEqual(['testville']);
    expect(await count(db.knex, 'users')).toBe(organisation.users.length);
  });

  it('starts on the shipped packs that validate, with one demo user per role in each of their cities', async () => {
    // packs still being written are skipped at start (and logged); `hotline city validate` says why
    const valid = listPacks().filter((city) => validatePack(readPackFolder(join(SHIPPED_PACKS_DIR, city)), { expectedId: city }).ok);
    const fresh = await freshDatabase({ migrated: false });
    const server = await startServer(config(fresh.url));
    try {
      expect(await fresh.knex('pack_versions').where('status', 'published').orderBy('city_id').pluck('city_id')).toEqual(valid);
      for (const city of valid) {
        const user = (role: string) => demoOf(city).users.find((u) => u.roles.includes(role))!;
        const registrar = await http(server, 'POST', '/api/auth/login', { body: { username: user('registrar').username, password: 'hotline-demo' } });
        expect(registrar.status).toBe(200);
        const ticket = await http(server, 'POST', `/api/cities/${city}/tickets`, {
          token: registrar.body.token,
          body: { type: 'complaint', content: '噪音扰民', unit: user('unitHandler').unit, caller: { name: '王五', phone: '13700001234' } },
        });
        expect(ticket).toMatchObject({ status: 201, body: { caller: { name: '王**', phone: '137****1234' } } });
        const handler = await http(server, 'POST', '/api/auth/login', { body: { username: user('unitHandler').username, password: 'hotline-demo' } });
        expect((await http(server, 'GET', `/api/cities/${city}/tickets/${ticket.body.number}`, { token: handler.body.token })).status).toBe(200);
        const other = valid.find((c) => c !== city);
        if (other === undefined) continue;
        const stranger = await http(server, 'POST', '/api/auth/login', { body: { username: demoOf(other).users[0]!.username, password: 'hotline-demo' } });
        expect((await http(server, 'GET', `/api/cities/${city}/tickets/${ticket.body.number}`, { token: stranger.body.token })).status).toBe(404);
      }
    } finally {
      await server.close();
      await fresh.drop();
    }
  }, 90_000); // a whole first start: migrations, three packs published and deployed, demo organisations and catalogues
});
