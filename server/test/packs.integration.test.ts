// City packs as versioned data: import, publish, immutability, export and re-import, refusal.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_PACKS_DIR, listPacks, readPackFolder, writePackFolder } from '@hotline/cities';
import { PackValidationError, formatIssue, validatePack } from '@hotline/rules';
import { CLI } from '../src/modules/auth/actor';
import { exportPackFolder, importPack, importPackFolder, publishVersion, versionFiles } from '../src/modules/packs/packs.service';
import { type TestDatabase, freshDatabase } from './support/database';
import { FIXTURE_PACK, as, count, fixturePackAs, login, seedCity, testApp } from './support/world';

/** Every file under a folder, as bytes, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name), `${prefix}${entry.name}/`);
      else files[`${prefix}${entry.name}`] = readFileSync(join(d, entry.name)).toString('base64');
    }
  };
  walk(dir, '');
  return files;
}

describe('city packs', () => {
  let db: TestDatabase;
  const scratch = mkdtempSync(join(tmpdir(), 'hotline-packs-'));
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('imports a folder as version 1, validated, with every file and an audit event', async () => {
    const result = await importPackFolder(db.knex, FIXTURE_PACK, { label: 'fixtures/testville', actor: CLI });
    expect(result).toMatchObject({ created: true, version: { cityId: 'testville', number: 1, status: 'validated', source: 'fixtures/testville' } });
    const { files } = await versionFiles(db.knex, 'testville', 1);
    expect(files.map((f) => f.path).sort()).toEqual(['calendar/national-2026.json', 'city.json', 'processes/ticket.bpmn', 'versions/2025.json']);
    const events = await db.knex('audit_events').where({ action: 'pack.imported', subject_id: 'testville/1' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'cli', city_id: 'testville' });
  });

  it('recognises the same files imported again and stores nothing new', async () => {
    const again = await importPackFolder(db.knex, FIXTURE_PACK, { label: 'fixtures/testville', actor: CLI });
    expect(again).toMatchObject({ created: false, version: { number: 1 } });
    expect(await count(db.knex, 'pack_versions', { city_id: 'testville' })).toBe(1);
  });

  it('publishes a version with an effective date; published, it can never change, even by SQL', async () => {
    const published = await publishVersion(db.knex, 'testville', 1, '2026-01-01', CLI);
    expect(published).toMatchObject({ status: 'published', effectiveFrom: '2026-01-01', publishedBy: 'cli' });
    await expect(publishVersion(db.knex, 'testville', 1, '2027-01-01', CLI)).rejects.toMatchObject({ statusCode: 409, code: 'PACK_PUBLISHED' });

    await expect(db.knex('pack_versions').where({ city_id: 'testville', number: 1 }).update({ effective_from: '2030-01-01' })).rejects.toThrow(/published and cannot change/);
    await expect(db.knex('pack_versions').where({ city_id: 'testville', number: 1 }).delete()).rejects.toThrow(/published and cannot change/);
    const versionId = (await db.knex('pack_versions').where({ city_id: 'testville', number: 1 }).first('id')).id;
    await expect(db.knex('pack_files').where({ version_id: versionId, path: 'city.json' }).update({ text: '{}' })).rejects.toThrow(/frozen/);
    await expect(db.knex('pack_files').insert({ version_id: versionId, path: 'extra.json', text: '{}' })).rejects.toThrow(/frozen/);
    await expect(db.knex('pack_files').where({ version_id: versionId }).delete()).rejects.toThrow(/frozen/);
    expect(await count(db.knex, 'audit_events', { action: 'pack.published', subject_id: 'testville/1' })).toBe(1);
  });

  it('exports a version to a folder byte for byte, and the export re-imports as the same version', async () => {
    const target = join(scratch, 'testville');
    await exportPackFolder(db.knex, 'testville', 1, target);
    expect(snapshot(target)).toEqual(snapshot(FIXTURE_PACK));
    expect(await importPackFolder(db.knex, target, { label: 'export', actor: CLI })).toMatchObject({ created: false, version: { number: 1 } });
    await expect(exportPackFolder(db.knex, 'testville', 1, target)).rejects.toMatchObject({ code: 'EXPORT_TARGET_NOT_EMPTY' });
  });

  it('keeps history: a changed folder becomes version 2 while version 1 stays as it was', async () => {
    const changed = join(scratch, 'changed', 'testville');
    writePackFolder(changed, readPackFolder(FIXTURE_PACK));
    const city = JSON.parse(readFileSync(join(changed, 'city.json'), 'utf8'));
    city.name = '测试市（改）';
    writeFileSync(join(changed, 'city.json'), `${JSON.stringify(city, null, 2)}\n`);
    const result = await importPackFolder(db.knex, changed, { label: 'changed', actor: CLI });
    expect(result).toMatchObject({ created: true, version: { number: 2, status: 'validated' } });
    expect((await versionFiles(db.knex, 'testville', 1)).files.find((f) => f.path === 'city.json')?.text).toBe(readFileSync(join(FIXTURE_PACK, 'city.json'), 'utf8'));
    expect((await db.knex('cities').where('id', 'testville').first()).name).toBe('测试市（改）');
  });

  it('refuses an invalid pack with the CLI’s path-naming messages, and stores nothing at all', async () => {
    const fresh = await freshDatabase();
    try {
      const files = readPackFolder(FIXTURE_PACK).map((f) =>
        f.path === 'versions/2025.json' ? { ...f, text: f.text.replace('"workingDayMode": "civil-code"', '"workingDayMode": "lunar"') } : f,
      );
      const expected = validatePack(files, { label: 'cities/testville', expectedId: 'testville' });
      expect(expected.ok).toBe(false);
      const error = await importPack(fresh.knex, files, { label: 'cities/testville', expectedCityId: 'testville', actor: CLI }).catch((e) => e);
      expect(error).toBeInstanceOf(PackValidationError);
      expect(error.issues).toEqual(!expected.ok && expected.issues);
      expect(error.message).toContain(formatIssue(error.issues[0]));
      expect(error.message).toContain('cities/testville/versions/2025.json at /workingDayMode');
      for (const table of ['cities', 'pack_versions', 'pack_files', 'audit_events']) expect(await count(fresh.knex, table)).toBe(0);

      const unsafe = [...readPackFolder(FIXTURE_PACK), { path: '../escape.json', text: '{}' }];
      await expect(importPack(fresh.knex, unsafe, { label: 'x', actor: CLI })).rejects.toThrow(/x\/\.\.\/escape\.json at \/: is not a relative path/);
      expect(await count(fresh.knex, 'pack_versions')).toBe(0);
    } finally {
      await fresh.drop();
    }
  });

  it('imports, publishes and round-trips every shipped pack that validates', async () => {
    const fresh = await freshDatabase();
    try {
      for (const city of listPacks()) {
        const dir = join(SHIPPED_PACKS_DIR, city);
        if (!validatePack(readPackFolder(dir), { expectedId: city }).ok) continue; // still being written: `hotline city validate` says why
        const { version } = await importPackFolder(fresh.knex, dir, { label: `cities/${city}`, actor: CLI });
        await publishVersion(fresh.knex, city, version.number, '2026-01-01', CLI);
        const target = join(scratch, 'shipped', city);
        await exportPackFolder(fresh.knex, city, version.number, target);
        expect(snapshot(target)).toEqual(snapshot(dir));
      }
    } finally {
      await fresh.drop();
    }
  });
});

describe('city packs over the API', () => {
  let db: TestDatabase;
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    db = await freshDatabase();
    await seedCity(db.knex, 'alpha', 'a');
    await seedCity(db.knex, 'beta', 'b');
    app = await testApp(db.knex);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('lets policy staff import and publish; refuses other roles and other cities', async () => {
    const policy = as(app, await login(app, 'a.policy'));
    const files = fixturePackAs('alpha').map((f) => (f.path === 'city.json' ? { ...f, text: f.text.replace('测试市', '阿尔法市') } : f));
    const created = await policy.post('/api/cities/alpha/pack-versions', { files });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ created: true, version: { number: 2, status: 'validated' } });
    const published = await policy.post('/api/cities/alpha/pack-versions/2/publish', { effectiveFrom: '2026-12-01' });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', effectiveFrom: '2026-12-01', publishedBy: 'a.policy' });

    const registrar = as(app, await login(app, 'a.registrar'));
    expect((await registrar.post('/api/cities/alpha/pack-versions', { files })).statusCode).toBe(403);
    expect((await registrar.get('/api/cities/alpha/pack-versions')).json()).toHaveLength(2);

    const betaPolicy = as(app, await login(app, 'b.policy'));
    for (const response of [
      await betaPolicy.get('/api/cities/alpha/pack-versions'),
      await betaPolicy.get('/api/cities/alpha/pack-versions/1'),
      await betaPolicy.post('/api/cities/alpha/pack-versions/2/publish', { effectiveFrom: '2027-01-01' }),
      await betaPolicy.post('/api/cities/alpha/pack-versions', { files }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('阿尔法');
    }
  });

  it('answers an invalid pack with 422 and every problem, naming file and path', async () => {
    const policy = as(app, await login(app, 'a.policy'));
    const files = fixturePackAs('alpha').map((f) => (f.path === 'city.json' ? { ...f, text: '{ "id": "alpha" ' } : f));
    const response = await policy.post('/api/cities/alpha/pack-versions', { files });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'PACK_INVALID', issues: [{ where: 'alpha/city.json' }] });
    expect(await count(db.knex, 'pack_versions', { city_id: 'alpha' })).toBe(2);
  });
});
