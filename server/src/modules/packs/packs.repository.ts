// City packs in PostgreSQL: cities, numbered pack versions and their files' text.
import type { Knex } from 'knex';
import type { PackFile } from '@hotline/rules';

/** draft → validated → published; the database refuses any other move (see the migration). */
export const PACK_STATUSES = ['draft', 'validated', 'published'] as const;
export type PackStatus = (typeof PACK_STATUSES)[number];

export interface PackVersion {
  id: number;
  cityId: string;
  number: number;
  status: PackStatus;
  contentHash: string;
  source: string;
  effectiveFrom: string | null;
  createdAt: string;
  createdBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

const toVersion = (r: Record<string, unknown>): PackVersion => ({
  id: r.id as number,
  cityId: r.city_id as string,
  number: r.number as number,
  status: r.status as PackStatus,
  contentHash: r.content_hash as string,
  source: r.source as string,
  effectiveFrom: (r.effective_from as string | null) ?? null,
  createdAt: (r.created_at as Date).toISOString(),
  createdBy: r.created_by as string,
  publishedAt: r.published_at ? (r.published_at as Date).toISOString() : null,
  publishedBy: (r.published_by as string | null) ?? null,
});

export async function cityExists(db: Knex, cityId: string): Promise<boolean> {
  return (await db('cities').where('id', cityId).first('id')) !== undefined;
}

/** Creates or renames the city and locks its row, so two imports cannot take the same number. */
export async function upsertAndLockCity(trx: Knex.Transaction, cityId: string, name: string): Promise<void> {
  await trx('cities').insert({ id: cityId, name }).onConflict('id').merge(['name']);
  await trx('cities').where('id', cityId).forUpdate().first('id');
}

export async function listVersions(db: Knex, cityId: string): Promise<PackVersion[]> {
  return (await db('pack_versions').where('city_id', cityId).orderBy('number')).map(toVersion);
}

export async function findVersion(db: Knex, cityId: string, number: number): Promise<PackVersion | null> {
  const row = await db('pack_versions').where({ city_id: cityId, number }).first();
  return row ? toVersion(row) : null;
}

export async function findVersionByHash(db: Knex, cityId: string, contentHash: string): Promise<PackVersion | null> {
  const row = await db('pack_versions').where({ city_id: cityId, content_hash: contentHash }).orderBy('number').first();
  return row ? toVersion(row) : null;
}

/** The published version in force on a local date: latest effective date, then highest number. */
export async function findVersionInForce(db: Knex, cityId: string, date: string): Promise<PackVersion | null> {
  const row = await db('pack_versions')
    .where({ city_id: cityId, status: 'published' })
    .andWhere('effective_from', '<=', date)
    .orderBy([{ column: 'effective_from', order: 'desc' }, { column: 'number', order: 'desc' }])
    .first();
  return row ? toVersion(row) : null;
}

export async function insertDraft(
  trx: Knex.Transaction,
  draft: { cityId: string; contentHash: string; source: string; createdBy: string },
): Promise<PackVersion> {
  const [{ next }] = await trx('pack_versions').where('city_id', draft.cityId).select(trx.raw('coalesce(max(number), 0) + 1 as next'));
  const [row] = await trx('pack_versions')
    .insert({ city_id: draft.cityId, number: next, status: 'draft', content_hash: draft.contentHash, source: draft.source, created_by: draft.createdBy })
    .returning('*');
  return toVersion(row);
}

export async function insertFiles(trx: Knex.Transaction, versionId: number, files: readonly PackFile[]): Promise<void> {
  await trx('pack_files').insert(files.map((f) => ({ version_id: versionId, path: f.path, text: f.text })));
}

export async function markValidated(trx: Knex.Transaction, versionId: number): Promise<void> {
  await trx('pack_versions').where('id', versionId).update({ status: 'validated', validated_at: trx.fn.now() });
}

export async function markPublished(trx: Knex.Transaction, versionId: number, effectiveFrom: string, publishedBy: string): Promise<PackVersion> {
  const [row] = await trx('pack_versions')
    .where('id', versionId)
    .update({ status: 'published', effective_from: effectiveFrom, published_at: trx.fn.now(), published_by: publishedBy })
    .returning('*');
  return toVersion(row);
}

export async function readFiles(db: Knex, versionId: number): Promise<PackFile[]> {
  return db('pack_files').where('version_id', versionId).orderBy('path').select('path', 'text');
}

/**
 * Locks a version's row for the rest of the transaction, so two saves, or a save and a publish, never
 * interleave. `for no key update`: rows that reference the version (process deployments written by
 * the engine's side while a publish waits for it) can still be inserted.
 */
export async function lockVersion(trx: Knex.Transaction, cityId: string, number: number): Promise<PackVersion | null> {
  const row = await trx('pack_versions').where({ city_id: cityId, number }).forNoKeyUpdate().first();
  return row ? toVersion(row) : null;
}

export async function readFile(db: Knex, versionId: number, path: string): Promise<PackFile | null> {
  const row = await db('pack_files').where({ version_id: versionId, path }).first('path', 'text');
  return row ? { path: row.path, text: row.text } : null;
}

/** Writes one file of a draft; true when it was created, false when it replaced one. */
export async function upsertFile(trx: Knex.Transaction, versionId: number, file: PackFile): Promise<boolean> {
  const [row] = await trx('pack_files')
    .insert({ version_id: versionId, path: file.path, text: file.text })
    .onConflict(['version_id', 'path'])
    .merge(['text'])
    .returning(trx.raw('(xmax = 0) as created'));
  return Boolean((row as { created: boolean }).created);
}

export async function deleteFile(trx: Knex.Transaction, versionId: number, path: string): Promise<boolean> {
  return (await trx('pack_files').where({ version_id: versionId, path }).delete()) > 0;
}

export async function updateContentHash(trx: Knex.Transaction, versionId: number, contentHash: string): Promise<void> {
  await trx('pack_versions').where('id', versionId).update({ content_hash: contentHash });
}

export async function listCities(db: Knex): Promise<Array<{ id: string; name: string }>> {
  return db('cities').orderBy('id').select('id', 'name');
}
