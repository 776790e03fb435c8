// Importing, publishing and exporting city packs. A pack is validated by @hotline/rules before
// anything is written, and stored in one transaction: an invalid pack leaves no trace.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Knex } from 'knex';
import { readPackFolder, writePackFolder } from '@hotline/cities';
import { type CityPack, HotlineError, type PackFile, type PackIssue, PackValidationError, parseLocalDate, parsePack, validatePack } from '@hotline/rules';
import { conflict, notFound } from '../../http/errors';
import { forbiddenInFiles, forbiddenTextError } from '../../http/text-input';
import { recordEvent } from '../audit/audit.repository';
import type { AuditActor } from '../auth/actor';
import * as packs from './packs.repository';
import type { PackVersion } from './packs.repository';

export interface ImportOptions {
  /** Shown before file names in error messages, as the CLI's `city validate` does: `cities/tianjin`. */
  label: string;
  /** The city the pack must be for (the folder's name, or the city in the API path). */
  expectedCityId?: string;
  actor: AuditActor;
}

export interface ImportResult {
  version: PackVersion;
  /** False when the same files were imported before: that earlier version is returned. */
  created: boolean;
}

/** Identifies a pack's content whatever the order its files were read in. */
export function contentHash(files: readonly PackFile[]): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => [f.path, f.text]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** A file path must stay inside the pack folder when exported: relative, no `..`, forward slashes. */
function unsafePaths(files: readonly PackFile[], label: string): PackIssue[] {
  return files
    .filter((f) => f.path.includes('\\') || f.path.split('/').some((part) => part === '' || part === '.' || part === '..'))
    .map((f) => ({ file: `${label}/${f.path}`, path: '', message: 'is not a relative path inside the pack folder (use a/b.json, no "..")' }));
}

export function listPackVersions(db: Knex, cityId: string): Promise<PackVersion[]> {
  return packs.listVersions(db, cityId);
}

export async function importPack(db: Knex, files: readonly PackFile[], options: ImportOptions): Promise<ImportResult> {
  const unsafe = unsafePaths(files, options.label);
  if (unsafe.length > 0) throw new PackValidationError(unsafe);
  const forbidden = forbiddenInFiles(files);
  if (forbidden.length > 0) throw forbiddenTextError(forbidden);
  const check = validatePack(files, { label: options.label, ...(options.expectedCityId ? { expectedId: options.expectedCityId } : {}) });
  if (!check.ok) throw new PackValidationError(check.issues);
  const { city } = check.pack;
  const hash = contentHash(files);
  return db.transaction(async (trx) => {
    await packs.upsertAndLockCity(trx, city.id, city.name);
    const same = await packs.findVersionByHash(trx, city.id, hash);
    if (same) return { version: same, created: false };
    // Files go in while the version is a draft; marking it validated freezes them (see the migration).
    const draft = await packs.insertDraft(trx, { cityId: city.id, contentHash: hash, source: options.label, createdBy: options.actor.name });
    await packs.insertFiles(trx, draft.id, files);
    await packs.markValidated(trx, draft.id);
    await recordEvent(trx, {
      cityId: city.id,
      actor: options.actor,
      action: 'pack.imported',
      subjectType: 'packVersion',
      subjectId: `${city.id}/${draft.number}`,
      details: { number: draft.number, source: options.label, files: files.length, contentHash: hash },
    });
    return { version: { ...draft, status: 'validated' as const }, created: true };
  });
}

export async function publishVersion(db: Knex, cityId: string, number: number, effectiveFrom: string, actor: AuditActor): Promise<PackVersion> {
  if (parseLocalDate(effectiveFrom) === null) throw new HotlineError('BAD_DATE', `effective date "${effectiveFrom}" is not a date (YYYY-MM-DD)`);
  return db.transaction(async (trx) => {
    const version = await packs.findVersion(trx, cityId, number);
    if (!version) throw notFound(`pack version ${cityId}/${number}`);
    if (version.status === 'published') {
      throw conflict('PACK_PUBLISHED', `pack version ${cityId}/${number} is already published (effective ${version.effectiveFrom}) and cannot change`);
    }
    if (version.status !== 'validated') throw conflict('PACK_NOT_VALIDATED', `pack version ${cityId}/${number} is a draft: validate it first`);
    const published = await packs.markPublished(trx, version.id, effectiveFrom, actor.name);
    await recordEvent(trx, {
      cityId,
      actor,
      action: 'pack.published',
      subjectType: 'packVersion',
      subjectId: `${cityId}/${number}`,
      details: { number, effectiveFrom },
    });
    return published;
  });
}

export async function versionFiles(db: Knex, cityId: string, number: number): Promise<{ version: PackVersion; files: PackFile[] }> {
  const version = await packs.findVersion(db, cityId, number);
  if (!version) throw notFound(`pack version ${cityId}/${number}`);
  return { version, files: await packs.readFiles(db, version.id) };
}

// Published versions never change, so a parsed pack can be kept for as long as its content hash lives.
const parsedPacks = new Map<string, CityPack>();

/** The published pack in force on a local date, parsed; null when the city has published none yet. */
export async function packInForce(db: Knex, cityId: string, date: string): Promise<{ version: PackVersion; pack: CityPack } | null> {
  const version = await packs.findVersionInForce(db, cityId, date);
  if (!version) return null;
  let pack = parsedPacks.get(version.contentHash);
  if (!pack) {
    pack = parsePack(await packs.readFiles(db, version.id), { label: `${cityId}/${version.number}` });
    parsedPacks.set(version.contentHash, pack);
  }
  return { version, pack };
}

/** `hotline city import <dir>`: the folder's name must be the city's id, as for `city validate`. */
export async function importPackFolder(db: Knex, dir: string, options: Omit<ImportOptions, 'expectedCityId'>): Promise<ImportResult> {
  return importPack(db, readPackFolder(dir), { ...options, expectedCityId: basename(resolve(dir)) });
}

/** Writes a version back as a folder; refuses a folder that already has files, so nothing is mixed. */
export async function exportPackFolder(db: Knex, cityId: string, number: number, targetDir: string): Promise<PackFile[]> {
  const { files } = await versionFiles(db, cityId, number);
  if (existsSync(targetDir) && readdirSync(targetDir).length > 0) {
    throw new HotlineError('EXPORT_TARGET_NOT_EMPTY', `${targetDir} already has files; export into a new or empty folder`);
  }
  writePackFolder(targetDir, files);
  return files;
}
