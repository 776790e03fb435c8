// The catalogue's tables (migration 0011): versions, their entries, dispatch decisions and determinations.
// Every query is bounded by the city.
import type { Knex } from 'knex';
import type { CatalogueEntry } from '@hotline/dispatch-catalogue';

export type VersionStatus = 'draft' | 'review' | 'published' | 'retired';

export interface VersionRow {
  id: number;
  city_id: string;
  status: VersionStatus;
  created_by: string | null;
  created_by_name: string;
  created_at: Date;
  submitted_by: string | null;
  submitted_by_name: string | null;
  submitted_at: Date | null;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
  review_comment: string | null;
  published_at: Date | null;
  entry_count: number;
  revision: number;
}

function versions(db: Knex, cityId: string) {
  return db('catalogue_versions as v')
    .where('v.city_id', cityId)
    .select('v.*', db.raw('(select count(*) from catalogue_entries e where e.version_id = v.id)::int as entry_count'));
}

export async function findVersion(db: Knex, cityId: string, id: number): Promise<VersionRow | null> {
  return (await versions(db, cityId).where('v.id', id).first()) ?? null;
}

/** The city's version in a status (at most one is draft or review, one published: the database says so). */
export async function versionIn(db: Knex, cityId: string, statuses: readonly VersionStatus[]): Promise<VersionRow | null> {
  return (await versions(db, cityId).whereIn('v.status', statuses).orderBy('v.id', 'desc').first()) ?? null;
}

/** Locks the version's row for a change; null when it is not the city's. */
export async function lockVersion(trx: Knex.Transaction, cityId: string, id: number): Promise<{ id: number; status: VersionStatus; submitted_by: string | null; revision: number } | null> {
  return (await trx('catalogue_versions').where({ city_id: cityId, id }).forUpdate().first('id', 'status', 'submitted_by', 'revision')) ?? null;
}

export async function insertVersion(trx: Knex.Transaction, cityId: string, by: { userId: string | null; name: string }, status: VersionStatus = 'draft'): Promise<number> {
  const [row] = await trx('catalogue_versions')
    .insert({ city_id: cityId, status, created_by: by.userId, created_by_name: by.name, ...(status === 'published' ? { published_at: trx.fn.now(), submitted_at: trx.fn.now() } : {}) })
    .returning('id');
  return row.id as number;
}

export async function updateVersion(trx: Knex.Transaction, id: number, changes: Record<string, unknown>): Promise<void> {
  await trx('catalogue_versions').where({ id }).update(changes);
}

const toEntry = (r: Record<string, unknown>): CatalogueEntry & { row: number } => ({
  row: r.row as number,
  matter: r.matter as string,
  place: (r.place as string | null) ?? null,
  leadUnit: r.lead_unit as string,
  assistingUnits: r.assisting_units as string[],
  basis: r.basis as string,
  effectiveFrom: r.effective_from as string,
  effectiveTo: (r.effective_to as string | null) ?? null,
});

export async function readEntries(db: Knex, versionId: number): Promise<Array<CatalogueEntry & { row: number }>> {
  return (await db('catalogue_entries').where({ version_id: versionId }).orderBy('row')).map(toEntry);
}

const entryRow = (versionId: number, row: number, e: CatalogueEntry) => ({
  version_id: versionId,
  row,
  matter: e.matter,
  place: e.place,
  lead_unit: e.leadUnit,
  assisting_units: e.assistingUnits,
  basis: e.basis,
  effective_from: e.effectiveFrom,
  effective_to: e.effectiveTo,
});

/** Replaces a version's entries, numbered from 1 in the order given. */
/** One more change of the version's entries. */
async function revised(trx: Knex.Transaction, versionId: number): Promise<void> {
  await trx('catalogue_versions').where({ id: versionId }).increment('revision', 1);
}

export async function replaceEntries(trx: Knex.Transaction, versionId: number, entries: readonly CatalogueEntry[]): Promise<void> {
  await revised(trx, versionId);
  await trx('catalogue_entries').where({ version_id: versionId }).delete();
  if (entries.length > 0) await trx.batchInsert('catalogue_entries', entries.map((e, i) => entryRow(versionId, i + 1, e)), 500).transacting(trx);
}

/** Appends an entry after the last; returns its row. */
export async function appendEntry(trx: Knex.Transaction, versionId: number, entry: CatalogueEntry): Promise<number> {
  const last = await trx('catalogue_entries').where({ version_id: versionId }).max({ row: 'row' }).first();
  const row = ((last?.row as number | null) ?? 0) + 1;
  await revised(trx, versionId);
  await trx('catalogue_entries').insert(entryRow(versionId, row, entry));
  return row;
}
