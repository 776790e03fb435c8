// A small world for API tests: cities made from the fixture pack, each with an organisation and one
// user per role, and the app over a fresh database. Calls go through fastify's inject, with responses
// checked against their schemas.
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import { readPackFolder } from '@hotline/cities';
import type { PackFile } from '@hotline/rules';
import { buildApp } from '../../src/app';
import type { AuthConfig } from '../../src/config';
import type { App } from '../../src/http/app-types';
import { CLI } from '../../src/modules/auth/actor';
import { readOrganisationJson } from '../../src/modules/organisations/organisation-file';
import { importOrganisation } from '../../src/modules/organisations/organisations.service';
import { importPack, publishVersion } from '../../src/modules/packs/packs.service';
import { type TestDatabase, freshDatabase } from './database';

export const FIXTURE_PACK = resolve(import.meta.dirname, '../fixtures/packs/testville');
export const PASSWORD = 'correct horse battery';

/** The fixture pack as another city: same rules, another id. */
export function fixturePackAs(cityId: string): PackFile[] {
  return readPackFolder(FIXTURE_PACK).map((file) =>
    file.path === 'city.json' ? { ...file, text: file.text.replace('"id": "testville"', `"id": "${cityId}"`) } : file,
  );
}

/**
 * An organisation in the JSON form implementers fill in: the centre, a district with two street
 * offices and a community, a department, and one user per role, usernames `<prefix>.<role>`.
 */
export function organisationFor(prefix: string) {
  const user = (name: string, unit: string, roles: string[]) => ({ username: `${prefix}.${name}`, name: `${prefix} ${name}`, unit, roles, password: PASSWORD });
  return {
    places: [
      { code: 'd1', name: '一区', kind: 'district' },
      { code: 'd1.s1', name: '一街道', kind: 'street', parent: 'd1' },
      { code: 'd1.s1.c1', name: '一社区', kind: 'community', parent: 'd1.s1' },
      { code: 'd1.s2', name: '二街道', kind: 'street', parent: 'd1' },
    ],
    units: [
      { code: 'centre', name: '热线中心', kind: 'centre' },
      { code: 'd1', name: '一区', kind: 'district', place: 'd1' },
      { code: 'd1.s1', name: '一街道', kind: 'street', parent: 'd1', place: 'd1.s1' },
      { code: 'd1.s1.c1', name: '一社区', kind: 'community', parent: 'd1.s1', place: 'd1.s1.c1' },
      { code: 'd1.s2', name: '二街道', kind: 'street', parent: 'd1', place: 'd1.s2' },
      { code: 'dept', name: '市某局', kind: 'department' },
    ],
    users: [
      user('registrar', 'centre', ['registrar']),
      user('dispatcher', 'centre', ['dispatcher']),
      user('reviewer', 'centre', ['reviewer']),
      user('returnvisit', 'centre', ['returnVisit']),
      user('supervisor', 'centre', ['supervisor']),
      user('policy', 'centre', ['policy']),
      user('admin', 'centre', ['admin']),
      user('handler', 'd1.s1', ['unitHandler']),
      user('handler2', 'd1.s2', ['unitHandler']),
      user('leader', 'd1', ['unitLeader']),
      user('stleader', 'd1.s2', ['unitLeader']),
    ],
  };
}

/** A city with a published pack (in force since 2020) and its organisation. */
export async function seedCity(knex: Knex, cityId: string, prefix: string): Promise<void> {
  const { version } = await importPack(knex, fixturePackAs(cityId), { label: cityId, expectedCityId: cityId, actor: CLI });
  await publishVersion(knex, cityId, version.number, '2020-01-01', CLI);
  const parsed = readOrganisationJson(organisationFor(prefix), `${cityId}.json`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  await importOrganisation(knex, cityId, parsed.input, CLI, { demoAccounts: true });
}

export const TEST_AUTH: AuthConfig = {
  sessionTtlMinutes: 60,
  sessionIdleMinutes: 30,
  maxFailedLogins: 5,
  lockMinutes: 15,
  secureCookie: false,
  passwordPolicy: 'asvs',
  passwordMaxAgeDays: 90,
  demoAccountsAllowed: true,
  // the tests sign many people in from one address
  loginRate: { max: 10_000, windowSeconds: 60 },
};

export interface World extends TestDatabase {
  app: App;
  close(): Promise<void>;
}

export async function testApp(knex: Knex, auth: Partial<AuthConfig> = {}): Promise<App> {
  const app = await buildApp({ db: knex, databaseDescription: 'test database', auth: { ...TEST_AUTH, ...auth }, validateResponses: true });
  await app.ready();
  return app;
}

/** Two cities, alpha (users a.*) and beta (users b.*), on a fresh database. */
export async function twoCities(auth: Partial<AuthConfig> = {}): Promise<World> {
  const db = await freshDatabase();
  await seedCity(db.knex, 'alpha', 'a');
  await seedCity(db.knex, 'beta', 'b');
  const app = await testApp(db.knex, auth);
  return {
    ...db,
    app,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export async function login(app: App, username: string, password = PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  return response.json().token;
}

/** A signed-in caller: `as(token).get(url)`, `.post(url, body)`, … returning fastify's inject response. */
export function as(app: App, token: string | null) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload?: object) => app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) }),
    put: (url: string, payload: object) => app.inject({ method: 'PUT', url, headers, payload }),
  };
}

export async function count(knex: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await knex(table).where(where).count({ n: '*' }).first();
  return Number(row?.n);
}
