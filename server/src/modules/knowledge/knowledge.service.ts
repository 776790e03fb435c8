// 热线知识库 (Tianjin 2025 §15–§20, Tianjin 2024 §20, Hangzhou §25, Turpan §25): a unit writes its own
// entries (§15: it answers for them), submits a version to the centre's review (a subject process,
// knowledge-subject.ts), the published version is offered at registration while it is effective; the
// centre flags an entry for update and the unit has the pack's period to do it (§17).
import type { Knex } from 'knex';
import {
  type KnowledgeCategory,
  type KnowledgePolicy,
  type RuleVersion,
  categoryKeys,
  categoryPath,
  expiryDue,
  isOffered,
  knowledgeProblems,
  policyNoticeInTime,
  updateDueAt,
} from '@hotline/rules';
import type { KnowledgeDraft, KnowledgeEntry, KnowledgeEntryDetail, KnowledgeHit, KnowledgeReading, KnowledgeSettings, KnowledgeVersion } from '@hotline/api-types';
import { ApiError, conflict, forbidden, outOfScope, unavailable } from '../../http/errors';
import { chinaToday } from '../../local-day';
import { type Actor, type AuditActor, auditActorOf } from '../auth/actor';
import { recordEvent } from '../audit/audit.repository';
import type { SubjectProcessStarter } from '../subjects/subject-kind';
import type { PackCatalog, PackEntry } from '../workflow/pack-catalog';
import { startUpdateTask } from './knowledge-update';
import { isUuid } from '../../database/ids';

export const KNOWLEDGE_SUBJECT_KIND = 'knowledgeEntry';

export interface KnowledgeRules {
  entry: PackEntry;
  version: RuleVersion;
  policy: KnowledgePolicy;
}

/** The knowledge rules of the city's rule version in force at `nowMs`. */
export async function knowledgeRules(catalog: PackCatalog, cityId: string, nowMs: number): Promise<KnowledgeRules> {
  const entry = await catalog.inForce(cityId);
  const version = entry?.rules.versionAt(nowMs);
  if (!entry || !version?.knowledge) throw conflict('KNOWLEDGE_NOT_SET_UP', '本市现行规则版本未设置热线知识库（knowledge），请先在规则包中设置目录和有效期');
  return { entry, version, policy: version.knowledge };
}

interface EntryRow {
  id: string;
  city_id: string;
  code: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  published_version: number | null;
  update_reason: string | null;
  update_emergency: boolean;
  update_flagged_at: Date | null;
  update_due_at: Date | null;
  view_count: string | number;
}

interface VersionRow {
  entry_id: string;
  version: number;
  status: KnowledgeVersion['status'];
  category: string;
  kind: string;
  title: string;
  content: string;
  basis: string;
  effective_from: string;
  expires_on: string;
  return_reason: string | null;
  policy_publish_at: Date | null;
  created_at: Date;
  submitted_at: Date | null;
  published_at: Date | null;
}

const VERSION_COLUMNS = [
  'entry_id',
  'version',
  'status',
  'category',
  'kind',
  'title',
  'content',
  'basis',
  'effective_from',
  'expires_on',
  'return_reason',
  'policy_publish_at',
  'created_at',
  'submitted_at',
  'published_at',
] as const;

const isCentre = (actor: Actor): boolean => actor.grants.scope === 'centre';
/** §15: a unit keeps its own unit's entries. */
const mayEdit = (actor: Actor, row: Pick<EntryRow, 'unit_id'>): boolean => row.unit_id === actor.unitId;

function entriesQuery(db: Knex | Knex.Transaction, cityId: string) {
  return db('knowledge_entries as e')
    .join('units as u', 'u.id', 'e.unit_id')
    .where('e.city_id', cityId)
    .select('e.id', 'e.city_id', 'e.code', 'e.unit_id', 'u.code as unit_code', 'u.name as unit_name', 'e.published_version', 'e.update_reason', 'e.update_emergency', 'e.update_flagged_at', 'e.update_due_at', 'e.view_count');
}

async function versionsOf(db: Knex | Knex.Transaction, entryIds: string[]): Promise<VersionRow[]> {
  if (entryIds.length === 0) return [];
  return db('knowledge_versions')
    .whereIn('entry_id', entryIds)
    .orderBy([{ column: 'entry_id' }, { column: 'version', order: 'desc' }])
    .select(VERSION_COLUMNS.map((c) => (c === 'effective_from' || c === 'expires_on' ? db.raw(`to_char(${c}, 'YYYY-MM-DD') as ${c}`) : c)));
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** §18: was the policy the version announces submitted the pack's lead before it is made public? */
function policyNotice(row: VersionRow, rules: KnowledgeRules): KnowledgeVersion['policyNotice'] {
  if (!row.policy_publish_at || !row.submitted_at) return null;
  const ctx = { calendar: rules.entry.rules.calendar, offsetMinutes: rules.entry.rules.offsetMinutes, mode: rules.version.workingDayMode, officeHours: rules.version.officeHours.periods };
  return policyNoticeInTime(row.submitted_at.getTime(), row.policy_publish_at.getTime(), rules.policy, ctx) ? 'inTime' : 'late';
}

function versionView(row: VersionRow, rules: KnowledgeRules): KnowledgeVersion {
  const policy = rules.policy;
  return {
    version: row.version,
    status: row.status,
    category: row.category,
    categoryPath: categoryPath(policy.categories, row.category) ?? [row.category],
    kind: row.kind,
    kindLabel: policy.kinds.find((k) => k.key === row.kind)?.label ?? row.kind,
    title: row.title,
    content: row.content,
    basis: row.basis,
    effectiveFrom: row.effective_from,
    expiresOn: row.expires_on,
    returnReason: row.return_reason,
    policyPublishAt: iso(row.policy_publish_at),
    policyNotice: policyNotice(row, rules),
    createdAt: row.created_at.toISOString(),
    submittedAt: iso(row.submitted_at),
    publishedAt: iso(row.published_at),
  };
}

function entryView(row: EntryRow, versions: VersionRow[], rules: KnowledgeRules, actor: Actor, nowMs: number): KnowledgeEntry {
  const latest = versions[0] as VersionRow;
  const published = versions.find((v) => v.status === 'published');
  const today = chinaToday(nowMs);
  const due = row.update_due_at;
  const policy = rules.policy;
  return {
    id: row.id,
    code: row.code,
    unit: { code: row.unit_code, name: row.unit_name },
    publishedVersion: row.published_version,
    latest: versionView(latest, rules),
    offered: published ? isOffered({ status: published.status, effectiveFrom: published.effective_from, expiresOn: published.expires_on }, today) : false,
    updateDue:
      due && row.update_flagged_at
        ? {
            reason: row.update_reason ?? '',
            emergency: row.update_emergency,
            flaggedAt: row.update_flagged_at.toISOString(),
            dueAt: due.toISOString(),
            overdue: due.getTime() < nowMs,
            source: policy.source,
          }
        : null,
    views: Number(row.view_count),
    mayEdit: mayEdit(actor, row),
    mayFlag: isCentre(actor),
  };
}

/** The pack's knowledge settings as the editor shows them: the tree (flat), kinds, the periods in words. */
export function settingsOf(rules: KnowledgeRules): KnowledgeSettings {
  const flat: KnowledgeSettings['categories'] = [];
  const walk = (tree: readonly KnowledgeCategory[], parent: string | null, depth: number) => {
    for (const c of tree) {
      flat.push({ key: c.key, label: c.label, parent, depth });
      walk(c.children ?? [], c.key, depth + 1);
    }
  };
  walk(rules.policy.categories, null, 0);
  const p = rules.policy;
  return {
    categories: flat,
    kinds: p.kinds.map((k) => ({ key: k.key, label: k.label, maxValidityMonths: k.maxValidityMonths })),
    source: p.source,
    updatePeriodText: periodText(p.updatePeriod),
    emergencyUpdatePeriodText: periodText(p.emergencyUpdatePeriod),
    policyNoticeLeadText: periodText(p.policyNoticeLead),
  };
}

const UNIT_WORDS: Record<string, string> = { minute: '分钟', hour: '小时', day: '天', workingDay: '个工作日' };
const periodText = (p: { amount: number; unit: string }): string => `${p.amount}${UNIT_WORDS[p.unit] ?? p.unit}`;

function checkDraft(draft: KnowledgeDraft, policy: KnowledgePolicy): void {
  const problems = knowledgeProblems(draft, policy);
  if (problems.length > 0) {
    const refusedSecret = problems.some((p) => p.where === '/classification') ? 'KNOWLEDGE_CLASSIFIED' : problems.some((p) => p.message.includes('个人信息')) ? 'KNOWLEDGE_PERSONAL_DATA' : 'KNOWLEDGE_INVALID';
    throw new ApiError(422, refusedSecret, problems.map((p) => p.message).join('；'), problems.map((p) => ({ where: p.where, message: p.message, messageZh: p.message })), {
      errors: problems.map((p) => ({ path: p.where, message: p.message, messageZh: p.message })),
    });
  }
}

const versionFields = (draft: KnowledgeDraft) => ({
  category: draft.category,
  kind: draft.kind,
  title: draft.title.trim(),
  content: draft.content.trim(),
  basis: draft.basis.trim(),
  classification: draft.classification,
  effective_from: draft.effectiveFrom,
  expires_on: draft.expiresOn,
  policy_publish_at: draft.policyPublishAt ? new Date(draft.policyPublishAt) : null,
});

/** A new entry of the actor's own unit, its first version a draft. */
export async function createEntry(db: Knex, catalog: PackCatalog, actor: Actor, draft: KnowledgeDraft, nowMs: number): Promise<KnowledgeEntryDetail> {
  const rules = await knowledgeRules(catalog, actor.cityId, nowMs);
  checkDraft(draft, rules.policy);
  const id = await db.transaction(async (trx) => {
    const [row] = await trx('knowledge_entries').insert({ city_id: actor.cityId, unit_id: actor.unitId, created_by: actor.userId }).returning(['id', 'code']);
    await trx('knowledge_versions').insert({ entry_id: row.id, version: 1, city_id: actor.cityId, status: 'draft', created_by: actor.userId, ...versionFields(draft) });
    await recordEvent(trx, { cityId: actor.cityId, actor: auditActorOf(actor), action: 'knowledge.saved', subjectType: 'knowledgeEntry', subjectId: row.code, details: { version: 1 } });
    return row.id as string;
  });
  return entryDetail(db, catalog, actor, id, nowMs, { count: false });
}

async function entryRow(db: Knex | Knex.Transaction, actor: Actor, id: string): Promise<EntryRow> {
  const row = isUuid(id) ? ((await entriesQuery(db, actor.cityId).where('e.id', id).first()) as EntryRow | undefined) : undefined;
  if (!row) throw outOfScope(`knowledge entry ${id}`, `knowledge entry ${id} of another city or none`);
  return row;
}

function requireOwnUnit(actor: Actor, row: EntryRow): void {
  if (!mayEdit(actor, row)) throw forbidden(`knowledge entry ${row.code} belongs to unit ${row.unit_code}: only its own unit edits and submits it (Tianjin 2025 §15)`);
}

/**
 * Saves a draft: the open draft is changed in place; a published entry (or one whose draft is in review:
 * refused) gets a new draft version, the published one stays offered until the new one is published.
 */
export async function saveDraft(db: Knex, catalog: PackCatalog, actor: Actor, id: string, draft: KnowledgeDraft, nowMs: number): Promise<KnowledgeEntryDetail> {
  const rules = await knowledgeRules(catalog, actor.cityId, nowMs);
  const row = await entryRow(db, actor, id);
  requireOwnUnit(actor, row);
  checkDraft(draft, rules.policy);
  await db.transaction(async (trx) => {
    const latest = (await trx('knowledge_versions').where({ entry_id: id }).orderBy('version', 'desc').forUpdate().first('version', 'status')) as { version: number; status: string };
    if (latest.status === 'review') throw conflict('KNOWLEDGE_IN_REVIEW', `知识条目 ${row.code} 第${latest.version}版正在审核中，审核完成前不能修改`);
    let version = latest.version;
    if (latest.status === 'draft') {
      await trx('knowledge_versions').where({ entry_id: id, version }).update({ ...versionFields(draft), return_reason: null });
    } else {
      version += 1;
      await trx('knowledge_versions').insert({ entry_id: id, version, city_id: actor.cityId, status: 'draft', created_by: actor.userId, ...versionFields(draft) });
    }
    await recordEvent(trx, { cityId: actor.cityId, actor: auditActorOf(actor), action: 'knowledge.saved', subjectType: 'knowledgeEntry', subjectId: row.code, details: { version } });
  });
  return entryDetail(db, catalog, actor, id, nowMs, { count: false });
}

/** 提交审核: the draft goes to the centre's review, a subject process the starter runs. */
export async function submitEntry(db: Knex, catalog: PackCatalog, starter: SubjectProcessStarter | null, actor: Actor, id: string, nowMs: number): Promise<KnowledgeEntryDetail> {
  const row = await entryRow(db, actor, id);
  requireOwnUnit(actor, row);
  if (!starter) throw unavailable('KNOWLEDGE_REVIEW_UNAVAILABLE', '知识库条目审核流程尚未就绪，暂不能提交审核');
  await db.transaction(async (trx) => {
    const latest = (await trx('knowledge_versions').where({ entry_id: id }).orderBy('version', 'desc').forUpdate().first()) as VersionRow;
    if (latest.status !== 'draft') throw conflict('KNOWLEDGE_NOT_DRAFT', `知识条目 ${row.code} 没有待提交的草稿（第${latest.version}版${latest.status === 'review' ? '正在审核中' : '已发布'}）`);
    const { processInstanceKey } = await starter.start(trx, {
      kind: KNOWLEDGE_SUBJECT_KIND,
      cityId: actor.cityId,
      subjectId: id,
      unitId: row.unit_id,
      title: `${row.code} 第${latest.version}版 ${latest.title}`,
      variables: { code: row.code, version: latest.version, title: latest.title },
    });
    await trx('knowledge_versions').where({ entry_id: id, version: latest.version }).update({ status: 'review', submitted_at: new Date(nowMs), process_instance_key: processInstanceKey, return_reason: null });
    await recordEvent(trx, { cityId: actor.cityId, actor: auditActorOf(actor), action: 'knowledge.submitted', subjectType: 'knowledgeEntry', subjectId: row.code, details: { version: latest.version, processInstanceKey } });
  });
  return entryDetail(db, catalog, actor, id, nowMs, { count: false });
}

/** The reviewer's reason for a return, from the review form's fields (`reason`, else `opinion`, else `comment`). */
function returnReasonOf(variables: Record<string, unknown>): string {
  for (const name of ['reason', 'returnReason', 'opinion', 'comment']) {
    const value = variables[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return '审核未通过';
}

/**
 * The review's outcome, in the transaction that records it: `published` publishes the version in review
 * (the one published before is superseded; an update asked for is done), `returned` gives it back to
 * the unit as a draft with the reviewer's reason.
 */
export async function applyReviewOutcome(
  trx: Knex.Transaction,
  subject: { cityId: string; subjectId: string },
  outcome: string,
  variables: Record<string, unknown>,
  actor: AuditActor | null,
  nowMs: number = Date.now(),
): Promise<void> {
  const entry = (await trx('knowledge_entries').where({ id: subject.subjectId, city_id: subject.cityId }).forUpdate().first('id', 'code')) as { id: string; code: string } | undefined;
  if (!entry) throw new Error(`knowledge entry ${subject.subjectId} of ${subject.cityId}: none`);
  const inReview = (await trx('knowledge_versions').where({ entry_id: entry.id, status: 'review' }).first('version')) as { version: number } | undefined;
  if (!inReview) return; // an outcome heard twice: the first one applied
  const who = actor ?? { userId: null, name: 'system' };
  if (outcome === 'published') {
    await trx('knowledge_versions').where({ entry_id: entry.id, status: 'published' }).update({ status: 'superseded', search_bigrams: null });
    await trx('knowledge_versions')
      .where({ entry_id: entry.id, version: inReview.version })
      .update({ status: 'published', published_at: new Date(nowMs), published_by: who.name, search_bigrams: trx.raw(`text_bigrams(title || ' ' || content)`) });
    await trx('knowledge_entries')
      .where({ id: entry.id })
      .update({ published_version: inReview.version, update_reason: null, update_emergency: false, update_flagged_at: null, update_flagged_by: null, update_due_at: null });
    await recordEvent(trx, { cityId: subject.cityId, actor: who, action: 'knowledge.published', subjectType: 'knowledgeEntry', subjectId: entry.code, details: { version: inReview.version } });
  } else if (outcome === 'returned') {
    const reason = returnReasonOf(variables);
    await trx('knowledge_versions').where({ entry_id: entry.id, version: inReview.version }).update({ status: 'draft', return_reason: reason });
    await recordEvent(trx, { cityId: subject.cityId, actor: who, action: 'knowledge.returned', subjectType: 'knowledgeEntry', subjectId: entry.code, details: { version: inReview.version, reason } });
  } else {
    throw new Error(`knowledge entry review: unknown outcome "${outcome}" (published or returned)`);
  }
}

/**
 * Entries of the city whose published version expires within the pack's notice days flag themselves
 * for update (§19: the unit confirms or renews before expiry); due at the end of the expiry day. Each
 * flag starts its unit's 知识更新 task (knowledge-update.ts) when a starter is wired.
 */
export async function flagExpiring(db: Knex, rules: KnowledgeRules, cityId: string, nowMs: number, starter: SubjectProcessStarter | null = null): Promise<number> {
  const today = chinaToday(nowMs);
  const candidates = (await db('knowledge_versions as v')
    .join('knowledge_entries as e', 'e.id', 'v.entry_id')
    .where({ 'v.city_id': cityId, 'v.status': 'published' })
    .whereNull('e.update_due_at')
    .whereRaw('v.expires_on <= ?::date + ?::int', [today, rules.policy.expiryNoticeDays])
    .select('e.id', 'e.code', 'e.unit_id', db.raw(`to_char(v.expires_on, 'YYYY-MM-DD') as expires_on`))) as Array<{ id: string; code: string; unit_id: string; expires_on: string }>;
  let flagged = 0;
  for (const c of candidates) {
    if (!expiryDue(c.expires_on, today, rules.policy)) continue;
    const endOfExpiry = Date.parse(`${c.expires_on}T00:00:00Z`) - rules.entry.rules.offsetMinutes * 60_000 + 86_400_000;
    const reason = `有效期至 ${c.expires_on}，请确认有效性或申请更新（实施细则第十九条）`;
    flagged += await db.transaction(async (trx) => {
      const n = await trx('knowledge_entries')
        .where({ id: c.id })
        .whereNull('update_due_at')
        .update({ update_reason: reason, update_emergency: false, update_flagged_at: new Date(nowMs), update_due_at: new Date(endOfExpiry) });
      if (n > 0) {
        const flag = { cityId, entryId: c.id, code: c.code, unitId: c.unit_id, reason, emergency: false, dueMs: endOfExpiry, offsetMinutes: rules.entry.rules.offsetMinutes, actor: null };
        await startUpdateTask(trx, starter, flag);
      }
      return n;
    });
  }
  return flagged;
}

/**
 * 需更新: the centre asks the unit to update an entry; due by the pack's period (§17) with the city's
 * calendar. The flag starts the unit's 知识更新 task (knowledge-update.ts) unless one is open already.
 */
export async function flagForUpdate(
  db: Knex,
  catalog: PackCatalog,
  starter: SubjectProcessStarter | null,
  actor: Actor,
  id: string,
  input: { reason: string; emergency?: boolean | undefined },
  nowMs: number,
): Promise<KnowledgeEntryDetail> {
  if (!isCentre(actor)) throw forbidden('only the hotline centre asks a unit to update a knowledge entry (Tianjin 2025 §17)');
  const rules = await knowledgeRules(catalog, actor.cityId, nowMs);
  const row = await entryRow(db, actor, id);
  const emergency = input.emergency === true;
  const dueMs = updateDueAt(nowMs, emergency, rules.policy, {
    calendar: rules.entry.rules.calendar,
    offsetMinutes: rules.entry.rules.offsetMinutes,
    mode: rules.version.workingDayMode,
    officeHours: rules.version.officeHours.periods,
  });
  await db.transaction(async (trx) => {
    await trx('knowledge_entries')
      .where({ id })
      .update({ update_reason: input.reason.trim(), update_emergency: emergency, update_flagged_at: new Date(nowMs), update_flagged_by: actor.userId, update_due_at: new Date(dueMs) });
    await recordEvent(trx, { cityId: actor.cityId, actor: auditActorOf(actor), action: 'knowledge.flagged', subjectType: 'knowledgeEntry', subjectId: row.code, details: { emergency, dueAt: new Date(dueMs).toISOString() } });
    const flag = { cityId: actor.cityId, entryId: id, code: row.code, unitId: row.unit_id, reason: input.reason.trim(), emergency, dueMs, offsetMinutes: rules.entry.rules.offsetMinutes, actor: auditActorOf(actor) };
    await startUpdateTask(trx, starter, flag);
  });
  return entryDetail(db, catalog, actor, id, nowMs, { count: false });
}

/** The entries an actor keeps or oversees: a unit its own unit's, the centre the city's; `due`: 待更新 only. */
export async function listEntries(
  db: Knex,
  catalog: PackCatalog,
  actor: Actor,
  query: { scope?: 'all' | 'mine' | 'due' | undefined; category?: string | undefined; page?: number | undefined; pageSize?: number | undefined },
  nowMs: number,
  starter: SubjectProcessStarter | null = null,
): Promise<{ items: KnowledgeEntry[]; total: number }> {
  const rules = await knowledgeRules(catalog, actor.cityId, nowMs);
  await flagExpiring(db, rules, actor.cityId, nowMs, starter);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const q = entriesQuery(db, actor.cityId);
  if (!isCentre(actor) || query.scope === 'mine') q.where('e.unit_id', actor.unitId);
  if (query.scope === 'due') q.whereNotNull('e.update_due_at');
  if (query.category) {
    const below = subtreeKeys(rules.policy.categories, query.category);
    q.whereExists(db('knowledge_versions as v').whereRaw('v.entry_id = e.id').whereIn('v.category', below).whereRaw('v.version = (select max(version) from knowledge_versions w where w.entry_id = e.id)'));
  }
  const [{ n }] = (await q.clone().clearSelect().count({ n: '*' })) as [{ n: string }];
  const rows = (await q.orderByRaw('e.update_due_at asc nulls last, e.created_at desc').offset((page - 1) * pageSize).limit(pageSize)) as EntryRow[];
  const versions = await versionsOf(db, rows.map((r) => r.id));
  return { items: rows.map((r) => entryView(r, versions.filter((v) => v.entry_id === r.id), rules, actor, nowMs)), total: Number(n) };
}

function subtreeKeys(tree: readonly KnowledgeCategory[], key: string): string[] {
  for (const c of tree) {
    if (c.key === key) return [c.key, ...categoryKeys(c.children ?? [])];
    const below = subtreeKeys(c.children ?? [], key);
    if (below.length > 0) return below;
  }
  return [];
}

async function countView(db: Knex, actor: Actor, entryId: string, version: number): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('knowledge_views').insert({ entry_id: entryId, version, user_id: actor.userId });
    await trx('knowledge_entries').where({ id: entryId }).increment('view_count', 1);
  });
}

/**
 * An entry with all its versions. Published (and superseded) versions are for every signed-in member of
 * staff (§20: for their duties); drafts and versions in review only for its own unit and the centre.
 */
export async function entryDetail(db: Knex, catalog: PackCatalog, actor: Actor, id: string, nowMs: number, options = { count: true }): Promise<KnowledgeEntryDetail> {
  const rules = await knowledgeRules(catalog, actor.cityId, nowMs);
  const row = await entryRow(db, actor, id);
  const all = await versionsOf(db, [id]);
  const seesDrafts = mayEdit(actor, row) || isCentre(actor);
  const versions = seesDrafts ? all : all.filter((v) => v.status === 'published' || v.status === 'superseded');
  if (versions.length === 0) throw outOfScope(`knowledge entry ${id}`, `knowledge entry ${row.code} has no published version and belongs to another unit`);
  if (options.count) {
    await countView(db, actor, id, versions[0]!.version);
    row.view_count = Number(row.view_count) + 1;
  }
  return { entry: entryView(row, versions, rules, actor, nowMs), versions: versions.map((v) => versionView(v, rules)) };
}

/** What an answer cites: 〔KB-000123 第2版〕 and the title. */
export const referenceOf = (code: string, version: number, title: string): string => `〔${code} 第${version}版〕${title.length > 60 ? `${title.slice(0, 60)}…` : title}`;
const REFERENCE = /〔(KB-\d{6}) 第(\d+)版〕/g;

/** The published version offered today, as the registrar reads it; the reading is counted. */
export async function readOffered(db: Knex, catalog: PackCatalog, actor: Actor, id: string, nowMs: number): Promise<KnowledgeReading> {
  const rules = await knowledgeRules(catalog, actor.cityId, nowMs);
  const row = await entryRow(db, actor, id);
  const published = (await versionsOf(db, [id])).find((v) => v.status === 'published');
  if (!published || !isOffered({ status: published.status, effectiveFrom: published.effective_from, expiresOn: published.expires_on }, chinaToday(nowMs))) {
    throw new ApiError(404, 'KNOWLEDGE_NOT_OFFERED', `知识条目 ${row.code} 当前没有有效的发布版本（未发布、未生效或已过期），不能用于答复`);
  }
  await countView(db, actor, id, published.version);
  return {
    id: row.id,
    code: row.code,
    unit: { code: row.unit_code, name: row.unit_name },
    views: Number(row.view_count) + 1,
    version: versionView(published, rules),
    reference: referenceOf(row.code, published.version, published.title),
  };
}

/** The words of a search: split on white space, each of two characters or more. */
export const searchWords = (q: string): string[] => [...new Set(q.split(/\s+/).map((w) => w.trim()).filter((w) => [...w].length >= 2))];

/**
 * 知识库检索 at registration: published versions in effect today whose title or content holds every word
 * (found by their character bigrams, then checked), title matches first. Never a draft, an expired or a
 * not-yet-effective version.
 */
export async function searchOffered(db: Knex, catalog: PackCatalog, actor: Actor, q: string, limit: number, nowMs: number): Promise<KnowledgeHit[]> {
  const rules = await knowledgeRules(catalog, actor.cityId, nowMs);
  const words = searchWords(q);
  if (words.length === 0) throw new ApiError(422, 'KNOWLEDGE_QUERY_TOO_SHORT', '检索词：请输入至少两个字的词语', [{ where: '/q', message: '请输入至少两个字的词语', messageZh: '检索词：请输入至少两个字的词语' }]);
  const today = chinaToday(nowMs);
  const bigrams = `(${words.map(() => 'text_bigrams(?)').join(' || ')})`;
  const offered = (q: Knex.QueryBuilder) =>
    q.where({ 'v.city_id': actor.cityId, 'v.status': 'published' }).where('v.effective_from', '<=', today).where('v.expires_on', '>=', today);
  // common words (many matches among the newest entries): the newest offered entries are walked through
  // the publication index until enough match, instead of collecting every match through the bigram index
  // and sorting them all (the ticket search's measure, README "Ticket search: why character bigrams")
  const share = await commonShare(db, actor.cityId, bigrams, words);
  const candidates: Knex.QueryBuilder =
    share === null
      ? db('knowledge_versions as v').modify(offered).whereRaw(`v.search_bigrams @> ${bigrams}`, words)
      : db
          .from(
            db('knowledge_versions as v')
              .modify(offered)
              .orderBy('v.published_at', 'desc')
              .limit(Math.ceil((limit / share) * 3))
              .select('v.*')
              .as('v'),
          )
          .whereRaw(`v.search_bigrams @> ${bigrams}`, words);
  for (const w of words) candidates.whereRaw(`strpos(lower(v.title || ' ' || v.content), lower(?)) > 0`, [w]);
  const rows = (await candidates
    .join('knowledge_entries as e', 'e.id', 'v.entry_id')
    .join('units as u', 'u.id', 'e.unit_id')
    .orderByRaw(`(${words.map(() => 'strpos(lower(v.title), lower(?)) > 0').join(' and ')}) desc, v.published_at desc`, words)
    .limit(limit)
    .select('e.id', 'e.code', 'v.version', 'v.title', 'v.content', 'v.category', 'u.code as unit_code', 'u.name as unit_name', db.raw(`to_char(v.expires_on, 'YYYY-MM-DD') as expires_on`))) as Array<{
    id: string;
    code: string;
    version: number;
    title: string;
    content: string;
    category: string;
    unit_code: string;
    unit_name: string;
    expires_on: string;
  }>;
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    version: r.version,
    title: r.title,
    excerpt: excerpt(r.content, words[0] as string),
    categoryPath: categoryPath(rules.policy.categories, r.category) ?? [r.category],
    unit: { code: r.unit_code, name: r.unit_name },
    expiresOn: r.expires_on,
  }));
}

const SAMPLE = 2000;
const COMMON_IN_SAMPLE = 5;

/** The share of the newest published entries the words' bigrams match, when it makes them common; else null. */
async function commonShare(db: Knex, cityId: string, bigrams: string, words: string[]): Promise<number | null> {
  const { rows } = await db.raw(
    `select count(*)::int as n from (select search_bigrams from knowledge_versions where city_id = ? and status = 'published' order by published_at desc limit ${SAMPLE}) s
     where search_bigrams @> ${bigrams}`,
    [cityId, ...words],
  );
  return rows[0].n >= COMMON_IN_SAMPLE ? rows[0].n / SAMPLE : null;
}

function excerpt(content: string, word: string): string {
  const at = Math.max(0, content.toLowerCase().indexOf(word.toLowerCase()) - 20);
  const text = content.slice(at, at + 80);
  return `${at > 0 ? '…' : ''}${text}${at + 80 < content.length ? '…' : ''}`;
}

/** The entries a task's answer cites (〔KB-000123 第2版〕 in any of its text fields). */
export function citedEntries(data: Record<string, unknown>): Array<{ code: string; version: number }> {
  const found = new Map<string, { code: string; version: number }>();
  for (const value of Object.values(data)) {
    if (typeof value !== 'string') continue;
    for (const m of value.matchAll(REFERENCE)) found.set(`${m[1]}@${m[2]}`, { code: m[1] as string, version: Number(m[2]) });
  }
  return [...found.values()];
}

/**
 * An answer given from the knowledge base (直接答复 citing an entry): each cited version must be offered
 * today; recorded on the ticket and its timeline, in the completion's transaction.
 */
export async function checkCitations(db: Knex, cityId: string, data: Record<string, unknown>, nowMs: number): Promise<Array<{ entryId: string; code: string; version: number; title: string }>> {
  const cited = citedEntries(data);
  const today = chinaToday(nowMs);
  const out = [];
  for (const c of cited) {
    const row = (await db('knowledge_versions as v')
      .join('knowledge_entries as e', 'e.id', 'v.entry_id')
      .where({ 'e.city_id': cityId, 'e.code': c.code, 'v.version': c.version })
      .first('e.id', 'v.title', 'v.status', db.raw(`to_char(v.effective_from, 'YYYY-MM-DD') as effective_from`), db.raw(`to_char(v.expires_on, 'YYYY-MM-DD') as expires_on`))) as
      | { id: string; title: string; status: string; effective_from: string; expires_on: string }
      | undefined;
    if (!row || !isOffered({ status: row.status, effectiveFrom: row.effective_from, expiresOn: row.expires_on }, today)) {
      const message = `引用的知识库条目：${c.code} 第${c.version}版当前不是有效的发布版本（未发布、已被新版本替代、未生效或已过期），请重新检索后引用`;
      throw new ApiError(422, 'KNOWLEDGE_NOT_OFFERED', message, [{ where: '/knowledgeRef', message, messageZh: message }], { errors: [{ path: '/knowledgeRef', message, messageZh: message }] });
    }
    out.push({ entryId: row.id, code: c.code, version: c.version, title: row.title });
  }
  return out;
}

export async function recordUses(
  trx: Knex.Transaction,
  use: { ticketId: string; cityId: string; taskId: string; userId: string; at: Date },
  cited: Array<{ entryId: string; code: string; version: number; title: string }>,
): Promise<void> {
  for (const c of cited) {
    await trx('ticket_knowledge_uses').insert({ ticket_id: use.ticketId, entry_id: c.entryId, version: c.version, task_id: use.taskId, used_by: use.userId, used_at: use.at });
    await trx('ticket_events')
      .insert({
        key: `knowledgeUsed:${use.taskId}:${c.code}:${c.version}`,
        ticket_id: use.ticketId,
        city_id: use.cityId,
        kind: 'knowledgeUsed',
        at: use.at,
        actor_user_id: use.userId,
        summary: `依据知识库答复：${referenceOf(c.code, c.version, c.title)}`,
        data: JSON.stringify({ entryId: c.entryId, code: c.code, version: c.version }),
      })
      .onConflict('key')
      .ignore();
  }
}
