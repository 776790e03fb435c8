// The `hotline` commands that work on the database, run as a person runs them: a separate process
// with DATABASE_URL pointing at this file's database.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/paths';
import { type TestDatabase, freshDatabase } from './support/database';
import { FIXTURE_PACK, count } from './support/world';

const run = promisify(execFile);

// Each step starts a Node process that loads the whole CLI: on a shared 2-core machine under load one
// test's five processes took over 30 s.
describe('hotline db, city import/export/publish, org import', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  const scratch = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
  const hotline = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', [join(REPO_ROOT, 'cli/bin/hotline.js'), ...args], { cwd: scratch, env: { ...process.env, DATABASE_URL: db.url } });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  beforeAll(async () => {
    db = await freshDatabase({ migrated: false });
    cpSync(FIXTURE_PACK, join(scratch, 'testville'), { recursive: true });
  });
  afterAll(async () => {
    await db.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('migrates, imports and publishes a pack, exports it byte for byte, and rolls everything back', async () => {
    expect((await hotline('db', 'migrate')).stdout).toMatch(/applied 0001-city-packs, .*0005-tickets/);
    const imported = await hotline('city', 'import', 'testville', '--publish', '2026-01-01');
    expect(imported).toMatchObject({ code: 0, stdout: 'testville → testville pack version 1 (validated)\npublished testville pack version 1, effective 2026-01-01\n' });
    const exported = await hotline('city', 'export', 'testville', '--version', '1', '--to', 'out/testville');
    expect(exported.code).toBe(0);
    for (const file of ['city.json', 'versions/2025.json', 'calendar/national-2026.json', 'processes/ticket.bpmn']) {
      expect(readFileSync(join(scratch, 'out/testville', file))).toEqual(readFileSync(join(FIXTURE_PACK, file)));
    }
    expect((await hotline('city', 'import', 'out/testville')).stdout).toContain('identical to testville pack version 1 (published)');
    expect(await hotline('city', 'publish', 'testville', '--version', '1', '--effective', '2027-01-01')).toMatchObject({
      code: 1,
      stderr: 'hotline city: pack version testville/1 is already published (effective 2026-01-01) and cannot change\n',
    });
  });

  it('refuses an invalid pack with exactly the messages of `city validate`, storing nothing', async () => {
    cpSync(FIXTURE_PACK, join(scratch, 'bad', 'testville'), { recursive: true });
    writeFileSync(join(scratch, 'bad/testville/calendar/national-2026.json'), '{ "layer": "national" }');
    const validate = await hotline('city', 'validate', 'bad/testville');
    const imported = await hotline('city', 'import', 'bad/testville');
    expect(validate.code).toBe(1);
    expect(imported).toMatchObject({ code: 1, stderr: validate.stderr });
    expect(imported.stderr).toContain('bad/testville/calendar/national-2026.json at /year: is missing (required)');
    expect(await count(db.knex, 'pack_versions')).toBe(1);
  });

  it('imports an organisation from CSV, names the row and field of each problem, and prints made-up passwords once', async () => {
    writeFileSync(join(scratch, 'units.csv'), 'code,name,kind,parent\ncentre,热线中心,centre,\nd1,一区,district,\nd1.s1,一街道,street,d1\n');
    expect((await hotline('org', 'import', 'testville', 'units.csv')).stdout).toContain('units 3 created');
    writeFileSync(join(scratch, 'users.csv'), 'username,name,unit,roles,password\nt.reg,甲,centre,registrar,\nt.bad,乙,d1.s1,unitHandler;chief,\n');
    const refused = await hotline('org', 'import', 'testville', 'users.csv');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('users.csv row 3, roles: "chief" is not a role');
    expect(await count(db.knex, 'users')).toBe(0);
    writeFileSync(join(scratch, 'users.csv'), 'username,name,unit,roles,password\nt.reg,甲,centre,registrar,\n');
    const created = await hotline('org', 'import', 'testville', 'users.csv');
    expect(created.stdout).toMatch(/initial passwords .*\n {2}t\.reg {2}\S{16}\n/);
  });

  it('rolls the schema all the way back', async () => {
    expect((await hotline('db', 'rollback', '--all')).stdout).toMatch(/rolled back (.*, )?0007-ticket-lifecycle, 0006-embedded-engine, 0005-tickets, .*0001-city-packs/);
    expect((await hotline('db', 'status')).stdout).toContain('applied: none');
  });
});
