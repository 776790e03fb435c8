// The dispatch catalogue of a city: one published version in force, at most one version being worked on
// (a draft, or one in review), each change audited in the transaction that makes it. A draft is edited
// whole (a list, or an xlsx file) or one entry at a time; every write checks the whole draft, so a bad
// file stores nothing. Someone other than its submitter approves a version, which then replaces the
// published one (retired).
import type { Knex } from 'knex';
import {
  type CatalogueEntry,
  type EntryIssue,
  type MatterLookup,
  type NumberedEntry,
  type Place,
  entriesOfSheet,
  proposeUnits,
  sheetColumnOf,
  validateEntries,
} from '@hotline/dispatch-catalogue';
import { ApiError, conflict, notFoundZh } from '../../http/errors';
import { forbiddenCells, forbiddenTextError } from '../../http/text-input';
import type { Actor } from '../auth/actor';
import { recordEvent } from '../audit/audit.repository';
import type { PackCatalog } from '../workflow/pack-catalog';
import { grassrootsOf, packInForce, placesOf, taxonomyOf, unitsOf } from './catalogue-context';
import { readCatalogueSheet, writeCatalogueSheet } from './catalogue-xlsx';
import * as repo from './catalogue.repository';
import type { VersionRow, VersionStatus } from './catalogue.repository';

export interface VersionView {
  id: number;
  status: VersionStatus;
  entryCount: number;
  createdBy: string;
  createdAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  publishedAt: string | null;
  /** Counts the changes of the entries (see lockDraft). */
  revision: number;
}

export type EntryView = CatalogueEntry & { row: number; matterLabel: string; placeName: string | null; leadUnitName: string; assistingUnitNames: string[] };

export type Proposal =
  | { kind: 'catalogue'; leadUnit: string; assistingUnits: string[]; basis: string; entryRow: number; versionId: number; matchedMatter: string; matchedPlace: string | null }
  | { kind: 'determination'; reason: 'disputed' | 'noEntry' };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const versionView = (r: VersionRow): VersionView => ({
  id: r.id,
  status: r.status,
  entryCount: r.entry_count,
  createdBy: r.created_by_name,
  createdAt: r.created_at.toISOString(),
  submittedBy: r.submitted_by_name,
  submittedAt: iso(r.submitted_at),
  reviewedBy: r.reviewed_by_name,
  reviewedAt: iso(r.reviewed_at),
  reviewComment: r.review_comment,
  publishedAt: iso(r.published_at),
  revision: r.revision,
});

export async function overview(db: Knex, cityId: string): Promise<{ published: VersionView | null; draft: VersionView | null; inReview: VersionView | null }> {
  const [published, draft, inReview] = await Promise.all([repo.versionIn(db, cityId, ['published']), repo.versionIn(db, cityId, ['draft']), repo.versionIn(db, cityId, ['review'])]);
  return { published: published && versionView(published), draft: draft && versionView(draft), inReview: inReview && versionView(inReview) };
}

async function versionOf(db: Knex, cityId: string, id: number): Promise<VersionRow> {
  const version = await repo.findVersion(db, cityId, id);
  if (!version) throw notFoundZh(`派单目录版本 ${id} 不存在`);
  return version;
}

/** What entries are checked against: the pack in force's matters, the city's places and units. */
export interface CatalogueContextData {
  taxonomy: MatterLookup;
  places: Place[];
  units: Array<{ code: string; name: string; kind: string }>;
  /** A functional matter never to these unit kinds (the pack's `policies.dispatch.grassroots`). */
  grassroots: { unitKinds: readonly string[]; refusal: string } | undefined;
}

export async function contextOf(db: Knex, catalog: PackCatalog, cityId: string): Promise<CatalogueContextData> {
  const pack = await packInForce(catalog, cityId);
  const [places, units] = await Promise.all([placesOf(db, cityId), unitsOf(db, cityId)]);
  return { taxonomy: taxonomyOf(pack), places, units, grassroots: grassrootsOf(pack) };
}

export function entryViews(entries: ReadonlyArray<CatalogueEntry & { row: number }>, context: CatalogueContextData): EntryView[] {
  const unitName = (code: string) => context.units.find((u) => u.code === code)?.name ?? code;
  return entries.map((e) => ({
    ...e,
    matterLabel: context.taxonomy.label(e.matter),
    placeName: e.place === null ? null : (context.places.find((p) => p.code === e.place)?.name ?? e.place),
    leadUnitName: unitName(e.leadUnit),
    assistingUnitNames: e.assistingUnits.map(unitName),
  }));
}

export async function versionWithEntries(db: Knex, catalog: PackCatalog, cityId: string, id: number): Promise<{ version: VersionView; entries: EntryView[] }> {
  const version = await versionOf(db, cityId, id);
  const entries = await repo.readEntries(db, id);
  return { version: versionView(version), entries: entryViews(entries, await contextOf(db, catalog, cityId)) };
}

/** A catalogue refused whole: every issue with its row and column, in Chinese; nothing stored. */
export function catalogueRejected(issues: readonly EntryIssue[]): ApiError {
  return new ApiError(
    422,
    'CATALOGUE_INVALID',
    `派单目录有 ${issues.length} 处问题，未保存：` + issues.map((i) => `第 ${i.row} 行 ${i.column}：${i.messageZh}`).join('；'),
    issues.map((i) => ({ where: `第 ${i.row} 行 ${i.column}`, message: i.messageZh, messageZh: i.messageZh })),
    { issues: issues.map((i) => ({ row: i.row, column: i.column, message: i.messageZh })) },
  );
}

/** Creates the draft (a copy of the published version) inside a transaction; 409 if one is being worked on. */
export async function insertDraft(trx: Knex.Transaction, cityId: string, author: Pick<Actor, 'userId' | 'username' | 'displayName'>): Promise<number> {
  if (await repo.versionIn(trx, cityId, ['draft', 'review'])) {
    throw conflict('CATALOGUE_DRAFT_EXISTS', '已有派单目录草稿或待审核版本，请在其上修改');
  }
  const published = await repo.versionIn(trx, cityId, ['published']);
  const id = await repo.insertVersion(trx, cityId, { userId: author.userId, name: author.displayName });
  await repo.replaceEntries(trx, id, published ? await repo.readEntries(trx, published.id) : []);
  await recordEvent(trx, { cityId, actor: { userId: author.userId, name: author.username }, action: 'catalogue.draftCreated', subjectType: 'catalogueVersion', subjectId: String(id), details: { from: published?.id ?? null } });
  return id;
}

export async function createDraft(db: Knex, actor: Actor): Promise<VersionView> {
  const id = await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`catalogue:${actor.cityId}`]);
    return insertDraft(trx, actor.cityId, actor);
  });
  return versionView(await versionOf(db, actor.cityId, id));
}

/** Locks a version that must be a draft; with `revision`, one nobody changed since it was read. */
async function lockDraft(trx: Knex.Transaction, cityId: string, id: number, revision?: number): Promise<void> {
  const version = await repo.lockVersion(trx, cityId, id);
  if (!version) throw notFoundZh(`派单目录版本 ${id} 不存在`);
  if (version.status !== 'draft') throw conflict('CATALOGUE_NOT_DRAFT', `派单目录版本 ${id} 不是草稿（${version.status}），不能修改`);
  if (revision !== undefined && version.revision !== revision) {
    throw conflict('CATALOGUE_CHANGED', `草稿在您打开后已被修改（例如定责结论加入了条目），为免覆盖，本次未保存：请刷新后再改`);
  }
}

/** Checks and stores a draft's entries whole; refused with every issue, nothing stored. */
async function storeEntries(
  db: Knex,
  catalog: PackCatalog,
  actor: Actor,
  id: number,
  rows: NumberedEntry[],
  how: { columnOf?: typeof sheetColumnOf; action: 'catalogue.entriesReplaced' | 'catalogue.imported'; revision: number | undefined },
): Promise<VersionView> {
  const context = await contextOf(db, catalog, actor.cityId);
  const issues = validateEntries(rows, context, how.columnOf ? { columnOf: how.columnOf } : {});
  if (issues.length > 0) throw catalogueRejected(issues);
  await db.transaction(async (trx) => {
    await lockDraft(trx, actor.cityId, id, how.revision);
    await repo.replaceEntries(trx, id, rows.map((r) => r.entry));
    await recordEvent(trx, { cityId: actor.cityId, actor: { userId: actor.userId, name: actor.username }, action: how.action, subjectType: 'catalogueVersion', subjectId: String(id), details: { entries: rows.length } });
  });
  return versionView(await versionOf(db, actor.cityId, id));
}

/** An entry as JSON sends it: an empty place or end date is none (the request's coercion turns null into ""). */
const entryOf = (body: CatalogueEntry): CatalogueEntry => ({ ...body, place: body.place || null, effectiveTo: body.effectiveTo || null });

export function replaceEntries(db: Knex, catalog: PackCatalog, actor: Actor, id: number, entries: CatalogueEntry[], revision?: number): Promise<VersionView> {
  return storeEntries(db, catalog, actor, id, entries.map((entry, i) => ({ row: i + 1, entry: entryOf(entry) })), { action: 'catalogue.entriesReplaced', revision });
}

export async function importWorkbook(db: Knex, catalog: PackCatalog, actor: Actor, id: number, bytes: Buffer, revision?: number): Promise<VersionView> {
  await versionOf(db, actor.cityId, id);
  const sheet = await readCatalogueSheet(bytes);
  if (!sheet) throw catalogueRejected([{ row: 1, column: '文件', messageZh: '不是有效的 xlsx 文件' }]);
  const forbidden = forbiddenCells(sheet.header ? [sheet.header, ...sheet.rows] : sheet.rows);
  if (forbidden.length > 0) throw forbiddenTextError(forbidden);
  const { entries, issues } = entriesOfSheet(sheet.header, sheet.rows);
  if (issues.length > 0) throw catalogueRejected(issues);
  return storeEntries(db, catalog, actor, id, entries, { columnOf: sheetColumnOf, action: 'catalogue.imported', revision });
}

/** Appends one entry to a draft (checked with the draft's others: an overlap names both rows). */
export async function appendEntry(db: Knex, catalog: PackCatalog, actor: Actor, id: number, body: CatalogueEntry): Promise<EntryView> {
  const entry = entryOf(body);
  const context = await contextOf(db, catalog, actor.cityId);
  const row = await db.transaction(async (trx) => {
    await lockDraft(trx, actor.cityId, id);
    return addEntry(trx, context, actor.cityId, { userId: actor.userId, name: actor.username }, id, entry);
  });
  const [view] = entryViews([{ ...entry, row }], context);
  return view as EntryView;
}

/** Adds an entry to a locked draft after checking it against the draft's entries; its row. */
export async function addEntry(trx: Knex.Transaction, context: CatalogueContextData, cityId: string, author: { userId: string | null; name: string }, id: number, entry: CatalogueEntry): Promise<number> {
  const existing = await repo.readEntries(trx, id);
  const next = (existing.at(-1)?.row ?? 0) + 1;
  const issues = validateEntries([...existing.map(({ row, ...e }) => ({ row, entry: e })), { row: next, entry }], context).filter((i) => i.row === next);
  if (issues.length > 0) throw catalogueRejected(issues);
  const row = await repo.appendEntry(trx, id, entry);
  await recordEvent(trx, { cityId, actor: author, action: 'catalogue.entryAdded', subjectType: 'catalogueVersion', subjectId: String(id), details: { row, ...entry } });
  return row;
}

export async function exportWorkbook(db: Knex, catalog: PackCatalog, cityId: string, id: number): Promise<Buffer> {
  const { entries } = await versionWithEntries(db, catalog, cityId, id);
  return writeCatalogueSheet(entries.map((e) => ({ entry: e, names: e })));
}

export async function submitVersion(db: Knex, actor: Actor, id: number): Promise<VersionView> {
  await db.transaction(async (trx) => {
    await lockDraft(trx, actor.cityId, id);
    await repo.updateVersion(trx, id, { status: 'review', submitted_by: actor.userId, submitted_by_name: actor.displayName, submitted_at: trx.fn.now(), review_comment: null });
    await recordEvent(trx, { cityId: actor.cityId, actor: { userId: actor.userId, name: actor.username }, action: 'catalogue.submitted', subjectType: 'catalogueVersion', subjectId: String(id) });
  });
  return versionView(await versionOf(db, actor.cityId, id));
}

/** Approve: the version is published and the one before retired; reject: back to a draft. Not by its submitter. */
export async function reviewVersion(db: Knex, actor: Actor, id: number, review: { decision: 'approve' | 'reject'; comment?: string | undefined }): Promise<VersionView> {
  await db.transaction(async (trx) => {
    const version = await repo.lockVersion(trx, actor.cityId, id);
    if (!version) throw notFoundZh(`派单目录版本 ${id} 不存在`);
    if (version.status !== 'review') throw conflict('CATALOGUE_NOT_IN_REVIEW', `派单目录版本 ${id} 未提交审核（${version.status}）`);
    if (version.submitted_by === actor.userId) throw new ApiError(403, 'REVIEWER_IS_SUBMITTER', '提交人不能审核自己提交的派单目录');
    const reviewed = { reviewed_by: actor.userId, reviewed_by_name: actor.displayName, reviewed_at: trx.fn.now(), review_comment: review.comment ?? null };
    const audit = { userId: actor.userId, name: actor.username };
    if (review.decision === 'reject') {
      await repo.updateVersion(trx, id, { ...reviewed, status: 'draft' });
      await recordEvent(trx, { cityId: actor.cityId, actor: audit, action: 'catalogue.rejected', subjectType: 'catalogueVersion', subjectId: String(id), details: { comment: review.comment ?? null } });
      return;
    }
    const previous = await repo.versionIn(trx, actor.cityId, ['published']);
    if (previous) await repo.updateVersion(trx, previous.id, { status: 'retired', retired_at: trx.fn.now() });
    await repo.updateVersion(trx, id, { ...reviewed, status: 'published', published_at: trx.fn.now() });
    await recordEvent(trx, { cityId: actor.cityId, actor: audit, action: 'catalogue.published', subjectType: 'catalogueVersion', subjectId: String(id), details: { retired: previous?.id ?? null, comment: review.comment ?? null } });
  });
  return versionView(await versionOf(db, actor.cityId, id));
}

/** The published catalogue's proposal for a matter in a place on a day (the city's YYYY-MM-DD). */
export async function proposalFor(db: Knex, catalog: PackCatalog, cityId: string, query: { matter: string | null; place: string | null; at: string }): Promise<Proposal> {
  if (query.matter === null) return { kind: 'determination', reason: 'noEntry' };
  const taxonomy = taxonomyOf(await packInForce(catalog, cityId));
  const published = await repo.versionIn(db, cityId, ['published']);
  const entries = published ? await repo.readEntries(db, published.id) : [];
  // places are read only for a ticket that has one
  const places = query.place === null ? [] : await placesOf(db, cityId);
  const proposal = proposeUnits(entries, { ...query, taxonomy, places });
  if (proposal.kind === 'determination' || !published) return { kind: 'determination', reason: proposal.kind === 'determination' ? proposal.reason : 'noEntry' };
  const entry = proposal.entry as CatalogueEntry & { row: number };
  return {
    kind: 'catalogue',
    leadUnit: proposal.leadUnit,
    assistingUnits: proposal.assistingUnits,
    basis: entry.basis,
    entryRow: entry.row,
    versionId: published.id,
    matchedMatter: entry.matter,
    matchedPlace: entry.place,
  };
}
