// A new city from an existing one, in the browser: the same copy `hotline city new <id> --from <id>`
// makes (newPackFrom of @hotline/cities: a valid pack whose rule versions carry a note that they still
// cite the source city's regulations, processes named after the new city), stored as the new city's
// first draft, with one account (implementer and policy staff) to sign in with and carry on:
// import the organisation, replace the copied rules, publish.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { newPackFrom, writePackFolder } from '@hotline/cities';
import { HotlineError, type PackFile } from '@hotline/rules';
import { InputRejectedError, conflict, notFound } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import type { AuditActor } from '../auth/actor';
import { importOrganisation } from '../organisations/organisations.service';
import { contentHash } from '../packs/packs.service';
import * as packs from '../packs/packs.repository';
import type { PackVersion } from '../packs/packs.repository';
import { chinaToday } from '../../local-day';

export const CITY_ID = /^[a-z][a-z0-9-]{1,39}$/;

export interface NewCityInput {
  id: string;
  name?: string | undefined;
  /** The version of the caller's city to copy; default the one in force today, else the newest. */
  fromVersion?: number | undefined;
  /** The new city's first account (roles admin and policy, at its hotline centre). */
  admin: { username: string; name: string; password?: string | undefined };
  /** The centre's name; default `<city name>政务服务便民热线`. */
  centreName?: string | undefined;
}

export interface NewCityResult {
  city: { id: string; name: string };
  version: PackVersion;
  copiedFrom: { cityId: string; number: number };
  admin: { username: string; password: string | null };
}

/** newPackFrom works on folders: the source version goes through a scratch folder and comes back as files. */
function copyPack(source: readonly PackFile[], fromId: string, id: string, name: string | undefined): PackFile[] {
  const scratch = mkdtempSync(join(tmpdir(), 'hotline-city-new-'));
  try {
    const fromDir = join(scratch, fromId);
    writePackFolder(fromDir, source);
    return newPackFrom({ id, fromDir, targetDir: join(scratch, 'new', id), ...(name ? { name } : {}) });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function createCityFrom(db: Knex, fromCityId: string, input: NewCityInput, actor: AuditActor): Promise<NewCityResult> {
  if (!CITY_ID.test(input.id)) {
    throw new InputRejectedError('CITY_INVALID', 'the new city', [{ where: '/id', message: `"${input.id}" is not a city id: lower-case letters, digits and dashes, starting with a letter (2 to 40)` }]);
  }
  if (await packs.cityExists(db, input.id)) throw conflict('CITY_EXISTS', `city "${input.id}" exists already`);
  const source = input.fromVersion !== undefined ? await packs.findVersion(db, fromCityId, input.fromVersion) : ((await packs.findVersionInForce(db, fromCityId, chinaToday())) ?? (await packs.listVersions(db, fromCityId)).at(-1) ?? null);
  if (!source) throw notFound(input.fromVersion !== undefined ? `pack version ${fromCityId}/${input.fromVersion}` : `a pack of ${fromCityId}`);

  let files: PackFile[];
  try {
    files = copyPack(await packs.readFiles(db, source.id), fromCityId, input.id, input.name);
  } catch (e) {
    if (e instanceof HotlineError && e.code === 'PACK_COPY_INVALID') throw conflict('PACK_COPY_INVALID', e.message);
    throw e;
  }
  const name = (JSON.parse(files.find((f) => f.path === 'city.json')!.text) as { name: string }).name;

  return db.transaction(async (trx) => {
    await packs.upsertAndLockCity(trx, input.id, name);
    const draft = await packs.insertDraft(trx, { cityId: input.id, contentHash: contentHash(files), source: `copied from ${fromCityId}/${source.number}`, createdBy: actor.name });
    await packs.insertFiles(trx, draft.id, files);
    await recordEvent(trx, {
      cityId: input.id,
      actor,
      action: 'city.created',
      subjectType: 'city',
      subjectId: input.id,
      details: { name, from: `${fromCityId}/${source.number}`, draft: draft.number, files: files.length, admin: input.admin.username },
    });
    await recordEvent(trx, {
      cityId: input.id,
      actor,
      action: 'pack.draftCreated',
      subjectType: 'packVersion',
      subjectId: `${input.id}/${draft.number}`,
      details: { number: draft.number, from: `${fromCityId}/${source.number}`, files: files.length },
    });
    const summary = await importOrganisation(
      trx,
      input.id,
      {
        places: [],
        units: [{ where: '/centre', code: 'centre', name: input.centreName ?? `${name.replace(/（新城市，待填写）$/, '')}政务服务便民热线`, kind: 'centre', parent: null, place: null }],
        users: [{ where: '/admin', username: input.admin.username, name: input.admin.name, unit: 'centre', roles: ['admin', 'policy'], password: input.admin.password ?? null }],
      },
      actor,
    );
    return {
      city: { id: input.id, name },
      version: draft,
      copiedFrom: { cityId: fromCityId, number: source.number },
      admin: { username: input.admin.username, password: summary.generatedPasswords[0]?.password ?? null },
    };
  });
}
